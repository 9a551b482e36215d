/*
 * db.h on PostgreSQL, through libpq.
 *
 * The store's statements are written for SQLite; the few differences of
 * a statement's dialect are made here, once, as it is prepared
 * (db_pg_translate): numbered parameters ?N become $N, SQLite's
 * "INDEXED BY name" hint and "BEGIN IMMEDIATE" lose their SQLite words,
 * and the identifier window, a reserved word in PostgreSQL, is quoted. The
 * schema itself has its own PostgreSQL form (store-schema-pg.c).
 *
 * Each statement is prepared once on the server and run in single-row
 * mode, so a walk of five million events never holds them all in memory.
 * A statement still streaming when another one runs is read to its end
 * first and its rows kept (db_pg_drain), as SQLite lets a caller step one
 * statement while it runs others.
 *
 * Results come as text (integers parsed, bytea unescaped on demand);
 * blobs are sent in binary. Errors carry SQLSTATE, mapped to db.h's codes
 * so the store tells a constraint from a broken connection.
 */
#include "db-engine.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* PostgreSQL's type OIDs (catalog/pg_type.h, stable across versions). */
#define PG_BOOLOID    16
#define PG_BYTEAOID   17
#define PG_INT8OID    20
#define PG_INT2OID    21
#define PG_INT4OID    23
#define PG_FLOAT4OID  700
#define PG_FLOAT8OID  701
#define PG_NUMERICOID 1700

struct db_pg_stmt;

struct db_pg {
	struct db base;
	PGconn *conn;
	struct db_pg_stmt *active; /* streaming rows, or NULL */
	int nprepared;             /* names the next prepared statement */
	int changes;
	int errcode;
	char errmsg[1024];
};

struct db_pg_param {
	char *value; /* NULL: SQL NULL */
	int length, format;
	int owned; /* value is ours to free */
	char num[24];
};

struct db_pg_stmt {
	struct db_stmt base;
	struct db_pg *db;
	char name[24];
	int nparams;
	struct db_pg_param *params;
	int started, streaming, finished;
	int final_rc;  /* what the end of the rows says: DB_DONE or an error */
	PGresult *row; /* the current row (single-row mode) */
	PGresult **pending; /* rows read ahead by db_pg_drain() */
	int npending, first_pending, cap_pending;
	unsigned char **blob; /* unescaped bytea of the current row, by col */
	size_t *blob_len;
	int ncols;
};

/* ---- dialect ---- */

static int db_pg_word_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

static int db_pg_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/*
 * SQLite's statement as PostgreSQL reads it; *nparams the highest
 * parameter number. Quoted strings and identifiers are copied as they are.
 */
static char *db_pg_translate(const char *sql, int *nparams)
{
	size_t len = strlen(sql), o = 0;
	char *out = xmalloc(len * 2 + 16);
	int next = 1;
	const char *p = sql;

	*nparams = 0;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			out[o++] = *p++;
			while (*p) {
				if (*p == q && p[1] == q) {
					out[o++] = *p++;
					out[o++] = *p++;
				} else if (*p == q) {
					out[o++] = *p++;
					break;
				} else {
					out[o++] = *p++;
				}
			}
			continue;
		}
		if (*p == '?') {
			int n;
			p++;
			if (*p >= '0' && *p <= '9') {
				n = (int)strtol(p, (char **)&p, 10);
				next = n + 1;
			} else {
				n = next++;
			}
			o += (size_t)sprintf(out + o, "$%d", n);
			if (n > *nparams)
				*nparams = n;
			continue;
		}
		if (db_pg_ident_char(*p) &&
		    (p == sql || !db_pg_ident_char(p[-1]))) {
			const char *w = p;
			size_t n;
			while (db_pg_ident_char(*p))
				p++;
			n = (size_t)(p - w);
			if (db_pg_word_is(w, n, "INDEXED") &&
			    strncasecmp(p, " BY ", 4) == 0) {
				/* "INDEXED BY name": PostgreSQL picks its own
				 */
				p += 4;
				while (db_pg_ident_char(*p))
					p++;
				continue;
			}
			if (db_pg_word_is(w, n, "IMMEDIATE") && o >= 6 &&
			    strncasecmp(out + o - 6, "BEGIN ", 6) == 0)
				continue;
			if (db_pg_word_is(w, n, "window")) {
				memcpy(out + o, "\"window\"", 8);
				o += 8;
				continue;
			}
			memcpy(out + o, w, n);
			o += n;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

/* ---- errors ---- */

/* db.h's code for a SQLSTATE. */
static int db_pg_code(const char *state, const char *constraint)
{
	if (state == NULL)
		return DB_IOERR; /* no answer: the connection broke */
	if (strcmp(state, "23505") == 0) {
		size_t n = constraint ? strlen(constraint) : 0;
		return n > 5 && strcmp(constraint + n - 5, "_pkey") == 0
		           ? DB_CONSTRAINT_PRIMARYKEY
		           : DB_CONSTRAINT_UNIQUE;
	}
	if (strcmp(state, "23503") == 0)
		return DB_CONSTRAINT_FOREIGNKEY;
	if (strcmp(state, "23502") == 0)
		return DB_CONSTRAINT_NOTNULL;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (strcmp(state, "53100") == 0)
		return DB_FULL;
	if (strcmp(state, "53200") == 0)
		return DB_NOMEM;
	if (strcmp(state, "25006") == 0)
		return DB_READONLY; /* a standby, or read-only transaction */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return DB_BUSY;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "58", 2) == 0)
		return DB_IOERR;
	if (strncmp(state, "XX", 2) == 0)
		return DB_CORRUPT;
	return DB_ERROR;
}

