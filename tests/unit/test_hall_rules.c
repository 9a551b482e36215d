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
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
/* 2026-09-25 is a Friday; the hall's zone is Asia/Shanghai (UTC+8). */
static int64_t shanghai(int mon, int day, int hour)
{
	struct tm tm = {.tm_year = 2026 - 1900,
	                .tm_mon = mon - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_isdst = -1};
	return (int64_t)mktime(&tm) * 1000;
}

static void deadlines_skip_weekends_and_holidays(void **state)
{
	struct rating_policy p;
	struct qerr err = {0};
	(void)state;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	assert_int_equal(
	    hall_rule_rating_policy(&p, "a,b", "2026-09-28, 2026-10-01", &err),
	    0);
	/* Friday + 1 working day: Saturday and Sunday skipped, Monday
	 * 09-28 a holiday: Tuesday's end. */
	assert_int_equal(hall_rule_working_deadline(&p, shanghai(9, 25, 10), 1),
	                 shanghai(9, 29, 23) + 3599999);
	/* Friday + 3: Tuesday, Wednesday, then Thursday 10-01 is off: Friday.
	 */
	assert_int_equal(hall_rule_working_deadline(&p, shanghai(9, 25, 10), 3),
	                 shanghai(10, 2, 23) + 3599999);
	/* 0 days: the day itself if it is a working day, else the next. */
	assert_int_equal(hall_rule_working_deadline(&p, shanghai(9, 25, 10), 0),
	                 shanghai(9, 25, 23) + 3599999);
	assert_int_equal(hall_rule_working_deadline(&p, shanghai(9, 26, 10), 0),
	                 shanghai(9, 29, 23) + 3599999);
	/* Without holidays Monday is a working day. */
	assert_int_equal(hall_rule_rating_policy(&p, "a", "", &err), 0);
	assert_int_equal(hall_rule_working_deadline(&p, shanghai(9, 25, 10), 1),
	                 shanghai(9, 28, 23) + 3599999);
	assert_int_not_equal(hall_rule_rating_policy(&p, "a", "10-01", &err),
	                     0);
	assert_int_not_equal(hall_rule_rating_policy(&p, "", "", &err), 0);
}

static void review_steps_follow_the_ledger(void **state)
{
	struct store_review r = {.id = 1,
	                         .state = REVIEW_TO_VERIFY,
	                         .verified = -1,
	                         .reply_due = 100,
	                         .fix_due = 500};
	struct review_step verify = {.action = "verify", .verified = 1};
	struct review_step fix = {.action = "fix", .verified = -1};
	struct review_step call = {
	    .action = "callback", .verified = -1, .result = "满意"};
	struct review_step close = {.action = "close", .verified = -1};
	struct review_step appeal = {.action = "appeal", .verified = -1};
	struct qerr err = {0};
	(void)state;

	assert_true(hall_rule_review_overdue(&r, 101));
	assert_false(hall_rule_review_overdue(&r, 100));
	assert_int_not_equal(hall_rule_review_step(&r, &fix, 50, &err), 0);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	assert_int_equal(hall_rule_review_step(&r, &verify, 50, &err), 0);
	assert_int_equal(r.state, REVIEW_VERIFIED);
	assert_false(hall_rule_review_overdue(&r, 400));
	assert_true(hall_rule_review_overdue(&r, 501)); /* not fixed */
	assert_int_equal(hall_rule_review_step(&r, &fix, 450, &err), 0);
	assert_false(hall_rule_review_overdue(&r, 900));
	assert_int_equal(hall_rule_review_step(&r, &call, 600, &err), 0);
	assert_int_equal(hall_rule_review_step(&r, &close, 700, &err), 0);
	assert_int_equal(r.state, REVIEW_CLOSED);
	assert_int_not_equal(hall_rule_review_step(&r, &appeal, 800, &err), 0);

	/* An appeal is excluded only with the reviewer and the reason. */
	memset(&r, 0, sizeof r);
	r.state = REVIEW_TO_VERIFY;
	r.verified = -1;
	assert_int_equal(hall_rule_review_step(&r, &appeal, 10, &err), 0);
	assert_int_not_equal(hall_rule_review_step(&r, &close, 20, &err), 0);
	close.excluded = "恶意差评";
	close.reviewer = "李主任";
	assert_int_not_equal(hall_rule_review_step(&r, &close, 20, &err), 0);
	close.note = "同一人当日十次差评";
	assert_int_equal(hall_rule_review_step(&r, &close, 20, &err), 0);
	assert_int_equal(r.state, REVIEW_EXCLUDED);
	assert_false(hall_rule_review_overdue(&r, 1LL << 40));
}

