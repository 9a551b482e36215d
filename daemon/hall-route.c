/*
 * Routes on one number, the hall's side (hall-route.h): the legs are
 * loaded, moved by hall-rules-route.c, saved, and each move of the ticket
 * along its route is told by a `routed` event.
 *
 * A route is the catalog's: only a ticket whose item has one is looked up
 * here, and only queues some route passes are searched for legs, so an
 * ordinary ticket's take, call and finish do no more than before. (A
 * ticket whose item lost its route in a new catalog goes on as an
 * ordinary one.)
 */
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

void hall_set_route_place(struct hall *h, int taken)
{
	h->route_place_taken = taken;
}

static const struct catalog_route *hall_route_of(const struct hall *h,
                                                 const struct ticket *t)
{
	const struct catalog_item *it;

	if (!t->item[0] ||
	    (it = catalog_item_find(h->catalog, t->item)) == NULL ||
	    it->route.nsteps == 0)
		return NULL;
	return &it->route;
}

/* Whether legs may wait in this queue: some route passes it. */
int hall_route_queue(struct hall *h, const char *prefix)
{
	int q = catalog_queue_index(h->catalog, prefix);

	if (!h->route_queues_known) {
		for (size_t i = 0; i < h->catalog->nitems; i++) {
			const struct catalog_route *r =
			    &h->catalog->items[i].route;
			for (int s = 0; s < r->nsteps; s++)
				for (int k = 0; k < r->nqueues[s]; k++) {
					int x = catalog_queue_index(
					    h->catalog, r->queues[s][k]);
					if (x >= 0 && x < CATALOG_MAX_QUEUES)
						h->route_queue[x] = 1;
				}
		}
		h->route_queues_known = 1;
	}
	return q >= 0 && q < CATALOG_MAX_QUEUES && h->route_queue[q];
}

/* The legs of t's route; *n 0 when it has none or left it. */
static int hall_route_load(struct hall *h, const struct ticket *t,
                           struct route_leg *legs, int *n, struct qerr *err)
{
	*n = 0;
	if (hall_route_of(h, t) == NULL)
		return 0;
	if (store_route_get(h->store, t->id, legs, ROUTE_LEGS_MAX, n, err))
		return -1;
	if (hall_rule_route_left(legs, *n))
		*n = 0;
	return 0;
}

static int hall_route_save(struct hall *h, int64_t id,
                           const struct route_leg *legs, int n,
                           struct qerr *err)
{
	for (int i = 0; i < n; i++)
		if (store_route_put(h->store, id, &legs[i], err))
			return -1;
	return 0;
}

/* The ticket entered a step: which, of how many, its queues, from where. */
static int hall_route_event(struct hall *h, const struct ticket *t,
                            const char *from, int64_t now, struct qerr *err)
{
	const struct catalog_route *r = hall_route_of(h, t);
	json_t *queues = json_array();
	int s = t->route_step - 1;

	for (int k = 0; r && s >= 0 && s < r->nsteps && k < r->nqueues[s]; k++)
		json_array_append_new(queues, json_string(r->queues[s][k]));
	return hall_event(h, "routed", now, t, 0,
	                  json_pack("{s:i, s:i, s:o, s:s?}", "step",
	                            t->route_step, "steps", t->route_steps,
	                            "queues", queues, "from", from),
	                  err);
}

/* A new ticket of an item with a route: its legs, before it is told. */
int hall_route_start(struct hall *h, struct ticket *t, struct qerr *err)
{
	const struct catalog_route *r = hall_route_of(h, t);
	struct route_leg legs[ROUTE_LEGS_MAX];
	int n;

	if (r == NULL)
		return 0;
	n = hall_rule_route_legs(r, t, legs, ROUTE_LEGS_MAX);
	if (store_route_add(h->store, t->id, legs, n, err))
		return -1;
	hall_rule_route_fill(legs, n, t);
	return 0;
}

int hall_route_started(struct hall *h, const struct ticket *t, int64_t now,
                       struct qerr *err)
{
	return t->route_steps > 0 ? hall_route_event(h, t, NULL, now, err) : 0;
}

int hall_route_fill(struct hall *h, struct ticket *t, struct qerr *err)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	int n;

	if (hall_route_load(h, t, legs, &n, err))
		return -1;
	hall_rule_route_fill(legs, n, t);
	return 0;
}

/* A window of `queue` calls the ticket by its leg there. */
int hall_route_call_leg(struct hall *h, int64_t id, const char *queue,
                        struct ticket *t, struct qerr *err)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	int n;

	if (store_ticket_get(h->store, id, t, err) ||
	    hall_route_load(h, t, legs, &n, err))
		return -1;
	if (n == 0)
		return qerr_set(err, PROTO_E_STORE,
		                "%s waits in %s by a route it no longer has",
		                t->number, queue);
	if (hall_rule_route_take_leg(legs, n, t, queue, err) ||
	    hall_route_save(h, t->id, legs, n, err))
		return -1;
	hall_rule_route_fill(legs, n, t);
	return 0;
}

