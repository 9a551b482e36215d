/* Staff (工作人员): who may log in at a window, and who is logged in where. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

int store_staff_add(struct store *s, const char *id, const char *name,
                    const char *pin_hash, int64_t now, struct qerr *err)
{
	sqlite3_stmt *st = store_stmt(s, "INSERT INTO staff (id, name, "
	                                 "pin_hash, created_at) VALUES (?1, "
	                                 "?2, ?3, ?4)");

	store_bind_text(st, 1, id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, pin_hash);
	sqlite3_bind_int64(st, 4, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(s->db);
		sqlite3_reset(st);
		if ((ext & 0xff) == SQLITE_CONSTRAINT)
			return qerr_set(err, PROTO_E_EXISTS,
			                "staff %s already exists", id);
		return store_db_error(s, "adding staff", err);
	}
	sqlite3_reset(st);
	return store_event(s, "staff_added", now, NULL, 0,
	                   json_pack("{s:s, s:s}", "staff", id, "name", name),
	                   err);
}

int store_staff_get(struct store *s, const char *id, struct store_staff *out,
                    struct qerr *err)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT name, pin_hash FROM staff WHERE id = ?1");
	int rc;

	store_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return qerr_set(err, PROTO_E_NOT_FOUND,
			                "there is no staff %s", id);
		return store_db_error(s, "reading staff", err);
	}
	snprintf(out->id, sizeof out->id, "%s", id);
	snprintf(out->name, sizeof out->name, "%s", sqlite3_column_text(st, 0));
	snprintf(out->pin_hash, sizeof out->pin_hash, "%s",
	         sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return 0;
}

/* Staff at a window: id NULL logs whoever is there out. */
int store_window_staff(struct store *s, int window,
                       const struct store_staff *who, int64_t now,
                       struct qerr *err)
{
	struct window_info w;
	sqlite3_stmt *st;

	if (store_window_get(s, window, &w, err))
		return -1;
	st = store_stmt(s, "UPDATE window SET staff = ?2 WHERE number = ?1");
	sqlite3_bind_int(st, 1, window);
	store_bind_text(st, 2, who ? who->id : NULL);
	if (store_step_done(s, st, "updating a window", err))
		return -1;
	if (who == NULL)
		return store_event(s, "logout", now, NULL, window, NULL, err);
	return store_event(
	    s, "login", now, NULL, window,
	    json_pack("{s:s, s:s}", "staff", who->id, "name", who->name), err);
}

/* A closed queue (暂停取号) issues no numbers; what waits is still called. */
int store_queue_close(struct store *s, const char *queue, int closed,
                      int64_t now, struct qerr *err)
{
	sqlite3_stmt *st =
	    store_stmt(s, "UPDATE queue SET closed = ?2 WHERE prefix = ?1");

	store_bind_text(st, 1, queue);
	sqlite3_bind_int(st, 2, closed);
	if (store_step_done(s, st, "closing a queue", err))
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                queue);
	return store_event(s, closed ? "queue_closed" : "queue_opened", now,
	                   NULL, 0, json_pack("{s:s}", "queue", queue), err);
}
