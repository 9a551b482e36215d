/*
 * 暂停取号: shown whenever no ticket can be offered (the daemon is away,
 * or, if so configured, no printer can print). Both languages at once, in
 * calm colours: nothing is broken that the citizen must deal with, and no
 * number is offered that the daemon did not issue. The loop brings the
 * home screen back by itself once the daemon and the printer are there.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"

static const SDL_Color OFFLINE_BG = {0x24, 0x3b, 0x55, 0xff};
static const SDL_Color OFFLINE_SOFT = {0xc9, 0xd6, 0xe3, 0xff};

static void offline_enter(struct ui_app *a, const void *arg)
{
	struct kiosk *k = kiosk_of(a);
	(void)arg;
	chrome_reset(k);
}

/* A line in Chinese and its English under it, each wrapped to at most
 * two lines and as large as the mode asks; returns the y below. */
static int offline_line(struct kiosk *k, struct ui *ui, const char *zh,
                        const char *en, int y, int size, enum ui_weight weight,
                        SDL_Color ink, SDL_Color ink2)
{
	int w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int s1 = chrome_sz(k, size), s2 = chrome_sz(k, size * 3 / 4);
	int l1 = ui_text_lines(ui, zh, s1, weight, w),
	    l2 = ui_text_lines(ui, en, s2, weight, w);
	SDL_Rect a = {CHROME_MARGIN, y, w,
	              (l1 > 2 ? 2 : l1) * chrome_line_h(ui, s1, weight)};
	SDL_Rect b = {CHROME_MARGIN, y + a.h, w,
	              (l2 > 2 ? 2 : l2) * chrome_line_h(ui, s2, weight)};

	ui_text_block(ui, zh, s1, size, weight, ink, a, UI_CENTER);
	ui_text_block(ui, en, s2, size * 3 / 4, weight, ink2, b, UI_CENTER);
	return b.y + b.h;
}

/* The strings of key in both languages, whatever the toggle says. */
static void offline_pair(struct kiosk *k, const char *key, const char **zh,
                         const char **en)
{
	enum ui_lang lang = k->app.ui->lang;

	k->app.ui->lang = UI_ZH;
	*zh = ui_s(k->app.ui, key);
	k->app.ui->lang = UI_EN;
	*en = ui_s(k->app.ui, key);
	k->app.ui->lang = lang;
}

static void offline_draw(struct ui_app *a, struct ui *ui)
{
	struct kiosk *k = kiosk_of(a);
	const char *zh, *en;
	int server_down =
	    !ui_link_up(k->link) || k->catalog == NULL || k->status == NULL;
	int y;

	ui_clear(ui, OFFLINE_BG);
	/* Staff can still be called while the daemon answers. */
	if (help_shown(k))
		help_draw_button(k, ui);
	offline_pair(k, "hall_name", &zh, &en);
	if (k->catalog) {
		zh = k->catalog->hall_name.zh;
		en = k->catalog->hall_name.en;
	}
	y = offline_line(k, ui, zh ? zh : "", en ? en : "", 240, 56, UI_BOLD,
	                 UI_WHITE, OFFLINE_SOFT);
	y += k->app.ui->large ? 40 : 120;
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 140, y, 280, 280, 140,
	              OFFLINE_SOFT);
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 110, y + 30, 220, 220, 110,
	              OFFLINE_BG);
	/* A pause sign: two bars. */
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 50, y + 80, 32, 120, 8,
	              OFFLINE_SOFT);
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 + 18, y + 80, 32, 120, 8,
	              OFFLINE_SOFT);
	y += 280 + (k->app.ui->large ? 40 : 100);
	offline_pair(k, "unavailable_title", &zh, &en);
	y = offline_line(k, ui, zh, en, y, 96, UI_BOLD, UI_WHITE, OFFLINE_SOFT);
	offline_pair(k, server_down ? "offline_server" : "offline_printer", &zh,
	             &en);
	y = offline_line(k, ui, zh, en, y + 60, 44, UI_REGULAR, UI_WHITE,
	                 OFFLINE_SOFT);
	if (!server_down && k->printer_reasons[0]) {
		/* What the staff will want to know: out of paper, say. */
		char key[64];
		snprintf(key, sizeof key, "printer_%s", k->printer_reasons);
		offline_pair(k, key, &zh, &en);
		if (strcmp(zh, key) != 0)
			y = offline_line(k, ui, zh, en, y + 30, 36, UI_REGULAR,
			                 OFFLINE_SOFT, OFFLINE_SOFT);
	}
	offline_pair(k, "offline_help", &zh, &en);
	offline_line(k, ui, zh, en, y + 60, 40, UI_REGULAR, OFFLINE_SOFT,
	             OFFLINE_SOFT);
}

static int offline_event(struct ui_app *a, const SDL_Event *ev)
{
	struct kiosk *k = kiosk_of(a);
	(void)k;
	(void)ev;
	return 0;
}

const struct screen screen_offline = {"offline", offline_enter, offline_event,
                                      NULL, offline_draw};
