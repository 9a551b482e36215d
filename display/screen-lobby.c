/*
 * The lobby (1920x1080): the hall's name, date and time across the top;
 * the latest call in large type, blinking as it arrives, and the recent
 * calls under it; the waiting count of each queue at the side; the notice
 * scrolling along the foot. Numbers and windows only: no citizen's name
 * is ever on this screen.
 */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "ui-format.h"

#define LOBBY_HEAD_H      120
#define LOBBY_TOP         144
#define LOBBY_MAIN_X      40
#define LOBBY_MAIN_W      1320
#define LOBBY_LATEST_H    400
#define LOBBY_RECENT_Y    568
#define LOBBY_BOTTOM      990
#define LOBBY_SIDE_X      1384
#define LOBBY_SIDE_W      496
#define LOBBY_FOOT_Y      1010
#define LOBBY_FOOT_LABEL  200
#define LOBBY_SCROLL_PX_S 110 /* design units a second */
#define LOBBY_RECENT_ROWS 3
#define LOBBY_SIDE_TEXT   36   /* the least size read across the hall */
#define LOBBY_RECALL_SIZE 72   /* 再次呼叫 beside a number called again */
#define LOBBY_PAGE_MS     8000 /* each page of the queues this long */

/* White: a pink label read 6.4:1 on the red, below AAA. */
static const SDL_Color LOBBY_SOFT = {0xff, 0xff, 0xff, 0xff};

/* Nothing to lay out: the lobby has no buttons. */
static void lobby_enter(struct ui_app *a, const void *arg)
{
	(void)a;
	(void)arg;
}

/* No input of its own (language and quit are global). */
static int lobby_event(struct ui_app *a, const SDL_Event *ev)
{
	(void)a;
	(void)ev;
	return 0;
}

/* The notice moves whenever there is one; the queues turn their pages. */
static void lobby_tick(struct ui_app *a, uint32_t now_ms)
{
	struct display *d = display_of(a);
	int page = d->side_pages > 1
	               ? (int)(now_ms / LOBBY_PAGE_MS % (uint32_t)d->side_pages)
	               : 0;

	d->animating = hall_notice(&d->hall, a->ui)[0] != '\0';
	if (d->animating)
		a->dirty = 1;
	if (page != d->side_page) {
		d->side_page = page;
		ui_app_changed(a);
	}
}

/* The hall's name, the date and time, the daemon's absence. */
static void lobby_header(struct display *d, struct ui *ui)
{
	char date[96], clock[16];
	int cw;

	ui_fill(ui, 0, 0, DISPLAY_LOBBY_W, LOBBY_HEAD_H, UI_ACCENT);
	display_date(d, date, sizeof date, clock, sizeof clock);
	cw = ui_text(ui, clock, 72, UI_BOLD, UI_WHITE, 1872, LOBBY_HEAD_H / 2,
	             UI_RIGHT | UI_MIDDLE);
	ui_text(ui, date, 32, UI_REGULAR, UI_WHITE, 1872 - cw - 40, 42,
	        UI_RIGHT | UI_MIDDLE);
	draw_link_down(d, ui, "link_down", 1872 - cw - 40, 88, 24, UI_RIGHT);
	ui_text(ui, hall_name(&d->hall, ui),
	        ui_text_fit(ui, hall_name(&d->hall, ui), 56, UI_BOLD, 1000),
	        UI_BOLD, UI_WHITE, 48, LOBBY_HEAD_H / 2, UI_LEFT | UI_MIDDLE);
}

/* "A007 → 3号窗口" at the largest size that fits w, centred on cx. */
static void lobby_call_line(struct display *d, const struct call *c, int size,
                            int cx, int y, int w, SDL_Color number_ink,
                            SDL_Color ink, SDL_Color bg, int record)
{
	struct ui *ui = d->app.ui;
	char number[32], window[64], line[128];
	struct drawn_text scratch;
	int x;

	hall_call_text(ui, c, number, sizeof number, window, sizeof window);
	snprintf(line, sizeof line, "%s → %s", number, window);
	size = ui_text_fit(ui, line, size, UI_BOLD, w);
	x = cx - ui_text_width(ui, line, size, UI_BOLD) / 2;
	x += draw_text_recorded(d, record ? &d->drawn_number : &scratch, number,
	                        size, number_ink, bg, x, y);
	x += ui_text(ui, " → ", size, UI_BOLD, ink, x, y, UI_LEFT);
	draw_text_recorded(d, record ? &d->drawn_window : &scratch, window,
	                   size, ink, bg, x, y);
}

