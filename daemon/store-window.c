/*
 * Windows (窗口): which queues each serves, and what happens at the counter.
 *
 * Call order at a window is deterministic: priority tickets (绿色通道) first,
 * then tickets transferred in, then by the rank of the queue at this window,
 * then by the time taken. Each queue costs one LIMIT 1 seek on the index of
 * waiting tickets; the best head wins.
 */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

int store_window_get(struct store *s, int number, struct window_info *w,
                     struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT state, reason, ticket_id "
	                                 "FROM window WHERE number = ?1");
	int rc;

	memset(w, 0, sizeof *w);
	sqlite3_bind_int(st, 1, number);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return qerr_set(err, PROTO_E_NO_WINDOW,
			                "there is no window %d", number);
		return store_db_error(s, "reading a window", err);
	}
	w->number = number;
	w->state = (enum window_state)sqlite3_column_int(st, 0);
	snprintf(w->reason, sizeof w->reason, "%s", sqlite3_column_text(st, 1));
	w->ticket_id = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);

	st = store_stmt(s, "SELECT queue FROM window_queue WHERE window = ?1 "
	                   "ORDER BY rank");
	sqlite3_bind_int(st, 1, number);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       w->nqueues < CATALOG_MAX_QUEUES)
		snprintf(w->queues[w->nqueues++], sizeof w->queues[0], "%s",
		         sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return 0;
}

/* The window serves these queues, in this rank; it is made if new. */
int store_window_set(struct store *s, int number, const char *const *queues,
                     int nqueues, struct qerr *err)
{
	sqlite3_stmt *st;
	json_t *list;

	for (int i = 0; i < nqueues; i++)
		for (int k = 0; k < i; k++)
			if (strcmp(queues[i], queues[k]) == 0)
				return qerr_set(err, PROTO_E_BAD_REQUEST,
				                "queue %s listed twice",
				                queues[i]);
	list = json_array();
	st = store_stmt(s, "INSERT INTO window (number) VALUES (?1) "
	                   "ON CONFLICT DO NOTHING");
	sqlite3_bind_int(st, 1, number);
	if (store_step_done(s, st, "adding a window", err))
		goto fail;
	st = store_stmt(s, "DELETE FROM window_queue WHERE window = ?1");
	sqlite3_bind_int(st, 1, number);
	if (store_step_done(s, st, "setting a window's queues", err))
		goto fail;
	for (int i = 0; i < nqueues; i++) {
		st = store_stmt(s, "INSERT INTO window_queue (window, rank, "
		                   "queue) VALUES (?1, ?2, ?3)");
		sqlite3_bind_int(st, 1, number);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, queues[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			int ext = sqlite3_extended_errcode(s->db);
			sqlite3_reset(st);
			if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
				qerr_set(err, PROTO_E_NO_QUEUE,
				         "there is no queue %s", queues[i]);
			else
				store_db_error(s, "setting a window's queues",
				               err);
			goto fail;
		}
		sqlite3_reset(st);
		json_array_append_new(list, json_string(queues[i]));
	}
	return store_event(s, "window_set", ticket_now_ms(), NULL, number,
	                   json_pack("{s:o}", "queues", list), err);
fail:
	json_decref(list);
	return -1;
}

static int store_window_point(struct store *s, int number, int64_t ticket_id,
                              struct qerr *err)
{
	sqlite3_stmt *st =
	    store_stmt(s, "UPDATE window SET ticket_id = ?2 WHERE number = ?1");

	sqlite3_bind_int(st, 1, number);
	if (ticket_id)
		sqlite3_bind_int64(st, 2, ticket_id);
	return store_step_done(s, st, "updating a window", err);
}

/* The ticket at the counter of window `number`, or a not_found error. */
static int store_window_current(struct store *s, int number,
                                struct window_info *w, struct ticket *t,
                                struct qerr *err)
{
	if (store_window_get(s, number, w, err))
		return -1;
	if (w->ticket_id == 0)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "window %d has nobody at the counter", number);
	return store_ticket_by_id(s, w->ticket_id, t, err);
}

