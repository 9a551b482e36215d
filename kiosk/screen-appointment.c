/*
 * 预约取号: the citizen types the 6-digit code of an appointment booked
 * beforehand (a QR of it photographed on a phone shows the same digits)
 * and gets a ticket, as a take gives. A refused code brings this pad back
 * with the reason in plain words: no such code, used, cancelled, another
 * day, too early, or too many wrong codes from this kiosk.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

enum appt_id {
	APPT_KEY = 1, /* 12 keys: 1-9, 清除, 0, 删除 (ids 1..12) */
	APPT_OK = 20,
};

#define APPT_CODE_DIGITS 6
#define APPT_KEY_W       300
#define APPT_KEY_H       130
#define APPT_TOP         720

static const char *const appt_keys[12] = {"1", "2", "3", "4", "5", "6",
                                          "7", "8", "9", "",  "0", ""};

static void appt_layout(struct kiosk *k)
{
	int gap = CHROME_GAP + 12;
	int x0 = (KIOSK_DESIGN_W - 3 * APPT_KEY_W - 2 * gap) / 2;

	chrome_reset(k);
	for (int i = 0; i < 12; i++)
		ui_app_add_button(&k->app, APPT_KEY + i,
		                  x0 + (i % 3) * (APPT_KEY_W + gap),
		                  APPT_TOP + (i / 3) * (APPT_KEY_H + gap),
		                  APPT_KEY_W, APPT_KEY_H);
	ui_app_add_button(&k->app, APPT_OK, x0, 1390, 3 * APPT_KEY_W + 2 * gap,
	                  150);
	chrome_footer_layout(k, 1);
}

static void appt_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);

	k->appt_why = arg; /* a strings key, or NULL */
	k->appt_code[0] = '\0';
	appt_layout(k);
}

static void appt_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	int c = KIOSK_DESIGN_W / 2, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int full = strlen(k->appt_code) == APPT_CODE_DIGITS;
	char shown[32] = "";
	SDL_Rect box = {CHROME_MARGIN, 280, w, 100};

	appt_layout(k);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	chrome_label(k, ui, ui_s(ui, "appt_title"), 52, UI_BOLD, UI_INK, &box,
	             0, UI_CENTER);
	box = (SDL_Rect){CHROME_MARGIN, 380, w, 120};
	chrome_label(
	    k, ui,
	    k->appt_why ? ui_s(ui, k->appt_why) : ui_s(ui, "appt_prompt"), 32,
	    UI_BOLD, k->appt_why ? UI_WARN : UI_MUTED, &box, 0, UI_CENTER);
	/* Six boxes, one a digit: how many are left shows at a glance. */
	for (int i = 0; i < APPT_CODE_DIGITS; i++) {
		int bw = 120, gap = 24, x;
		x = c -
		    (APPT_CODE_DIGITS * bw + (APPT_CODE_DIGITS - 1) * gap) / 2 +
		    i * (bw + gap);
		ui_fill_round(ui, x, 530, bw, 140, 18, UI_PANEL);
		if ((size_t)i < strlen(k->appt_code)) {
			shown[0] = k->appt_code[i];
			shown[1] = '\0';
			ui_text(ui, shown, 72, UI_BOLD, UI_INK, x + bw / 2, 600,
			        UI_CENTER | UI_MIDDLE);
		}
	}
	for (int i = 0; i < 12; i++) {
		const struct ui_button *b = ui_app_button(a, APPT_KEY + i);
		chrome_button(k, ui, b, UI_PANEL, UI_EDGE);
		if (i == 9 || i == 11)
			chrome_label(
			    k, ui,
			    ui_s(ui, i == 9 ? "idnum_clear" : "idnum_delete"),
			    44, UI_BOLD, UI_INK, &b->r, 8, UI_CENTER);
		else
			ui_text(ui, appt_keys[i], 64, UI_BOLD, UI_INK,
			        b->r.x + b->r.w / 2, b->r.y + b->r.h / 2,
			        UI_CENTER | UI_MIDDLE);
	}
	{
		const struct ui_button *b = ui_app_button(a, APPT_OK);
		chrome_button(k, ui, b, full ? UI_ACCENT : UI_EDGE,
		              (SDL_Color){0, 0, 0, 0});
		chrome_label(k, ui, ui_s(ui, "appt_ok"), 52, UI_BOLD,
		             full ? UI_ACCENT_INK : UI_MUTED, &b->r, 8,
		             UI_CENTER);
	}
	box = (SDL_Rect){CHROME_MARGIN, 1570, w, 170};
	chrome_label(k, ui, ui_s(ui, "appt_hint"), 28, UI_REGULAR, UI_MUTED,
	             &box, 0, UI_CENTER);
	chrome_footer(k, ui);
}

static int appt_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	size_t n = strlen(k->appt_code);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (id == CHROME_BACK) {
		kiosk_home(k);
		return 1;
	}
	if (chrome_common(k, id))
		return 1;
	k->appt_why = NULL;
	if (id == APPT_KEY + 9) {
		k->appt_code[0] = '\0';
	} else if (id == APPT_KEY + 11) {
		if (n > 0)
			k->appt_code[n - 1] = '\0';
	} else if (id >= APPT_KEY && id < APPT_KEY + 12 &&
	           n < APPT_CODE_DIGITS) {
		k->appt_code[n] = appt_keys[id - APPT_KEY][0];
		k->appt_code[n + 1] = '\0';
	} else if (id == APPT_OK && n == APPT_CODE_DIGITS) {
		char code[8];
		snprintf(code, sizeof code, "%s", k->appt_code);
		citizen_checkin(k, code);
	}
	return 1;
}

const struct screen screen_appointment = {"appointment", appt_enter, appt_event,
                                          NULL, appt_draw};
