/*
 * The ticket, top to bottom: hall name; queue and item; the big number
 * (with a 绿色通道 mark for priority tickets); people ahead and the wait;
 * date and time; an item's route, step by step, when it has one (one
 * number through several departments); the item's materials as a
 * checklist (一次性告知: told
 * once, so the citizen comes back with everything); the QR code of the
 * ticket's status address; the hall's rules for missed calls.
 *
 * It is drawn on a tall white surface with a cursor moving down, then cut
 * to the length used: a roll has no page length. Sizes are in dots for
 * 576-dot paper and scale with the width.
 */
#include "ui-clock.h"
#include "ticket-render.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "proto.h"
#include "qr.h"
#include "words.h"
#include "xmalloc.h"

#define TR_MAX_H 4000 /* dots; a ticket is ~1500 */

struct tr {
	const struct ticket_render *in;
	SDL_Surface *s;
	int y;
	int margin;
	int bottom;      /* lowest dot drawn */
	int least_glyph; /* the smallest text drawn, in dots */
	int qr_module;
};

static const SDL_Color TR_BLACK = {0, 0, 0, 255};
static const SDL_Color TR_WHITE = {255, 255, 255, 255};

/* A size for 576-dot paper, scaled to this paper. */
static int tr_px(const struct tr *t, int size)
{
	int px = size * t->in->width / 576;
	return px < 1 ? 1 : px;
}

static const char *tr_word(const struct tr *t, const char *key)
{
	return words_get(t->in->words, key);
}

/* zh or en by the ticket's language, falling back to the other. */
static const char *tr_tr(const struct tr *t, const char *zh, const char *en)
{
	const char *want = t->in->lang == UI_EN ? en : zh;
	const char *other = t->in->lang == UI_EN ? zh : en;

	if (want && want[0])
		return want;
	return other ? other : "";
}

static void tr_fill(struct tr *t, int x, int y, int w, int h, SDL_Color c)
{
	SDL_Rect r = {x, y, w, h};

	SDL_FillRect(t->s, &r, SDL_MapRGB(t->s->format, c.r, c.g, c.b));
	if (y + h > t->bottom)
		t->bottom = y + h;
}

/* The font for text of size (for 576-dot paper), never below 3.0 mm
 * whatever the paper: narrow paper wraps more, it does not shrink. */
static TTF_Font *tr_font(struct tr *t, int size, enum ui_weight weight)
{
	int least = (TICKET_GLYPH_DOTS * t->in->dpi + 202) / 203;
	int px = tr_px(t, size) < least ? least : tr_px(t, size);

	if (t->least_glyph == 0 || px < t->least_glyph)
		t->least_glyph = px;
	return ui_fonts_get(t->in->fonts, px, weight);
}

/* One line at (x, y); returns its width in dots. */
static int tr_draw(struct tr *t, const char *text, TTF_Font *f, SDL_Color c,
                   int x, int y)
{
	SDL_Surface *g = TTF_RenderUTF8_Blended(f, text, c);
	SDL_Rect dst = {x, y, 0, 0};
	int w;

	if (g == NULL)
		return 0;
	SDL_BlitSurface(g, NULL, t->s, &dst);
	w = g->w;
	if (y + g->h > t->bottom)
		t->bottom = y + g->h;
	SDL_FreeSurface(g);
	return w;
}

/* A wrapped paragraph from the cursor down, within [x, x + w). */
static void tr_para(struct tr *t, const char *text, int size,
                    enum ui_weight weight, int align, int x, int w)
{
	TTF_Font *f = tr_font(t, size, weight);
	int skip = TTF_FontLineSkip(f);
	const char *s = text;
	char line[512];

	while (*s) {
		int lw, lh;

		s = ui_font_next_line(f, s, w, line, sizeof line);
		TTF_SizeUTF8(f, line, &lw, &lh);
		tr_draw(t, line, f, TR_BLACK,
		        align == UI_CENTER ? x + (w - lw) / 2 : x, t->y);
		t->y += skip;
	}
}

static void tr_center(struct tr *t, const char *text, int size,
                      enum ui_weight weight)
{
	tr_para(t, text, size, weight, UI_CENTER, t->margin,
	        t->in->width - 2 * t->margin);
}

static void tr_rule(struct tr *t, int dashed)
{
	int x0 = t->margin, x1 = t->in->width - t->margin;
	int dash = tr_px(t, 12), thick = tr_px(t, 3) > 2 ? tr_px(t, 3) : 2;

	t->y += tr_px(t, 14);
	for (int x = x0; x < x1; x += dashed ? 2 * dash : x1 - x0)
		tr_fill(t, x, t->y, dashed ? dash : x1 - x0, thick, TR_BLACK);
	t->y += thick + tr_px(t, 14);
}

