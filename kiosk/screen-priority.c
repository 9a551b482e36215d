/*
 * 绿色通道: the priority lane for the elderly, the disabled, pregnant
 * women and military personnel. It says who it is for, then lists the
 * queues; the number taken from here on is a priority one (called before
 * the rest), until the citizen goes home.
 */
#include <stdio.h>

#include "kiosk.h"

#define PRIORITY_GRID_Y 660
#define PRIORITY_CELL_H 180
#define PRIORITY_GAP    18
#define PRIORITY_TEXT_X 136 /* from the cell's left: after the badge */

static void priority_layout(struct kiosk *k)
{
	size_t n = hall_nqueues(k);
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - PRIORITY_GAP) / 2;
	int rows = (CHROME_FOOTER_Y - 40 - PRIORITY_GRID_Y) /
	           (PRIORITY_CELL_H + PRIORITY_GAP);

	chrome_reset(k);
	for (size_t i = 0; i < n && (int)i < 2 * rows; i++)
		ui_app_add_button(
		    &k->app, (int)i,
		    CHROME_MARGIN + (int)(i % 2) * (w + PRIORITY_GAP),
		    PRIORITY_GRID_Y +
		        (int)(i / 2) * (PRIORITY_CELL_H + PRIORITY_GAP),
		    w, PRIORITY_CELL_H);
	chrome_footer_layout(k, 1);
}

static void priority_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	k->priority = 1;
	priority_layout(k);
}

/* One size for every name, the largest at which each fits two lines. */
static int priority_name_size(struct kiosk *k, struct ui *ui, int w)
{
	int size = chrome_sz(k, 40);

	for (size_t i = 0; i < hall_nqueues(k); i++) {
		const struct catalog_queue *q = &k->catalog->queues[i];
		while (size > 20 &&
		       ui_text_lines(ui, ui_tr(ui, q->name_zh, q->name_en),
		                     size, UI_BOLD, w) > 2)
			size = size * 9 / 10;
	}
	return size;
}

static void priority_cell(struct kiosk *k, struct ui *ui, int i,
                          const struct catalog_queue *q, int size)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *prefix = q->prefix;
	const char *name = ui_tr(ui, q->name_zh, q->name_en);
	int open = hall_queue_open(k, prefix);
	int tw = r->w - PRIORITY_TEXT_X - 20;
	int h = ui_text_lines(ui, name, size, UI_BOLD, tw) *
	        chrome_line_h(ui, size, UI_BOLD);

	chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
	              open ? UI_GREEN : UI_EDGE);
	chrome_badge(k, ui, prefix, r->x + 22, r->y + (r->h - 96) / 2, 96,
	             open ? UI_GREEN : UI_MUTED);
	ui_text_box(ui, name, size, UI_BOLD, open ? UI_INK : UI_MUTED,
	            r->x + PRIORITY_TEXT_X, r->y + (r->h - h) / 2, tw, 2);
}

static void priority_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const char *t = ui_s(ui, "priority"), *who = ui_s(ui, "priority_who");
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - PRIORITY_GAP) / 2;
	int size;

	priority_layout(k);
	size = priority_name_size(k, ui, w - PRIORITY_TEXT_X - 20);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W, 200, UI_GREEN);
	ui_text(ui, t, ui_text_fit(ui, t, chrome_sz(k, 76), UI_BOLD, 968),
	        UI_BOLD, UI_WHITE, KIOSK_DESIGN_W / 2, CHROME_HEADER_H + 76,
	        UI_CENTER | UI_MIDDLE);
	ui_text(ui, who,
	        ui_text_fit(ui, who, chrome_sz(k, 34), UI_REGULAR, 968),
	        UI_REGULAR, UI_WHITE, KIOSK_DESIGN_W / 2, CHROME_HEADER_H + 156,
	        UI_CENTER | UI_MIDDLE);
	ui_text_box(ui, ui_s(ui, "priority_intro"), chrome_sz(k, 36),
	            UI_REGULAR, UI_INK, CHROME_MARGIN, CHROME_HEADER_H + 224,
	            KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 3);
	for (int i = 0; i < k->app.nbuttons; i++)
		if (k->app.buttons[i].id < CHROME_BACK)
			priority_cell(k, ui, i,
			              &k->catalog->queues[k->app.buttons[i].id],
			              size);
	chrome_footer(k, ui);
}

static int priority_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == CHROME_BACK) {
		kiosk_home(k);
	} else if ((size_t)id < hall_nqueues(k)) {
		hall_choose_queue(k, &k->catalog->queues[id]);
	}
	return 1;
}

const struct screen screen_priority = {"priority", priority_enter,
                                       priority_event, NULL, priority_draw};
