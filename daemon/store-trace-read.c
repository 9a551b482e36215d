/*
 * Reading the trace in pages, for reports: a page is a range of seq, and a
 * period's range is found by the index on `at`, so a month of a year-long
 * trace is read without touching the rest, and no page holds the daemon's
 * loop for long.
 */
#include "store-private.h"

#include <string.h>

#include "xmalloc.h"

/* The seq of the first (or last) event in time within [from_at, to_at). */
static int store_trace_edge(struct store *s, const char *sql, int64_t from_at,
                            int64_t to_at, int64_t *seq, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	db_bind_int64(st, 1, from_at);
	db_bind_int64(st, 2, to_at);
	rc = db_step(st);
	*seq = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "finding a period in the trace", err);
	return 0;
}

/*
 * The range of seq of a period: from its earliest event in time to its
 * latest, two seeks in the index on at (a scan of a year's entries held
 * the loop for most of a second). The pages still check each event's
 * time, so an event of another time written inside the range is left out;
 * only an event whose clock had gone back to the period and that was
 * written outside the range is missed (docs/REPORTS.md).
 */
int store_trace_period(struct store *s, int64_t from_at, int64_t to_at,
                       int64_t *first, int64_t *last, struct qerr *err)
{
	if (store_trace_edge(s,
	                     "SELECT seq FROM event WHERE at >= ?1 AND at < ?2 "
	                     "ORDER BY at, seq LIMIT 1",
	                     from_at, to_at, first, err) ||
	    store_trace_edge(s,
	                     "SELECT seq FROM event WHERE at >= ?1 AND at < ?2 "
	                     "ORDER BY at DESC, seq DESC LIMIT 1",
	                     from_at, to_at, last, err))
		return -1;
	if (*last < *first) /* the clock went back inside the period */
		*last = s->last_seq;
	return 0;
}

/* Events after seq `after` up to `upto` (both seq) whose time is in
 * [from_at, to_at), at most max of them, each handed to fn. */
int store_trace_page(struct store *s, int64_t after, int64_t upto,
                     int64_t from_at, int64_t to_at, int max,
                     void (*fn)(void *, int64_t seq, const char *, size_t),
                     void *arg, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT seq, body FROM event WHERE seq > ?1 AND seq <= ?2 AND "
	       "+at >= ?3 AND +at < ?4 ORDER BY seq LIMIT ?5");
	int rc;

	db_bind_int64(st, 1, after);
	db_bind_int64(st, 2, upto);
	db_bind_int64(st, 3, from_at);
	db_bind_int64(st, 4, to_at);
	db_bind_int(st, 5, max);
	while ((rc = db_step(st)) == DB_ROW)
		fn(arg, db_column_int64(st, 0),
		   (const char *)db_column_text(st, 1),
		   (size_t)db_column_bytes(st, 1));
	db_reset(st);
	if (rc != DB_DONE)
		return store_db_error(s, "reading the trace", err);
	return 0;
}

/* Events after seq `after` up to `upto`, every one whatever its time
 * (an export must hold the chain without a gap), with each row's hash. */
int store_trace_chain_page(struct store *s, int64_t after, int64_t upto,
                           int max,
                           void (*fn)(void *, int64_t seq, const char *, size_t,
                                      const unsigned char *hash),
                           void *arg, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT seq, body, hash FROM event WHERE seq > ?1 AND seq <= ?2 "
	       "ORDER BY seq LIMIT ?3");
	unsigned char none[STORE_HASH_LEN] = {0};
	int rc;

	db_bind_int64(st, 1, after);
	db_bind_int64(st, 2, upto);
	db_bind_int(st, 3, max);
	while ((rc = db_step(st)) == DB_ROW) {
		const unsigned char *h = db_column_blob(st, 2);

		fn(arg, db_column_int64(st, 0),
		   (const char *)db_column_text(st, 1),
		   (size_t)db_column_bytes(st, 1),
		   h && db_column_bytes(st, 2) == STORE_HASH_LEN ? h : none);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return store_db_error(s, "reading the trace", err);
	return 0;
}

/* The hash of event seq (zeros for seq 0: the chain's start). */
int store_trace_hash_at(struct store *s, int64_t seq,
                        unsigned char out[STORE_TRACE_HASH_LEN],
                        struct qerr *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, STORE_TRACE_HASH_LEN);
	if (seq <= 0)
		return 0;
	st = store_stmt(s, "SELECT hash FROM event WHERE seq = ?1");
	db_bind_int64(st, 1, seq);
	rc = db_step(st);
	if (rc == DB_ROW && db_column_bytes(st, 0) == STORE_HASH_LEN)
		memcpy(out, db_column_blob(st, 0), STORE_HASH_LEN);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading the trace", err);
	return 0;
}
