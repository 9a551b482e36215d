/*
 * Reading the trace in pages, for reports: a page is a range of seq, and a
 * period's range is found by the index on `at`, so a month of a year-long
 * trace is read without touching the rest, and no page holds the daemon's
 * loop for long.
 */
#include "store-private.h"

#include <string.h>

#include "xmalloc.h"

/*
 * The first and last seq of the events from from_at (included) to to_at
 * (excluded); 0 and 0 for none. One scan of the period's entries in the
 * index on at: a clock set back (a test clock, a corrected wall clock)
 * leaves events out of order in time, so the range is not found by seq.
 */
int store_trace_period(struct store *s, int64_t from_at, int64_t to_at,
                       int64_t *first, int64_t *last, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT min(seq), max(seq) FROM "
	                                 "event WHERE at >= ?1 AND at < ?2");
	int rc;

	sqlite3_bind_int64(st, 1, from_at);
	sqlite3_bind_int64(st, 2, to_at);
	rc = sqlite3_step(st);
	*first = *last = 0;
	if (rc == SQLITE_ROW) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_db_error(s, "finding a period in the trace", err);
	return 0;
}

/* Events after seq `after` up to `upto` (both seq) whose time is in
 * [from_at, to_at), at most max of them, each handed to fn. */
int store_trace_page(struct store *s, int64_t after, int64_t upto,
                     int64_t from_at, int64_t to_at, int max,
                     void (*fn)(void *, int64_t seq, const char *, size_t),
                     void *arg, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT seq, body FROM event WHERE seq > ?1 AND seq <= ?2 AND "
	       "at >= ?3 AND at < ?4 ORDER BY seq LIMIT ?5");
	int rc;

	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, upto);
	sqlite3_bind_int64(st, 3, from_at);
	sqlite3_bind_int64(st, 4, to_at);
	sqlite3_bind_int(st, 5, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0),
		   (const char *)sqlite3_column_text(st, 1),
		   (size_t)sqlite3_column_bytes(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_db_error(s, "reading the trace", err);
	return 0;
}