static void pick_follows_class_then_rank(void **state)
{
	struct queue_head h[3] = {{1, TICKET_CLASS_NORMAL, 10, 0},
	                          {2, TICKET_CLASS_TRANSFERRED, 50, 0},
	                          {3, TICKET_CLASS_PRIORITY, 99, 0}};
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
	/* The clock set back: the business day stays, nothing expires. */
	assert_int_equal(
	    hall_rule_day_rolls("2026-11-28", "2026-11-27", &expire), 0);
	assert_int_equal(expire, 0);
}

/* An alert goes over strictly above its threshold, never when off. */
static void alerts_raise_over_the_threshold_only(void **state)
{
	struct alert_policy p = {.wait_s = 600,
	                         .length = 2,
	                         .service_s = 0,
	                         .idle_s = 300,
	                         .pause_s = 900};
	(void)state;

	assert_false(hall_rule_alert_over(&p, ALERT_QUEUE_WAIT, 600));
	assert_true(hall_rule_alert_over(&p, ALERT_QUEUE_WAIT, 601));
	assert_false(hall_rule_alert_over(&p, ALERT_QUEUE_LENGTH, 2));
	assert_true(hall_rule_alert_over(&p, ALERT_QUEUE_LENGTH, 3));
	/* service_s 0: off, however long */
	assert_false(hall_rule_alert_over(&p, ALERT_SERVICE_LONG, 1 << 30));
	/* a call for help has no threshold: the daemon never raises it */
	assert_false(hall_rule_alert_over(&p, ALERT_HELP, 1));
	assert_false(hall_rule_alert_polled(ALERT_HELP));
	assert_false(hall_rule_alert_polled(ALERT_PRINTER_PAPER));
	assert_true(hall_rule_alert_out_of_paper("media-empty"));
	assert_false(hall_rule_alert_out_of_paper("media-jam"));
	assert_false(hall_rule_alert_out_of_paper(NULL));
	assert_true(hall_rule_alert_polled(ALERT_WINDOW_IDLE));
	assert_int_equal(hall_rule_alert_threshold(&p, ALERT_WINDOW_PAUSED),
	                 900);
}

/* The stored names are a contract: each kind and back. */
static void alert_kinds_have_stable_names(void **state)
{
	static const char *const names[] = {
	    "queue_wait",    "queue_length", "service_long", "window_idle",
	    "window_paused", "help",         "printer_paper"};
	(void)state;

	for (int k = 0; k < ALERT_KIND_COUNT; k++) {
		assert_string_equal(hall_rule_alert_kind_name(k), names[k]);
		assert_int_equal(hall_rule_alert_kind(names[k]), k);
	}
	assert_int_equal(hall_rule_alert_kind("queue"), -1);
	assert_string_equal(hall_rule_alert_kind_name(ALERT_KIND_COUNT), "");
}

/* Idle counts from the later of the window's change and the oldest
 * wait; only counter events start a window's state anew. */
static void window_idle_counts_from_the_later_start(void **state)
{
	(void)state;
	assert_int_equal(hall_rule_alert_idle_since(1000, 5000), 5000);
	assert_int_equal(hall_rule_alert_idle_since(9000, 5000), 9000);
	assert_int_equal(hall_rule_alert_seconds(1000, 302999), 301);
	assert_int_equal(hall_rule_alert_seconds(5000, 1000), 0);
	assert_true(hall_rule_alert_window_event("finished"));
	assert_true(hall_rule_alert_window_event("paused"));
	assert_false(hall_rule_alert_window_event("rated"));
	assert_false(hall_rule_alert_window_event("alert_raised"));
}