static int db_pg_fail(struct db_pg *db, const PGresult *res)
{
	const char *msg = res ? PQresultErrorMessage(res) : "";
	size_t n;

	if (msg == NULL || msg[0] == '\0')
		msg = PQerrorMessage(db->conn);
	snprintf(db->errmsg, sizeof db->errmsg, "%s", msg);
	n = strlen(db->errmsg);
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
	db->errcode = db_pg_code(
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL,
	    res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL);
	if (PQstatus(db->conn) == CONNECTION_BAD)
		db->errcode = DB_IOERR;
	return db->errcode & 0xff;
}

static void db_pg_ok(struct db_pg *db)
{
	db->errcode = DB_OK;
	db->errmsg[0] = '\0';
}

/* ---- rows ---- */

static void db_pg_row_free(struct db_pg_stmt *st)
{
	for (int i = 0; i < st->ncols; i++) {
		if (st->blob[i])
			PQfreemem(st->blob[i]);
		st->blob[i] = NULL;
	}
	PQclear(st->row);
	st->row = NULL;
}

static void db_pg_row_set(struct db_pg_stmt *st, PGresult *row)
{
	int n = PQnfields(row);

	db_pg_row_free(st);
	if (n > st->ncols) {
		st->blob = xrealloc(st->blob, (size_t)n * sizeof *st->blob);
		st->blob_len =
		    xrealloc(st->blob_len, (size_t)n * sizeof *st->blob_len);
		for (int i = st->ncols; i < n; i++)
			st->blob[i] = NULL;
		st->ncols = n;
	}
	st->row = row;
}

/*
 * One result of the statement's stream: a row (kept in *row, DB_ROW), or
 * its end (the stream is over: DB_DONE or an error code).
 */
static int db_pg_next_result(struct db_pg_stmt *st, PGresult **row)
{
	struct db_pg *db = st->db;
	PGresult *r = PQgetResult(db->conn), *more;
	int rc;

	*row = NULL;
	if (r != NULL && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
		*row = r;
		return DB_ROW;
	}
	if (r == NULL) {
		rc = db_pg_fail(db, NULL);
	} else if (PQresultStatus(r) == PGRES_TUPLES_OK ||
	           PQresultStatus(r) == PGRES_COMMAND_OK) {
		const char *n = PQcmdTuples(r);
		db->changes = n[0] ? atoi(n) : 0;
		rc = DB_DONE;
	} else {
		rc = db_pg_fail(db, r);
	}
	PQclear(r);
	/* The stream ends with NULL; anything before it is read away. */
	while ((more = PQgetResult(db->conn)) != NULL)
		PQclear(more);
	st->streaming = 0;
	if (db->active == st)
		db->active = NULL;
	return rc;
}

/* Read the rest of st's rows now: the connection is wanted for another. */
static void db_pg_drain(struct db_pg_stmt *st)
{
	PGresult *row;
	int rc;

	while (st->streaming) {
		rc = db_pg_next_result(st, &row);
		if (rc != DB_ROW) {
			st->final_rc = rc;
			break;
		}
		if (st->first_pending + st->npending == st->cap_pending) {
			st->cap_pending =
			    st->cap_pending ? st->cap_pending * 2 : 16;
			st->pending =
			    xrealloc(st->pending, (size_t)st->cap_pending *
			                              sizeof *st->pending);
		}
		st->pending[st->first_pending + st->npending++] = row;
	}
}

