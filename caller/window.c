/*
 * This window as the daemon's last status shows it. Every answer is
 * borrowed from c->status or c->catalog and lives until the next one.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "ticket.h"

/* This window's entry of the status, or NULL. */
const struct view_window *window_entry(const struct caller *c)
{
	return view_status_window(c->status, c->opt.window);
}

/* The ticket at this window's counter, or NULL. */
const struct ticket *window_ticket(const struct caller *c)
{
	const struct view_window *w = window_entry(c);

	return w && w->has_ticket ? &w->ticket : NULL;
}

/* Whether the window is paused. */
int window_paused(const struct caller *c)
{
	const struct view_window *w = window_entry(c);

	return w && w->paused;
}

/* Why it is paused, "" when not said. */
const char *window_reason(const struct caller *c)
{
	const struct view_window *w = window_entry(c);

	return w ? w->reason : "";
}

/* A queue's entry of the status, or NULL. */
const struct view_queue *window_queue_status(const struct caller *c,
                                             const char *prefix)
{
	return view_status_queue(c->status, prefix);
}

/* A queue's name in the current language. */
const char *window_queue_name(const struct caller *c, const char *prefix)
{
	const struct view_queue *q = window_queue_status(c, prefix);

	return q ? ui_tr(c->app.ui, q->name_zh, q->name_en) : "";
}

/* A service item's name from the catalog, "" unknown. */
const char *window_item_name(const struct caller *c, const char *id)
{
	const struct catalog_item *it =
	    c->catalog && id ? catalog_item_find(c->catalog, id) : NULL;

	return it ? ui_tr(c->app.ui, it->name_zh, it->name_en) : "";
}

/*
 * Seconds the ticket has been called (or served, once serving), on the
 * daemon's clock: a counter PC set wrong shows no negative or inflated
 * service time.
 */
long window_ticket_seconds(const struct caller *c, const struct ticket *t)
{
	int64_t since =
	    t->state == TICKET_SERVING ? t->served_at : t->called_at;
	int64_t s;

	if (since == 0)
		return 0;
	s = (ticket_now_ms() + c->skew_ms - since) / 1000;
	return s < 0 ? 0 : (long)s;
}

/* Seconds as mm:ss, or h:mm:ss past an hour. */
void window_duration(char *out, size_t size, long s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		         s % 60);
	else
		snprintf(out, size, "%02ld:%02ld", s / 60, s % 60);
}
