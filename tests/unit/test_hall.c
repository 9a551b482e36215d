/* The hall's queue rules over the store, driven directly on a real SQLite
 * file: numbers, call order, rejoin, pause, the day roll, the trace. */
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
#include "hall-view.h"
#include "hall.h"
#include "store.h"

#define DAY "2026-11-27"

struct fixture {
	char dir[64];
	char path[128];
	struct store *store;
	struct hall *hall;
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
	/* Queue C issues two numbers a day, for the cap's test. */
	for (size_t i = 0; i < f->catalog->nqueues; i++)
		if (strcmp(f->catalog->queues[i].prefix, "C") == 0)
			f->catalog->queues[i].daily_cap = 2;
	f->store = store_open(f->path, &err);
	assert_non_null(f->store);
	f->hall = hall_new(f->store, f->catalog, 3);
	f->now = 1795798800000LL;
	assert_int_equal(hall_batch_begin(f->hall, &err), 0);
	assert_int_equal(hall_catalog_sync(f->hall, f->now, &err), 0);
	assert_int_equal(hall_day_roll(f->hall, DAY, f->now, &err), 0);
	/* Window 90 serves B then A, for the ordering tests. */
	const char *qs[] = {"B", "A"};
	assert_int_equal(hall_window_set(f->hall, 90, qs, 2, f->now, &err), 0);
	assert_int_equal(hall_batch_commit(f->hall, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	hall_free(f->hall);
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
	struct hall_take a = {queue, NULL, priority, DAY, ++f->now, NULL, NULL};
	int repeated;

	assert_int_equal(hall_request_begin(f->hall, &err), 0);
	assert_int_equal(hall_take(f->hall, &a, t, &repeated, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
}

static void call(struct fixture *f, int window, const char *expect)
{
	struct qerr err = {0};
	struct ticket t;
	int found;

	if (hall_call(f->hall, window, ++f->now, &t, &found, &err))
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
	struct hall_take a = {"A", NULL, 0, DAY, f->now, NULL, NULL};
	struct ticket t;
	int repeated;

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t); /* A001, kept */
	hall_batch_commit(f->hall, &err);

	/* A batch that fails to commit takes nothing with it... */
	hall_batch_begin(f->hall, &err);
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err), 0);
	assert_string_equal(t.number, "A002");
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	hall_batch_rollback(f->hall);
	/* ...so A002 was never acknowledged, and is issued now for real. */
	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t);
	assert_string_equal(t.number, "A002");
	hall_batch_commit(f->hall, &err);
	assert_int_equal(hall_ticket_find(f->hall, DAY, "A002", &t, &err), 0);
}

static void daily_cap_refuses_with_queue_full(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct hall_take a = {"C", NULL, 0, DAY, f->now, NULL, NULL};
	struct ticket t;
	int repeated;

	for (int i = 0; i < 2; i++) {
		hall_request_begin(f->hall, &err);
		assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err),
		                 0);
		assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	}
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err), -1);
	assert_string_equal(err.code, PROTO_E_QUEUE_FULL);
	assert_int_equal(hall_request_end(f->hall, 0, &err), 0);

	/* A cancelled ticket gives its place back, never its number. */
	hall_request_begin(f->hall, &err);
	assert_int_equal(
	    hall_ticket_cancel(f->hall, DAY, "C001", ++f->now, &t, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err), 0);
	assert_string_equal(t.number, "C003");
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err), -1);
	assert_string_equal(err.code, PROTO_E_QUEUE_FULL);
	assert_int_equal(hall_request_end(f->hall, 0, &err), 0);
}

static void call_order_priority_then_transferred_then_rank(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t); /* A001 */
	/* Window 1 serves A: call A001 there and transfer it to B's front. */
	call(f, 1, "A001");
	assert_int_equal(hall_transfer(f->hall, 1, "B", 0, ++f->now, &t, &err),
	                 0);
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
	assert_int_equal(hall_ticket_find(f->hall, DAY, "B002", &t, &err), 0);
	assert_int_equal(t.state, TICKET_DONE);
	hall_batch_commit(f->hall, &err);
}

