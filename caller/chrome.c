/*
 * What every screen of the caller has: the top bar (window, who is logged
 * in, whether the daemon is there, language, log out), the note line under
 * it, and the look of a button.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "ui-format.h"

#define CHROME_BAR_H 56

static const SDL_Color CHROME_BAR_BUTTON = {0x8c, 0x12, 0x18, 0xff};
static const SDL_Color CHROME_LINK_UP = {0x7d, 0xe0, 0xa0, 0xff};
static const SDL_Color CHROME_LINK_DOWN = {0xff, 0xc0, 0x6b, 0xff};
static const SDL_Color CHROME_INFO = {0xdd, 0xe4, 0xee, 0xff};

/* Add the top bar's buttons to the screen on show. */
void chrome_add_buttons(struct caller *c)
{
	ui_app_add_button(&c->app, CHROME_BUTTON_LANG, 672, 8, 116, 40);
	if (c->logged_in)
		ui_app_add_button(&c->app, CHROME_BUTTON_LOGOUT, 548, 8, 116,
		                  40);
	/* Answers the alert on show; there is none to press without one. */
	ui_app_add_button(&c->app, CHROME_BUTTON_ALERT, 640, 62, 148, 34);
}

/* A chrome button (or its key): 1 when it was one. */
int chrome_event(struct caller *c, int id)
{
	if (id == CHROME_BUTTON_LANG) {
		c->app.ui->lang = c->app.ui->lang == UI_EN ? UI_ZH : UI_EN;
		ui_app_changed(&c->app);
		return 1;
	}
	if (id == CHROME_BUTTON_ALERT) {
		alerts_ack(c);
		return 1;
	}
	if (id == CHROME_BUTTON_LOGOUT) {
		if (!c->logged_in)
			return 1;
		session_logout(c);
		return 1;
	}
	return 0;
}

/* A darker shade of c: percent of its brightness. */
static SDL_Color chrome_shade(SDL_Color c, int percent)
{
	c.r = (Uint8)(c.r * percent / 100);
	c.g = (Uint8)(c.g * percent / 100);
	c.b = (Uint8)(c.b * percent / 100);
	return c;
}

/* A button: its label large, a key or hint under it when there is room. */
void chrome_button(struct caller *c, const struct ui_button *b,
                   const char *label, const char *sub, SDL_Color bg,
                   SDL_Color ink)
{
	struct ui *ui = c->app.ui;
	const SDL_Rect *r = &b->r;
	int size = r->h >= 80 ? 26 : r->h * 45 / 100;
	int cx = r->x + r->w / 2, cy = r->y + r->h / 2;

	if (!b->enabled) {
		bg = UI_LINE;
		ink = UI_MUTED;
	}
	if (c->app.pressed == b->id)
		bg = chrome_shade(bg, 70);
	/* A rim a shade darker: a white key on a light page stays a key. */
	ui_fill_round(ui, r->x, r->y, r->w, r->h, 10, chrome_shade(bg, 80));
	ui_fill_round(ui, r->x + 2, r->y + 2, r->w - 4, r->h - 4, 9, bg);
	size = ui_text_fit(ui, label, size, UI_BOLD, r->w - 14);
	if (sub && sub[0] && r->h >= 56) {
		ui_text(ui, label, size, UI_BOLD, ink, cx, cy - r->h / 8,
		        UI_CENTER | UI_MIDDLE);
		ui_text(ui, sub, size * 7 / 10, UI_REGULAR, ink, cx,
		        r->y + r->h - r->h / 5, UI_CENTER | UI_MIDDLE);
	} else {
		ui_text(ui, label, size, UI_BOLD, ink, cx, cy,
		        UI_CENTER | UI_MIDDLE);
	}
}

