/*
 * The counter: the ticket at the counter in large type with its queue,
 * item and how long it has been served; beside it the waiting counts of
 * this window's queues and today's figures; below, the caller keypad's
 * buttons, each with its function key.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "ticket.h"
#include "ui-format.h"

#define COUNTER_CARD_X 12
#define COUNTER_CARD_Y 104
#define COUNTER_CARD_W 508
#define COUNTER_CARD_H 228
#define COUNTER_SIDE_X 528
#define COUNTER_SIDE_W 260
#define COUNTER_KEYS_Y 344
#define COUNTER_KEYS_H 124

/* Lay out the keypad's buttons and the serve button. */
static void counter_enter(struct ui_app *app, const void *arg)
{
	struct caller *c = caller_of(app);
	int x = COUNTER_CARD_X;
	(void)arg;
	/* Call next is the key pressed all day: the widest. */
	ui_app_add_button(&c->app, ACTION_CALL, x, COUNTER_KEYS_Y, 176,
	                  COUNTER_KEYS_H);
	x += 176 + 8;
	for (int a = ACTION_RECALL; a <= ACTION_PAUSE; a++) {
		ui_app_add_button(&c->app, a, x, COUNTER_KEYS_Y, 112,
		                  COUNTER_KEYS_H);
		x += 112 + 8;
	}
	ui_app_add_button(&c->app, ACTION_SERVE,
	                  COUNTER_CARD_X + COUNTER_CARD_W - 184,
	                  COUNTER_CARD_Y + 104, 168, 50);
}

/* Dim what does not apply now; the serve button shows only when it does. */
static void counter_sync(struct caller *c)
{
	for (int i = 0; i < c->app.nbuttons; i++) {
		struct ui_button *b = &c->app.buttons[i];
		if (b->id == ACTION_SERVE)
			b->enabled = actions_applies(c, ACTION_SERVE);
	}
}

/* Buttons and function keys; Enter is "citizen here" (F7). */
static int counter_event(struct ui_app *app, const SDL_Event *ev)
{
	struct caller *c = caller_of(app);
	int fired;

	counter_sync(c);
	if (ui_app_pointer(ev)) {
		fired = ui_app_tap(&c->app, ev);
		if (fired >= 0 && fired < ACTION_COUNT)
			actions_run(c, (enum caller_action)fired);
		else if (fired >= 0)
			chrome_event(c, fired);
		return 1;
	}
	if (ev->type == SDL_KEYDOWN) {
		SDL_Keycode key = ev->key.keysym.sym;
		/* Enter: the citizen has come to the counter, as F7. */
		if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
			key = SDLK_F7;
		return actions_key(c, key);
	}
	return 0;
}

/* The clock of the ticket at the counter moves once a second. */
static void counter_tick(struct ui_app *app, uint32_t now_ms)
{
	struct caller *c = caller_of(app);
	int64_t second = ticket_now_ms() / 1000;

	(void)now_ms;
	if (window_ticket(c) && second != c->clock_second) {
		c->clock_second = second;
		c->app.dirty = 1;
	}
}

/*
 * A ticket that came by an item's route (并联审批): a tag at the end of
 * the queue's line, "并联审批 第2/3步". Returns the width it took.
 */
static int counter_draw_route(struct ui *ui, const struct ticket *t, int right)
{
	char text[80], step[12], steps[12];
	int w;

	if (t->route_steps <= 0)
		return 0;
	snprintf(step, sizeof step, "%d", t->route_step);
	snprintf(steps, sizeof steps, "%d", t->route_steps);
	ui_format(text, sizeof text, ui_s(ui, "route_step"), step, steps,
	          (const char *)NULL);
	w = ui_text_width(ui, text, 18, UI_BOLD) + 20;
	ui_fill_round(ui, right - w, COUNTER_CARD_Y + 154, w, 32, 8, UI_ACCENT);
	ui_text(ui, text, 18, UI_BOLD, UI_ACCENT_INK, right - w / 2,
	        COUNTER_CARD_Y + 170, UI_CENTER | UI_MIDDLE);
	return w + 12;
}

