/* Windows (窗口): their rows, the queues each serves, who is logged in. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

int store_window_get(struct store *s, int number, struct window_info *w,
                     int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT w.state, w.reason, w.ticket_id, w.served_day, w.served, "
	       "w.service_ms, w.staff, s.name FROM window w LEFT JOIN staff s "
	       "ON s.id = w.staff WHERE w.number = ?1");
	int rc;

	memset(w, 0, sizeof *w);
	db_bind_int(st, 1, number);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc != DB_ROW) {
		db_reset(st);
		if (rc == DB_DONE)
			return 0;
		return store_db_error(s, "reading a window", err);
	}
	w->number = number;
	w->state = (enum window_state)db_column_int(st, 0);
	snprintf(w->reason, sizeof w->reason, "%s", db_column_text(st, 1));
	w->ticket_id = db_column_int64(st, 2);
	snprintf(w->served_day, sizeof w->served_day, "%s",
	         db_column_text(st, 3));
	w->served = db_column_int(st, 4);
	w->service_ms = db_column_int64(st, 5);
	if (db_column_type(st, 6) != DB_NULL) {
		snprintf(w->staff_id, sizeof w->staff_id, "%s",
		         db_column_text(st, 6));
		snprintf(w->staff_name, sizeof w->staff_name, "%s",
		         db_column_text(st, 7));
	}
	db_reset(st);

	st = store_stmt(s, "SELECT queue FROM window_queue WHERE window = ?1 "
	                   "ORDER BY rank");
	db_bind_int(st, 1, number);
	while ((rc = db_step(st)) == DB_ROW && w->nqueues < CATALOG_MAX_QUEUES)
		snprintf(w->queues[w->nqueues++], sizeof w->queues[0], "%s",
		         db_column_text(st, 0));
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a window's queues", err);
	return 0;
}

int store_window_numbers(struct store *s, int *out, int max, int *n,
                         struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT number FROM window ORDER BY number");
	int rc;

	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < max)
		out[(*n)++] = db_column_int(st, 0);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading the windows", err);
	return 0;
}

int store_window_put(struct store *s, const struct window_info *w,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE window SET state = ?2, reason = ?3, ticket_id = ?4, "
	       "served_day = ?5, served = ?6, service_ms = ?7 "
	       "WHERE number = ?1");

	db_bind_int(st, 1, w->number);
	db_bind_int(st, 2, w->state);
	store_bind_text(st, 3, w->reason);
	if (w->ticket_id)
		db_bind_int64(st, 4, w->ticket_id);
	store_bind_text(st, 5, w->served_day);
	db_bind_int(st, 6, w->served);
	db_bind_int64(st, 7, w->service_ms);
	return store_step_done(s, st, "updating a window", err);
}

int store_window_set_queues(struct store *s, int number,
                            const char *const *queues, int n, int *bad_queue,
                            struct qerr *err)
{
	struct db_stmt *st;

	*bad_queue = -1;
	st = store_stmt(s, "INSERT INTO window (number) VALUES (?1) "
	                   "ON CONFLICT DO NOTHING");
	db_bind_int(st, 1, number);
	if (store_step_done(s, st, "adding a window", err))
		return -1;
	st = store_stmt(s, "DELETE FROM window_queue WHERE window = ?1");
	db_bind_int(st, 1, number);
	if (store_step_done(s, st, "setting a window's queues", err))
		return -1;
	for (int i = 0; i < n; i++) {
		st = store_stmt(s, "INSERT INTO window_queue (window, rank, "
		                   "queue) VALUES (?1, ?2, ?3)");
		db_bind_int(st, 1, number);
		db_bind_int(st, 2, i);
		store_bind_text(st, 3, queues[i]);
		if (db_step(st) != DB_DONE) {
			int ext = db_extended_errcode(s->db);
			db_reset(st);
			if (ext == DB_CONSTRAINT_FOREIGNKEY) {
				*bad_queue = i;
				return 0;
			}
			return store_db_error(s, "setting a window's queues",
			                      err);
		}
		db_reset(st);
	}
	return 0;
}

int store_window_put_staff(struct store *s, int number, const char *staff_id,
                           struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE window SET staff = ?2 WHERE number = ?1");

	db_bind_int(st, 1, number);
	store_bind_text(st, 2, staff_id);
	return store_step_done(s, st, "updating a window", err);
}
