/*
 * The frequent items (常办事项) as chips, each two taps from a ticket: on
 * the home screen, and on 绿色通道's, where a chip leads to the same item
 * with the number a priority one. Priority mode applies to every way to a
 * ticket: a chip on the priority screen is green and its item screen says
 * 绿色通道. A closed queue's chip says 暂停取号 in words, not only in
 * grey, and a tap on it explains instead of going on.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

/* A closed chip: the page's own grey, outlined, so its words keep 7:1. */
static const SDL_Color CHIPS_CLOSED = {0xf3, 0xf5, 0xf8, 0xff};

/* The items shown as chips: configured, else each of the first queues'
 * first item. */
size_t chips_items(struct kiosk *k, const struct catalog_item **out, size_t max)
{
	size_t n = 0;

	for (int t = 0; t < k->set->ntop && n < max; t++) {
		const struct catalog_item *it =
		    hall_item(k, k->set->top_items[t]);
		if (it)
			out[n++] = it;
	}
	if (k->set->ntop > 0)
		return n;
	for (size_t i = 0; i < hall_nqueues(k) && n < max; i++) {
		const struct catalog_item *first;
		if (hall_items_of(k, k->catalog->queues[i].prefix, &first, 1) ==
		    1)
			out[n++] = first;
	}
	return n;
}

/* Four chips, two in large text (a row of them). */
size_t chips_count(const struct kiosk *k)
{
	return k->app.ui->large ? 2 : 4;
}

/* A chip: in large text as tall as three lines of an English name. */
int chips_h(const struct kiosk *k)
{
	return k->app.ui->large ? 220 : CHROME_TARGET_H + 16;
}

/* The height of the chips' block with its label line over them. */
int chips_block_h(const struct kiosk *k)
{
	int rows = (int)(chips_count(k) + 1) / 2;

	return CHIPS_LABEL + rows * (chips_h(k) + CHROME_GAP);
}

/* Lay out n chips under the label at y, ids from first_id. */
void chips_layout(struct kiosk *k, int y, size_t n, int first_id)
{
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - CHROME_GAP) / 2;

	for (size_t i = 0; i < n; i++)
		ui_app_add_button(&k->app, first_id + (int)i,
		                  CHROME_MARGIN +
		                      (int)(i % 2) * (w + CHROME_GAP),
		                  y + CHIPS_LABEL + CHROME_GAP +
		                      (int)(i / 2) * (chips_h(k) + CHROME_GAP),
		                  w, chips_h(k));
}

/* The label over the chips at y. */
void chips_label(struct kiosk *k, struct ui *ui, int y)
{
	ui_text(ui, ui_s(ui, "home_popular"), chrome_sz(k, 34), UI_BOLD,
	        UI_MUTED, CHROME_MARGIN, y + CHIPS_LABEL / 2, UI_MIDDLE);
}

/* A chip: the item's name, wrapped, beside its queue's letter; in
 * priority mode green. */
void chips_draw(struct kiosk *k, struct ui *ui, int i,
                const struct catalog_item *it)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *name = ui_tr(ui, it->name_zh, it->name_en);
	int open = hall_queue_open(k, it->queue), x;
	int side = r->h - 28 < 96 ? r->h - 28 : 96;
	SDL_Color lane = k->priority ? UI_GREEN : UI_ACCENT;
	SDL_Rect box;

	chrome_button(k, ui, &k->app.buttons[i], open ? UI_PANEL : CHIPS_CLOSED,
	              open ? lane : UI_EDGE);
	chrome_badge(k, ui, it->queue, r->x + 16, r->y + (r->h - side) / 2,
	             side, open ? lane : UI_MUTED);
	x = r->x + 16 + side + 20;
	box = (SDL_Rect){x - 6, r->y, r->x + r->w - x - 10, r->h};
	if (!open) {
		SDL_Rect closed = {box.x, r->y + r->h * 58 / 100, box.w,
		                   r->h * 42 / 100 - 6};
		char why[96];
		box.h = r->h * 58 / 100;
		/* 暂停取号, or when it opens by its hours ("14:00 开始取号") */
		hours_closed_text(k, hall_queue_status(k, it->queue), why,
		                  sizeof why);
		chrome_label(k, ui, why, 26, UI_BOLD, UI_WARN, &closed, 6,
		             UI_LEFT);
	}
	/* A closed chip's name has 58% of the height: it may go to 22 px
	 * there rather than lose its end ("Ordinary passpor…"). */
	chrome_label_floor(k, ui, name, 30, open ? 30 : 22, UI_BOLD,
	                   open ? UI_INK : UI_MUTED, &box, 6, UI_LEFT);
}

/* A chip tapped: its item (priority kept as it is), or why not. */
void chips_tap(struct kiosk *k, const struct catalog_item *it)
{
	snprintf(k->notice_queue, sizeof k->notice_queue, "%s", it->queue);
	if (!hall_queue_open(k, it->queue))
		ui_app_go(&k->app, &screen_notice, "notice_queue_closed");
	else
		ui_app_go(&k->app, &screen_item, it->id);
}
