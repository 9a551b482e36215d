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

#define HOME_LIST_Y  318
#define HOME_ROW_H   104
#define HOME_ROW_GAP 12
#define HOME_ROWS    10
#define HOME_TOP_Y   1484
#define HOME_TOP_H   92

enum home_id {
	HOME_QUEUE = 0, /* + index in the catalog's queues */
	HOME_TOP = 200, /* + index among the top items */
	HOME_PRIORITY = 300,
	HOME_PREV,
	HOME_NEXT,
};

/* A closed row: the page's own grey, outlined, so its words keep 7:1. */
static const SDL_Color HOME_CLOSED = {0xf3, 0xf5, 0xf8, 0xff};

/* The items shown as shortcuts: configured, else each of the first
 * queues' first item. */
static size_t home_top_items(struct kiosk *k, const struct catalog_item **out,
                             size_t max)
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

static size_t home_nqueues(const struct kiosk *k)
{
	return hall_nqueues(k);
}

/* Rows on one page: all of them when they fit, else one row for paging. */
static int home_per_page(const struct kiosk *k)
{
	return home_nqueues(k) <= HOME_ROWS ? HOME_ROWS : HOME_ROWS - 1;
}

static void home_layout(struct kiosk *k)
{
	size_t nq = home_nqueues(k);
	int per = home_per_page(k), first = k->page * per, w;
	const struct catalog_item *top[4];
	size_t ntop = home_top_items(k, top, 4);

	chrome_reset(k);
	for (int r = 0; r < per && (size_t)(first + r) < nq; r++)
		ui_app_add_button(
		    &k->app, HOME_QUEUE + first + r, CHROME_MARGIN,
		    HOME_LIST_Y + r * (HOME_ROW_H + HOME_ROW_GAP),
		    KIOSK_DESIGN_W - 2 * CHROME_MARGIN, HOME_ROW_H);
	if (per < HOME_ROWS) {
		int y = HOME_LIST_Y + per * (HOME_ROW_H + HOME_ROW_GAP);
		w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - 16) / 2;
		if (k->page > 0)
			ui_app_add_button(&k->app, HOME_PREV, CHROME_MARGIN, y,
			                  w, HOME_ROW_H);
		if ((size_t)(first + per) < nq)
			ui_app_add_button(&k->app, HOME_NEXT,
			                  CHROME_MARGIN + w + 16, y, w,
			                  HOME_ROW_H);
	}
	w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - 16) / 2;
	for (size_t i = 0; i < ntop; i++)
		ui_app_add_button(&k->app, HOME_TOP + (int)i,
		                  CHROME_MARGIN + (int)(i % 2) * (w + 16),
		                  HOME_TOP_Y + 48 +
		                      (int)(i / 2) * (HOME_TOP_H + 14),
		                  w, HOME_TOP_H);
	ui_app_add_button(&k->app, HOME_PRIORITY, CHROME_MARGIN,
	                  CHROME_FOOTER_Y, w, 130);
	w = (w - 16) / 2;
	ui_app_add_button(&k->app, CHROME_LARGE, KIOSK_DESIGN_W / 2 + 8,
	                  CHROME_FOOTER_Y, w, 130);
	ui_app_add_button(&k->app, CHROME_LANG,
	                  KIOSK_DESIGN_W - CHROME_MARGIN - w, CHROME_FOOTER_Y,
	                  w, 130);
}

static void home_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	home_layout(k);
}

/* Room for the name in a row: the rest holds the wait. */
#define HOME_RIGHT 230

/* One size for all names on the page, so the board reads evenly. */
static int home_name_size(struct kiosk *k, struct ui *ui, int room)
{
	int size = chrome_sz(k, 44);

	for (int i = 0; i < k->app.nbuttons; i++) {
		int id = k->app.buttons[i].id;
		if (id >= HOME_QUEUE && id < HOME_TOP)
			size = ui_text_fit(
			    ui,
			    ui_tr(ui, k->catalog->queues[id].name_zh,
			          k->catalog->queues[id].name_en),
			    size, UI_BOLD, room);
	}
	return size;
}

