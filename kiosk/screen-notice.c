/*
 * A calm word when a number cannot be had: the queue reached its daily
 * cap, the queue is not issuing, or the take did not complete. It says
 * what happened and what to do, and leads back home.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

enum notice_id { NOTICE_HOME = 1 };

static void notice_layout(struct kiosk *k)
{
	chrome_reset(k);
	ui_app_add_button(&k->app, NOTICE_HOME, CHROME_MARGIN, 1420,
	                  KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 150);
	chrome_footer_tail(k, CHROME_FOOTER_Y, CHROME_FOOTER_H);
}

static void notice_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	k->notice = arg ? arg : "notice_failed";
	notice_layout(k);
}

static void notice_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	char title[64], hours[512];
	const char *body;
	const SDL_Rect *r;
	const char *t, *home = ui_s(ui, "notice_home");
	int c = KIOSK_DESIGN_W / 2, lines, text_w;

	notice_layout(k);
	snprintf(title, sizeof title, "%s_title", k->notice);
	/* Closed by its hours: when it opens, in the hours' own words. */
	body = ui_s(ui, k->notice);
	if (strcmp(k->notice, "notice_queue_closed") == 0 &&
	    hours_closed_by_hours(k, k->notice_queue)) {
		snprintf(title, sizeof title, "notice_queue_hours_title");
		hours_notice_text(k, hours, sizeof hours);
		body = hours;
	}
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	/* A round sign, amber: attention, not alarm. */
	ui_fill_round(ui, c - 110, 400, 220, 220, 110, UI_WARN);
	ui_text(ui, "!", 150, UI_BOLD, UI_WHITE, c, 510, UI_CENTER | UI_MIDDLE);
	t = ui_s(ui, title);
	ui_text(ui, t, ui_text_fit(ui, t, chrome_sz(k, 64), UI_BOLD, 968),
	        UI_BOLD, UI_INK, c, 740, UI_CENTER | UI_MIDDLE);
	text_w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN - 112;
	lines = ui_text_lines(ui, body, chrome_sz(k, 40), UI_REGULAR, text_w);
	if (lines > 6)
		lines = 6;
	ui_fill_round(
	    ui, CHROME_MARGIN, 840, KIOSK_DESIGN_W - 2 * CHROME_MARGIN,
	    lines * chrome_line_h(ui, chrome_sz(k, 40), UI_REGULAR) + 100, 24,
	    UI_PANEL);
	ui_text_box(ui, body, chrome_sz(k, 40), UI_REGULAR, UI_INK,
	            CHROME_MARGIN + 56, 890, text_w, 6);
	r = chrome_rect(k, NOTICE_HOME);
	chrome_button(k, ui, ui_app_button(&k->app, NOTICE_HOME), UI_ACCENT,
	              (SDL_Color){0, 0, 0, 0});
	ui_text(ui, home, chrome_sz(k, 52), UI_BOLD, UI_ACCENT_INK,
	        r->x + r->w / 2, r->y + r->h / 2, UI_CENTER | UI_MIDDLE);
	chrome_footer(k, ui);
}

static int notice_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == NOTICE_HOME)
		kiosk_home(k);
	return 1;
}

const struct screen screen_notice = {"notice", notice_enter, notice_event, NULL,
                                     notice_draw};
