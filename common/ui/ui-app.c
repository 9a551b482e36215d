/*
 * The loop every screen runs (see ui-app.h). One thread draws; the daemon
 * link, the printer and scripted input have threads of their own and speak
 * to this one only through SDL events, so nothing here waits on the
 * network or on paper.
 */
#include "ui-app.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ui-input.h"
#include "ui-link.h"
#include "ui-shot.h"

#define UI_APP_IDLE_MS 500 /* a turn at least this often: timers */

int ui_app_input(struct ui_app *a, const char *path, struct qerr *err)
{
	if ((a->input = ui_input_start(path, err)) == NULL)
		return -1;
	return 0;
}

void ui_app_close(struct ui_app *a)
{
	ui_input_stop(a->input);
	a->input = NULL;
	json_decref(a->last_state);
	a->last_state = NULL;
}

void ui_app_changed(struct ui_app *a)
{
	a->dirty = 1;
	a->changed = 1;
}

void ui_app_go(struct ui_app *a, const struct screen *s, const void *arg)
{
	if (a->screen != s)
		log_debug(a->hooks->name, "screen %s", s->name);
	a->screen = s;
	a->nbuttons = 0;
	a->pressed = -1;
	s->enter(a, arg);
	if (a->hooks->entered)
		a->hooks->entered(a);
	ui_app_changed(a);
}

struct ui_button *ui_app_add_button(struct ui_app *a, int id, int x, int y,
                                    int w, int h)
{
	struct ui_button *b;

	if (a->nbuttons >= UI_APP_BUTTONS_MAX)
		fatal("%s: more than %d buttons on %s", a->hooks->name,
		      UI_APP_BUTTONS_MAX, a->screen->name);
	b = &a->buttons[a->nbuttons++];
	b->r = (SDL_Rect){x, y, w, h};
	b->id = id;
	b->enabled = 1;
	return b;
}

struct ui_button *ui_app_button(struct ui_app *a, int id)
{
	for (int i = 0; i < a->nbuttons; i++)
		if (a->buttons[i].id == id)
			return &a->buttons[i];
	return NULL;
}

int ui_app_pointer(const SDL_Event *ev)
{
	return ev->type == SDL_MOUSEBUTTONDOWN || ev->type == SDL_MOUSEBUTTONUP;
}

/*
 * A button shows pressed under the finger and fires when the finger lifts
 * on it, so a slip off the button cancels, as people expect of a
 * touchscreen. A disabled button neither shows pressed nor fires.
 */
int ui_app_tap(struct ui_app *a, const SDL_Event *ev)
{
	int x, y, i, fired = -1;

	if ((ev->type != SDL_MOUSEBUTTONDOWN &&
	     ev->type != SDL_MOUSEBUTTONUP) ||
	    ev->button.button != SDL_BUTTON_LEFT)
		return -1;
	ui_to_design(a->ui, ev->button.x, ev->button.y, &x, &y);
	i = ui_button_at(a->buttons, a->nbuttons, x, y);
	if (i >= 0 && !a->buttons[i].enabled)
		i = -1;
	if (ev->type == SDL_MOUSEBUTTONDOWN) {
		a->pressed = i >= 0 ? a->buttons[i].id : -1;
	} else {
		if (i >= 0 && a->buttons[i].id == a->pressed)
			fired = a->pressed;
		a->pressed = -1;
	}
	a->dirty = 1;
	return fired;
}

void ui_app_dispatch(struct ui_app *a, const SDL_Event *ev)
{
	const struct ui_app_hooks *h = a->hooks;

	if (ev->type == SDL_QUIT) {
		a->quit = 1;
	} else if (ev->type == ui_input_event_type()) {
		ui_input_apply(a, ev);
	} else if (ev->type == ui_link_event_type()) {
		if (h->link)
			h->link(a, ev->user.data1);
		ui_link_msg_free(ev->user.data1);
	} else if (h->event && h->event(a, ev)) {
		/* the program's own: the link, the printer */
	} else if (ev->type == SDL_WINDOWEVENT) {
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			ui_resized(a->ui);
		a->dirty = 1;
	} else if (ev->type == SDL_KEYDOWN && h->key && h->key(a, &ev->key)) {
		a->dirty = 1;
	} else {
		if (ui_app_pointer(ev) && h->touch)
			h->touch(a, ev);
		if (a->screen->event(a, ev))
			a->dirty = 1;
	}
}

