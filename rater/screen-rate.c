/*
 * The five levels: equal buttons, the same look, always in the same order
 * (非常满意 on the left), none chosen beforehand, nothing nearer the
 * finger. A 差评 goes on to its reasons; the others are sent at once.
 */
#include <stdio.h>

#include "rater.h"
#include "ui-format.h"

#define RATE_BUTTON_W 224
#define RATE_BUTTON_H 320
#define RATE_GAP      20
#define RATE_TOP      300

static void rate_enter(struct ui_app *a, const void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++)
		ui_app_add_button(a, rater_levels[i],
		                  40 + i * (RATE_BUTTON_W + RATE_GAP), RATE_TOP,
		                  RATE_BUTTON_W, RATE_BUTTON_H);
}

static int rate_event(struct ui_app *a, const SDL_Event *ev)
{
	struct rater *r = rater_of(a);
	int id;

	if (!ui_app_pointer(ev))
		return 0;
	id = ui_app_tap(a, ev);
	if (rater_chrome_tap(r, id))
		return 1;
	if (id < 1 || id > 5 || r->sending)
		return 1;
	r->level = id;
	if (id <= 2) {
		ui_app_go(a, &screen_reasons, NULL);
		return 1;
	}
	session_rate(r);
	ui_app_changed(a);
	return 1;
}

/* The countdown, redrawn as the seconds turn. */
void rater_countdown_tick(struct ui_app *a, uint32_t now)
{
	struct rater *r = rater_of(a);
	int left;

	if (!r->asked_at)
		return;
	left =
	    (int)((r->asked_at + (uint32_t)rater_timeout_ms(r) - now) / 1000);
	if (left != r->countdown_shown) {
		r->countdown_shown = left;
		a->dirty = 1;
	}
}

/* Seconds left to answer; shown on this screen and the reasons'. */
void rater_countdown_draw(struct rater *r, struct ui *ui)
{
	char line[128];
	int left = 0;
	uint32_t now = SDL_GetTicks();

	if (r->asked_at &&
	    !SDL_TICKS_PASSED(now, r->asked_at + (uint32_t)rater_timeout_ms(r)))
		left = (int)((r->asked_at + (uint32_t)rater_timeout_ms(r) -
		              now + 999) /
		             1000);
	ui_format_int(line, sizeof line, ui_s(ui, "countdown"), left);
	ui_text(ui, r->sending ? ui_s(ui, "sending") : line, rater_size(r, 30),
	        UI_REGULAR, UI_MUTED, RATER_W / 2, 740, UI_CENTER | UI_MIDDLE);
}

static void rate_draw(struct ui_app *a, struct ui *ui)
{
	static const char *const stars[6] = {"",    "★",    "★★",
	                                     "★★★", "★★★★", "★★★★★"};
	struct rater *r = rater_of(a);
	char line[128];
	int size = rater_size(r, 40);

	/* One size for all five names, the one the longest fits in. */
	for (int i = 0; i < 5; i++)
		size = ui_text_fit(ui, rater_level_name(ui, rater_levels[i]),
		                   size, UI_BOLD, RATE_BUTTON_W - 24);
	ui_text(ui, ui_s(ui, "rate_title"),
	        ui_text_fit(ui, ui_s(ui, "rate_title"), rater_size(r, 60),
	                    UI_BOLD, 1200),
	        UI_BOLD, UI_INK, RATER_W / 2, 170, UI_CENTER | UI_MIDDLE);
	ui_format(line, sizeof line, ui_s(ui, "rate_ticket"), r->number, NULL);
	ui_text(ui, line, rater_size(r, 34), UI_REGULAR, UI_MUTED, RATER_W / 2,
	        245, UI_CENTER | UI_MIDDLE);
	for (int i = 0; i < a->nbuttons; i++) {
		const struct ui_button *b = &a->buttons[i];
		const char *name = rater_level_name(ui, b->id);
		int pressed = a->pressed == b->id;

		if (b->id < 1 || b->id > 5)
			continue;
		/* Every level looks the same: one fill, one ink. */
		ui_fill_round(ui, b->r.x, b->r.y, b->r.w, b->r.h, 16,
		              pressed ? UI_LINE : UI_PANEL);
		ui_outline(ui, b->r.x, b->r.y, b->r.w, b->r.h, 3, UI_LINE);
		ui_text(ui, stars[b->id], 34, UI_REGULAR, UI_INK,
		        b->r.x + b->r.w / 2, b->r.y + 90,
		        UI_CENTER | UI_MIDDLE);
		ui_text(ui, name, size, UI_BOLD, UI_INK, b->r.x + b->r.w / 2,
		        b->r.y + 200, UI_CENTER | UI_MIDDLE);
	}
	rater_countdown_draw(r, ui);
}

const struct screen screen_rate = {"rate", rate_enter, rate_event,
                                   rater_countdown_tick, rate_draw};
