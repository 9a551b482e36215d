/*
 * qhall-caller: the program at a window's counter.
 *
 * One state struct (struct caller) is passed to every part; its first
 * member is the shared skeleton's struct ui_app (common/ui/ui-app.h),
 * which runs the loop and the screen on show (struct screen, one
 * screen-NAME.c each: login, counter, transfer, pause). caller.c gives the
 * loop the caller's hooks: the daemon's messages, the keys every screen
 * shares, the top bar drawn under each screen, the notes' timer; state.c
 * says what is shown as JSON (--state-json). session.c is the conversation with
 * qhalld through ui_link's thread: log in (again after every reconnect), ask
 * status, run the window's ops and put their outcome in plain words. actions.c
 * is the table of what the counter's buttons and function keys do.
 *
 * What the caller shows of its window is the daemon's last status, never a
 * state of its own: after a reconnect it asks again and shows the truth.
 */
#ifndef QHALL_CALLER_H
#define QHALL_CALLER_H

#include <SDL.h>
#include <jansson.h>
#include <stdint.h>

#include "catalog.h"
#include "client.h"
#include "hall-view.h"
#include "ui-app.h"
#include "ui-link.h"
#include "ui.h"

#define CALLER_DESIGN_W  800
#define CALLER_DESIGN_H  480
#define CALLER_STAFF_MAX 32
#define CALLER_PIN_MAX   12

struct caller;

extern const struct screen screen_login, screen_counter, screen_transfer,
    screen_pause;

/* What the counter's buttons and keys do (actions.c). */
enum caller_action {
	ACTION_CALL,
	ACTION_RECALL,
	ACTION_SKIP,
	ACTION_FINISH,
	ACTION_TRANSFER,
	ACTION_PAUSE, /* or resume, when paused */
	ACTION_SERVE,
	ACTION_COUNT
};

/* Request tags for ui_link replies; an op of the counter is ACTION + id. */
enum caller_tag {
	CALLER_TAG_LOGIN = 1,
	CALLER_TAG_LOGOUT,
	CALLER_TAG_STATUS,
	CALLER_TAG_CATALOG,
	CALLER_TAG_ALERTS,
	CALLER_TAG_ALERT_ACK,
	CALLER_TAG_ACTION = 100,
};

/* The line under the top bar: what just happened, in plain words. */
enum caller_note { NOTE_NONE, NOTE_INFO, NOTE_OK, NOTE_ERROR };

struct caller_options {
	struct client_addr addr;
	char token[129];
	int window;
	char staff[CALLER_STAFF_MAX + 1]; /* --staff: log in without typing */
	char pin[CALLER_PIN_MAX + 1];     /* with it, from $QHALL_PIN */
	int lang_en;
	int fullscreen;
	int width, height;
	char screenshot[1024]; /* PNG after each change: %s screen, %d seq */
	char state_json[1024]; /* what the screen shows, as JSON */
	char input[1024];      /* scripted input: FIFO or file of lines */
	int guide; /* --guide: shows the kiosks' calls for staff too */
};

/* An alert as the daemon listed it (alerts.c). */
#define CALLER_ALERTS_MAX 16
struct caller_alert {
	int64_t id;
	char kind[17], subject[65], screen[65];
	int window; /* 0: a queue's, or a call for help */
	int64_t figure, threshold;
	int acked;
};

struct caller {
	struct ui_app app; /* first: the screens' struct ui_app is this */
	struct caller_options opt;
	struct ui_link *link;

	/* What the daemon told us; NULL until it did. Owned. */
	int link_up;
	struct view_status *status;
	int64_t skew_ms;    /* the daemon's clock minus ours, at last status */
	int logout_pending; /* logged out while the daemon was away */
	struct catalog *catalog;
	int status_asking, status_again;

