/*
 * The display's part of the shared loop (common/ui/ui-app.c): the hooks
 * that open and close what the display holds, take the daemon's messages,
 * switch the language, and set the pace. The loop sleeps in
 * SDL_WaitEventTimeout and draws a frame only when something changed or
 * moves: a call blinking as it arrives (DISPLAY_BLINKS phases), the notice
 * scrolling along the footer, the minute turning in the header. A change
 * of what is shown, not a step of an animation, also writes the
 * screenshot and the state dump (output.c says what the state holds).
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

static const struct ui_app_hooks display_hooks;

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

	d->app.hooks = &display_hooks;
	d->app.pressed = -1;
	snprintf(d->app.screenshot, sizeof d->app.screenshot, "%s",
	         d->opt.screenshot);
	snprintf(d->app.state_json, sizeof d->app.state_json, "%s",
	         d->opt.state_json);
	/* A lobby screen that loses focus must not minimise itself. */
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if ((d->app.ui = ui_open(&uo, err)) == NULL)
		return -1;
	d->app.ui->lang = d->opt.lang_en ? UI_EN : UI_ZH;
	if (d->opt.input[0] && ui_app_input(&d->app, d->opt.input, err))
		return -1;
	d->hall.window = d->opt.window;
	if (!d->opt.windowed)
		SDL_ShowCursor(SDL_DISABLE);
	/* The lobby speaks; a counter's small screen only when asked. */
	if (!counter || d->opt.speak) {
		struct voice_options vo = {
		    .sound = !d->opt.mute,
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
	ui_app_go(&d->app, counter ? &screen_counter : &screen_lobby, NULL);
	return 0;
}

/* Close what display_open opened (also after it failed). */
void display_close(struct display *d)
{
	ui_link_stop(d->link);
	ui_app_close(&d->app);
	/* Both threads stopped: what they posted and nobody read. */
	ui_app_drain(&d->app);
	/* Before ui_close: SDL_Quit would pull audio from under the voice. */
	voice_close(d->voice);
	hall_free(&d->hall);
	ui_close(d->app.ui);
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
	if (d->app.ui->lang == UI_EN)
		strftime(date, dsize, "%A %e %B %Y", &tm);
	else
		snprintf(date, dsize, "%d年%d月%d日 %s", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, weekday_zh[tm.tm_wday]);
	strftime(clock, csize, "%H:%M", &tm);
}

/* The daemon's messages; everything else is the loop's. */
static void display_link(struct ui_app *a, struct ui_link_msg *m)
{
	session_on_link(display_of(a), m);
}

/* Keys that mean the same on both screens: the language, and quit. */
static int display_key(struct ui_app *a, const SDL_KeyboardEvent *key)
{
	SDL_Keycode k = key->keysym.sym;

	if (k == SDLK_q && (key->keysym.mod & KMOD_CTRL)) {
		a->quit = 1;
		return 1;
	}
	if (k == SDLK_F9 || k == SDLK_l) {
		a->ui->lang = a->ui->lang == UI_EN ? UI_ZH : UI_EN;
		ui_app_changed(a);
		return 1;
	}
	return 0;
}

/* The arrival blink and the header's minute. */
static void display_tick(struct ui_app *a, uint32_t now)
{
	struct display *d = display_of(a);
	time_t t = time(NULL);
	int minute = (int)(t / 60);

	if (d->blink_start) {
		int phase = (int)((now - d->blink_start) / DISPLAY_BLINK_MS);
		if (phase >= DISPLAY_BLINKS) {
			d->blink_start = 0;
			d->blink_phase = 0;
			a->dirty = 1;
		} else if (phase != d->blink_phase) {
			d->blink_phase = phase;
			a->dirty = 1;
		}
	}
	if (minute != d->clock_minute) {
		d->clock_minute = minute;
		a->dirty = 1;
	}
}

/* The frame rate only while something moves. */
static int display_wait_ms(struct ui_app *a)
{
	struct display *d = display_of(a);

	return d->blink_start || d->animating ? DISPLAY_FRAME_MS
	                                      : DISPLAY_IDLE_MS;
}

static const struct ui_app_hooks display_hooks = {
    .name = "display",
    .link = display_link,
    .key = display_key,
    .tick = display_tick,
    .state = output_state,
    .wait_ms = display_wait_ms,
};
