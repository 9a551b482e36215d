/*
 * The kiosk's strings with no window at hand: the printed ticket is drawn
 * by --issue too, which opens no screen (ui_s needs one). Same files as
 * the screens: assets/strings.json with assets/strings-kiosk.json over it.
 */
#ifndef QHALL_KIOSK_WORDS_H
#define QHALL_KIOSK_WORDS_H

#include <jansson.h>
#include <stddef.h>

#include "qerr.h"
#include "ui.h"

json_t *words_load(struct qerr *);
const char *words_get(json_t *words, enum ui_lang, const char *key);
void words_format(char *out, size_t size, const char *fmt, long n);

#endif
