/*
 * Transfer the ticket at the counter to another queue (转移): pick the
 * queue, then whether it goes to the front of that queue (ahead of the
 * ordinary tickets, as transferred tickets do) or to the back.
 * Keys: a queue's letter or the arrows pick, Space switches front and back,
 * Enter or F5 confirms, Esc goes back.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "ui-format.h"

#define TRANSFER_QUEUES_MAX 15
#define TRANSFER_COLS       5
#define TRANSFER_GRID_Y     146
#define TRANSFER_GRID_H     182

enum {
	TRANSFER_FRONT = 50,
	TRANSFER_BACK,
	TRANSFER_CANCEL,
	TRANSFER_CONFIRM,
};

/* How many queues the grid shows. */
static size_t transfer_count(const struct caller *c)
{
	size_t n = c->status ? c->status->nqueues : 0;

	return n > TRANSFER_QUEUES_MAX ? TRANSFER_QUEUES_MAX : n;
}

/* The prefix of the i-th queue of the status. */
static const char *transfer_prefix(const struct caller *c, size_t i)
{
	return c->status && i < c->status->nqueues ? c->status->queues[i].prefix
	                                           : NULL;
}

/* Lay out the queues, front/back, cancel and confirm. */
static void transfer_enter(struct ui_app *app, const void *arg)
{
	struct caller *c = caller_of(app);
	size_t n = transfer_count(c);
	int rows = (int)((n + TRANSFER_COLS - 1) / TRANSFER_COLS);
	int h = rows ? (TRANSFER_GRID_H - (rows - 1) * 8) / rows : 0;
	(void)arg;

	if (h > 88)
		h = 88;
	c->transfer_queue[0] = '\0';
	c->transfer_back = 0;
	for (size_t i = 0; i < n; i++)
		ui_app_add_button(
		    &c->app, (int)i, 12 + (int)(i % TRANSFER_COLS) * 157,
		    TRANSFER_GRID_Y + (int)(i / TRANSFER_COLS) * (h + 8), 149,
		    h);
	ui_app_add_button(&c->app, TRANSFER_FRONT, 12, 336, 252, 60);
	ui_app_add_button(&c->app, TRANSFER_BACK, 272, 336, 252, 60);
	ui_app_add_button(&c->app, TRANSFER_CANCEL, 536, 336, 252, 60);
	ui_app_add_button(&c->app, TRANSFER_CONFIRM, 12, 404, 776, 64);
}

/* Choose the i-th queue. */
static void transfer_pick(struct caller *c, size_t i)
{
	const char *p = transfer_prefix(c, i);

	if (i < transfer_count(c) && p) {
		snprintf(c->transfer_queue, sizeof c->transfer_queue, "%s", p);
		ui_app_changed(&c->app);
	}
}

/* The chosen queue's place in the grid, -1 when none. */
static int transfer_index(const struct caller *c)
{
	for (size_t i = 0; i < transfer_count(c); i++) {
		const char *p = transfer_prefix(c, i);
		if (p && strcmp(p, c->transfer_queue) == 0)
			return (int)i;
	}
	return -1;
}

/* Send the transfer and go back to the counter. */
static void transfer_confirm(struct caller *c)
{
	if (c->transfer_queue[0] == '\0') {
		caller_note(c, NOTE_ERROR, "err_pick_queue");
		return;
	}
	if (!c->link_up) {
		caller_note_offline(c);
		return;
	}
	session_send(c, ACTION_TRANSFER, "transfer",
	             json_pack("{s:s, s:b}", "queue", c->transfer_queue, "back",
	                       c->transfer_back));
	ui_app_go(&c->app, &screen_counter, NULL);
}

/* A button of the transfer screen. */
static void transfer_press(struct caller *c, int id)
{
	if (id >= 0 && id < TRANSFER_QUEUES_MAX) {
		transfer_pick(c, (size_t)id);
	} else if (id == TRANSFER_FRONT || id == TRANSFER_BACK) {
		c->transfer_back = id == TRANSFER_BACK;
		ui_app_changed(&c->app);
	} else if (id == TRANSFER_CANCEL) {
		ui_app_go(&c->app, &screen_counter, NULL);
	} else if (id == TRANSFER_CONFIRM) {
		transfer_confirm(c);
	} else {
		chrome_event(c, id);
	}
}

