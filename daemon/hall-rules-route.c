/*
 * The rules of a route (并联审批, hall-route.h) on plain arrays of legs,
 * ordered by step and place: no store, no clock. Exactly one leg of the
 * current step is ROUTE_LEG_TICKET while the ticket is on its route: the
 * one its own row stands for.
 */
#include <stdio.h>
#include <string.h>

#include "hall-route.h"
#include "proto.h"

/* The first step's legs: the ticket's own queue is its row's leg; the
 * step's others wait as legs, placed as the ticket is. */
int hall_rule_route_legs(const struct catalog_route *r, const struct ticket *t,
                         struct route_leg *legs, int max)
{
	int n = 0;

	for (int s = 0; s < r->nsteps; s++) {
		for (int k = 0; k < r->nqueues[s] && n < max; k++) {
			struct route_leg *l = &legs[n++];

			memset(l, 0, sizeof *l);
			l->step = s;
			l->pos = k;
			snprintf(l->queue, sizeof l->queue, "%s",
			         r->queues[s][k]);
			l->klass = t->klass;
			l->order_at = t->order_at;
			if (s > 0)
				l->state = ROUTE_LEG_PENDING;
			else if (strcmp(l->queue, t->queue) == 0)
				l->state = ROUTE_LEG_TICKET;
			else
				l->state = ROUTE_LEG_WAITING;
		}
	}
	return n;
}

/* Any leg left (transferred, cancelled, expired): the route is over. */
int hall_rule_route_left(const struct route_leg *legs, int n)
{
	for (int i = 0; i < n; i++)
		if (legs[i].state == ROUTE_LEG_LEFT)
			return 1;
	return 0;
}

int hall_rule_route_steps(const struct route_leg *legs, int n)
{
	return n > 0 ? legs[n - 1].step + 1 : 0;
}

/* The step the ticket is on: the first not done by all its queues (the
 * number of steps once the whole route is done). */
int hall_rule_route_step(const struct route_leg *legs, int n)
{
	for (int i = 0; i < n; i++)
		if (legs[i].state != ROUTE_LEG_DONE)
			return legs[i].step;
	return hall_rule_route_steps(legs, n);
}

/* The ticket's route_step/route_steps as clients see them. */
void hall_rule_route_fill(const struct route_leg *legs, int n, struct ticket *t)
{
	int steps = hall_rule_route_steps(legs, n);
	int step = hall_rule_route_step(legs, n);

	if (n == 0 || hall_rule_route_left(legs, n)) {
		t->route_step = t->route_steps = 0;
		return;
	}
	t->route_steps = steps;
	t->route_step = step < steps ? step + 1 : steps;
}

int hall_rule_route_head(const struct queue_head *row, int row_found,
                         const struct queue_head *leg, int leg_found)
{
	if (!row_found)
		return leg_found ? 1 : -1;
	if (!leg_found)
		return 0;
	if (leg->klass != row->klass)
		return leg->klass < row->klass;
	if (leg->order_at != row->order_at)
		return leg->order_at < row->order_at;
	return leg->id < row->id;
}

static struct route_leg *route_find(struct route_leg *legs, int n, int step,
                                    enum route_leg_state state,
                                    const char *queue)
{
	for (int i = 0; i < n; i++)
		if (legs[i].step == step && legs[i].state == state &&
		    (queue == NULL || strcmp(legs[i].queue, queue) == 0))
			return &legs[i];
	return NULL;
}

/*
 * A window of `queue` calls the ticket by its leg there: the row, waiting
 * for another queue of the step, changes places with that leg, so the row
 * is at the counter and its old queue keeps the place as a leg.
 */
int hall_rule_route_take_leg(struct route_leg *legs, int n, struct ticket *t,
                             const char *queue, struct qerr *err)
{
	int step = hall_rule_route_step(legs, n);
	struct route_leg *leg, *own;

	if (t->state != TICKET_WAITING ||
	    (leg = route_find(legs, n, step, ROUTE_LEG_WAITING, queue)) ==
	        NULL ||
	    (own = route_find(legs, n, step, ROUTE_LEG_TICKET, NULL)) == NULL)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s does not wait in queue %s", t->number,
		                queue);
	own->state = ROUTE_LEG_WAITING;
	own->klass = t->klass;
	own->order_at = t->order_at;
	leg->state = ROUTE_LEG_TICKET;
	snprintf(t->queue, sizeof t->queue, "%s", leg->queue);
	t->klass = leg->klass;
	t->order_at = leg->order_at;
	return 0;
}

/* The row stands for leg l now, waiting there as the leg did. */
static void route_carry(struct ticket *t, struct route_leg *l,
                        enum ticket_state state)
{
	l->state = ROUTE_LEG_TICKET;
	snprintf(t->queue, sizeof t->queue, "%s", l->queue);
	t->state = state;
	t->klass = l->klass;
	t->order_at = l->order_at;
	t->window = 0;
	t->served_at = 0;
	if (state == TICKET_WAITING)
		t->finished_at = 0;
}

