/*
 * The engine a URL names, and every call of db.h passed to it. The table
 * costs one indirect call per step: nothing beside a round trip to disk.
 */
#include "db-engine.h"

#include <stddef.h>

int db_open(const char *url, struct db **db, int flags)
{
	*db = NULL;
	return db_sqlite_open(url, db, flags);
}

int db_close(struct db *db)
{
	if (db == NULL)
		return DB_OK;
	return db->engine->close(db);
}

const char *db_engine(const struct db *db)
{
	return db->engine->name;
}

int db_prepare(struct db *db, const char *sql, int flags, struct db_stmt **st)
{
	*st = NULL;
	return db->engine->prepare(db, sql, flags, st);
}

int db_step(struct db_stmt *st)
{
	return st->engine->step(st);
}

int db_reset(struct db_stmt *st)
{
	return st->engine->reset(st);
}

int db_clear_bindings(struct db_stmt *st)
{
	return st->engine->clear_bindings(st);
}

int db_finalize(struct db_stmt *st)
{
	if (st == NULL)
		return DB_OK;
	return st->engine->finalize(st);
}

int db_exec(struct db *db, const char *sql)
{
	return db->engine->exec(db, sql);
}

int db_bind_int(struct db_stmt *st, int col, int v)
{
	return st->engine->bind_int64(st, col, v);
}

int db_bind_int64(struct db_stmt *st, int col, int64_t v)
{
	return st->engine->bind_int64(st, col, v);
}

int db_bind_null(struct db_stmt *st, int col)
{
	return st->engine->bind_null(st, col);
}

int db_bind_text(struct db_stmt *st, int col, const char *text, int len,
                 db_destructor d)
{
	return st->engine->bind_text(st, col, text, len, d);
}

int db_bind_blob(struct db_stmt *st, int col, const void *p, int len,
                 db_destructor d)
{
	return st->engine->bind_blob(st, col, p, len, d);
}

int db_column_count(struct db_stmt *st)
{
	return st->engine->column_count(st);
}

int db_column_type(struct db_stmt *st, int col)
{
	return st->engine->column_type(st, col);
}

int db_column_int(struct db_stmt *st, int col)
{
	return (int)st->engine->column_int64(st, col);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return st->engine->column_int64(st, col);
}

const unsigned char *db_column_text(struct db_stmt *st, int col)
{
	return st->engine->column_text(st, col);
}

const void *db_column_blob(struct db_stmt *st, int col)
{
	return st->engine->column_blob(st, col);
}

int db_column_bytes(struct db_stmt *st, int col)
{
	return st->engine->column_bytes(st, col);
}

int db_changes(struct db *db)
{
	return db->engine->changes(db);
}

int64_t db_last_insert_rowid(struct db *db)
{
	return db->engine->last_insert_rowid(db);
}

const char *db_errmsg(struct db *db)
{
	return db->engine->errmsg(db);
}

int db_extended_errcode(struct db *db)
{
	return db->engine->extended_errcode(db);
}

int db_busy_timeout(struct db *db, int ms)
{
	return db->engine->busy_timeout(db, ms);
}

int db_backup(struct db *db, const char *dest)
{
	return db->engine->backup(db, dest);
}

const char *db_errstr(int rc)
{
	switch (rc & 0xff) {
	case DB_OK:
		return "not an error";
	case DB_BUSY:
		return "database is locked";
	case DB_NOMEM:
		return "out of memory";
	case DB_READONLY:
		return "attempt to write a readonly database";
	case DB_IOERR:
		return "disk I/O error";
	case DB_CORRUPT:
		return "database disk image is malformed";
	case DB_FULL:
		return "database or disk is full";
	case DB_CANTOPEN:
		return "unable to open database file";
	case DB_CONSTRAINT:
		return "constraint failed";
	case DB_MISUSE:
		return "bad parameter or other API misuse";
	case DB_ROW:
		return "another row available";
	case DB_DONE:
		return "no more rows available";
	default:
		return "SQL logic error";
	}
}
