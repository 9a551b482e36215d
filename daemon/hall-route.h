/*
 * Routes on one number (并联审批): an item's route is steps in order, each
 * a set of queues. The ticket keeps its number along the route: its own
 * row stands for one leg of the current step (and is called, served,
 * missed like any ticket), and the step's other legs wait in their queues
 * as legs (store-route.c). Calling a leg swaps it with the row's, so the
 * row is always where the ticket is; while the row is at a counter no leg
 * of it can be called. A step is left once each of its queues has served
 * the ticket; the next step's queues take it ahead of those not yet
 * served (route_place front) or by its time taken.
 *
 * hall-rules-route.c decides on plain arrays of legs (unit-tested without
 * SQLite); hall-route.c loads, saves and tells.
 */
#ifndef QHALL_HALL_ROUTE_H
#define QHALL_HALL_ROUTE_H

#include "hall.h"

/* What happened to the route when the ticket's row left its counter. */
enum route_next {
	ROUTE_NEXT_SAME_STEP, /* another queue of the step has it now */
	ROUTE_NEXT_MISSED,    /* only missed legs are left: it is a no-show */
	ROUTE_NEXT_STEP,      /* the step is done: the next one's queues */
	ROUTE_NEXT_DONE,      /* the last step is done: so is the ticket */
};

/* A step as `qhall route` shows it. */
enum route_step_state {
	ROUTE_STEP_PENDING,
	ROUTE_STEP_WAITING,
	ROUTE_STEP_SERVING,
	ROUTE_STEP_DONE,
};
struct route_step_view {
	int nqueues, ndone;
	const char *queues[CATALOG_ROUTE_SET]; /* point into the legs */
	const char *done[CATALOG_ROUTE_SET];
	enum route_step_state state;
};

/* hall-rules-route.c */
int hall_rule_route_legs(const struct catalog_route *, const struct ticket *,
                         struct route_leg *legs, int max);
int hall_rule_route_step(const struct route_leg *, int n);
int hall_rule_route_steps(const struct route_leg *, int n);
int hall_rule_route_left(const struct route_leg *, int n);
void hall_rule_route_fill(const struct route_leg *, int n, struct ticket *);
/* Which head a queue calls first: 0 the ticket row's, 1 the leg's, -1
 * none; by class, then place, then the earlier ticket. */
int hall_rule_route_head(const struct queue_head *row, int row_found,
                         const struct queue_head *leg, int leg_found);
int hall_rule_route_take_leg(struct route_leg *, int n, struct ticket *,
                             const char *queue, struct qerr *);
enum route_next hall_rule_route_end(struct route_leg *, int n, struct ticket *,
                                    int done, int place_taken, int64_t now);
void hall_rule_route_leave(struct route_leg *, int n, int64_t now);
int hall_rule_route_rejoin_leg(struct route_leg *, const struct ticket *,
                               int64_t order_at);
int hall_rule_route_view(const struct route_leg *, int n, const struct ticket *,
                         struct route_step_view *out, int max);
const char *hall_rule_route_step_name(enum route_step_state);

/* hall-route.c: the hall's side, called from take, the counter, transfer,
 * cancel and rejoin. Each does nothing for a ticket with no route. */
void hall_set_route_place(struct hall *, int taken);
int hall_route_queue(struct hall *, const char *prefix);
int hall_route_start(struct hall *, struct ticket *, struct qerr *);
int hall_route_started(struct hall *, const struct ticket *, int64_t now,
                       struct qerr *);
int hall_route_fill(struct hall *, struct ticket *, struct qerr *);
int hall_route_call_leg(struct hall *, int64_t ticket_id, const char *queue,
                        struct ticket *, struct qerr *);
int hall_route_after(struct hall *, const struct ticket *, int done,
                     int64_t now, struct qerr *);
int hall_route_leave(struct hall *, struct ticket *, int64_t now, int *left,
                     struct qerr *);
int hall_route_rejoin(struct hall *, struct ticket *, int64_t now, int *done,
                      struct qerr *);
/* {"ticket": {...}, "steps": [{"queues", "done", "state"}, ...]}; a
 * ticket with no route has "steps": []. */
int hall_route_show(struct hall *, const char *day, const char *number,
                    json_t **out, struct qerr *);

#endif
