/*
 * The hall as the daemon told it: the last status and the catalog, read
 * into their typed views (common/hall-view.h, common/catalog.h), and the
 * board of recent calls. Calls arrive as events; status, after a start or
 * a reconnect, adds the tickets windows are calling or serving that the
 * board does not know yet (in the order they were called), so a display
 * that was away shows the truth, not just what it happened to hear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "ui-format.h"
#include "xmalloc.h"

/* Forget what the daemon said. */
void hall_free(struct hall *h)
{
	view_status_free(h->status);
	catalog_free(h->catalog);
	free(h->notice);
	h->status = NULL;
	h->catalog = NULL;
	h->notice = NULL;
}

/* The newest call first; a number called again moves to the top. */
void hall_add_call(struct hall *h, const struct call *c)
{
	int i, n = 0;
	struct call kept[DISPLAY_CALLS_MAX];

	for (i = 0; i < h->ncalls && n < DISPLAY_CALLS_MAX - 1; i++)
		if (strcmp(h->calls[i].number, c->number) != 0)
			kept[n++] = h->calls[i];
	h->calls[0] = *c;
	memcpy(h->calls + 1, kept, (size_t)n * sizeof kept[0]);
	h->ncalls = n + 1;
}

/* Put a call the board missed in its place by time (older go lower). */
static void hall_insert_call(struct hall *h, const struct call *c)
{
	int at = 0;

	for (int i = 0; i < h->ncalls; i++) {
		if (strcmp(h->calls[i].number, c->number) == 0)
			return;
		if (h->calls[i].at >= c->at)
			at = i + 1;
	}
	if (at >= DISPLAY_CALLS_MAX)
		return;
	if (h->ncalls == DISPLAY_CALLS_MAX)
		h->ncalls--;
	memmove(h->calls + at + 1, h->calls + at,
	        (size_t)(h->ncalls - at) * sizeof h->calls[0]);
	h->calls[at] = *c;
	h->ncalls++;
}

/* A ticket at a window as a call; -1 without a number. */
static int hall_call_of_ticket(const struct ticket *t, int window,
                               struct call *c)
{
	if (t->number[0] == '\0' || window <= 0)
		return -1;
	memset(c, 0, sizeof *c);
	snprintf(c->number, sizeof c->number, "%s", t->number);
	snprintf(c->queue, sizeof c->queue, "%s", t->queue);
	c->window = window;
	c->at = t->called_at;
	c->recall = t->calls > 1;
	return 0;
}

/* A "called" or "recalled" event as a call; -1 when it is not one. */
int hall_call_of_event(const struct view_event *ev, struct call *c)
{
	if (strcmp(ev->name, "called") != 0 &&
	    strcmp(ev->name, "recalled") != 0)
		return -1;
	if (!ev->has_ticket || hall_call_of_ticket(&ev->ticket, ev->window, c))
		return -1;
	if (c->at == 0)
		c->at = ev->at;
	c->recall = strcmp(ev->name, "recalled") == 0;
	return 0;
}

/* Take a new status (owned from now on); the board gains what it missed. */
void hall_apply_status(struct hall *h, struct view_status *status)
{
	/* A new business day starts with a clean board. */
	if (strcmp(status->day, h->day) != 0) {
		if (h->day[0])
			h->ncalls = 0;
		snprintf(h->day, sizeof h->day, "%s", status->day);
	}
	view_status_free(h->status);
	h->status = status;
	hall_set_notice(h, status->notice);
	for (size_t i = 0; i < status->nwindows; i++) {
		const struct view_window *w = &status->windows[i];
		struct call c;
		if (!w->has_ticket || (w->ticket.state != TICKET_CALLED &&
		                       w->ticket.state != TICKET_SERVING))
			continue;
		if (h->window > 0 && w->number != h->window)
			continue;
		if (hall_call_of_ticket(&w->ticket, w->number, &c) == 0)
			hall_insert_call(h, &c);
	}
}

/* The notice as the daemon last said it (status, or a notice event). */
void hall_set_notice(struct hall *h, const char *text)
{
	free(h->notice);
	h->notice = xstrdup(text);
}

/* A ticket the daemon just sent to a window, before status says so. */
void hall_set_window_ticket(struct hall *h, int window, const struct ticket *t)
{
	for (size_t i = 0; h->status && i < h->status->nwindows; i++) {
		struct view_window *w = &h->status->windows[i];
		if (w->number == window) {
			w->has_ticket = 1;
			w->ticket = *t;
		}
	}
}

/* The newest call, or the newest at one window (window > 0). */
const struct call *hall_latest(const struct hall *h, int window)
{
	for (int i = 0; i < h->ncalls; i++)
		if (window <= 0 || h->calls[i].window == window)
			return &h->calls[i];
	return NULL;
}

/* A window as status told it, or NULL. */
const struct view_window *hall_window(const struct hall *h, int window)
{
	return view_status_window(h->status, window);
}

/* The hall's name: the catalog's, else the strings file's. */
const char *hall_name(const struct hall *h, const struct ui *ui)
{
	const char *name = h->catalog ? ui_tr(ui, h->catalog->hall_name.zh,
	                                      h->catalog->hall_name.en)
	                              : "";

	return name[0] ? name : ui_s(ui, "hall_name");
}

/* The operator's notice, else the hall's rules for missed calls. */
const char *hall_notice(const struct hall *h, const struct ui *ui)
{
	if (h->notice && h->notice[0])
		return h->notice;
	return h->catalog ? ui_tr(ui, h->catalog->hall_rules.zh,
	                          h->catalog->hall_rules.en)
	                  : "";
}

/* A queue's name in the current language, "" unknown. */
const char *hall_queue_name(const struct hall *h, const struct ui *ui,
                            const char *prefix)
{
	const struct view_queue *q = view_status_queue(h->status, prefix);

	return q ? ui_tr(ui, q->name_zh, q->name_en) : "";
}

/* "A007" and "3号窗口" (or "Window 3"): the two halves of a call. */
void hall_call_text(const struct ui *ui, const struct call *c, char *number,
                    size_t nsize, char *window, size_t wsize)
{
	snprintf(number, nsize, "%s", c->number);
	ui_format_int(window, wsize, ui_s(ui, "window_n"), c->window);
}
