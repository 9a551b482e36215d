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
#define QUEUE_DIRECT_Y  1604
#define QUEUE_DIRECT_H  130

enum queue_id {
	QUEUE_ITEM = 0, /* + index among the queue's items */
	QUEUE_DIRECT = 100,
};

/* The top of the item list: below the title, and the banner if any. */
static int queue_top(const struct kiosk *k)
{
	return CHROME_HEADER_H + (k->priority ? 80 : 0) + 40;
}

static void queue_layout(struct kiosk *k)
{
	const struct catalog_item *items[QUEUE_ITEMS_MAX];
	size_t n = hall_items_of(k, k->queue, items, QUEUE_ITEMS_MAX);
	int y = queue_top(k) + 230, h = 150, gap = 16;
	int room = QUEUE_DIRECT_Y - 24 - y;

	/* Many items: shorter buttons, never shorter than a thumb is wide. */
	if (n > 0 && (int)n * (h + gap) > room)
		h = room / (int)n - gap;
	if (h < 96)
		h = 96;
	chrome_reset(k);
	for (size_t i = 0; i < n && y + h <= QUEUE_DIRECT_Y - 16; i++) {
		ui_app_add_button(&k->app, QUEUE_ITEM + (int)i, CHROME_MARGIN,
		                  y, KIOSK_DESIGN_W - 2 * CHROME_MARGIN, h);
		y += h + gap;
	}
	ui_app_add_button(&k->app, QUEUE_DIRECT, CHROME_MARGIN, QUEUE_DIRECT_Y,
	                  KIOSK_DESIGN_W - 2 * CHROME_MARGIN, QUEUE_DIRECT_H);
	chrome_footer_layout(k, 1);
}

static void queue_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	if (arg)
		snprintf(k->queue, sizeof k->queue, "%s", (const char *)arg);
	k->item[0] = '\0';
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
	chrome_badge(k, ui, k->queue, CHROME_MARGIN, y, 120,
	             hall_queue_open(k, k->queue) ? UI_ACCENT : UI_MUTED);
	size = ui_text_fit(ui, name, chrome_sz(k, 54), UI_BOLD, w);
	ui_text(ui, name, size, UI_BOLD, UI_INK, x, y + 36, UI_MIDDLE);
	size = ui_text_fit(ui, line, chrome_sz(k, 32), UI_BOLD, w / 2);
	ww = ui_text(ui, line, size, UI_BOLD,
	             hall_queue_open(k, k->queue) ? UI_INK : UI_WARN,
	             KIOSK_DESIGN_W - CHROME_MARGIN, y + 98,
	             UI_RIGHT | UI_MIDDLE);
	if (dept) {
		const char *d = ui_tr(ui, dept->name_zh, dept->name_en);
		size = ui_text_fit(ui, d, chrome_sz(k, 30), UI_REGULAR,
		                   w - ww - 32);
		ui_text(ui, d, size, UI_REGULAR, UI_MUTED, x, y + 98,
		        UI_MIDDLE);
	}
	ui_fill(ui, CHROME_MARGIN, y + 150, KIOSK_DESIGN_W - 2 * CHROME_MARGIN,
	        2, UI_LINE);
	ui_text(ui, ui_s(ui, "queue_prompt"), chrome_sz(k, 40), UI_BOLD, UI_INK,
	        CHROME_MARGIN, y + 196, UI_MIDDLE);
}

static void queue_item(struct kiosk *k, struct ui *ui, int i,
                       const struct catalog_item *it)
{
	const SDL_Rect *r = &k->app.buttons[i].r;
	const char *name = ui_tr(ui, it->name_zh, it->name_en);
	char sub[256];
	int size, two = r->h >= 130;

	snprintf(sub, sizeof sub, "%s%s%s · %s", ui_s(ui, "item_time_limit"),
	         ui_s(ui, "colon"),
	         ui_tr(ui, it->time_limit.zh, it->time_limit.en),
	         ui_tr(ui, it->fees.zh, it->fees.en));
	chrome_button(k, ui, &k->app.buttons[i], UI_PANEL, UI_EDGE);
	size = ui_text_fit(ui, name, chrome_sz(k, 44), UI_BOLD, r->w - 120);
	ui_text(ui, name, size, UI_BOLD, UI_INK, r->x + 36,
	        two ? r->y + r->h / 2 - 24 : r->y + r->h / 2, UI_MIDDLE);
	if (two) {
		size = ui_text_fit(ui, sub, chrome_sz(k, 28), UI_REGULAR,
		                   r->w - 120);
		ui_text(ui, sub, size, UI_REGULAR, UI_MUTED, r->x + 36,
		        r->y + r->h / 2 + 32, UI_MIDDLE);
	}
	/* A chevron: there is more behind this button. */
	ui_text(ui, "›", 72, UI_BOLD, UI_MUTED, r->x + r->w - 40,
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
		} else if (id == QUEUE_DIRECT) {
			chrome_button(k, ui, &k->app.buttons[i], UI_PANEL,
			              k->priority ? UI_GREEN : UI_ACCENT);
			ui_text(ui, direct,
			        ui_text_fit(ui, direct, chrome_sz(k, 40),
			                    UI_BOLD, r->w - 48),
			        UI_BOLD, k->priority ? UI_GREEN : UI_ACCENT,
			        r->x + r->w / 2, r->y + r->h / 2,
			        UI_CENTER | UI_MIDDLE);
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
