/* Idle: the window and who serves there, as the rules ask. */
#include "rater.h"
#include "ui-format.h"

static void idle_enter(struct ui_app *a, const void *arg)
{
	(void)a;
	(void)arg;
}

static int idle_event(struct ui_app *a, const SDL_Event *ev)
{
	struct rater *r = rater_of(a);

	if (ui_app_pointer(ev))
		return rater_chrome_tap(r, ui_app_tap(a, ev)) || 1;
	return 0;
}

static void idle_draw(struct ui_app *a, struct ui *ui)
{
	struct rater *r = rater_of(a);
	char line[256], num[16];

	snprintf(num, sizeof num, "%d", r->opt.window);
	ui_format(line, sizeof line, ui_s(ui, "window"), num, NULL);
	ui_text(ui, line, rater_size(r, 120), UI_BOLD, UI_ACCENT, RATER_W / 2,
	        290, UI_CENTER | UI_MIDDLE);
	if (r->staff_id[0])
		ui_format(line, sizeof line, ui_s(ui, "staff"), r->staff_id,
		          r->staff_name, NULL);
	else
		snprintf(line, sizeof line, "%s", ui_s(ui, "no_staff"));
	ui_text(ui, line,
	        ui_text_fit(ui, line, rater_size(r, 56), UI_REGULAR, 1200),
	        UI_REGULAR, UI_INK, RATER_W / 2, 450, UI_CENTER | UI_MIDDLE);
	snprintf(line, sizeof line, "%s",
	         ui_s(ui, r->link_up ? "idle_hint" : "offline"));
	ui_text(ui, line,
	        ui_text_fit(ui, line, rater_size(r, 36), UI_REGULAR, 1200),
	        UI_REGULAR, UI_MUTED, RATER_W / 2, 640, UI_CENTER | UI_MIDDLE);
}

const struct screen screen_idle = {"idle", idle_enter, idle_event, NULL,
                                   idle_draw};
