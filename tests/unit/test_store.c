/* The store's queue rules, driven directly on a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "proto.h"
#include "store.h"

#define DAY "2026-11-27"

struct fixture {
	char dir[64];
	char path[128];
	struct store *store;
	struct catalog *catalog;
	int64_t now;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct qerr err = {0};

	snprintf(f->dir, sizeof f->dir, "/tmp/qhall-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/qhall.db", f->dir);
	f->catalog = catalog_load(QHALL_TEST_ASSETS "/" CATALOG_FILE, &err);
	assert_non_null(f->catalog);
	f->store = store_open(f->path, &err);
	assert_non_null(f->store);
	f->now = 1795798800000LL;
	assert_int_equal(store_batch_begin(f->store, &err), 0);
	assert_int_equal(store_catalog_sync(f->store, f->catalog, f->now, &err),
	                 0);
	assert_int_equal(store_day_roll(f->store, DAY, f->now, &err), 0);
	/* Window 90 serves B then A, for the ordering tests. */
	const char *qs[] = {"B", "A"};
	assert_int_equal(store_window_set(f->store, 90, qs, 2, &err), 0);
	assert_int_equal(store_batch_commit(f->store, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	store_close(f->store);
	catalog_free(f->catalog);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void take(struct fixture *f, const char *queue, int priority,
                 struct ticket *t)
{
	struct qerr err = {0};
	struct store_take a = {queue, NULL,     priority, 9999,
	                       DAY,   ++f->now, NULL};
	int repeated;

	assert_int_equal(store_request_begin(f->store, &err), 0);
	assert_int_equal(store_ticket_take(f->store, &a, t, &repeated, &err),
	                 0);
	store_request_end(f->store, 1);
}

static void call(struct fixture *f, int window, const char *expect)
{
	struct qerr err = {0};
	struct ticket t;
	int found;

	if (store_window_call(f->store, window, ++f->now, &t, &found, &err))
		fail_msg("call at %d: %s", window, err.message);
	if (expect == NULL) {
		assert_int_equal(found, 0);
		return;
	}
	assert_int_equal(found, 1);
	if (strcmp(t.number, expect) != 0)
		fail_msg("window %d called %s, not %s", window, t.number,
		         expect);
	assert_int_equal(t.state, TICKET_CALLED);
	assert_int_equal(t.window, window);
}

static void numbers_count_up_per_queue_and_day(void **state)
{
	struct fixture *f = *state;
	struct ticket t;

	take(f, "A", 0, &t);
	assert_string_equal(t.number, "A001");
	assert_int_equal(t.ahead, 0);
	take(f, "A", 0, &t);
	assert_string_equal(t.number, "A002");
	assert_int_equal(t.ahead, 1);
	take(f, "B", 0, &t);
	assert_string_equal(t.number, "B001");
	assert_int_equal(strlen(t.key), TICKET_KEY_LEN);
}

static void rolled_back_take_never_reuses_its_number(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct store_take a = {"A", NULL, 0, 9999, DAY, f->now, NULL};
	struct ticket t;
	int repeated;

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t); /* A001, kept */
	store_batch_commit(f->store, &err);

	/* A batch that fails to commit takes nothing with it... */
	store_batch_begin(f->store, &err);
	store_request_begin(f->store, &err);
	assert_int_equal(store_ticket_take(f->store, &a, &t, &repeated, &err),
	                 0);
	assert_string_equal(t.number, "A002");
	store_request_end(f->store, 1);
	store_batch_rollback(f->store);
	/* ...so A002 was never acknowledged, and is issued now for real. */
	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t);
	assert_string_equal(t.number, "A002");
	store_batch_commit(f->store, &err);
	assert_int_equal(store_ticket_find(f->store, DAY, "A002", &t, &err), 0);
}

static void daily_cap_refuses_with_queue_full(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct store_take a = {"C", NULL, 0, 2, DAY, f->now, NULL};
	struct ticket t;
	int repeated;

	for (int i = 0; i < 2; i++) {
		store_request_begin(f->store, &err);
		assert_int_equal(
		    store_ticket_take(f->store, &a, &t, &repeated, &err), 0);
		store_request_end(f->store, 1);
	}
	store_request_begin(f->store, &err);
	assert_int_equal(store_ticket_take(f->store, &a, &t, &repeated, &err),
	                 -1);
	assert_string_equal(err.code, PROTO_E_QUEUE_FULL);
	store_request_end(f->store, 0);
}

