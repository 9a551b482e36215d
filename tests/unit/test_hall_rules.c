/*
 * The hall's decisions on plain data: no SQLite, no store, no clock. What
 * the store would have found is written here by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hall.h"
#include "proto.h"

static struct ticket waiting(const char *number, int priority)
{
	struct ticket t;
	struct qerr err = {0};
	int seq = 0;

	sscanf(number + 1, "%d", &seq);
	assert_int_equal(hall_rule_new_ticket(&t, "A", NULL, priority,
	                                      "2026-11-27", seq, 1000, &err),
	                 0);
	return t;
}

/* Priority first whatever the rank, then transferred in, then rank. */
static void pick_follows_class_then_rank(void **state)
{
	struct queue_head h[3] = {{1, TICKET_CLASS_NORMAL, 10},
	                          {2, TICKET_CLASS_TRANSFERRED, 50},
	                          {3, TICKET_CLASS_PRIORITY, 99}};
	int all[3] = {1, 1, 1}, two[3] = {1, 1, 0}, first[3] = {1, 0, 0};
	int none[3] = {0, 0, 0}, later[3] = {0, 1, 1};
	(void)state;

	assert_int_equal(hall_rule_pick(h, all, 3), 2);
	assert_int_equal(hall_rule_pick(h, two, 3), 1);
	assert_int_equal(hall_rule_pick(h, first, 3), 0);
	assert_int_equal(hall_rule_pick(h, none, 3), -1);
	assert_int_equal(hall_rule_pick(h, later, 3), 2);
	/* Same class: the earlier rank wins, not the earlier ticket. */
	h[1].klass = TICKET_CLASS_NORMAL;
	h[1].order_at = 1;
	assert_int_equal(hall_rule_pick(h, two, 3), 0);
	assert_int_equal(hall_rule_pick(h, two, 0), -1);
}

static void estimate_needs_an_open_window(void **state)
{
	(void)state;
	assert_int_equal(hall_rule_estimate(4, 120000, 2), 240);
	assert_int_equal(hall_rule_estimate(0, 120000, 2), 0);
	assert_int_equal(hall_rule_estimate(4, 120000, 0), -1);
	assert_int_equal(hall_rule_estimate(-1, 120000, 1), -1);
}

static void average_weighs_each_service_a_fifth(void **state)
{
	(void)state;
	assert_int_equal(hall_rule_average(100000, 200000), 120000);
	assert_int_equal(hall_rule_average(0, 5000), 1000);
}

static void new_ticket_waits_with_its_class_and_number(void **state)
{
	struct ticket t;
	struct qerr err = {0};
	(void)state;

	assert_int_equal(hall_rule_new_ticket(&t, "B", "B01", 1, "2026-11-27",
	                                      7, 5000, &err),
	                 0);
	assert_string_equal(t.number, "B007");
	assert_string_equal(t.item, "B01");
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.klass, TICKET_CLASS_PRIORITY);
	assert_int_equal(t.taken_at, 5000);
	assert_int_equal(t.order_at, 5000);
	assert_int_equal(t.printed, 1);
	t = waiting("A001", 0);
	assert_int_equal(t.klass, TICKET_CLASS_NORMAL);
	/* Past what a number can hold: queue_full, nothing half made. */
	assert_int_equal(hall_rule_new_ticket(&t, "A", NULL, 0, "2026-11-27",
	                                      TICKET_SEQ_MAX + 1, 1, &err),
	                 -1);
	assert_string_equal(err.code, PROTO_E_QUEUE_FULL);
}

