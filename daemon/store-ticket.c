/* Tickets: taking a number, looking one up, rejoining, the day's end. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

#define TICKET_COLUMNS                                                         \
	"id, day, number, queue, item, priority, class, state, window, "       \
	"taken_at, called_at, served_at, finished_at, calls, printed, key"

static void store_ticket_row(sqlite3_stmt *st, struct ticket *t)
{
	const char *item = (const char *)sqlite3_column_text(st, 4);

	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	snprintf(t->day, sizeof t->day, "%s", sqlite3_column_text(st, 1));
	snprintf(t->number, sizeof t->number, "%s", sqlite3_column_text(st, 2));
	snprintf(t->queue, sizeof t->queue, "%s", sqlite3_column_text(st, 3));
	snprintf(t->item, sizeof t->item, "%s", item ? item : "");
	t->priority = sqlite3_column_int(st, 5);
	t->klass = (enum ticket_class)sqlite3_column_int(st, 6);
	t->state = (enum ticket_state)sqlite3_column_int(st, 7);
	t->window = sqlite3_column_int(st, 8);
	t->taken_at = sqlite3_column_int64(st, 9);
	t->called_at = sqlite3_column_int64(st, 10);
	t->served_at = sqlite3_column_int64(st, 11);
	t->finished_at = sqlite3_column_int64(st, 12);
	t->calls = sqlite3_column_int(st, 13);
	t->printed = sqlite3_column_int(st, 14);
	snprintf(t->key, sizeof t->key, "%s", sqlite3_column_text(st, 15));
	t->ahead = -1;
	t->est_wait_s = -1;
}

static int store_ticket_fetch(struct store *s, sqlite3_stmt *st,
                              struct ticket *t, const char *what,
                              struct qerr *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		store_ticket_row(st, t);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return qerr_set(err, PROTO_E_NOT_FOUND, "no such ticket: %s",
		                what);
	return store_db_error(s, "reading a ticket", err);
}

int store_ticket_by_id(struct store *s, int64_t id, struct ticket *t,
                       struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                 " FROM ticket WHERE id = ?1");

	sqlite3_bind_int64(st, 1, id);
	return store_ticket_fetch(s, st, t, "by id", err);
}

int store_ticket_find(struct store *s, const char *day, const char *number,
                      struct ticket *t, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                 " FROM ticket WHERE day = ?1 AND "
	                                 "number = ?2");

	store_bind_text(st, 1, day);
	store_bind_text(st, 2, number);
	if (store_ticket_fetch(s, st, t, number, err))
		return -1;
	return t->state == TICKET_WAITING ? store_ticket_ahead(s, t, err) : 0;
}

/*
 * A queue's waiting count (kept by triggers, so it costs no scan), its
 * average service time, and how many open windows serve it.
 */
static int store_queue_load(struct store *s, const char *queue, int *waiting,
                            int64_t *avg_ms, int *open, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT q.waiting, q.avg_service_ms, (SELECT count(*) FROM "
	       "window_queue wq JOIN window w ON w.number = wq.window WHERE "
	       "wq.queue = q.prefix AND w.state = 0) FROM queue q "
	       "WHERE q.prefix = ?1");

	store_bind_text(st, 1, queue);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_error(s, "reading the queue", err);
	}
	*waiting = sqlite3_column_int(st, 0);
	*avg_ms = sqlite3_column_int64(st, 1);
	*open = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	return 0;
}

static void store_ticket_estimate(struct ticket *t, int64_t avg_ms, int open)
{
	/* With every window closed nobody can promise a time. */
	t->est_wait_s =
	    open > 0 ? (int)((int64_t)t->ahead * avg_ms / open / 1000) : -1;
}

/* The ticket a take with this request id issued, or not_found. */
int store_ticket_by_request(struct store *s, const char *request,
                            struct ticket *t, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " TICKET_COLUMNS
	                                 " FROM ticket WHERE request = ?1");

	store_bind_text(st, 1, request);
	if (store_ticket_fetch(s, st, t, "for that request", err))
		return -1;
	return t->state == TICKET_WAITING ? store_ticket_ahead(s, t, err) : 0;
}

