/*
 * The rater's part of the shared loop (common/ui/ui-app.c): opening and
 * closing, the keys and buttons every screen shares (language, large
 * text), the prompt's timeout, and the way back to idle.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "rater.h"

static const struct ui_app_hooks rater_hooks;

/* Always this order, left to right: nothing is nearer the finger. */
const int rater_levels[5] = {5, 4, 3, 2, 1};

const char *rater_level_name(const struct ui *ui, int level)
{
	static const char *const keys[6] = {"",        "level_1", "level_2",
	                                    "level_3", "level_4", "level_5"};
	return level >= 1 && level <= 5 ? ui_s(ui, keys[level]) : "";
}

int rater_size(const struct rater *r, int size)
{
	return r->app.ui->large ? size * 5 / 4 : size;
}

int rater_timeout_ms(const struct rater *r)
{
	int s = r->opt.timeout_s ? r->opt.timeout_s
	        : r->evaluator_s ? r->evaluator_s
	                         : 60;
	return s * 1000;
}

int rater_open(struct rater *r, struct qerr *err)
{
	struct ui_options uo = {
	    "qhall-rater", RATER_W,          RATER_H, r->opt.width,
	    r->opt.height, !r->opt.windowed, "rater",
	};
	struct client_hello h = {0};
	char device[64], host[40] = "";

	r->app.hooks = &rater_hooks;
	r->app.pressed = -1;
	snprintf(r->app.screenshot, sizeof r->app.screenshot, "%s",
	         r->opt.screenshot);
	snprintf(r->app.state_json, sizeof r->app.state_json, "%s",
	         r->opt.state_json);
	snprintf(r->result, sizeof r->result, "none");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if ((r->app.ui = ui_open(&uo, err)) == NULL)
		return -1;
	r->app.ui->lang = r->opt.lang_en ? UI_EN : UI_ZH;
	r->app.ui->large = r->opt.large;
	if (r->opt.input[0] && ui_app_input(&r->app, r->opt.input, err))
		return -1;
	gethostname(host, sizeof host - 1);
	snprintf(device, sizeof device, "rater-w%d@%s", r->opt.window, host);
	h.role = "rater";
	h.device = device;
	h.token = r->opt.token[0] ? r->opt.token : NULL;
	h.window = r->opt.window;
	r->link = ui_link_start(&r->opt.addr, &h, 1);
	ui_app_go(&r->app, &screen_idle, NULL);
	return 0;
}

void rater_close(struct rater *r)
{
	ui_link_stop(r->link);
	ui_app_close(&r->app);
	ui_app_drain(&r->app);
	ui_close(r->app.ui);
}

void rater_idle(struct rater *r, const char *result)
{
	if (result != r->result) /* the thanks screen passes the last one */
		snprintf(r->result, sizeof r->result, "%s", result);
	r->asked_at = 0;
	r->level = 0;
	r->sending = 0;
	memset(r->chosen, 0, sizeof r->chosen);
	ui_app_go(&r->app, &screen_idle, NULL);
}

/* The language and large-text buttons, top right of every screen. */
static void rater_entered(struct ui_app *a)
{
	ui_app_add_button(a, RATER_LANG_BUTTON, RATER_W - 300, 16, 136, 64);
	ui_app_add_button(a, RATER_LARGE_BUTTON, RATER_W - 152, 16, 136, 64);
}

void rater_chrome_draw(struct rater *r, struct ui *ui)
{
	struct ui_button *lang = ui_app_button(&r->app, RATER_LANG_BUTTON);
	struct ui_button *large = ui_app_button(&r->app, RATER_LARGE_BUTTON);

	ui_fill(ui, 0, 0, RATER_W, 96, UI_PANEL);
	if (lang) {
		ui_outline(ui, lang->r.x, lang->r.y, lang->r.w, lang->r.h, 2,
		           UI_LINE);
		ui_text(ui, ui->lang == UI_EN ? "中文" : "English", 26,
		        UI_REGULAR, UI_INK, lang->r.x + lang->r.w / 2,
		        lang->r.y + lang->r.h / 2, UI_CENTER | UI_MIDDLE);
	}
	if (large) {
		ui_outline(ui, large->r.x, large->r.y, large->r.w, large->r.h,
		           ui->large ? 4 : 2, ui->large ? UI_ACCENT : UI_LINE);
		ui_text(ui, ui_s(ui, "large"), 26, UI_REGULAR, UI_INK,
		        large->r.x + large->r.w / 2,
		        large->r.y + large->r.h / 2, UI_CENTER | UI_MIDDLE);
	}
}

int rater_chrome_tap(struct rater *r, int id)
{
	if (id == RATER_LANG_BUTTON) {
		r->app.ui->lang = r->app.ui->lang == UI_EN ? UI_ZH : UI_EN;
	} else if (id == RATER_LARGE_BUTTON) {
		r->app.ui->large = !r->app.ui->large;
	} else {
		return 0;
	}
	/* The screen lays out again for the new size. */
	ui_app_go(&r->app, r->app.screen, NULL);
	return 1;
}

static int rater_key(struct ui_app *a, const SDL_KeyboardEvent *k)
{
	struct rater *r = rater_of(a);

	switch (k->keysym.sym) {
	case SDLK_q:
		if (!(k->keysym.mod & KMOD_CTRL))
			return 0;
		a->quit = 1;
		return 1;
	case SDLK_F9:
	case SDLK_l:
		return rater_chrome_tap(r, RATER_LANG_BUTTON);
	case SDLK_F8:
		return rater_chrome_tap(r, RATER_LARGE_BUTTON);
	default:
		return 0;
	}
}

static void rater_link(struct ui_app *a, struct ui_link_msg *m)
{
	session_on_link(rater_of(a), m);
}

/* A prompt nobody answers ends as 未评: nothing is sent. */
static void rater_tick(struct ui_app *a, uint32_t now)
{
	struct rater *r = rater_of(a);

	if (r->asked_at && !r->sending &&
	    SDL_TICKS_PASSED(now,
	                     r->asked_at + (uint32_t)rater_timeout_ms(r))) {
		log_info("rater", "%s not rated in time: 未评", r->number);
		rater_idle(r, "unrated");
	}
	if (r->thanks_at &&
	    SDL_TICKS_PASSED(now, r->thanks_at + RATER_THANKS_MS)) {
		r->thanks_at = 0;
		rater_idle(r, r->result);
	}
}

static void rater_draw_under(struct ui_app *a, struct ui *ui)
{
	ui_clear(ui, UI_BG);
	rater_chrome_draw(rater_of(a), ui);
}

static const struct ui_app_hooks rater_hooks = {
    .name = "rater",
    .link = rater_link,
    .key = rater_key,
    .tick = rater_tick,
    .entered = rater_entered,
    .draw_under = rater_draw_under,
    .state = output_state,
};
