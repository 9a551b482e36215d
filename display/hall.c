/*
 * The hall as the daemon told it: the last status, the catalog, and the
 * board of recent calls. Calls arrive as events; status, after a start or
 * a reconnect, adds the tickets windows are calling or serving that the
 * board does not know yet (in the order they were called), so a display
 * that was away shows the truth, not just what it happened to hear.
 */
#include <stdio.h>
#include <string.h>

#include "display.h"
#include "ui-format.h"

/* Forget what the daemon said. */
void hall_free(struct hall *h)
{
	json_decref(h->status);
	json_decref(h->catalog);
	h->status = h->catalog = NULL;
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
static int hall_call_of_ticket(json_t *t, int window, struct call *c)
{
	const char *number = json_string_value(json_object_get(t, "number"));
	const char *queue = json_string_value(json_object_get(t, "queue"));

	if (number == NULL || window <= 0)
		return -1;
	memset(c, 0, sizeof *c);
	snprintf(c->number, sizeof c->number, "%s", number);
	snprintf(c->queue, sizeof c->queue, "%s", queue ? queue : "");
	c->window = window;
	c->at = json_integer_value(json_object_get(t, "called_at"));
	c->recall = json_integer_value(json_object_get(t, "calls")) > 1;
	return 0;
}

/* A "called" or "recalled" event as a call; -1 when it is not one. */
int hall_call_of_event(json_t *ev, struct call *c)
{
	const char *name = json_string_value(json_object_get(ev, "event"));

	if (name == NULL ||
	    (strcmp(name, "called") != 0 && strcmp(name, "recalled") != 0))
		return -1;
	if (hall_call_of_ticket(
	        json_object_get(ev, "ticket"),
	        (int)json_integer_value(json_object_get(ev, "window")), c))
		return -1;
	if (c->at == 0)
		c->at = json_integer_value(json_object_get(ev, "at"));
	c->recall = strcmp(name, "recalled") == 0;
	return 0;
}

/* Take a new status; the board gains what it missed. */
void hall_apply_status(struct hall *h, json_t *status)
{
	const char *day = json_string_value(json_object_get(status, "day"));
	size_t i;
	json_t *w;

	/* A new business day starts with a clean board. */
	if (day && strcmp(day, h->day) != 0) {
		if (h->day[0])
			h->ncalls = 0;
		snprintf(h->day, sizeof h->day, "%s", day);
	}
	json_decref(h->status);
	h->status = json_incref(status);
	json_array_foreach(json_object_get(status, "windows"), i, w)
	{
		json_t *t = json_object_get(w, "ticket");
		const char *state =
		    json_string_value(json_object_get(t, "state"));
		struct call c;
		int window =
		    (int)json_integer_value(json_object_get(w, "window"));
		if (state == NULL || (strcmp(state, "called") != 0 &&
		                      strcmp(state, "serving") != 0))
			continue;
		if (h->window > 0 && window != h->window)
			continue;
		if (hall_call_of_ticket(t, window, &c) == 0)
			hall_insert_call(h, &c);
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

/* A window's entry of the status, or NULL. */
json_t *hall_window(const struct hall *h, int window)
{
	size_t i;
	json_t *w;

	json_array_foreach(json_object_get(h->status, "windows"), i, w)
	{
		if (json_integer_value(json_object_get(w, "window")) == window)
			return w;
	}
	return NULL;
}

/* The hall's name: the catalog's, else the strings file's. */
const char *hall_name(const struct hall *h, const struct ui *ui)
{
	json_t *hall = json_object_get(h->catalog, "hall");
	const char *name = hall ? ui_pick(ui, hall, "name") : "";

	return name[0] ? name : ui_s(ui, "hall_name");
}

/* The operator's notice, else the hall's rules for missed calls. */
const char *hall_notice(const struct hall *h, const struct ui *ui)
{
	const char *notice =
	    json_string_value(json_object_get(h->status, "notice"));
	json_t *hall = json_object_get(h->catalog, "hall");

	if (notice && notice[0])
		return notice;
	return hall ? ui_pick(ui, hall, "rules") : "";
}

/* A queue's name in the current language, "" unknown. */
const char *hall_queue_name(const struct hall *h, const struct ui *ui,
                            const char *prefix)
{
	size_t i;
	json_t *q;

	json_array_foreach(json_object_get(h->status, "queues"), i, q)
	{
		const char *p = json_string_value(json_object_get(q, "queue"));
		if (p && prefix && strcmp(p, prefix) == 0)
			return ui_pick(ui, q, "name");
	}
	return "";
}

/* "A007" and "3号窗口" (or "Window 3"): the two halves of a call. */
void hall_call_text(const struct ui *ui, const struct call *c, char *number,
                    size_t nsize, char *window, size_t wsize)
{
	snprintf(number, nsize, "%s", c->number);
	ui_format_int(window, wsize, ui_s(ui, "window_n"), c->window);
}
