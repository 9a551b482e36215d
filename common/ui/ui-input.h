/*
 * Scripted input (--input FILE), for tests and demonstrations, the same on
 * every screen: a thread reads lines from a FIFO (opened read-write, so
 * writers may come and go without an end of file) or from a plain file,
 * and posts each line as an SDL event. The loop turns a line into the
 * ordinary SDL events a person would cause and dispatches them like any
 * other, so scripted touches take exactly the path real ones do:
 *
 *   tap X Y         a touch at design point (X, Y) of the screen's layout
 *   key NAME        a key pressed and released (SDL key names; "ctrl+q")
 *   text STRING     text typed
 *   quit            the window closed
 */
#ifndef QHALL_UI_INPUT_H
#define QHALL_UI_INPUT_H

#include <SDL.h>

#include "qerr.h"

struct ui_app;
struct ui_input;

struct ui_input *ui_input_start(const char *path, struct qerr *);
void ui_input_stop(struct ui_input *);
Uint32 ui_input_event_type(void);
/* One posted line into the events it stands for; frees the line. */
void ui_input_apply(struct ui_app *, const SDL_Event *);

#endif
