/*
 * Home: the hall's name and clock; one wide row per queue, like a
 * departures board, with its letter, its name, how many wait and for how
 * long (live: every daemon event refreshes the status); the frequent items,
 * each two taps from a ticket; and the big buttons an elderly citizen
 * looks for: 绿色通道 (priority), large text, and the language.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

#define HOME_LIST_Y 330

enum home_id {
	HOME_QUEUE = 0, /* + index in the catalog's queues */
	HOME_TOP = 200, /* + index among the top items */
	HOME_PRIORITY = 300,
	HOME_PREV,
	HOME_NEXT,
	HOME_APPOINTMENT, /* 预约取号: a code booked beforehand */
};

/* Whether any item of the catalog takes appointments. */
static int home_bookable(const struct kiosk *k)
{
	for (size_t i = 0; k->catalog && i < k->catalog->nitems; i++)
		if (k->catalog->items[i].appt_per_slot > 0)
			return 1;
	return 0;
}

/* A closed row: the page's own grey, outlined, so its words keep 7:1. */
static const SDL_Color HOME_CLOSED = {0xf3, 0xf5, 0xf8, 0xff};

static size_t home_nqueues(const struct kiosk *k)
{
	return hall_nqueues(k);
}

/* A queue's row and a shortcut: taller in large text, where names take
 * two lines. */
static int home_row_h(const struct kiosk *k)
{
	return k->app.ui->large ? 200 : CHROME_TARGET_H + 16;
}

/* The footer: taller in large text, where 绿色通道's second line wraps. */
/* The footer: 绿色通道 beside 大字模式, 语音 and the language; in large
 * text 绿色通道 is a row of its own above them, as wide as the panel,
 * so its name is 3/2 of its normal size. */
#define HOME_PRIORITY_LARGE_H 200
static int home_footer_h(const struct kiosk *k)
{
	return k->app.ui->large
	           ? HOME_PRIORITY_LARGE_H + CHROME_GAP + CHROME_FOOTER_H
	           : CHROME_FOOTER_H;
}

static int home_footer_y(const struct kiosk *k)
{
	return CHROME_FOOTER_Y + CHROME_FOOTER_H - home_footer_h(k);
}

/* Where the shortcuts' label goes: above their rows, over the footer. */
static int home_top_y(const struct kiosk *k)
{
	return home_footer_y(k) - chips_block_h(k) - CHROME_GAP;
}

/* Rows on one page: all of them when they fit, else one row fewer and a
 * row to page with. Never smaller rows. */
static int home_per_page(const struct kiosk *k, int *paged)
{
	int pitch = home_row_h(k) + CHROME_GAP;
	int room = home_top_y(k) - HOME_LIST_Y, fit = room / pitch;

	*paged = home_nqueues(k) > (size_t)fit;
	if (*paged) /* room for the pager's row */
		fit = (room - CHROME_TARGET_H - CHROME_GAP) / pitch;
	return fit > 0 ? fit : 1;
}