/* The transfer screen's keys; 1 when used. */
static int transfer_key(struct caller *c, SDL_Keycode key)
{
	int i = transfer_index(c), n = (int)transfer_count(c);

	if (key == SDLK_ESCAPE) {
		transfer_press(c, TRANSFER_CANCEL);
	} else if (key == SDLK_RETURN || key == SDLK_KP_ENTER ||
	           key == SDLK_F5) {
		transfer_confirm(c);
	} else if (key == SDLK_SPACE) {
		transfer_press(c, c->transfer_back ? TRANSFER_FRONT
		                                   : TRANSFER_BACK);
	} else if (key == SDLK_LEFT || key == SDLK_RIGHT || key == SDLK_UP ||
	           key == SDLK_DOWN) {
		int step = key == SDLK_LEFT    ? -1
		           : key == SDLK_RIGHT ? 1
		           : key == SDLK_UP    ? -TRANSFER_COLS
		                               : TRANSFER_COLS;
		if (n > 0)
			transfer_pick(c,
			              (size_t)(i < 0 ? 0 : (i + step + n) % n));
	} else if (key >= SDLK_a && key <= SDLK_z) {
		char letter[2] = {(char)toupper((int)key), '\0'};
		for (int k = 0; k < n; k++) {
			const char *p = transfer_prefix(c, (size_t)k);
			if (p && strcmp(p, letter) == 0)
				transfer_pick(c, (size_t)k);
		}
	} else {
		return 0;
	}
	return 1;
}

/* Touch and keys. */
static int transfer_event(struct ui_app *app, const SDL_Event *ev)
{
	struct caller *c = caller_of(app);
	int fired;

	if (ui_app_pointer(ev)) {
		fired = ui_app_tap(&c->app, ev);
		if (fired >= 0)
			transfer_press(c, fired);
		return 1;
	}
	if (ev->type == SDL_KEYDOWN)
		return transfer_key(c, ev->key.keysym.sym);
	return 0;
}

/* Draw the grid of queues and the choices. */
static void transfer_draw(struct ui_app *app, struct ui *ui)
{
	struct caller *c = caller_of(app);
	const struct ticket *t = window_ticket(c);
	const char *number = t ? t->number : NULL;
	char text[200];

	ui_format(text, sizeof text, ui_s(ui, "transfer_title"),
	          number ? number : "", (const char *)NULL);
	ui_text(ui, text, 26, UI_BOLD, UI_INK, 16, 100, UI_LEFT);
	for (int i = 0; i < c->app.nbuttons; i++) {
		const struct ui_button *b = &c->app.buttons[i];
		const SDL_Rect *r = &b->r;
		if (b->id < TRANSFER_QUEUES_MAX) {
			const char *p = transfer_prefix(c, (size_t)b->id);
			const struct view_queue *q =
			    p ? &c->status->queues[b->id] : NULL;
			/* The status may have changed under the layout. */
			int on = p && strcmp(p, c->transfer_queue) == 0;
			SDL_Color ink = on ? UI_WHITE : UI_INK;
			chrome_button(c, b, "", NULL, on ? UI_ACCENT : UI_PANEL,
			              ink);
			ui_text(ui, p, 28, UI_BOLD, ink, r->x + 12, r->y + 2,
			        UI_LEFT);
			ui_text_box(ui,
			            q ? ui_tr(ui, q->name_zh, q->name_en) : "",
			            15, UI_REGULAR, ink, r->x + 12, r->y + 38,
			            r->w - 20, 2);
		} else if (b->id == TRANSFER_FRONT || b->id == TRANSFER_BACK) {
			int on = c->transfer_back == (b->id == TRANSFER_BACK);
			chrome_button(c, b,
			              ui_s(ui, b->id == TRANSFER_BACK
			                           ? "transfer_back"
			                           : "transfer_front"),
			              NULL, on ? UI_ACCENT : UI_PANEL,
			              on ? UI_WHITE : UI_INK);
		} else if (b->id == TRANSFER_CANCEL) {
			chrome_button(c, b, ui_s(ui, "cancel_esc"), NULL,
			              UI_LINE, UI_INK);
		} else if (b->id == TRANSFER_CONFIRM) {
			struct ui_button ok = *b;
			ok.enabled = c->transfer_queue[0] != '\0';
			chrome_button(c, &ok, ui_s(ui, "transfer_confirm"),
			              NULL, UI_GREEN, UI_WHITE);
		}
	}
}

const struct screen screen_transfer = {"transfer", transfer_enter,
                                       transfer_event, NULL, transfer_draw};
