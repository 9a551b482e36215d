/*
 * A queue's items (事项): one large button each, with the promised time
 * limit and the fee, so a citizen sees at a glance which is theirs; and a
 * button to take a number for the queue without choosing, for whoever is
 * not sure. Reached from home, or from the priority screen (then the
 * banner says the number will be a priority one).
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

#define QUEUE_ITEMS_MAX 12

enum queue_id {
	QUEUE_ITEM = 0, /* + index among the queue's items */
	QUEUE_DIRECT = 100,
	QUEUE_PREV,
	QUEUE_NEXT,
};

/* 直接取号, over the footer: two lines high in large text. */
static int queue_direct_h(const struct kiosk *k)
{
	return k->app.ui->large ? 190 : 130;
}

static int queue_direct_y(const struct kiosk *k)
{
	return CHROME_FOOTER_Y - CHROME_GAP - queue_direct_h(k);
}

/* The top of the title: below the header, and the banner if any. */
static int queue_top(const struct kiosk *k)
{
	return CHROME_HEADER_H + (k->priority ? 80 : 0) + 40;
}

/* The queue's name: on two lines in large text. */
static int queue_name_h(struct kiosk *k)
{
	return chrome_line_h(k->app.ui, chrome_sz(k, 54), UI_BOLD) *
	       (k->app.ui->large ? 2 : 1);
}

/* Under the name: department and wait, on a line each in large text. */
static int queue_sub_h(struct kiosk *k)
{
	return chrome_line_h(k->app.ui, chrome_sz(k, 32), UI_BOLD) *
	       (k->app.ui->large ? 2 : 1);
}

/* The prompt over the items; not in large text, where the room goes to
 * the items themselves (each says what it is). */
static int queue_prompt_h(struct kiosk *k)
{
	return k->app.ui->large
	           ? 0
	           : chrome_line_h(k->app.ui, chrome_sz(k, 40), UI_BOLD) + 24;
}

/* The top of the item list: below the title and the prompt. */
static int queue_list_y(struct kiosk *k)
{
	return queue_top(k) + queue_name_h(k) + queue_sub_h(k) + 24 +
	       queue_prompt_h(k);
}

/*
 * The items, a page at a time: every button its full height, and when
 * they do not all fit, a row fewer and a row to page with.
 */
static void queue_layout(struct kiosk *k)
{
	const struct catalog_item *items[QUEUE_ITEMS_MAX];
	int n = (int)hall_items_of(k, k->queue, items, QUEUE_ITEMS_MAX);
	int y = queue_list_y(k), h = k->app.ui->large ? 320 : 150;
	int pitch = h + CHROME_GAP, per, first;
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - CHROME_GAP) / 2;

	per = (queue_direct_y(k) - y) / pitch;
	if (n > per) /* room for the pager's row */
		per = (queue_direct_y(k) - y - CHROME_TARGET_H - CHROME_GAP) /
		      pitch;
	if (per < 1)
		per = 1;
	if (k->list_page * per >= n)
		k->list_page = 0;
	first = k->list_page * per;
	chrome_reset(k);
	for (int i = first; i < n && i < first + per; i++) {
		ui_app_add_button(&k->app, QUEUE_ITEM + i, CHROME_MARGIN, y,
		                  KIOSK_DESIGN_W - 2 * CHROME_MARGIN, h);
		y += pitch;
	}
	if (n > per) {
		y = queue_direct_y(k) - CHROME_GAP - CHROME_TARGET_H;
		if (k->list_page > 0)
			ui_app_add_button(&k->app, QUEUE_PREV, CHROME_MARGIN, y,
			                  w, CHROME_TARGET_H);
		if (first + per < n)
			ui_app_add_button(&k->app, QUEUE_NEXT,
			                  CHROME_MARGIN + w + CHROME_GAP, y, w,
			                  CHROME_TARGET_H);
	}
	ui_app_add_button(&k->app, QUEUE_DIRECT, CHROME_MARGIN,
	                  queue_direct_y(k), KIOSK_DESIGN_W - 2 * CHROME_MARGIN,
	                  queue_direct_h(k));
	chrome_footer_layout(k, 1);
}

static void queue_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	if (arg)
		snprintf(k->queue, sizeof k->queue, "%s", (const char *)arg);
	k->item[0] = '\0';
	k->list_page = 0;
	queue_layout(k);
}

/* The green band of the priority lane, under the header. */
static void queue_priority_banner(struct kiosk *k, struct ui *ui)
{
	const char *t = ui_s(ui, "priority_banner");

	(void)k;
	ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W, 80, UI_GREEN);
	ui_text(ui, t, ui_text_fit(ui, t, 40, UI_BOLD, 960), UI_BOLD, UI_WHITE,
	        KIOSK_DESIGN_W / 2, CHROME_HEADER_H + 40,
	        UI_CENTER | UI_MIDDLE);
}