static void home_layout(struct kiosk *k)
{
	size_t nq = home_nqueues(k);
	int paged, per = home_per_page(k, &paged), first = k->page * per, w;
	int row_h = home_row_h(k), pitch = row_h + CHROME_GAP;
	const struct catalog_item *top[4];
	size_t ntop = chips_items(k, top, chips_count(k));

	chrome_reset(k);
	for (int r = 0; r < per && (size_t)(first + r) < nq; r++)
		ui_app_add_button(&k->app, HOME_QUEUE + first + r,
		                  CHROME_MARGIN, HOME_LIST_Y + r * pitch,
		                  KIOSK_DESIGN_W - 2 * CHROME_MARGIN, row_h);
	w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - CHROME_GAP) / 2;
	/* 预约取号 where the previous page's button is on later pages. */
	if (k->page == 0 && home_bookable(k))
		ui_app_add_button(&k->app, HOME_APPOINTMENT, CHROME_MARGIN,
		                  HOME_LIST_Y + per * pitch, w,
		                  CHROME_TARGET_H);
	if (paged) {
		int y = HOME_LIST_Y + per * pitch;
		if (k->page > 0)
			ui_app_add_button(&k->app, HOME_PREV, CHROME_MARGIN, y,
			                  w, CHROME_TARGET_H);
		if ((size_t)(first + per) < nq)
			ui_app_add_button(&k->app, HOME_NEXT,
			                  CHROME_MARGIN + w + CHROME_GAP, y, w,
			                  CHROME_TARGET_H);
	}
	chips_layout(k, home_top_y(k), ntop, HOME_TOP);
	w = chrome_footer_tail(k, CHROME_FOOTER_Y, CHROME_FOOTER_H);
	if (k->app.ui->large)
		ui_app_add_button(
		    &k->app, HOME_PRIORITY, CHROME_MARGIN, home_footer_y(k),
		    KIOSK_DESIGN_W - 2 * CHROME_MARGIN, HOME_PRIORITY_LARGE_H);
	else
		ui_app_add_button(&k->app, HOME_PRIORITY, CHROME_MARGIN,
		                  CHROME_FOOTER_Y, w, CHROME_FOOTER_H);
}

static void home_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	home_layout(k);
}

/* Room for the wait at the right of a row: the rest holds the name. */
static int home_right(const struct kiosk *k)
{
	return k->app.ui->large ? 320 : 230;
}

/* A queue's letter at the left of a button; returns where text may start. */
static int home_badge(struct kiosk *k, struct ui *ui, const SDL_Rect *r,
                      const char *prefix, int open)
{
	int side = r->h - 28 < 96 ? r->h - 28 : 96;

	chrome_badge(k, ui, prefix, r->x + 16, r->y + (r->h - side) / 2, side,
	             open ? UI_ACCENT : UI_MUTED);
	return r->x + 16 + side + 20;
}

/* A queue's row: its name, sized for itself, and its wait at the right. */
static void home_queue_row(struct kiosk *k, struct ui *ui, int i,
                           const struct catalog_queue *q)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *prefix = q->prefix;
	const struct view_queue *qs = hall_queue_status(k, prefix);
	int open = hall_queue_open(k, prefix);
	char waiting[96], wait[64];
	int x, right = home_right(k);
	SDL_Rect name, top, bottom;

	chrome_wait_text(k, qs, waiting, sizeof waiting, wait, sizeof wait);
	/* A closed queue's "3月9日 08:30 开始取号" may need more room than a
	 * wait: as much as it takes, up to 45% of the row. */
	if (!open) {
		int need =
		    ui_text_width(ui, waiting, chrome_sz(k, 32), UI_BOLD) + 40;
		if (need > right)
			right = need < r->w * 45 / 100 ? need : r->w * 45 / 100;
	}
	top = (SDL_Rect){r->x + r->w - right, r->y, right - 24, r->h / 2};
	bottom = (SDL_Rect){r->x + r->w - right, r->y + r->h / 2, right - 24,
	                    r->h / 2};
	chrome_button(k, ui, &k->app.buttons[i], open ? UI_PANEL : HOME_CLOSED,
	              UI_EDGE);
	x = home_badge(k, ui, r, prefix, open);
	name = (SDL_Rect){x - 6, r->y, r->x + r->w - right - x, r->h};
	chrome_label(k, ui, ui_tr(ui, q->name_zh, q->name_en), 42, UI_BOLD,
	             open ? UI_INK : UI_MUTED, &name, 6, UI_LEFT);
	if (!wait[0]) {
		SDL_Rect all = {top.x, r->y, top.w, r->h};
		chrome_label(k, ui, waiting, 32, UI_BOLD,
		             open ? UI_INK : UI_WARN, &all, 0, UI_RIGHT);
		return;
	}
	chrome_label(k, ui, waiting, 32, UI_BOLD, UI_INK, &top, 0, UI_RIGHT);
	chrome_label(k, ui, wait, 26, UI_REGULAR, UI_MUTED, &bottom, 0,
	             UI_RIGHT);
}

