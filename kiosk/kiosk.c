/*
 * The kiosk's loop. One thread draws; the daemon link and the printer each
 * have their own thread and speak to this one only through SDL events, so
 * nothing here ever waits on the network or on paper. The loop sleeps in
 * SDL_WaitEventTimeout, lets the screen handle what arrived, runs the
 * timers (the clock, the 20 s idle return, the screen's tick), and redraws
 * only when something changed; each redraw can leave a PNG behind
 * (--screenshot), written aside and renamed so a reader never sees half.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"
#include "words.h"
#include "xmalloc.h"

#define KIOSK_WAKE_MS 500 /* the clock and "printing…" dots at most */

struct kiosk *kiosk_open(struct settings *set, struct qerr *err)
{
	struct ui_options o = {"qhall-kiosk", KIOSK_DESIGN_W, KIOSK_DESIGN_H,
	                       set->width,    set->height,    !set->windowed,
	                       "kiosk"};
	struct client_hello hello = {"kiosk", set->device,
	                             set->token[0] ? set->token : NULL, 0};
	struct print_target target = {
	    {0}, set->format, set->print_timeout_s, NULL};
	struct kiosk *k = xcalloc(1, sizeof *k);

	k->set = set;
	k->pressed = -1;
	k->clock_minute = -1;
	k->unreported = json_array();
	k->takes_sent = json_array();
	k->abandoned = json_array();
	k->lookups_sent = json_array();
	if ((k->words = words_load(err)) == NULL ||
	    (k->ui = ui_open(&o, err)) == NULL) {
		kiosk_close(k);
		return NULL;
	}
	k->ui->lang = strcmp(set->lang, "en") == 0 ? UI_EN : UI_ZH;
	k->ui->large = set->large_text;
	if (set->input[0] &&
	    (k->input = input_start(set->input, err)) == NULL) {
		kiosk_close(k);
		return NULL;
	}
	SDL_ShowCursor(set->windowed ? SDL_ENABLE : SDL_DISABLE);
	k->link = ui_link_start(&set->addr, &hello, 1);
	if (set->print) {
		snprintf(target.printer, sizeof target.printer, "%s",
		         set->printer);
		k->printer = print_thread_start(&target, set->printer_check_s);
	} else {
		k->printer_usable = 1;
	}
	return k;
}

/* Free what the threads posted and nobody read: the loop may stop with
 * daemon replies and print outcomes still queued. */
static void kiosk_drain(void)
{
	SDL_Event ev;

	if (!SDL_WasInit(SDL_INIT_EVENTS))
		return;
	while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, SDL_FIRSTEVENT,
	                      SDL_LASTEVENT) > 0) {
		if (ev.type == ui_link_event_type())
			ui_link_msg_free(ev.user.data1);
		else if (ev.type == print_event_type())
			free(ev.user.data1);
	}
}

void kiosk_close(struct kiosk *k)
{
	if (k == NULL)
		return;
	/* The threads first: they post events that refer to nothing here. */
	print_thread_stop(k->printer);
	ui_link_stop(k->link);
	input_stop(k->input);
	kiosk_drain();
	citizen_forget(k);
	json_decref(k->catalog);
	json_decref(k->status);
	json_decref(k->unreported);
	json_decref(k->take_params);
	json_decref(k->takes_sent);
	json_decref(k->abandoned);
	json_decref(k->lookups_sent);
	json_decref(k->words);
	ui_close(k->ui);
	free(k);
}

void kiosk_go(struct kiosk *k, const struct screen *s, const void *arg)
{
	if (k->screen != s)
		log_debug("kiosk", "screen %s", s->name);
	k->screen = s;
	k->pressed = -1;
	k->nbuttons = 0;
	s->enter(k, arg);
	k->dirty = 1;
}

/* Back to the start, keeping the language and text size chosen. */
void kiosk_home(struct kiosk *k)
{
	k->queue[0] = '\0';
	k->item[0] = '\0';
	k->priority = 0;
	k->page = 0;
	citizen_forget(k);
	kiosk_go(k, kiosk_can_issue(k) ? &screen_home : &screen_offline, NULL);
}

/* Back to the start as the next citizen should find it. */
void kiosk_reset(struct kiosk *k)
{
	k->ui->lang = strcmp(k->set->lang, "en") == 0 ? UI_EN : UI_ZH;
	k->ui->large = k->set->large_text;
	kiosk_home(k);
}

/* Tickets can be offered: the daemon is there, and paper will come out. */
int kiosk_can_issue(const struct kiosk *k)
{
	return ui_link_up(k->link) && k->catalog && k->status &&
	       (!k->set->require_printer || k->printer_usable);
}

/*
 * A press and its release on the same button make a tap: the button shows
 * pressed while the finger is on it, and sliding off cancels, as people
 * expect of a touchscreen.
 */
int kiosk_tap(struct kiosk *k, const SDL_Event *ev)
{
	int x, y, hit;

	if (ev->type != SDL_MOUSEBUTTONDOWN && ev->type != SDL_MOUSEBUTTONUP)
		return -1;
	if (ev->button.button != SDL_BUTTON_LEFT)
		return -1;
	ui_to_design(k->ui, ev->button.x, ev->button.y, &x, &y);
	hit = ui_button_at(k->buttons, k->nbuttons, x, y);
	if (ev->type == SDL_MOUSEBUTTONDOWN) {
		k->pressed = hit;
		k->dirty = 1;
		return -1;
	}
	if (hit >= 0 && hit == k->pressed) {
		k->pressed = -1;
		k->dirty = 1;
		return k->buttons[hit].id;
	}
	if (k->pressed >= 0)
		k->dirty = 1;
	k->pressed = -1;
	return -1;
}