/* The big number, as large as fits the paper. */
static void tr_number(struct tr *t, const char *number)
{
	int size = 190, tw = 0, th = 0;
	TTF_Font *f;

	for (;;) {
		f = tr_font(t, size, UI_BOLD);
		TTF_SizeUTF8(f, number, &tw, &th);
		if (tw <= t->in->width - 2 * t->margin || size < 40)
			break;
		size = size * 9 / 10;
	}
	/* The font's ascent leaves room above digits; pull them up a bit. */
	t->y -= tr_px(t, size) / 12;
	tr_draw(t, number, f, TR_BLACK, (t->in->width - tw) / 2, t->y);
	t->y += th - tr_px(t, size) / 12;
}

/* A white-on-black tag, centred: the priority mark. */
static void tr_tag(struct tr *t, const char *text)
{
	TTF_Font *f = tr_font(t, 30, UI_BOLD);
	int tw, th, pad = tr_px(t, 18);

	TTF_SizeUTF8(f, text, &tw, &th);
	tr_fill(t, (t->in->width - tw) / 2 - pad, t->y, tw + 2 * pad,
	        th + tr_px(t, 8), TR_BLACK);
	tr_draw(t, text, f, TR_WHITE, (t->in->width - tw) / 2,
	        t->y + tr_px(t, 4));
	t->y += th + tr_px(t, 8) + tr_px(t, 10);
}

static void tr_checklist(struct tr *t, const char **materials, size_t n)
{
	int size = 28, box = tr_px(t, 22), indent = box + tr_px(t, 16);
	TTF_Font *f = tr_font(t, size, UI_REGULAR);
	int skip = TTF_FontLineSkip(f);

	tr_para(t, tr_word(t, "ticket_materials"), 26, UI_BOLD, UI_LEFT,
	        t->margin, t->in->width - 2 * t->margin);
	t->y += tr_px(t, 6);
	for (size_t i = 0; i < n; i++) {
		int top = t->y + (skip - box) / 2, line = tr_px(t, 2);
		/* An empty square to tick: drawn, so no font can miss it. */
		tr_fill(t, t->margin, top, box, line, TR_BLACK);
		tr_fill(t, t->margin, top + box - line, box, line, TR_BLACK);
		tr_fill(t, t->margin, top, line, box, TR_BLACK);
		tr_fill(t, t->margin + box - line, top, line, box, TR_BLACK);
		tr_para(t, materials[i], size, UI_REGULAR, UI_LEFT,
		        t->margin + indent,
		        t->in->width - 2 * t->margin - indent);
		t->y += tr_px(t, 4);
	}
}

/* "1. 不动产登记", "2. 税务综合、住房公积金（同时排队，不分先后）", ... */
static void tr_route(struct tr *t, const struct catalog_route *r)
{
	int en = t->in->lang == UI_EN;
	char step[256], line[320];

	tr_para(t, tr_word(t, "ticket_route"), 26, UI_BOLD, UI_LEFT, t->margin,
	        t->in->width - 2 * t->margin);
	t->y += tr_px(t, 6);
	for (int i = 0; i < r->nsteps; i++) {
		catalog_route_step_text(t->in->catalog, r, i, en, step,
		                        sizeof step);
		snprintf(line, sizeof line, "%d. %s%s", i + 1, step,
		         r->nqueues[i] > 1 ? tr_word(t, "route_parallel") : "");
		tr_para(t, line, 28, UI_REGULAR, UI_LEFT, t->margin,
		        t->in->width - 2 * t->margin);
		t->y += tr_px(t, 4);
	}
}

static int tr_qr(struct tr *t, struct qerr *err)
{
	struct qr *q = qr_encode(t->in->url, err);
	int module, side, x0;

	if (q == NULL)
		return -1;
	/* Whole dots per module, about 40% of the paper wide, and never
	 * fewer than TICKET_QR_MODULE while the code fits the paper: a
	 * phone held by an unsteady hand reads large modules. */
	module = (t->in->width * 2 / 5) / (q->width + 2 * QR_QUIET);
	if (module < TICKET_QR_MODULE &&
	    TICKET_QR_MODULE * (q->width + 2 * QR_QUIET) <= t->in->width)
		module = TICKET_QR_MODULE;
	if (module < 2)
		module = 2;
	t->qr_module = module;
	side = module * (q->width + 2 * QR_QUIET);
	x0 = (t->in->width - side) / 2 + module * QR_QUIET;
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->dark[y * q->width + x])
				tr_fill(t, x0 + x * module,
				        t->y + module * QR_QUIET + y * module,
				        module, module, TR_BLACK);
	t->y += side;
	if (t->y > t->bottom)
		t->bottom = t->y;
	qr_free(q);
	return 0;
}

