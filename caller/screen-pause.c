/*
 * Pause the window (暂停) with a reason the lobby can show: a choice of
 * the usual ones, by touch or by the digit keys; Esc goes back.
 */
#include <stdio.h>

#include "caller.h"

#define PAUSE_REASONS 5
#define PAUSE_CANCEL  PAUSE_REASONS

static const char *const pause_reasons[PAUSE_REASONS] = {
    "reason_lunch", "reason_away", "reason_meeting", "reason_system",
    "reason_other"};

/* Lay out the reasons and cancel. */
static void pause_enter(struct ui_app *app, const void *arg)
{
	struct caller *c = caller_of(app);
	(void)arg;
	for (int i = 0; i <= PAUSE_REASONS; i++)
		ui_app_add_button(&c->app, i, 12 + (i % 3) * 262,
		                  146 + (i / 3) * 160, 252, 150);
}

/* Pause with reason i, or go back. */
static void pause_choose(struct caller *c, int i)
{
	if (i == PAUSE_CANCEL) {
		ui_app_go(&c->app, &screen_counter, NULL);
		return;
	}
	if (!c->link_up) {
		caller_note_offline(c);
		return;
	}
	session_send(
	    c, ACTION_PAUSE, "pause",
	    json_pack("{s:s}", "reason", ui_s(c->app.ui, pause_reasons[i])));
	ui_app_go(&c->app, &screen_counter, NULL);
}

/* Touch, digits 1-5, Esc. */
static int pause_event(struct ui_app *app, const SDL_Event *ev)
{
	struct caller *c = caller_of(app);
	int fired;

	if (ui_app_pointer(ev)) {
		fired = ui_app_tap(&c->app, ev);
		if (fired >= 0 && fired <= PAUSE_CANCEL)
			pause_choose(c, fired);
		else if (fired >= 0)
			chrome_event(c, fired);
		return 1;
	}
	if (ev->type != SDL_KEYDOWN)
		return 0;
	SDL_Keycode key = ev->key.keysym.sym;
	if (key >= SDLK_1 && key < SDLK_1 + PAUSE_REASONS)
		pause_choose(c, key - SDLK_1);
	else if (key >= SDLK_KP_1 && key < SDLK_KP_1 + PAUSE_REASONS)
		pause_choose(c, key - SDLK_KP_1);
	else if (key == SDLK_ESCAPE || key == SDLK_F6)
		pause_choose(c, PAUSE_CANCEL);
	else
		return 0;
	return 1;
}

/* Draw the reasons. */
static void pause_draw(struct ui_app *app, struct ui *ui)
{
	struct caller *c = caller_of(app);
	char key[16];

	ui_text(ui, ui_s(ui, "pause_title"), 26, UI_BOLD, UI_INK, 16, 104,
	        UI_LEFT);
	for (int i = 0; i < c->app.nbuttons; i++) {
		const struct ui_button *b = &c->app.buttons[i];
		if (b->id < PAUSE_REASONS) {
			snprintf(key, sizeof key, "%d", b->id + 1);
			chrome_button(c, b, ui_s(ui, pause_reasons[b->id]), key,
			              UI_PANEL, UI_INK);
		} else if (b->id == PAUSE_CANCEL) {
			chrome_button(c, b, ui_s(ui, "cancel"), "Esc", UI_LINE,
			              UI_INK);
		}
	}
}

const struct screen screen_pause = {"pause", pause_enter, pause_event, NULL,
                                    pause_draw};
