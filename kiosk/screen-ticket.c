/*
 * The ticket issued: the big number, queue and item, people ahead and the
 * wait, the QR code of the ticket's status address, and how the paper
 * went: "printing…", then "please take your ticket", or, when the printer
 * failed, a calm word that the number on screen is valid as it is. The
 * number shown is only ever one the daemon issued: until its reply the
 * screen says it is taking one.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "qr.h"

#define TICKET_QR_SIDE 300

enum ticket_id { TICKET_BUTTON_DONE = 1 };

static void ticket_layout(struct kiosk *k)
{
	int w;

	chrome_reset(k);
	w = chrome_footer_tail(k, CHROME_FOOTER_Y, CHROME_FOOTER_H);
	if (k->phase != KIOSK_TAKING)
		ui_app_add_button(&k->app, TICKET_BUTTON_DONE, CHROME_MARGIN,
		                  CHROME_FOOTER_Y, w, CHROME_FOOTER_H);
}

static void ticket_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	k->anim = 0;
	ticket_layout(k);
}

/* The QR code as a texture, one texel a module, scaled without blur. */
static SDL_Texture *ticket_qr_texture(struct kiosk *k, struct ui *ui)
{
	struct qerr err = {0};
	struct qr *q = qr_encode(k->url, &err);
	SDL_Surface *s;
	SDL_Texture *t = NULL;
	int side;

	if (q == NULL) {
		log_warn("kiosk", "%s", err.message);
		return NULL;
	}
	side = q->width + 2 * QR_QUIET;
	s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32,
	                                   SDL_PIXELFORMAT_ARGB8888);
	if (s) {
		SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 255, 255, 255));
		for (int y = 0; y < q->width; y++)
			for (int x = 0; x < q->width; x++)
				if (q->dark[y * q->width + x]) {
					SDL_Rect r = {x + QR_QUIET,
					              y + QR_QUIET, 1, 1};
					SDL_FillRect(
					    s, &r,
					    SDL_MapRGB(s->format, 0, 0, 0));
				}
		t = SDL_CreateTextureFromSurface(ui->renderer, s);
		if (t)
			SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
		SDL_FreeSurface(s);
	}
	qr_free(q);
	return t;
}

static int ticket_qr(struct kiosk *k, struct ui *ui, int y)
{
	int x = (KIOSK_DESIGN_W - TICKET_QR_SIDE) / 2;
	SDL_Rect r = ui_rect(ui, x, y, TICKET_QR_SIDE, TICKET_QR_SIDE);

	if (k->qr == NULL && k->url[0])
		k->qr = ticket_qr_texture(k, ui);
	if (k->qr)
		SDL_RenderCopy(ui->renderer, k->qr, NULL, &r);
	ui_text(ui, ui_s(ui, "ticket_scan"), chrome_sz(k, 30), UI_REGULAR,
	        UI_MUTED, KIOSK_DESIGN_W / 2, y + TICKET_QR_SIDE + 34,
	        UI_CENTER | UI_MIDDLE);
	return y + TICKET_QR_SIDE + 80;
}

/* The box under the QR code: where the paper is. */
static void ticket_outcome(struct kiosk *k, struct ui *ui, int y)
{
	int x = CHROME_MARGIN, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int size, h;
	char why[64], line[160];
	const char *text;

	switch (k->phase) {
	case KIOSK_PRINTING:
		text = ui_s(ui, "ticket_printing");
		size = ui_text_fit(ui, text, chrome_sz(k, 46), UI_BOLD, w - 40);
		ui_text(ui, text, size, UI_BOLD, UI_INK, KIOSK_DESIGN_W / 2,
		        y + 70, UI_CENTER | UI_MIDDLE);
		/* Three dots, one lit at a time: the kiosk is not stuck. */
		for (int i = 0; i < 3; i++)
			ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 60 + i * 48,
			              y + 140, 24, 24, 12,
			              i == k->anim % 3 ? UI_ACCENT : UI_LINE);
		break;
	case KIOSK_PRINTED:
	case KIOSK_NOT_PRINTED: {
		int bh = k->app.ui->large ? 220 : 180;
		SDL_Rect box = {x + 40, y + 10, w - 80, bh - 20};
		text = ui_s(ui, k->phase == KIOSK_PRINTED ? "ticket_printed"
		                                          : "ticket_print_off");
		ui_fill_round(ui, x, y, w, bh, 24, UI_PANEL);
		ui_fill(ui, x, y, 14, bh, UI_OK);
		ui_text_block(ui, text, chrome_sz(k, 46), 46, UI_BOLD, UI_OK,
		              box, UI_CENTER);
		break;
	}
	case KIOSK_PRINT_FAILED:
		snprintf(why, sizeof why, "printer_%s",
		         k->print_why[0] ? k->print_why : "failed");
		snprintf(line, sizeof line, "%s", ui_s(ui, why));
		if (strcmp(line, why) == 0)
			snprintf(line, sizeof line, "%s",
			         ui_s(ui, "printer_failed"));
		/* As tall as its text, never into the buttons. */
		h = 176 + ui_text_lines(ui,
		                        ui_s(ui, "ticket_print_failed_help"),
		                        chrome_sz(k, 32), UI_REGULAR, w - 96) *
		              chrome_line_h(ui, chrome_sz(k, 32), UI_REGULAR);
		if (h > CHROME_FOOTER_Y - 30 - y)
			h = CHROME_FOOTER_Y - 30 - y;
		ui_fill_round(ui, x, y, w, h, 24, UI_PANEL);
		ui_fill(ui, x, y, 14, h, UI_WARN);
		text = ui_s(ui, "ticket_print_failed");
		size = ui_text_fit(ui, text, chrome_sz(k, 44), UI_BOLD, w - 80);
		ui_text(ui, text, size, UI_BOLD, UI_WARN, x + 48, y + 56,
		        UI_MIDDLE);
		ui_text(
		    ui, line,
		    ui_text_fit(ui, line, chrome_sz(k, 32), UI_REGULAR, w - 80),
		    UI_REGULAR, UI_MUTED, x + 48, y + 116, UI_MIDDLE);
		ui_text_box(ui, ui_s(ui, "ticket_print_failed_help"),
		            chrome_sz(k, 32), UI_REGULAR, UI_INK, x + 48,
		            y + 156, w - 96,
		            (h - 170) / chrome_line_h(ui, chrome_sz(k, 32),
		                                      UI_REGULAR));
		break;
	default:
		break;
	}
}

