/*
 * The caller's conversation with qhalld, through ui_link's thread.
 *
 * On every UI_LINK_UP it logs in again with the staff number and PIN it
 * holds (the daemon forgets a window's claim when the connection ends) and
 * asks status, so what is shown after a reconnect is the window's true
 * state, never a guess. Events only prompt a new status; the counter's ops
 * and their replies are in actions.c.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "log.h"
#include "proto.h"
#include "ticket.h"

/* Ask status; while one is asked, ask once more after it. */
void session_ask_status(struct caller *c)
{
	if (!c->link_up)
		return;
	if (c->status_asking) {
		c->status_again = 1;
		return;
	}
	c->status_asking = 1;
	ui_link_send(c->link, CALLER_TAG_STATUS, "status", NULL);
}

/* Log in at this window; the answer comes as a reply. */
void session_login(struct caller *c, const char *staff, const char *pin)
{
	/* Logging in again passes the caller's own copies. */
	if (staff != c->staff_id)
		snprintf(c->staff_id, sizeof c->staff_id, "%s", staff);
	if (pin != c->pin)
		snprintf(c->pin, sizeof c->pin, "%s", pin);
	c->login_asking = 1;
	ui_link_send(c->link, CALLER_TAG_LOGIN, "login",
	             json_pack("{s:s, s:s}", "staff", staff, "pin", pin));
}

/* Log out of this window. */
static void session_forget(struct caller *);

/*
 * Log out. With the daemon away it is done here and now: the daemon drops a
 * window's claim with the connection, and a PIN kept in memory would log
 * the staff back in at the next connection, after they have gone.
 */
void session_logout(struct caller *c)
{
	if (!c->link_up) {
		SDL_memset(c->staff_id, 0, sizeof c->staff_id);
		session_forget(c);
		c->logout_pending = 1; /* the daemon still names them */
		caller_note_offline(c);
		return;
	}
	ui_link_send(c->link, CALLER_TAG_LOGOUT, "logout", NULL);
}

/* Send a counter op; the reply comes to actions_replied(). */
void session_send(struct caller *c, enum caller_action a, const char *op,
                  json_t *params)
{
	c->action_busy = (int)a;
	ui_link_send(c->link, CALLER_TAG_ACTION + (unsigned)a, op, params);
}

/* Forget who was logged in, and show the login screen. */
static void session_forget(struct caller *c)
{
	c->logged_in = 0;
	SDL_memset(c->pin, 0, sizeof c->pin);
	if (c->app.screen != &screen_login)
		ui_app_go(&c->app, &screen_login, NULL);
}

/* Connected: log in again if someone was, and ask status. */
static void session_up(struct caller *c)
{
	c->link_up = 1;
	c->status_asking = c->status_again = 0;
	c->login_asking = 0;
	c->action_busy = -1;
	/* Every connection: the daemon may have come back with a new one. */
	ui_link_send(c->link, CALLER_TAG_CATALOG, "catalog", NULL);
	if (c->logout_pending)
		ui_link_send(c->link, CALLER_TAG_LOGOUT, "logout", NULL);
	else if (c->staff_id[0] && c->pin[0])
		session_login(c, c->staff_id, c->pin);
	session_ask_status(c);
	alerts_ask(c);
	if (c->offline_noted)
		caller_note(c, NOTE_OK, "note_reconnected");
	ui_app_changed(&c->app);
}

/* The daemon is away: say so once and keep the last state. */
static void session_down(struct caller *c, const struct qerr *why)
{
	int was_up = c->link_up;

	c->link_up = 0;
	c->status_asking = c->status_again = 0;
	c->login_asking = 0;
	c->action_busy = -1;
	if (was_up || !c->offline_noted) {
		log_warn("caller", "qhalld: %s", why->message);
		caller_note_offline(c);
	}
}

/* The answer to a login. */
static void session_logged_in(struct caller *c, struct ui_link_msg *m)
{
	char window[16];
	int fresh = !c->logged_in;

	c->login_asking = 0;
	if (m->ok) {
		struct view_window_reply r;
		struct qerr err = {0};
		int known = view_window_reply_parse(m->body, &r, &err) == 0 &&
		            r.staff_name[0];
		snprintf(c->staff_name, sizeof c->staff_name, "%s",
		         known ? r.staff_name : c->staff_id);
		c->logged_in = 1;
		SDL_memset(c->form_pin, 0, sizeof c->form_pin);
		if (c->app.screen == &screen_login)
			ui_app_go(&c->app, &screen_counter, NULL);
		if (fresh)
			caller_note_args(c, NOTE_OK, "note_logged_in",
			                 c->staff_name, NULL);
		session_ask_status(c);
		return;
	}
	/* Lost on the way: the next UI_LINK_UP logs in again. */
	if (strcmp(m->err.code, PROTO_E_IO) == 0 ||
	    strcmp(m->err.code, PROTO_E_TIMEOUT) == 0)
		return;
	snprintf(window, sizeof window, "%d", c->opt.window);
	log_warn("caller", "login as %s refused: %s: %s", c->staff_id,
	         m->err.code, m->err.message);
	session_forget(c);
	if (strcmp(m->err.code, PROTO_E_WINDOW_BUSY) == 0)
		caller_note_args(c, NOTE_ERROR, "err_window_busy", window,
		                 NULL);
	else if (strcmp(m->err.code, PROTO_E_UNAUTHORIZED) == 0)
		caller_note(c, NOTE_ERROR,
		            strstr(m->err.message, "too many") ? "err_locked"
		                                               : "err_login");
	else
		caller_note_args(c, NOTE_ERROR, "err_other", m->err.message,
		                 NULL);
}

