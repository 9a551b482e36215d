/*
 * The kiosk's strings for the paper ticket, loaded once wherever they
 * come from: a screen's are its ui's (ui_s, loaded by ui_open), while
 * --issue, which opens no window (ui_s needs one), loads the same files
 * here: assets/strings.json with assets/strings-kiosk.json over it.
 */
#ifndef QHALL_KIOSK_WORDS_H
#define QHALL_KIOSK_WORDS_H

#include <jansson.h>
#include <stddef.h>

#include "qerr.h"
#include "ui.h"

struct words {
	const struct ui *ui; /* a screen's strings, in its language; or */
	json_t *root;        /* words_load()'s, owned */
	enum ui_lang lang;   /* ... read in this language */
};

/* The strings files into w->root, read in lang (no screen at hand). */
int words_load(struct words *, enum ui_lang, struct qerr *);
void words_close(struct words *);
const char *words_get(const struct words *, const char *key);
void words_format(char *out, size_t size, const char *fmt, long n);

#endif
