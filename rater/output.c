/*
 * What the rater shows, as JSON (--state-json), for tests: the screen,
 * the window and its staff, the prompt, and each button's box and look,
 * so a test can tap by name and see that the levels are alike.
 */
#include "rater.h"

static json_t *output_buttons(struct ui_app *a)
{
	struct rater *r = rater_of(a);
	json_t *list = json_array();

	for (int i = 0; i < a->nbuttons; i++) {
		const struct ui_button *b = &a->buttons[i];
		const char *label = "";

		if (a->screen == &screen_rate && b->id >= 1 && b->id <= 5)
			label = rater_level_name(a->ui, b->id);
		else if (a->screen == &screen_reasons && b->id >= 0 &&
		         b->id < r->nreasons)
			label = r->reasons[b->id];
		json_array_append_new(
		    list, json_pack("{s:i, s:s, s:i, s:i, s:i, s:i}", "id",
		                    b->id, "label", label, "x", b->r.x, "y",
		                    b->r.y, "w", b->r.w, "h", b->r.h));
	}
	return list;
}

json_t *output_state(struct ui_app *a)
{
	struct rater *r = rater_of(a);
	json_t *chosen = json_array();

	for (int i = 0; i < r->nreasons; i++)
		if (r->chosen[i])
			json_array_append_new(chosen,
			                      json_string(r->reasons[i]));
	return json_pack(
	    "{s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s, s:b, s:i, "
	    "s:o}",
	    "link", r->link_up ? "up" : "down", "window", r->opt.window,
	    "staff_id", r->staff_id, "staff_name", r->staff_name, "number",
	    r->asked_at || r->thanks_at ? r->number : "", "lang",
	    a->ui->lang == UI_EN ? "en" : "zh", "level", r->level, "chosen",
	    chosen, "result", r->result, "refusal", r->refusal, "large",
	    a->ui->large, "timeout_ms", rater_timeout_ms(r), "buttons",
	    output_buttons(a));
}