static int store_window_count_served(struct store *s, const struct ticket *t,
                                     int64_t ms, struct qerr *err)
{
	sqlite3_stmt *st;

	/* An average that follows the day: each service weighs 1/5. */
	st = store_stmt(s, "UPDATE queue SET served = served + 1, "
	                   "avg_service_ms = (avg_service_ms * 4 + ?2) / 5 "
	                   "WHERE prefix = ?1");
	store_bind_text(st, 1, t->queue);
	sqlite3_bind_int64(st, 2, ms);
	if (store_step_done(s, st, "counting a service", err))
		return -1;
	st = store_stmt(s, "UPDATE window SET "
	                   "served = CASE WHEN served_day = ?2 THEN served + 1 "
	                   "ELSE 1 END, "
	                   "service_ms = CASE WHEN served_day = ?2 THEN "
	                   "service_ms + ?3 ELSE ?3 END, served_day = ?2 "
	                   "WHERE number = ?1");
	sqlite3_bind_int(st, 1, t->window);
	store_bind_text(st, 2, s->day);
	sqlite3_bind_int64(st, 3, ms);
	return store_step_done(s, st, "counting a service", err);
}

static int store_window_done(struct store *s, struct ticket *t, int64_t now,
                             struct qerr *err)
{
	int64_t began = t->served_at ? t->served_at : t->called_at;

	t->state = TICKET_DONE;
	t->finished_at = now;
	if (store_ticket_update(s, t, -1, err) ||
	    store_window_point(s, t->window, 0, err) ||
	    store_window_count_served(s, t, now > began ? now - began : 0, err))
		return -1;
	return store_event(s, "finished", now, t, t->window, NULL, err);
}

/*
 * Call the next citizen. Whoever still stands at the counter is finished
 * first, as a caller keypad's "next" does. *found is 0 when nobody waits.
 */
int store_window_call(struct store *s, int number, int64_t now,
                      struct ticket *t, int *found, struct qerr *err)
{
	struct window_info w;
	int64_t best_id = 0, best_class = 0;
	sqlite3_stmt *st;

	*found = 0;
	if (store_window_get(s, number, &w, err))
		return -1;
	if (w.state == WINDOW_PAUSED)
		return qerr_set(err, PROTO_E_WINDOW_PAUSED,
		                "window %d is paused (%s); resume it first",
		                number, w.reason[0] ? w.reason : "no reason");
	if (w.ticket_id) {
		if (store_ticket_by_id(s, w.ticket_id, t, err) ||
		    store_window_done(s, t, now, err))
			return -1;
	}
	for (int rank = 0; rank < w.nqueues; rank++) {
		st = store_stmt(s, "SELECT id, class FROM ticket "
		                   "WHERE state = 0 AND queue = ?1 "
		                   "ORDER BY class, order_at, id LIMIT 1");
		store_bind_text(st, 1, w.queues[rank]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			int64_t klass = sqlite3_column_int64(st, 1);
			/* Ranks come in order: a later queue wins only
			 * with a better class. */
			if (best_id == 0 || klass < best_class) {
				best_id = id;
				best_class = klass;
			}
		}
		sqlite3_reset(st);
	}
	if (best_id == 0)
		return 0;
	if (store_ticket_by_id(s, best_id, t, err))
		return -1;
	t->state = TICKET_CALLED;
	t->window = number;
	t->called_at = now;
	t->calls++;
	if (store_ticket_update(s, t, -1, err) ||
	    store_window_point(s, number, t->id, err) ||
	    store_event(s, "called", now, t, number, NULL, err))
		return -1;
	*found = 1;
	return 0;
}

int store_window_recall(struct store *s, int number, int64_t now,
                        struct ticket *t, struct qerr *err)
{
	struct window_info w;

	if (store_window_current(s, number, &w, t, err))
		return -1;
	t->calls++;
	t->called_at = now;
	if (store_ticket_update(s, t, -1, err))
		return -1;
	return store_event(s, "recalled", now, t, number, NULL, err);
}

/* 过号: the citizen did not come; the ticket may rejoin later. */
int store_window_skip(struct store *s, int number, int64_t now,
                      struct ticket *t, struct qerr *err)
{
	struct window_info w;

