/*
 * The idle return: a citizen who walked away leaves nothing behind for the
 * next one. Reading takes time, so the limits are long (60 s on the queue
 * and item screens, 120 s on the ticket, both configurable), and before
 * sending anyone home the kiosk asks 还需要更多时间吗？ with a large 继续;
 * any touch while it asks is an answer, and goes to nothing beneath.
 *
 * The timer stops while paper is on its way and after a failed print: the
 * number on screen is then the citizen's only ticket, and it stays until
 * they tap 完成. The print outcome starts the timer afresh
 * (citizen_on_print), so the time to read it is never eaten by the wait.
 */
#include <string.h>

#include "kiosk.h"
#include "log.h"

#define IDLE_CARD_Y   560
#define IDLE_CARD_H   720
#define IDLE_BUTTON_H 180

/* Nothing a citizen left behind: no idle return needed. */
static int idle_at_rest(const struct kiosk *k)
{
	enum ui_lang lang = strcmp(k->set->lang, "en") == 0 ? UI_EN : UI_ZH;

	return k->app.screen == &screen_offline ||
	       (k->app.screen == &screen_home && k->app.ui->lang == lang &&
	        k->app.ui->large == k->set->large_text && k->page == 0);
}

/* Seconds of no touch before home on the screen on show; 0: never. */
int idle_limit_s(const struct kiosk *k)
{
	if (idle_at_rest(k))
		return 0;
	if (k->app.screen != &screen_ticket)
		return k->set->idle_s;
	if (k->phase == KIOSK_PRINTING || k->phase == KIOSK_PRINT_FAILED)
		return 0;
	return k->set->ticket_idle_s;
}

/* How long before the return the kiosk asks: at most half the limit, so
 * a short limit still leaves time to use the screen unasked. */
static uint32_t idle_ask_ms(const struct kiosk *k, int limit_s)
{
	int ask = k->set->idle_ask_s;

	if (ask > limit_s / 2)
		ask = limit_s / 2;
	return (uint32_t)ask * 1000;
}

void idle_restart(struct kiosk *k)
{
	k->touched_ms = SDL_GetTicks();
	if (k->asking) {
		k->asking = 0;
		ui_app_changed(&k->app);
	}
}

void idle_tick(struct kiosk *k, uint32_t now)
{
	int limit = idle_limit_s(k);
	uint32_t idle = now - k->touched_ms, limit_ms = (uint32_t)limit * 1000;
	int left;

	if (limit == 0) {
		/* A stopped timer starts afresh when it runs again. */
		k->touched_ms = now;
		if (k->asking)
			idle_restart(k);
		return;
	}
	if (idle >= limit_ms) {
		log_info("kiosk", "no touch for %d s: back home", limit);
		k->asking = 0;
		kiosk_reset(k);
		k->touched_ms = now;
		return;
	}
	if (idle + idle_ask_ms(k, limit) < limit_ms)
		return;
	left = (int)((limit_ms - idle + 999) / 1000);
	if (!k->asking || left != k->ask_left_s) {
		if (!k->asking)
			log_info("kiosk", "asking for more time");
		k->asking = 1;
		k->ask_left_s = left;
		ui_app_changed(&k->app);
	}
}

/* While asking, a touch anywhere is 继续; 1 when the event was taken. */
int idle_event(struct kiosk *k, const SDL_Event *ev)
{
	if (!k->asking || !ui_app_pointer(ev))
		return 0;
	k->touched_ms = SDL_GetTicks();
	k->app.pressed = ev->type == SDL_MOUSEBUTTONDOWN ? KIOSK_IDLE_GO : -1;
	if (ev->type == SDL_MOUSEBUTTONUP) {
		log_info("kiosk", "more time asked for");
		idle_restart(k);
	}
	k->app.dirty = 1;
	return 1;
}

/* The question over whatever the screen shows. */
void idle_draw(struct kiosk *k, struct ui *ui)
{
	int x = CHROME_MARGIN, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int c = KIOSK_DESIGN_W / 2, y = IDLE_CARD_Y, size;
	struct ui_button go = {{x + 56, y + IDLE_CARD_H - IDLE_BUTTON_H - 64,
	                        w - 112, IDLE_BUTTON_H},
	                       KIOSK_IDLE_GO,
	                       1};
	const char *ask = ui_s(ui, "idle_ask"), *more = ui_s(ui, "idle_more");
	char left[96];

	if (!k->asking)
		return;
	ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W,
	        KIOSK_DESIGN_H - CHROME_HEADER_H, UI_INK);
	ui_fill_round(ui, x, y, w, IDLE_CARD_H, 32, UI_PANEL);
	size = ui_text_fit(ui, ask, chrome_sz(k, 64), UI_BOLD, w - 96);
	ui_text(ui, ask, size, UI_BOLD, UI_INK, c, y + 130,
	        UI_CENTER | UI_MIDDLE);
	chrome_say(k, left, sizeof left, "idle_left", k->ask_left_s);
	size = ui_text_fit(ui, left, chrome_sz(k, 44), UI_REGULAR, w - 96);
	ui_text(ui, left, size, UI_REGULAR, UI_INK, c, y + 250,
	        UI_CENTER | UI_MIDDLE);
	chrome_button(k, ui, &go, UI_ACCENT, (SDL_Color){0, 0, 0, 0});
	size = ui_text_fit(ui, more, chrome_sz(k, 72), UI_BOLD, go.r.w - 48);
	ui_text(ui, more, size, UI_BOLD, UI_ACCENT_INK, c,
	        go.r.y + IDLE_BUTTON_H / 2, UI_CENTER | UI_MIDDLE);
}