/* The top bar: window, who is logged in, link, buttons. */
static void chrome_bar(struct caller *c, struct ui *ui)
{
	char text[160];
	int x = 16, w;
	/* The bar's right end: the link state, then the buttons. */
	int right = c->logged_in ? 540 : 664;

	ui_fill(ui, 0, 0, CALLER_DESIGN_W, CHROME_BAR_H, UI_ACCENT);
	ui_format_int(text, sizeof text, ui_s(ui, "window_n"), c->opt.window);
	x += ui_text(ui, text, 28, UI_BOLD, UI_WHITE, x, CHROME_BAR_H / 2,
	             UI_LEFT | UI_MIDDLE);
	x += 14;
	if (c->logged_in)
		snprintf(text, sizeof text, "%s · %s", c->staff_name,
		         c->staff_id);
	else
		snprintf(text, sizeof text, "%s", ui_s(ui, "not_logged_in"));
	/* Leave room for the link state and the bar's buttons. */
	w = ui_text_fit(ui, text, 20, UI_REGULAR, right - 110 - x);
	ui_text(ui, text, w, UI_REGULAR, UI_WHITE, x, CHROME_BAR_H / 2,
	        UI_LEFT | UI_MIDDLE);

	/* Online or not, where the eye looks first. */
	const char *link = ui_s(ui, c->link_up ? "link_up" : "link_down");
	SDL_Color dot = c->link_up ? CHROME_LINK_UP : CHROME_LINK_DOWN;
	/* The word in white (7:1 on the red), the dot in its colour. */
	int lw = ui_text(ui, link, 18, UI_BOLD, UI_WHITE, right,
	                 CHROME_BAR_H / 2, UI_RIGHT | UI_MIDDLE);
	ui_fill_round(ui, right - lw - 18, 22, 12, 12, 6, dot);

	for (int i = 0; i < c->app.nbuttons; i++) {
		const struct ui_button *b = &c->app.buttons[i];
		if (b->id == CHROME_BUTTON_LANG) {
			snprintf(text, sizeof text, "%s  F9",
			         ui_s(ui, "language_toggle"));
			chrome_button(c, b, text, NULL, CHROME_BAR_BUTTON,
			              UI_WHITE);
		} else if (b->id == CHROME_BUTTON_ALERT) {
			continue; /* drawn with the alert it answers */
		} else if (b->id == CHROME_BUTTON_LOGOUT) {
			snprintf(text, sizeof text, "%s  F10",
			         ui_s(ui, "logout"));
			chrome_button(c, b, text, NULL, CHROME_BAR_BUTTON,
			              UI_WHITE);
		}
	}
}

/* The note line, coloured by its kind. */
static void chrome_note(struct caller *c, struct ui *ui)
{
	SDL_Color bg = CHROME_INFO, ink = UI_INK;
	char text[400];
	int size;

	if (c->note_kind == NOTE_NONE)
		return;
	if (c->note_kind == NOTE_ERROR) {
		bg = UI_WARN;
		ink = UI_WHITE;
	} else if (c->note_kind == NOTE_OK) {
		bg = UI_OK;
		ink = UI_WHITE;
	}
	ui_fill_round(ui, 12, 62, CALLER_DESIGN_W - 24, 34, 8, bg);
	caller_note_text(c, text, sizeof text);
	size = ui_text_fit(ui, text, 20, UI_BOLD, CALLER_DESIGN_W - 48);
	ui_text(ui, text, size, UI_BOLD, ink, CALLER_DESIGN_W / 2, 79,
	        UI_CENTER | UI_MIDDLE);
}

/* The alert on show, in the note's line. */
static void chrome_alert(struct caller *c, struct ui *ui)
{
	const struct ui_button *b = ui_app_button(&c->app, CHROME_BUTTON_ALERT);
	const struct caller_alert *a = &c->alerts[0];
	char text[400], more[16];
	int size, help = strcmp(a->kind, "help") == 0;

	if (b == NULL)
		return;
	ui_fill_round(ui, 12, 62, CALLER_DESIGN_W - 24, 34, 8,
	              help ? UI_ACCENT : UI_WARN);
	alerts_text(c, text, sizeof text);
	if (c->nalerts > 1) {
		snprintf(more, sizeof more, "  +%d", c->nalerts - 1);
		strncat(text, more, sizeof text - strlen(text) - 1);
	}
	size = ui_text_fit(ui, text, 20, UI_BOLD, b->r.x - 36);
	ui_text(ui, text, size, UI_BOLD, UI_WHITE, 24, 79, UI_LEFT | UI_MIDDLE);
	if (a->acked && !help)
		return;
	snprintf(text, sizeof text, "%s  F11",
	         ui_s(ui, help ? "alert_answer" : "alert_ack"));
	chrome_button(c, b, text, NULL, UI_WHITE, UI_INK);
}

/* Draw what every screen has. */
void chrome_draw(struct caller *c, struct ui *ui)
{
	chrome_bar(c, ui);
	/* An alert stands over a passing note; a refusal is read first. */
	if (c->nalerts > 0 && c->note_kind != NOTE_ERROR)
		chrome_alert(c, ui);
	else
		chrome_note(c, ui);
}