static void home_queue_row(struct kiosk *k, struct ui *ui, int i,
                           const struct catalog_queue *q, int size)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *prefix = q->prefix;
	const struct view_queue *qs = hall_queue_status(k, prefix);
	int open = hall_queue_open(k, prefix);
	char waiting[64], wait[64];
	int ws, right = HOME_RIGHT;

	chrome_wait_text(k, qs, waiting, sizeof waiting, wait, sizeof wait);
	chrome_button(k, ui, &k->app.buttons[i], open ? UI_PANEL : HOME_CLOSED,
	              UI_EDGE);
	chrome_badge(k, ui, prefix, r->x + 14, r->y + 12, r->h - 24,
	             open ? UI_ACCENT : UI_MUTED);
	ui_text(ui, ui_tr(ui, q->name_zh, q->name_en), size, UI_BOLD,
	        open ? UI_INK : UI_MUTED, r->x + 120, r->y + r->h / 2,
	        UI_MIDDLE);
	ws = ui_text_fit(ui, waiting, chrome_sz(k, 34), UI_BOLD, right - 24);
	if (!wait[0]) {
		ui_text(ui, waiting, ws, UI_BOLD, open ? UI_INK : UI_WARN,
		        r->x + r->w - 28, r->y + r->h / 2,
		        UI_RIGHT | UI_MIDDLE);
		return;
	}
	ui_text(ui, waiting, ws, UI_BOLD, UI_INK, r->x + r->w - 28, r->y + 34,
	        UI_RIGHT | UI_MIDDLE);
	ws = ui_text_fit(ui, wait, chrome_sz(k, 27), UI_REGULAR, right - 24);
	ui_text(ui, wait, ws, UI_REGULAR, UI_MUTED, r->x + r->w - 28, r->y + 76,
	        UI_RIGHT | UI_MIDDLE);
}

static void home_top_chip(struct kiosk *k, struct ui *ui, int i,
                          const struct catalog_item *it, int size)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *name = ui_tr(ui, it->name_zh, it->name_en);
	const char *queue = it->queue;
	int open = hall_queue_open(k, queue);
	int tw = r->w - 110;
	int h = ui_text_lines(ui, name, size, UI_BOLD, tw) *
	        chrome_line_h(ui, size, UI_BOLD);

	chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
	              open ? UI_ACCENT : UI_EDGE);
	chrome_badge(k, ui, queue, r->x + 14, r->y + 14, r->h - 28,
	             open ? UI_ACCENT : UI_MUTED);
	ui_text_box(ui, name, size, UI_BOLD, open ? UI_INK : UI_MUTED,
	            r->x + 94, r->y + (r->h - h) / 2, tw, 2);
}

/* The shortcuts' size: every name on one line, else on two, as large as
 * the chips allow (English names are long). */
static int home_chip_size(struct kiosk *k, struct ui *ui,
                          const struct catalog_item **top, size_t n, int w)
{
	int size = chrome_sz(k, 32), one = size;

	for (size_t i = 0; i < n; i++)
		one =
		    ui_text_fit(ui, ui_tr(ui, top[i]->name_zh, top[i]->name_en),
		                one, UI_BOLD, w);
	if (one >= size * 4 / 5)
		return one;
	for (size_t i = 0; i < n; i++)
		while (size > 16 &&
		       (ui_text_lines(
		            ui, ui_tr(ui, top[i]->name_zh, top[i]->name_en),
		            size, UI_BOLD, w) > 2 ||
		        2 * chrome_line_h(ui, size, UI_BOLD) > HOME_TOP_H - 8))
			size = size * 9 / 10;
	return size > one ? size : one;
}

static void home_label(struct kiosk *k, struct ui *ui, int i, const char *text,
                       SDL_Color ink, int size)
{
	const SDL_Rect *r = &k->app.buttons[i].r;

	size = ui_text_fit(ui, text, chrome_sz(k, size), UI_BOLD, r->w - 32);
	ui_text(ui, text, size, UI_BOLD, ink, r->x + r->w / 2, r->y + r->h / 2,
	        UI_CENTER | UI_MIDDLE);
}

