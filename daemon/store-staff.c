/* Staff (工作人员): who may log in at a window. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

int store_staff_add(struct store *s, const struct store_staff *who, int64_t at,
                    int *exists, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "INSERT INTO staff (id, name, "
	                                   "pin_hash, created_at) VALUES (?1, "
	                                   "?2, ?3, ?4)");

	*exists = 0;
	store_bind_text(st, 1, who->id);
	store_bind_text(st, 2, who->name);
	store_bind_text(st, 3, who->pin_hash);
	db_bind_int64(st, 4, at);
	if (db_step(st) != DB_DONE) {
		int ext = db_extended_errcode(s->db);
		db_reset(st);
		if ((ext & 0xff) == DB_CONSTRAINT) {
			*exists = 1;
			return 0;
		}
		return store_db_error(s, "adding staff", err);
	}
	db_reset(st);
	return 0;
}

int store_staff_get(struct store *s, const char *id, struct store_staff *out,
                    int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT name, pin_hash FROM staff WHERE id = ?1");
	int rc;

	store_bind_text(st, 1, id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		snprintf(out->id, sizeof out->id, "%s", id);
		snprintf(out->name, sizeof out->name, "%s",
		         db_column_text(st, 0));
		snprintf(out->pin_hash, sizeof out->pin_hash, "%s",
		         db_column_text(st, 1));
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading staff", err);
	return 0;
}

int store_staff_put_pin(struct store *s, const char *id, const char *pin_hash,
                        int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE staff SET pin_hash = ?2 WHERE id = ?1");

	store_bind_text(st, 1, id);
	store_bind_text(st, 2, pin_hash);
	if (store_step_done(s, st, "changing a PIN", err))
		return -1;
	*found = db_changes(s->db) > 0;
	return 0;
}

int store_staff_remove(struct store *s, const char *id, int *out, int max,
                       int *windows, int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT number FROM window WHERE staff = ?1");
	int rc;

	store_bind_text(st, 1, id);
	*windows = 0;
	while ((rc = db_step(st)) == DB_ROW && *windows < max)
		out[(*windows)++] = db_column_int(st, 0);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading windows", err);
	st = store_stmt(s, "UPDATE window SET staff = NULL WHERE staff = ?1");
	store_bind_text(st, 1, id);
	if (store_step_done(s, st, "logging staff out", err))
		return -1;
	st = store_stmt(s, "DELETE FROM staff WHERE id = ?1");
	store_bind_text(st, 1, id);
	if (store_step_done(s, st, "removing staff", err))
		return -1;
	*found = db_changes(s->db) > 0;
	return 0;
}

int store_staff_role_get(struct store *s, const char *id, char *role,
                         size_t size, int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT role FROM staff WHERE id = ?1");
	int rc;

	store_bind_text(st, 1, id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		snprintf(role, size, "%s", db_column_text(st, 0));
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a staff role", err);
	return 0;
}

int store_staff_role_set(struct store *s, const char *id, const char *role,
                         struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE staff SET role = ?2 WHERE id = ?1");

	store_bind_text(st, 1, id);
	store_bind_text(st, 2, role);
	if (db_step(st) != DB_DONE) {
		db_reset(st);
		return store_db_error(s, "setting a staff role", err);
	}
	db_reset(st);
	return 0;
}
