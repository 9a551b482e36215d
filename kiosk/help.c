/*
 * 呼叫工作人员: a citizen who is stuck calls for staff from any screen.
 * The button sits in the header's right corner, where every screen has
 * it; a tap sends the help op with the screen's name, and only the
 * daemon's answer, which comes after the call is committed to the trace,
 * lets the kiosk say that someone is coming. Until then it says it is
 * calling; if the call cannot be made it says where to go instead. The
 * call stands (the button says 已呼叫) until staff acknowledge it at the
 * console or a guide's caller: the daemon's alert_cleared says so.
 *
 * The button and the card are this file's, not a screen's: a tap on them
 * is taken before the screen sees it (kiosk.c's event hook).
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"

/* The button in the header, under the clock; the card over the screen. */
#define HELP_X      (KIOSK_DESIGN_W - CHROME_MARGIN - HELP_W)
#define HELP_Y      70
#define HELP_W      320
#define HELP_H      CHROME_TARGET_H
#define HELP_CARD_Y 560
#define HELP_CARD_H 720
#define HELP_OK_H   180

static const SDL_Rect help_button = {HELP_X, HELP_Y, HELP_W, HELP_H};

static SDL_Rect help_ok_rect(void)
{
	int x = CHROME_MARGIN, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;

	return (SDL_Rect){x + 56, HELP_CARD_Y + HELP_CARD_H - HELP_OK_H - 64,
	                  w - 112, HELP_OK_H};
}

/* Ask the daemon for staff, naming the screen the citizen is stuck on. */
static void help_call(struct kiosk *k)
{
	const char *screen = k->app.screen ? k->app.screen->name : "home";

	if (k->help == HELP_CALLING)
		return;
	if (!ui_link_up(k->link)) {
		k->help = HELP_FAILED;
		k->help_card = 1;
		ui_app_changed(&k->app);
		return;
	}
	log_info("kiosk", "a citizen calls for staff at %s", screen);
	k->help = HELP_CALLING;
	k->help_card = 1;
	ui_link_send(k->link, KIOSK_TAG_HELP, "help",
	             json_pack("{s:s}", "screen", screen));
	ui_app_changed(&k->app);
}

/* The daemon's answer: committed, or not made. */
void help_on_reply(struct kiosk *k, struct ui_link_msg *m)
{
	json_t *a = json_object_get(m->body, "alert");

	if (KIOSK_TAG_KIND(m->tag) == KIOSK_TAG_ALERTS) {
		/* After a reconnect: is a call of ours still standing? */
		json_t *list = json_object_get(m->body, "alerts"), *e;
		size_t i;
		if (!m->ok)
			return;
		json_array_foreach(list, i, e)
		{
			if (k->help == HELP_NONE) {
				k->help = HELP_COMING;
				k->help_alert = (int64_t)json_integer_value(
				    json_object_get(e, "id"));
			}
		}
		if (json_array_size(list) == 0 && k->help == HELP_COMING)
			k->help = HELP_NONE;
		ui_app_changed(&k->app);
		return;
	}
	if (!m->ok) {
		log_warn("kiosk", "the call for staff failed: %s",
		         m->err.message);
		k->help = HELP_FAILED;
	} else {
		k->help = HELP_COMING;
		k->help_alert =
		    (int64_t)json_integer_value(json_object_get(a, "id"));
	}
	ui_app_changed(&k->app);
}

/* An event: our call was answered (acknowledged, hence cleared). */
void help_on_event(struct kiosk *k, json_t *ev)
{
	const char *name = json_string_value(json_object_get(ev, "event"));

	if (k->help != HELP_COMING || name == NULL ||
	    strcmp(name, "alert_cleared") != 0 ||
	    (int64_t)json_integer_value(json_object_get(ev, "alert")) !=
	        k->help_alert)
		return;
	log_info("kiosk", "staff answered the call for help");
	k->help = HELP_NONE;
	k->help_card = 0;
	ui_app_changed(&k->app);
}

void help_on_link_up(struct kiosk *k)
{
	ui_link_send(k->link, KIOSK_TAG_ALERTS, "alerts", NULL);
}

