/*
 * The store's database: a small API in the shape of SQLite's (prepare,
 * bind, step, read columns, reset), so the store's files read as they did
 * on SQLite alone, with one implementation per engine beneath it
 * (db-sqlite.c; the engine is chosen by the URL in db_open()). Only
 * daemon/store*.c use it; no SQL leaves the store.
 *
 * Statements use SQLite's numbered parameters (?1, ?2, ...); an engine
 * whose dialect differs translates them in its own file.
 *
 * The result codes are SQLite's values, so the SQLite engine passes them
 * through untouched: never renumber them.
 */
#ifndef QHALL_DB_H
#define QHALL_DB_H

#include <stdint.h>

struct db;
struct db_stmt;

/* Result codes (SQLite's numbers) */
#define DB_OK         0
#define DB_ERROR      1
#define DB_BUSY       5
#define DB_NOMEM      7
#define DB_READONLY   8
#define DB_IOERR      10
#define DB_CORRUPT    11
#define DB_FULL       13
#define DB_CANTOPEN   14
#define DB_CONSTRAINT 19
#define DB_MISUSE     21
#define DB_ROW        100
#define DB_DONE       101
/* Extended codes: the kind of constraint that failed */
#define DB_CONSTRAINT_FOREIGNKEY (DB_CONSTRAINT | (3 << 8))
#define DB_CONSTRAINT_NOTNULL    (DB_CONSTRAINT | (5 << 8))
#define DB_CONSTRAINT_PRIMARYKEY (DB_CONSTRAINT | (6 << 8))
#define DB_CONSTRAINT_UNIQUE     (DB_CONSTRAINT | (8 << 8))

/* db_open() flags */
#define DB_OPEN_READONLY  0x01
#define DB_OPEN_READWRITE 0x02
#define DB_OPEN_CREATE    0x04
#define DB_OPEN_NOMUTEX   0x8000

/* db_prepare() flags: a statement kept for the life of the connection */
#define DB_PREPARE_PERSISTENT 0x01

/* A column's type in the current row */
#define DB_INTEGER 1
#define DB_FLOAT   2
#define DB_TEXT    3
#define DB_BLOB    4
#define DB_NULL    5

/* Bound text and blobs: DB_STATIC is kept by pointer until the statement
 * is reset or bound again; DB_TRANSIENT is copied at once. */
typedef void (*db_destructor)(void *);
#define DB_STATIC    ((db_destructor)0)
#define DB_TRANSIENT ((db_destructor)-1)

/* url: the SQLite file's path. On failure *db may still be set, for
 * db_errmsg(); db_close() it either way. */
int db_open(const char *url, struct db **, int flags);
int db_close(struct db *);
/* The engine's name: "sqlite" or "postgresql". */
const char *db_engine(const struct db *);

int db_prepare(struct db *, const char *sql, int flags, struct db_stmt **);
int db_step(struct db_stmt *);
int db_reset(struct db_stmt *);
int db_clear_bindings(struct db_stmt *);
int db_finalize(struct db_stmt *);
/* Statements separated by ';', no rows returned. */
int db_exec(struct db *, const char *sql);

int db_bind_int(struct db_stmt *, int col, int);
int db_bind_int64(struct db_stmt *, int col, int64_t);
int db_bind_null(struct db_stmt *, int col);
int db_bind_text(struct db_stmt *, int col, const char *, int len,
                 db_destructor);
int db_bind_blob(struct db_stmt *, int col, const void *, int len,
                 db_destructor);

int db_column_count(struct db_stmt *);
int db_column_type(struct db_stmt *, int col);
int db_column_int(struct db_stmt *, int col);
int64_t db_column_int64(struct db_stmt *, int col);
const unsigned char *db_column_text(struct db_stmt *, int col);
const void *db_column_blob(struct db_stmt *, int col);
int db_column_bytes(struct db_stmt *, int col);

/* Rows the last INSERT, UPDATE or DELETE changed. */
int db_changes(struct db *);
/* The rowid of the last INSERT into a table with an INTEGER PRIMARY KEY
 * named id. */
int64_t db_last_insert_rowid(struct db *);
const char *db_errmsg(struct db *);
int db_extended_errcode(struct db *);
const char *db_errstr(int rc);
int db_busy_timeout(struct db *, int ms);

/* The whole database copied to a new SQLite file at dest (not synced);
 * DB_MISUSE from an engine that cannot. */
int db_backup(struct db *, const char *dest);

#endif