static void call_order_priority_then_transferred_then_rank(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t); /* A001 */
	/* Window 1 serves A: call A001 there and transfer it to B's front. */
	call(f, 1, "A001");
	assert_int_equal(
	    store_window_transfer(f->store, 1, "B", 0, ++f->now, &t, &err), 0);
	assert_string_equal(t.queue, "B");
	assert_int_equal(t.state, TICKET_WAITING);
	take(f, "B", 0, &t); /* B001 */
	take(f, "A", 1, &t); /* A002, priority */
	take(f, "B", 0, &t); /* B002 */

	/* Window 90 ranks B over A. */
	call(f, 90, "A002"); /* priority first, whatever the rank */
	call(f, 90, "A001"); /* then transferred in */
	call(f, 90, "B001"); /* then rank: B before A */
	call(f, 90, "B002");
	call(f, 90, NULL);
	/* Calling next finished the one at the counter. */
	assert_int_equal(store_ticket_find(f->store, DAY, "B002", &t, &err), 0);
	assert_int_equal(t.state, TICKET_DONE);
	store_batch_commit(f->store, &err);
}

static void skipped_ticket_rejoins_places_back(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;

	store_batch_begin(f->store, &err);
	for (int i = 0; i < 6; i++)
		take(f, "D", 0, &t); /* D001..D006 */
	const char *qs[] = {"D"};
	store_window_set(f->store, 91, qs, 1, &err);
	call(f, 91, "D001");
	assert_int_equal(store_window_skip(f->store, 91, ++f->now, &t, &err),
	                 0);
	assert_int_equal(t.state, TICKET_NO_SHOW);
	assert_int_equal(
	    store_ticket_rejoin(f->store, DAY, "D001", 3, ++f->now, &t, &err),
	    0);
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.ahead, 3);
	call(f, 91, "D002");
	call(f, 91, "D003");
	call(f, 91, "D004");
	call(f, 91, "D001");
	/* A waiting ticket cannot rejoin. */
	assert_int_equal(
	    store_ticket_rejoin(f->store, DAY, "D005", 3, ++f->now, &t, &err),
	    -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	store_batch_commit(f->store, &err);
}

static void paused_window_does_not_call(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int found;

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t);
	assert_int_equal(store_window_pause(f->store, 1, "lunch", f->now, &err),
	                 0);
	assert_int_equal(
	    store_window_call(f->store, 1, f->now, &t, &found, &err), -1);
	assert_string_equal(err.code, PROTO_E_WINDOW_PAUSED);
	assert_int_equal(store_window_resume(f->store, 1, f->now, &err), 0);
	call(f, 1, "A001");
	store_batch_commit(f->store, &err);
}

static void day_roll_expires_yesterday_and_restarts_numbers(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	struct store_take a = {"A", NULL, 0, 9999, "2026-11-28", f->now, NULL};
	int repeated;

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t);
	take(f, "A", 0, &t);
	call(f, 1, "A001");
	assert_int_equal(store_day_roll(f->store, "2026-11-28", f->now, &err),
	                 0);
	assert_int_equal(store_ticket_find(f->store, DAY, "A002", &t, &err), 0);
	assert_int_equal(t.state, TICKET_EXPIRED);
	assert_int_equal(store_ticket_find(f->store, DAY, "A001", &t, &err), 0);
	assert_int_equal(t.state, TICKET_EXPIRED);
	store_request_begin(f->store, &err);
	assert_int_equal(store_ticket_take(f->store, &a, &t, &repeated, &err),
	                 0);
	store_request_end(f->store, 1);
	assert_string_equal(t.number, "A001");
	assert_string_equal(t.day, "2026-11-28");
	call(f, 1, "A001");
	store_batch_commit(f->store, &err);
}

