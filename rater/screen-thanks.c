/* Thanks, or why the rating did not go through; then back to idle. */
#include <string.h>

#include "rater.h"

static void thanks_enter(struct ui_app *a, const void *arg)
{
	(void)a;
	(void)arg;
}

static int thanks_event(struct ui_app *a, const SDL_Event *ev)
{
	if (ui_app_pointer(ev))
		return rater_chrome_tap(rater_of(a), ui_app_tap(a, ev)) || 1;
	return 0;
}

static void thanks_draw(struct ui_app *a, struct ui *ui)
{
	struct rater *r = rater_of(a);
	const char *big, *small = "";

	if (strcmp(r->result, "rated") == 0) {
		big = ui_s(ui, "thanks");
		if (r->level <= 2)
			small = ui_s(ui, "thanks_bad");
	} else if (strcmp(r->refusal, "already_rated") == 0) {
		big = ui_s(ui, "refused_already_rated");
	} else {
		big = ui_s(ui, "refused");
	}
	ui_text(ui, big, ui_text_fit(ui, big, rater_size(r, 80), UI_BOLD, 1200),
	        UI_BOLD, UI_ACCENT, RATER_W / 2, 380, UI_CENTER | UI_MIDDLE);
	if (small[0])
		ui_text(
		    ui, small,
		    ui_text_fit(ui, small, rater_size(r, 40), UI_REGULAR, 1200),
		    UI_REGULAR, UI_INK, RATER_W / 2, 520,
		    UI_CENTER | UI_MIDDLE);
}

const struct screen screen_thanks = {"thanks", thanks_enter, thanks_event, NULL,
                                     thanks_draw};
