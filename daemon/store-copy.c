/*
 * A whole hall copied from one store into another (qhall migrate: a SQLite
 * hall into PostgreSQL), then checked.
 *
 * The copy runs in one transaction of the target, table by table in the
 * order the foreign keys ask, every row with its own id, so the trace's
 * seq and hashes, the tickets' ids and everything that points at them
 * arrive as they were. The counts the triggers keep (each queue's waiting
 * and windows_open) are not copied: the target's triggers rebuild them as
 * the tickets and the windows' queues arrive, and the check below then
 * compares them with the source's, which checks the triggers too.
 *
 * The check reads every table of both stores again in key order and
 * compares a BLAKE2b digest of each, then walks the target's trace chain
 * and compares its head with the source's; all before the commit, so a
 * copy that fails it leaves nothing behind.
 */
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "proto.h"

/*
 * The tables at schema version 11, parents first. cols: what is copied;
 * key: the order rows are read in. A migration that adds a table or a
 * column adds it here too (the assert below is the reminder).
 */
_Static_assert(STORE_SCHEMA_VERSION == 11,
               "store-copy.c copies the tables of schema version 11: add "
               "the new columns or tables to copy_tables[]");
static const struct copy_table {
	const char *name, *cols, *key;
	int counters; /* the row's last two columns are the triggers' */
} copy_tables[] = {
    {"queue",
     "prefix, avg_service_ms, served, closed, seq_day, last_seq, waiting, "
     "windows_open",
     "prefix", 1},
    {"staff", "id, name, pin_hash, created_at, role", "id", 0},
    {"ticket",
     "id, day, number, queue, item, priority, class, state, window, "
     "order_at, taken_at, called_at, served_at, finished_at, calls, "
     "printed, key, request, device",
     "id", 0},
    {"window",
     "number, state, reason, ticket_id, served_day, served, service_ms, "
     "staff",
     "number", 0},
    {"window_queue", "window, rank, queue", "window, rank", 0},
    {"device", "token_id, name, role, window, salt, hash, created_at",
     "token_id", 0},
    {"event", "seq, at, body, hash", "seq", 0},
    {"setting", "key, value", "key", 0},
    {"service",
     "id, ticket_id, day, window, staff, queue, item, called_at, "
     "finished_at",
     "id", 0},
    {"rating", "service_id, level, channel, reasons, note, at, device",
     "service_id", 0},
    {"review",
     "id, service_id, state, verified, opened_at, reply_due, fix_due, "
     "replied_at, fixed_at, called_back_at, closed_at, callback, excluded, "
     "reviewer, note, phone, phone_until",
     "id", 0},
    /* a part after its seal would be refused by the triggers */
    {"seal_part", "period, idx, text", "period, idx", 0},
    {"seal", "period, from_day, to_day, upto, sealed_at, seq, parts, hash",
     "period", 0},
    {"alert",
     "id, kind, subject, window, figure, threshold, detail, raised_at, "
     "acked_at, acked_by, cleared_at, cleared_figure",
     "id", 0},
    /* a waiting leg counts in its queue's waiting, as a ticket does */
    {"route_leg",
     "ticket_id, step, pos, queue, state, class, order_at, window, done_at",
     "ticket_id, step, pos", 0},
    {"person_take", "id, hash, queue, day, ticket_id", "id", 0},
    {"appointment",
     "id, code, item, queue, day, slot, slot_at, state, phone, booked_at, "
     "booked_by, ticket_id, checked_in_at, late",
     "id", 0},
};
#define COPY_NTABLES (sizeof copy_tables / sizeof copy_tables[0])

/* Tables whose id the target's identity goes on from. */
static const char *const copy_identities[] = {
    "ticket", "service", "review", "alert", "person_take", "appointment"};

static int copy_count_cols(const char *cols)
{
	int n = 1;

	for (const char *p = cols; *p; p++)
		n += *p == ',';
	return n;
}

