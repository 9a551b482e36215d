/*
 * What every kiosk screen shares: the red header with the hall's name and
 * the clock, buttons that darken under a finger, the footer (back, home,
 * 大字模式, 语音, language), queue badges, and the words for a queue's wait.
 *
 * Layout is in design units of the 1080x1920 portrait panel. A screen lays
 * its buttons out with ui_app_add_button() each time it draws, so what a finger
 * hits is always what the citizen sees. Large-text mode (大字模式) scales
 * text by 3/2 through chrome_sz(); a text that would overflow its box
 * wraps (chrome_label), and the screens page rather than shrink it below
 * its normal size. Every target is CHROME_TARGET_H high or more, and
 * CHROME_GAP apart.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui-clock.h"
#include "kiosk.h"
#include "ui-font.h"
#include "words.h"

/* White: a pink second line read 5.1:1 on the red, below AAA. */
static const SDL_Color CHROME_HEADER_INK2 = {0xff, 0xff, 0xff, 0xff};

int chrome_sz(const struct kiosk *k, int size)
{
	return k->app.ui->large ? size * 3 / 2 : size;
}

/* A label in a button: as large as the mode asks, wrapped to fit, never
 * below its normal size (base). */
int chrome_label(struct kiosk *k, struct ui *ui, const char *text, int base,
                 enum ui_weight weight, SDL_Color ink, const SDL_Rect *r,
                 int pad, int align)
{
	return chrome_label_floor(k, ui, text, base, base, weight, ink, r, pad,
	                          align);
}

/* The same, allowed down to floor where a whole name must fit a box that
 * shares its button with a second line (a closed shortcut's hours). */
int chrome_label_floor(struct kiosk *k, struct ui *ui, const char *text,
                       int base, int floor, enum ui_weight weight,
                       SDL_Color ink, const SDL_Rect *r, int pad, int align)
{
	SDL_Rect box = {r->x + pad, r->y + 6, r->w - 2 * pad, r->h - 12};

	return ui_text_block(ui, text, chrome_sz(k, base), floor, weight, ink,
	                     box, align);
}

void chrome_reset(struct kiosk *k)
{
	k->app.nbuttons = 0;
}

/* The height of a line of text, as ui_text_box spaces them. */
int chrome_line_h(struct ui *ui, int size, enum ui_weight weight)
{
	int px = (int)(size * ui->scale + 0.5f);
	TTF_Font *f = ui_fonts_get(ui->fonts, px < 6 ? 6 : px, weight);

	return (int)(TTF_FontLineSkip(f) / ui->scale + 0.5f);
}

/* The rectangle of button id on the screen on show, NULL if none. */
const SDL_Rect *chrome_rect(struct kiosk *k, int id)
{
	struct ui_button *b = ui_app_button(&k->app, id);

	return b ? &b->r : NULL;
}

/* A string with a number in it, from the strings files. */
void chrome_say(struct kiosk *k, char *out, size_t size, const char *key,
                long n)
{
	words_format(out, size, ui_s(k->app.ui, key), n);
}

/* 1 when the minute changed: the clock in the header needs drawing. */
int chrome_clock_tick(struct kiosk *k)
{
	int minute = (int)(time(NULL) / 60);

	if (minute == k->clock_minute)
		return 0;
	k->clock_minute = minute;
	return 1;
}

/* Today without the year: it shares a line with the clock. */
static void chrome_date(struct kiosk *k, char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char key[16], day[32];

	ui_clock_tm(now, &tm);
	snprintf(key, sizeof key, "weekday_%d", tm.tm_wday);
	if (k->app.ui->lang == UI_EN) {
		strftime(day, sizeof day, "%d %b", &tm);
		snprintf(out, size, "%s %s", ui_s(k->app.ui, key), day);
	} else {
		snprintf(out, size, "%d月%d日 %s", tm.tm_mon + 1, tm.tm_mday,
		         ui_s(k->app.ui, key));
	}
}

