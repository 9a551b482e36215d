/*
 * The rater's side of the conversation with qhalld. Status tells who
 * serves at the window; the policy the hall's 差评 reasons and how long to
 * ask. A "finished" event of this window opens the prompt: nothing else
 * does, so staff cannot start, choose or repeat a rating.
 */
#include <stdio.h>
#include <string.h>

#include "hall-view.h"
#include "log.h"
#include "rater.h"

static void session_status(struct rater *r, json_t *body)
{
	struct qerr err = {0};
	struct view_status *s = view_status_parse(body, &err);
	const struct view_window *w;

	if (s == NULL) {
		log_warn("rater", "%s", err.message);
		return;
	}
	w = view_status_window(s, r->opt.window);
	snprintf(r->staff_id, sizeof r->staff_id, "%s", w ? w->staff_id : "");
	snprintf(r->staff_name, sizeof r->staff_name, "%s",
	         w ? w->staff_name : "");
	view_status_free(s);
	ui_app_changed(&r->app);
}

static void session_policy(struct rater *r, json_t *body)
{
	json_t *v;
	size_t i;

	r->nreasons = 0;
	json_array_foreach(json_object_get(body, "reasons"), i, v)
	{
		if (r->nreasons == RATER_REASONS_MAX || !json_is_string(v))
			break;
		snprintf(r->reasons[r->nreasons++], sizeof r->reasons[0], "%s",
		         json_string_value(v));
	}
	r->evaluator_s =
	    (int)json_integer_value(json_object_get(body, "evaluator_s"));
	ui_app_changed(&r->app);
}

/* This window finished a service: ask its citizen. */
static void session_finished(struct rater *r, const struct view_event *ev)
{
	snprintf(r->number, sizeof r->number, "%s", ev->ticket.number);
	snprintf(r->day, sizeof r->day, "%s", ev->ticket.day);
	r->asked_at = SDL_GetTicks();
	if (r->asked_at == 0)
		r->asked_at = 1;
	r->level = 0;
	r->sending = 0;
	r->thanks_at = 0;
	memset(r->chosen, 0, sizeof r->chosen);
	ui_app_go(&r->app, &screen_rate, NULL);
}

static void session_event(struct rater *r, json_t *body)
{
	struct view_event ev;
	struct qerr err = {0};

	if (view_event_parse(body, &ev, &err)) {
		log_warn("rater", "%s", err.message);
		return;
	}
	if (strcmp(ev.name, "finished") == 0 && ev.window == r->opt.window &&
	    ev.has_ticket) {
		session_finished(r, &ev);
		return;
	}
	/* Who serves may have changed (login, logout). */
	if ((strcmp(ev.name, "login") == 0 || strcmp(ev.name, "logout") == 0) &&
	    ev.window == r->opt.window)
		ui_link_send(r->link, RATER_TAG_STATUS, "status", NULL);
}

/* Send the citizen's choice: the level, and a 差评's reasons. */
void session_rate(struct rater *r)
{
	json_t *reasons = json_array();

	for (int i = 0; i < r->nreasons; i++)
		if (r->chosen[i])
			json_array_append_new(reasons,
			                      json_string(r->reasons[i]));
	r->sending = 1;
	ui_link_send(r->link, RATER_TAG_RATE, "rate",
	             json_pack("{s:s, s:s, s:i, s:o}", "number", r->number,
	                       "day", r->day, "level", r->level, "reasons",
	                       reasons));
}

static void session_rated(struct rater *r, const struct ui_link_msg *m)
{
	r->sending = 0;
	r->asked_at = 0;
	if (m->ok) {
		snprintf(r->result, sizeof r->result, "rated");
		r->refusal[0] = '\0';
	} else {
		log_warn("rater", "rating %s: %s", r->number, m->err.message);
		snprintf(r->result, sizeof r->result, "refused");
		snprintf(r->refusal, sizeof r->refusal, "%s",
		         m->err.code ? m->err.code : "");
	}
	r->thanks_at = SDL_GetTicks();
	if (r->thanks_at == 0)
		r->thanks_at = 1;
	ui_app_go(&r->app, &screen_thanks, NULL);
}

void session_on_link(struct rater *r, struct ui_link_msg *m)
{
	switch (m->kind) {
	case UI_LINK_UP:
		ui_link_hall_clock(m);
		r->link_up = 1;
		ui_link_send(r->link, RATER_TAG_POLICY, "rating_policy", NULL);
		ui_link_send(r->link, RATER_TAG_STATUS, "status", NULL);
		ui_app_changed(&r->app);
		break;
	case UI_LINK_DOWN:
		if (r->link_up)
			log_warn("rater", "qhalld: %s", m->err.message);
		r->link_up = 0;
		ui_app_changed(&r->app);
		break;
	case UI_LINK_EVENT:
		session_event(r, m->body);
		break;
	case UI_LINK_REPLY:
		if (m->tag == RATER_TAG_STATUS && m->ok)
			session_status(r, m->body);
		else if (m->tag == RATER_TAG_POLICY && m->ok)
			session_policy(r, m->body);
		else if (m->tag == RATER_TAG_RATE)
			session_rated(r, m);
		break;
	}
}