	/* Who is logged in here. The PIN stays in memory while logged in,
	 * to log in again by itself after the daemon comes back. */
	int logged_in;
	int login_asking;
	char staff_id[CALLER_STAFF_MAX + 1];
	char staff_name[100];
	char pin[CALLER_PIN_MAX + 1];

	int64_t clock_second; /* the counter's clock, last drawn */
	int action_busy;   /* an op in flight: another press waits; -1 none */
	int offline_noted; /* the note says the daemon is away */

	enum caller_note note_kind;
	char note_key[48];     /* strings key */
	char note_arg[2][200]; /* its %s and %d */
	uint32_t note_until;   /* SDL ticks; 0: until replaced */
	unsigned note_seq;     /* notes given so far: each press is answered */

	/* The login form. */
	char form_staff[CALLER_STAFF_MAX + 1];
	char form_pin[CALLER_PIN_MAX + 1];
	int form_field; /* 0 staff number, 1 PIN */

	/* The alerts shown here, calls for help first (alerts.c). */
	struct caller_alert alerts[CALLER_ALERTS_MAX];
	int nalerts;

	/* The transfer being chosen. */
	char transfer_queue[8];
	int transfer_back;
};

/* The caller behind the skeleton's struct ui_app (its first member). */
static inline struct caller *caller_of(struct ui_app *app)
{
	return (struct caller *)app;
}

/* caller.c: the program's hooks into the shared loop, and notes. */
int caller_open(struct caller *, struct qerr *);
void caller_close(struct caller *);
void caller_note(struct caller *, enum caller_note, const char *key);
void caller_note_args(struct caller *, enum caller_note, const char *key,
                      const char *arg1, const char *arg2);
void caller_note_offline(struct caller *);
const char *caller_note_text(const struct caller *, char *out, size_t size);

/* options.c */
int options_parse(struct caller_options *, int argc, char **argv);

/* session.c: the daemon. */
void session_on_link(struct caller *, struct ui_link_msg *);
void session_ask_status(struct caller *);
void session_login(struct caller *, const char *staff, const char *pin);
void session_logout(struct caller *);
void session_send(struct caller *, enum caller_action, const char *op,
                  json_t *params);

/* alerts.c */
void alerts_ask(struct caller *);
void alerts_replied(struct caller *, struct ui_link_msg *);
int alerts_ack(struct caller *); /* 1: one was on show */
const char *alerts_text(const struct caller *, char *out, size_t size);

/* window.c: this window as the last status shows it (borrowed). */
const struct view_window *window_entry(const struct caller *);
const struct ticket *window_ticket(const struct caller *);
int window_paused(const struct caller *);
const char *window_reason(const struct caller *);
const struct view_queue *window_queue_status(const struct caller *,
                                             const char *prefix);
const char *window_queue_name(const struct caller *, const char *prefix);
const char *window_item_name(const struct caller *, const char *id);
long window_ticket_seconds(const struct caller *, const struct ticket *);
void window_duration(char *out, size_t size, long seconds);

/* actions.c */
void actions_run(struct caller *, enum caller_action);
int actions_key(struct caller *, SDL_Keycode); /* 1: it was an action key */
const char *actions_label(const struct caller *, enum caller_action);
const char *actions_key_name(enum caller_action);
int actions_applies(const struct caller *, enum caller_action);
void actions_replied(struct caller *, enum caller_action, struct ui_link_msg *);

/* chrome.c: what every screen has: top bar, note line, buttons. */
#define CHROME_BUTTON_LANG   90
#define CHROME_BUTTON_LOGOUT 91
#define CHROME_BUTTON_ALERT  92
void chrome_add_buttons(struct caller *);
int chrome_event(struct caller *, int button_id);
void chrome_draw(struct caller *, struct ui *);
void chrome_button(struct caller *, const struct ui_button *, const char *label,
                   const char *sub, SDL_Color bg, SDL_Color ink);

/* state.c: what the screen shows, as JSON (--state-json). */
json_t *state_of(struct ui_app *);

#endif
