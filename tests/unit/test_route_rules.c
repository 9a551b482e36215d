/*
 * The rules of a route (并联审批) on plain arrays of legs: no SQLite, no
 * store, no clock. The route is the seed's second-hand house transfer,
 * E, then D and G at once, then E.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hall-route.h"
#include "proto.h"

static const struct catalog_route house = {
    3, {1, 2, 1}, {{"E"}, {"D", "G"}, {"E"}}};

static struct ticket taken(int priority)
{
	struct ticket t;
	struct qerr err = {0};

	assert_int_equal(hall_rule_new_ticket(&t, "E", "E01", priority,
	                                      "2026-12-05", 1, 1000, &err),
	                 0);
	t.id = 7;
	return t;
}

static int legs_of(struct ticket *t, struct route_leg *legs)
{
	int n = hall_rule_route_legs(&house, t, legs, ROUTE_LEGS_MAX);

	hall_rule_route_fill(legs, n, t);
	return n;
}

/* The window's part: called there, then the route decides. */
static enum route_next at_counter(struct route_leg *legs, int n,
                                  struct ticket *t, int window, int done,
                                  int64_t now)
{
	struct qerr err = {0};

	hall_rule_call(t, window, now - 10);
	if (done)
		hall_rule_finish(t, now);
	else
		assert_int_equal(hall_rule_skip(t, now, &err), 0);
	return hall_rule_route_end(legs, n, t, done, 0, now);
}

static void legs_follow_the_catalog(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t = taken(0);
	int n = legs_of(&t, legs);
	(void)state;

	assert_int_equal(n, 4);
	assert_int_equal(legs[0].state, ROUTE_LEG_TICKET);
	assert_string_equal(legs[1].queue, "D");
	assert_int_equal(legs[1].state, ROUTE_LEG_PENDING);
	assert_int_equal(legs[2].step, 1);
	assert_int_equal(legs[2].pos, 1);
	assert_int_equal(legs[3].step, 2);
	assert_int_equal(t.route_step, 1);
	assert_int_equal(t.route_steps, 3);
	assert_int_equal(hall_rule_route_step(legs, n), 0);
}

static void finishing_a_step_enters_every_queue_of_the_next(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t = taken(0);
	int n = legs_of(&t, legs);
	(void)state;

	assert_int_equal(at_counter(legs, n, &t, 6, 1, 5000), ROUTE_NEXT_STEP);
	/* the row stands for D, G waits as a leg; both at the front */
	assert_string_equal(t.queue, "D");
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.window, 0);
	assert_int_equal(t.klass, TICKET_CLASS_TRANSFERRED);
	assert_int_equal(t.order_at, 5000);
	assert_int_equal(legs[0].state, ROUTE_LEG_DONE);
	assert_int_equal(legs[0].window, 6);
	assert_int_equal(legs[1].state, ROUTE_LEG_TICKET);
	assert_int_equal(legs[2].state, ROUTE_LEG_WAITING);
	assert_int_equal(legs[2].klass, TICKET_CLASS_TRANSFERRED);
	hall_rule_route_fill(legs, n, &t);
	assert_int_equal(t.route_step, 2);
}

static void place_taken_orders_by_the_first_take(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t = taken(0), p = taken(1);
	int n = legs_of(&t, legs);
	(void)state;

	hall_rule_finish(&t, 9000);
	assert_int_equal(hall_rule_route_end(legs, n, &t, 1, 1, 9000),
	                 ROUTE_NEXT_STEP);
	assert_int_equal(t.klass, TICKET_CLASS_NORMAL);
	assert_int_equal(t.order_at, 1000);
	assert_int_equal(legs[2].order_at, 1000);
	/* a priority ticket stays priority, whatever the place */
	n = legs_of(&p, legs);
	hall_rule_finish(&p, 9000);
	hall_rule_route_end(legs, n, &p, 1, 0, 9000);
	assert_int_equal(p.klass, TICKET_CLASS_PRIORITY);
	assert_int_equal(legs[2].klass, TICKET_CLASS_PRIORITY);
}

