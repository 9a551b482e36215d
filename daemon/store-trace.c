/*
 * The trace (痕迹管理): every change appends one event row. Each row's hash
 * is BLAKE2b(previous hash || body), so editing or deleting a row breaks
 * every hash after it, and store_trace_verify() finds where.
 */
#include "store-private.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "proto.h"
#include "xmalloc.h"

static void store_trace_hash(const unsigned char *prev, const char *body,
                             size_t len, unsigned char *out)
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, STORE_HASH_LEN);
	crypto_generichash_update(&h, prev, STORE_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)body, len);
	crypto_generichash_final(&h, out, STORE_HASH_LEN);
}

/*
 * Append an event: {"event", "seq", "at", "actor", "window"?, "ticket"?,
 * ...extra}. Extra is consumed. The event reaches subscribers only once its
 * request is kept and its batch committed, as the very text the trace holds.
 */
int store_event(struct store *s, const char *type, int64_t now,
                const struct ticket *t, int window, json_t *extra,
                struct qerr *err)
{
	json_t *ev = extra ? extra : json_object();
	unsigned char hash[STORE_HASH_LEN];
	sqlite3_stmt *st;
	size_t len;
	char *body;
	int rc;

	json_object_set_new(ev, "event", json_string(type));
	json_object_set_new(ev, "seq", json_integer(s->last_seq + 1));
	json_object_set_new(ev, "at", json_integer(now));
	json_object_set_new(ev, "actor",
	                    json_string(s->actor[0] ? s->actor : "qhalld"));
	if (window > 0)
		json_object_set_new(ev, "window", json_integer(window));
	if (t != NULL) {
		/* The status key is the citizen's; the trace never holds it. */
		json_t *tj = ticket_to_json(t);
		json_object_del(tj, "key");
		json_object_set_new(ev, "ticket", tj);
	}
	body = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	if (body == NULL)
		fatal("out of memory encoding an event");
	len = strlen(body);
	store_trace_hash(s->last_hash, body, len, hash);

	st = store_stmt(s, "INSERT INTO event (seq, at, body, hash) "
	                   "VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_int64(st, 1, s->last_seq + 1);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, body, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 4, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
	rc = store_step_done(s, st, "appending to the trace", err);
	json_decref(ev);
	if (rc) {
		free(body);
		return -1;
	}
	s->last_seq++;
	memcpy(s->last_hash, hash, STORE_HASH_LEN);
	if (s->in_request)
		json_array_append_new(s->request_events,
		                      json_stringn_nocheck(body, len));
	else if (s->sink.emit)
		s->sink.emit(s->sink.arg, body, len);
	free(body);
	return 0;
}

/* Walk the whole trace; *bad_seq is the first row that does not chain. */
int store_trace_verify(struct store *s, int64_t *events, int64_t *bad_seq,
                       struct qerr *err)
{
	unsigned char prev[STORE_HASH_LEN] = {0}, hash[STORE_HASH_LEN];
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT seq, body, hash FROM event ORDER BY seq");
	int64_t expect = 1;
	int rc;

	*events = 0;
	*bad_seq = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 1);
		int blen = sqlite3_column_bytes(st, 1);

		store_trace_hash(prev, body ? body : "", (size_t)blen, hash);
		if (seq != expect ||
		    sqlite3_column_bytes(st, 2) != STORE_HASH_LEN ||
		    memcmp(hash, sqlite3_column_blob(st, 2), STORE_HASH_LEN)) {
			*bad_seq = expect;
			break;
		}
		memcpy(prev, hash, STORE_HASH_LEN);
		(*events)++;
		expect++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return store_db_error(s, "reading the trace", err);
	}
	sqlite3_reset(st);
	return 0;
}
