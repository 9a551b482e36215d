/*
 * After each change of what is shown: a PNG (--screenshot) and a JSON of
 * the same state (--state-json), for tests and for reviewers who cannot
 * stand at the counter. The JSON names what a person would read off the
 * screen; it is a debugging output, not an interface.
 */
#include <string.h>

#include "caller.h"
#include "log.h"
#include "ui-shot.h"

/* What the screen shows, as JSON (owned by the caller). */
static json_t *output_state(struct caller *c)
{
	json_t *w = window_entry(c), *t = window_ticket(c);
	json_t *waiting = json_object(), *q;
	static const char *const notes[] = {"", "info", "ok", "error"};
	char note[400];
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(w, "queues"), i, q)
	{
		json_t *qs = window_queue_status(c, json_string_value(q));
		json_object_set(waiting, json_string_value(q),
		                json_object_get(qs, "waiting"));
	}
	s = json_pack("{s:s, s:s, s:i, s:s, s:b, s:o, s:o, s:o, s:s?, s:O?, "
	              "s:s, s:s}",
	              "screen", c->screen->name, "lang",
	              c->ui->lang == UI_EN ? "en" : "zh", "window",
	              c->opt.window, "link", c->link_up ? "up" : "down",
	              "logged_in", c->logged_in, "staff",
	              c->logged_in ? json_pack("{s:s, s:s}", "id", c->staff_id,
	                                       "name", c->staff_name)
	                           : json_null(),
	              "ticket",
	              t ? json_pack("{s:O, s:O, s:O, s:O?, s:I}", "number",
	                            json_object_get(t, "number"), "state",
	                            json_object_get(t, "state"), "queue",
	                            json_object_get(t, "queue"), "calls",
	                            json_object_get(t, "calls"), "seconds",
	                            (json_int_t)window_ticket_seconds(c, t))
	                : json_null(),
	              "waiting", waiting, "window_state",
	              json_string_value(json_object_get(w, "state")),
	              "served_today", json_object_get(w, "served_today"),
	              "note", caller_note_text(c, note, sizeof note),
	              "note_kind", notes[c->note_kind]);
	json_object_set_new(s, "note_seq", json_integer(c->note_seq));
	/* What is being typed or chosen shows too (never the PIN). */
	if (c->screen == &screen_login)
		json_object_set_new(s, "form",
		                    json_pack("{s:s, s:i, s:s}", "staff",
		                              c->form_staff, "pin_digits",
		                              (int)strlen(c->form_pin), "field",
		                              c->form_field ? "pin" : "staff"));
	if (c->screen == &screen_transfer)
		json_object_set_new(s, "transfer",
		                    json_pack("{s:s, s:b}", "queue",
		                              c->transfer_queue, "back",
		                              c->transfer_back));
	return s;
}

/* Written only when the state differs from the last one written: a status
 * that changed nothing on this screen makes no new picture. */
void output_frame(struct caller *c)
{
	struct qerr err = {0};
	char png[1100] = "";
	json_t *state = output_state(c);

	if (c->last_state && json_equal(state, c->last_state)) {
		json_decref(state);
		return;
	}
	json_decref(c->last_state);
	c->last_state = json_deep_copy(state);
	if (c->opt.screenshot[0]) {
		c->shot_seq++;
		ui_shot_path(png, sizeof png, c->opt.screenshot,
		             c->screen->name, c->shot_seq);
		if (ui_shot_write(c->ui, png, &err))
			log_warn("caller", "%s", err.message);
	}
	if (c->opt.state_json[0]) {
		json_object_set_new(state, "screenshot", json_string(png));
		json_object_set_new(state, "seq",
		                    json_integer((json_int_t)c->shot_seq));
		if (ui_shot_state(c->opt.state_json, state, &err))
			log_warn("caller", "%s", err.message);
	}
	json_decref(state);
}
