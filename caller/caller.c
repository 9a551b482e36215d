/*
 * The caller's loop: SDL events, the daemon's messages and scripted input
 * go to the screen on show; a frame is drawn only when something changed,
 * and otherwise the loop sleeps in SDL_WaitEventTimeout. A change of what
 * is shown (not the ticking clock) also writes the screenshot and state.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caller.h"
#include "log.h"
#include "ui-format.h"

#define CALLER_NOTE_MS       8000
#define CALLER_NOTE_ERROR_MS 15000

/* Open the window, the input hook and the daemon link. */
int caller_open(struct caller *c, struct qerr *err)
{
	struct ui_options uo = {
	    "qhall-caller", CALLER_DESIGN_W,   CALLER_DESIGN_H, c->opt.width,
	    c->opt.height,  c->opt.fullscreen, "caller"};
	char device[64], host[40] = "";
	struct client_hello h = {0};

	c->pressed = -1;
	c->action_busy = -1;
	if ((c->ui = ui_open(&uo, err)) == NULL)
		return -1;
	c->ui->lang = c->opt.lang_en ? UI_EN : UI_ZH;
	SDL_SetWindowMinimumSize(c->ui->window, 400, 240);
	if (c->opt.input[0] &&
	    (c->input = input_start(c->opt.input, err)) == NULL)
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
	caller_go(c, &screen_login, NULL);
	return 0;
}

/* Close everything caller_open opened (also after it failed). */
void caller_close(struct caller *c)
{
	input_stop(c->input);
	ui_link_stop(c->link);
	json_decref(c->status);
	json_decref(c->catalog);
	json_decref(c->last_state);
	/* The PIN lives no longer than the program. */
	SDL_memset(c->pin, 0, sizeof c->pin);
	SDL_memset(c->form_pin, 0, sizeof c->form_pin);
	ui_close(c->ui);
}

/* What is shown changed: redraw, and write screenshot and state. */
void caller_changed(struct caller *c)
{
	c->dirty = 1;
	c->changed = 1;
}

/* Show screen s; its enter() lays out its buttons. */
void caller_go(struct caller *c, const struct screen *s, const void *arg)
{
	c->screen = s;
	c->nbuttons = 0;
	c->pressed = -1;
	s->enter(c, arg);
	chrome_add_buttons(c);
	caller_changed(c);
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
	caller_changed(c);
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
	return ui_format(out, size, ui_s(c->ui, c->note_key), c->note_arg[0],
	                 c->note_arg[1], (const char *)NULL);
}

/* Add a button to the screen on show (design units). */
void caller_add_button(struct caller *c, int id, int x, int y, int w, int h)
{
	struct ui_button *b;

	if (c->nbuttons >= CALLER_BUTTONS_MAX)
		fatal("caller: more than %d buttons on %s", CALLER_BUTTONS_MAX,
		      c->screen->name);
	b = &c->buttons[c->nbuttons++];
	b->r = (SDL_Rect){x, y, w, h};
	b->id = id;
	b->enabled = 1;
}

/* The button with this id on the screen on show, or NULL. */
struct ui_button *caller_button(struct caller *c, int id)
{
	for (int i = 0; i < c->nbuttons; i++)
		if (c->buttons[i].id == id)
			return &c->buttons[i];
	return NULL;
}

/*
 * Press and release: a button shows pressed under the finger and fires when
 * the finger lifts on it, so a slip off the button cancels. Returns 1 when
 * the event was a pointer event; *fired is the button id or -1.
 */
int caller_button_event(struct caller *c, const SDL_Event *ev, int *fired)
{
	int x, y, i;

	*fired = -1;
	if (ev->type != SDL_MOUSEBUTTONDOWN && ev->type != SDL_MOUSEBUTTONUP)
		return 0;
	if (ev->button.button != SDL_BUTTON_LEFT)
		return 1;
	ui_to_design(c->ui, ev->button.x, ev->button.y, &x, &y);
	i = ui_button_at(c->buttons, c->nbuttons, x, y);
	if (ev->type == SDL_MOUSEBUTTONDOWN) {
		c->pressed = i >= 0 ? c->buttons[i].id : -1;
	} else {
		if (i >= 0 && c->buttons[i].id == c->pressed)
			*fired = c->pressed;
		c->pressed = -1;
	}
	c->dirty = 1;
	return 1;
}

/* Keys that mean the same on every screen. */
static int caller_global_key(struct caller *c, const SDL_KeyboardEvent *k)
{
	switch (k->keysym.sym) {
	case SDLK_F9:
		return chrome_event(c, CHROME_BUTTON_LANG);
	case SDLK_F10:
		return chrome_event(c, CHROME_BUTTON_LOGOUT);
	case SDLK_q:
		if (k->keysym.mod & KMOD_CTRL) {
			c->quit = 1;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/* Hand one event to whoever it is for. */
void caller_dispatch(struct caller *c, const SDL_Event *ev)
{
	if (ev->type == SDL_QUIT) {
		c->quit = 1;
	} else if (ev->type == ui_link_event_type()) {
		struct ui_link_msg *m = ev->user.data1;
		session_on_link(c, m);
		ui_link_msg_free(m);
	} else if (ev->type == input_event_type()) {
		input_apply(c, ev);
	} else if (ev->type == SDL_WINDOWEVENT) {
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			ui_resized(c->ui);
		c->dirty = 1;
	} else if (ev->type == SDL_KEYDOWN && caller_global_key(c, &ev->key)) {
		c->dirty = 1;
	} else if (c->screen->event(c, ev)) {
		c->dirty = 1;
	}
}

/* Draw a frame; after a change, write its screenshot and state. */
static void caller_draw(struct caller *c)
{
	ui_clear(c->ui, UI_BG);
	chrome_draw(c, c->ui);
	c->screen->draw(c, c->ui);
	if (c->changed)
		output_frame(c);
	SDL_RenderPresent(c->ui->renderer);
	c->dirty = 0;
	c->changed = 0;
}

/* Run until quit: events in, frames out when something changed. */
void caller_run(struct caller *c)
{
	while (!c->quit) {
		SDL_Event ev;
		uint32_t now;

		if (SDL_WaitEventTimeout(&ev, 250)) {
			caller_dispatch(c, &ev);
			while (!c->quit && SDL_PollEvent(&ev))
				caller_dispatch(c, &ev);
		}
		now = SDL_GetTicks();
		if (c->note_kind != NOTE_NONE && c->note_until &&
		    SDL_TICKS_PASSED(now, c->note_until)) {
			c->note_kind = NOTE_NONE;
			caller_changed(c);
		}
		if (c->screen->tick)
			c->screen->tick(c, now);
		if (c->dirty && !c->quit)
			caller_draw(c);
	}
}
