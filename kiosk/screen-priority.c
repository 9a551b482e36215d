/*
 * 绿色通道: the priority lane for the elderly, the disabled, pregnant
 * women and military personnel. It says who it is for, then lists the
 * queues and, under them, the frequent items (chips.c); the number taken
 * from here on, by either way, is a priority one (called before the
 * rest), until the citizen goes home.
 */
#include <stdio.h>

#include "kiosk.h"

enum priority_id {
	PRIORITY_PREV = 200,
	PRIORITY_NEXT,
	PRIORITY_CHIP = 300, /* + index among the frequent items */
};

/* Where the frequent items' label goes: over the footer. */
static int priority_chips_y(struct kiosk *k)
{
	return CHROME_FOOTER_Y - CHROME_GAP - chips_block_h(k);
}

/* The green band: the lane's name and who it is for, each on its line. */
static int priority_band_h(struct kiosk *k)
{
	return chrome_line_h(k->app.ui, chrome_sz(k, 64), UI_BOLD) +
	       chrome_line_h(k->app.ui, chrome_sz(k, 30), UI_REGULAR) + 24;
}

static int priority_intro_y(struct kiosk *k)
{
	return CHROME_HEADER_H + priority_band_h(k) + 16;
}

static int priority_grid_y(struct kiosk *k)
{
	struct ui *ui = k->app.ui;
	int lines =
	    ui_text_lines(ui, ui_s(ui, "priority_intro"), chrome_sz(k, 34),
	                  UI_REGULAR, KIOSK_DESIGN_W - 2 * CHROME_MARGIN);

	return priority_intro_y(k) +
	       lines * chrome_line_h(ui, chrome_sz(k, 34), UI_REGULAR) + 24;
}

/* The queues two a row, every cell its full height; a page at a time
 * when they do not all fit, with a row to page with. */
static void priority_layout(struct kiosk *k)
{
	int n = (int)hall_nqueues(k), y = priority_grid_y(k);
	int cols = k->app.ui->large ? 1 : 2; /* large: a name a row */
	int cw =
	    (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - (cols - 1) * CHROME_GAP) /
	    cols;
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - CHROME_GAP) / 2;
	int h = k->app.ui->large ? 170 : 150, pitch = h + CHROME_GAP;
	int bottom = priority_chips_y(k);
	int room = bottom - y;
	int per = cols * (room / pitch), first;
	const struct catalog_item *top[4];
	size_t ntop = chips_items(k, top, chips_count(k));

	if (n > per)
		per = cols * ((room - CHROME_TARGET_H - CHROME_GAP) / pitch);
	if (per < cols)
		per = cols;
	if (k->list_page * per >= n)
		k->list_page = 0;
	first = k->list_page * per;
	chrome_reset(k);
	for (int i = first; i < n && i < first + per; i++)
		ui_app_add_button(&k->app, i,
		                  CHROME_MARGIN +
		                      ((i - first) % cols) * (cw + CHROME_GAP),
		                  y + ((i - first) / cols) * pitch, cw, h);
	if (n > per) {
		int py = bottom - CHROME_GAP - CHROME_TARGET_H;
		if (k->list_page > 0)
			ui_app_add_button(&k->app, PRIORITY_PREV, CHROME_MARGIN,
			                  py, w, CHROME_TARGET_H);
		if (first + per < n)
			ui_app_add_button(&k->app, PRIORITY_NEXT,
			                  CHROME_MARGIN + w + CHROME_GAP, py, w,
			                  CHROME_TARGET_H);
	}
	chips_layout(k, bottom, ntop, PRIORITY_CHIP);
	chrome_footer_layout(k, 1);
}

static void priority_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	k->priority = 1;
	k->list_page = 0;
	priority_layout(k);
}

/* A queue: its letter, its name sized for itself, and 暂停取号 when it
 * is not issuing (in words, not only in grey). */
