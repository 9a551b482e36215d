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

enum item_id { ITEM_TAKE = 1 };

static void item_layout(struct kiosk *k)
{
	chrome_reset(k);
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

/* The card's sections at text size s; returns the height they take. */
static int item_sections(struct kiosk *k, struct ui *ui,
                         const struct catalog_item *it, int s, int y, int draw)
{
	int x = ITEM_CARD_X + ITEM_PAD, w = ITEM_CARD_W - 2 * ITEM_PAD;
	int top = y, label = s * 9 / 10, gap = s * 3 / 4, half = w / 2 - 16;
	int h1, h2;
	int en = ui->lang == UI_EN;
	const struct catalog_lines *mat = &it->materials,
	                           *proc = &it->procedure;

	(void)k;
	y += item_text(ui, ui_s(ui, "item_materials"), label, UI_BOLD,
	               UI_ACCENT, x, y, w, draw);
	y += item_checklist(ui, en ? mat->en : mat->zh,
	                    en ? mat->nen : mat->nzh, s, x, y + 6, w, draw) +
	     gap;
	y += item_text(ui, ui_s(ui, "item_procedure"), label, UI_BOLD,
	               UI_ACCENT, x, y, w, draw);
	y += item_flow(ui, en ? proc->en : proc->zh, en ? proc->nen : proc->nzh,
	               s * 9 / 10, x, y + 8, w, draw) +
	     8 + gap;
	/* Time limit and fee side by side: both short. */
	h1 = item_text(ui, ui_s(ui, "item_time_limit"), label, UI_BOLD,
	               UI_ACCENT, x, y, half, draw);
	h1 += item_text(ui, ui_tr(ui, it->time_limit.zh, it->time_limit.en), s,
	                UI_BOLD, UI_INK, x, y + h1 + 6, half, draw);
	h2 = item_text(ui, ui_s(ui, "item_fees"), label, UI_BOLD, UI_ACCENT,
	               x + half + 32, y, half, draw);
	h2 += item_text(ui, ui_tr(ui, it->fees.zh, it->fees.en), s, UI_BOLD,
	                UI_INK, x + half + 32, y + h2 + 6, half, draw);
	y += (h1 > h2 ? h1 : h2) + 6 + gap;
	y += item_text(ui, ui_s(ui, "item_basis"), label, UI_BOLD, UI_ACCENT, x,
	               y, w, draw);
	y += item_text(ui, ui_tr(ui, it->basis.zh, it->basis.en), s, UI_REGULAR,
	               UI_INK, x, y + 6, w, draw) +
	     6;
	return y - top;
}

static int item_title(struct kiosk *k, struct ui *ui,
                      const struct catalog_item *it, int y)
{
	const struct catalog_queue *q = hall_queue(k, k->queue);
	const char *qname = q ? ui_tr(ui, q->name_zh, q->name_en) : "";
	int h = ui_text_box(ui, ui_tr(ui, it->name_zh, it->name_en),
	                    chrome_sz(k, 52), UI_BOLD, UI_INK, CHROME_MARGIN, y,
	                    KIOSK_DESIGN_W - 2 * CHROME_MARGIN, 2);

	chrome_badge(k, ui, k->queue, CHROME_MARGIN, y + h + 8, 52, UI_ACCENT);
	ui_text(ui, qname, chrome_sz(k, 30), UI_REGULAR, UI_MUTED,
	        CHROME_MARGIN + 70, y + h + 34, UI_MIDDLE);
	return h + 76;
}

static void item_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const struct catalog_item *it = hall_item(k, k->item);
	int y = CHROME_HEADER_H + (k->priority ? 80 : 0) + 32;
	int room, size = chrome_sz(k, 44);
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
		y += item_title(k, ui, it, y);
		room = ITEM_TAKE_Y - 32 - y - 2 * ITEM_PAD;
		while (size > 20 && item_sections(k, ui, it, size, 0, 0) > room)
			size = size * 9 / 10;
		/* The card as tall as its text: no white field below. */
		ui_fill_round(ui, ITEM_CARD_X, y, ITEM_CARD_W,
		              item_sections(k, ui, it, size, 0, 0) +
		                  2 * ITEM_PAD,
		              24, UI_PANEL);
		item_sections(k, ui, it, size, y + ITEM_PAD, 1);
	}
	r = chrome_rect(k, ITEM_TAKE);
	take = ui_s(ui, k->priority ? "item_take_priority" : "item_take");
	chrome_button(k, ui, ui_app_button(&k->app, ITEM_TAKE),
	              k->priority ? UI_GREEN : UI_ACCENT,
	              (SDL_Color){0, 0, 0, 0});
	ui_text(ui, take,
	        ui_text_fit(ui, take, chrome_sz(k, 64), UI_BOLD, r->w - 60),
	        UI_BOLD, UI_ACCENT_INK, r->x + r->w / 2, r->y + r->h / 2,
	        UI_CENTER | UI_MIDDLE);
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
	if (id == CHROME_BACK)
		ui_app_go(&k->app, &screen_queue, NULL);
	else if (id == ITEM_TAKE)
		citizen_take(k, k->queue, k->item);
	return 1;
}

const struct screen screen_item = {"item", item_enter, item_event, NULL,
                                   item_draw};
