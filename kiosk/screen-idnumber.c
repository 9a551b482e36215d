/*
 * 身份证号码: a queue that limits numbers per person a day asks for the
 * citizen's ID number before the take (typed here; an ID-card reader
 * would fill the same field). What is typed is shown masked, all but the
 * last character, so nobody behind reads it off the screen; it lives in
 * k->id_number only until the take is sent, and is wiped then or when the
 * citizen leaves. The daemon checks it and keeps only a keyed hash.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

enum idnum_id {
	IDNUM_KEY = 1, /* 12 keys: 1-9, X, 0, delete (ids 1..12) */
	IDNUM_OK = 20,
	IDNUM_CLEAR,
};

#define IDNUM_KEY_W 300
#define IDNUM_KEY_H 130
#define IDNUM_TOP   760

/* The last is 删除 (delete), in words: no font here has ⌫. */
static const char *const idnum_keys[12] = {"1", "2", "3", "4", "5", "6",
                                           "7", "8", "9", "X", "0", ""};

static void idnum_layout(struct kiosk *k)
{
	int gap = CHROME_GAP + 12;
	int x0 = (KIOSK_DESIGN_W - 3 * IDNUM_KEY_W - 2 * gap) / 2;

	chrome_reset(k);
	for (int i = 0; i < 12; i++)
		ui_app_add_button(&k->app, IDNUM_KEY + i,
		                  x0 + (i % 3) * (IDNUM_KEY_W + gap),
		                  IDNUM_TOP + (i / 3) * (IDNUM_KEY_H + gap),
		                  IDNUM_KEY_W, IDNUM_KEY_H);
	ui_app_add_button(&k->app, IDNUM_CLEAR, x0, 1424, IDNUM_KEY_W, 150);
	ui_app_add_button(&k->app, IDNUM_OK, x0 + IDNUM_KEY_W + gap, 1424,
	                  2 * IDNUM_KEY_W + gap, 150);
	chrome_footer_layout(k, 1);
}

static void idnum_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);

	/* arg: why the pad is shown again ("idnum_bad"), or NULL. */
	k->id_why = arg;
	kiosk_forget_id(k);
	idnum_layout(k);
}

/* "••••••••••••••• 7": all masked but the last character typed. */
static void idnum_masked(const struct kiosk *k, char *out, size_t size)
{
	size_t n = strlen(k->id_number), at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && at + 8 < size; i++) {
		if (i > 0 && i % 6 == 0)
			out[at++] = ' ';
		if (i + 1 == n) {
			out[at++] = k->id_number[i];
		} else {
			out[at++] = '*';
		}
		out[at] = '\0';
	}
}

static void idnum_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_queue *q = hall_queue(k, k->queue);
	int c = KIOSK_DESIGN_W / 2, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int full = strlen(k->id_number) == KIOSK_ID_LEN;
	char masked[128], count[64], limit[160];
	SDL_Rect box = {CHROME_MARGIN, 300, w, 110};

	idnum_layout(k);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	chrome_label(k, ui, ui_s(ui, "idnum_title"), 52, UI_BOLD, UI_INK, &box,
	             0, UI_CENTER);
	chrome_say(k, limit, sizeof limit, "idnum_why",
	           q ? q->person_daily_limit : 1);
	box = (SDL_Rect){CHROME_MARGIN, 410, w, 110};
	chrome_label(k, ui, k->id_why ? ui_s(ui, k->id_why) : limit, 30,
	             UI_BOLD, k->id_why ? UI_WARN : UI_MUTED, &box, 0,
	             UI_CENTER);
	/* The field: masked characters and how many of 18. */
	ui_fill_round(ui, CHROME_MARGIN, 540, w, 130, 24, UI_PANEL);
	idnum_masked(k, masked, sizeof masked);
	ui_text(ui, masked[0] ? masked : ui_s(ui, "idnum_empty"),
	        masked[0] ? 44 : 36, UI_BOLD, masked[0] ? UI_INK : UI_MUTED, c,
	        590, UI_CENTER | UI_MIDDLE);
	chrome_say(k, count, sizeof count, "idnum_count",
	           (long)strlen(k->id_number));
	ui_text(ui, count, 26, UI_REGULAR, UI_MUTED, c, 648,
	        UI_CENTER | UI_MIDDLE);
	for (int i = 0; i < 12; i++) {
		const struct ui_button *b = ui_app_button(a, IDNUM_KEY + i);
		chrome_button(k, ui, b, UI_PANEL, UI_EDGE);
		if (i == 11)
			chrome_label(k, ui, ui_s(ui, "idnum_delete"), 44,
			             UI_BOLD, UI_INK, &b->r, 8, UI_CENTER);
		else
			ui_text(ui, idnum_keys[i], 64, UI_BOLD, UI_INK,
			        b->r.x + b->r.w / 2, b->r.y + b->r.h / 2,
			        UI_CENTER | UI_MIDDLE);
	}
	{
		const struct ui_button *b = ui_app_button(a, IDNUM_CLEAR);
		chrome_button(k, ui, b, UI_PANEL, UI_EDGE);
		chrome_label(k, ui, ui_s(ui, "idnum_clear"), 44, UI_BOLD,
		             UI_INK, &b->r, 8, UI_CENTER);
		b = ui_app_button(a, IDNUM_OK);
		chrome_button(k, ui, b, full ? UI_ACCENT : UI_EDGE,
		              (SDL_Color){0, 0, 0, 0});
		chrome_label(k, ui, ui_s(ui, "idnum_ok"), 48, UI_BOLD,
		             full ? UI_ACCENT_INK : UI_MUTED, &b->r, 8,
		             UI_CENTER);
	}
	box = (SDL_Rect){CHROME_MARGIN, 1580, w, 160};
	chrome_label(k, ui, ui_s(ui, "idnum_privacy"), 26, UI_REGULAR, UI_MUTED,
	             &box, 0, UI_CENTER);
	chrome_footer(k, ui);
}

static int idnum_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	size_t n = strlen(k->id_number);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (id == CHROME_BACK || id == CHROME_HOME) {
		kiosk_forget_id(k);
		if (id == CHROME_HOME || k->queue[0] == '\0')
			kiosk_home(k);
		else
			ui_app_go(a, &screen_queue, k->queue);
		return 1;
	}
	if (chrome_common(k, id))
		return 1;
	k->id_why = NULL;
	if (id == IDNUM_KEY + 11 && n > 0) {
		k->id_number[n - 1] = '\0';
	} else if (id >= IDNUM_KEY && id < IDNUM_KEY + 11 && n < KIOSK_ID_LEN) {
		/* X is only ever the last character. */
		if (id != IDNUM_KEY + 9 || n == KIOSK_ID_LEN - 1) {
			k->id_number[n] = idnum_keys[id - IDNUM_KEY][0];
			k->id_number[n + 1] = '\0';
		}
	} else if (id == IDNUM_CLEAR) {
		kiosk_forget_id(k);
	} else if (id == IDNUM_OK && n == KIOSK_ID_LEN) {
		citizen_take(k, k->queue, k->id_item[0] ? k->id_item : NULL);
	}
	return 1;
}

const struct screen screen_idnumber = {"idnumber", idnum_enter, idnum_event,
                                       NULL, idnum_draw};
