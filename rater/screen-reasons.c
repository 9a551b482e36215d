/*
 * The reasons of a 差评, from the hall's list: one or more, then submit.
 * Submit waits until a reason is chosen (the daemon refuses a 差评
 * without one); back returns to the five levels, nothing sent.
 */
#include <stdio.h>

#include "rater.h"

#define REASONS_BACK   50
#define REASONS_SUBMIT 51
#define REASON_W       380
#define REASON_H       110

static int reasons_any(const struct rater *r)
{
	for (int i = 0; i < r->nreasons; i++)
		if (r->chosen[i])
			return 1;
	return 0;
}

static void reasons_enter(struct ui_app *a, const void *arg)
{
	struct rater *r = rater_of(a);
	(void)arg;

	for (int i = 0; i < r->nreasons && i < 12; i++)
		ui_app_add_button(a, i, 40 + (i % 3) * (REASON_W + 20),
		                  220 + (i / 3) * (REASON_H + 20), REASON_W,
		                  REASON_H);
	ui_app_add_button(a, REASONS_BACK, 40, 620, 360, 90);
	ui_app_add_button(a, REASONS_SUBMIT, RATER_W - 400, 620, 360, 90);
}

static int reasons_event(struct ui_app *a, const SDL_Event *ev)
{
	struct rater *r = rater_of(a);
	int id;

	if (!ui_app_pointer(ev))
		return 0;
	id = ui_app_tap(a, ev);
	if (rater_chrome_tap(r, id) || id < 0 || r->sending)
		return 1;
	if (id == REASONS_BACK) {
		r->level = 0;
		ui_app_go(a, &screen_rate, NULL);
	} else if (id == REASONS_SUBMIT) {
		if (reasons_any(r))
			session_rate(r);
		ui_app_changed(a);
	} else if (id < r->nreasons) {
		r->chosen[id] = !r->chosen[id];
		ui_app_changed(a);
	}
	return 1;
}

static void reasons_button(struct ui *ui, const struct ui_button *b,
                           const char *text, int size, int on)
{
	ui_fill_round(ui, b->r.x, b->r.y, b->r.w, b->r.h, 12,
	              on ? UI_ACCENT : UI_PANEL);
	ui_outline(ui, b->r.x, b->r.y, b->r.w, b->r.h, 3,
	           on ? UI_ACCENT : UI_LINE);
	ui_text(ui, text, ui_text_fit(ui, text, size, UI_BOLD, b->r.w - 24),
	        UI_BOLD, on ? UI_ACCENT_INK : UI_INK, b->r.x + b->r.w / 2,
	        b->r.y + b->r.h / 2, UI_CENTER | UI_MIDDLE);
}

static void reasons_draw(struct ui_app *a, struct ui *ui)
{
	struct rater *r = rater_of(a);
	char title[256];

	snprintf(title, sizeof title, "%s · %s", rater_level_name(ui, r->level),
	         ui_s(ui, "reasons_title"));
	ui_text(ui, title,
	        ui_text_fit(ui, title, rater_size(r, 48), UI_BOLD, 1200),
	        UI_BOLD, UI_INK, RATER_W / 2, 160, UI_CENTER | UI_MIDDLE);
	for (int i = 0; i < a->nbuttons; i++) {
		const struct ui_button *b = &a->buttons[i];

		if (b->id >= 0 && b->id < r->nreasons)
			reasons_button(ui, b, r->reasons[b->id],
			               rater_size(r, 36), r->chosen[b->id]);
		else if (b->id == REASONS_BACK)
			reasons_button(ui, b, ui_s(ui, "back"),
			               rater_size(r, 36), 0);
		else if (b->id == REASONS_SUBMIT && reasons_any(r))
			reasons_button(ui, b, ui_s(ui, "submit"),
			               rater_size(r, 36), 1);
		else if (b->id == REASONS_SUBMIT) /* not yet: greyed */
			ui_text(ui, ui_s(ui, "submit"), rater_size(r, 36),
			        UI_BOLD, UI_MUTED, b->r.x + b->r.w / 2,
			        b->r.y + b->r.h / 2, UI_CENTER | UI_MIDDLE);
	}
	rater_countdown_draw(r, ui);
}

const struct screen screen_reasons = {"reasons", reasons_enter, reasons_event,
                                      rater_countdown_tick, reasons_draw};
