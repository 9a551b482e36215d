/*
 * db.h on SQLite: each call is SQLite's own, the result codes pass through
 * unchanged (db.h keeps SQLite's numbers).
 */
#include "db-engine.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "xmalloc.h"

struct db_sqlite {
	struct db base;
	sqlite3 *db;
};

struct db_sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *stmt;
};

static sqlite3 *S(struct db *db)
{
	return ((struct db_sqlite *)db)->db;
}

static sqlite3_stmt *T(struct db_stmt *st)
{
	return ((struct db_sqlite_stmt *)st)->stmt;
}

static sqlite3_destructor_type db_sqlite_destructor(db_destructor d)
{
	if (d == DB_STATIC)
		return SQLITE_STATIC;
	if (d == DB_TRANSIENT)
		return SQLITE_TRANSIENT;
	return d;
}

static int db_sqlite_close(struct db *db)
{
	int rc = sqlite3_close(S(db));

	free(db);
	return rc;
}

static int db_sqlite_prepare(struct db *db, const char *sql, int flags,
                             struct db_stmt **out)
{
	struct db_sqlite_stmt *st;
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v3(
	    S(db), sql, -1,
	    flags & DB_PREPARE_PERSISTENT ? SQLITE_PREPARE_PERSISTENT : 0,
	    &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	st = xcalloc(1, sizeof *st);
	st->base.engine = db->engine;
	st->stmt = stmt;
	*out = &st->base;
	return SQLITE_OK;
}

static int db_sqlite_step(struct db_stmt *st)
{
	return sqlite3_step(T(st));
}

static int db_sqlite_reset(struct db_stmt *st)
{
	return sqlite3_reset(T(st));
}

static int db_sqlite_clear_bindings(struct db_stmt *st)
{
	return sqlite3_clear_bindings(T(st));
}

static int db_sqlite_finalize(struct db_stmt *st)
{
	int rc = sqlite3_finalize(T(st));

	free(st);
	return rc;
}

static int db_sqlite_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(S(db), sql, NULL, NULL, NULL);
}

static int db_sqlite_bind_int64(struct db_stmt *st, int col, int64_t v)
{
	return sqlite3_bind_int64(T(st), col, v);
}

static int db_sqlite_bind_null(struct db_stmt *st, int col)
{
	return sqlite3_bind_null(T(st), col);
}

static int db_sqlite_bind_text(struct db_stmt *st, int col, const char *text,
                               int len, db_destructor d)
{
	return sqlite3_bind_text(T(st), col, text, len,
	                         db_sqlite_destructor(d));
}

static int db_sqlite_bind_blob(struct db_stmt *st, int col, const void *p,
                               int len, db_destructor d)
{
	return sqlite3_bind_blob(T(st), col, p, len, db_sqlite_destructor(d));
}

static int db_sqlite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(T(st));
}

static int db_sqlite_column_type(struct db_stmt *st, int col)
{
	return sqlite3_column_type(T(st), col);
}

static int64_t db_sqlite_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(T(st), col);
}

static const unsigned char *db_sqlite_column_text(struct db_stmt *st, int col)
{
	return sqlite3_column_text(T(st), col);
}

static const void *db_sqlite_column_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(T(st), col);
}

static int db_sqlite_column_bytes(struct db_stmt *st, int col)
{
	return sqlite3_column_bytes(T(st), col);
}

static int db_sqlite_changes(struct db *db)
{
	return sqlite3_changes(S(db));
}

static int64_t db_sqlite_last_insert_rowid(struct db *db)
{
	return sqlite3_last_insert_rowid(S(db));
}

static const char *db_sqlite_errmsg(struct db *db)
{
	return sqlite3_errmsg(S(db));
}

static int db_sqlite_extended_errcode(struct db *db)
{
	return sqlite3_extended_errcode(S(db));
}

static int db_sqlite_busy_timeout(struct db *db, int ms)
{
	return sqlite3_busy_timeout(S(db), ms);
}

/*
 * SQLite's backup API through a read-only connection of its own, in one
 * read transaction: the state of the last commit, and in WAL mode the
 * hall's writer does not wait for it. The copy is a plain file (no WAL).
 */
