/*
 * What the counter's buttons and function keys do, as a table: the key a
 * hardware caller keypad has for it, its label, the daemon op, and the note
 * shown when it is done. A press first checks what can be told at once
 * (not logged in, daemon away, nobody at the counter) so that no press is
 * ever silent; the daemon's refusal, if any, comes back in plain words.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "proto.h"

struct action {
	SDL_Keycode key;
	const char *key_name;
	const char *label; /* strings key */
	const char *op;
	const char *done; /* strings key of the note once done: %s number */
	int at_counter;   /* acts on the ticket at the counter */
};

static const struct action actions[ACTION_COUNT] = {
    [ACTION_CALL] = {SDLK_F1, "F1", "act_call", "call", "done_call", 0},
    [ACTION_RECALL] = {SDLK_F2, "F2", "act_recall", "recall", "done_recall", 1},
    [ACTION_SKIP] = {SDLK_F3, "F3", "act_skip", "skip", "done_skip", 1},
    [ACTION_FINISH] = {SDLK_F4, "F4", "act_finish", "finish", "done_finish", 1},
    [ACTION_TRANSFER] = {SDLK_F5, "F5", "act_transfer", "transfer",
                         "done_transfer", 1},
    [ACTION_PAUSE] = {SDLK_F6, "F6", "act_pause", "pause", "done_pause", 0},
    [ACTION_SERVE] = {SDLK_F7, "F7", "act_serve", "serve", "done_serve", 1},
};

/* The button's words: pause reads "resume" while paused. */
const char *actions_label(const struct caller *c, enum caller_action a)
{
	if (a == ACTION_PAUSE && window_paused(c))
		return ui_s(c->app.ui, "act_resume");
	return ui_s(c->app.ui, actions[a].label);
}

/* The function key shown on the button. */
const char *actions_key_name(enum caller_action a)
{
	return actions[a].key_name;
}

/* Whether the action makes sense now (its button is dimmed otherwise). */
int actions_applies(const struct caller *c, enum caller_action a)
{
	const struct ticket *t = window_ticket(c);

	if (!c->logged_in || !c->link_up)
		return 0;
	switch (a) {
	case ACTION_CALL:
		return !window_paused(c);
	case ACTION_SKIP:
	case ACTION_SERVE:
		return t && t->state == TICKET_CALLED;
	case ACTION_PAUSE:
		return 1;
	default:
		return t != NULL;
	}
}

/* Do what a button or key asks, or say at once why not. */
void actions_run(struct caller *c, enum caller_action a)
{
	if (!c->logged_in) {
		caller_note(c, NOTE_ERROR, "err_login_first");
		return;
	}
	if (!c->link_up) {
		caller_note_offline(c);
		return;
	}
	if (c->action_busy >= 0) {
		caller_note(c, NOTE_INFO, "note_busy");
		return;
	}
	if (actions[a].at_counter && window_ticket(c) == NULL &&
	    c->status != NULL) {
		caller_note(c, NOTE_INFO, "err_no_ticket");
		return;
	}
	if (a == ACTION_TRANSFER) {
		ui_app_go(&c->app, &screen_transfer, NULL);
	} else if (a == ACTION_PAUSE && window_paused(c)) {
		session_send(c, a, "resume", NULL);
	} else if (a == ACTION_PAUSE) {
		ui_app_go(&c->app, &screen_pause, NULL);
	} else {
		session_send(c, a, actions[a].op, NULL);
		ui_app_changed(&c->app);
	}
}

/* A function key: its action; 1 when it was one. */
int actions_key(struct caller *c, SDL_Keycode key)
{
	for (int a = 0; a < ACTION_COUNT; a++) {
		if (actions[a].key == key) {
			actions_run(c, (enum caller_action)a);
			return 1;
		}
	}
	return 0;
}

/* The daemon said no: why, in the words of the counter. */
static void actions_refused(struct caller *c, enum caller_action a,
                            const struct qerr *err)
{
	const char *key = "err_other";

	if (strcmp(err->code, PROTO_E_IO) == 0 ||
	    strcmp(err->code, PROTO_E_TIMEOUT) == 0 ||
	    strcmp(err->code, PROTO_E_PROTOCOL) == 0)
		key = "err_lost";
	else if (strcmp(err->code, PROTO_E_WINDOW_PAUSED) == 0)
		key = "err_paused";
	else if (strcmp(err->code, PROTO_E_NO_QUEUE) == 0)
		key = "err_no_queue";
	else if (strcmp(err->code, PROTO_E_BAD_STATE) == 0 &&
	         window_ticket(c) == NULL && actions[a].at_counter)
		key = "err_no_ticket";
	else if (strcmp(err->code, PROTO_E_BAD_STATE) == 0 && a == ACTION_SKIP)
		key = "err_skip_serving";
	else if (strcmp(err->code, PROTO_E_BAD_STATE) == 0 && a == ACTION_SERVE)
		key = "err_already_serving";
	/* err_other shows the daemon's own words. */
	caller_note_args(c, NOTE_ERROR, key, err->message, NULL);
}

/* The daemon's answer to an op: a note, then a fresh status. A call
 * answered with no ticket found nobody waiting. */
void actions_replied(struct caller *c, enum caller_action a,
                     struct ui_link_msg *m)
{
	struct view_window_reply r = {0};
	struct qerr err = {0};
	char calls[16];

	c->action_busy = -1;
	if (!m->ok) {
		actions_refused(c, a, &m->err);
	} else if (view_window_reply_parse(m->body, &r, &err)) {
		caller_note_args(c, NOTE_ERROR, "err_other", err.message, NULL);
	} else if (a == ACTION_PAUSE) {
		caller_note(c, NOTE_OK,
		            strcmp(r.state, "open") == 0 ? "done_resume"
		                                         : "done_pause");
	} else if (!r.has_ticket && a == ACTION_CALL) {
		caller_note(c, NOTE_INFO, "note_nobody_waiting");
	} else {
		snprintf(calls, sizeof calls, "%d", r.ticket.calls);
		caller_note_args(c, NOTE_OK, actions[a].done, r.ticket.number,
		                 a == ACTION_RECALL ? calls : r.ticket.queue);
	}
	session_ask_status(c);
}