/* The connection free for a new statement. */
static void db_pg_idle(struct db_pg *db)
{
	if (db->active)
		db_pg_drain(db->active);
}

/* ---- the engine ---- */

static struct db_pg *P(struct db *db)
{
	return (struct db_pg *)db;
}

static struct db_pg_stmt *T(struct db_stmt *st)
{
	return (struct db_pg_stmt *)st;
}

static int db_pg_close(struct db *base)
{
	struct db_pg *db = P(base);

	PQfinish(db->conn);
	free(db);
	return DB_OK;
}

static int db_pg_prepare(struct db *base, const char *sql, int flags,
                         struct db_stmt **out)
{
	struct db_pg *db = P(base);
	struct db_pg_stmt *st;
	PGresult *r;
	char *pgsql;
	int nparams, rc;

	(void)flags;
	db_pg_idle(db);
	pgsql = db_pg_translate(sql, &nparams);
	st = xcalloc(1, sizeof *st);
	st->base.engine = base->engine;
	st->db = db;
	st->nparams = nparams;
	st->params =
	    xcalloc((size_t)(nparams ? nparams : 1), sizeof *st->params);
	snprintf(st->name, sizeof st->name, "q%d", ++db->nprepared);
	r = PQprepare(db->conn, st->name, pgsql, 0, NULL);
	free(pgsql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = db_pg_fail(db, r);
		PQclear(r);
		free(st->params);
		free(st);
		return rc;
	}
	PQclear(r);
	db_pg_ok(db);
	*out = &st->base;
	return DB_OK;
}

static int db_pg_step(struct db_stmt *base)
{
	struct db_pg_stmt *st = T(base);
	struct db_pg *db = st->db;
	const char *values[st->nparams + 1];
	int lengths[st->nparams + 1], formats[st->nparams + 1];
	PGresult *row;
	int rc;

	if (st->finished)
		return st->final_rc;
	if (!st->started) {
		db_pg_idle(db);
		for (int i = 0; i < st->nparams; i++) {
			values[i] = st->params[i].value;
			lengths[i] = st->params[i].length;
			formats[i] = st->params[i].format;
		}
		st->started = 1;
		if (!PQsendQueryPrepared(db->conn, st->name, st->nparams,
		                         values, lengths, formats, 0)) {
			st->finished = 1;
			st->final_rc = db_pg_fail(db, NULL);
			return st->final_rc;
		}
		PQsetSingleRowMode(db->conn);
		st->streaming = 1;
		st->final_rc = DB_DONE;
		db->active = st;
	}
	if (st->npending > 0) {
		db_pg_row_set(st, st->pending[st->first_pending++]);
		if (--st->npending == 0)
			st->first_pending = 0;
		return DB_ROW;
	}
	if (!st->streaming) {
		db_pg_row_free(st);
		st->finished = 1;
		if (st->final_rc == DB_DONE)
			db_pg_ok(db);
		return st->final_rc;
	}
	rc = db_pg_next_result(st, &row);
	if (rc == DB_ROW) {
		db_pg_row_set(st, row);
		return DB_ROW;
	}
	db_pg_row_free(st);
	st->finished = 1;
	st->final_rc = rc;
	if (rc == DB_DONE)
		db_pg_ok(db);
	return rc;
}

static int db_pg_reset(struct db_stmt *base)
{
	struct db_pg_stmt *st = T(base);
	int rc = st->finished && st->final_rc != DB_DONE ? st->final_rc : DB_OK;

	if (st->streaming)
		db_pg_drain(st);
	db_pg_row_free(st);
	for (int i = st->first_pending; i < st->first_pending + st->npending;
	     i++)
		PQclear(st->pending[i]);
	st->npending = st->first_pending = 0;
	st->started = st->finished = 0;
	st->final_rc = DB_DONE;
	return rc;
}

static void db_pg_param_clear(struct db_pg_param *p)
{
	if (p->owned)
		free(p->value);
	memset(p, 0, sizeof *p);
}

static int db_pg_clear_bindings(struct db_stmt *base)
{
	struct db_pg_stmt *st = T(base);

	for (int i = 0; i < st->nparams; i++)
		db_pg_param_clear(&st->params[i]);
	return DB_OK;
}