static int db_sqlite_backup(struct db *db, const char *dest)
{
	const char *path = sqlite3_db_filename(S(db), "main");
	sqlite3 *src = NULL, *out = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(dest, &out,
		                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		                     NULL);
	if (rc != SQLITE_OK)
		goto done;
	sqlite3_busy_timeout(src, 5000);
	b = sqlite3_backup_init(out, "main", src, "main");
	if (b == NULL) {
		rc = sqlite3_errcode(out);
		goto done;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		goto done;
	rc =
	    sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
done:
	sqlite3_close(out);
	sqlite3_close(src);
	return rc;
}

static const struct db_engine db_sqlite_engine = {
    .name = "sqlite",
    .close = db_sqlite_close,
    .prepare = db_sqlite_prepare,
    .step = db_sqlite_step,
    .reset = db_sqlite_reset,
    .clear_bindings = db_sqlite_clear_bindings,
    .finalize = db_sqlite_finalize,
    .exec = db_sqlite_exec,
    .bind_int64 = db_sqlite_bind_int64,
    .bind_null = db_sqlite_bind_null,
    .bind_text = db_sqlite_bind_text,
    .bind_blob = db_sqlite_bind_blob,
    .column_count = db_sqlite_column_count,
    .column_type = db_sqlite_column_type,
    .column_int64 = db_sqlite_column_int64,
    .column_text = db_sqlite_column_text,
    .column_blob = db_sqlite_column_blob,
    .column_bytes = db_sqlite_column_bytes,
    .changes = db_sqlite_changes,
    .last_insert_rowid = db_sqlite_last_insert_rowid,
    .errmsg = db_sqlite_errmsg,
    .extended_errcode = db_sqlite_extended_errcode,
    .busy_timeout = db_sqlite_busy_timeout,
    .backup = db_sqlite_backup,
};

int db_sqlite_open(const char *path, struct db **out, int flags)
{
	struct db_sqlite *db = xcalloc(1, sizeof *db);
	int rc;

	db->base.engine = &db_sqlite_engine;
	*out = &db->base;
	rc = sqlite3_open_v2(path, &db->db, flags, NULL);
	if (db->db == NULL) {
		/* No handle to ask: SQLite ran out of memory. */
		free(db);
		*out = NULL;
		return rc;
	}
	sqlite3_extended_result_codes(db->db, 1);
	return rc;
}

_Static_assert(DB_OK == SQLITE_OK && DB_ERROR == SQLITE_ERROR &&
                   DB_BUSY == SQLITE_BUSY && DB_NOMEM == SQLITE_NOMEM &&
                   DB_READONLY == SQLITE_READONLY && DB_IOERR == SQLITE_IOERR &&
                   DB_CORRUPT == SQLITE_CORRUPT && DB_FULL == SQLITE_FULL &&
                   DB_CANTOPEN == SQLITE_CANTOPEN &&
                   DB_CONSTRAINT == SQLITE_CONSTRAINT &&
                   DB_MISUSE == SQLITE_MISUSE && DB_ROW == SQLITE_ROW &&
                   DB_DONE == SQLITE_DONE,
               "db.h's result codes are SQLite's");
_Static_assert(DB_CONSTRAINT_FOREIGNKEY == SQLITE_CONSTRAINT_FOREIGNKEY &&
                   DB_CONSTRAINT_NOTNULL == SQLITE_CONSTRAINT_NOTNULL &&
                   DB_CONSTRAINT_PRIMARYKEY == SQLITE_CONSTRAINT_PRIMARYKEY &&
                   DB_CONSTRAINT_UNIQUE == SQLITE_CONSTRAINT_UNIQUE,
               "db.h's extended codes are SQLite's");
_Static_assert(DB_OPEN_READONLY == SQLITE_OPEN_READONLY &&
                   DB_OPEN_READWRITE == SQLITE_OPEN_READWRITE &&
                   DB_OPEN_CREATE == SQLITE_OPEN_CREATE &&
                   DB_OPEN_NOMUTEX == SQLITE_OPEN_NOMUTEX,
               "db.h's open flags are SQLite's");
_Static_assert(DB_INTEGER == SQLITE_INTEGER && DB_FLOAT == SQLITE_FLOAT &&
                   DB_TEXT == SQLITE_TEXT && DB_BLOB == SQLITE_BLOB &&
                   DB_NULL == SQLITE_NULL,
               "db.h's column types are SQLite's");