/* A centred text at base's size for the mode, on two lines if need be
 * (never below base); returns the y below it. */
static int ticket_line(struct kiosk *k, struct ui *ui, const char *text,
                       int base, enum ui_weight weight, SDL_Color ink, int y)
{
	int w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN, size = chrome_sz(k, base);
	int lines = ui_text_lines(ui, text, size, weight, w);
	SDL_Rect box = {CHROME_MARGIN, y, w,
	                (lines > 2 ? 2 : lines) *
	                    chrome_line_h(ui, size, weight)};

	ui_text_block(ui, text, size, base, weight, ink, box, UI_CENTER);
	return y + box.h;
}

/* The number and what goes with it; returns the y below. */
static int ticket_number(struct kiosk *k, struct ui *ui)
{
	const struct ticket *t = &k->ticket;
	const struct catalog_queue *q = hall_queue(k, t->queue);
	const struct catalog_item *it = hall_item(k, t->item);
	const char *number = t->number;
	int c = KIOSK_DESIGN_W / 2, y = 614;
	char line[128];

	if (t->priority) {
		const char *p = ui_s(ui, "ticket_priority");
		int w = ui_text_width(ui, p, 36, UI_BOLD) + 64;
		ui_fill_round(ui, c - w / 2, 250, w, 64, 32, UI_GREEN);
		ui_text(ui, p, 36, UI_BOLD, UI_WHITE, c, 282,
		        UI_CENTER | UI_MIDDLE);
	} else {
		ui_text(ui, ui_s(ui, "ticket_your_number"), chrome_sz(k, 40),
		        UI_REGULAR, UI_MUTED, c, 282, UI_CENTER | UI_MIDDLE);
	}
	ui_text(ui, number, ui_text_fit(ui, number, 280, UI_BOLD, 968), UI_BOLD,
	        UI_ACCENT, c, 460, UI_CENTER | UI_MIDDLE);
	if (q)
		y = ticket_line(k, ui, ui_tr(ui, q->name_zh, q->name_en), 42,
		                UI_BOLD, UI_INK, y);
	if (it)
		y = ticket_line(k, ui, ui_tr(ui, it->name_zh, it->name_en), 32,
		                UI_REGULAR, UI_MUTED, y);
	/* An unknown count (-1) reads as none ahead. */
	chrome_say(k, line, sizeof line,
	           t->ahead > 0 ? "ticket_ahead" : "ticket_next",
	           (long)(t->ahead > 0 ? t->ahead : 0));
	y = ticket_line(k, ui, line, 50, UI_BOLD, UI_INK, y + 12);
	if (t->est_wait_s > 0) {
		chrome_say(k, line, sizeof line, "ticket_wait",
		           (long)((t->est_wait_s + 59) / 60));
		y = ticket_line(k, ui, line, 36, UI_REGULAR, UI_MUTED, y);
	}
	return y + 16;
}

static void ticket_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const SDL_Rect *r;
	const char *done;

	ticket_layout(k);
	ui_clear(ui, UI_BG);
	chrome_header(k, ui);
	if (k->phase == KIOSK_TAKING || !k->has_ticket) {
		const char *t = ui_s(ui, k->take_lost ? "ticket_retaking"
		                                      : "ticket_taking");
		ui_text(ui, t,
		        ui_text_fit(ui, t, chrome_sz(k, 60), UI_BOLD, 968),
		        UI_BOLD, UI_INK, KIOSK_DESIGN_W / 2, 900,
		        UI_CENTER | UI_MIDDLE);
	} else {
		ticket_outcome(k, ui, ticket_qr(k, ui, ticket_number(k, ui)));
	}
	if ((r = chrome_rect(k, TICKET_BUTTON_DONE)) != NULL) {
		done = ui_s(ui, "ticket_done");
		chrome_button(k, ui, ui_app_button(&k->app, TICKET_BUTTON_DONE),
		              UI_ACCENT, (SDL_Color){0, 0, 0, 0});
		ui_text(ui, done, chrome_sz(k, 52), UI_BOLD, UI_ACCENT_INK,
		        r->x + r->w / 2, r->y + r->h / 2,
		        UI_CENTER | UI_MIDDLE);
	}
	chrome_footer(k, ui);
}

/* While the printer works, the dots move. */
static void ticket_tick(struct ui_app *a, uint32_t now_ms)
{
	struct kiosk *k = kiosk_of(a);
	int frame = (int)(now_ms / 500);

	if (k->phase == KIOSK_PRINTING && frame != k->anim) {
		k->anim = frame;
		k->app.dirty = 1;
	}
}

static int ticket_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	int id = ui_app_tap(a, ev);

	if (id < 0)
		return 0;
	if (chrome_common(k, id))
		return 1;
	if (id == TICKET_BUTTON_DONE)
		kiosk_reset(k);
	return 1;
}

const struct screen screen_ticket = {"ticket", ticket_enter, ticket_event,
                                     ticket_tick, ticket_draw};