/* The red band: the hall's name in both languages, the date and time. */
void chrome_header(struct kiosk *k, struct ui *ui)
{
	const struct catalog_text *hall =
	    k->catalog ? &k->catalog->hall_name : NULL;
	const char *name =
	    hall ? ui_tr(ui, hall->zh, hall->en) : ui_s(ui, "hall_name");
	const char *other = hall ? ui->lang == UI_EN ? hall->zh : hall->en : "";
	time_t now = time(NULL);
	struct tm tm;
	char clock[16], date[64];
	int size, w = 600, cw;

	ui_clock_tm(now, &tm);
	strftime(clock, sizeof clock, "%H:%M", &tm);
	chrome_date(k, date, sizeof date);
	ui_fill(ui, 0, 0, KIOSK_DESIGN_W, CHROME_HEADER_H, UI_ACCENT);
	size = ui_text_fit(ui, name, chrome_sz(k, 56), UI_BOLD, w);
	ui_text(ui, name, size, UI_BOLD, UI_ACCENT_INK, CHROME_MARGIN, 78,
	        UI_MIDDLE);
	if (other[0]) {
		size = ui_text_fit(ui, other, 28, UI_REGULAR, w);
		ui_text(ui, other, size, UI_REGULAR, CHROME_HEADER_INK2,
		        CHROME_MARGIN, 152, UI_MIDDLE);
	}
	/* The time and date on one line over 呼叫工作人员 (help.c). */
	cw = ui_text(ui, clock, 40, UI_BOLD, UI_ACCENT_INK,
	             KIOSK_DESIGN_W - CHROME_MARGIN, 36, UI_RIGHT | UI_MIDDLE);
	size = ui_text_fit(ui, date, 28, UI_REGULAR, 344 - cw - 16);
	ui_text(ui, date, size, UI_REGULAR, CHROME_HEADER_INK2,
	        KIOSK_DESIGN_W - CHROME_MARGIN - cw - 16, 38,
	        UI_RIGHT | UI_MIDDLE);
	help_draw_button(k, ui);
}

static SDL_Color chrome_darker(SDL_Color c)
{
	return (SDL_Color){(Uint8)(c.r * 4 / 5), (Uint8)(c.g * 4 / 5),
	                   (Uint8)(c.b * 4 / 5), c.a};
}

/* A button's face: rounded, an optional edge, darker while pressed. */
void chrome_button(struct kiosk *k, struct ui *ui, const struct ui_button *b,
                   SDL_Color bg, SDL_Color edge)
{
	const SDL_Rect *r = &b->r;
	int pressed = b->id == k->app.pressed;

	if (edge.a) {
		ui_fill_round(ui, r->x, r->y, r->w, r->h, 24,
		              pressed ? chrome_darker(edge) : edge);
		ui_fill_round(ui, r->x + 4, r->y + 4, r->w - 8, r->h - 8, 20,
		              pressed ? chrome_darker(bg) : bg);
	} else {
		ui_fill_round(ui, r->x, r->y, r->w, r->h, 24,
		              pressed ? chrome_darker(bg) : bg);
	}
}

/* A queue's letter in a coloured rounded square. */
void chrome_badge(struct kiosk *k, struct ui *ui, const char *prefix, int x,
                  int y, int side, SDL_Color bg)
{
	int size = ui_text_fit(ui, prefix, side * 3 / 5, UI_BOLD, side - 16);

	(void)k;
	ui_fill_round(ui, x, y, side, side, side / 5, bg);
	ui_text(ui, prefix, size, UI_BOLD, UI_ACCENT_INK, x + side / 2,
	        y + side / 2, UI_CENTER | UI_MIDDLE);
}

/* "等候 12 人" and "约 30 分钟" for a queue's line of the status. */
void chrome_wait_text(struct kiosk *k, const struct view_queue *qs,
                      char *waiting, size_t wsize, char *wait, size_t size)
{
	long n;

	waiting[0] = wait[0] = '\0';
	if (qs == NULL)
		return;
	n = qs->waiting;
	if (!qs->open) {
		hours_closed_text(k, qs, waiting, wsize);
		return;
	}
	if (n == 0)
		snprintf(waiting, wsize, "%s", ui_s(k->app.ui, "waiting_none"));
	else
		chrome_say(k, waiting, wsize, "waiting_n", n);
	if (qs->est_wait_s < 0)
		snprintf(wait, size, "%s", ui_s(k->app.ui, "no_window"));
	else if (n > 0)
		chrome_say(k, wait, size, "about_min",
		           (long)((qs->est_wait_s + 59) / 60));
}

/*
 * The footer's columns, CHROME_GAP apart: back, home, 大字模式, 语音 and
 * the language. Not equal: each is as wide as its label needs in large
 * text (返回 and 首页 are two glyphs, "English" is seven letters), so no
 * label is broken inside a word or shrunk below 3/2 of its normal size,
 * and "Large text" is one line in normal text.
 * The widths add up to the panel less its margins and the gaps.
 */
