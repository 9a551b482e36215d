/*
 * Routes (并联审批): the legs of a ticket's route, one row per queue of
 * each step. A leg that waits in its queue is in the partial index
 * route_leg_waiting, so the head of a queue's legs is one seek, and in the
 * queue's waiting count (triggers, store.c). A ticket with no route has no
 * row here.
 */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

int store_route_add(struct store *s, int64_t ticket_id,
                    const struct route_leg *legs, int n, struct qerr *err)
{
	struct db_stmt *st;

	for (int i = 0; i < n; i++) {
		st = store_stmt(s, "INSERT INTO route_leg (ticket_id, step, "
		                   "pos, queue, state, class, order_at) VALUES "
		                   "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		db_bind_int64(st, 1, ticket_id);
		db_bind_int(st, 2, legs[i].step);
		db_bind_int(st, 3, legs[i].pos);
		store_bind_text(st, 4, legs[i].queue);
		db_bind_int(st, 5, legs[i].state);
		db_bind_int(st, 6, legs[i].klass);
		db_bind_int64(st, 7, legs[i].order_at);
		if (store_step_done(s, st, "saving a route", err))
			return -1;
	}
	return 0;
}

int store_route_get(struct store *s, int64_t ticket_id, struct route_leg *out,
                    int max, int *n, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s,
	    "SELECT step, pos, queue, state, class, order_at, window, "
	    "done_at FROM route_leg WHERE ticket_id = ?1 ORDER BY step, pos");
	int rc;

	db_bind_int64(st, 1, ticket_id);
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		struct route_leg *l = &out[(*n)++];

		memset(l, 0, sizeof *l);
		l->step = db_column_int(st, 0);
		l->pos = db_column_int(st, 1);
		snprintf(l->queue, sizeof l->queue, "%s",
		         db_column_text(st, 2));
		l->state = (enum route_leg_state)db_column_int(st, 3);
		l->klass = (enum ticket_class)db_column_int(st, 4);
		l->order_at = db_column_int64(st, 5);
		l->window = db_column_int(st, 6);
		l->done_at = db_column_int64(st, 7);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a route", err);
	return 0;
}

int store_route_put(struct store *s, int64_t ticket_id,
                    const struct route_leg *l, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE route_leg SET state = ?4, class = ?5, order_at = ?6, "
	       "window = ?7, done_at = ?8 WHERE ticket_id = ?1 AND step = ?2 "
	       "AND pos = ?3");

	db_bind_int64(st, 1, ticket_id);
	db_bind_int(st, 2, l->step);
	db_bind_int(st, 3, l->pos);
	db_bind_int(st, 4, l->state);
	db_bind_int(st, 5, l->klass);
	db_bind_int64(st, 6, l->order_at);
	if (l->window)
		db_bind_int(st, 7, l->window);
	if (l->done_at)
		db_bind_int64(st, 8, l->done_at);
	return store_step_done(s, st, "updating a route", err);
}

/*
 * The legs' index is walked in call order; a leg whose ticket is at
 * another counter is passed over (not lost: it is called once that
 * counter lets the ticket go). Those are a handful at most.
 */
int store_route_head(struct store *s, const char *prefix, struct queue_head *h,
                     int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT l.ticket_id, l.class, l.order_at FROM route_leg l "
	       "INDEXED BY route_leg_waiting JOIN ticket t ON t.id = "
	       "l.ticket_id WHERE l.state = " SQL_LEG_WAITING " AND l.queue = "
	       "?1 AND t.state = " SQL_WAITING " ORDER BY l.class, l.order_at, "
	       "l.ticket_id LIMIT 1");
	int rc;

	store_bind_text(st, 1, prefix);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		h->id = db_column_int64(st, 0);
		h->klass = (enum ticket_class)db_column_int(st, 1);
		h->order_at = db_column_int64(st, 2);
		h->leg = 1;
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "finding the head of a queue's legs",
		                      err);
	return 0;
}

int store_route_sweep(struct store *s, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE route_leg INDEXED BY route_leg_waiting SET state = 5 "
	       "WHERE state = " SQL_LEG_WAITING " AND (SELECT state FROM "
	       "ticket WHERE id = ticket_id) IN (" SQL_CANCELLED
	       ", " SQL_EXPIRED ")");

	_Static_assert(ROUTE_LEG_LEFT == 5, "route_leg_sweep's state");
	return store_step_done(s, st, "closing routes", err);
}