/* A queue open 08:30-11:30 and 14:00-17:00 on working days, 09:00-12:00
 * on the others. */
static struct catalog_queue hours_queue(void)
{
	struct catalog_queue q = {0};

	q.prefix = "A";
	q.has_hours = 1;
	q.hours.n = 2;
	q.hours.from[0] = 8 * 60 + 30;
	q.hours.to[0] = 11 * 60 + 30;
	q.hours.from[1] = 14 * 60;
	q.hours.to[1] = 17 * 60;
	q.rest_hours.n = 1;
	q.rest_hours.from[0] = 9 * 60;
	q.rest_hours.to[0] = 12 * 60;
	return q;
}

static void hours_open_close_and_next_opening(void **state)
{
	struct catalog_queue q = hours_queue(), always = {0};
	struct hall_calendar *cal = calloc(1, sizeof *cal);
	struct qerr err = {0};
	struct hall_hours hh;
	(void)state;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	/* 2026-10-01 (Thursday) a holiday, Sunday 10-11 a workday (调休). */
	assert_int_equal(
	    hall_rule_calendar(cal, "2026-10-01", "2026-10-11", &err), 0);
	/* Wednesday 09-30 10:00: open until 11:30. */
	hall_rule_hours(&q, cal, shanghai(9, 30, 10), &hh);
	assert_true(hh.open);
	assert_int_equal(hh.closes_at, shanghai(9, 30, 11) + 30 * 60000);
	assert_string_equal(hh.closes_time, "11:30");
	/* 11:30 sharp is closed: 14:00 the same day. */
	hall_rule_hours(&q, cal, shanghai(9, 30, 11) + 30 * 60000, &hh);
	assert_false(hh.open);
	assert_int_equal(hh.opens_at, shanghai(9, 30, 14));
	assert_string_equal(hh.opens_day, "2026-09-30");
	assert_string_equal(hh.opens_time, "14:00");
	/* Wednesday evening: Thursday is a holiday, its rest-day hours. */
	hall_rule_hours(&q, cal, shanghai(9, 30, 18), &hh);
	assert_int_equal(hh.opens_at, shanghai(10, 1, 9));
	/* Saturday 10-10 13:00: past its rest-day hours; Sunday 10-11 is a
	 * workday, so 08:30. */
	hall_rule_hours(&q, cal, shanghai(10, 10, 13), &hh);
	assert_int_equal(hh.opens_at, shanghai(10, 11, 8) + 30 * 60000);
	/* A queue with no hours is always open. */
	hall_rule_hours(&always, cal, shanghai(10, 10, 3), &hh);
	assert_true(hh.open);
	assert_int_equal(hh.opens_at, 0);
	assert_int_not_equal(hall_rule_calendar(cal, "10-01", "", &err), 0);
	assert_string_equal(err.code, PROTO_E_CONFIG);
	free(cal);
}

