/* Tickets: their rows, the count of those ahead, the day's expiry. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

#define TICKET_COLUMNS                                                         \
	"id, day, number, queue, item, priority, class, state, window, "       \
	"taken_at, called_at, served_at, finished_at, calls, printed, key, "   \
	"order_at"

static void store_ticket_row(struct db_stmt *st, struct ticket *t)
{
	const char *item = (const char *)db_column_text(st, 4);

	memset(t, 0, sizeof *t);
	t->id = db_column_int64(st, 0);
	snprintf(t->day, sizeof t->day, "%s", db_column_text(st, 1));
	snprintf(t->number, sizeof t->number, "%s", db_column_text(st, 2));
	snprintf(t->queue, sizeof t->queue, "%s", db_column_text(st, 3));
	snprintf(t->item, sizeof t->item, "%s", item ? item : "");
	t->priority = db_column_int(st, 5);
	t->klass = (enum ticket_class)db_column_int(st, 6);
	t->state = (enum ticket_state)db_column_int(st, 7);
	t->window = db_column_int(st, 8);
	t->taken_at = db_column_int64(st, 9);
	t->called_at = db_column_int64(st, 10);
	t->served_at = db_column_int64(st, 11);
	t->finished_at = db_column_int64(st, 12);
	t->calls = db_column_int(st, 13);
	t->printed = db_column_int(st, 14);
	snprintf(t->key, sizeof t->key, "%s", db_column_text(st, 15));
	t->order_at = db_column_int64(st, 16);
	t->ahead = -1;
	t->est_wait_s = -1;
}

/* One row or none: *found says which. */
static int store_ticket_fetch(struct store *s, struct db_stmt *st,
                              struct ticket *t, int *found, struct qerr *err)
{
	int rc = db_step(st);

	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		store_ticket_row(st, t);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a ticket", err);
	return 0;
}

int store_ticket_get(struct store *s, int64_t id, struct ticket *t,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                   " FROM ticket WHERE id = ?1");
	int found;

	db_bind_int64(st, 1, id);
	if (store_ticket_fetch(s, st, t, &found, err))
		return -1;
	if (!found) /* a window or event that points at no row */
		return qerr_set(err, PROTO_E_STORE, "ticket %lld is missing",
		                (long long)id);
	return 0;
}

int store_ticket_find(struct store *s, const char *day, const char *number,
                      struct ticket *t, int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                   " FROM ticket WHERE day = ?1 AND "
	                                   "number = ?2");

	store_bind_text(st, 1, day);
	store_bind_text(st, 2, number);
	return store_ticket_fetch(s, st, t, found, err);
}

int store_ticket_by_request(struct store *s, const char *request,
                            struct ticket *t, int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                   " FROM ticket WHERE request = ?1");

	store_bind_text(st, 1, request);
	return store_ticket_fetch(s, st, t, found, err);
}

int store_ticket_insert(struct store *s, struct ticket *t, const char *request,
                        const char *device, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO ticket (day, number, queue, item, priority, class, "
	       "state, order_at, taken_at, key, request, printed, calls, "
	       "device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	       "?12, ?13, ?14)");

	store_bind_text(st, 1, t->day);
	store_bind_text(st, 2, t->number);
	store_bind_text(st, 3, t->queue);
	store_bind_text(st, 4, t->item[0] ? t->item : NULL);
	db_bind_int(st, 5, t->priority);
	db_bind_int(st, 6, t->klass);
	db_bind_int(st, 7, t->state);
	db_bind_int64(st, 8, t->order_at);
	db_bind_int64(st, 9, t->taken_at);
	store_bind_text(st, 10, t->key);
	store_bind_text(st, 11, request);
	db_bind_int(st, 12, t->printed);
	db_bind_int(st, 13, t->calls);
	store_bind_text(st, 14, device);
	if (store_step_done(s, st, "saving a ticket", err))
		return -1;
	t->id = db_last_insert_rowid(s->db);
	return 0;
}

int store_ticket_taker(struct store *s, int64_t id, char *device, size_t size,
                       struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT device FROM ticket WHERE id = ?1");
	int rc;

	db_bind_int64(st, 1, id);
	rc = db_step(st);
	snprintf(device, size, "%s",
	         rc == DB_ROW && db_column_text(st, 0)
	             ? (const char *)db_column_text(st, 0)
	             : "");
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a ticket", err);
	return 0;
}