/* Column i of the source's row as a parameter of the target's insert. */
static void copy_bind(struct db_stmt *to, int param, struct db_stmt *from,
                      int col)
{
	switch (db_column_type(from, col)) {
	case DB_NULL:
		db_bind_null(to, param);
		break;
	case DB_INTEGER:
		db_bind_int64(to, param, db_column_int64(from, col));
		break;
	case DB_BLOB:
		db_bind_blob(to, param, db_column_blob(from, col),
		             db_column_bytes(from, col), DB_TRANSIENT);
		break;
	default:
		db_bind_text(to, param, (const char *)db_column_text(from, col),
		             db_column_bytes(from, col), DB_TRANSIENT);
		break;
	}
}

static int copy_table(struct store *from, struct store *to,
                      const struct copy_table *t, int64_t *rows,
                      struct qerr *err)
{
	char sel[1024], ins[2048];
	struct db_stmt *src = NULL, *dst = NULL;
	int ncols = copy_count_cols(t->cols), n, rc, ret = -1;
	size_t o;

	/* The triggers' counts start at nought and are rebuilt. */
	snprintf(sel, sizeof sel, "SELECT %s FROM %s ORDER BY %s", t->cols,
	         t->name, t->key);
	n = t->counters ? ncols - 2 : ncols;
	o = (size_t)snprintf(ins, sizeof ins, "INSERT INTO %s (%s) VALUES (",
	                     t->name, t->cols);
	for (int i = 1; i <= ncols; i++) {
		if (i > n)
			o += (size_t)snprintf(ins + o, sizeof ins - o, "%s0",
			                      i > 1 ? ", " : "");
		else
			o += (size_t)snprintf(ins + o, sizeof ins - o, "%s?%d",
			                      i > 1 ? ", " : "", i);
	}
	snprintf(ins + o, sizeof ins - o, ")");
	if (db_prepare(from->db, sel, 0, &src) != DB_OK) {
		store_db_error(from, "reading the hall to copy", err);
		goto out;
	}
	if (db_prepare(to->db, ins, 0, &dst) != DB_OK) {
		store_db_error(to, "writing the copy", err);
		goto out;
	}
	*rows = 0;
	while ((rc = db_step(src)) == DB_ROW) {
		for (int i = 0; i < n; i++)
			copy_bind(dst, i + 1, src, i);
		if (db_step(dst) != DB_DONE) {
			qerr_set(err, PROTO_E_STORE,
			         "copying %s row %" PRId64 ": %s", t->name,
			         *rows + 1, db_errmsg(to->db));
			goto out;
		}
		db_reset(dst);
		(*rows)++;
	}
	if (rc != DB_DONE) {
		store_db_error(from, "reading the hall to copy", err);
		goto out;
	}
	ret = 0;
out:
	db_finalize(src);
	db_finalize(dst);
	return ret;
}

/* A digest of a table's rows in key order, the same on either engine. */
static int copy_digest(struct store *s, const struct copy_table *t,
                       unsigned char out[STORE_HASH_LEN], int64_t *rows,
                       struct qerr *err)
{
	crypto_generichash_state h;
	char sel[1024], num[32];
	struct db_stmt *st;
	int ncols = copy_count_cols(t->cols), rc;

	snprintf(sel, sizeof sel, "SELECT %s FROM %s ORDER BY %s", t->cols,
	         t->name, t->key);
	if (db_prepare(s->db, sel, 0, &st) != DB_OK)
		return store_db_error(s, "checking the copy", err);
	crypto_generichash_init(&h, NULL, 0, STORE_HASH_LEN);
	*rows = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		for (int i = 0; i < ncols; i++) {
			int type = db_column_type(st, i);
			unsigned char tag = (unsigned char)type;
			uint32_t len;
			const void *p;

			if (type == DB_INTEGER) {
				len = (uint32_t)snprintf(
				    num, sizeof num, "%" PRId64,
				    db_column_int64(st, i));
				p = num;
			} else if (type == DB_NULL) {
				len = 0;
				p = "";
			} else {
				p = type == DB_BLOB
				        ? db_column_blob(st, i)
				        : (const void *)db_column_text(st, i);
				len = (uint32_t)db_column_bytes(st, i);
				tag = type == DB_BLOB ? DB_BLOB : DB_TEXT;
			}
			crypto_generichash_update(&h, &tag, 1);
			crypto_generichash_update(&h, (const void *)&len,
			                          sizeof len);
			crypto_generichash_update(&h, p, len);
		}
		(*rows)++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return qerr_set(err, PROTO_E_STORE, "checking %s: %s", t->name,
		                db_errmsg(s->db));
	crypto_generichash_final(&h, out, STORE_HASH_LEN);
	return 0;
}

