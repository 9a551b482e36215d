/*
 * Takes by one person (每人每日取号限制): a keyed hash of the ID number,
 * never the number, beside the ticket it took; deleted after the hall's
 * keeping period. The hash's key is the daemon's, outside this file.
 */
#include "store-private.h"

#include <string.h>

#include "proto.h"

int store_person_count(struct store *s, const unsigned char *hash,
                       size_t hash_len, const char *queue, const char *day,
                       int *taken, struct qerr *err)
{
	/* A cancelled ticket gives its place back, as it does to the cap. */
	struct db_stmt *st = store_stmt(
	    s, "SELECT count(*) FROM person_take p JOIN ticket t ON t.id = "
	       "p.ticket_id WHERE p.hash = ?1 AND p.queue = ?2 AND p.day = ?3 "
	       "AND t.state <> " SQL_CANCELLED);
	int rc;

	db_bind_blob(st, 1, hash, (int)hash_len, DB_STATIC);
	store_bind_text(st, 2, queue);
	store_bind_text(st, 3, day);
	rc = db_step(st);
	*taken = rc == DB_ROW ? db_column_int(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW)
		return store_db_error(s, "counting a person's takes", err);
	return 0;
}

int store_person_add(struct store *s, const unsigned char *hash,
                     size_t hash_len, const struct ticket *t, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO person_take (hash, queue, day, ticket_id) VALUES "
	       "(?1, ?2, ?3, ?4)");

	db_bind_blob(st, 1, hash, (int)hash_len, DB_STATIC);
	store_bind_text(st, 2, t->queue);
	store_bind_text(st, 3, t->day);
	db_bind_int64(st, 4, t->id);
	return store_step_done(s, st, "saving a person's take", err);
}

int store_person_forget(struct store *s, const char *before_day, int *forgotten,
                        struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "DELETE FROM person_take WHERE day < ?1");

	store_bind_text(st, 1, before_day);
	if (store_step_done(s, st, "deleting old ID hashes", err))
		return -1;
	*forgotten = db_changes(s->db);
	return 0;
}