static void priority_cell(struct kiosk *k, struct ui *ui, int i,
                          const struct catalog_queue *q)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	int open = hall_queue_open(k, q->prefix), side = 96;
	int x = r->x + 22 + side + 18;
	SDL_Rect name = {x, r->y, r->x + r->w - 16 - x, r->h};

	chrome_button(k, ui, &k->app.buttons[i], open ? UI_PANEL : UI_BG,
	              open ? UI_GREEN : UI_EDGE);
	chrome_badge(k, ui, q->prefix, r->x + 22, r->y + (r->h - side) / 2,
	             side, open ? UI_GREEN : UI_MUTED);
	if (!open) {
		SDL_Rect closed = {x, r->y + r->h * 62 / 100, name.w,
		                   r->h * 38 / 100 - 6};
		name.h = r->h * 62 / 100;
		char why[96];
		hours_closed_text(k, hall_queue_status(k, q->prefix), why,
		                  sizeof why);
		ui_text_block(ui, why, chrome_sz(k, 26), 26, UI_BOLD, UI_WARN,
		              closed, UI_LEFT);
	}
	ui_text_block(ui, ui_tr(ui, q->name_zh, q->name_en), chrome_sz(k, 36),
	              open ? 30 : 26, UI_BOLD, open ? UI_INK : UI_MUTED, name,
	              UI_LEFT);
}

static void priority_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const char *t = ui_s(ui, "priority"), *who = ui_s(ui, "priority_who");
	int th = chrome_line_h(ui, chrome_sz(k, 64), UI_BOLD);
	SDL_Rect tr = {CHROME_MARGIN, CHROME_HEADER_H + 8,
	               KIOSK_DESIGN_W - 2 * CHROME_MARGIN, th},
	         wr = {CHROME_MARGIN, CHROME_HEADER_H + 8 + th,
	               KIOSK_DESIGN_W - 2 * CHROME_MARGIN,
	               priority_band_h(k) - th - 16};

	const struct catalog_item *top[4];
	size_t ntop = chips_items(k, top, chips_count(k));

	priority_layout(k);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W, priority_band_h(k),
	        UI_GREEN);
	ui_text_block(ui, t, chrome_sz(k, 64), 64, UI_BOLD, UI_WHITE, tr,
	              UI_CENTER);
	ui_text_block(ui, who, chrome_sz(k, 30), 30, UI_REGULAR, UI_WHITE, wr,
	              UI_CENTER);
	ui_text_box(ui, ui_s(ui, "priority_intro"), chrome_sz(k, 34),
	            UI_REGULAR, UI_INK, CHROME_MARGIN, priority_intro_y(k),
	            KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 4);
	if (ntop > 0)
		chips_label(k, ui, priority_chips_y(k));
	for (int i = 0; i < k->app.nbuttons; i++) {
		const struct ui_button *b = &k->app.buttons[i];
		if (b->id >= PRIORITY_CHIP &&
		    (size_t)(b->id - PRIORITY_CHIP) < ntop)
			chips_draw(k, ui, i, top[b->id - PRIORITY_CHIP]);
		else if (b->id < PRIORITY_PREV)
			priority_cell(k, ui, i, &k->catalog->queues[b->id]);
		else if (b->id == PRIORITY_PREV || b->id == PRIORITY_NEXT) {
			chrome_button(k, ui, b, UI_PANEL, UI_EDGE);
			chrome_label(k, ui,
			             ui_s(ui, b->id == PRIORITY_PREV
			                          ? "page_prev"
			                          : "page_next"),
			             40, UI_BOLD, UI_INK, &b->r, 16, UI_CENTER);
		}
	}
	chrome_footer(k, ui);
}

static int priority_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);
	const struct catalog_item *top[4];
	size_t ntop = chips_items(k, top, chips_count(k));

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id >= PRIORITY_CHIP) {
		if ((size_t)(id - PRIORITY_CHIP) < ntop)
			chips_tap(k, top[id - PRIORITY_CHIP]);
	} else if (id == PRIORITY_PREV || id == PRIORITY_NEXT) {
		k->list_page += id == PRIORITY_NEXT ? 1 : -1;
	} else if (id == CHROME_BACK) {
		kiosk_home(k);
	} else if ((size_t)id < hall_nqueues(k)) {
		hall_choose_queue(k, &k->catalog->queues[id]);
	}
	return 1;
}

const struct screen screen_priority = {"priority", priority_enter,
                                       priority_event, NULL, priority_draw};
