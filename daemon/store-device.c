/* Devices known to the daemon: a name, a role, and a hashed token. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

int store_device_add(struct store *s, const struct store_device *d,
                     const char *token_id, const unsigned char *salt,
                     const unsigned char *hash, int64_t at, int *exists,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO device (token_id, name, role, window, salt, hash, "
	       "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	store_bind_text(st, 1, token_id);
	store_bind_text(st, 2, d->name);
	store_bind_text(st, 3, d->role);
	if (d->window > 0)
		db_bind_int(st, 4, d->window);
	db_bind_blob(st, 5, salt, crypto_generichash_KEYBYTES, DB_STATIC);
	db_bind_blob(st, 6, hash, crypto_generichash_BYTES, DB_STATIC);
	db_bind_int64(st, 7, at);
	*exists = 0;
	if (db_step(st) != DB_DONE) {
		int ext = db_extended_errcode(s->db);
		db_reset(st);
		if ((ext & 0xff) == DB_CONSTRAINT) {
			*exists = 1;
			return 0;
		}
		return store_db_error(s, "adding a device", err);
	}
	db_reset(st);
	return 0;
}

int store_device_lookup(struct store *s, const char *token_id,
                        struct store_device *d, unsigned char *salt,
                        unsigned char *hash, int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT name, role, window, salt, "
	                  "hash FROM device WHERE token_id = ?1");
	int rc;

	store_bind_text(st, 1, token_id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc != DB_ROW) {
		db_reset(st);
		if (rc == DB_DONE)
			return 0;
		return store_db_error(s, "reading devices", err);
	}
	snprintf(d->name, sizeof d->name, "%s", db_column_text(st, 0));
	snprintf(d->role, sizeof d->role, "%s", db_column_text(st, 1));
	d->window = db_column_int(st, 2);
	if (db_column_bytes(st, 3) != crypto_generichash_KEYBYTES ||
	    db_column_bytes(st, 4) != crypto_generichash_BYTES) {
		db_reset(st);
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "device %s has a damaged token", d->name);
	}
	memcpy(salt, db_column_blob(st, 3), crypto_generichash_KEYBYTES);
	memcpy(hash, db_column_blob(st, 4), crypto_generichash_BYTES);
	db_reset(st);
	return 0;
}

int store_device_get(struct store *s, const char *name, struct store_device *d,
                     int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT role, window FROM device WHERE name = ?1");
	int rc;

	store_bind_text(st, 1, name);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		snprintf(d->name, sizeof d->name, "%s", name);
		snprintf(d->role, sizeof d->role, "%s", db_column_text(st, 0));
		d->window = db_column_int(st, 1);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading devices", err);
	return 0;
}

int store_device_remove(struct store *s, const char *name, int *found,
                        struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "DELETE FROM device WHERE name = ?1");

	store_bind_text(st, 1, name);
	if (store_step_done(s, st, "removing a device", err))
		return -1;
	*found = db_changes(s->db) > 0;
	return 0;
}

int store_device_put_token(struct store *s, const char *name,
                           const char *token_id, const unsigned char *salt,
                           const unsigned char *hash, int *found,
                           struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE device SET token_id = ?2, salt = ?3, hash = ?4 "
	       "WHERE name = ?1");

	store_bind_text(st, 1, name);
	store_bind_text(st, 2, token_id);
	db_bind_blob(st, 3, salt, crypto_generichash_KEYBYTES, DB_STATIC);
	db_bind_blob(st, 4, hash, crypto_generichash_BYTES, DB_STATIC);
	if (store_step_done(s, st, "changing a device's token", err))
		return -1;
	*found = db_changes(s->db) > 0;
	return 0;
}