static void id_numbers_follow_gb11643(void **state)
{
	char out[HALL_ID_NUMBER_LEN + 1];
	struct qerr err = {0};
	(void)state;

	assert_int_equal(hall_rule_id_number("11010519491231002x", out, &err),
	                 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(hall_rule_id_number("110105 19491231 002X", out, &err),
	                 0);
	/* A wrong check digit, a wrong length, letters, a 13th month. */
	const char *bad[] = {"110105194912310021",
	                     "11010519491231002",
	                     "1101051949123100211",
	                     "11010519491231002A",
	                     "110105194913310021",
	                     "X10105194912310021",
	                     ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_not_equal(hall_rule_id_number(bad[i], out, &err), 0);
		assert_string_equal(err.code, PROTO_E_BAD_ID);
		assert_null(strstr(err.message, "1101"));
		assert_string_equal(out, "");
	}
	assert_int_equal(hall_rule_person_limit("B", 0, 5, &err), 0);
	assert_int_equal(hall_rule_person_limit("B", 2, 1, &err), 0);
	assert_int_not_equal(hall_rule_person_limit("B", 2, 2, &err), 0);
	assert_string_equal(err.code, PROTO_E_PERSON_LIMIT);
}

static void appointment_slots_and_checkin_times(void **state)
{
	struct catalog_item it = {0};
	struct hall_calendar *cal = calloc(1, sizeof *cal);
	struct store_appointment a = {0};
	struct qerr err = {0};
	int minute, late;
	(void)state;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	it.id = "A01";
	it.appt_slot_min = 30;
	it.appt_per_slot = 2;
	it.appt_hours.n = 1;
	it.appt_hours.from[0] = 9 * 60;
	it.appt_hours.to[0] = 11 * 60;
	assert_int_equal(hall_rule_calendar(cal, "2026-10-01", "", &err), 0);
	assert_int_equal(
	    hall_rule_appt_slot(&it, cal, "2026-09-30", "10:30", &minute, &err),
	    0);
	assert_int_equal(minute, 10 * 60 + 30);
	/* Not on a slot's start, ending past the span, a holiday, Saturday. */
	assert_int_not_equal(
	    hall_rule_appt_slot(&it, cal, "2026-09-30", "10:15", &minute, &err),
	    0);
	assert_int_not_equal(
	    hall_rule_appt_slot(&it, cal, "2026-09-30", "11:00", &minute, &err),
	    0);
	assert_int_not_equal(
	    hall_rule_appt_slot(&it, cal, "2026-10-01", "09:00", &minute, &err),
	    0);
	assert_int_not_equal(
	    hall_rule_appt_slot(&it, cal, "2026-10-03", "09:00", &minute, &err),
	    0);
	assert_string_equal(err.code, PROTO_E_NO_SLOT);

	snprintf(a.day, sizeof a.day, "2026-09-30");
	snprintf(a.slot, sizeof a.slot, "09:00");
	a.slot_at = shanghai(9, 30, 9);
	a.state = APPT_BOOKED;
	/* 15 minutes early is the first moment; 15 late the last in time. */
	assert_int_not_equal(hall_rule_appt_checkin(&a, "2026-09-30",
	                                            a.slot_at - 15 * 60000 - 1,
	                                            15, 15, &late, &err),
	                     0);
	assert_string_equal(err.code, PROTO_E_APPT_EARLY);
	assert_int_equal(hall_rule_appt_checkin(&a, "2026-09-30",
	                                        a.slot_at - 15 * 60000, 15, 15,
	                                        &late, &err),
	                 0);
	assert_false(late);
	assert_int_equal(hall_rule_appt_checkin(&a, "2026-09-30",
	                                        a.slot_at + 15 * 60000, 15, 15,
	                                        &late, &err),
	                 0);
	assert_false(late);
	assert_int_equal(hall_rule_appt_checkin(&a, "2026-09-30",
	                                        a.slot_at + 15 * 60000 + 1, 15,
	                                        15, &late, &err),
	                 0);
	assert_true(late);
	assert_int_not_equal(hall_rule_appt_checkin(&a, "2026-09-29", a.slot_at,
	                                            15, 15, &late, &err),
	                     0);
	assert_string_equal(err.code, PROTO_E_APPT_OTHER_DAY);
	a.state = APPT_CHECKED_IN;
	assert_int_not_equal(hall_rule_appt_checkin(&a, "2026-09-30", a.slot_at,
	                                            15, 15, &late, &err),
	                     0);
	assert_string_equal(err.code, PROTO_E_APPT_USED);
	a.state = APPT_CANCELLED;
	assert_int_not_equal(hall_rule_appt_checkin(&a, "2026-09-30", a.slot_at,
	                                            15, 15, &late, &err),
	                     0);
	assert_string_equal(err.code, PROTO_E_APPT_CANCELLED);
	free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hours_open_close_and_next_opening),
	    cmocka_unit_test(id_numbers_follow_gb11643),
	    cmocka_unit_test(appointment_slots_and_checkin_times),
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
	    cmocka_unit_test(deadlines_skip_weekends_and_holidays),
	    cmocka_unit_test(review_steps_follow_the_ledger),
	    cmocka_unit_test(alerts_raise_over_the_threshold_only),
	    cmocka_unit_test(alert_kinds_have_stable_names),
	    cmocka_unit_test(window_idle_counts_from_the_later_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