static void skipped_ticket_rejoins_places_back(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;

	hall_batch_begin(f->hall, &err);
	for (int i = 0; i < 6; i++)
		take(f, "D", 0, &t); /* D001..D006 */
	const char *qs[] = {"D"};
	hall_window_set(f->hall, 91, qs, 1, f->now, &err);
	call(f, 91, "D001");
	assert_int_equal(hall_skip(f->hall, 91, ++f->now, &t, &err), 0);
	assert_int_equal(t.state, TICKET_NO_SHOW);
	assert_int_equal(hall_rejoin(f->hall, DAY, "D001", ++f->now, &t, &err),
	                 0);
	assert_int_equal(t.state, TICKET_WAITING);
	assert_int_equal(t.ahead, 3);
	call(f, 91, "D002");
	call(f, 91, "D003");
	call(f, 91, "D004");
	call(f, 91, "D001");
	/* A waiting ticket cannot rejoin. */
	assert_int_equal(hall_rejoin(f->hall, DAY, "D005", ++f->now, &t, &err),
	                 -1);
	assert_string_equal(err.code, PROTO_E_BAD_STATE);
	hall_batch_commit(f->hall, &err);
}

static void paused_window_does_not_call(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int found;

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t);
	assert_int_equal(hall_pause(f->hall, 1, "lunch", f->now, &err), 0);
	assert_int_equal(hall_call(f->hall, 1, f->now, &t, &found, &err), -1);
	assert_string_equal(err.code, PROTO_E_WINDOW_PAUSED);
	assert_int_equal(hall_resume(f->hall, 1, f->now, &err), 0);
	call(f, 1, "A001");
	hall_batch_commit(f->hall, &err);
}

static void day_roll_expires_yesterday_and_restarts_numbers(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	struct hall_take a = {"A", NULL, 0, "2026-11-28", f->now, NULL, NULL};
	int repeated;

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t);
	take(f, "A", 0, &t);
	call(f, 1, "A001");
	assert_int_equal(hall_day_roll(f->hall, "2026-11-28", f->now, &err), 0);
	assert_int_equal(hall_ticket_find(f->hall, DAY, "A002", &t, &err), 0);
	assert_int_equal(t.state, TICKET_EXPIRED);
	assert_int_equal(hall_ticket_find(f->hall, DAY, "A001", &t, &err), 0);
	assert_int_equal(t.state, TICKET_EXPIRED);
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &a, &t, &repeated, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	assert_string_equal(t.number, "A001");
	assert_string_equal(t.day, "2026-11-28");
	call(f, 1, "A001");
	hall_batch_commit(f->hall, &err);
}

static void clock_set_back_a_day_never_repeats_a_number(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int repeated;
	struct hall_take next = {"A",    NULL, 0,   "2026-11-28",
	                         f->now, NULL, NULL};
	struct hall_take back = {"A", NULL, 0, DAY, f->now, NULL, NULL};

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t); /* A001 on DAY */
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &next, &t, &repeated, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	assert_string_equal(t.number, "A001"); /* a new day starts at 1 */
	/* The clock goes back to DAY: numbering goes on with the later day's
	 * count, and the ticket is that day's: no (day, number) twice. */
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &back, &t, &repeated, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	assert_string_equal(t.number, "A002");
	assert_string_equal(t.day, "2026-11-28");
	hall_request_begin(f->hall, &err);
	assert_int_equal(hall_take(f->hall, &back, &t, &repeated, &err), 0);
	assert_int_equal(hall_request_end(f->hall, 1, &err), 0);
	assert_string_equal(t.number, "A003");
	hall_batch_commit(f->hall, &err);
}

