/* Ticket numbers and states: how a number is written and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsontext.h"
#include "ticket.h"

static void number_is_prefix_and_three_digits(void **state)
{
	char out[TICKET_NUMBER_MAX];
	(void)state;

	assert_int_equal(ticket_number_format(out, sizeof out, "A", 7), 0);
	assert_string_equal(out, "A007");
	assert_int_equal(ticket_number_format(out, sizeof out, "VIP", 1234), 0);
	assert_string_equal(out, "VIP1234");
}

static void number_out_of_range_is_refused(void **state)
{
	char out[TICKET_NUMBER_MAX];
	(void)state;

	assert_int_equal(ticket_number_format(out, sizeof out, "A", 0), -1);
	assert_int_equal(
	    ticket_number_format(out, sizeof out, "A", TICKET_SEQ_MAX + 1), -1);
	assert_int_equal(ticket_number_format(out, sizeof out, "ABCDE", 1), -1);
}

static void number_valid_accepts_only_real_numbers(void **state)
{
	(void)state;
	assert_true(ticket_number_valid("A007"));
	assert_true(ticket_number_valid("AB1234"));
	assert_false(ticket_number_valid("a007"));
	assert_false(ticket_number_valid("A07"));
	assert_false(ticket_number_valid("A00712"));
	assert_false(ticket_number_valid("007"));
	assert_false(ticket_number_valid("A007 "));
	assert_false(ticket_number_valid(""));
}

static void states_round_trip_by_name(void **state)
{
	enum ticket_state s;
	(void)state;

	for (int i = 0; i < TICKET_STATE_COUNT; i++) {
		assert_int_equal(
		    ticket_state_parse(ticket_state_name((enum ticket_state)i),
		                       &s),
		    0);
		assert_int_equal(s, i);
	}
	assert_int_equal(ticket_state_parse("lost", &s), -1);
}

/* The text writer says exactly what the jansson object says. */
static void json_text_equals_the_object(void **state)
{
	struct ticket t;
	char buf[1024];
	json_error_t jerr;
	(void)state;

	memset(&t, 0, sizeof t);
	snprintf(t.number, sizeof t.number, "A007");
	snprintf(t.queue, sizeof t.queue, "A");
	snprintf(t.day, sizeof t.day, "2026-11-27");
	snprintf(t.key, sizeof t.key, "k\"ey\\1");
	t.ahead = -1;
	t.est_wait_s = -1;
	for (int round = 0; round < 3; round++) {
		json_t *want = ticket_to_json(&t), *got;
		int n = ticket_json_write(buf, sizeof buf, &t, 1);

		assert_true(n > 0);
		assert_int_equal((size_t)n, strlen(buf));
		got = json_loads(buf, 0, &jerr);
		assert_non_null(got);
		assert_true(json_equal(want, got));
		json_decref(got);
		/* Without the key: the same object less "key". */
		assert_true(ticket_json_write(buf, sizeof buf, &t, 0) > 0);
		got = json_loads(buf, 0, &jerr);
		json_object_del(want, "key");
		assert_true(json_equal(want, got));
		json_decref(got);
		/* A client reads back what was written, field for field. */
		struct ticket back;
		struct qerr err = {0};
		json_object_set_new(want, "key", json_string(t.key));
		assert_int_equal(ticket_from_json(want, &back, &err), 0);
		assert_string_equal(back.number, t.number);
		assert_string_equal(back.item, t.item);
		assert_string_equal(back.key, t.key);
		assert_int_equal(back.state, t.state);
		assert_int_equal(back.klass == TICKET_CLASS_TRANSFERRED,
		                 t.klass == TICKET_CLASS_TRANSFERRED);
		assert_int_equal(back.window, t.window);
		assert_true(back.called_at == t.called_at);
		assert_true(back.finished_at == t.finished_at);
		assert_int_equal(back.ahead, t.ahead);
		assert_int_equal(back.est_wait_s, t.est_wait_s);
		json_object_set_new(want, "state", json_string("lost"));
		assert_int_equal(ticket_from_json(want, &back, &err), -1);
		json_decref(want);
		/* Then every optional field set, and a control character. */
		t.state = TICKET_SERVING;
		t.priority = 1;
		t.window = 12;
		t.klass = TICKET_CLASS_TRANSFERRED;
		t.called_at = 1795798800123LL;
		t.served_at = t.called_at + 1;
		t.finished_at = round ? t.called_at + 2 : 0;
		t.ahead = 3;
		t.est_wait_s = 240;
		snprintf(t.item, sizeof t.item, "A01\x01\u5e02");
	}
	/* Too small a buffer: -1, never a cut object. */
	assert_int_equal(ticket_json_write(buf, 40, &t, 1), -1);
}

/* Integers as text: every sign and size, and never past the buffer. */
static void json_text_writes_integers(void **state)
{
	static const long long values[] = {
	    0, 7, -1, 1795798800123LL, LLONG_MAX, LLONG_MIN};
	char want[32], buf[32];
	(void)state;

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		size_t at = 0;

		snprintf(want, sizeof want, "%lld", values[i]);
		assert_int_equal(jsontext_int(buf, sizeof buf, &at, values[i]),
		                 0);
		assert_string_equal(buf, want);
		assert_int_equal(at, strlen(want));
		at = 0;
		assert_int_equal(
		    jsontext_int(buf, strlen(want), &at, values[i]), -1);
		assert_int_equal(at, 0);
	}
}

static void business_day_follows_the_halls_zone(void **state)
{
	char day[TICKET_DAY_LEN + 1];
	(void)state;

	/* 2026-11-27 17:00 UTC is already the 28th in Shanghai. */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	ticket_day_of(1795798800000LL, day);
	assert_string_equal(day, "2026-11-28");
	setenv("TZ", "UTC", 1);
	tzset();
	ticket_day_of(1795798800000LL, day);
	assert_string_equal(day, "2026-11-27");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(number_is_prefix_and_three_digits),
	    cmocka_unit_test(number_out_of_range_is_refused),
	    cmocka_unit_test(number_valid_accepts_only_real_numbers),
	    cmocka_unit_test(states_round_trip_by_name),
	    cmocka_unit_test(business_day_follows_the_halls_zone),
	    cmocka_unit_test(json_text_equals_the_object),
	    cmocka_unit_test(json_text_writes_integers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
