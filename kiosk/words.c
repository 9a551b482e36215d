/* Strings for the ticket: a screen's, or read the way ui_open reads them. */
#include "words.h"

#include "assets.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

static json_t *words_file(const char *name, struct qerr *err)
{
	char path[1100];
	json_error_t jerr;
	json_t *root;

	assets_path(path, sizeof path, name);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root)) {
		qerr_set(err, PROTO_E_CONFIG, "%s: line %d: %s", path,
		         jerr.line, root ? "not an object" : jerr.text);
		json_decref(root);
		return NULL;
	}
	return root;
}

int words_load(struct words *w, enum ui_lang lang, struct qerr *err)
{
	json_t *own;

	w->ui = NULL;
	w->lang = lang;
	if ((w->root = words_file("strings.json", err)) == NULL)
		return -1;
	if ((own = words_file("strings-kiosk.json", err)) == NULL) {
		words_close(w);
		return -1;
	}
	json_object_update(w->root, own);
	json_decref(own);
	return 0;
}

void words_close(struct words *w)
{
	json_decref(w->root);
	w->root = NULL;
}

/* A missing string shows its key: visible on paper, never a crash. */
const char *words_get(const struct words *w, const char *key)
{
	const char *v;

	if (w->ui)
		return ui_s(w->ui, key);
	v = json_string_value(json_object_get(json_object_get(w->root, key),
	                                      w->lang == UI_EN ? "en" : "zh"));
	return v ? v : key;
}

/*
 * A string with one "%d" in it, filled with n. Strings come from a file,
 * so they never reach printf as a format: a stray "%s" in a translation
 * must not crash the kiosk.
 */
void words_format(char *out, size_t size, const char *fmt, long n)
{
	const char *at = strstr(fmt, "%d");

	if (at == NULL)
		snprintf(out, size, "%s", fmt);
	else
		snprintf(out, size, "%.*s%ld%s", (int)(at - fmt), fmt, n,
		         at + 2);
}