/* How many wait before t in its queue, and a guess of how long that takes. */
int store_ticket_ahead(struct store *s, struct ticket *t, struct qerr *err)
{
	sqlite3_stmt *st;
	int64_t order_at, avg_ms = 0;
	int waiting = 0, open = 0;

	st = store_stmt(s, "SELECT order_at FROM ticket WHERE id = ?1");
	sqlite3_bind_int64(st, 1, t->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_error(s, "reading a ticket", err);
	}
	order_at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	st = store_stmt(
	    s, "SELECT count(*) FROM ticket WHERE state = 0 AND queue = ?1 "
	       "AND (class < ?2 OR (class = ?2 AND (order_at < ?3 OR "
	       "(order_at = ?3 AND id < ?4))))");
	store_bind_text(st, 1, t->queue);
	sqlite3_bind_int(st, 2, t->klass);
	sqlite3_bind_int64(st, 3, order_at);
	sqlite3_bind_int64(st, 4, t->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_error(s, "counting the queue", err);
	}
	t->ahead = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (store_queue_load(s, t->queue, &waiting, &avg_ms, &open, err))
		return -1;
	store_ticket_estimate(t, avg_ms, open);
	return 0;
}

/* Write back a ticket's state; order_at < 0 leaves its place unchanged. */
int store_ticket_update(struct store *s, const struct ticket *t,
                        int64_t order_at, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(
	    s, "UPDATE ticket SET queue = ?2, class = ?3, state = ?4, "
	       "window = ?5, called_at = ?6, served_at = ?7, finished_at = ?8, "
	       "calls = ?9, printed = ?10, "
	       "order_at = CASE WHEN ?11 < 0 THEN order_at ELSE ?11 END "
	       "WHERE id = ?1");

	sqlite3_bind_int64(st, 1, t->id);
	store_bind_text(st, 2, t->queue);
	sqlite3_bind_int(st, 3, t->klass);
	sqlite3_bind_int(st, 4, t->state);
	if (t->window)
		sqlite3_bind_int(st, 5, t->window);
	if (t->called_at)
		sqlite3_bind_int64(st, 6, t->called_at);
	if (t->served_at)
		sqlite3_bind_int64(st, 7, t->served_at);
	if (t->finished_at)
		sqlite3_bind_int64(st, 8, t->finished_at);
	sqlite3_bind_int(st, 9, t->calls);
	sqlite3_bind_int(st, 10, t->printed);
	sqlite3_bind_int64(st, 11, order_at);
	return store_step_done(s, st, "updating a ticket", err);
}

/*
 * Take the next number of a queue. The day's counter and the ticket are
 * written in one savepoint, so a number is never issued twice: not after a
 * failed request, not after a crash.
 */
int store_ticket_take(struct store *s, const struct store_take *a,
                      struct ticket *t, int *repeated, struct qerr *err)
{
	unsigned char raw[12];
	char day[TICKET_DAY_LEN + 1];
	sqlite3_stmt *st;
	int seq, closed, rc;

	/* Asked again after a lost reply: the same ticket, not a second. */
	*repeated = 0;
	if (a->request) {
		struct qerr none;
		if (store_ticket_by_request(s, a->request, t, &none) == 0) {
			*repeated = 1;
			return 0;
		}
		if (strcmp(none.code, PROTO_E_NOT_FOUND) != 0) {
			*err = none;
			return -1;
		}
	}