static void home_priority(struct kiosk *k, struct ui *ui, int i)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *title = ui_s(ui, "priority"),
	           *who = ui_s(ui, "priority_who");
	int size;

	chrome_button(k, ui, &k->app.buttons[i], UI_GREEN,
	              (SDL_Color){0, 0, 0, 0});
	size = ui_text_fit(ui, title, chrome_sz(k, 50), UI_BOLD, r->w - 40);
	ui_text(ui, title, size, UI_BOLD, UI_WHITE, r->x + r->w / 2, r->y + 50,
	        UI_CENTER | UI_MIDDLE);
	size = ui_text_fit(ui, who, chrome_sz(k, 24), UI_REGULAR, r->w - 40);
	ui_text(ui, who, size, UI_REGULAR, UI_WHITE, r->x + r->w / 2,
	        r->y + 100, UI_CENTER | UI_MIDDLE);
}

static void home_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_item *top[4];
	size_t ntop;
	char page[32];
	int row_size, chip_size, row_w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;

	home_layout(k);
	ntop = home_top_items(k, top, 4);
	row_size = home_name_size(k, ui, row_w - 124 - HOME_RIGHT);
	chip_size = home_chip_size(k, ui, top, ntop, (row_w - 16) / 2 - 110);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	ui_text(ui, ui_s(ui, "home_prompt"), chrome_sz(k, 48), UI_BOLD, UI_INK,
	        CHROME_MARGIN, 266, UI_MIDDLE);
	if (home_nqueues(k) > HOME_ROWS) {
		chrome_say(k, page, sizeof page, "page_n", k->page + 1);
		ui_text(ui, page, 30, UI_REGULAR, UI_MUTED,
		        KIOSK_DESIGN_W - CHROME_MARGIN, 266,
		        UI_RIGHT | UI_MIDDLE);
	}
	if (ntop > 0)
		ui_text(ui, ui_s(ui, "home_popular"), chrome_sz(k, 34), UI_BOLD,
		        UI_MUTED, CHROME_MARGIN, HOME_TOP_Y + 18, UI_MIDDLE);
	for (int i = 0; i < k->app.nbuttons; i++) {
		int id = k->app.buttons[i].id;
		if (id >= HOME_QUEUE && id < HOME_TOP)
			home_queue_row(k, ui, i, &k->catalog->queues[id],
			               row_size);
		else if (id >= HOME_TOP && id < HOME_PRIORITY)
			home_top_chip(k, ui, i, top[id - HOME_TOP], chip_size);
		else if (id == HOME_PRIORITY)
			home_priority(k, ui, i);
		else if (id == HOME_PREV || id == HOME_NEXT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              UI_EDGE);
			home_label(k, ui, i,
			           ui_s(ui, id == HOME_PREV ? "page_prev"
			                                    : "page_next"),
			           UI_INK, 40);
		} else if (id == CHROME_LARGE) {
			chrome_button(k, ui, &k->app.buttons[i],
			              ui->large ? UI_INK : UI_PANEL,
			              ui->large ? UI_INK : UI_EDGE);
			home_label(
			    k, ui, i,
			    ui_s(ui, ui->large ? "normal_text" : "large_text"),
			    ui->large ? UI_WHITE : UI_INK, 40);
		} else if (id == CHROME_LANG) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              UI_EDGE);
			home_label(k, ui, i, ui_s(ui, "language_toggle"),
			           UI_INK, 40);
		}
	}
}

static int home_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);
	const struct catalog_item *top[4];

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == HOME_PRIORITY) {
		ui_app_go(&k->app, &screen_priority, NULL);
	} else if (id == HOME_PREV || id == HOME_NEXT) {
		k->page += id == HOME_NEXT ? 1 : -1;
	} else if (id >= HOME_TOP) {
		if ((size_t)(id - HOME_TOP) < home_top_items(k, top, 4)) {
			const struct catalog_item *it = top[id - HOME_TOP];
			if (!hall_queue_open(k, it->queue))
				ui_app_go(&k->app, &screen_notice,
				          "notice_queue_closed");
			else
				ui_app_go(&k->app, &screen_item, it->id);
		}
	} else if ((size_t)id < hall_nqueues(k)) {
		hall_choose_queue(k, &k->catalog->queues[id]);
	}
	return 1;
}

const struct screen screen_home = {"home", home_enter, home_event, NULL,
                                   home_draw};
