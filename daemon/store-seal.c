/*
 * Sealed periods (封存): the figures of a period as a supervisor sealed
 * them, in parts, and the seal row that fixes them. Once the row is there
 * the schema's triggers refuse any change to that period's rows, so no
 * code path here (or a hand at the sqlite3 prompt) edits a seal silently;
 * the hash in the seal's trace event shows any edit made around them.
 */
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define SEAL_COLUMNS                                                           \
	"period, from_day, to_day, upto, sealed_at, seq, parts, hash"

static void seal_copy(char *out, size_t size, const unsigned char *text)
{
	snprintf(out, size, "%s", text ? (const char *)text : "");
}

static void seal_row(struct db_stmt *st, struct store_seal *seal)
{
	memset(seal, 0, sizeof *seal);
	seal_copy(seal->period, sizeof seal->period, db_column_text(st, 0));
	seal_copy(seal->from, sizeof seal->from, db_column_text(st, 1));
	seal_copy(seal->to, sizeof seal->to, db_column_text(st, 2));
	seal->upto = db_column_int64(st, 3);
	seal->sealed_at = db_column_int64(st, 4);
	seal->seq = db_column_int64(st, 5);
	seal->parts = db_column_int(st, 6);
	seal_copy(seal->hash, sizeof seal->hash, db_column_text(st, 7));
}

int store_seal_get(struct store *s, const char *period, struct store_seal *seal,
                   int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, "SELECT " SEAL_COLUMNS
	                                   " FROM seal WHERE period = ?1");
	int rc;

	store_bind_text(st, 1, period);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		seal_row(st, seal);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a seal", err);
	return 0;
}

/* The row, and no part beyond its count (left by an earlier attempt). */
int store_seal_add(struct store *s, const struct store_seal *seal,
                   struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "DELETE FROM seal_part WHERE period = ?1 AND idx >= ?2");

	store_bind_text(st, 1, seal->period);
	db_bind_int(st, 2, seal->parts);
	if (store_step_done(s, st, "sealing a period", err))
		return -1;
	st = store_stmt(s, "INSERT INTO seal (" SEAL_COLUMNS ") "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	store_bind_text(st, 1, seal->period);
	store_bind_text(st, 2, seal->from);
	store_bind_text(st, 3, seal->to);
	db_bind_int64(st, 4, seal->upto);
	db_bind_int64(st, 5, seal->sealed_at);
	db_bind_int64(st, 6, seal->seq);
	db_bind_int(st, 7, seal->parts);
	store_bind_text(st, 8, seal->hash);
	return store_step_done(s, st, "sealing a period", err);
}

int store_seal_part_put(struct store *s, const char *period, int idx,
                        const char *text, size_t len, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT OR REPLACE INTO seal_part (period, idx, text) "
	       "VALUES (?1, ?2, ?3)");

	store_bind_text(st, 1, period);
	db_bind_int(st, 2, idx);
	db_bind_text(st, 3, text, (int)len, DB_STATIC);
	return store_step_done(s, st, "keeping a part of a seal", err);
}

int store_seal_part_get(struct store *s, const char *period, int idx,
                        char **text, size_t *len, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT text FROM seal_part WHERE period = ?1 AND idx = ?2");
	int rc;

	*text = NULL;
	*len = 0;
	store_bind_text(st, 1, period);
	db_bind_int(st, 2, idx);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*len = (size_t)db_column_bytes(st, 0);
		*text = xmalloc(*len + 1);
		memcpy(*text, db_column_text(st, 0), *len);
		(*text)[*len] = '\0';
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a part of a seal", err);
	return 0;
}

int store_seal_list(struct store *s, struct store_seal *seals, int max, int *n,
                    struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT " SEAL_COLUMNS " FROM seal ORDER BY seq DESC LIMIT ?1");
	int rc;

	*n = 0;
	db_bind_int(st, 1, max);
	while ((rc = db_step(st)) == DB_ROW)
		seal_row(st, &seals[(*n)++]);
	db_reset(st);
	if (rc != DB_DONE)
		return store_db_error(s, "listing seals", err);
	return 0;
}

int store_trace_event(struct store *s, int64_t seq, char **text, size_t *len,
                      struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT body FROM event WHERE seq = ?1");
	int rc;

	*text = NULL;
	*len = 0;
	db_bind_int64(st, 1, seq);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*len = (size_t)db_column_bytes(st, 0);
		*text = xmalloc(*len + 1);
		memcpy(*text, db_column_text(st, 0), *len);
		(*text)[*len] = '\0';
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading an event", err);
	return 0;
}