	/*
	 * The next number of the day, and whether the queue issues at all, in
	 * one statement. A clock set back to an earlier day goes on with the
	 * later day's count rather than issue a number twice. A closed queue's
	 * bump is undone with the request's savepoint.
	 */
	st = store_stmt(s, "UPDATE queue SET last_seq = CASE WHEN ?2 > seq_day "
	                   "THEN 1 ELSE last_seq + 1 END, "
	                   "seq_day = max(seq_day, ?2) WHERE prefix = ?1 "
	                   "RETURNING last_seq, closed, seq_day");
	store_bind_text(st, 1, a->queue);
	store_bind_text(st, 2, a->day);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return qerr_set(err, PROTO_E_NO_QUEUE,
			                "there is no queue %s", a->queue);
		return store_db_error(s, "numbering a ticket", err);
	}
	seq = sqlite3_column_int(st, 0);
	closed = sqlite3_column_int(st, 1);
	/* The ticket belongs to the counter's day, so (day, number) never
	 * collides even when the clock was set back. */
	snprintf(day, sizeof day, "%s", sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	if (closed)
		return qerr_set(err, PROTO_E_QUEUE_CLOSED,
		                "queue %s is not issuing numbers now",
		                a->queue);
	if (seq > a->daily_cap)
		return qerr_set(err, PROTO_E_QUEUE_FULL,
		                "queue %s has issued its %d numbers for today",
		                a->queue, a->daily_cap);

	memset(t, 0, sizeof *t);
	if (ticket_number_format(t->number, sizeof t->number, a->queue, seq))
		return qerr_set(err, PROTO_E_QUEUE_FULL,
		                "queue %s has no numbers left today", a->queue);
	snprintf(t->day, sizeof t->day, "%s", day);
	snprintf(t->queue, sizeof t->queue, "%s", a->queue);
	snprintf(t->item, sizeof t->item, "%s", a->item ? a->item : "");
	t->priority = a->priority;
	t->klass = a->priority ? TICKET_CLASS_PRIORITY : TICKET_CLASS_NORMAL;
	t->state = TICKET_WAITING;
	t->taken_at = a->now;
	t->printed = 1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(t->key, sizeof t->key, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);

	st =
	    store_stmt(s, "INSERT INTO ticket (day, number, queue, item, "
	                  "priority, class, state, order_at, taken_at, key, "
	                  "request) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?7, ?8, ?9)");
	store_bind_text(st, 1, t->day);
	store_bind_text(st, 2, t->number);
	store_bind_text(st, 3, t->queue);
	store_bind_text(st, 4, a->item);
	sqlite3_bind_int(st, 5, t->priority);
	sqlite3_bind_int(st, 6, t->klass);
	sqlite3_bind_int64(st, 7, t->taken_at);
	store_bind_text(st, 8, t->key);
	store_bind_text(st, 9, a->request);
	if (store_step_done(s, st, "saving a ticket", err))
		return -1;
	t->id = sqlite3_last_insert_rowid(s->db);
	/*
	 * An ordinary ticket just taken is the last of its queue: everyone
	 * waiting is ahead of it, and the count is kept for us. A priority
	 * ticket counts the few priority tickets before it.
	 */
	if (t->klass == TICKET_CLASS_NORMAL) {
		int64_t avg_ms = 0;
		int waiting = 0, open = 0;
		if (store_queue_load(s, t->queue, &waiting, &avg_ms, &open,
		                     err))
			return -1;
		t->ahead = waiting - 1;
		store_ticket_estimate(t, avg_ms, open);
	} else if (store_ticket_ahead(s, t, err)) {
		return -1;
	}
	return store_event(s, "taken", a->now, t, 0, NULL, err);
}

/*
 * A citizen who missed the call comes back: the ticket waits again, `places`
 * ordinary tickets behind the head of its queue (or last, if fewer wait).
 */
int store_ticket_rejoin(struct store *s, const char *day, const char *number,
                        int places, int64_t now, struct ticket *t,
                        struct qerr *err)
{
	sqlite3_stmt *st;
	int64_t order_at = now;