static void home_priority(struct kiosk *k, struct ui *ui, int i)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *title = ui_s(ui, "priority"),
	           *who = ui_s(ui, "priority_who");

	int title_h = chrome_line_h(ui, chrome_sz(k, 46), UI_BOLD);
	/* Who it is for may take two lines beside the footer's buttons:
	 * room for them, tucked under the title's descent. */
	SDL_Rect t = {r->x, r->y + 4, r->w, title_h},
	         w = {r->x, r->y + title_h - 8, r->w, r->h - title_h + 4};

	chrome_button(k, ui, &k->app.buttons[i], UI_GREEN,
	              (SDL_Color){0, 0, 0, 0});
	chrome_label(k, ui, title, 46, UI_BOLD, UI_WHITE, &t, 20, UI_CENTER);
	chrome_label(k, ui, who, 22, UI_REGULAR, UI_WHITE, &w, 10, UI_CENTER);
}

static void home_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_item *top[4];
	size_t ntop;
	SDL_Rect prompt = {CHROME_MARGIN, CHROME_HEADER_H + 14,
	                   KIOSK_DESIGN_W - 2 * CHROME_MARGIN,
	                   HOME_LIST_Y - CHROME_HEADER_H - 28};

	home_layout(k);
	ntop = chips_items(k, top, chips_count(k));
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	ui_text_block(ui, ui_s(ui, "home_prompt"), chrome_sz(k, 48), 48,
	              UI_BOLD, UI_INK, prompt, UI_LEFT);
	if (ntop > 0)
		chips_label(k, ui, home_top_y(k));
	for (int i = 0; i < k->app.nbuttons; i++) {
		int id = k->app.buttons[i].id;
		if (id >= HOME_QUEUE && id < HOME_TOP)
			home_queue_row(k, ui, i, &k->catalog->queues[id]);
		else if (id >= HOME_TOP && id < HOME_PRIORITY)
			chips_draw(k, ui, i, top[id - HOME_TOP]);
		else if (id == HOME_PRIORITY)
			home_priority(k, ui, i);
		else if (id == HOME_APPOINTMENT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              UI_ACCENT);
			chrome_label(k, ui, ui_s(ui, "appt_button"), 40,
			             UI_BOLD, UI_ACCENT, &k->app.buttons[i].r,
			             16, UI_CENTER);
		} else if (id == HOME_PREV || id == HOME_NEXT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              UI_EDGE);
			chrome_label(k, ui,
			             ui_s(ui, id == HOME_PREV ? "page_prev"
			                                      : "page_next"),
			             40, UI_BOLD, UI_INK, &k->app.buttons[i].r,
			             16, UI_CENTER);
		}
	}
	chrome_footer(k, ui);
}

static int home_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);
	const struct catalog_item *top[4];
	size_t ntop = chips_items(k, top, chips_count(k));

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == HOME_PRIORITY) {
		ui_app_go(&k->app, &screen_priority, NULL);
	} else if (id == HOME_APPOINTMENT) {
		ui_app_go(&k->app, &screen_appointment, NULL);
	} else if (id == HOME_PREV || id == HOME_NEXT) {
		k->page += id == HOME_NEXT ? 1 : -1;
	} else if (id >= HOME_TOP) {
		if ((size_t)(id - HOME_TOP) < ntop)
			chips_tap(k, top[id - HOME_TOP]);
	} else if ((size_t)id < hall_nqueues(k)) {
		hall_choose_queue(k, &k->catalog->queues[id]);
	}
	return 1;
}

const struct screen screen_home = {"home", home_enter, home_event, NULL,
                                   home_draw};