/* Write back a ticket's state and place. */
int store_ticket_put(struct store *s, const struct ticket *t, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE ticket SET queue = ?2, class = ?3, state = ?4, "
	       "window = ?5, called_at = ?6, served_at = ?7, finished_at = ?8, "
	       "calls = ?9, printed = ?10, order_at = ?11 WHERE id = ?1");

	db_bind_int64(st, 1, t->id);
	store_bind_text(st, 2, t->queue);
	db_bind_int(st, 3, t->klass);
	db_bind_int(st, 4, t->state);
	if (t->window)
		db_bind_int(st, 5, t->window);
	if (t->called_at)
		db_bind_int64(st, 6, t->called_at);
	if (t->served_at)
		db_bind_int64(st, 7, t->served_at);
	if (t->finished_at)
		db_bind_int64(st, 8, t->finished_at);
	db_bind_int(st, 9, t->calls);
	db_bind_int(st, 10, t->printed);
	db_bind_int64(st, 11, t->order_at);
	return store_step_done(s, st, "updating a ticket", err);
}

/* A walk of the partial index of waiting tickets: as long as the queue is
 * before t, never as long as the history. */
int store_ticket_count_ahead(struct store *s, const struct ticket *t,
                             int *ahead, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT count(*) FROM ticket WHERE state = " SQL_WAITING
	       " AND queue = ?1 AND (class < ?2 OR (class = ?2 AND "
	       "(order_at < ?3 OR (order_at = ?3 AND id < ?4))))");

	store_bind_text(st, 1, t->queue);
	db_bind_int(st, 2, t->klass);
	db_bind_int64(st, 3, t->order_at);
	db_bind_int64(st, 4, t->id);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return store_db_error(s, "counting the queue", err);
	}
	*ahead = db_column_int(st, 0);
	db_reset(st);
	return 0;
}

int store_ticket_expire(struct store *s, const char *last_day, int64_t at,
                        int *expired, struct qerr *err)
{
	struct db_stmt *st;
	/* Two statements, so each walks its small partial index, not the
	 * years of history. */
	static const char *const expire[] = {
	    "UPDATE ticket INDEXED BY ticket_waiting SET state = " SQL_EXPIRED
	    ", finished_at = ?2 WHERE state = " SQL_WAITING " AND day <= ?1",
	    "UPDATE ticket INDEXED BY ticket_at_counter SET state "
	    "= " SQL_EXPIRED ", finished_at = ?2 WHERE state IN (" SQL_CALLED
	    ", " SQL_SERVING ") AND day <= ?1",
	};

	st = store_stmt(s, "UPDATE window SET ticket_id = NULL WHERE ticket_id "
	                   "IN (SELECT id FROM ticket WHERE state IN "
	                   "(" SQL_CALLED ", " SQL_SERVING ") AND day <= ?1)");
	store_bind_text(st, 1, last_day);
	if (store_step_done(s, st, "closing the day", err))
		return -1;
	*expired = 0;
	for (size_t i = 0; i < sizeof expire / sizeof expire[0]; i++) {
		st = store_stmt(s, expire[i]);
		store_bind_text(st, 1, last_day);
		db_bind_int64(st, 2, at);
		if (store_step_done(s, st, "closing the day", err))
			return -1;
		*expired += db_changes(s->db);
	}
	return 0;
}

/* Runs only when a queue reaches its cap: a walk of one day's tickets. */
int store_ticket_count_void(struct store *s, const char *queue, const char *day,
                            int *n, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT count(*) FROM ticket WHERE day = ?1 AND queue = ?2 AND "
	       "state IN (" SQL_CANCELLED ", " SQL_EXPIRED ")");

	store_bind_text(st, 1, day);
	store_bind_text(st, 2, queue);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return store_db_error(s, "counting void tickets", err);
	}
	*n = db_column_int(st, 0);
	db_reset(st);
	return 0;
}

/*
 * An operator's answer to a misused token: one walk of the day's tickets
 * (rare, so no index of its own that every take would have to write).
 */
int store_ticket_cancel_device(struct store *s, const char *device,
                               const char *day, int64_t at,
                               struct store_queue_count *out, int max,
                               int *nqueues, int *cancelled, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT queue, count(*) FROM ticket WHERE day = ?1 AND "
	       "device = ?2 AND state IN (" SQL_WAITING ", " SQL_NO_SHOW ") "
	       "GROUP BY queue ORDER BY queue");
	int rc;

	store_bind_text(st, 1, day);
	store_bind_text(st, 2, device);
	*nqueues = 0;
	while ((rc = db_step(st)) == DB_ROW && *nqueues < max) {
		snprintf(out[*nqueues].queue, sizeof out[*nqueues].queue, "%s",
		         db_column_text(st, 0));
		out[*nqueues].n = db_column_int(st, 1);
		(*nqueues)++;
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "finding a device's tickets", err);
	st = store_stmt(s, "UPDATE ticket SET state = " SQL_CANCELLED
	                   ", finished_at = ?3 WHERE day = ?1 AND device = ?2 "
	                   "AND state IN (" SQL_WAITING ", " SQL_NO_SHOW ")");
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, device);
	db_bind_int64(st, 3, at);
	if (store_step_done(s, st, "cancelling a device's tickets", err))
		return -1;
	*cancelled = db_changes(s->db);
	return 0;
}
