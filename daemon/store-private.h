/* Shared by the store's files only; nothing outside daemon/store*.c. */
#ifndef QHALL_STORE_PRIVATE_H
#define QHALL_STORE_PRIVATE_H

#include <sodium.h>
#include <sqlite3.h>

#include "store.h"

#define STORE_STMT_MAX 64
#define STORE_HASH_LEN crypto_generichash_BYTES

struct store_stmt {
	const char *sql; /* a string literal: its address is the key */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char path[1024];
	struct store_stmt stmts[STORE_STMT_MAX];
	int nstmts;
	int in_batch, in_request;
	struct store_event_sink sink;
	char actor[96];
	char day[TICKET_DAY_LEN + 1]; /* the business day the store is in */

	/*
	 * The trace's tail. A rolled-back request or batch must put it back,
	 * or the next event would chain onto a row that was never written.
	 */
	int64_t last_seq;
	unsigned char last_hash[STORE_HASH_LEN];
	int64_t batch_seq, request_seq;
	unsigned char batch_hash[STORE_HASH_LEN], request_hash[STORE_HASH_LEN];
	json_t *request_events; /* emitted at request end, if kept */
};

sqlite3_stmt *store_stmt(struct store *, const char *sql);
int store_db_error(struct store *, const char *what, struct qerr *);
int store_step_done(struct store *, sqlite3_stmt *, const char *what,
                    struct qerr *);
int store_event(struct store *, const char *type, int64_t now,
                const struct ticket *, int window, json_t *extra,
                struct qerr *);
int store_setting_get(struct store *, const char *key, char *out, size_t size);
int store_setting_put(struct store *, const char *key, const char *value,
                      struct qerr *);

/* Tickets, shared by the ticket and window files. */
int store_ticket_by_id(struct store *, int64_t id, struct ticket *,
                       struct qerr *);
int store_ticket_ahead(struct store *, struct ticket *, struct qerr *);
int store_ticket_update(struct store *, const struct ticket *, int64_t order_at,
                        struct qerr *);
void store_bind_text(sqlite3_stmt *, int col, const char *);

#endif
