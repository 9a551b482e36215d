/* Ticket numbers and states: how a number is written and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