static void counter_states_change_in_order(void **state)
{
	struct ticket t = waiting("A001", 0);
	struct qerr err = {0};
	(void)state;

	/* Nobody can be served or skipped before a call... */
	assert_int_equal(hall_rule_serve(&t, 2000, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	hall_rule_call(&t, 3, 2000);
	assert_int_equal(t.state, TICKET_CALLED);
	assert_int_equal(t.window, 3);
	assert_int_equal(t.calls, 1);
	assert_int_equal(hall_rule_serve(&t, 2500, &err), 0);
	assert_int_equal(t.state, TICKET_SERVING);
	/* ...and one being served is not a no-show. */
	assert_int_equal(hall_rule_skip(&t, 2600, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	/* Service time runs from arrival at the counter. */
	assert_int_equal(hall_rule_finish(&t, 9500), 7000);
	assert_int_equal(t.state, TICKET_DONE);
	assert_int_equal(t.finished_at, 9500);

	t = waiting("A002", 0);
	hall_rule_call(&t, 3, 2000);
	/* Never served: from the call. A clock that went back: zero. */
	assert_int_equal(hall_rule_finish(&t, 2600), 600);
	t = waiting("A003", 0);
	hall_rule_call(&t, 3, 2000);
	assert_int_equal(hall_rule_finish(&t, 1000), 0);
}

static void skipped_ticket_rejoins_today_only(void **state)
{
	struct ticket t = waiting("A001", 1);
	struct qerr err = {0};
	(void)state;

	assert_int_equal(hall_rule_rejoin(&t, "2026-11-27", 77, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE); /* still waiting */
	hall_rule_call(&t, 1, 2000);
	assert_int_equal(hall_rule_skip(&t, 2100, &err), 0);
	assert_int_equal(t.state, TICKET_NO_SHOW);
	assert_int_equal(hall_rule_rejoin(&t, "2026-11-28", 77, &err), -1);
	assert_non_null(strstr(err.message, "only today's"));
	assert_int_equal(hall_rule_rejoin(&t, "2026-11-27", 77, &err), 0);
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.klass, TICKET_CLASS_PRIORITY);
	assert_int_equal(t.window, 0);
	assert_int_equal(t.order_at, 77);
}

static void cancel_ends_what_is_not_over_and_only_that(void **state)
{
	struct qerr err;
	struct ticket t = waiting("A001", 0);
	(void)state;

	assert_int_equal(hall_rule_cancel(&t, 500, &err), 0);
	assert_int_equal(t.state, TICKET_CANCELLED);
	assert_int_equal(t.finished_at, 500);
	assert_int_equal(hall_rule_cancel(&t, 600, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	/* Called, at the counter, or skipped: all can be cancelled. */
	t = waiting("A002", 0);
	hall_rule_call(&t, 1, 1000);
	assert_int_equal(hall_rule_cancel(&t, 1100, &err), 0);
	t = waiting("A003", 0);
	hall_rule_call(&t, 1, 1000);
	assert_int_equal(hall_rule_skip(&t, 1100, &err), 0);
	assert_int_equal(hall_rule_cancel(&t, 1200, &err), 0);
	/* What is over stays as it was. */
	t = waiting("A004", 0);
	hall_rule_call(&t, 1, 1000);
	hall_rule_finish(&t, 2000);
	assert_int_equal(hall_rule_cancel(&t, 2100, &err), -1);
	assert_int_equal(t.state, TICKET_DONE);
	assert_int_equal(t.finished_at, 2000);
}

static void transfer_goes_front_or_back(void **state)
{
	struct ticket t = waiting("A001", 0);
	(void)state;

	hall_rule_call(&t, 1, 2000);
	hall_rule_transfer(&t, "B", 0, 3000);
	assert_string_equal(t.queue, "B");
	assert_string_equal(t.number, "A001"); /* the same number */
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.klass, TICKET_CLASS_TRANSFERRED);
	assert_int_equal(t.window, 0);
	assert_int_equal(t.order_at, 3000);
	hall_rule_transfer(&t, "C", 1, 4000);
	assert_int_equal(t.klass, TICKET_CLASS_NORMAL);
	t = waiting("A002", 1);
	hall_rule_transfer(&t, "C", 1, 4000);
	assert_int_equal(t.klass, TICKET_CLASS_PRIORITY);
}

static void window_counts_the_day_and_pauses_once(void **state)
{
	struct window_info w;
	struct qerr err = {0};
	(void)state;

	memset(&w, 0, sizeof w);
	w.number = 4;
	hall_rule_count_service(&w, "2026-11-27", 1000);
	hall_rule_count_service(&w, "2026-11-27", 3000);
	assert_int_equal(w.served, 2);
	assert_int_equal(w.service_ms, 4000);
	hall_rule_count_service(&w, "2026-11-28", 500);
	assert_int_equal(w.served, 1);
	assert_int_equal(w.service_ms, 500);
	assert_string_equal(w.served_day, "2026-11-28");

	assert_int_equal(
	    hall_rule_window_state(&w, WINDOW_PAUSED, "lunch", &err), 0);
	assert_string_equal(w.reason, "lunch");
	assert_int_equal(hall_rule_window_state(&w, WINDOW_PAUSED, "x", &err),
	                 -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	assert_int_equal(hall_rule_window_state(&w, WINDOW_OPEN, NULL, &err),
	                 0);
	assert_string_equal(w.reason, "");
}

static void day_rolls_forward_and_expires_only_forward(void **state)
{
	int expire;
	(void)state;

	assert_int_equal(
	    hall_rule_day_rolls("2026-11-27", "2026-11-27", &expire), 0);
	assert_int_equal(hall_rule_day_rolls("", "2026-11-27", &expire), 1);
	assert_int_equal(expire, 0); /* a new hall: nothing to expire */
	assert_int_equal(
	    hall_rule_day_rolls("2026-11-27", "2026-11-28", &expire), 1);
	assert_int_equal(expire, 1);
	/* The clock set back: a new day, but nothing of the later expires. */
	assert_int_equal(
	    hall_rule_day_rolls("2026-11-28", "2026-11-27", &expire), 1);
	assert_int_equal(expire, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pick_follows_class_then_rank),
	    cmocka_unit_test(estimate_needs_an_open_window),
	    cmocka_unit_test(average_weighs_each_service_a_fifth),
	    cmocka_unit_test(new_ticket_waits_with_its_class_and_number),
	    cmocka_unit_test(counter_states_change_in_order),
	    cmocka_unit_test(skipped_ticket_rejoins_today_only),
	    cmocka_unit_test(cancel_ends_what_is_not_over_and_only_that),
	    cmocka_unit_test(transfer_goes_front_or_back),
	    cmocka_unit_test(window_counts_the_day_and_pauses_once),
	    cmocka_unit_test(day_rolls_forward_and_expires_only_forward),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