	if (store_ticket_find(s, day, number, t, err))
		return -1;
	/* An earlier day's A001 rejoining would share today's A001 number. */
	if (strcmp(t->day, s->day) != 0)
		return qerr_set(
		    err, PROTO_E_BAD_STATE,
		    "%s is from %s; only today's tickets can rejoin", number,
		    t->day);
	if (t->state != TICKET_NO_SHOW)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s is %s; only a missed ticket can rejoin",
		                number, ticket_state_name(t->state));
	if (places > 0) {
		st =
		    store_stmt(s, "SELECT order_at FROM ticket WHERE state = 0 "
		                  "AND queue = ?1 AND class = 2 ORDER BY "
		                  "order_at, id LIMIT 1 OFFSET ?2");
		store_bind_text(st, 1, t->queue);
		sqlite3_bind_int(st, 2, places - 1);
		if (sqlite3_step(st) == SQLITE_ROW)
			order_at = sqlite3_column_int64(st, 0) + 1;
		sqlite3_reset(st);
	}
	t->state = TICKET_WAITING;
	t->klass = t->priority ? TICKET_CLASS_PRIORITY : TICKET_CLASS_NORMAL;
	t->window = 0;
	if (store_ticket_update(s, t, order_at, err) ||
	    store_ticket_ahead(s, t, err))
		return -1;
	return store_event(s, "rejoined", now, t, 0, NULL, err);
}

/* The kiosk could not print: the number stands, but is not counted as paper. */
int store_ticket_print_failed(struct store *s, const char *day,
                              const char *number, const char *reason,
                              struct ticket *t, struct qerr *err)
{
	int64_t now = ticket_now_ms();

	if (store_ticket_find(s, day, number, t, err))
		return -1;
	t->printed = 0;
	if (store_ticket_update(s, t, -1, err))
		return -1;
	return store_event(s, "print_failed", now, t, 0,
	                   json_pack("{s:s}", "reason", reason ? reason : ""),
	                   err);
}

static int store_expire_open(struct store *s, const char *last_day, int64_t now,
                             int *expired, struct qerr *err)
{
	sqlite3_stmt *st;

	st = store_stmt(s, "UPDATE window SET ticket_id = NULL WHERE ticket_id "
	                   "IN (SELECT id FROM ticket WHERE state IN (1, 2) "
	                   "AND day <= ?1)");
	store_bind_text(st, 1, last_day);
	if (store_step_done(s, st, "closing the day", err))
		return -1;
	/* Two statements, so each walks its small partial index, not the
	 * years of history. */
	static const char *const expire[] = {
	    "UPDATE ticket INDEXED BY ticket_waiting SET state = 6, "
	    "finished_at = ?2 WHERE state = 0 AND day <= ?1",
	    "UPDATE ticket INDEXED BY ticket_at_counter SET state = 6, "
	    "finished_at = ?2 WHERE state IN (1, 2) AND day <= ?1",
	};
	*expired = 0;
	for (size_t i = 0; i < sizeof expire / sizeof expire[0]; i++) {
		st = store_stmt(s, expire[i]);
		store_bind_text(st, 1, last_day);
		sqlite3_bind_int64(st, 2, now);
		if (store_step_done(s, st, "closing the day", err))
			return -1;
		*expired += sqlite3_changes(s->db);
	}
	return 0;
}

/* Day close (日结): whatever still waits or stands at a window expires. */
int store_day_close(struct store *s, const char *day, int64_t now, int *expired,
                    struct qerr *err)
{
	if (store_expire_open(s, day, now, expired, err))
		return -1;
	return store_event(
	    s, "day_closed", now, NULL, 0,
	    json_pack("{s:s, s:i}", "day", day, "expired", *expired), err);
}

/* The first change of a new business day closes the days before it. */
int store_day_roll(struct store *s, const char *today, int64_t now,
                   struct qerr *err)
{
	char previous[TICKET_DAY_LEN + 1];
	int expired = 0;

	if (strcmp(s->day, today) == 0)
		return 0;
	snprintf(previous, sizeof previous, "%s", s->day);
	if (previous[0] && strcmp(previous, today) < 0 &&
	    store_expire_open(s, previous, now, &expired, err))
		return -1;
	if (store_setting_put(s, "day", today, err))
		return -1;
	snprintf(s->day, sizeof s->day, "%s", today);
	return store_event(s, "day_started", now, NULL, 0,
	                   json_pack("{s:s, s:s, s:i}", "day", today,
	                             "previous", previous, "expired", expired),
	                   err);
}