/* The ticket at the counter: number, state, clock, queue, item. */
static void counter_draw_ticket(struct caller *c, struct ui *ui,
                                const struct ticket *t)
{
	const int x = COUNTER_CARD_X + 20,
	          right = COUNTER_CARD_X + COUNTER_CARD_W - 20;
	const char *number = t->number, *queue = t->queue, *item = t->item;
	int serving = t->state == TICKET_SERVING;
	char text[200], calls[16], clock[24];
	int size;

	size = ui_text_fit(ui, number, 96, UI_BOLD, 300);
	ui_text(ui, number, size, UI_BOLD, UI_ACCENT, x - 4,
	        COUNTER_CARD_Y + 26, UI_LEFT);

	/* The state and its clock, right of the number; the serve button
	 * under them while the citizen is on the way. */
	snprintf(calls, sizeof calls, "%d", t->calls);
	ui_format(text, sizeof text,
	          ui_s(ui, serving ? "state_serving" : "state_called"), calls,
	          (const char *)NULL);
	ui_text(ui, text, ui_text_fit(ui, text, 20, UI_BOLD, 168), UI_BOLD,
	        serving ? UI_OK : UI_WARN, right, COUNTER_CARD_Y + 12,
	        UI_RIGHT);
	window_duration(clock, sizeof clock, window_ticket_seconds(c, t));
	ui_text(ui, clock, 44, UI_BOLD, UI_INK, right, COUNTER_CARD_Y + 36,
	        UI_RIGHT);

	snprintf(text, sizeof text, "%s  %s", queue,
	         window_queue_name(c, queue));
	ui_text_box(ui, text, 22, UI_BOLD, UI_INK, x, COUNTER_CARD_Y + 158,
	            COUNTER_CARD_W - 40 - counter_draw_route(ui, t, right), 1);
	if (item[0]) {
		snprintf(text, sizeof text, "%s  %s", item,
		         window_item_name(c, item));
		ui_text_box(ui, text, 20, UI_REGULAR, UI_MUTED, x,
		            COUNTER_CARD_Y + 190, COUNTER_CARD_W - 40, 1);
	}
}

/* The card of the counter: a ticket, or free, or paused. */
static void counter_draw_card(struct caller *c, struct ui *ui)
{
	const struct ticket *t = window_ticket(c);
	const int x = COUNTER_CARD_X + 20;
	const int mid = COUNTER_CARD_X + COUNTER_CARD_W / 2;
	char text[260];

	ui_fill_round(ui, COUNTER_CARD_X, COUNTER_CARD_Y, COUNTER_CARD_W,
	              COUNTER_CARD_H, 12, UI_PANEL);
	ui_text(ui, ui_s(ui, "current_ticket"), 18, UI_REGULAR, UI_MUTED, x,
	        COUNTER_CARD_Y + 12, UI_LEFT);
	if (c->status == NULL) {
		ui_text(ui, ui_s(ui, "waiting_for_status"), 26, UI_BOLD,
		        UI_MUTED, mid, COUNTER_CARD_Y + COUNTER_CARD_H / 2,
		        UI_CENTER | UI_MIDDLE);
	} else if (t) {
		counter_draw_ticket(c, ui, t);
	} else if (window_paused(c)) {
		ui_text(ui, ui_s(ui, "paused"), 56, UI_BOLD, UI_WARN, mid,
		        COUNTER_CARD_Y + 100, UI_CENTER | UI_MIDDLE);
		ui_format(text, sizeof text, ui_s(ui, "paused_hint"),
		          window_reason(c)[0] ? window_reason(c)
		                              : ui_s(ui, "no_reason"),
		          (const char *)NULL);
		ui_text(ui, text, ui_text_fit(ui, text, 22, UI_REGULAR, 460),
		        UI_REGULAR, UI_MUTED, mid, COUNTER_CARD_Y + 170,
		        UI_CENTER | UI_MIDDLE);
	} else {
		ui_text(ui, ui_s(ui, "idle"), 56, UI_BOLD, UI_MUTED, mid,
		        COUNTER_CARD_Y + 100, UI_CENTER | UI_MIDDLE);
		ui_text(ui, ui_s(ui, "idle_hint"), 22, UI_REGULAR, UI_MUTED,
		        mid, COUNTER_CARD_Y + 170, UI_CENTER | UI_MIDDLE);
	}
	if (window_paused(c) && t)
		ui_text(ui, ui_s(ui, "paused"), 18, UI_BOLD, UI_WARN,
		        x +
		            ui_text_width(ui, ui_s(ui, "current_ticket"), 18,
		                          UI_REGULAR) +
		            12,
		        COUNTER_CARD_Y + 12, UI_LEFT);
}