/* A new status: show it, and notice a logout from elsewhere. */
static void session_status(struct caller *c, struct ui_link_msg *m)
{
	const struct view_window *w;
	struct view_status *v;
	struct qerr err = {0};

	c->status_asking = 0;
	if (!m->ok) {
		c->status_again = 0;
		return;
	}
	if ((v = view_status_parse(m->body, &err)) == NULL) {
		log_warn("caller", "status not understood: %s", err.message);
		c->status_again = 0;
		return;
	}
	/* The first status names this window's queues: their alerts. */
	if (c->status == NULL)
		alerts_ask(c);
	view_status_free(c->status);
	c->status = v;
	if (v->now)
		c->skew_ms = v->now - ticket_now_ms();
	ui_app_changed(&c->app);
	if (c->status_again) {
		c->status_again = 0;
		session_ask_status(c);
	}
	/* Logged out from elsewhere (qhall logout), or someone else took the
	 * window while this caller was away. */
	if (!c->logged_in || c->login_asking || (w = window_entry(c)) == NULL)
		return;
	if (strcmp(w->staff_id, c->staff_id) != 0) {
		session_forget(c);
		caller_note(c, NOTE_ERROR, "err_logged_out");
	}
}

/* Whether an event may change what this caller shows. */
static int session_concerns(const struct caller *c, json_t *body)
{
	const struct view_window *mine = window_entry(c);
	struct view_event ev;
	struct qerr err = {0};

	if (view_event_parse(body, &ev, &err))
		return 1; /* not understood: ask what is true */
	if (strcmp(ev.name, "notice") == 0)
		return 0;
	if (mine == NULL || strncmp(ev.name, "day_", 4) == 0 ||
	    strcmp(ev.name, "window_set") == 0)
		return 1;
	if (ev.window == c->opt.window)
		return 1;
	for (size_t i = 0; ev.has_ticket && i < mine->nqueues; i++)
		if (strcmp(mine->queues[i], ev.ticket.queue) == 0)
			return 1;
	return 0;
}

/* The catalog: the names of items at the counter. */
static void session_catalog(struct caller *c, json_t *body)
{
	struct qerr err = {0};
	struct catalog *cat = catalog_from_json(body, &err);

	if (cat == NULL) {
		log_warn("caller", "catalog not understood: %s", err.message);
		return;
	}
	catalog_free(c->catalog);
	c->catalog = cat;
	ui_app_changed(&c->app);
}

/* Everything the daemon link says. */
void session_on_link(struct caller *c, struct ui_link_msg *m)
{
	switch (m->kind) {
	case UI_LINK_UP:
		ui_link_hall_clock(m);
		session_up(c);
		break;
	case UI_LINK_DOWN:
		session_down(c, &m->err);
		break;
	case UI_LINK_EVENT:
		if (strncmp(json_string_value(json_object_get(m->body, "event"))
		                ?: "",
		            "alert_", 6) == 0) {
			alerts_ask(c);
			break;
		}
		if (session_concerns(c, m->body))
			session_ask_status(c);
		break;
	case UI_LINK_REPLY:
		if (m->tag == CALLER_TAG_LOGIN) {
			session_logged_in(c, m);
		} else if (m->tag == CALLER_TAG_LOGOUT) {
			SDL_memset(c->staff_id, 0, sizeof c->staff_id);
			if (!m->ok && strcmp(m->err.code, PROTO_E_IO) == 0) {
				/* Lost with the link: say it again when up. */
				session_forget(c);
				c->logout_pending = 1;
				caller_note_offline(c);
				break;
			}
			c->logout_pending = 0;
			session_forget(c);
			caller_note(c, NOTE_INFO, "note_logged_out");
			session_ask_status(c);
		} else if (m->tag == CALLER_TAG_STATUS) {
			session_status(c, m);
		} else if (m->tag == CALLER_TAG_ALERTS) {
			alerts_replied(c, m);
		} else if (m->tag == CALLER_TAG_ALERT_ACK) {
			if (!m->ok)
				caller_note_args(c, NOTE_ERROR, "err_other",
				                 m->err.message, NULL);
		} else if (m->tag == CALLER_TAG_CATALOG && m->ok) {
			session_catalog(c, m->body);
		} else if (m->tag >= CALLER_TAG_ACTION &&
		           m->tag < CALLER_TAG_ACTION + ACTION_COUNT) {
			actions_replied(
			    c, (enum caller_action)(m->tag - CALLER_TAG_ACTION),
			    m);
		}
		break;
	}
}
