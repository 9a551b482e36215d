/*
 * The daemon's guards on their own, with the time passed in: lockouts
 * after wrong PINs (per staff number and window, doubling, unlocked by an
 * admin) and rate limits per device (a minute's budget, a burst of it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "daemon.h"
#include "ops.h"
#include "proto.h"

#define MIN 60000

static void fail_n(struct guard *g, const char *id, int window, int64_t now,
                   int n)
{
	for (int i = 0; i < n; i++)
		guard_failed(g, id, window, now);
}

static void five_wrong_pins_lock_one_window_for_a_minute(void **state)
{
	struct guard *g = guard_new();
	int64_t wait;
	(void)state;

	fail_n(g, "1001", 2, 1000, 4);
	assert_false(guard_locked(g, "1001", 2, 1000, &wait));
	guard_failed(g, "1001", 2, 1000);
	assert_true(guard_locked(g, "1001", 2, 1000, &wait));
	assert_int_equal(wait, MIN);
	assert_false(guard_locked(g, "1001", 3, 1000, &wait));
	assert_false(guard_locked(g, "1002", 2, 1000, &wait));
	assert_false(guard_locked(g, "1001", 2, 1000 + MIN, &wait));
	guard_free(g);
}

static void each_lockout_of_a_run_doubles_up_to_an_hour(void **state)
{
	struct guard *g = guard_new();
	int64_t now = 0, wait;
	(void)state;

	for (int64_t want = MIN; want <= 60 * MIN; want *= 2) {
		fail_n(g, "ghost", 1, now, 5);
		assert_true(guard_locked(g, "ghost", 1, now, &wait));
		assert_int_equal(wait, want);
		now += want;
	}
	fail_n(g, "ghost", 1, now, 5);
	assert_true(guard_locked(g, "ghost", 1, now, &wait));
	assert_int_equal(wait, 60 * MIN); /* never longer */
	/* An hour after the last lock ran out, a new run starts at a minute. */
	now += 60 * MIN + 60 * MIN;
	fail_n(g, "ghost", 1, now, 5);
	assert_true(guard_locked(g, "ghost", 1, now, &wait));
	assert_int_equal(wait, MIN);
	guard_free(g);
}

static void a_right_pin_or_an_unlock_ends_the_run(void **state)
{
	struct guard *g = guard_new();
	int64_t wait;
	(void)state;

	fail_n(g, "1001", 1, 0, 5);
	fail_n(g, "1001", 2, 0, 5);
	fail_n(g, "10011", 1, 0, 5);
	assert_int_equal(guard_unlock(g, "1001", 1), 1);
	assert_false(guard_locked(g, "1001", 1, 0, &wait));
	assert_true(guard_locked(g, "1001", 2, 0, &wait));
	assert_int_equal(guard_unlock(g, "1001", 0), 1);
	assert_false(guard_locked(g, "1001", 2, 0, &wait));
	/* Only that staff number: 10011 is another. */
	assert_true(guard_locked(g, "10011", 1, 0, &wait));
	guard_passed(g, "10011", 1);
	assert_false(guard_locked(g, "10011", 1, 0, &wait));
	/* The run starts again at a minute. */
	fail_n(g, "10011", 1, 0, 5);
	assert_true(guard_locked(g, "10011", 1, 0, &wait));
	assert_int_equal(wait, MIN);
	guard_free(g);
}

static void the_dummy_hash_is_a_real_argon2id_hash(void **state)
{
	struct guard *g = guard_new();
	(void)state;

	assert_int_equal(strncmp(guard_dummy_hash(g), "$argon2id$", 10), 0);
	assert_int_not_equal(
	    crypto_pwhash_str_verify(guard_dummy_hash(g), "1234", 4), 0);
	guard_free(g);
}

static void a_device_gets_its_minute_as_a_burst_then_waits(void **state)
{
	struct config c;
	struct limits *l;
	struct conn kiosk = {0}, other = {0}, local = {0}, window = {0};
	struct qerr err;
	(void)state;

	config_defaults(&c);
	c.kiosk_takes_per_minute = 6; /* one every 10 s */
	c.window_calls_per_minute = 0;
	l = limits_new(&c);
	kiosk.role = other.role = local.role = ROLE_KIOSK;
	window.role = ROLE_WINDOW;
	strcpy(kiosk.device, "kiosk-1");
	strcpy(other.device, "kiosk-2");
	strcpy(local.device, "kiosk-1");
	strcpy(window.device, "caller-1");
	local.trusted = 1;
	for (int i = 0; i < 6; i++)
		assert_int_equal(limits_check(l, &kiosk, &op_take, 0, &err), 0);
	assert_int_equal(limits_check(l, &kiosk, &op_take, 0, &err), -1);
	assert_string_equal(err.code, PROTO_E_RATE_LIMITED);
	assert_int_equal(limits_check(l, &kiosk, &op_take, 9999, &err), -1);
	assert_int_equal(limits_check(l, &kiosk, &op_take, 10000, &err), 0);
	/* Other ops, other devices, the daemon's own user: not this budget. */
	assert_int_equal(limits_check(l, &kiosk, &op_status, 0, &err), 0);
	assert_int_equal(limits_check(l, &other, &op_take, 0, &err), 0);
	assert_int_equal(limits_check(l, &local, &op_take, 0, &err), 0);
	/* 0: no limit. */
	for (int i = 0; i < 100; i++)
		assert_int_equal(limits_check(l, &window, &op_call, 0, &err),
		                 0);
	json_t *st = limits_status(l);
	assert_int_equal(json_array_size(st), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(st, 0), "device")),
	    "kiosk-1");
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(st, 0), "refused")),
	                 2);
	json_decref(st);
	limits_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(five_wrong_pins_lock_one_window_for_a_minute),
	    cmocka_unit_test(each_lockout_of_a_run_doubles_up_to_an_hour),
	    cmocka_unit_test(a_right_pin_or_an_unlock_ends_the_run),
	    cmocka_unit_test(the_dummy_hash_is_a_real_argon2id_hash),
	    cmocka_unit_test(a_device_gets_its_minute_as_a_burst_then_waits),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