static int db_pg_finalize(struct db_stmt *base)
{
	struct db_pg_stmt *st = T(base);
	char sql[64];
	PGresult *r;

	db_pg_reset(base);
	db_pg_clear_bindings(base);
	db_pg_idle(st->db);
	if (PQstatus(st->db->conn) == CONNECTION_OK) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		r = PQexec(st->db->conn, sql);
		PQclear(r);
	}
	free(st->pending);
	free(st->blob);
	free(st->blob_len);
	free(st->params);
	free(st);
	return DB_OK;
}

static int db_pg_exec(struct db *base, const char *sql)
{
	struct db_pg *db = P(base);
	char *pgsql;
	int nparams, rc = DB_OK;
	PGresult *r;

	db_pg_idle(db);
	pgsql = db_pg_translate(sql, &nparams);
	r = PQexec(db->conn, pgsql);
	free(pgsql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = db_pg_fail(db, r);
	else
		db_pg_ok(db);
	PQclear(r);
	return rc;
}

static struct db_pg_param *db_pg_param(struct db_pg_stmt *st, int col)
{
	if (col < 1 || col > st->nparams)
		return NULL;
	db_pg_param_clear(&st->params[col - 1]);
	return &st->params[col - 1];
}

static int db_pg_bind_int64(struct db_stmt *base, int col, int64_t v)
{
	struct db_pg_param *p = db_pg_param(T(base), col);

	if (p == NULL)
		return DB_MISUSE;
	p->length = snprintf(p->num, sizeof p->num, "%lld", (long long)v);
	p->value = p->num;
	return DB_OK;
}

static int db_pg_bind_null(struct db_stmt *base, int col)
{
	return db_pg_param(T(base), col) ? DB_OK : DB_MISUSE;
}

static int db_pg_bind(struct db_stmt *base, int col, const void *v, int len,
                      db_destructor d, int format)
{
	struct db_pg_param *p = db_pg_param(T(base), col);

	if (p == NULL)
		return DB_MISUSE;
	if (v == NULL)
		return DB_OK;
	if (len < 0)
		len = (int)strlen(v);
	p->length = len;
	p->format = format;
	if (d == DB_STATIC && format == 1) {
		p->value = (char *)v;
	} else {
		/* Text must end in NUL for libpq: copied, with its length. */
		p->value = xmalloc((size_t)len + 1);
		memcpy(p->value, v, (size_t)len);
		p->value[len] = '\0';
		p->owned = 1;
	}
	if (d != DB_STATIC && d != DB_TRANSIENT)
		d((void *)v);
	return DB_OK;
}

static int db_pg_bind_text(struct db_stmt *base, int col, const char *text,
                           int len, db_destructor d)
{
	if (text && len < 0 && d == DB_STATIC) {
		/* A NUL-terminated string kept by the caller: no copy. */
		struct db_pg_param *p = db_pg_param(T(base), col);
		if (p == NULL)
			return DB_MISUSE;
		p->value = (char *)text;
		p->length = (int)strlen(text);
		return DB_OK;
	}
	return db_pg_bind(base, col, text, len, d, 0);
}

static int db_pg_bind_blob(struct db_stmt *base, int col, const void *p,
                           int len, db_destructor d)
{
	return db_pg_bind(base, col, p ? p : "", len, d, 1);
}

static int db_pg_column_count(struct db_stmt *base)
{
	struct db_pg_stmt *st = T(base);

	return st->row ? PQnfields(st->row) : 0;
}

static int db_pg_valid(struct db_pg_stmt *st, int col)
{
	return st->row && col >= 0 && col < PQnfields(st->row);
}

static int db_pg_column_type(struct db_stmt *base, int col)
{
	struct db_pg_stmt *st = T(base);

	if (!db_pg_valid(st, col) || PQgetisnull(st->row, 0, col))
		return DB_NULL;
	switch (PQftype(st->row, col)) {
	case PG_BOOLOID:
	case PG_INT2OID:
	case PG_INT4OID:
	case PG_INT8OID:
		return DB_INTEGER;
	case PG_FLOAT4OID:
	case PG_FLOAT8OID:
	case PG_NUMERICOID:
		return DB_FLOAT;
	case PG_BYTEAOID:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static int64_t db_pg_column_int64(struct db_stmt *base, int col)
{
	struct db_pg_stmt *st = T(base);
	const char *v;

	if (!db_pg_valid(st, col) || PQgetisnull(st->row, 0, col))
		return 0;
	v = PQgetvalue(st->row, 0, col);
	if (v[0] == 't')
		return 1; /* a boolean, as SQLite counts it */
	return strtoll(v, NULL, 10);
}

static const unsigned char *db_pg_column_text(struct db_stmt *base, int col)
{
	struct db_pg_stmt *st = T(base);

	if (!db_pg_valid(st, col) || PQgetisnull(st->row, 0, col))
		return NULL;
	return (const unsigned char *)PQgetvalue(st->row, 0, col);
}

/* bytea comes as text ("\x..."): unescaped once per row and column. */
static const void *db_pg_column_blob(struct db_stmt *base, int col)
{
	struct db_pg_stmt *st = T(base);

	if (!db_pg_valid(st, col) || PQgetisnull(st->row, 0, col))
		return NULL;
	if (PQftype(st->row, col) != PG_BYTEAOID)
		return PQgetvalue(st->row, 0, col);
	if (st->blob[col] == NULL)
		st->blob[col] = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(st->row, 0, col),
		    &st->blob_len[col]);
	return st->blob[col];
}

static int db_pg_column_bytes(struct db_stmt *base, int col)
{
	struct db_pg_stmt *st = T(base);

	if (!db_pg_valid(st, col) || PQgetisnull(st->row, 0, col))
		return 0;
	if (PQftype(st->row, col) != PG_BYTEAOID)
		return PQgetlength(st->row, 0, col);
	if (db_pg_column_blob(base, col) == NULL)
		return 0;
	return (int)st->blob_len[col];
}

static int db_pg_changes(struct db *base)
{
	return P(base)->changes;
}

/* The sequence value the session's last INSERT took (lastval()). */
static int64_t db_pg_last_insert_rowid(struct db *base)
{
	struct db_pg *db = P(base);
	PGresult *r;
	int64_t id = 0;

	db_pg_idle(db);
	r = PQexec(db->conn, "SELECT lastval()");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

static const char *db_pg_errmsg(struct db *base)
{
	struct db_pg *db = P(base);

	if (db->errmsg[0])
		return db->errmsg;
	return db->errcode == DB_OK ? "not an error" : db_errstr(db->errcode);
}

static int db_pg_extended_errcode(struct db *base)
{
	return P(base)->errcode;
}

static int db_pg_busy_timeout(struct db *base, int ms)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
	return db_pg_exec(base, sql);
}

static int db_pg_backup(struct db *base, const char *dest)
{
	struct db_pg *db = P(base);

	(void)dest;
	snprintf(db->errmsg, sizeof db->errmsg,
	         "PostgreSQL is backed up with its own tools (pg_dump, "
	         "pg_basebackup)");
	db->errcode = DB_MISUSE;
	return DB_MISUSE;
}

static const struct db_engine db_pg_engine = {
    .name = "postgresql",
    .close = db_pg_close,
    .prepare = db_pg_prepare,
    .step = db_pg_step,
    .reset = db_pg_reset,
    .clear_bindings = db_pg_clear_bindings,
    .finalize = db_pg_finalize,
    .exec = db_pg_exec,
    .bind_int64 = db_pg_bind_int64,
    .bind_null = db_pg_bind_null,
    .bind_text = db_pg_bind_text,
    .bind_blob = db_pg_bind_blob,
    .column_count = db_pg_column_count,
    .column_type = db_pg_column_type,
    .column_int64 = db_pg_column_int64,
    .column_text = db_pg_column_text,
    .column_blob = db_pg_column_blob,
    .column_bytes = db_pg_column_bytes,
    .changes = db_pg_changes,
    .last_insert_rowid = db_pg_last_insert_rowid,
    .errmsg = db_pg_errmsg,
    .extended_errcode = db_pg_extended_errcode,
    .busy_timeout = db_pg_busy_timeout,
    .backup = db_pg_backup,
};

/* Notices (a table that already exists, ...) are not the hall's news. */
static void db_pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int db_pg_open(const char *url, struct db **out, int flags)
{
	struct db_pg *db = xcalloc(1, sizeof *db);

	(void)flags;
	db->base.engine = &db_pg_engine;
	*out = &db->base;
	db->conn = PQconnectdb(url);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_pg_fail(db, NULL);
		db->errcode = DB_CANTOPEN;
		return DB_CANTOPEN;
	}
	PQsetNoticeProcessor(db->conn, db_pg_notice, NULL);
	db_pg_ok(db);
	return DB_OK;
}