/* A touch on the button, or on the card's 好的; 1 when taken. */
int help_event(struct kiosk *k, const SDL_Event *ev)
{
	SDL_Point p;
	SDL_Rect ok = help_ok_rect();

	if ((ev->type != SDL_MOUSEBUTTONDOWN &&
	     ev->type != SDL_MOUSEBUTTONUP) ||
	    ev->button.button != SDL_BUTTON_LEFT || !help_shown(k))
		return 0;
	ui_to_design(k->app.ui, ev->button.x, ev->button.y, &p.x, &p.y);
	if (k->help_card) {
		/* The card covers the screen: a touch goes to nothing beneath.
		 */
		k->app.pressed = SDL_PointInRect(&p, &ok) &&
		                         ev->type == SDL_MOUSEBUTTONDOWN &&
		                         k->help != HELP_CALLING
		                     ? KIOSK_HELP_OK
		                     : -1;
		if (ev->type == SDL_MOUSEBUTTONUP && SDL_PointInRect(&p, &ok) &&
		    k->help != HELP_CALLING) {
			k->help_card = 0;
			if (k->help == HELP_FAILED)
				k->help = HELP_NONE;
		}
		k->app.dirty = 1;
		ui_app_changed(&k->app);
		return 1;
	}
	if (!SDL_PointInRect(&p, &help_button))
		return 0;
	k->app.pressed = ev->type == SDL_MOUSEBUTTONDOWN ? KIOSK_HELP : -1;
	if (ev->type == SDL_MOUSEBUTTONUP) {
		if (k->help == HELP_COMING)
			k->help_card = 1; /* say again that someone is coming */
		else
			help_call(k);
	}
	k->app.dirty = 1;
	return 1;
}

/* Where the button is drawn: every screen with the header. */
int help_shown(const struct kiosk *k)
{
	return k->app.screen != &screen_offline || ui_link_up(k->link);
}

/* The button, in the header's right corner. */
void help_draw_button(struct kiosk *k, struct ui *ui)
{
	struct ui_button b = {help_button, KIOSK_HELP, 1};
	const char *key = k->help == HELP_COMING ? "help_called" : "help";
	SDL_Rect box = {HELP_X + 8, HELP_Y + 6, HELP_W - 16, HELP_H - 12};

	chrome_button(k, ui, &b, UI_PANEL, (SDL_Color){0, 0, 0, 0});
	ui_text_block(ui, ui_s(ui, key), chrome_sz(k, 36), 36, UI_BOLD,
	              UI_ACCENT, box, UI_CENTER);
}

/* The card: calling, someone is coming, or where to go instead. */
void help_draw(struct kiosk *k, struct ui *ui)
{
	int x = CHROME_MARGIN, w = KIOSK_DESIGN_W - 2 * CHROME_MARGIN;
	int c = KIOSK_DESIGN_W / 2, y = HELP_CARD_Y;
	struct ui_button ok = {help_ok_rect(), KIOSK_HELP_OK, 1};
	const char *title, *body;
	SDL_Rect box;

	if (!k->help_card)
		return;
	switch (k->help) {
	case HELP_CALLING:
		title = "help_calling";
		body = "help_calling_body";
		break;
	case HELP_COMING:
		title = "help_coming";
		body = "help_coming_body";
		break;
	default:
		title = "help_failed";
		body = "help_failed_body";
		break;
	}
	ui_fill(ui, 0, CHROME_HEADER_H, KIOSK_DESIGN_W,
	        KIOSK_DESIGN_H - CHROME_HEADER_H, UI_INK);
	ui_fill_round(ui, x, y, w, HELP_CARD_H, 32, UI_PANEL);
	box = (SDL_Rect){x + 48, y + 60, w - 96, 150};
	ui_text_block(ui, ui_s(ui, title), chrome_sz(k, 64), 64, UI_BOLD,
	              UI_INK, box, UI_CENTER);
	box = (SDL_Rect){x + 48, y + 230, w - 96, 200};
	ui_text_block(ui, ui_s(ui, body), chrome_sz(k, 40), 40, UI_REGULAR,
	              UI_INK, box, UI_CENTER);
	if (k->help == HELP_CALLING)
		return;
	chrome_button(k, ui, &ok, UI_ACCENT, (SDL_Color){0, 0, 0, 0});
	ui_text(ui, ui_s(ui, "help_ok"), chrome_sz(k, 72), UI_BOLD,
	        UI_ACCENT_INK, c, ok.r.y + HELP_OK_H / 2,
	        UI_CENTER | UI_MIDDLE);
}

json_t *help_state(const struct kiosk *k)
{
	static const char *const names[] = {"none", "calling", "coming",
	                                    "failed"};

	return json_pack("{s:s, s:b, s:I}", "call", names[k->help], "card",
	                 k->help_card, "alert", (json_int_t)k->help_alert);
}