/*
 * The ticket left a counter (done: served; else missed). On a copy, so
 * the caller's reply says what happened at its window: the route moves
 * the stored ticket on, and the `routed` event tells where it went.
 */
int hall_route_after(struct hall *h, const struct ticket *at_window, int done,
                     int64_t now, struct qerr *err)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	char from[TICKET_PREFIX_MAX + 1];
	struct ticket t = *at_window;
	enum route_next next;
	int n;

	if (hall_route_load(h, &t, legs, &n, err))
		return -1;
	if (n == 0)
		return 0;
	snprintf(from, sizeof from, "%s", t.queue);
	next =
	    hall_rule_route_end(legs, n, &t, done, h->route_place_taken, now);
	if (hall_route_save(h, t.id, legs, n, err) ||
	    store_ticket_put(h->store, &t, err))
		return -1;
	hall_rule_route_fill(legs, n, &t);
	if (next != ROUTE_NEXT_SAME_STEP && next != ROUTE_NEXT_STEP)
		return 0;
	if (hall_ticket_place(h, &t, err))
		return -1;
	return hall_route_event(h, &t, from, now, err);
}

/* Transferred or cancelled: the ticket leaves its route. *left says
 * whether it had one to leave. */
int hall_route_leave(struct hall *h, struct ticket *t, int64_t now, int *left,
                     struct qerr *err)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	int n;

	*left = 0;
	if (hall_route_load(h, t, legs, &n, err))
		return -1;
	if (n == 0)
		return 0;
	hall_rule_route_leave(legs, n, now);
	if (hall_route_save(h, t->id, legs, n, err))
		return -1;
	t->route_step = t->route_steps = 0;
	*left = 1;
	return 0;
}

/*
 * A citizen back after missing a call rejoins every queue of the step
 * that missed them, each as the hall's rejoin rule places it there. The
 * row itself, if it is the missed one, is rejoined by hall_rejoin(); when
 * only legs were missed (the row waits elsewhere) this is the rejoin, and
 * *done says so.
 */
int hall_route_rejoin(struct hall *h, struct ticket *t, int64_t now, int *done,
                      struct qerr *err)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	json_t *queues;
	int n, step, found, any = 0;
	int64_t nth;

	*done = 0;
	if (hall_route_load(h, t, legs, &n, err))
		return -1;
	if (n == 0 || strcmp(t->day, h->day) != 0)
		return 0;
	step = hall_rule_route_step(legs, n);
	queues = json_array();
	for (int i = 0; i < n; i++) {
		int64_t order_at = now;

		if (legs[i].step != step || legs[i].state != ROUTE_LEG_NO_SHOW)
			continue;
		if (h->rejoin_places > 0) {
			if (store_queue_nth(
			        h->store, legs[i].queue, TICKET_CLASS_NORMAL,
			        h->rejoin_places - 1, &nth, &found, err))
				goto fail;
			if (found)
				order_at = nth + 1;
		}
		hall_rule_route_rejoin_leg(&legs[i], t, order_at);
		json_array_append_new(queues, json_string(legs[i].queue));
		any = 1;
	}
	if (any && hall_route_save(h, t->id, legs, n, err))
		goto fail;
	hall_rule_route_fill(legs, n, t);
	if (!any || t->state == TICKET_NO_SHOW) {
		json_decref(queues);
		return 0;
	}
	*done = 1;
	if (t->state == TICKET_WAITING && hall_ticket_place(h, t, err))
		goto fail;
	return hall_event(h, "rejoined", now, t, 0,
	                  json_pack("{s:o}", "queues", queues), err);
fail:
	json_decref(queues);
	return -1;
}

int hall_route_show(struct hall *h, const char *day, const char *number,
                    json_t **out, struct qerr *err)
{
	struct route_step_view view[CATALOG_ROUTE_STEPS];
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t;
	json_t *steps;
	int n, nsteps;

	if (hall_ticket_find(h, day, number, &t, err) ||
	    store_route_get(h->store, t.id, legs, ROUTE_LEGS_MAX, &n, err))
		return -1;
	hall_rule_route_fill(legs, n, &t);
	nsteps = hall_rule_route_view(legs, n, &t, view, CATALOG_ROUTE_STEPS);
	steps = json_array();
	for (int s = 0; s < nsteps; s++) {
		json_t *queues = json_array(), *done = json_array();

		for (int k = 0; k < view[s].nqueues; k++)
			json_array_append_new(queues,
			                      json_string(view[s].queues[k]));
		for (int k = 0; k < view[s].ndone; k++)
			json_array_append_new(done,
			                      json_string(view[s].done[k]));
		json_array_append_new(
		    steps, json_pack("{s:o, s:o, s:s}", "queues", queues,
		                     "done", done, "state",
		                     hall_rule_route_step_name(view[s].state)));
	}
	t.key[0] = '\0'; /* the citizen's: `route` is for operators */
	*out = json_pack("{s:o, s:o}", "ticket", ticket_to_json(&t), "steps",
	                 steps);
	return 0;
}
