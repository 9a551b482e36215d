/*
 * An item (事项) as the hall publishes it: the documents to bring (first,
 * as a checklist: what a citizen most needs so as to come only once), the
 * procedure, the promised time limit and fee, and the legal basis; then
 * one large button that takes the number. No scrolling for elderly
 * fingers: when the text is long it is set smaller until it fits.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

#define ITEM_TAKE_Y 1590
#define ITEM_TAKE_H 140
#define ITEM_CARD_X CHROME_MARGIN
#define ITEM_CARD_W (KIOSK_DESIGN_W - 2 * CHROME_MARGIN)
#define ITEM_PAD    36

#define ITEM_FLOOR 36 /* the card's least text size, before 大字模式 */
#define ITEM_SECTIONS                                                          \
	5 /* route, materials, procedure, limit and fees, basis                \
	   */

enum item_id { ITEM_TAKE = 1, ITEM_PREV, ITEM_NEXT };

static int item_pages(struct ui *, const struct catalog *,
                      const struct catalog_item *, int s, int room, int *page);
static int item_tallest(struct ui *, const struct catalog *,
                        const struct catalog_item *, int s);

/* The title's height: the name on up to two lines, then the queue. */
static int item_title_h(struct kiosk *k, struct ui *ui,
                        const struct catalog_item *it)
{
	int lines = ui_text_lines(ui, ui_tr(ui, it->name_zh, it->name_en),
	                          chrome_sz(k, 52), UI_BOLD,
	                          KIOSK_DESIGN_W - 2 * CHROME_MARGIN);

	return (lines > 2 ? 2 : lines) *
	           chrome_line_h(ui, chrome_sz(k, 52), UI_BOLD) +
	       chrome_sz(k, 52) + 24;
}

static int item_top(const struct kiosk *k)
{
	return CHROME_HEADER_H + (k->priority ? 80 : 0) + 32;
}

/*
 * The card's text size and pages: at its size when the card fits whole;
 * else in pages, one section never split, and smaller (never below
 * ITEM_FLOOR, in large text 3/2 of it) only when a section alone is
 * taller than a page.
 */
static int item_fit(struct kiosk *k, struct ui *ui,
                    const struct catalog_item *it, int *size, int *page)
{
	int s = chrome_sz(k, 44), floor = chrome_sz(k, ITEM_FLOOR);
	int room = ITEM_TAKE_Y - 32 - 2 * ITEM_PAD - item_top(k) -
	           item_title_h(k, ui, it);
	int n = item_pages(ui, k->catalog, it, s, room, page);

	if (n > 1) {
		room -= CHROME_TARGET_H + CHROME_GAP;
		while (s > floor && item_tallest(ui, k->catalog, it, s) > room)
			s = s * 9 / 10 < floor ? floor : s * 9 / 10;
		n = item_pages(ui, k->catalog, it, s, room, page);
	}
	*size = s;
	return n;
}

static void item_layout(struct kiosk *k)
{
	const struct catalog_item *it = hall_item(k, k->item);
	int page[ITEM_SECTIONS], size;
	int w = (KIOSK_DESIGN_W - 2 * CHROME_MARGIN - CHROME_GAP) / 2;
	int y = ITEM_TAKE_Y - CHROME_GAP - CHROME_TARGET_H;

	chrome_reset(k);
	k->card_pages = it ? item_fit(k, k->app.ui, it, &size, page) : 1;
	if (k->card_page >= k->card_pages)
		k->card_page = k->card_pages - 1;
	if (k->card_page > 0)
		ui_app_add_button(&k->app, ITEM_PREV, CHROME_MARGIN, y, w,
		                  CHROME_TARGET_H);
	if (k->card_page < k->card_pages - 1)
		ui_app_add_button(&k->app, ITEM_NEXT,
		                  CHROME_MARGIN + w + CHROME_GAP, y, w,
		                  CHROME_TARGET_H);
	ui_app_add_button(&k->app, ITEM_TAKE, CHROME_MARGIN, ITEM_TAKE_Y,
	                  KIOSK_DESIGN_W - 2 * CHROME_MARGIN, ITEM_TAKE_H);
	chrome_footer_layout(k, 1);
}