static void tr_body(struct tr *t)
{
	const struct ticket *tk = t->in->ticket;
	const struct catalog *cat = t->in->catalog;
	const struct catalog_queue *queue = catalog_queue_find(cat, tk->queue);
	const struct catalog_item *item = catalog_item_find(cat, tk->item);
	int en = t->in->lang == UI_EN;
	time_t when =
	    tk->taken_at > 0 ? (time_t)(tk->taken_at / 1000) : time(NULL);
	char line[256];
	struct tm tm;

	tr_center(t, tr_tr(t, cat->hall_name.zh, cat->hall_name.en), 32,
	          UI_BOLD);
	tr_rule(t, 0);
	snprintf(line, sizeof line, "%s",
	         queue ? tr_tr(t, queue->name_zh, queue->name_en) : "");
	tr_center(t, line, 32, UI_BOLD);
	if (item)
		tr_center(t, tr_tr(t, item->name_zh, item->name_en), 28,
		          UI_REGULAR);
	t->y += tr_px(t, 10);
	if (tk->priority)
		tr_tag(t, tr_word(t, "ticket_priority"));
	tr_number(t, tk->number);
	if (tk->ahead >= 0) {
		words_format(
		    line, sizeof line,
		    tr_word(t, tk->ahead > 0 ? "ticket_ahead" : "ticket_next"),
		    (long)tk->ahead);
		tr_center(t, line, 28, UI_BOLD);
	}
	if (tk->est_wait_s > 0) {
		words_format(line, sizeof line, tr_word(t, "ticket_wait"),
		             (long)((tk->est_wait_s + 59) / 60));
		tr_center(t, line, 28, UI_REGULAR);
	}
	ui_clock_tm(when, &tm);
	strftime(line, sizeof line, "%Y-%m-%d  %H:%M", &tm);
	tr_center(t, line, 28, UI_REGULAR);
	if (item && item->route.nsteps > 0) {
		tr_rule(t, 1);
		tr_route(t, &item->route);
	}
	if (item && (en ? item->materials.nen : item->materials.nzh) > 0) {
		tr_rule(t, 1);
		tr_checklist(t, en ? item->materials.en : item->materials.zh,
		             en ? item->materials.nen : item->materials.nzh);
	}
	tr_rule(t, 1);
}

/* Draw the ticket; the caller owns the image. */
struct print_image *ticket_render(const struct ticket_render *in,
                                  struct qerr *err)
{
	struct tr t = {in, NULL, 0, 0, 0, 0, 0};
	struct print_image *img;
	int h;

	if (in->width < 200 || in->width > 2400)
		return qerr_set(err, PROTO_E_CONFIG,
		                "paper of %d dots is not a ticket", in->width),
		       NULL;
	t.s = SDL_CreateRGBSurfaceWithFormat(0, in->width, TR_MAX_H, 32,
	                                     SDL_PIXELFORMAT_ARGB8888);
	if (t.s == NULL)
		return qerr_set(err, PROTO_E_IO, "ticket: %s", SDL_GetError()),
		       NULL;
	SDL_FillRect(t.s, NULL, SDL_MapRGB(t.s->format, 255, 255, 255));
	t.margin = tr_px(&t, 24);
	t.y = tr_px(&t, 24);
	tr_body(&t);
	if (tr_qr(&t, err)) {
		SDL_FreeSurface(t.s);
		return NULL;
	}
	tr_center(&t, tr_word(&t, "ticket_scan"), 28, UI_REGULAR);
	tr_rule(&t, 1);
	tr_para(
	    &t,
	    tr_tr(&t, in->catalog->hall_rules.zh, in->catalog->hall_rules.en),
	    28, UI_REGULAR, UI_LEFT, t.margin, in->width - 2 * t.margin);
	if (in->measure) {
		in->measure->least_glyph = t.least_glyph;
		in->measure->qr_module = t.qr_module;
	}
	/* White below the last line: the cutter sits a little above it. */
	h = t.y + tr_px(&t, 48);
	if (h > TR_MAX_H)
		h = TR_MAX_H;
	img = print_image_new(in->width, h, in->dpi);
	for (int y = 0; y < h; y++) {
		const Uint32 *row =
		    (const Uint32 *)((const Uint8 *)t.s->pixels +
		                     y * t.s->pitch);
		for (int x = 0; x < in->width; x++) {
			Uint32 p = row[x];
			unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff,
			         b = p & 0xff;
			img->pixels[(size_t)y * (size_t)in->width + (size_t)x] =
			    (unsigned char)((r * 299 + g * 587 + b * 114) /
			                    1000);
		}
	}
	SDL_FreeSurface(t.s);
	return img;
}
