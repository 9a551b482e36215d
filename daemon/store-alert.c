/*
 * Alerts (KPI alerts and calls for help): one row from the moment an alert
 * is raised, acknowledged and cleared in place. At most one row of a kind
 * and subject is uncleared at a time (the unique partial index): an alert
 * never repeats while its condition holds, even if the rules forgot to
 * look. The uncleared rows are few; the partial index finds them without
 * walking the years of cleared ones.
 */
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* 7 -> 8 (store.c's list of migrations names it). The second index makes
 * a queue's longest wait one seek however many citizens wait. */
const char store_alert_migration[] =
    "CREATE TABLE alert ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  subject TEXT NOT NULL," /* queue prefix, window number, kiosk */
    "  window INTEGER,"        /* the window it concerns, if one */
    "  figure INTEGER NOT NULL,"
    "  threshold INTEGER NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT ''," /* help: the kiosk's screen */
    "  raised_at INTEGER NOT NULL,"
    "  acked_at INTEGER,"
    "  acked_by TEXT NOT NULL DEFAULT '',"
    "  cleared_at INTEGER,"
    "  cleared_figure INTEGER"
    ") STRICT;"
    "CREATE UNIQUE INDEX alert_current ON alert (kind, subject) "
    "  WHERE cleared_at IS NULL;"
    "CREATE INDEX ticket_waiting_taken ON ticket (queue, taken_at)"
    "  WHERE state = " SQL_WAITING ";";

#define ALERT_SELECT                                                           \
	"SELECT id, kind, subject, window, figure, threshold, detail, "        \
	"raised_at, acked_at, acked_by, cleared_at, cleared_figure FROM "      \
	"alert "

static void alert_copy(char *out, size_t size, const unsigned char *text)
{
	snprintf(out, size, "%s", text ? (const char *)text : "");
}

static void alert_row(struct db_stmt *st, struct store_alert *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int64(st, 0);
	alert_copy(a->kind, sizeof a->kind, db_column_text(st, 1));
	alert_copy(a->subject, sizeof a->subject, db_column_text(st, 2));
	a->window = db_column_int(st, 3);
	a->figure = db_column_int64(st, 4);
	a->threshold = db_column_int64(st, 5);
	alert_copy(a->detail, sizeof a->detail, db_column_text(st, 6));
	a->raised_at = db_column_int64(st, 7);
	a->acked_at = db_column_int64(st, 8);
	alert_copy(a->acked_by, sizeof a->acked_by, db_column_text(st, 9));
	a->cleared_at = db_column_int64(st, 10);
	a->cleared_figure = db_column_int64(st, 11);
}

static void alert_bind_time(struct db_stmt *st, int col, int64_t ms)
{
	if (ms)
		db_bind_int64(st, col, ms);
	else
		db_bind_null(st, col);
}

int store_alert_add(struct store *s, struct store_alert *a, int *exists,
                    struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO alert (kind, subject, window, figure, threshold, "
	       "detail, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	       "ON CONFLICT DO NOTHING");

	store_bind_text(st, 1, a->kind);
	store_bind_text(st, 2, a->subject);
	if (a->window > 0)
		db_bind_int(st, 3, a->window);
	db_bind_int64(st, 4, a->figure);
	db_bind_int64(st, 5, a->threshold);
	store_bind_text(st, 6, a->detail);
	db_bind_int64(st, 7, a->raised_at);
	if (store_step_done(s, st, "raising an alert", err))
		return -1;
	*exists = db_changes(s->db) == 0;
	if (!*exists)
		a->id = db_last_insert_rowid(s->db);
	return 0;
}

int store_alert_get(struct store *s, int64_t id, struct store_alert *a,
                    int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, ALERT_SELECT "WHERE id = ?1");
	int rc;

	db_bind_int64(st, 1, id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		alert_row(st, a);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading an alert", err);
	return 0;
}

int store_alert_put(struct store *s, const struct store_alert *a,
                    struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s,
	    "UPDATE alert SET acked_at = ?2, acked_by = ?3, cleared_at = ?4, "
	    "cleared_figure = ?5 WHERE id = ?1");

	db_bind_int64(st, 1, a->id);
	alert_bind_time(st, 2, a->acked_at);
	store_bind_text(st, 3, a->acked_by);
	alert_bind_time(st, 4, a->cleared_at);
	if (a->cleared_at)
		db_bind_int64(st, 5, a->cleared_figure);
	return store_step_done(s, st, "saving an alert", err);
}

int store_alert_current(struct store *s, struct store_alert **rows, int *n,
                        struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, ALERT_SELECT "INDEXED BY alert_current WHERE cleared_at IS NULL "
	                    "ORDER BY id");
	int cap = 8, rc;

	*n = 0;
	*rows = xcalloc((size_t)cap, sizeof **rows);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap *= 2;
			*rows = xrealloc(*rows, (size_t)cap * sizeof **rows);
		}
		alert_row(st, &(*rows)[(*n)++]);
	}
	db_reset(st);
	if (rc != DB_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return store_db_error(s, "listing alerts", err);
	}
	return 0;
}

int store_queue_oldest(struct store *s, const char *prefix, int64_t *taken_at,
                       int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT taken_at FROM ticket INDEXED BY ticket_waiting_taken "
	       "WHERE queue = ?1 AND state = " SQL_WAITING
	       " ORDER BY taken_at LIMIT 1");
	int rc;

	store_bind_text(st, 1, prefix);
	rc = db_step(st);
	*found = rc == DB_ROW;
	*taken_at = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "finding a queue's longest wait", err);
	return 0;
}