static void item_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_item *it;

	if (arg)
		snprintf(k->item, sizeof k->item, "%s", (const char *)arg);
	k->card_page = 0;
	if ((it = hall_item(k, k->item)) != NULL)
		snprintf(k->queue, sizeof k->queue, "%s", it->queue);
	item_layout(k);
}

/* A wrapped text: drawn when draw is set; its height either way. */
static int item_text(struct ui *ui, const char *text, int size,
                     enum ui_weight weight, SDL_Color c, int x, int y, int w,
                     int draw)
{
	if (draw)
		return ui_text_box(ui, text, size, weight, c, x, y, w, 0);
	return ui_text_lines(ui, text, size, weight, w) *
	       chrome_line_h(ui, size, weight);
}

/* The materials, each behind an empty square to tick. */
static int item_checklist(struct ui *ui, const char **list, size_t n, int size,
                          int x, int y, int w, int draw)
{
	int top = y, box = size * 3 / 4,
	    line = chrome_line_h(ui, size, UI_REGULAR);

	for (size_t i = 0; i < n; i++) {
		const char *t = list[i];
		if (draw)
			ui_outline(ui, x, y + (line - box) / 2, box, box, 3,
			           UI_ACCENT);
		y += item_text(ui, t, size, UI_REGULAR, UI_INK, x + box + 20, y,
		               w - box - 20, draw);
		y += size / 4;
	}
	return y - top;
}

/*
 * The procedure as a flow: numbered steps left to right, an arrow between
 * two, a new row between steps (never inside one). Returns its height.
 */
static int item_flow(struct ui *ui, const char **steps, size_t n, int size,
                     int x, int y, int w, int draw)
{
	int line = chrome_line_h(ui, size, UI_REGULAR), h = line + 12;
	int dot = size, pad = 14,
	    gap = ui_text_width(ui, " → ", size, UI_REGULAR);
	int cx = x, cy = y;

	for (size_t i = 0; i < n; i++) {
		const char *t = steps[i];
		char num[24];
		int ts =
		    ui_text_fit(ui, t, size, UI_REGULAR, w - dot - 3 * pad);
		int cw = pad + dot + pad / 2 +
		         ui_text_width(ui, t, ts, UI_REGULAR) + pad;

		if (i > 0 && cx + gap + cw > x + w) {
			cx = x;
			cy += h + 12;
		} else if (i > 0) {
			if (draw)
				ui_text(ui, "→", size, UI_REGULAR, UI_MUTED,
				        cx + gap / 2, cy + h / 2,
				        UI_CENTER | UI_MIDDLE);
			cx += gap;
		}
		if (draw) {
			snprintf(num, sizeof num, "%zu", i + 1);
			ui_fill_round(ui, cx, cy, cw, h, 12, UI_BG);
			ui_fill_round(ui, cx + pad, cy + (h - dot) / 2, dot,
			              dot, dot / 2, UI_ACCENT);
			ui_text(ui, num, size * 2 / 3, UI_BOLD, UI_ACCENT_INK,
			        cx + pad + dot / 2, cy + h / 2,
			        UI_CENTER | UI_MIDDLE);
			ui_text(ui, t, ts, UI_REGULAR, UI_INK,
			        cx + pad + dot + pad / 2, cy + h / 2,
			        UI_MIDDLE);
		}
		cx += cw;
	}
	return cy + h - y;
}

/*
 * An item with a route (并联审批) says so before the number is taken:
 * "您需要依次办理：" and its steps as a flow, a parallel step's queues
 * together. No route: no section (height 0).
 */
static int item_route(struct ui *ui, const struct catalog *c,
                      const struct catalog_item *it, int s, int x, int y, int w,
                      int draw)
{
	char text[CATALOG_ROUTE_STEPS][256];
	const char *steps[CATALOG_ROUTE_STEPS];
	int en = ui->lang == UI_EN, top = y;

	if (c == NULL || it->route.nsteps == 0)
		return 0;
	for (int i = 0; i < it->route.nsteps; i++) {
		catalog_route_step_text(c, &it->route, i, en, text[i],
		                        sizeof text[i]);
		if (it->route.nqueues[i] > 1)
			snprintf(text[i] + strlen(text[i]),
			         sizeof text[i] - strlen(text[i]), "%s",
			         ui_s(ui, "route_parallel"));
		steps[i] = text[i];
	}
	y += item_text(ui, ui_s(ui, "item_route"), s * 9 / 10, UI_BOLD,
	               UI_ACCENT, x, y, w, draw);
	y += item_flow(ui, steps, (size_t)it->route.nsteps, s * 9 / 10, x,
	               y + 8, w, draw) +
	     8;
	return y - top;
}

