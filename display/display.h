/*
 * qhall-display: the lobby screen that shows and speaks each call, or with
 * --window N the small screen above one counter.
 *
 * One state struct (struct display) is passed to every part; it begins
 * with the shared skeleton's struct ui_app (common/ui/ui-app.h), which
 * runs the loop: SDL events, the daemon's messages and scripted input
 * (--input) in, a frame out only when something changed (or moves: the
 * blinking call, the scrolling notice), sleeping in SDL_WaitEventTimeout
 * otherwise, and the screenshot and state dump after each change.
 *
 *   display.c         opening and closing; the loop's hooks: the daemon's
 *                     messages, the language key, the blink, the pace
 *   session.c         the daemon's status and events into the board
 *   hall.c            the board of calls and what the daemon said
 *   output.c          the state dump's JSON (--state-json)
 *   draw.c            drawing both screens share
 *   screen-lobby.c    the lobby; screen-counter.c the counter's screen
 *   announce.c        a call as an utterance of the shared voice
 *                     (common/voice: speech on a thread of its own, one
 *                     after the other), voice-text.c its words
 *   options.c         the command line
 *
 * Nothing here is queue state of the display's own: the board is what the
 * daemon's events and status said, and after the daemon comes back it is
 * rebuilt from status.
 */
#ifndef QHALL_DISPLAY_H
#define QHALL_DISPLAY_H

#include <SDL.h>
#include <jansson.h>
#include <stdint.h>

#include "catalog.h"
#include "client.h"
#include "hall-view.h"
#include "ticket.h"
#include "ui-app.h"
#include "ui-link.h"
#include "ui.h"

#define DISPLAY_LOBBY_W   1920
#define DISPLAY_LOBBY_H   1080
#define DISPLAY_COUNTER_W 960
#define DISPLAY_COUNTER_H 540
#define DISPLAY_CALLS_MAX 8   /* the latest call and the recent ones */
#define DISPLAY_BLINK_MS  400 /* one phase of the arrival blink */
#define DISPLAY_BLINKS    6   /* phases: three times on and off */

struct voice;

extern const struct screen screen_lobby, screen_counter;

enum display_tag {
	DISPLAY_TAG_STATUS = 1,
	DISPLAY_TAG_CATALOG,
};

struct display_options {
	struct client_addr addr;
	char token[129];
	int window; /* --window N: the display above counter N */
	int windowed;
	int width, height;
	int lang_en;
	int mute;    /* no sound (WAV files are still written) */
	int speak;   /* a counter display speaks only when asked */
	int repeat;  /* each call said this many times */
	int english; /* and then once in English */
	int rate;    /* words a minute, 0: espeak's own */
	char voice_wav[1024];
	char input[1024];      /* scripted input: FIFO or file of lines */
	char screenshot[1024]; /* PNG after each change: %s screen, %d seq */
	char state_json[1024]; /* what the screen shows, as JSON */
};

/* One call on the board: a number sent to a window. */
struct call {
	char number[TICKET_NUMBER_MAX];
	char queue[TICKET_PREFIX_MAX + 1];
	int window;
	int64_t at; /* when the daemon called it, ms */
	int recall; /* a repeated call (重呼) */
};

/* The hall as the daemon told it: last status, catalog, recent calls. */
struct hall {
	struct view_status *status; /* owned; NULL until the first status */
	struct catalog *catalog;    /* owned; NULL until it came */
	char *notice; /* owned: status's, or a notice event's since; NULL */
	struct call calls[DISPLAY_CALLS_MAX]; /* newest first */
	int ncalls;
	int window; /* a counter display's board: only its window */
	char day[TICKET_DAY_LEN + 1];
};

/* Where the latest call was drawn, for the state dump: pixels. */
struct drawn_text {
	char text[64];
	int px;       /* font size in pixels */
	SDL_Rect box; /* the text's box in window pixels */
	SDL_Color ink, bg;
};

struct display {
	struct ui_app app; /* first: a screen's ui_app is its display */
	struct display_options opt;
	struct ui_link *link;
	struct voice *voice;
	int animating; /* something moves: draw at the frame rate */

	int link_up;
	int down_shown; /* the screen says the daemon is away */
	int status_asking, status_again;
	struct hall hall;

	uint32_t blink_start; /* SDL ticks the latest call came; 0: still */
	int blink_phase;
	int clock_minute; /* the minute the header shows */
	int side_page;    /* the lobby's queues: the page shown ... */
	int side_pages;   /* ... of how many, as last drawn */

	/* What the last frame showed of the latest call. */
	struct drawn_text drawn_number, drawn_window;
};

/* The display a screen's ui_app belongs to (app is its first member). */
static inline struct display *display_of(struct ui_app *a)
{
	return (struct display *)a;
}

/* display.c: the window, the voice, the link, and the loop's hooks. */
int display_open(struct display *, struct qerr *);
void display_close(struct display *);
int display_blink_on(const struct display *); /* highlight phase now */
void display_date(const struct display *, char *date, size_t dsize, char *clock,
                  size_t csize);

/* options.c */
int options_parse(struct display_options *, int argc, char **argv);

/* session.c: the daemon's messages into the hall. */
void session_on_link(struct display *, struct ui_link_msg *);

/* hall.c */
void hall_free(struct hall *);
void hall_apply_status(struct hall *, struct view_status *status);
void hall_set_notice(struct hall *, const char *text);
void hall_set_window_ticket(struct hall *, int window, const struct ticket *);
void hall_add_call(struct hall *, const struct call *);
int hall_call_of_event(const struct view_event *, struct call *);
const struct call *hall_latest(const struct hall *, int window);
const struct view_window *hall_window(const struct hall *, int window);
const char *hall_name(const struct hall *, const struct ui *);
const char *hall_notice(const struct hall *, const struct ui *);
const char *hall_queue_name(const struct hall *, const struct ui *,
                            const char *prefix);
void hall_call_text(const struct ui *, const struct call *, char *number,
                    size_t nsize, char *window, size_t wsize);

/* output.c: what the screen shows, for --state-json. */
json_t *output_state(struct ui_app *);

#endif
