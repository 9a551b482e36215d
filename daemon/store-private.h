/* Shared by the store's files only; nothing outside daemon/store*.c. */
#ifndef QHALL_STORE_PRIVATE_H
#define QHALL_STORE_PRIVATE_H

#include <sodium.h>
#include <sys/types.h>

#include "db.h"
#include "store.h"

#define STORE_STMT_MAX 160
#define STORE_HASH_LEN crypto_generichash_BYTES
_Static_assert(STORE_HASH_LEN == STORE_TRACE_HASH_LEN, "one hash length");
/* The first key of the hall's lease on PostgreSQL ("qhal"); the second
 * is the hall's schema. */
#define STORE_PG_LEASE_KEY "1902666092"

/*
 * Stored enum values as SQL text, for the statements and partial indexes
 * that must name them literally (SQLite uses a partial index only when the
 * query names the same constant). Each is checked against its enum.
 */
#define SQL_WAITING     "0"
#define SQL_CALLED      "1"
#define SQL_SERVING     "2"
#define SQL_NO_SHOW     "4"
#define SQL_CANCELLED   "5"
#define SQL_EXPIRED     "6"
#define SQL_OPEN        "0"
#define SQL_LEG_WAITING "1"
_Static_assert(ROUTE_LEG_WAITING == 1, "SQL_LEG_WAITING matches route_leg");
_Static_assert(TICKET_WAITING == 0 && TICKET_CALLED == 1 &&
                   TICKET_SERVING == 2 && TICKET_NO_SHOW == 4 &&
                   TICKET_CANCELLED == 5 && TICKET_EXPIRED == 6,
               "SQL_* ticket states match enum ticket_state");
_Static_assert(WINDOW_OPEN == 0, "SQL_OPEN matches enum window_state");

struct store_stmt {
	const char *sql; /* a string literal: its address is the key */
	struct db_stmt *stmt;
};

struct store {
	struct db *db;
	int pg;          /* PostgreSQL: no file of its own to watch */
	char path[1024]; /* the file, or the server's URL without password */
	struct store_stmt stmts[STORE_STMT_MAX];
	int nstmts;
	int in_batch, in_request;
	int doomed; /* a request could not be undone: the batch must not commit
	             */

	/*
	 * The trace's tail. A rolled-back request or batch must put it back,
	 * or the next event would chain onto a row that was never written.
	 */
	int64_t last_seq;
	unsigned char last_hash[STORE_HASH_LEN];
	int64_t batch_seq, request_seq;
	unsigned char batch_hash[STORE_HASH_LEN], request_hash[STORE_HASH_LEN];

	/* The trace's anchor outside the file (store-anchor.c). */
	char dir[1024], anchor_path[1100], key_path[1100];
	char hall_id[STORE_HALL_ID_LEN + 1];
	unsigned char anchor_key[32];
	int anchor_fd; /* -1: not anchored (unit tests, tools) */
	int anchor_slot;
	int64_t anchor_seq;
	unsigned char anchor_hash[STORE_HASH_LEN];

	/* The file as opened: a deleted or replaced one is noticed. */
	int created; /* there was no file: this open made it */
	int lost;
	dev_t dev, wal_dev;
	ino_t ino, wal_ino; /* wal_ino 0: not watched */
};

/* store-alert.c: the migration that adds the alerts. */
extern const char store_alert_migration[];

struct db_stmt *store_stmt(struct store *, const char *sql);
int store_db_error(struct store *, const char *what, struct qerr *);
int store_step_done(struct store *, struct db_stmt *, const char *what,
                    struct qerr *);
/* An INSERT ... RETURNING id: the new row's id. */
int store_step_id(struct store *, struct db_stmt *, int64_t *id,
                  const char *what, struct qerr *);
void store_bind_text(struct db_stmt *, int col, const char *);
int store_load_tail(struct store *, struct qerr *);
void store_anchor_commit(struct store *);
void store_anchor_close(struct store *);

/* store-schema-pg.c: the migrations in PostgreSQL's words */
extern const char *const store_pg_migrations[];

#endif