/* The latest call, large; highlighted while it blinks. */
static void lobby_latest(struct display *d, struct ui *ui)
{
	const struct call *c = hall_latest(&d->hall, 0);
	int on = display_blink_on(d);
	SDL_Color bg = on ? UI_ACCENT : UI_PANEL;
	SDL_Color ink = on ? UI_WHITE : UI_INK;
	const int cx = LOBBY_MAIN_X + LOBBY_MAIN_W / 2;
	char text[200], window[16];

	ui_fill_round(ui, LOBBY_MAIN_X, LOBBY_TOP, LOBBY_MAIN_W, LOBBY_LATEST_H,
	              24, bg);
	ui_text(ui, ui_s(ui, "now_calling"), 36, UI_BOLD,
	        on ? LOBBY_SOFT : UI_MUTED, LOBBY_MAIN_X + 40, LOBBY_TOP + 22,
	        UI_LEFT);
	memset(&d->drawn_number, 0, sizeof d->drawn_number);
	memset(&d->drawn_window, 0, sizeof d->drawn_window);
	if (c == NULL) {
		ui_text(ui, ui_s(ui, "no_calls_yet"), 64, UI_BOLD, UI_MUTED, cx,
		        LOBBY_TOP + LOBBY_LATEST_H / 2, UI_CENTER | UI_MIDDLE);
		return;
	}
	if (c->recall) {
		/* 再次呼叫 in words beside the number, not a corner badge: a
		 * citizen who missed the first call must see it is theirs
		 * again from across the hall. */
		const char *r = ui_s(ui, "recall_badge");
		int s = ui_text_fit(ui, r, LOBBY_RECALL_SIZE + 8, UI_BOLD, 440);
		int w = ui_text_width(ui, r, s, UI_BOLD) + 48;
		int x = LOBBY_MAIN_X + 40, y = LOBBY_TOP + 70 + 95;
		ui_fill_round(ui, x, y - 60, w, 120, 24,
		              on ? UI_WHITE : UI_WARN);
		ui_text(ui, r, s, UI_BOLD, on ? UI_ACCENT : UI_WHITE, x + w / 2,
		        y, UI_CENTER | UI_MIDDLE);
		lobby_call_line(d, c, 190, x + w + (LOBBY_MAIN_W - 40 - w) / 2,
		                LOBBY_TOP + 70, LOBBY_MAIN_W - 120 - w,
		                on ? UI_WHITE : UI_ACCENT, ink, bg, 1);
	} else {
		lobby_call_line(d, c, 190, cx, LOBBY_TOP + 70,
		                LOBBY_MAIN_W - 80, on ? UI_WHITE : UI_ACCENT,
		                ink, bg, 1);
	}
	snprintf(window, sizeof window, "%d", c->window);
	ui_format(text, sizeof text, ui_s(ui, "call_sentence"), c->number,
	          window, (const char *)NULL);
	if (hall_queue_name(&d->hall, ui, c->queue)[0]) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, " · %s",
		         hall_queue_name(&d->hall, ui, c->queue));
	}
	ui_text(ui, text, ui_text_fit(ui, text, 44, UI_REGULAR, 1240),
	        UI_REGULAR, on ? UI_WHITE : UI_MUTED, cx, LOBBY_TOP + 340,
	        UI_CENTER | UI_MIDDLE);
}

/* The calls before it, newest first. */
static void lobby_recent(struct display *d, struct ui *ui)
{
	const int h = LOBBY_BOTTOM - LOBBY_RECENT_Y;
	const int cell_w = (LOBBY_MAIN_W - 80) / 2;

	ui_fill_round(ui, LOBBY_MAIN_X, LOBBY_RECENT_Y, LOBBY_MAIN_W, h, 24,
	              UI_PANEL);
	ui_text(ui, ui_s(ui, "recent_calls"), 36, UI_BOLD, UI_MUTED,
	        LOBBY_MAIN_X + 40, LOBBY_RECENT_Y + 20, UI_LEFT);
	/* Newest first, down the left column and then the right. */
	for (int i = 1; i < d->hall.ncalls && i <= 2 * LOBBY_RECENT_ROWS; i++) {
		int col = (i - 1) / LOBBY_RECENT_ROWS;
		int row = (i - 1) % LOBBY_RECENT_ROWS;
		int x = LOBBY_MAIN_X + 40 + col * (cell_w + 0);
		int y = LOBBY_RECENT_Y + 90 + row * 106;
		if (col == 1)
			ui_fill(ui, x - 2, LOBBY_RECENT_Y + 100, 2, h - 130,
			        UI_LINE);
		lobby_call_line(d, &d->hall.calls[i], 72, x + cell_w / 2, y,
		                cell_w - 60, UI_ACCENT, UI_INK, UI_PANEL, 0);
	}
}

/* A queue's row: its letter, its count and wait on the right, its name
 * under them across the panel, wrapped (never cut); the row's height. */