	if (store_window_current(s, number, &w, t, err))
		return -1;
	if (t->state != TICKET_CALLED)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s is already being served; finish it instead",
		                t->number);
	t->state = TICKET_NO_SHOW;
	t->finished_at = now;
	if (store_ticket_update(s, t, -1, err) ||
	    store_window_point(s, number, 0, err))
		return -1;
	return store_event(s, "no_show", now, t, number, NULL, err);
}

/* The citizen has arrived at the counter: service time starts now. */
int store_window_serve(struct store *s, int number, int64_t now,
                       struct ticket *t, struct qerr *err)
{
	struct window_info w;

	if (store_window_current(s, number, &w, t, err))
		return -1;
	if (t->state != TICKET_CALLED)
		return qerr_set(err, PROTO_E_BAD_STATE, "%s is already %s",
		                t->number, ticket_state_name(t->state));
	t->state = TICKET_SERVING;
	t->served_at = now;
	if (store_ticket_update(s, t, -1, err))
		return -1;
	return store_event(s, "serving", now, t, number, NULL, err);
}

int store_window_finish(struct store *s, int number, int64_t now,
                        struct ticket *t, struct qerr *err)
{
	struct window_info w;

	if (store_window_current(s, number, &w, t, err))
		return -1;
	return store_window_done(s, t, now, err);
}

/*
 * Send the ticket at the counter to another queue with the same number: to
 * the front (ahead of ordinary tickets, as transferred tickets go) or to the
 * back (behind everyone waiting now).
 */
int store_window_transfer(struct store *s, int number, const char *queue,
                          int to_back, int64_t now, struct ticket *t,
                          struct qerr *err)
{
	struct window_info w;
	char from[TICKET_PREFIX_MAX + 1];
	sqlite3_stmt *st;

	if (store_window_current(s, number, &w, t, err))
		return -1;
	st = store_stmt(s, "SELECT 1 FROM queue WHERE prefix = ?1");
	store_bind_text(st, 1, queue);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                queue);
	}
	sqlite3_reset(st);
	snprintf(from, sizeof from, "%s", t->queue);
	snprintf(t->queue, sizeof t->queue, "%s", queue);
	t->state = TICKET_WAITING;
	t->window = 0;
	t->served_at = 0;
	if (t->priority)
		t->klass = TICKET_CLASS_PRIORITY;
	else
		t->klass =
		    to_back ? TICKET_CLASS_NORMAL : TICKET_CLASS_TRANSFERRED;
	if (store_ticket_update(s, t, now, err) ||
	    store_window_point(s, number, 0, err) ||
	    store_ticket_ahead(s, t, err))
		return -1;
	return store_event(s, "transferred", now, t, number,
	                   json_pack("{s:s, s:s, s:b}", "from", from, "to",
	                             queue, "back", to_back),
	                   err);
}

static int store_window_state(struct store *s, int number,
                              enum window_state state, const char *reason,
                              int64_t now, struct qerr *err)
{
	struct window_info w;
	sqlite3_stmt *st;

	if (store_window_get(s, number, &w, err))
		return -1;
	if (w.state == state)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "window %d is already %s", number,
		                state == WINDOW_PAUSED ? "paused" : "open");
	st = store_stmt(s, "UPDATE window SET state = ?2, reason = ?3 "
	                   "WHERE number = ?1");
	sqlite3_bind_int(st, 1, number);
	sqlite3_bind_int(st, 2, state);
	store_bind_text(st, 3, reason ? reason : "");
	if (store_step_done(s, st, "updating a window", err))
		return -1;
	return store_event(
	    s, state == WINDOW_PAUSED ? "paused" : "resumed", now, NULL, number,
	    json_pack("{s:s}", "reason", reason ? reason : ""), err);
}

int store_window_pause(struct store *s, int number, const char *reason,
                       int64_t now, struct qerr *err)
{
	return store_window_state(s, number, WINDOW_PAUSED, reason, now, err);
}

int store_window_resume(struct store *s, int number, int64_t now,
                        struct qerr *err)
{
	return store_window_state(s, number, WINDOW_OPEN, NULL, now, err);
}
