/*
 * The kiosk's hooks into the shared loop (ui-app.h). The daemon link and
 * the printer each have their own thread and speak to the loop only
 * through SDL events, so nothing here ever waits on the network or on
 * paper. Every turn runs the kiosk's timers: the clock, the idle
 * return (idle.c), and the offline screen whenever no ticket can be offered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"
#include "xmalloc.h"

static const struct ui_app_hooks kiosk_hooks;

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

	k->app.hooks = &kiosk_hooks;
	k->app.pressed = -1;
	/* The tests read the picture itself (a clock, moving dots): a PNG
	 * for every frame drawn. */
	k->app.shot_every_frame = 1;
	snprintf(k->app.screenshot, sizeof k->app.screenshot, "%s",
	         set->screenshot);
	snprintf(k->app.state_json, sizeof k->app.state_json, "%s",
	         set->state_json);
	k->set = set;
	k->clock_minute = -1;
	if ((k->app.ui = ui_open(&o, err)) == NULL) {
		kiosk_close(k);
		return NULL;
	}
	k->app.ui->lang = strcmp(set->lang, "en") == 0 ? UI_EN : UI_ZH;
	k->app.ui->large = set->large_text;
	speech_open(k);
	if (set->input[0] && ui_app_input(&k->app, set->input, err)) {
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

void kiosk_close(struct kiosk *k)
{
	if (k == NULL)
		return;
	/* The threads first: they post events that refer to nothing here. */
	print_thread_stop(k->printer);
	ui_link_stop(k->link);
	ui_app_close(&k->app);
	ui_app_drain(&k->app);
	citizen_forget(k);
	catalog_free(k->catalog);
	view_status_free(k->status);
	json_decref(k->take_params);
	/* Before ui_close: SDL_Quit would pull audio from under the voice. */
	speech_close(k);
	ui_close(k->app.ui);
	free(k);
}

void kiosk_forget_id(struct kiosk *k)
{
	explicit_bzero(k->id_number, sizeof k->id_number);
}

/* Back to the start, keeping the language and text size chosen. */
void kiosk_home(struct kiosk *k)
{
	k->queue[0] = '\0';
	k->item[0] = '\0';
	k->priority = 0;
	k->page = 0;
	citizen_forget(k);
	ui_app_go(&k->app, kiosk_can_issue(k) ? &screen_home : &screen_offline,
	          NULL);
}

/* Back to the start as the next citizen should find it. */
void kiosk_reset(struct kiosk *k)
{
	k->app.ui->lang = strcmp(k->set->lang, "en") == 0 ? UI_EN : UI_ZH;
	k->app.ui->large = k->set->large_text;
	speech_set(k, k->set->voice);
	kiosk_home(k);
}

/* Tickets can be offered: the daemon is there, and paper will come out. */
int kiosk_can_issue(const struct kiosk *k)
{
	return ui_link_up(k->link) && k->catalog && k->status &&
	       (!k->set->require_printer || k->printer_usable);
}

/* The offline screen whenever tickets cannot be offered; home after. A
 * ticket already on screen stays: the citizen holds that number. */
static void kiosk_check_service(struct kiosk *k)
{
	int can = kiosk_can_issue(k);
	const struct screen *s = k->app.screen;

	if (!can && s != &screen_offline && s != &screen_ticket)
		ui_app_go(&k->app, &screen_offline, NULL);
	else if (can && s == &screen_offline)
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
		k->app.dirty = 1;
}

/* The daemon's messages: a take's reply to the citizen, the rest to the hall.
 */
static void kiosk_link(struct ui_app *a, struct ui_link_msg *m)
{
	struct kiosk *k = kiosk_of(a);

	if (m->kind == UI_LINK_REPLY &&
	    KIOSK_TAG_KIND(m->tag) == KIOSK_TAG_TAKE)
		citizen_on_take(k, m);
	else
		hall_on_link(k, m);
}

/* The printer's outcomes; touches while the kiosk asks for more time. */
static int kiosk_event(struct ui_app *a, const SDL_Event *ev)
{
	if (idle_event(kiosk_of(a), ev) || help_event(kiosk_of(a), ev))
		return 1;
	if (ev->type != print_event_type())
		return 0;
	kiosk_on_print(kiosk_of(a), ev->user.data1);
	free(ev->user.data1);
	return 1;
}

/* Escape quits: a maintenance keyboard on a window, never a citizen's. */
static int kiosk_key(struct ui_app *a, const SDL_KeyboardEvent *key)
{
	struct kiosk *k = kiosk_of(a);

	if (k->set->windowed && key->keysym.sym == SDLK_ESCAPE) {
		a->quit = 1;
		return 1;
	}
	return 0;
}

static void kiosk_touch(struct ui_app *a, const SDL_Event *ev)
{
	(void)ev;
	kiosk_of(a)->touched_ms = SDL_GetTicks();
}

static void kiosk_tick(struct ui_app *a, uint32_t now)
{
	struct kiosk *k = kiosk_of(a);

	idle_tick(k, now);
	kiosk_check_service(k);
	/* A new minute: the clock, and the status again, for a queue that
	 * opens or closes by its hours sends no event. */
	if (chrome_clock_tick(k)) {
		a->dirty = 1;
		if (ui_link_up(k->link))
			hall_ask_status(k);
	}
	speech_tick(k);
}

/* A print outcome nobody will read: the loop stopped with it queued. */
static void kiosk_discard(const SDL_Event *ev)
{
	if (ev->type == print_event_type())
		free(ev->user.data1);
}

static const char *const kiosk_phase_names[] = {
    "taking", "printing", "printed", "print_failed", "not_printed",
};

/* Why no ticket is offered, as the offline screen says it; NULL if one is. */
static const char *kiosk_offline_reason(const struct kiosk *k)
{
	if (kiosk_can_issue(k))
		return NULL;
	if (!ui_link_up(k->link) || k->catalog == NULL || k->status == NULL)
		return "server";
	return "printer";
}

/* The ticket on screen: taken or being taken, and where its paper is. */
static json_t *kiosk_state_ticket(const struct kiosk *k)
{
	const struct ticket *t = &k->ticket;
	json_t *o;

	if (k->app.screen != &screen_ticket)
		return json_null();
	o = json_pack("{s:s, s:b}", "phase", kiosk_phase_names[k->phase],
	              "retaking", k->take_lost);
	if (k->has_ticket) {
		json_object_set_new(o, "number", json_string(t->number));
		json_object_set_new(o, "queue", json_string(t->queue));
		json_object_set_new(
		    o, "item", t->item[0] ? json_string(t->item) : json_null());
		json_object_set_new(o, "priority", json_boolean(t->priority));
		json_object_set_new(o, "ahead", json_integer(t->ahead));
		json_object_set_new(o, "url", json_string(k->url));
	}
	if (k->phase == KIOSK_PRINT_FAILED)
		json_object_set_new(o, "print_reason",
		                    json_string(k->print_why));
	return o;
}

/* The idle timer: its limit here (0: stopped) and whether it asks. */
static json_t *kiosk_state_idle(const struct kiosk *k)
{
	return json_pack("{s:i, s:b, s:i}", "limit_s", idle_limit_s(k),
	                 "asking", k->asking, "left_s",
	                 k->asking ? k->ask_left_s : 0);
}

/*
 * What the screen shows, for --state-json: a debugging output for tests
 * and reviewers, not an interface. The skeleton adds the screen's name.
 */
static json_t *kiosk_state(struct ui_app *a)
{
	struct kiosk *k = kiosk_of(a);
	const char *offline = kiosk_offline_reason(k);
	json_t *queues = json_array();

	for (size_t i = 0; i < hall_nqueues(k); i++) {
		const char *prefix = k->catalog->queues[i].prefix;
		const struct view_queue *q = hall_queue_status(k, prefix);
		char closed[128] = "";
		if (q && !q->open)
			hours_closed_text(k, q, closed, sizeof closed);
		json_array_append_new(
		    queues,
		    json_pack("{s:s, s:b, s:i, s:s}", "queue", prefix, "open",
		              hall_queue_open(k, prefix), "waiting",
		              q ? q->waiting : 0, "closed_text", closed));
	}
	json_t *o = json_pack(
	    "{s:s, s:b, s:b, s:s?, s:s?, s:i, s:s?, s:o, s:o, s:s?, s:o}",
	    "lang", a->ui->lang == UI_EN ? "en" : "zh", "large", a->ui->large,
	    "priority", k->priority, "queue", k->queue[0] ? k->queue : NULL,
	    "item", k->item[0] ? k->item : NULL, "page", k->page, "notice",
	    a->screen == &screen_notice ? k->notice : NULL, "ticket",
	    kiosk_state_ticket(k), "printer",
	    json_pack("{s:b, s:s}", "usable", k->printer_usable, "reason",
	              k->printer_reasons),
	    "offline", offline, "queues", queues);
	json_object_set_new(o, "idle", kiosk_state_idle(k));
	json_object_set_new(o, "voice", speech_state(k));
	json_object_set_new(o, "list_page", json_integer(k->list_page));
	/* How much of an ID number is typed, never what. */
	json_object_set_new(o, "appt_code", json_string(k->appt_code));
	json_object_set_new(o, "appt_why",
	                    k->appt_why ? json_string(k->appt_why)
	                                : json_null());
	json_object_set_new(o, "id_typed",
	                    json_integer((json_int_t)strlen(k->id_number)));
	json_object_set_new(o, "card_page", json_integer(k->card_page));
	json_object_set_new(o, "card_pages", json_integer(k->card_pages));
	json_object_set_new(o, "help", help_state(k));
	return o;
}

static void kiosk_draw_over(struct ui_app *a, struct ui *ui)
{
	help_draw(kiosk_of(a), ui);
	idle_draw(kiosk_of(a), ui);
}

static const struct ui_app_hooks kiosk_hooks = {
    .name = "kiosk",
    .link = kiosk_link,
    .event = kiosk_event,
    .key = kiosk_key,
    .touch = kiosk_touch,
    .tick = kiosk_tick,
    .state = kiosk_state,
    .draw_over = kiosk_draw_over,
    .discard = kiosk_discard,
};

int kiosk_run(struct kiosk *k)
{
	k->touched_ms = SDL_GetTicks();
	ui_app_go(&k->app, &screen_offline, NULL);
	ui_app_run(&k->app);
	return 0;
}
