/*
 * The display's loop. It sleeps in SDL_WaitEventTimeout and draws a frame
 * only when something changed or moves: a call blinking as it arrives
 * (DISPLAY_BLINKS phases), the notice scrolling along the footer, the
 * minute turning in the header. A change of what is shown, not a step of
 * an animation, also writes the screenshot and the state dump.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui-clock.h"
#include "display.h"
#include "log.h"
#include "voice.h"

#define DISPLAY_FRAME_MS 33 /* while something moves */
#define DISPLAY_IDLE_MS  500

/* Open the window, the voice and the daemon link. */
int display_open(struct display *d, struct qerr *err)
{
	int counter = d->opt.window > 0;
	struct ui_options uo = {
	    "qhall-display",
	    counter ? DISPLAY_COUNTER_W : DISPLAY_LOBBY_W,
	    counter ? DISPLAY_COUNTER_H : DISPLAY_LOBBY_H,
	    d->opt.width,
	    d->opt.height,
	    !d->opt.windowed,
	    "display",
	};
	struct client_hello h = {0};
	char device[64], host[40] = "";

	/* A lobby screen that loses focus must not minimise itself. */
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if ((d->ui = ui_open(&uo, err)) == NULL)
		return -1;
	d->ui->lang = d->opt.lang_en ? UI_EN : UI_ZH;
	d->hall.window = d->opt.window;
	if (!d->opt.windowed)
		SDL_ShowCursor(SDL_DISABLE);
	/* The lobby speaks; a counter's small screen only when asked. */
	if (!counter || d->opt.speak) {
		struct voice_options vo = {
		    .sound = !d->opt.mute,
		    .repeat = d->opt.repeat,
		    .english = d->opt.english,
		    .rate = d->opt.rate,
		    .wav_dir = d->opt.voice_wav[0] ? d->opt.voice_wav : NULL,
		};
		d->voice = voice_open(&vo);
	}
	gethostname(host, sizeof host - 1);
	if (counter)
		snprintf(device, sizeof device, "display-w%d@%s", d->opt.window,
		         host);
	else
		snprintf(device, sizeof device, "display@%s", host);
	h.role = "display";
	h.device = device;
	h.token = d->opt.token[0] ? d->opt.token : NULL;
	d->link = ui_link_start(&d->opt.addr, &h, 1);
	d->screen = counter ? &screen_counter : &screen_lobby;
	d->screen->enter(d, NULL);
	display_changed(d);
	return 0;
}

/* Close what display_open opened (also after it failed). */
void display_close(struct display *d)
{
	ui_link_stop(d->link);
	/* Before ui_close: SDL_Quit would pull audio from under the voice. */
	voice_close(d->voice);
	hall_free(&d->hall);
	json_decref(d->last_state);
	ui_close(d->ui);
}

/* What is shown changed: redraw, write screenshot and state. */
void display_changed(struct display *d)
{
	d->dirty = 1;
	d->changed = 1;
}

/* Whether the arriving call is in its highlighted phase. */
int display_blink_on(const struct display *d)
{
	return d->blink_start != 0 && d->blink_phase % 2 == 0;
}

/* The header's date and time, in the display's own time zone. */
void display_date(const struct display *d, char *date, size_t dsize,
                  char *clock, size_t csize)
{
	static const char *const weekday_zh[7] = {"星期日", "星期一", "星期二",
	                                          "星期三", "星期四", "星期五",
	                                          "星期六"};
	time_t now = time(NULL);
	struct tm tm;

	ui_clock_tm(now, &tm);
	if (d->ui->lang == UI_EN)
		strftime(date, dsize, "%A %e %B %Y", &tm);
	else
		snprintf(date, dsize, "%d年%d月%d日 %s", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, weekday_zh[tm.tm_wday]);
	strftime(clock, csize, "%H:%M", &tm);
}

/* Hand one event to whoever it is for. */
static void display_dispatch(struct display *d, const SDL_Event *ev)
{
	if (ev->type == SDL_QUIT) {
		d->quit = 1;
	} else if (ev->type == ui_link_event_type()) {
		struct ui_link_msg *m = ev->user.data1;
		session_on_link(d, m);
		ui_link_msg_free(m);
	} else if (ev->type == SDL_WINDOWEVENT) {
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			ui_resized(d->ui);
		d->dirty = 1;
	} else if (ev->type == SDL_KEYDOWN) {
		SDL_Keycode k = ev->key.keysym.sym;
		if (k == SDLK_q && (ev->key.keysym.mod & KMOD_CTRL)) {
			d->quit = 1;
		} else if (k == SDLK_F9 || k == SDLK_l) {
			d->ui->lang = d->ui->lang == UI_EN ? UI_ZH : UI_EN;
			display_changed(d);
		} else if (d->screen->event(d, ev)) {
			d->dirty = 1;
		}
	} else if (d->screen->event(d, ev)) {
		d->dirty = 1;
	}
}

/* The arrival blink and the header's minute. */
static void display_tick(struct display *d, uint32_t now)
{
	time_t t = time(NULL);
	int minute = (int)(t / 60);

	if (d->blink_start) {
		int phase = (int)((now - d->blink_start) / DISPLAY_BLINK_MS);
		if (phase >= DISPLAY_BLINKS) {
			d->blink_start = 0;
			d->blink_phase = 0;
			d->dirty = 1;
		} else if (phase != d->blink_phase) {
			d->blink_phase = phase;
			d->dirty = 1;
		}
	}
	if (minute != d->clock_minute) {
		d->clock_minute = minute;
		d->dirty = 1;
	}
}

/* Draw a frame; after a change, write its screenshot and state. */
static void display_draw(struct display *d)
{
	d->screen->draw(d, d->ui);
	if (d->changed)
		output_frame(d);
	SDL_RenderPresent(d->ui->renderer);
	d->dirty = 0;
	d->changed = 0;
}

/* Run until quit, at the frame rate only while something moves. */
void display_run(struct display *d)
{
	while (!d->quit) {
		SDL_Event ev;
		uint32_t now;
		int wait = d->blink_start || d->animating ? DISPLAY_FRAME_MS
		                                          : DISPLAY_IDLE_MS;

		if (SDL_WaitEventTimeout(&ev, wait)) {
			display_dispatch(d, &ev);
			while (!d->quit && SDL_PollEvent(&ev))
				display_dispatch(d, &ev);
		}
		now = SDL_GetTicks();
		display_tick(d, now);
		if (d->screen->tick)
			d->screen->tick(d, now);
		if (d->dirty && !d->quit)
			display_draw(d);
	}
}