static const int chrome_col_w[5] = {142, 170, 197, 156, 207};
static const int chrome_col_id[5] = {CHROME_BACK, CHROME_HOME, CHROME_LARGE,
                                     CHROME_VOICE, CHROME_LANG};

/* The x of column i, from the left margin. */
static int chrome_col_x(int i)
{
	int x = CHROME_MARGIN;

	for (int j = 0; j < i; j++)
		x += chrome_col_w[j] + CHROME_GAP;
	return x;
}

/* Back (or not: home takes its place and width too), home, 大字模式,
 * 语音 and the language. */
void chrome_footer_layout(struct kiosk *k, int with_back)
{
	int y = CHROME_FOOTER_Y, h = CHROME_FOOTER_H;

	if (with_back) {
		for (int i = 0; i < 5; i++)
			ui_app_add_button(&k->app, chrome_col_id[i],
			                  chrome_col_x(i), y, chrome_col_w[i],
			                  h);
		return;
	}
	ui_app_add_button(&k->app, CHROME_HOME, CHROME_MARGIN, y,
	                  chrome_col_x(2) - CHROME_GAP - CHROME_MARGIN, h);
	for (int i = 2; i < 5; i++)
		ui_app_add_button(&k->app, chrome_col_id[i], chrome_col_x(i), y,
		                  chrome_col_w[i], h);
}

/* 大字模式, 语音 and the language at the right of a footer of the
 * screen's own, at y and h high, in the footer's columns; returns the
 * width left at the left for the screen's own button. */
int chrome_footer_tail(struct kiosk *k, int y, int h)
{
	for (int i = 2; i < 5; i++)
		ui_app_add_button(&k->app, chrome_col_id[i], chrome_col_x(i), y,
		                  chrome_col_w[i], h);
	return chrome_col_x(2) - CHROME_GAP - CHROME_MARGIN;
}

/* The size for a footer label: as large as the mode asks, less only as
 * far as its longest word fits the button on a line (a wrap may come
 * between words, never inside one: "Normal text" in large text), and
 * never below its normal size. */
static int chrome_footer_size(struct kiosk *k, struct ui *ui, const char *text,
                              int base, int box_w)
{
	int size = chrome_sz(k, base);
	char word[64];

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");
		if (n > 0 && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = '\0';
			while (size > base &&
			       ui_text_width(ui, word, size, UI_BOLD) > box_w)
				size--;
		}
		p += n;
		p += strspn(p, " ");
	}
	return size;
}

/* Back, home, 大字模式, 语音 and the language, wherever the screen put
 * them. The large-text and voice buttons are dark while on, and then
 * name what a tap does (标准字, 关闭语音): not colour alone. */
void chrome_footer(struct kiosk *k, struct ui *ui)
{
	for (int i = 0; i < k->app.nbuttons; i++) {
		const struct ui_button *b = &k->app.buttons[i];
		const char *key = NULL;
		int on = 0;
		switch (b->id) {
		case CHROME_BACK:
			key = "back";
			break;
		case CHROME_HOME:
			key = "home";
			break;
		case CHROME_LARGE:
			on = ui->large;
			key = on ? "normal_text" : "large_text";
			break;
		case CHROME_VOICE:
			on = k->voice_on;
			key = on ? "voice_off" : "voice";
			break;
		case CHROME_LANG:
			key = "language_toggle";
			break;
		default:
			continue;
		}
		chrome_button(k, ui, b, on ? UI_INK : UI_PANEL,
		              on ? UI_INK : UI_EDGE);
		SDL_Rect box = {b->r.x + 4, b->r.y + 6, b->r.w - 8,
		                b->r.h - 12};
		ui_text_block(
		    ui, ui_s(ui, key),
		    chrome_footer_size(k, ui, ui_s(ui, key), 36, box.w), 36,
		    UI_BOLD, on ? UI_WHITE : UI_INK, box, UI_CENTER);
	}
}

/* The buttons every screen has; 1 when id was one of them. */
int chrome_common(struct kiosk *k, int id)
{
	switch (id) {
	case CHROME_HOME:
		kiosk_home(k);
		return 1;
	case CHROME_LANG:
		k->app.ui->lang = k->app.ui->lang == UI_EN ? UI_ZH : UI_EN;
		k->app.dirty = 1;
		return 1;
	case CHROME_LARGE:
		k->app.ui->large = !k->app.ui->large;
		k->app.dirty = 1;
		return 1;
	case CHROME_VOICE:
		speech_toggle(k);
		return 1;
	default:
		return 0;
	}
}
