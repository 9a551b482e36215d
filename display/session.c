/*
 * The display's side of the conversation with qhalld. A call (or recall)
 * event goes on the board at once, blinks and is announced; every other
 * change only prompts a new status (at most one asked at a time), which
 * brings the waiting counts. After the daemon comes back the display asks
 * status and rebuilds from it; calls it missed while away are shown, not
 * spoken, since their moment has passed.
 */
#include <string.h>

#include "display.h"
#include "log.h"
#include "announce.h"
#include "voice.h"

/* Ask status; while one is asked, ask once more after it. */
static void session_ask_status(struct display *d)
{
	if (!d->link_up)
		return;
	if (d->status_asking) {
		d->status_again = 1;
		return;
	}
	d->status_asking = 1;
	ui_link_send(d->link, DISPLAY_TAG_STATUS, "status", NULL);
}

/* A counter display keeps to its own window. */
static int session_mine(const struct display *d, const struct call *c)
{
	return d->opt.window <= 0 || c->window == d->opt.window;
}

/* A call: on the board, blinking, announced. */
static void session_call(struct display *d, const struct view_event *ev,
                         const struct call *c)
{
	if (!session_mine(d, c))
		return;
	hall_add_call(&d->hall, c);
	/* The counter shows its window's ticket from status; the event is
	 * the daemon's word too, so it shows at once, before status. */
	hall_set_window_ticket(&d->hall, c->window, &ev->ticket);
	d->blink_start = SDL_GetTicks();
	if (d->blink_start == 0)
		d->blink_start = 1;
	voice_announce(d->voice, c->number, c->window, c->recall, d->opt.repeat,
	               d->opt.english);
	ui_app_changed(&d->app);
}

/* An event: a call, the notice, or a reason to ask status. */
static void session_event(struct display *d, json_t *body)
{
	struct view_event ev;
	struct qerr err = {0};
	struct call c;

	if (view_event_parse(body, &ev, &err)) {
		/* Not understood: status tells what it changed. */
		log_warn("display", "%s", err.message);
	} else if (hall_call_of_event(&ev, &c) == 0) {
		session_call(d, &ev, &c);
	} else if (strcmp(ev.name, "notice") == 0 && d->hall.status) {
		hall_set_notice(&d->hall, ev.text);
		ui_app_changed(&d->app);
		return;
	}
	session_ask_status(d);
}

/* A status reply: the board, the waiting counts, the windows. */
static void session_status(struct display *d, json_t *body)
{
	struct qerr err = {0};
	struct view_status *s = view_status_parse(body, &err);

	if (s == NULL) {
		log_warn("display", "%s", err.message);
		return;
	}
	hall_apply_status(&d->hall, s);
	ui_app_changed(&d->app);
}

/* A catalog reply: the hall's name, its rules. */
static void session_catalog(struct display *d, json_t *body)
{
	struct qerr err = {0};
	struct catalog *c = catalog_from_json(body, &err);

	if (c == NULL) {
		log_warn("display", "%s", err.message);
		return;
	}
	catalog_free(d->hall.catalog);
	d->hall.catalog = c;
	ui_app_changed(&d->app);
}

/* Everything the daemon link says. */
void session_on_link(struct display *d, struct ui_link_msg *m)
{
	switch (m->kind) {
	case UI_LINK_UP:
		ui_link_hall_clock(m);
		d->link_up = 1;
		d->down_shown = 0;
		d->status_asking = d->status_again = 0;
		/* Every connection: the daemon may have a new catalog. */
		ui_link_send(d->link, DISPLAY_TAG_CATALOG, "catalog", NULL);
		session_ask_status(d);
		ui_app_changed(&d->app);
		break;
	case UI_LINK_DOWN:
		/* Said once, then quietly retried; the last state stays. */
		if (d->link_up || !d->down_shown) {
			log_warn("display", "qhalld: %s", m->err.message);
			d->link_up = 0;
			d->down_shown = 1;
			d->status_asking = d->status_again = 0;
			ui_app_changed(&d->app);
		}
		break;
	case UI_LINK_EVENT:
		session_event(d, m->body);
		break;
	case UI_LINK_REPLY:
		if (m->tag == DISPLAY_TAG_STATUS) {
			d->status_asking = 0;
			if (m->ok)
				session_status(d, m->body);
			if (d->status_again) {
				d->status_again = 0;
				session_ask_status(d);
			}
		} else if (m->tag == DISPLAY_TAG_CATALOG && m->ok) {
			session_catalog(d, m->body);
		}
		break;
	}
}
