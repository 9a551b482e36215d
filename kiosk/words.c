/* Strings for the ticket, read the way ui_open reads them for screens. */
#include "assets.h"
#include "words.h"

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

json_t *words_load(struct qerr *err)
{
	json_t *all = words_file("strings.json", err), *own;

	if (all == NULL)
		return NULL;
	if ((own = words_file("strings-kiosk.json", err)) == NULL) {
		json_decref(all);
		return NULL;
	}
	json_object_update(all, own);
	json_decref(own);
	return all;
}

/* A missing string shows its key: visible on paper, never a crash. */
const char *words_get(json_t *words, enum ui_lang lang, const char *key)
{
	const char *v = json_string_value(json_object_get(
	    json_object_get(words, key), lang == UI_EN ? "en" : "zh"));

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