static void trace_verifies_and_shows_an_edit(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct ticket t;
	int64_t events, bad;
	sqlite3 *db;

	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t);
	take(f, "A", 0, &t);
	call(f, 1, "A001");
	hall_batch_commit(f->hall, &err);
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

	hall_batch_begin(f->hall, &err);
	for (int i = 0; i < 5; i++)
		take(f, "A", i == 3, &t);
	take(f, "B", 0, &t);
	call(f, 1, "A004");                                    /* priority */
	hall_transfer(f->hall, 1, "B", 0, ++f->now, &t, &err); /* A->B */
	call(f, 2, "A004"); /* still priority, now in B */
	call(f, 2, "A001"); /* finishes A004 */
	hall_skip(f->hall, 2, ++f->now, &t, &err);
	hall_rejoin(f->hall, DAY, "A001", ++f->now, &t, &err);
	call(f, 2, "A002");
	/* The screens' typed view reads the reply field for field. */
	json_t *status;
	assert_int_equal(hall_status(f->hall, DAY, f->now, &status, &err), 0);
	struct view_status *v = view_status_parse(status, &err);
	assert_non_null(v);
	assert_string_equal(v->day, DAY);
	assert_int_equal(v->nqueues,
	                 json_array_size(json_object_get(status, "queues")));
	assert_null(view_status_queue(v, "Z"));
	const struct view_window *w2 = view_status_window(v, 2);
	assert_non_null(w2);
	assert_true(w2->has_ticket);
	assert_string_equal(w2->ticket.number, "A002");
	assert_int_equal(w2->ticket.state, TICKET_CALLED);
	assert_int_equal(w2->ticket.window, 2);
	assert_false(w2->paused);
	assert_false(view_status_window(v, 1)->has_ticket);
	view_status_free(v);
	json_decref(status);
	hall_finish(f->hall, 2, ++f->now, &t, &err);
	hall_batch_commit(f->hall, &err);
	assert_waiting_matches(f);

	assert_int_equal(hall_status(f->hall, DAY, f->now, &status, &err), 0);
	json_t *a = json_array_get(json_object_get(status, "queues"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "queue")),
	                    "A");
	assert_int_equal(json_integer_value(json_object_get(a, "waiting")), 3);
	struct view_status *later = view_status_parse(status, &err);
	assert_non_null(later);
	assert_int_equal(view_status_queue(later, "A")->waiting, 3);
	assert_false(view_status_window(later, 2)->has_ticket);
	view_status_free(later);
	/* A reply without what a screen needs is refused, not half read. */
	json_object_del(json_array_get(json_object_get(status, "windows"), 0),
	                "queues");
	assert_null(view_status_parse(status, &err));
	assert_string_equal(err.code, PROTO_E_PROTOCOL);
	json_decref(status);

	hall_batch_begin(f->hall, &err);
	assert_int_equal(hall_day_close(f->hall, DAY, ++f->now, &expired, &err),
	                 0);
	assert_int_equal(expired, 4); /* A001 A003 A005 B001 */
	hall_batch_commit(f->hall, &err);
	assert_waiting_matches(f);
}

/* What the sink gets, kept as JSON for the event view's test. */
static void keep_event(void *arg, const char *line, size_t len)
{
	json_t *events = arg;
	json_t *e = json_loadb(line, len, 0, NULL);

	assert_non_null(e);
	json_array_append_new(events, e);
}

/* The events a display reads come out typed: the call, its window and
 * ticket, the notice's text. */
static void events_read_back_as_views(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	json_t *events = json_array();
	struct hall_sink sink = {keep_event, events};
	struct view_event v;
	struct ticket t;

	hall_set_sink(f->hall, &sink);
	hall_batch_begin(f->hall, &err);
	take(f, "A", 0, &t);
	call(f, 1, "A001");
	assert_int_equal(hall_notice_set(f->hall, "请排队", ++f->now, &err), 0);
	hall_batch_commit(f->hall, &err);
	hall_set_sink(f->hall, &(struct hall_sink){NULL, NULL});

	int called = 0, notice = 0;
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		assert_int_equal(view_event_parse(e, &v, &err), 0);
		assert_true(v.seq > 0);
		if (strcmp(v.name, "called") == 0) {
			called++;
			assert_int_equal(v.window, 1);
			assert_true(v.has_ticket);
			assert_string_equal(v.ticket.number, "A001");
			assert_int_equal(v.ticket.state, TICKET_CALLED);
		} else if (strcmp(v.name, "notice") == 0) {
			notice++;
			assert_string_equal(v.text, "请排队");
		}
	}
	assert_int_equal(called, 1);
	assert_int_equal(notice, 1);
	json_object_del(json_array_get(events, 0), "event");
	assert_int_equal(view_event_parse(json_array_get(events, 0), &v, &err),
	                 -1);
	json_decref(events);
}

