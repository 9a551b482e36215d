/*
 * What the screen shows, as JSON: the state hook of the shared loop, which
 * writes it (--state-json) beside a PNG (--screenshot) after each change,
 * adding the screen's name and the PNG's. The JSON names what a person would
 * read off the screen and, for the latest call, where its number and window
 * were drawn (pixels, font size, colours), so a test can hold the picture
 * against a rendering of the text it expects. A debugging output, not an
 * interface. "spoken" counts announcements finished, so a test can wait
 * for the voice without a clock.
 */
#include <string.h>

#include "display.h"
#include "voice.h"

/* Where a text was drawn, or null. */
static json_t *output_box(const struct drawn_text *t)
{
	if (t->text[0] == '\0')
		return json_null();
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:[i,i,i], "
	                 "s:[i,i,i]}",
	                 "text", t->text, "px", t->px, "x", t->box.x, "y",
	                 t->box.y, "w", t->box.w, "h", t->box.h, "ink",
	                 t->ink.r, t->ink.g, t->ink.b, "bg", t->bg.r, t->bg.g,
	                 t->bg.b);
}

/* A call as the screen words it. */
static json_t *output_call(const struct display *d, const struct call *c)
{
	char number[32], window[64], text[128];

	hall_call_text(d->app.ui, c, number, sizeof number, window,
	               sizeof window);
	snprintf(text, sizeof text, "%s → %s", number, window);
	return json_pack("{s:s, s:i, s:s, s:s, s:b}", "number", c->number,
	                 "window", c->window, "queue", c->queue, "text", text,
	                 "recall", c->recall);
}

/* What the screen shows, as a new JSON object. */
json_t *output_state(struct ui_app *a)
{
	struct display *d = display_of(a);
	const struct call *latest = hall_latest(&d->hall, d->opt.window);
	const struct view_status *status = d->hall.status;
	const struct view_window *w = hall_window(&d->hall, d->opt.window);
	json_t *recent = json_array(), *waiting = json_object(), *s;

	for (int k = 0; k < d->hall.ncalls; k++)
		json_array_append_new(recent,
		                      output_call(d, &d->hall.calls[k]));
	for (size_t i = 0; status && i < status->nqueues; i++)
		json_object_set_new(waiting, status->queues[i].prefix,
		                    json_integer(status->queues[i].waiting));
	s = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:i}", "lang",
	    a->ui->lang == UI_EN ? "en" : "zh", "link",
	    d->link_up ? "up" : "down", "hall", hall_name(&d->hall, a->ui),
	    "calls", recent, "waiting", waiting, "latest",
	    latest ? output_call(d, latest) : json_null(), "notice",
	    hall_notice(&d->hall, a->ui), "voice", voice_state(d->voice),
	    "spoken", (int)voice_spoken(d->voice));
	json_object_set_new(s, "queue_page",
	                    json_pack("[ii]", d->side_page, d->side_pages));
	json_object_set_new(s, "number_box", output_box(&d->drawn_number));
	json_object_set_new(s, "window_box", output_box(&d->drawn_window));
	if (d->opt.window > 0) {
		json_object_set_new(s, "window", json_integer(d->opt.window));
		/* The number on the screen: the window's ticket, if drawn. */
		json_object_set_new(s, "ticket",
		                    d->drawn_number.text[0] && w &&
		                            w->has_ticket
		                        ? json_string(w->ticket.number)
		                        : json_null());
		if (w)
			json_object_set_new(
			    s, "window_state",
			    json_string(w->paused ? "paused" : "open"));
		if (w && w->staff_name[0])
			json_object_set_new(s, "staff",
			                    json_string(w->staff_name));
	}
	return s;
}