/* Waiting per queue of this window, and today's figures. */
static void counter_draw_side(struct caller *c, struct ui *ui)
{
	const struct view_window *w = window_entry(c);
	const int x = COUNTER_SIDE_X + 16,
	          right = COUNTER_SIDE_X + COUNTER_SIDE_W - 16;
	size_t n = w ? w->nqueues : 0;
	int y = COUNTER_CARD_Y + 44;
	int row = n > 4 ? 28 : 34;
	char text[200], value[80], duration[24];
	int size;

	ui_fill_round(ui, COUNTER_SIDE_X, COUNTER_CARD_Y, COUNTER_SIDE_W,
	              COUNTER_CARD_H, 12, UI_PANEL);
	ui_text_box(ui, ui_s(ui, "waiting_title"), 18, UI_REGULAR, UI_MUTED, x,
	            COUNTER_CARD_Y + 12, right - x, 1);
	for (size_t i = 0; i < n && i < 5; i++) {
		const char *prefix = w->queues[i];
		const struct view_queue *qs = window_queue_status(c, prefix);
		int vw;

		ui_format_int(value, sizeof value, ui_s(ui, "people_n"),
		              qs ? qs->waiting : 0);
		vw =
		    ui_text(ui, value, 22, UI_BOLD, UI_INK, right, y, UI_RIGHT);
		snprintf(text, sizeof text, "%s %s", prefix,
		         window_queue_name(c, prefix));
		/* Long (English) names shrink a little, then lose their
		 * end to an ellipsis; the count always shows. */
		size =
		    ui_text_fit(ui, text, 20, UI_REGULAR, right - x - vw - 10);
		ui_text_box(ui, text, size < 16 ? 16 : size, UI_REGULAR, UI_INK,
		            x, y + 2, right - x - vw - 10, 1);
		y += row;
	}
	y = COUNTER_CARD_Y + COUNTER_CARD_H - 78;
	ui_fill(ui, x, y - 8, right - x, 2, UI_LINE);
	ui_format_int(value, sizeof value, ui_s(ui, "people_n"),
	              w ? w->served_today : 0);
	ui_text(ui, ui_s(ui, "served_today"), 18, UI_REGULAR, UI_MUTED, x, y,
	        UI_LEFT);
	ui_text(ui, value, 22, UI_BOLD, UI_INK, right, y - 2, UI_RIGHT);
	window_duration(duration, sizeof duration, w ? w->avg_service_s : 0);
	ui_text(ui, ui_s(ui, "avg_service"), 18, UI_REGULAR, UI_MUTED, x,
	        y + 34, UI_LEFT);
	ui_text(ui, duration, 22, UI_BOLD, UI_INK, right, y + 32, UI_RIGHT);
}

/* Draw the counter screen. */
static void counter_draw(struct ui_app *app, struct ui *ui)
{
	struct caller *c = caller_of(app);
	static const SDL_Color colors[ACTION_COUNT] = {
	    [ACTION_CALL] = {0x0b, 0x5f, 0x35, 0xff}, /* 7.8:1 to white */
	    [ACTION_RECALL] = {0x1d, 0x4e, 0x89, 0xff},
	    [ACTION_SKIP] = {0x95, 0x32, 0x09, 0xff},
	    [ACTION_FINISH] = {0x1a, 0x22, 0x33, 0xff},
	    [ACTION_TRANSFER] = {0x5b, 0x3f, 0x8c, 0xff},
	    [ACTION_PAUSE] = {0x4a, 0x54, 0x62, 0xff},
	    [ACTION_SERVE] = {0x0b, 0x5f, 0x35, 0xff},
	};
	char label[80];

	counter_sync(c);
	counter_draw_card(c, ui);
	counter_draw_side(c, ui);
	for (int i = 0; i < c->app.nbuttons; i++) {
		struct ui_button b = c->app.buttons[i];
		if (b.id >= ACTION_COUNT)
			continue;
		if (b.id == ACTION_SERVE && !b.enabled)
			continue;
		/* Dimmed, not disabled: a press still gets an answer. */
		b.enabled = actions_applies(c, (enum caller_action)b.id);
		if (b.id == ACTION_SERVE) {
			/* Too low for a second line: the key goes beside. */
			snprintf(label, sizeof label, "%s  %s",
			         actions_label(c, b.id),
			         actions_key_name(b.id));
			chrome_button(c, &b, label, NULL, colors[b.id],
			              UI_WHITE);
			continue;
		}
		chrome_button(c, &b, actions_label(c, b.id),
		              actions_key_name(b.id), colors[b.id], UI_WHITE);
	}
}

const struct screen screen_counter = {"counter", counter_enter, counter_event,
                                      counter_tick, counter_draw};