static void queue_title(struct kiosk *k, struct ui *ui,
                        const struct catalog_queue *q)
{
	int y = queue_top(k), size, x = 200,
	    w = KIOSK_DESIGN_W - 200 - CHROME_MARGIN;
	const struct catalog_department *dept =
	    hall_department(k, q->department);
	const struct view_queue *qs = hall_queue_status(k, k->queue);
	char waiting[64], wait[64], line[160];
	const char *name = ui_tr(ui, q->name_zh, q->name_en);
	int ww;

	chrome_wait_text(k, qs, waiting, sizeof waiting, wait, sizeof wait);
	snprintf(line, sizeof line, "%s%s%s", waiting, wait[0] ? " · " : "",
	         wait);
	int nh = queue_name_h(k), sh = queue_sub_h(k);
	SDL_Rect box = {x, y, w, nh};

	chrome_badge(k, ui, k->queue, CHROME_MARGIN, y, 120,
	             hall_queue_open(k, k->queue) ? UI_ACCENT : UI_MUTED);
	ui_text_block(ui, name, chrome_sz(k, 54), 54, UI_BOLD, UI_INK, box,
	              UI_LEFT);
	y += nh;
	if (ui->large) { /* a line each: the department, then the wait */
		SDL_Rect d = {x, y, w, sh / 2}, wl = {x, y + sh / 2, w, sh / 2};
		if (dept)
			ui_text_block(ui,
			              ui_tr(ui, dept->name_zh, dept->name_en),
			              chrome_sz(k, 30), 30, UI_REGULAR,
			              UI_MUTED, d, UI_LEFT);
		ui_text_block(ui, line, chrome_sz(k, 32), 32, UI_BOLD,
		              hall_queue_open(k, k->queue) ? UI_INK : UI_WARN,
		              wl, UI_LEFT);
	} else {
		size = ui_text_fit(ui, line, chrome_sz(k, 32), UI_BOLD, w / 2);
		ww = ui_text(ui, line, size, UI_BOLD,
		             hall_queue_open(k, k->queue) ? UI_INK : UI_WARN,
		             KIOSK_DESIGN_W - CHROME_MARGIN, y + sh / 2,
		             UI_RIGHT | UI_MIDDLE);
		if (dept) {
			const char *d = ui_tr(ui, dept->name_zh, dept->name_en);
			size = ui_text_fit(ui, d, chrome_sz(k, 30), UI_REGULAR,
			                   w - ww - 32);
			ui_text(ui, d, size, UI_REGULAR, UI_MUTED, x,
			        y + sh / 2, UI_MIDDLE);
		}
	}
	y += sh + 12;
	ui_fill(ui, CHROME_MARGIN, y, KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 2,
	        UI_LINE);
	y += 12;
	if (queue_prompt_h(k))
		ui_text(ui, ui_s(ui, "queue_prompt"), chrome_sz(k, 40), UI_BOLD,
		        UI_INK, CHROME_MARGIN, y, UI_LEFT);
}

static void queue_item(struct kiosk *k, struct ui *ui, int i,
                       const struct catalog_item *it)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *name = ui_tr(ui, it->name_zh, it->name_en);
	char sub[256];
	SDL_Rect top = {r->x + 36, r->y + 8, r->w - 120, r->h * 60 / 100 - 8},
	         bottom = {r->x + 36, r->y + r->h * 60 / 100, r->w - 120,
	                   r->h * 40 / 100 - 8};

	snprintf(sub, sizeof sub, "%s%s%s · %s", ui_s(ui, "item_time_limit"),
	         ui_s(ui, "colon"),
	         ui_tr(ui, it->time_limit.zh, it->time_limit.en),
	         ui_tr(ui, it->fees.zh, it->fees.en));
	chrome_button(k, ui, &k->app.buttons[i], UI_PANEL, UI_EDGE);
	ui_text_block(ui, name, chrome_sz(k, 42), 42, UI_BOLD, UI_INK, top,
	              UI_LEFT);
	ui_text_block(ui, sub, chrome_sz(k, 26), 26, UI_REGULAR, UI_MUTED,
	              bottom, UI_LEFT);
	/* A chevron: there is more behind this button. */
	ui_text(ui, "›", chrome_sz(k, 72), UI_BOLD, UI_MUTED, r->x + r->w - 40,
	        r->y + r->h / 2, UI_CENTER | UI_MIDDLE);
}

static void queue_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_queue *q = hall_queue(k, k->queue);
	const struct catalog_item *items[QUEUE_ITEMS_MAX];
	const char *direct = ui_s(ui, "queue_direct");

	queue_layout(k);
	hall_items_of(k, k->queue, items, QUEUE_ITEMS_MAX);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	if (k->priority)
		queue_priority_banner(k, ui);
	if (q)
		queue_title(k, ui, q);
	for (int i = 0; i < k->app.nbuttons; i++) {
		int id = k->app.buttons[i].id;
		const SDL_Rect *r = &k->app.buttons[i].r;
		if (id >= QUEUE_ITEM && id < QUEUE_DIRECT) {
			queue_item(k, ui, i, items[id]);
		} else if (id == QUEUE_PREV || id == QUEUE_NEXT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              UI_EDGE);
			chrome_label(k, ui,
			             ui_s(ui, id == QUEUE_PREV ? "page_prev"
			                                       : "page_next"),
			             40, UI_BOLD, UI_INK, r, 16, UI_CENTER);
		} else if (id == QUEUE_DIRECT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              k->priority ? UI_GREEN : UI_ACCENT);
			chrome_label(k, ui, direct, 40, UI_BOLD,
			             k->priority ? UI_GREEN : UI_ACCENT, r, 24,
			             UI_CENTER);
		}
	}
	chrome_footer(k, ui);
}

static int queue_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);
	const struct catalog_item *items[QUEUE_ITEMS_MAX];
	size_t n;

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == CHROME_BACK) {
		if (k->priority)
			ui_app_go(&k->app, &screen_priority, NULL);
		else
			kiosk_home(k);
	} else if (id == QUEUE_PREV || id == QUEUE_NEXT) {
		k->list_page += id == QUEUE_NEXT ? 1 : -1;
	} else if (id == QUEUE_DIRECT) {
		citizen_take(k, k->queue, NULL);
	} else {
		n = hall_items_of(k, k->queue, items, QUEUE_ITEMS_MAX);
		if ((size_t)id < n)
			ui_app_go(&k->app, &screen_item, items[id]->id);
	}
	return 1;
}

const struct screen screen_queue = {"queue", queue_enter, queue_event, NULL,
                                    queue_draw};