/* The buttons a finger can hit, in design units. */
static json_t *ui_app_buttons_json(const struct ui_app *a)
{
	json_t *v = json_array();

	for (int i = 0; i < a->nbuttons; i++) {
		const SDL_Rect *r = &a->buttons[i].r;
		json_array_append_new(
		    v, json_pack("{s:i, s:b, s:[iiii]}", "id", a->buttons[i].id,
		                 "enabled", a->buttons[i].enabled, "rect", r->x,
		                 r->y, r->w, r->h));
	}
	return v;
}

/* After a change: the picture, then the state that names it, each only
 * when the state differs from the last one written (a status that changed
 * nothing on this screen makes no new picture). */
static void ui_app_output(struct ui_app *a)
{
	struct qerr err = {0};
	char png[1100] = "";
	json_t *state = a->hooks->state ? a->hooks->state(a) : json_object();

	json_object_set_new(state, "screen", json_string(a->screen->name));
	if (!a->shot_every_frame && a->last_state &&
	    json_equal(state, a->last_state)) {
		json_decref(state);
		return;
	}
	json_decref(a->last_state);
	a->last_state = json_deep_copy(state);
	/* How it is drawn, not what is shown: no new picture of its own. */
	if (a->ui->drawn)
		json_object_set(state, "texts", a->ui->drawn);
	/* A program that lists its buttons itself (with their words) keeps
	 * its list. */
	if (json_object_get(state, "buttons") == NULL)
		json_object_set_new(state, "buttons", ui_app_buttons_json(a));
	if (a->screenshot[0]) {
		a->shot_seq++;
		ui_shot_path(png, sizeof png, a->screenshot, a->screen->name,
		             a->shot_seq);
		if (ui_shot_write(a->ui, png, &err))
			log_warn(a->hooks->name, "%s", err.message);
	}
	if (a->state_json[0]) {
		json_object_set_new(state, "screenshot", json_string(png));
		json_object_set_new(state, "seq",
		                    json_integer((json_int_t)a->shot_seq));
		if (ui_shot_state(a->state_json, state, &err))
			log_warn(a->hooks->name, "%s", err.message);
	}
	json_decref(state);
}

static void ui_app_draw(struct ui_app *a)
{
	if (a->state_json[0]) {
		json_decref(a->ui->drawn);
		a->ui->drawn = json_array();
	}
	if (a->hooks->draw_under)
		a->hooks->draw_under(a, a->ui);
	a->screen->draw(a, a->ui);
	if (a->hooks->draw_over)
		a->hooks->draw_over(a, a->ui);
	if (a->changed || a->shot_every_frame)
		ui_app_output(a);
	SDL_RenderPresent(a->ui->renderer);
	a->dirty = 0;
	a->changed = 0;
}

void ui_app_run(struct ui_app *a)
{
	while (!a->quit) {
		SDL_Event ev;
		uint32_t now;
		int wait =
		    a->hooks->wait_ms ? a->hooks->wait_ms(a) : UI_APP_IDLE_MS;

		if (SDL_WaitEventTimeout(&ev, a->dirty ? 0 : wait)) {
			ui_app_dispatch(a, &ev);
			while (!a->quit && SDL_PollEvent(&ev))
				ui_app_dispatch(a, &ev);
		}
		now = SDL_GetTicks();
		if (a->hooks->tick)
			a->hooks->tick(a, now);
		if (a->screen->tick)
			a->screen->tick(a, now);
		if (a->dirty && !a->quit)
			ui_app_draw(a);
	}
}

void ui_app_drain(struct ui_app *a)
{
	SDL_Event ev;

	if (!SDL_WasInit(SDL_INIT_EVENTS))
		return;
	while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, SDL_FIRSTEVENT,
	                      SDL_LASTEVENT) > 0) {
		if (ev.type == ui_link_event_type())
			ui_link_msg_free(ev.user.data1);
		else if (ev.type == ui_input_event_type())
			free(ev.user.data1);
		else if (a->hooks->discard)
			a->hooks->discard(&ev);
	}
}