/* The open-window counts kept by triggers against a count of the rows. */
static void assert_windows_open_matches(struct fixture *f)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rows = 0, open = 0;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT q.prefix, q.windows_open, (SELECT "
	                       "count(*) FROM window_queue wq JOIN window w ON "
	                       "w.number = wq.window WHERE wq.queue = q.prefix "
	                       "AND w.state = 0) FROM queue q",
	                       -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1) != sqlite3_column_int(st, 2))
			fail_msg("queue %s: kept %d open windows, real %d",
			         sqlite3_column_text(st, 0),
			         sqlite3_column_int(st, 1),
			         sqlite3_column_int(st, 2));
		rows++;
		open += sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(rows > 0);
	assert_true(open > 0);
}

/* Pause, resume and new queues for windows; the counts must follow. */
static void change_windows(struct fixture *f)
{
	struct qerr err = {0};
	const char *qs[] = {"A", "C"};
	struct ticket t;

	assert_int_equal(hall_batch_begin(f->hall, &err), 0);
	/* A call writes its window's row, the state unchanged. */
	take(f, "A", 0, &t);
	call(f, 2, "A001");
	hall_pause(f->hall, 1, "lunch", ++f->now, &err); /* may be paused */
	assert_int_equal(hall_pause(f->hall, 90, NULL, ++f->now, &err), 0);
	assert_int_equal(hall_window_set(f->hall, 90, qs, 2, ++f->now, &err),
	                 0);
	assert_int_equal(hall_batch_commit(f->hall, &err), 0);
	assert_windows_open_matches(f);
	assert_int_equal(hall_batch_begin(f->hall, &err), 0);
	assert_int_equal(hall_resume(f->hall, 90, ++f->now, &err), 0);
	assert_int_equal(hall_window_set(f->hall, 2, qs, 1, ++f->now, &err), 0);
	assert_int_equal(hall_batch_commit(f->hall, &err), 0);
	assert_windows_open_matches(f);
}

static void open_window_counts_follow_every_change(void **state)
{
	struct fixture *f = *state;

	assert_windows_open_matches(f);
	change_windows(f);
}

/* A file of schema version 1 gains the counts, filled in, when opened. */
static void version_1_file_migrates_to_kept_open_window_counts(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	struct queue_info q;
	int found;
	sqlite3 *db;

	/* Window 1 paused, then the file taken back to version 1. */
	assert_int_equal(hall_batch_begin(f->hall, &err), 0);
	assert_int_equal(hall_pause(f->hall, 1, NULL, ++f->now, &err), 0);
	assert_int_equal(hall_batch_commit(f->hall, &err), 0);
	hall_free(f->hall);
	store_close(f->store);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        /* what versions 3 and later add */
	        "DROP TABLE seal; DROP TABLE seal_part;"
	        "DROP TABLE review; DROP TABLE rating;"
	        "DROP TABLE service; DROP TABLE alert; DROP TABLE route_leg;"
	        "DROP TABLE person_take; DROP TABLE appointment;"
	        "DROP INDEX ticket_waiting_taken;"
	        "DROP TRIGGER window_queue_added;"
	        "DROP TRIGGER window_queue_removed;"
	        "DROP TRIGGER window_queue_moved;"
	        "DROP TRIGGER window_opened_or_shut;"
	        "ALTER TABLE queue DROP COLUMN windows_open;"
	        "ALTER TABLE ticket DROP COLUMN device;"
	        "ALTER TABLE staff DROP COLUMN role;"
	        "PRAGMA user_version = 1;",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	f->store = store_open(f->path, &err);
	assert_non_null(f->store);
	f->hall = hall_new(f->store, f->catalog, 3);
	assert_windows_open_matches(f);
	assert_int_equal(store_queue_get(f->store, "A", &q, &found, &err), 0);
	assert_true(found);
	assert_true(q.windows_open > 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(st);
	sqlite3_close(db);
	change_windows(f);
}

static void newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct qerr err = {0};
	sqlite3 *db;

	hall_free(f->hall);
	f->hall = NULL;
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
	    cmocka_unit_test_setup_teardown(
	        open_window_counts_follow_every_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        version_1_file_migrates_to_kept_open_window_counts, setup,
	        teardown),
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
	    cmocka_unit_test_setup_teardown(events_read_back_as_views, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