static void clock_set_back_a_day_never_repeats_a_number(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int repeated;
	struct store_take next = {"A",          NULL,   0,   9999,
	                          "2026-11-28", f->now, NULL};
	struct store_take back = {"A", NULL, 0, 9999, DAY, f->now, NULL};

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t); /* A001 on DAY */
	store_request_begin(f->store, &err);
	assert_int_equal(
	    store_ticket_take(f->store, &next, &t, &repeated, &err), 0);
	store_request_end(f->store, 1);
	assert_string_equal(t.number, "A001"); /* a new day starts at 1 */
	/* The clock goes back to DAY: numbering goes on with the later day's
	 * count, and the ticket is that day's: no (day, number) twice. */
	store_request_begin(f->store, &err);
	assert_int_equal(
	    store_ticket_take(f->store, &back, &t, &repeated, &err), 0);
	store_request_end(f->store, 1);
	assert_string_equal(t.number, "A002");
	assert_string_equal(t.day, "2026-11-28");
	store_request_begin(f->store, &err);
	assert_int_equal(
	    store_ticket_take(f->store, &back, &t, &repeated, &err), 0);
	store_request_end(f->store, 1);
	assert_string_equal(t.number, "A003");
	store_batch_commit(f->store, &err);
}

static void trace_verifies_and_shows_an_edit(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int64_t events, bad;
	sqlite3 *db;

	store_batch_begin(f->store, &err);
	take(f, "A", 0, &t);
	take(f, "A", 0, &t);
	call(f, 1, "A001");
	store_batch_commit(f->store, &err);
	assert_int_equal(store_trace_verify(f->store, &events, &bad, &err), 0);
	assert_int_equal(bad, 0);
	assert_true(events >= 4);

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE event SET body = replace(body, "
	                              "'A002', 'A003') WHERE body LIKE "
	                              "'%A002%'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_trace_verify(f->store, &events, &bad, &err), 0);
	assert_true(bad > 0);
}

/* The count kept by triggers against a count of the tickets themselves. */
static void assert_waiting_matches(struct fixture *f)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT q.prefix, q.waiting, (SELECT count(*) "
	                       "FROM ticket t WHERE t.state = 0 AND t.queue = "
	                       "q.prefix) FROM queue q",
	                       -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 1) != sqlite3_column_int(st, 2))
			fail_msg("queue %s: kept %d, real %d",
			         sqlite3_column_text(st, 0),
			         sqlite3_column_int(st, 1),
			         sqlite3_column_int(st, 2));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void waiting_counts_follow_every_change(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int expired;

	store_batch_begin(f->store, &err);
	for (int i = 0; i < 5; i++)
		take(f, "A", i == 3, &t);
	take(f, "B", 0, &t);
	call(f, 1, "A004"); /* priority */
	store_window_transfer(f->store, 1, "B", 0, ++f->now, &t,
	                      &err); /* A->B */
	call(f, 2, "A004");          /* still priority, now in B */
	call(f, 2, "A001");          /* finishes A004 */
	store_window_skip(f->store, 2, ++f->now, &t, &err);
	store_ticket_rejoin(f->store, DAY, "A001", 2, ++f->now, &t, &err);
	call(f, 2, "A002");
	store_window_finish(f->store, 2, ++f->now, &t, &err);
	store_batch_commit(f->store, &err);
	assert_waiting_matches(f);

	json_t *status;
	assert_int_equal(store_status(f->store, f->catalog, DAY, &status, &err),
	                 0);
	json_t *a = json_array_get(json_object_get(status, "queues"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "queue")),
	                    "A");
	assert_int_equal(json_integer_value(json_object_get(a, "waiting")), 3);
	json_decref(status);

	store_batch_begin(f->store, &err);
	assert_int_equal(
	    store_day_close(f->store, DAY, ++f->now, &expired, &err), 0);
	assert_int_equal(expired, 4); /* A001 A003 A005 B001 */
	store_batch_commit(f->store, &err);
	assert_waiting_matches(f);
}

static void newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	sqlite3 *db;

	store_close(f->store);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	f->store = store_open(f->path, &err);
	assert_null(f->store);
	assert_string_equal(err.code, PROTO_E_STORE);
	assert_non_null(strstr(err.message, "newer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(numbers_count_up_per_queue_and_day,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        rolled_back_take_never_reuses_its_number, setup, teardown),
	    cmocka_unit_test_setup_teardown(daily_cap_refuses_with_queue_full,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        call_order_priority_then_transferred_then_rank, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(skipped_ticket_rejoins_places_back,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(paused_window_does_not_call, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        day_roll_expires_yesterday_and_restarts_numbers, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        clock_set_back_a_day_never_repeats_a_number, setup, teardown),
	    cmocka_unit_test_setup_teardown(trace_verifies_and_shows_an_edit,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(waiting_counts_follow_every_change,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
