/*
 * What the caller shows, as JSON (--state-json), for tests and for
 * reviewers who cannot stand at the counter. It names what a person would
 * read off the screen; the skeleton adds the screen's name, the
 * screenshot's path and its sequence, and writes it after each change. A
 * debugging output, not an interface.
 */
#include <string.h>

#include "caller.h"

json_t *state_of(struct ui_app *app)
{
	struct caller *c = caller_of(app);
	const struct view_window *w = window_entry(c);
	const struct ticket *t = window_ticket(c);
	json_t *waiting = json_object();
	static const char *const notes[] = {"", "info", "ok", "error"};
	char note[400];
	json_t *s;

	for (size_t i = 0; w && i < w->nqueues; i++) {
		const struct view_queue *q =
		    window_queue_status(c, w->queues[i]);
		if (q)
			json_object_set_new(waiting, w->queues[i],
			                    json_integer(q->waiting));
	}
	s = json_pack(
	    "{s:s, s:i, s:s, s:b, s:o, s:o, s:o, s:s?, s:o, s:s, s:s}", "lang",
	    app->ui->lang == UI_EN ? "en" : "zh", "window", c->opt.window,
	    "link", c->link_up ? "up" : "down", "logged_in", c->logged_in,
	    "staff",
	    c->logged_in ? json_pack("{s:s, s:s}", "id", c->staff_id, "name",
	                             c->staff_name)
	                 : json_null(),
	    "ticket",
	    t ? json_pack("{s:s, s:s, s:s, s:i, s:I}", "number", t->number,
	                  "state", ticket_state_name(t->state), "queue",
	                  t->queue, "calls", t->calls, "seconds",
	                  (json_int_t)window_ticket_seconds(c, t))
	      : json_null(),
	    "waiting", waiting, "window_state",
	    w ? (w->paused ? "paused" : "open") : NULL, "served_today",
	    w ? json_integer(w->served_today) : json_null(), "note",
	    caller_note_text(c, note, sizeof note), "note_kind",
	    notes[c->note_kind]);
	json_object_set_new(s, "note_seq", json_integer(c->note_seq));
	/* The alerts shown here, the first on show. */
	{
		json_t *alerts = json_array();
		char text[400];
		for (int i = 0; i < c->nalerts; i++)
			json_array_append_new(
			    alerts, json_pack("{s:I, s:s, s:s}", "id",
			                      (json_int_t)c->alerts[i].id,
			                      "kind", c->alerts[i].kind,
			                      "subject", c->alerts[i].subject));
		json_object_set_new(s, "alerts", alerts);
		json_object_set_new(
		    s, "alert_text",
		    json_string(alerts_text(c, text, sizeof text)));
	}
	/* A ticket on an item's route: the step the tag shows. */
	if (t && t->route_steps > 0)
		json_object_set_new(json_object_get(s, "ticket"), "route",
		                    json_pack("{s:i, s:i}", "step",
		                              t->route_step, "steps",
		                              t->route_steps));
	/* An action awaiting its reply: keys meanwhile only say so. */
	json_object_set_new(s, "busy", json_boolean(c->action_busy >= 0));
	/* What is being typed or chosen shows too (never the PIN). */
	if (app->screen == &screen_login)
		json_object_set_new(s, "form",
		                    json_pack("{s:s, s:i, s:s}", "staff",
		                              c->form_staff, "pin_digits",
		                              (int)strlen(c->form_pin), "field",
		                              c->form_field ? "pin" : "staff"));
	if (app->screen == &screen_transfer)
		json_object_set_new(s, "transfer",
		                    json_pack("{s:s, s:b}", "queue",
		                              c->transfer_queue, "back",
		                              c->transfer_back));
	return s;
}
