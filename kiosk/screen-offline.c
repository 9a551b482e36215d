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

static void offline_line(struct ui *ui, const char *zh, const char *en, int y,
                         int size, enum ui_weight weight, SDL_Color ink,
                         SDL_Color ink2)
{
	int c = KIOSK_DESIGN_W / 2;

	ui_text(ui, zh, ui_text_fit(ui, zh, size, weight, 960), weight, ink, c,
	        y, UI_CENTER | UI_MIDDLE);
	ui_text(ui, en, ui_text_fit(ui, en, size * 3 / 4, weight, 960), weight,
	        ink2, c, y + size * 5 / 4, UI_CENTER | UI_MIDDLE);
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

	ui_clear(ui, OFFLINE_BG);
	offline_pair(k, "hall_name", &zh, &en);
	if (k->catalog) {
		zh = k->catalog->hall_name.zh;
		en = k->catalog->hall_name.en;
	}
	offline_line(ui, zh ? zh : "", en ? en : "", 300, 56, UI_BOLD, UI_WHITE,
	             OFFLINE_SOFT);
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 140, 560, 280, 280, 140,
	              OFFLINE_SOFT);
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 110, 590, 220, 220, 110,
	              OFFLINE_BG);
	/* A pause sign: two bars. */
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 - 50, 640, 32, 120, 8,
	              OFFLINE_SOFT);
	ui_fill_round(ui, KIOSK_DESIGN_W / 2 + 18, 640, 32, 120, 8,
	              OFFLINE_SOFT);
	offline_pair(k, "unavailable_title", &zh, &en);
	offline_line(ui, zh, en, 1010, 110, UI_BOLD, UI_WHITE, OFFLINE_SOFT);
	offline_pair(k, server_down ? "offline_server" : "offline_printer", &zh,
	             &en);
	offline_line(ui, zh, en, 1320, 44, UI_REGULAR, UI_WHITE, OFFLINE_SOFT);
	if (!server_down && k->printer_reasons[0]) {
		/* What the staff will want to know: out of paper, say. */
		char key[64];
		snprintf(key, sizeof key, "printer_%s", k->printer_reasons);
		offline_pair(k, key, &zh, &en);
		if (strcmp(zh, key) != 0)
			offline_line(ui, zh, en, 1460, 36, UI_REGULAR,
			             OFFLINE_SOFT, OFFLINE_SOFT);
	}
	offline_pair(k, "offline_help", &zh, &en);
	offline_line(ui, zh, en, 1600, 40, UI_REGULAR, OFFLINE_SOFT,
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