/*
 * The row has left its counter: served there (done) or missed (no-show,
 * its state already set). Its leg records that; then the row goes to a
 * leg of the step still waiting, else to a missed one (the ticket is a
 * no-show that may rejoin), else the step is done and the row enters the
 * next step's first queue, the others waiting as legs: ahead of tickets
 * not yet served (front), or among them by the time it was taken.
 */
enum route_next hall_rule_route_end(struct route_leg *legs, int n,
                                    struct ticket *t, int done, int place_taken,
                                    int64_t now)
{
	int step = hall_rule_route_step(legs, n);
	struct route_leg *own =
	    route_find(legs, n, step, ROUTE_LEG_TICKET, NULL);
	struct route_leg *next;
	enum ticket_class klass;

	if (own) {
		own->state = done ? ROUTE_LEG_DONE : ROUTE_LEG_NO_SHOW;
		own->window = t->window;
		own->done_at = now;
	}
	if ((next = route_find(legs, n, step, ROUTE_LEG_WAITING, NULL))) {
		route_carry(t, next, TICKET_WAITING);
		return ROUTE_NEXT_SAME_STEP;
	}
	if ((next = route_find(legs, n, step, ROUTE_LEG_NO_SHOW, NULL))) {
		route_carry(t, next, TICKET_NO_SHOW);
		return ROUTE_NEXT_MISSED;
	}
	step = hall_rule_route_step(legs, n);
	if (step >= hall_rule_route_steps(legs, n))
		return ROUTE_NEXT_DONE;
	klass = t->priority   ? TICKET_CLASS_PRIORITY
	        : place_taken ? TICKET_CLASS_NORMAL
	                      : TICKET_CLASS_TRANSFERRED;
	for (int i = 0; i < n; i++) {
		if (legs[i].step != step)
			continue;
		legs[i].klass = klass;
		legs[i].order_at = place_taken ? t->taken_at : now;
		legs[i].state = ROUTE_LEG_WAITING;
	}
	next = route_find(legs, n, step, ROUTE_LEG_WAITING, NULL);
	route_carry(t, next, TICKET_WAITING);
	return ROUTE_NEXT_STEP;
}

/* Transferred away, cancelled: what is not done is left. */
void hall_rule_route_leave(struct route_leg *legs, int n, int64_t now)
{
	for (int i = 0; i < n; i++) {
		if (legs[i].state == ROUTE_LEG_DONE)
			continue;
		legs[i].state = ROUTE_LEG_LEFT;
		if (!legs[i].done_at)
			legs[i].done_at = now;
	}
}

/* A missed leg waits again at order_at, as a rejoined ticket does. */
int hall_rule_route_rejoin_leg(struct route_leg *l, const struct ticket *t,
                               int64_t order_at)
{
	if (l->state != ROUTE_LEG_NO_SHOW)
		return -1;
	l->state = ROUTE_LEG_WAITING;
	l->klass = t->priority ? TICKET_CLASS_PRIORITY : TICKET_CLASS_NORMAL;
	l->order_at = order_at;
	l->window = 0;
	l->done_at = 0;
	return 0;
}

/*
 * Each step as shown: done once every queue served the ticket; the
 * current step is serving while the ticket is at a counter, waiting while
 * it can be called; the rest (and the current step of a ticket that is
 * over, or left its route) pending.
 */
int hall_rule_route_view(const struct route_leg *legs, int n,
                         const struct ticket *t, struct route_step_view *out,
                         int max)
{
	int steps = hall_rule_route_steps(legs, n);
	int step = hall_rule_route_step(legs, n);
	int left = hall_rule_route_left(legs, n);

	if (steps > max)
		steps = max;
	for (int s = 0; s < steps; s++)
		memset(&out[s], 0, sizeof out[s]);
	for (int i = 0; i < n; i++) {
		struct route_step_view *v;

		if (legs[i].step >= steps)
			break;
		v = &out[legs[i].step];
		if (v->nqueues < CATALOG_ROUTE_SET)
			v->queues[v->nqueues++] = legs[i].queue;
		if (legs[i].state == ROUTE_LEG_DONE &&
		    v->ndone < CATALOG_ROUTE_SET)
			v->done[v->ndone++] = legs[i].queue;
	}
	for (int s = 0; s < steps; s++) {
		struct route_step_view *v = &out[s];

		if (v->ndone == v->nqueues)
			v->state = ROUTE_STEP_DONE;
		else if (s != step || left)
			v->state = ROUTE_STEP_PENDING;
		else if (t->state == TICKET_CALLED ||
		         t->state == TICKET_SERVING)
			v->state = ROUTE_STEP_SERVING;
		else if (t->state == TICKET_WAITING ||
		         t->state == TICKET_NO_SHOW)
			v->state = ROUTE_STEP_WAITING;
		else
			v->state = ROUTE_STEP_PENDING;
	}
	return steps;
}

const char *hall_rule_route_step_name(enum route_step_state s)
{
	switch (s) {
	case ROUTE_STEP_WAITING:
		return "waiting";
	case ROUTE_STEP_SERVING:
		return "serving";
	case ROUTE_STEP_DONE:
		return "done";
	case ROUTE_STEP_PENDING:
		break;
	}
	return "pending";
}