/* Section i of the card at text size s; returns the height it takes. */
static int item_section(struct ui *ui, const struct catalog *c,
                        const struct catalog_item *it, int i, int s, int y,
                        int draw)
{
	int x = ITEM_CARD_X + ITEM_PAD, w = ITEM_CARD_W - 2 * ITEM_PAD;
	int top = y, label = s * 9 / 10, half = w / 2 - 16;
	int h1, h2;
	int en = ui->lang == UI_EN;
	const struct catalog_lines *mat = &it->materials,
	                           *proc = &it->procedure;

	switch (i) {
	case 0:
		return item_route(ui, c, it, s, x, y, w, draw);
	case 1:
		y += item_text(ui, ui_s(ui, "item_materials"), label, UI_BOLD,
		               UI_ACCENT, x, y, w, draw);
		y += item_checklist(ui, en ? mat->en : mat->zh,
		                    en ? mat->nen : mat->nzh, s, x, y + 6, w,
		                    draw);
		break;
	case 2:
		y += item_text(ui, ui_s(ui, "item_procedure"), label, UI_BOLD,
		               UI_ACCENT, x, y, w, draw);
		y += item_flow(ui, en ? proc->en : proc->zh,
		               en ? proc->nen : proc->nzh, s * 9 / 10, x, y + 8,
		               w, draw) +
		     8;
		break;
	case 3: /* time limit and fee side by side: both short */
		h1 = item_text(ui, ui_s(ui, "item_time_limit"), label, UI_BOLD,
		               UI_ACCENT, x, y, half, draw);
		h1 += item_text(ui,
		                ui_tr(ui, it->time_limit.zh, it->time_limit.en),
		                s, UI_BOLD, UI_INK, x, y + h1 + 6, half, draw);
		h2 = item_text(ui, ui_s(ui, "item_fees"), label, UI_BOLD,
		               UI_ACCENT, x + half + 32, y, half, draw);
		h2 += item_text(ui, ui_tr(ui, it->fees.zh, it->fees.en), s,
		                UI_BOLD, UI_INK, x + half + 32, y + h2 + 6,
		                half, draw);
		y += (h1 > h2 ? h1 : h2) + 6;
		break;
	default:
		y += item_text(ui, ui_s(ui, "item_basis"), label, UI_BOLD,
		               UI_ACCENT, x, y, w, draw);
		y += item_text(ui, ui_tr(ui, it->basis.zh, it->basis.en), s,
		               UI_REGULAR, UI_INK, x, y + 6, w, draw) +
		     6;
		break;
	}
	return y - top;
}

/*
 * The card laid out in pages of room: sections in order, a new page when
 * the next does not fit. page[i] is section i's page; returns the pages.
 */
static int item_pages(struct ui *ui, const struct catalog *c,
                      const struct catalog_item *it, int s, int room, int *page)
{
	int n = 0, used = 0, gap = s * 3 / 4;

	for (int i = 0; i < ITEM_SECTIONS; i++) {
		int h = item_section(ui, c, it, i, s, 0, 0);
		page[i] = n;
		if (h == 0) /* a section with nothing to say (no route) */
			continue;
		if (used > 0 && used + gap + h > room) {
			n++;
			used = 0;
		}
		used += (used > 0 ? gap : 0) + h;
		page[i] = n;
	}
	return n + 1;
}

/* The tallest section at size s: what one page must hold. */
static int item_tallest(struct ui *ui, const struct catalog *c,
                        const struct catalog_item *it, int s)
{
	int most = 0;

	for (int i = 0; i < ITEM_SECTIONS; i++) {
		int h = item_section(ui, c, it, i, s, 0, 0);
		if (h > most)
			most = h;
	}
	return most;
}