/* The screenshot path for this frame: %s the screen, %d a sequence. */
static void kiosk_shot_path(const struct kiosk *k, char *out, size_t size)
{
	const char *pat = k->set->screenshot, *at;
	char num[16];
	const char *fill = NULL;

	if ((at = strstr(pat, "%s")) != NULL) {
		fill = k->screen->name;
	} else if ((at = strstr(pat, "%d")) != NULL) {
		snprintf(num, sizeof num, "%03d", k->shot_seq);
		fill = num;
	}
	if (fill)
		snprintf(out, size, "%.*s%s%s", (int)(at - pat), pat, fill,
		         at + 2);
	else
		snprintf(out, size, "%s", pat);
}

static void kiosk_screenshot(struct kiosk *k)
{
	char path[1100], tmp[1120];
	struct qerr err = {0};

	kiosk_shot_path(k, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.part.png", path);
	if (ui_screenshot(k->ui, tmp, &err) == 0 && rename(tmp, path) == 0) {
		k->shot_seq++;
		log_debug("kiosk", "screenshot %s", path);
	} else {
		log_warn("kiosk", "screenshot: %s",
		         err.message[0] ? err.message : strerror(errno));
	}
}

static void kiosk_draw(struct kiosk *k)
{
	k->dirty = 0;
	k->screen->draw(k, k->ui);
	if (k->set->screenshot[0])
		kiosk_screenshot(k);
	SDL_RenderPresent(k->ui->renderer);
}

/* The offline screen whenever tickets cannot be offered; home after. A
 * ticket already on screen stays: the citizen holds that number. */
static void kiosk_check_service(struct kiosk *k)
{
	int can = kiosk_can_issue(k);

	if (!can && k->screen != &screen_offline && k->screen != &screen_ticket)
		kiosk_go(k, &screen_offline, NULL);
	else if (can && k->screen == &screen_offline)
		kiosk_home(k);
}

static void kiosk_on_print(struct kiosk *k, struct print_msg *m)
{
	int was = k->printer_usable;

	k->printer_usable = m->state.usable;
	memcpy(k->printer_reasons, m->state.blocking,
	       sizeof k->printer_reasons);
	if (m->kind == PRINT_MSG_DONE)
		citizen_on_print(k, m);
	if (was != k->printer_usable)
		k->dirty = 1;
}

static void kiosk_event(struct kiosk *k, const SDL_Event *ev)
{
	if (ev->type == SDL_QUIT) {
		k->quit = 1;
	} else if (ev->type == ui_link_event_type()) {
		struct ui_link_msg *m = ev->user.data1;
		if (m->kind == UI_LINK_REPLY && m->tag == KIOSK_TAG_TAKE)
			citizen_on_take(k, m);
		else
			hall_on_link(k, m);
		ui_link_msg_free(m);
	} else if (ev->type == print_event_type()) {
		kiosk_on_print(k, ev->user.data1);
		free(ev->user.data1);
	} else if (ev->type == SDL_WINDOWEVENT) {
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			ui_resized(k->ui);
			k->dirty = 1;
		} else if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
			k->dirty = 1;
		}
	} else if (ev->type == SDL_MOUSEBUTTONDOWN ||
	           ev->type == SDL_MOUSEBUTTONUP) {
		k->touched_ms = SDL_GetTicks();
		if (k->screen->event(k, ev))
			k->dirty = 1;
	} else if (ev->type == SDL_KEYDOWN && k->set->windowed &&
	           ev->key.keysym.sym == SDLK_ESCAPE) {
		k->quit = 1; /* a maintenance keyboard, never a citizen's */
	}
}

/* Nothing a citizen left behind: no idle return needed. */
static int kiosk_at_rest(const struct kiosk *k)
{
	enum ui_lang lang = strcmp(k->set->lang, "en") == 0 ? UI_EN : UI_ZH;

	return k->screen == &screen_offline ||
	       (k->screen == &screen_home && k->ui->lang == lang &&
	        k->ui->large == k->set->large_text && k->page == 0);
}

int kiosk_run(struct kiosk *k)
{
	k->touched_ms = SDL_GetTicks();
	kiosk_go(k, &screen_offline, NULL);
	while (!k->quit) {
		SDL_Event ev;
		uint32_t now;

		if (SDL_WaitEventTimeout(&ev, k->dirty ? 0 : KIOSK_WAKE_MS)) {
			kiosk_event(k, &ev);
			while (!k->quit && SDL_PollEvent(&ev))
				kiosk_event(k, &ev);
		}
		now = SDL_GetTicks();
		if (!kiosk_at_rest(k) &&
		    now - k->touched_ms >= (uint32_t)k->set->idle_s * 1000) {
			log_info("kiosk", "no touch for %d s: back home",
			         k->set->idle_s);
			kiosk_reset(k);
			k->touched_ms = now;
		}
		kiosk_check_service(k);
		if (chrome_clock_tick(k))
			k->dirty = 1;
		if (k->screen->tick)
			k->screen->tick(k, now);
		if (k->dirty)
			kiosk_draw(k);
	}
	return 0;
}