static int lobby_queue_row(struct ui *ui, const struct view_queue *q, int y,
                           int draw)
{
	const int x = LOBBY_SIDE_X + 28,
	          right = LOBBY_SIDE_X + LOBBY_SIDE_W - 28;
	const int badge = 64, s = LOBBY_SIDE_TEXT;
	const char *name = ui_tr(ui, q->name_zh, q->name_en);
	int line = (int)(s * 1.45f), lines, vw;
	char value[64], sub[64] = "";

	lines = ui_text_lines(ui, name, s, UI_REGULAR, right - x);
	if (!draw)
		return badge + 6 + lines * line + 18;
	ui_fill_round(ui, x, y, badge, badge, 10,
	              q->open ? UI_ACCENT : UI_MUTED);
	ui_text(ui, q->prefix, 40, UI_BOLD, UI_WHITE, x + badge / 2,
	        y + badge / 2, UI_CENTER | UI_MIDDLE);
	if (!q->open) {
		snprintf(value, sizeof value, "%s", ui_s(ui, "queue_closed"));
		vw = ui_text(ui, value, s, UI_BOLD, UI_WARN, right,
		             y + badge / 2, UI_RIGHT | UI_MIDDLE);
	} else {
		snprintf(value, sizeof value, "%d", q->waiting);
		vw = ui_text(ui, value, 56, UI_BOLD, UI_INK, right,
		             y + badge / 2, UI_RIGHT | UI_MIDDLE);
		/* No estimate (-1) while no window is open. */
		if (q->waiting > 0 && q->est_wait_s >= 0) {
			ui_format_int(sub, sizeof sub, ui_s(ui, "about_min"),
			              (long)(q->est_wait_s + 59) / 60);
			ui_text(ui, sub, s, UI_REGULAR, UI_MUTED,
			        right - vw - 20, y + badge / 2,
			        UI_RIGHT | UI_MIDDLE);
		}
	}
	ui_text_box(ui, name, s, UI_REGULAR, UI_INK, x, y + badge + 6,
	            right - x, 0);
	return badge + 6 + lines * line + 18;
}

/*
 * Each queue's waiting count and estimated wait, at LOBBY_SIDE_TEXT or
 * larger: as many queues as fit, and the pages after turning every
 * LOBBY_PAGE_MS (lobby_tick).
 */
static void lobby_queues(struct display *d, struct ui *ui)
{
	const struct view_status *status = d->hall.status;
	size_t n = status ? status->nqueues : 0;
	const int top = LOBBY_TOP + 90, bottom = LOBBY_BOTTOM - 16;
	int page = 0, y = top;
	char title[64];

	ui_fill_round(ui, LOBBY_SIDE_X, LOBBY_TOP, LOBBY_SIDE_W,
	              LOBBY_BOTTOM - LOBBY_TOP, 24, UI_PANEL);
	/* Which queues are on the page shown: rows in order, a new page
	 * when the next does not fit. */
	for (size_t i = 0; i < n; i++) {
		int h = lobby_queue_row(ui, &status->queues[i], 0, 0);
		if (y + h > bottom && y > top) {
			page++;
			y = top;
		}
		if (page == d->side_page)
			lobby_queue_row(ui, &status->queues[i], y, 1);
		y += h;
	}
	d->side_pages = page + 1;
	snprintf(title, sizeof title, "%s", ui_s(ui, "waiting_title"));
	if (d->side_pages > 1)
		snprintf(title + strlen(title), sizeof title - strlen(title),
		         "  %d/%d", d->side_page + 1, d->side_pages);
	ui_text(ui, title, 40, UI_BOLD, UI_INK, LOBBY_SIDE_X + 28,
	        LOBBY_TOP + 22, UI_LEFT);
}

/* The notice along the foot, scrolling right to left. */
static void lobby_footer(struct display *d, struct ui *ui)
{
	const char *notice = hall_notice(&d->hall, ui);
	const int y = LOBBY_FOOT_Y, h = DISPLAY_LOBBY_H - LOBBY_FOOT_Y;
	const int span = DISPLAY_LOBBY_W - LOBBY_FOOT_LABEL;
	int w = ui_text_width(ui, notice, 36, UI_REGULAR);
	SDL_Rect clip = ui_rect(ui, LOBBY_FOOT_LABEL, y, span, h);
	uint32_t travel = (uint32_t)(span + w);
	int x;

	ui_fill(ui, 0, y, DISPLAY_LOBBY_W, h, UI_INK);
	ui_fill(ui, 0, y, LOBBY_FOOT_LABEL, h, UI_ACCENT);
	ui_text(ui, ui_s(ui, "notice_label"), 34, UI_BOLD, UI_WHITE,
	        LOBBY_FOOT_LABEL / 2, y + h / 2, UI_CENTER | UI_MIDDLE);
	if (!notice[0])
		return;
	x = DISPLAY_LOBBY_W -
	    (int)((uint64_t)SDL_GetTicks() * LOBBY_SCROLL_PX_S / 1000 % travel);
	SDL_RenderSetClipRect(ui->renderer, &clip);
	ui_text(ui, notice, 36, UI_REGULAR, UI_WHITE, x, y + h / 2,
	        UI_LEFT | UI_MIDDLE);
	SDL_RenderSetClipRect(ui->renderer, NULL);
}

/* Draw the lobby. */
static void lobby_draw(struct ui_app *a, struct ui *ui)
{
	struct display *d = display_of(a);

	ui_clear(ui, UI_BG);
	lobby_header(d, ui);
	lobby_latest(d, ui);
	lobby_recent(d, ui);
	lobby_queues(d, ui);
	lobby_footer(d, ui);
}

const struct screen screen_lobby = {"lobby", lobby_enter, lobby_event,
                                    lobby_tick, lobby_draw};
