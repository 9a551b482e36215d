/*
 * The caller's hooks into the shared loop (common/ui/ui-app.c): the
 * daemon's messages, the keys every screen shares, the top bar under each
 * screen, the notes that fade; and the notes themselves.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caller.h"
#include "log.h"
#include "ui-format.h"

#define CALLER_NOTE_MS       8000
#define CALLER_NOTE_ERROR_MS 15000

/* Keys that mean the same on every screen. */
static int caller_key(struct ui_app *app, const SDL_KeyboardEvent *k)
{
	struct caller *c = caller_of(app);

	switch (k->keysym.sym) {
	case SDLK_F9:
		return chrome_event(c, CHROME_BUTTON_LANG);
	case SDLK_F10:
		return chrome_event(c, CHROME_BUTTON_LOGOUT);
	case SDLK_F11:
		return chrome_event(c, CHROME_BUTTON_ALERT);
	case SDLK_q:
		if (k->keysym.mod & KMOD_CTRL) {
			app->quit = 1;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/* The daemon's messages. */
static void caller_link(struct ui_app *app, struct ui_link_msg *m)
{
	session_on_link(caller_of(app), m);
}

/* A note fades after a while; the daemon's absence does not. */
static void caller_tick(struct ui_app *app, uint32_t now)
{
	struct caller *c = caller_of(app);

	if (c->note_kind != NOTE_NONE && c->note_until &&
	    SDL_TICKS_PASSED(now, c->note_until)) {
		c->note_kind = NOTE_NONE;
		ui_app_changed(app);
	}
}

static void caller_entered(struct ui_app *app)
{
	chrome_add_buttons(caller_of(app));
}

static void caller_draw_under(struct ui_app *app, struct ui *ui)
{
	ui_clear(ui, UI_BG);
	chrome_draw(caller_of(app), ui);
}

static const struct ui_app_hooks caller_hooks = {
    .name = "caller",
    .link = caller_link,
    .key = caller_key,
    .tick = caller_tick,
    .entered = caller_entered,
    .draw_under = caller_draw_under,
    .state = state_of,
};

/* Open the window, the input hook and the daemon link. */
int caller_open(struct caller *c, struct qerr *err)
{
	struct ui_options uo = {
	    "qhall-caller", CALLER_DESIGN_W,   CALLER_DESIGN_H, c->opt.width,
	    c->opt.height,  c->opt.fullscreen, "caller"};
	char device[64], host[40] = "";
	struct client_hello h = {0};

	c->app.hooks = &caller_hooks;
	c->app.pressed = -1;
	snprintf(c->app.screenshot, sizeof c->app.screenshot, "%s",
	         c->opt.screenshot);
	snprintf(c->app.state_json, sizeof c->app.state_json, "%s",
	         c->opt.state_json);
	c->action_busy = -1;
	if ((c->app.ui = ui_open(&uo, err)) == NULL)
		return -1;
	c->app.ui->lang = c->opt.lang_en ? UI_EN : UI_ZH;
	SDL_SetWindowMinimumSize(c->app.ui->window, 400, 240);
	if (c->opt.input[0] && ui_app_input(&c->app, c->opt.input, err))
		return -1;
	if (c->opt.staff[0]) {
		snprintf(c->staff_id, sizeof c->staff_id, "%s", c->opt.staff);
		snprintf(c->pin, sizeof c->pin, "%s", c->opt.pin);
		snprintf(c->form_staff, sizeof c->form_staff, "%s",
		         c->opt.staff);
	}
	/* The device name tells a second caller on this window who holds it. */
	gethostname(host, sizeof host - 1);
	snprintf(device, sizeof device, "caller-%d@%s", c->opt.window, host);
	h.role = "window";
	h.device = device;
	h.token = c->opt.token[0] ? c->opt.token : NULL;
	h.window = c->opt.window;
	c->link = ui_link_start(&c->opt.addr, &h, 1);
	SDL_StartTextInput();
	ui_app_go(&c->app, &screen_login, NULL);
	return 0;
}

/* Close everything caller_open opened (also after it failed). */
void caller_close(struct caller *c)
{
	ui_link_stop(c->link);
	ui_app_close(&c->app);
	ui_app_drain(&c->app);
	view_status_free(c->status);
	catalog_free(c->catalog);
	/* The PIN lives no longer than the program. */
	SDL_memset(c->pin, 0, sizeof c->pin);
	SDL_memset(c->form_pin, 0, sizeof c->form_pin);
	ui_close(c->app.ui);
}

/* A note is kept as its strings key and arguments, not as text, so it
 * reads in the language of the moment after a switch. */
void caller_note_args(struct caller *c, enum caller_note kind, const char *key,
                      const char *arg1, const char *arg2)
{
	snprintf(c->note_key, sizeof c->note_key, "%s", key);
	snprintf(c->note_arg[0], sizeof c->note_arg[0], "%s", arg1 ? arg1 : "");
	snprintf(c->note_arg[1], sizeof c->note_arg[1], "%s", arg2 ? arg2 : "");
	c->note_kind = kind;
	c->note_seq++;
	c->note_until =
	    SDL_GetTicks() +
	    (kind == NOTE_ERROR ? CALLER_NOTE_ERROR_MS : CALLER_NOTE_MS);
	c->offline_noted = 0;
	ui_app_changed(&c->app);
}

/* A note without arguments. */
void caller_note(struct caller *c, enum caller_note kind, const char *key)
{
	caller_note_args(c, kind, key, NULL, NULL);
}

/* The daemon is away: said until it is back, not for a few seconds. */
void caller_note_offline(struct caller *c)
{
	caller_note(c, NOTE_ERROR, "err_offline");
	c->note_until = 0;
	c->offline_noted = 1;
}

/* The note in the current language, "" when none. */
const char *caller_note_text(const struct caller *c, char *out, size_t size)
{
	if (c->note_kind == NOTE_NONE) {
		out[0] = '\0';
		return out;
	}
	return ui_format(out, size, ui_s(c->app.ui, c->note_key),
	                 c->note_arg[0], c->note_arg[1], (const char *)NULL);
}
