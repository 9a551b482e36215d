/* Strings in zh-CN and en, from assets/strings.json: {"key": {"zh","en"}}. */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "proto.h"
#include "ui-private.h"
#include "xmalloc.h"

struct ui_strings {
	json_t *root;
};

static json_t *ui_strings_file(const char *path, struct qerr *err)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (root == NULL || !json_is_object(root)) {
		qerr_set(err, PROTO_E_CONFIG, "%s: line %d: %s", path,
		         jerr.line, root ? "not an object" : jerr.text);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* DIR/strings.json, shared, then DIR/strings-PROGRAM.json over it. */
struct ui_strings *ui_strings_load(const char *dir, const char *program,
                                   struct qerr *err)
{
	struct ui_strings *s;
	char path[1100];
	json_t *root, *own;

	snprintf(path, sizeof path, "%s/strings.json", dir);
	if ((root = ui_strings_file(path, err)) == NULL)
		return NULL;
	if (program) {
		snprintf(path, sizeof path, "%s/strings-%s.json", dir, program);
		if ((own = ui_strings_file(path, err)) == NULL) {
			json_decref(root);
			return NULL;
		}
		json_object_update(root, own);
		json_decref(own);
	}
	s = xcalloc(1, sizeof *s);
	s->root = root;
	return s;
}

void ui_strings_free(struct ui_strings *s)
{
	if (s == NULL)
		return;
	json_decref(s->root);
	free(s);
}

/* A missing string shows its key: visible in a screenshot, never a crash. */
const char *ui_s(const struct ui *ui, const char *key)
{
	json_t *e = json_object_get(ui->strings->root, key);
	const char *v = json_string_value(
	    json_object_get(e, ui->lang == UI_EN ? "en" : "zh"));

	if (v == NULL) {
		log_warn("ui", "no string \"%s\"", key);
		return key;
	}
	return v;
}

const char *ui_pick(const struct ui *ui, json_t *obj, const char *field)
{
	char key[64];
	const char *v;

	snprintf(key, sizeof key, "%s_%s", field,
	         ui->lang == UI_EN ? "en" : "zh");
	v = json_string_value(json_object_get(obj, key));
	if (v == NULL) {
		snprintf(key, sizeof key, "%s_%s", field,
		         ui->lang == UI_EN ? "zh" : "en");
		v = json_string_value(json_object_get(obj, key));
	}
	return v ? v : "";
}

/* The current language's text of a pair, falling back to the other. */
const char *ui_tr(const struct ui *ui, const char *zh, const char *en)
{
	const char *want = ui->lang == UI_EN ? en : zh;
	const char *other = ui->lang == UI_EN ? zh : en;

	if (want && want[0])
		return want;
	return other ? other : "";
}