static void a_leg_called_changes_places_with_the_row(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t = taken(0);
	struct qerr err = {0};
	int n = legs_of(&t, legs);
	(void)state;

	at_counter(legs, n, &t, 6, 1, 5000);
	assert_int_equal(hall_rule_route_take_leg(legs, n, &t, "G", &err), 0);
	assert_string_equal(t.queue, "G");
	assert_int_equal(legs[1].state, ROUTE_LEG_WAITING); /* D keeps it */
	assert_int_equal(legs[2].state, ROUTE_LEG_TICKET);
	/* no leg in a queue it does not wait in, none while at a counter */
	assert_int_equal(hall_rule_route_take_leg(legs, n, &t, "E", &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	hall_rule_call(&t, 11, 6000);
	assert_int_equal(hall_rule_route_take_leg(legs, n, &t, "D", &err), -1);
	/* G done: the row goes back to D, then D done: the last step */
	hall_rule_finish(&t, 7000);
	assert_int_equal(hall_rule_route_end(legs, n, &t, 1, 0, 7000),
	                 ROUTE_NEXT_SAME_STEP);
	assert_string_equal(t.queue, "D");
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.finished_at, 0);
	assert_int_equal(at_counter(legs, n, &t, 4, 1, 8000), ROUTE_NEXT_STEP);
	assert_string_equal(t.queue, "E");
	assert_int_equal(at_counter(legs, n, &t, 7, 1, 9000), ROUTE_NEXT_DONE);
	assert_int_equal(t.state, TICKET_DONE);
	hall_rule_route_fill(legs, n, &t);
	assert_int_equal(t.route_step, 3);
}

static void a_no_show_counts_at_its_queue_only(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct ticket t = taken(0);
	struct qerr err = {0};
	int n = legs_of(&t, legs);
	(void)state;

	at_counter(legs, n, &t, 6, 1, 5000);
	/* missed at D: still waits at G */
	assert_int_equal(at_counter(legs, n, &t, 4, 0, 6000),
	                 ROUTE_NEXT_SAME_STEP);
	assert_int_equal(legs[1].state, ROUTE_LEG_NO_SHOW);
	assert_string_equal(t.queue, "G");
	assert_int_equal(t.state, TICKET_WAITING);
	/* served at G: only the missed D is left, a no-show, not step 3 */
	assert_int_equal(at_counter(legs, n, &t, 11, 1, 7000),
	                 ROUTE_NEXT_MISSED);
	assert_int_equal(t.state, TICKET_NO_SHOW);
	assert_string_equal(t.queue, "D");
	assert_int_equal(hall_rule_route_step(legs, n), 1);
	/* a missed leg rejoins; any other does not */
	assert_int_equal(hall_rule_route_rejoin_leg(&legs[2], &t, 1), -1);
	assert_int_equal(hall_rule_rejoin(&t, "2026-12-05", 7500, &err), 0);
	assert_int_equal(at_counter(legs, n, &t, 4, 1, 8000), ROUTE_NEXT_STEP);
}

static void a_missed_leg_rejoins_behind_the_head(void **state)
{
	struct route_leg l = {1, 1, "G", ROUTE_LEG_NO_SHOW, 1, 5000, 11, 6000};
	struct ticket t = taken(0);
	(void)state;

	assert_int_equal(hall_rule_route_rejoin_leg(&l, &t, 4242), 0);
	assert_int_equal(l.state, ROUTE_LEG_WAITING);
	assert_int_equal(l.klass, TICKET_CLASS_NORMAL);
	assert_int_equal(l.order_at, 4242);
	assert_int_equal(l.done_at, 0);
}

static void heads_merge_by_class_then_place(void **state)
{
	struct queue_head row = {5, TICKET_CLASS_NORMAL, 100, 0};
	struct queue_head leg = {9, TICKET_CLASS_TRANSFERRED, 900, 1};
	(void)state;

	assert_int_equal(hall_rule_route_head(&row, 1, &leg, 1), 1);
	leg.klass = TICKET_CLASS_NORMAL;
	assert_int_equal(hall_rule_route_head(&row, 1, &leg, 1), 0);
	leg.order_at = 100;
	assert_int_equal(hall_rule_route_head(&row, 1, &leg, 1), 0); /* id */
	leg.id = 3;
	assert_int_equal(hall_rule_route_head(&row, 1, &leg, 1), 1);
	assert_int_equal(hall_rule_route_head(&row, 0, &leg, 1), 1);
	assert_int_equal(hall_rule_route_head(&row, 1, &leg, 0), 0);
	assert_int_equal(hall_rule_route_head(&row, 0, &leg, 0), -1);
}

static void leaving_keeps_what_was_done(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct route_step_view v[CATALOG_ROUTE_STEPS];
	struct ticket t = taken(0);
	int n = legs_of(&t, legs);
	(void)state;

	at_counter(legs, n, &t, 6, 1, 5000);
	hall_rule_route_leave(legs, n, 6000);
	assert_int_equal(legs[0].state, ROUTE_LEG_DONE);
	for (int i = 1; i < n; i++)
		assert_int_equal(legs[i].state, ROUTE_LEG_LEFT);
	hall_rule_route_fill(legs, n, &t);
	assert_int_equal(t.route_steps, 0);
	assert_int_equal(hall_rule_route_view(legs, n, &t, v, 8), 3);
	assert_int_equal(v[0].state, ROUTE_STEP_DONE);
	assert_int_equal(v[1].state, ROUTE_STEP_PENDING);
}

static void the_view_says_waiting_serving_done_pending(void **state)
{
	struct route_leg legs[ROUTE_LEGS_MAX];
	struct route_step_view v[CATALOG_ROUTE_STEPS];
	struct ticket t = taken(0);
	int n = legs_of(&t, legs);
	(void)state;

	at_counter(legs, n, &t, 6, 1, 5000);
	at_counter(legs, n, &t, 4, 1, 6000); /* D done, G waits */
	assert_int_equal(hall_rule_route_view(legs, n, &t, v, 8), 3);
	assert_int_equal(v[1].nqueues, 2);
	assert_int_equal(v[1].ndone, 1);
	assert_string_equal(v[1].done[0], "D");
	assert_string_equal(hall_rule_route_step_name(v[0].state), "done");
	assert_string_equal(hall_rule_route_step_name(v[1].state), "waiting");
	assert_string_equal(hall_rule_route_step_name(v[2].state), "pending");
	hall_rule_call(&t, 11, 6500);
	hall_rule_route_view(legs, n, &t, v, 8);
	assert_string_equal(hall_rule_route_step_name(v[1].state), "serving");
	/* a cancelled ticket's step is pending, never waiting */
	t.state = TICKET_CANCELLED;
	hall_rule_route_view(legs, n, &t, v, 8);
	assert_string_equal(hall_rule_route_step_name(v[1].state), "pending");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(legs_follow_the_catalog),
	    cmocka_unit_test(finishing_a_step_enters_every_queue_of_the_next),
	    cmocka_unit_test(place_taken_orders_by_the_first_take),
	    cmocka_unit_test(a_leg_called_changes_places_with_the_row),
	    cmocka_unit_test(a_no_show_counts_at_its_queue_only),
	    cmocka_unit_test(a_missed_leg_rejoins_behind_the_head),
	    cmocka_unit_test(heads_merge_by_class_then_place),
	    cmocka_unit_test(leaving_keeps_what_was_done),
	    cmocka_unit_test(the_view_says_waiting_serving_done_pending),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
