/*
 * What a screen shows, written down for tests and reviewers: a PNG of each
 * frame that changed (--screenshot FILE) and a small JSON of the same state
 * (--state-json FILE). Both go to a temporary name first and are renamed,
 * so a reader never sees half a file; write the PNG before the JSON, and a
 * reader that sees a state in the JSON finds its picture already there.
 */
#ifndef QHALL_UI_SHOT_H
#define QHALL_UI_SHOT_H

#include <jansson.h>
#include <stddef.h>

#include "qerr.h"
#include "ui.h"

/* PATTERN with "%s" replaced by name and "%d" by seq as 0001, 0002, ... */
void ui_shot_path(char *out, size_t size, const char *pattern, const char *name,
                  unsigned seq);
/* A PNG of the current frame at path (before SDL_RenderPresent). */
int ui_shot_write(struct ui *, const char *path, struct qerr *);
/* state as indented JSON at path; state is borrowed. */
int ui_shot_state(const char *path, json_t *state, struct qerr *);

#endif
