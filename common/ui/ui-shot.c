/* Screenshots and state dumps, each replaced whole (rename) or not at all. */
#include "ui-shot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"

/* Expand %s and %d of a screenshot pattern. */
void ui_shot_path(char *out, size_t size, const char *pattern, const char *name,
                  unsigned seq)
{
	size_t n = 0;

	for (const char *p = pattern; *p && n + 1 < size; p++) {
		int w = 0;
		if (p[0] == '%' && p[1] == 's') {
			w = snprintf(out + n, size - n, "%s", name);
			p++;
		} else if (p[0] == '%' && p[1] == 'd') {
			w = snprintf(out + n, size - n, "%04u", seq);
			p++;
		} else {
			out[n] = *p;
			w = 1;
		}
		n += (size_t)w < size - n ? (size_t)w : size - n - 1;
	}
	out[n] = '\0';
}

/* The temporary name beside path: same folder, so rename is atomic. */
static void ui_shot_temp(char *out, size_t size, const char *path)
{
	snprintf(out, size, "%s.tmp-%ld", path, (long)getpid());
}

/* The current frame as a PNG at path, whole or not at all. */
int ui_shot_write(struct ui *ui, const char *path, struct qerr *err)
{
	char tmp[1100];

	ui_shot_temp(tmp, sizeof tmp, path);
	if (ui_screenshot(ui, tmp, err))
		return -1;
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		return qerr_set(err, PROTO_E_IO, "cannot write %s: %s", path,
		                strerror(errno));
	}
	return 0;
}

/* state as JSON at path, whole or not at all. */
int ui_shot_state(const char *path, json_t *state, struct qerr *err)
{
	char tmp[1100];

	ui_shot_temp(tmp, sizeof tmp, path);
	if (json_dump_file(state, tmp, JSON_INDENT(2) | JSON_SORT_KEYS) < 0) {
		unlink(tmp);
		return qerr_set(err, PROTO_E_IO, "cannot write %s", tmp);
	}
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		return qerr_set(err, PROTO_E_IO, "cannot write %s: %s", path,
		                strerror(errno));
	}
	return 0;
}
