/*
 * The small screen above one counter (--window N, 960x540): the window's
 * number large on the left; on the right the ticket it is calling or
 * serving, "请稍候" when it is free, or that it is paused and why; at the
 * foot who is serving and the time.
 */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "ui-format.h"

#define COUNTER_LEFT_W  320
#define COUNTER_FOOT_Y  468
#define COUNTER_RIGHT_W (DISPLAY_COUNTER_W - COUNTER_LEFT_W)
#define COUNTER_MID_X   (COUNTER_LEFT_W + COUNTER_RIGHT_W / 2)

/* Nothing to lay out: the counter screen has no buttons. */
static void counter_enter(struct ui_app *a, const void *arg)
{
	(void)a;
	(void)arg;
}

/* No input of its own (language and quit are global). */
static int counter_event(struct ui_app *a, const SDL_Event *ev)
{
	(void)a;
	(void)ev;
	return 0;
}

/* Nothing moves here but the blink (display.c). */
static void counter_tick(struct ui_app *a, uint32_t now_ms)
{
	(void)now_ms;
	display_of(a)->animating = 0;
}

/* The ticket this window is calling or serving, if any (borrowed). */
static const struct ticket *counter_ticket(const struct display *d)
{
	const struct view_window *w = hall_window(&d->hall, d->opt.window);

	if (w && w->has_ticket &&
	    (w->ticket.state == TICKET_CALLED ||
	     w->ticket.state == TICKET_SERVING))
		return &w->ticket;
	return NULL;
}

/* The window's number, large, on the hall's red. */
static void counter_left(struct display *d, struct ui *ui)
{
	char number[16];
	int en = ui->lang == UI_EN;

	ui_fill(ui, 0, 0, COUNTER_LEFT_W, DISPLAY_COUNTER_H, UI_ACCENT);
	snprintf(number, sizeof number, "%d", d->opt.window);
	ui_text(ui, number,
	        ui_text_fit(ui, number, 240, UI_BOLD, COUNTER_LEFT_W - 40),
	        UI_BOLD, UI_WHITE, COUNTER_LEFT_W / 2, en ? 300 : 230,
	        UI_CENTER | UI_MIDDLE);
	ui_text(ui, ui_s(ui, "counter_word"), 60, UI_BOLD, UI_WHITE,
	        COUNTER_LEFT_W / 2, en ? 100 : 430, UI_CENTER | UI_MIDDLE);
}

/* The ticket called or served here, flashing as it comes. */
static void counter_ticket_draw(struct display *d, struct ui *ui,
                                const struct ticket *t)
{
	const char *number = t->number, *queue = t->queue;
	int serving = t->state == TICKET_SERVING;
	int on = display_blink_on(d);
	SDL_Color bg = on ? UI_ACCENT : UI_BG;
	int size = ui_text_fit(ui, number, 200, UI_BOLD, 580);
	int w = ui_text_width(ui, number, size, UI_BOLD);

	draw_text_recorded(d, &d->drawn_number, number, size,
	                   on ? UI_WHITE : UI_ACCENT, bg, COUNTER_MID_X - w / 2,
	                   225 - size * 72 / 100);
	ui_text(ui, hall_queue_name(&d->hall, ui, queue),
	        ui_text_fit(ui, hall_queue_name(&d->hall, ui, queue), 36,
	                    UI_REGULAR, 580),
	        UI_REGULAR, on ? UI_WHITE : UI_INK, COUNTER_MID_X, 380,
	        UI_CENTER | UI_MIDDLE);
	ui_text(ui, ui_s(ui, serving ? "counter_serving" : "counter_called"),
	        34, UI_BOLD,
	        on        ? UI_WHITE
	        : serving ? UI_OK
	                  : UI_WARN,
	        COUNTER_MID_X, 428, UI_CENTER | UI_MIDDLE);
}

/* The ticket, "请稍候" when free, or paused and why. */
static void counter_right(struct display *d, struct ui *ui)
{
	const struct view_window *w = hall_window(&d->hall, d->opt.window);
	const struct ticket *t = counter_ticket(d);
	int on = t && display_blink_on(d);

	memset(&d->drawn_number, 0, sizeof d->drawn_number);
	memset(&d->drawn_window, 0, sizeof d->drawn_window);
	/* A call arriving flashes the whole panel, seen from the queue. */
	if (on)
		ui_fill(ui, COUNTER_LEFT_W, 0, COUNTER_RIGHT_W, COUNTER_FOOT_Y,
		        UI_ACCENT);
	ui_text(ui, ui_s(ui, "now_serving"), 32, UI_REGULAR,
	        on ? UI_WHITE : UI_MUTED, COUNTER_LEFT_W + 36, 30, UI_LEFT);
	if (t) {
		counter_ticket_draw(d, ui, t);
	} else if (w && w->paused) {
		ui_text(ui, ui_s(ui, "counter_paused"), 96, UI_BOLD, UI_WARN,
		        COUNTER_MID_X, 220, UI_CENTER | UI_MIDDLE);
		if (w->reason[0])
			ui_text(ui, w->reason,
			        ui_text_fit(ui, w->reason, 40, UI_REGULAR, 580),
			        UI_REGULAR, UI_INK, COUNTER_MID_X, 340,
			        UI_CENTER | UI_MIDDLE);
	} else {
		ui_text(ui, ui_s(ui, "please_wait"), 110, UI_BOLD, UI_MUTED,
		        COUNTER_MID_X, 250, UI_CENTER | UI_MIDDLE);
	}
}

/* Who serves here and the time; the daemon's absence. */
static void counter_foot(struct display *d, struct ui *ui)
{
	const struct view_window *w = hall_window(&d->hall, d->opt.window);
	char date[96], clock[16], text[160];

	ui_fill(ui, COUNTER_LEFT_W, COUNTER_FOOT_Y,
	        DISPLAY_COUNTER_W - COUNTER_LEFT_W,
	        DISPLAY_COUNTER_H - COUNTER_FOOT_Y, UI_INK);
	display_date(d, date, sizeof date, clock, sizeof clock);
	ui_text(ui, clock, 34, UI_BOLD, UI_WHITE, DISPLAY_COUNTER_W - 24,
	        (COUNTER_FOOT_Y + DISPLAY_COUNTER_H) / 2, UI_RIGHT | UI_MIDDLE);
	if (!d->link_up) {
		draw_link_down(d, ui, "link_down_short", COUNTER_LEFT_W + 24,
		               (COUNTER_FOOT_Y + DISPLAY_COUNTER_H) / 2, 26,
		               UI_LEFT);
		return;
	}
	if (w == NULL || w->staff_name[0] == '\0')
		return;
	ui_format(text, sizeof text, ui_s(ui, "staff_on_duty"), w->staff_name,
	          (const char *)NULL);
	ui_text(ui, text, ui_text_fit(ui, text, 30, UI_REGULAR, 460),
	        UI_REGULAR, UI_WHITE, COUNTER_LEFT_W + 24,
	        (COUNTER_FOOT_Y + DISPLAY_COUNTER_H) / 2, UI_LEFT | UI_MIDDLE);
}

/* Draw the counter display. */
static void counter_draw(struct ui_app *a, struct ui *ui)
{
	struct display *d = display_of(a);

	ui_clear(ui, UI_BG);
	counter_left(d, ui);
	counter_right(d, ui);
	counter_foot(d, ui);
}

const struct screen screen_counter = {"counter", counter_enter, counter_event,
                                      counter_tick, counter_draw};