static int copy_check(struct store *from, struct store *to,
                      struct store_copy_result *r, struct qerr *err)
{
	unsigned char a[STORE_HASH_LEN], b[STORE_HASH_LEN];
	int64_t na, nb, bad;

	for (size_t i = 0; i < COPY_NTABLES; i++) {
		const struct copy_table *t = &copy_tables[i];
		if (copy_digest(from, t, a, &na, err) ||
		    copy_digest(to, t, b, &nb, err))
			return -1;
		if (na != nb || memcmp(a, b, sizeof a) != 0)
			return qerr_set(
			    err, PROTO_E_STORE,
			    "the copy of %s differs from the hall's "
			    "(%" PRId64 " rows, the copy %" PRId64
			    "): nothing is kept",
			    t->name, na, nb);
	}
	if (store_load_tail(to, err) ||
	    store_trace_verify(to, &r->events, &bad, err))
		return -1;
	if (bad)
		return qerr_set(err, PROTO_E_STORE,
		                "the copy's trace does not chain at event "
		                "%" PRId64,
		                bad);
	if (to->last_seq != from->last_seq ||
	    memcmp(to->last_hash, from->last_hash, STORE_HASH_LEN) != 0)
		return qerr_set(err, PROTO_E_STORE,
		                "the copy's trace ends elsewhere than the "
		                "hall's");
	return 0;
}

/* Does the target hold a hall already? Copying over one is refused. */
static int copy_target_empty(struct store *to, struct qerr *err)
{
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		char sql[128];
		struct db_stmt *st;
		int rc, any;

		snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1",
		         copy_tables[i].name);
		if (db_prepare(to->db, sql, 0, &st) != DB_OK)
			return store_db_error(to, "looking at the target", err);
		rc = db_step(st);
		any = rc == DB_ROW;
		db_finalize(st);
		if (rc != DB_ROW && rc != DB_DONE)
			return store_db_error(to, "looking at the target", err);
		if (any)
			return qerr_set(
			    err, PROTO_E_EXISTS,
			    "%s already holds a hall (its %s is not "
			    "empty): copy into an empty database",
			    to->path, copy_tables[i].name);
	}
	return 0;
}

int store_copy_hall(struct store *from, const char *url,
                    struct store_copy_result *r, struct qerr *err)
{
	struct store *to;
	char sql[256];

	memset(r, 0, sizeof *r);
	if ((to = store_open(url, err)) == NULL)
		return -1;
	snprintf(r->target, sizeof r->target, "%s", to->path);
	if (copy_target_empty(to, err) || store_set_durable(to, 0, err) ||
	    store_batch_begin(to, err))
		goto fail;
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		int64_t rows;
		if (copy_table(from, to, &copy_tables[i], &rows, err))
			goto fail;
		log_info("store", "copied %s: %" PRId64 " rows",
		         copy_tables[i].name, rows);
		if (strcmp(copy_tables[i].name, "ticket") == 0)
			r->tickets = rows;
	}
	for (size_t i = 0; i < sizeof copy_identities / sizeof *copy_identities;
	     i++) {
		if (!to->pg)
			break; /* SQLite's rowid goes on by itself */
		snprintf(sql, sizeof sql,
		         "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
		         "coalesce(max(id), 0) + 1, false) FROM %s",
		         copy_identities[i], copy_identities[i]);
		if (db_exec(to->db, sql) != DB_OK) {
			store_db_error(to, "numbering on after the copy", err);
			goto fail;
		}
	}
	/* Checked inside the transaction: a copy that differs is rolled
	 * back whole, and nothing of it is left to be mistaken for the
	 * hall. The commit waits for the server's disk again. */
	if (copy_check(from, to, r, err) || store_set_durable(to, 1, err) ||
	    store_batch_commit(to, err))
		goto fail;
	store_close(to);
	return 0;
fail:
	store_batch_rollback(to);
	store_close(to);
	return -1;
}
