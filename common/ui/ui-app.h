/*
 * The program skeleton the three screens share. A program embeds a struct
 * ui_app as the first member of its own state, fills in its hooks, and
 * gets the loop: SDL events, the daemon's messages and scripted input go
 * to the screen on show; a frame is drawn only when something changed (or
 * moves), and the loop otherwise sleeps in SDL_WaitEventTimeout; buttons
 * fire on release over the button they were pressed on; after a change of
 * what is shown, a PNG (--screenshot) and a JSON of the state
 * (--state-json) are written for tests and reviewers.
 *
 * A screen is a table of callbacks, one screen-NAME.c each. They receive
 * the struct ui_app and reach their program's state through a cast the
 * program keeps in one place (e.g. caller_of()).
 */
#ifndef QHALL_UI_APP_H
#define QHALL_UI_APP_H

#include <SDL.h>
#include <jansson.h>
#include <stdint.h>

#include "qerr.h"
#include "ui.h"

#define UI_APP_BUTTONS_MAX 64

struct ui_app;
struct ui_input;
struct ui_link_msg;

struct screen {
	const char *name;
	void (*enter)(struct ui_app *, const void *arg);
	int (*event)(struct ui_app *, const SDL_Event *); /* 1: redraw */
	void (*tick)(struct ui_app *, uint32_t now_ms);   /* may be NULL */
	void (*draw)(struct ui_app *, struct ui *);
};

/* What a program adds to the loop; every hook may be NULL. */
struct ui_app_hooks {
	const char *name; /* in logs: "kiosk", "caller", "display" */
	/* A message of the daemon link (ui-link.h); the skeleton frees it. */
	void (*link)(struct ui_app *, struct ui_link_msg *);
	/* An event of the program's own (the printer): 1 when taken. */
	int (*event)(struct ui_app *, const SDL_Event *);
	/* A key that means the same on every screen: 1 when taken. */
	int (*key)(struct ui_app *, const SDL_KeyboardEvent *);
	/* A finger down or up, before the screen sees it (an idle timer). */
	void (*touch)(struct ui_app *, const SDL_Event *);
	/* The program's timers, once a turn, before the screen's tick. */
	void (*tick)(struct ui_app *, uint32_t now_ms);
	/* After a screen's enter(): the buttons every screen shares. */
	void (*entered)(struct ui_app *);
	/* Drawn around the screen: under it (background, header) and over
	 * it (a banner). */
	void (*draw_under)(struct ui_app *, struct ui *);
	void (*draw_over)(struct ui_app *, struct ui *);
	/* What the screen shows, as a new JSON object, for --state-json;
	 * the skeleton adds "screen", "seq" and "screenshot". */
	json_t *(*state)(struct ui_app *);
	/* How long the loop may sleep now, ms (something moves: less). */
	int (*wait_ms)(struct ui_app *);
	/* Free an event of the program's own that will never be handled
	 * (the loop stopped with it queued). */
	void (*discard)(const SDL_Event *);
};

struct ui_app {
	const struct ui_app_hooks *hooks;
	struct ui *ui;
	struct ui_input *input; /* --input, NULL without */

	/* The screen on show and its buttons (design units). */
	const struct screen *screen;
	struct ui_button buttons[UI_APP_BUTTONS_MAX];
	int nbuttons;
	int pressed; /* id of the button under the finger, -1 */
	int dirty;   /* draw on the next turn */
	int changed; /* what is shown changed: screenshot and state */
	int quit;

	/* --screenshot pattern (%s the screen, %d a sequence) and
	 * --state-json path; "" when not asked. */
	char screenshot[1024];
	char state_json[1024];
	/* A PNG for every frame drawn, not only when the state changed:
	 * for a screen whose tests read the picture itself. */
	int shot_every_frame;
	unsigned shot_seq;
	json_t *last_state; /* the last state written, owned */
};

/* Start scripted input from path (a FIFO or a file of lines): tap X Y in
 * design units, key NAME ("ctrl+q"), text STRING, quit. */
int ui_app_input(struct ui_app *, const char *path, struct qerr *);
/* Stop the input and free what the skeleton holds (not the ui). */
void ui_app_close(struct ui_app *);

void ui_app_run(struct ui_app *);
/* Show screen s: its enter() lays out its buttons, then hooks->entered. */
void ui_app_go(struct ui_app *, const struct screen *, const void *arg);
/* What is shown changed: draw, and write the screenshot and state. */
void ui_app_changed(struct ui_app *);
/* Hand one event to whoever it is for (scripted input uses this too). */
void ui_app_dispatch(struct ui_app *, const SDL_Event *);

/* Buttons of the screen on show, in design units; 0 is a valid id. */
struct ui_button *ui_app_add_button(struct ui_app *, int id, int x, int y,
                                    int w, int h);
struct ui_button *ui_app_button(struct ui_app *, int id);
/* A finger down or up: what ui_app_tap reads. */
int ui_app_pointer(const SDL_Event *);
/* Press and release: the id of the button a tap fired, or -1. A press
 * shows the button pressed; sliding off before release cancels. */
int ui_app_tap(struct ui_app *, const SDL_Event *);

/* Free what other threads posted and nobody read: link messages, input
 * lines, and the program's own kinds through hooks->discard. Call after
 * those threads stopped. */
void ui_app_drain(struct ui_app *);

#endif
