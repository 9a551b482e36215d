/* Queues: their counters, their load, and the head of each line. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

/* waiting and windows_open are kept in the row by triggers (store.c). */
#define QUEUE_COLUMNS                                                          \
	"prefix, avg_service_ms, served, closed, waiting, windows_open"

static void store_queue_row(struct db_stmt *st, struct queue_info *q)
{
	memset(q, 0, sizeof *q);
	snprintf(q->prefix, sizeof q->prefix, "%s", db_column_text(st, 0));
	q->avg_service_ms = db_column_int64(st, 1);
	q->served = db_column_int64(st, 2);
	q->closed = db_column_int(st, 3);
	q->waiting = db_column_int(st, 4);
	q->windows_open = db_column_int(st, 5);
}

int store_queue_add(struct store *s, const char *prefix, int64_t avg_ms,
                    struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "INSERT INTO queue (prefix, "
	                                   "avg_service_ms) VALUES (?1, ?2) "
	                                   "ON CONFLICT DO NOTHING");

	store_bind_text(st, 1, prefix);
	db_bind_int64(st, 2, avg_ms);
	return store_step_done(s, st, "adding a queue", err);
}

int store_queue_get(struct store *s, const char *prefix, struct queue_info *q,
                    int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " QUEUE_COLUMNS
	                                   " FROM queue WHERE prefix = ?1");
	int rc;

	store_bind_text(st, 1, prefix);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		store_queue_row(st, q);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a queue", err);
	return 0;
}

int store_queue_list(struct store *s, struct queue_info *out, int max, int *n,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " QUEUE_COLUMNS
	                                   " FROM queue ORDER BY prefix");
	int rc;

	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < max)
		store_queue_row(st, &out[(*n)++]);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading the queues", err);
	return 0;
}

int store_queue_put_served(struct store *s, const char *prefix, int64_t served,
                           int64_t avg_ms, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE queue SET served = ?2, "
	                  "avg_service_ms = ?3 WHERE prefix = ?1");

	store_bind_text(st, 1, prefix);
	db_bind_int64(st, 2, served);
	db_bind_int64(st, 3, avg_ms);
	return store_step_done(s, st, "counting a service", err);
}

int store_queue_put_closed(struct store *s, const char *prefix, int closed,
                           int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE queue SET closed = ?2 WHERE prefix = ?1");

	store_bind_text(st, 1, prefix);
	db_bind_int(st, 2, closed);
	if (store_step_done(s, st, "closing a queue", err))
		return -1;
	*found = db_changes(s->db) > 0;
	return 0;
}

/*
 * The next number of the day and whether the queue issues, in one
 * statement. A clock set back to an earlier day goes on with the later
 * day's count rather than issue a number twice.
 */
int store_queue_next_seq(struct store *s, const char *prefix, const char *day,
                         int *seq, char out_day[], struct queue_info *q,
                         int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE queue SET last_seq = CASE WHEN ?2 > seq_day "
	                  "THEN 1 ELSE last_seq + 1 END, "
	                  "seq_day = max(seq_day, ?2) WHERE prefix = ?1");
	int rc;

	store_bind_text(st, 1, prefix);
	store_bind_text(st, 2, day);
	if (store_step_done(s, st, "numbering a ticket", err))
		return -1;
	*found = db_changes(s->db) > 0;
	if (!*found)
		return 0;
	st = store_stmt(s, "SELECT " QUEUE_COLUMNS ", last_seq, seq_day "
	                   "FROM queue WHERE prefix = ?1");
	store_bind_text(st, 1, prefix);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_queue_row(st, q);
		*seq = db_column_int(st, 6);
		snprintf(out_day, TICKET_DAY_LEN + 1, "%s",
		         db_column_text(st, 7));
	}
	db_reset(st);
	if (rc != DB_ROW)
		return store_db_error(s, "numbering a ticket", err);
	return 0;
}

/* One LIMIT 1 seek on the partial index of waiting tickets. */
int store_queue_head(struct store *s, const char *prefix, struct queue_head *h,
                     int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s,
	    "SELECT id, class, order_at FROM ticket WHERE state = " SQL_WAITING
	    " AND queue = ?1 ORDER BY class, order_at, id LIMIT 1");
	int rc;

	store_bind_text(st, 1, prefix);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		h->id = db_column_int64(st, 0);
		h->klass = (enum ticket_class)db_column_int(st, 1);
		h->order_at = db_column_int64(st, 2);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "finding the head of a queue", err);
	return 0;
}

int store_queue_nth(struct store *s, const char *prefix, enum ticket_class k,
                    int n, int64_t *order_at, int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT order_at FROM ticket WHERE state = " SQL_WAITING
	       " AND queue = ?1 AND class = ?2 ORDER BY order_at, id "
	       "LIMIT 1 OFFSET ?3");
	int rc;

	store_bind_text(st, 1, prefix);
	db_bind_int(st, 2, k);
	db_bind_int(st, 3, n);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		*order_at = db_column_int64(st, 0);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a queue", err);
	return 0;
}
