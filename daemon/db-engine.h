/*
 * What an engine beneath db.h provides: one table of calls, which db.c
 * dispatches through. Each engine's connection and statement begin with
 * struct db and struct db_stmt; only daemon/db*.c include this.
 */
#ifndef QHALL_DB_ENGINE_H
#define QHALL_DB_ENGINE_H

#include "db.h"

struct db_engine {
	const char *name;
	int (*close)(struct db *);
	int (*prepare)(struct db *, const char *sql, int flags,
	               struct db_stmt **);
	int (*step)(struct db_stmt *);
	int (*reset)(struct db_stmt *);
	int (*clear_bindings)(struct db_stmt *);
	int (*finalize)(struct db_stmt *);
	int (*exec)(struct db *, const char *sql);
	int (*bind_int64)(struct db_stmt *, int col, int64_t);
	int (*bind_null)(struct db_stmt *, int col);
	int (*bind_text)(struct db_stmt *, int col, const char *, int len,
	                 db_destructor);
	int (*bind_blob)(struct db_stmt *, int col, const void *, int len,
	                 db_destructor);
	int (*column_count)(struct db_stmt *);
	int (*column_type)(struct db_stmt *, int col);
	int64_t (*column_int64)(struct db_stmt *, int col);
	const unsigned char *(*column_text)(struct db_stmt *, int col);
	const void *(*column_blob)(struct db_stmt *, int col);
	int (*column_bytes)(struct db_stmt *, int col);
	int (*changes)(struct db *);
	int64_t (*last_insert_rowid)(struct db *);
	const char *(*errmsg)(struct db *);
	int (*extended_errcode)(struct db *);
	int (*busy_timeout)(struct db *, int ms);
	int (*backup)(struct db *, const char *dest);
};

struct db {
	const struct db_engine *engine;
};

struct db_stmt {
	const struct db_engine *engine;
};

int db_sqlite_open(const char *url, struct db **, int flags);

#endif
