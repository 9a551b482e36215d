/*
 * The trace (痕迹管理): every change appends one event row. Each row's hash
 * is BLAKE2b(previous hash || body), so editing or deleting a row breaks
 * every hash after it, and store_trace_verify() finds where.
 */
#include "store-private.h"

#include <string.h>

static void store_trace_hash(const unsigned char *prev, const char *body,
                             size_t len, unsigned char *out)
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, STORE_HASH_LEN);
	crypto_generichash_update(&h, prev, STORE_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)body, len);
	crypto_generichash_final(&h, out, STORE_HASH_LEN);
}

/* Append one event, numbered last_seq + 1, chained onto the tail. */
int store_trace_append(struct store *s, int64_t at, const char *body,
                       size_t len, struct qerr *err)
{
	unsigned char hash[STORE_HASH_LEN];
	struct db_stmt *st;

	store_trace_hash(s->last_hash, body, len, hash);
	st = store_stmt(s, "INSERT INTO event (seq, at, body, hash) "
	                   "VALUES (?1, ?2, ?3, ?4)");
	db_bind_int64(st, 1, s->last_seq + 1);
	db_bind_int64(st, 2, at);
	db_bind_text(st, 3, body, (int)len, DB_STATIC);
	db_bind_blob(st, 4, hash, STORE_HASH_LEN, DB_STATIC);
	if (store_step_done(s, st, "appending to the trace", err))
		return -1;
	s->last_seq++;
	memcpy(s->last_hash, hash, STORE_HASH_LEN);
	return 0;
}

int64_t store_trace_last_seq(const struct store *s)
{
	return s->last_seq;
}

/* Walk the whole trace; *bad_seq is the first row that does not chain. */
int store_trace_verify(struct store *s, int64_t *events, int64_t *bad_seq,
                       struct qerr *err)
{
	unsigned char prev[STORE_HASH_LEN] = {0}, hash[STORE_HASH_LEN];
	struct db_stmt *st =
	    store_stmt(s, "SELECT seq, body, hash FROM event ORDER BY seq");
	int64_t expect = 1;
	int rc;

	*events = 0;
	*bad_seq = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t seq = db_column_int64(st, 0);
		const char *body = (const char *)db_column_text(st, 1);
		int blen = db_column_bytes(st, 1);

		store_trace_hash(prev, body ? body : "", (size_t)blen, hash);
		if (seq != expect || db_column_bytes(st, 2) != STORE_HASH_LEN ||
		    memcmp(hash, db_column_blob(st, 2), STORE_HASH_LEN)) {
			*bad_seq = expect;
			break;
		}
		memcpy(prev, hash, STORE_HASH_LEN);
		(*events)++;
		expect++;
	}
	if (rc != DB_ROW && rc != DB_DONE) {
		db_reset(st);
		return store_db_error(s, "reading the trace", err);
	}
	db_reset(st);
	return 0;
}
