/*
 * This window as the daemon's last status shows it. Every answer is
 * borrowed from c->status or c->catalog and lives until the next status.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "ticket.h"

/* This window's entry of the status, or NULL. */
json_t *window_entry(const struct caller *c)
{
	size_t i;
	json_t *w;

	json_array_foreach(json_object_get(c->status, "windows"), i, w)
	{
		if (json_integer_value(json_object_get(w, "window")) ==
		    c->opt.window)
			return w;
	}
	return NULL;
}

/* The ticket at this window's counter, or NULL. */
json_t *window_ticket(const struct caller *c)
{
	json_t *t = json_object_get(window_entry(c), "ticket");

	return json_is_object(t) ? t : NULL;
}

/* Whether the window is paused. */
int window_paused(const struct caller *c)
{
	const char *s =
	    json_string_value(json_object_get(window_entry(c), "state"));

	return s && strcmp(s, "paused") == 0;
}

/* Why it is paused, "" when not said. */
const char *window_reason(const struct caller *c)
{
	const char *s =
	    json_string_value(json_object_get(window_entry(c), "reason"));

	return s ? s : "";
}

/* A queue's entry of the status, or NULL. */
json_t *window_queue_status(const struct caller *c, const char *prefix)
{
	size_t i;
	json_t *q;

	json_array_foreach(json_object_get(c->status, "queues"), i, q)
	{
		const char *p = json_string_value(json_object_get(q, "queue"));
		if (p && prefix && strcmp(p, prefix) == 0)
			return q;
	}
	return NULL;
}

/* A queue's name in the current language. */
const char *window_queue_name(const struct caller *c, const char *prefix)
{
	json_t *q = window_queue_status(c, prefix);

	return q ? ui_pick(c->ui, q, "name") : "";
}

/* A service item's name from the catalog, "" unknown. */
const char *window_item_name(const struct caller *c, const char *id)
{
	size_t i;
	json_t *item;

	if (id == NULL)
		return "";
	json_array_foreach(json_object_get(c->catalog, "items"), i, item)
	{
		const char *v = json_string_value(json_object_get(item, "id"));
		if (v && strcmp(v, id) == 0)
			return ui_pick(c->ui, item, "name");
	}
	return "";
}

/* Seconds as m:ss, or h:mm:ss past an hour. */
/*
 * Seconds the ticket has been called (or served, once serving), on the
 * daemon's clock: a counter PC set wrong shows no negative or inflated
 * service time.
 */
long window_ticket_seconds(const struct caller *c, json_t *t)
{
	const char *state = json_string_value(json_object_get(t, "state"));
	int serving = state && strcmp(state, "serving") == 0;
	int64_t since = json_integer_value(
	    json_object_get(t, serving ? "served_at" : "called_at"));
	int64_t s;

	if (since == 0)
		return 0;
	s = (ticket_now_ms() + c->skew_ms - since) / 1000;
	return s < 0 ? 0 : (long)s;
}

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