static int item_title(struct kiosk *k, struct ui *ui,
                      const struct catalog_item *it, int y)
{
	const struct catalog_queue *q = hall_queue(k, k->queue);
	const char *qname = q ? ui_tr(ui, q->name_zh, q->name_en) : "";
	int side = chrome_sz(k, 52);
	int h = ui_text_box(ui, ui_tr(ui, it->name_zh, it->name_en),
	                    chrome_sz(k, 52), UI_BOLD, UI_INK, CHROME_MARGIN, y,
	                    KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 2);

	chrome_badge(k, ui, k->queue, CHROME_MARGIN, y + h + 8, side,
	             UI_ACCENT);
	ui_text(ui, qname, chrome_sz(k, 30), UI_REGULAR, UI_MUTED,
	        CHROME_MARGIN + side + 18, y + h + 8 + side / 2, UI_MIDDLE);
	return h + side + 24;
}

/* Page n of the card, and where the citizen is in it. */
static void item_card(struct kiosk *k, struct ui *ui,
                      const struct catalog_item *it, int y)
{
	int page[ITEM_SECTIONS], size, h = 0, gap, first = 1;
	char line[32];

	item_fit(k, ui, it, &size, page);
	gap = size * 3 / 4;
	for (int i = 0; i < ITEM_SECTIONS; i++) {
		int sh = item_section(ui, k->catalog, it, i, size, 0, 0);
		if (page[i] == k->card_page && sh > 0) {
			h += (first ? 0 : gap) + sh;
			first = 0;
		}
	}
	/* The card as tall as its text: no white field below. */
	ui_fill_round(ui, ITEM_CARD_X, y, ITEM_CARD_W, h + 2 * ITEM_PAD, 24,
	              UI_PANEL);
	y += ITEM_PAD;
	for (int i = 0; i < ITEM_SECTIONS; i++)
		if (page[i] == k->card_page &&
		    item_section(ui, k->catalog, it, i, size, 0, 0) > 0)
			y += item_section(ui, k->catalog, it, i, size, y, 1) +
			     gap;
	for (int i = 0; i < k->app.nbuttons; i++) {
		const struct ui_button *b = &k->app.buttons[i];
		if (b->id != ITEM_PREV && b->id != ITEM_NEXT)
			continue;
		chrome_button(k, ui, b, UI_PANEL, UI_EDGE);
		if (b->id == ITEM_NEXT) {
			chrome_say(k, line, sizeof line, "page_n",
			           k->card_page + 2);
			snprintf(line + strlen(line),
			         sizeof line - strlen(line), " ›");
		} else {
			snprintf(line, sizeof line, "‹ %s",
			         ui_s(ui, "page_prev"));
		}
		chrome_label(k, ui, line, 40, UI_BOLD, UI_INK, &b->r, 16,
		             UI_CENTER);
	}
}

static void item_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_item *it = hall_item(k, k->item);
	int y = item_top(k);
	const SDL_Rect *r;
	const char *take;

	item_layout(k);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	if (k->priority) {
		const char *t = ui_s(ui, "priority_banner");
		ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W, 80, UI_GREEN);
		ui_text(ui, t, 40, UI_BOLD, UI_WHITE, KIOSK_DESIGN_W / 2,
		        CHROME_HEADER_H + 40, UI_CENTER | UI_MIDDLE);
	}
	if (it) {
		item_title(k, ui, it, y);
		item_card(k, ui, it, y + item_title_h(k, ui, it));
	}
	r = chrome_rect(k, ITEM_TAKE);
	take = ui_s(ui, k->priority ? "item_take_priority" : "item_take");
	chrome_button(k, ui, ui_app_button(&k->app, ITEM_TAKE),
	              k->priority ? UI_GREEN : UI_ACCENT,
	              (SDL_Color){0, 0, 0, 0});
	chrome_label(k, ui, take, 64, UI_BOLD, UI_ACCENT_INK, r, 30, UI_CENTER);
	chrome_footer(k, ui);
}

static int item_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == ITEM_PREV || id == ITEM_NEXT)
		k->card_page += id == ITEM_NEXT ? 1 : -1;
	else if (id == CHROME_BACK)
		ui_app_go(&k->app, &screen_queue, NULL);
	else if (id == ITEM_TAKE)
		citizen_take(k, k->queue, k->item);
	return 1;
}

const struct screen screen_item = {"item", item_enter, item_event, NULL,
                                   item_draw};
