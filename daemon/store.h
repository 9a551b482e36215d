/*
 * The store: the hall's state in one SQLite file, and the only code that
 * speaks SQL. Its interface is queue operations, not statements, so the same
 * daemon can later sit on another database.
 *
 * Every change happens inside a batch (one transaction) and inside a request
 * (one savepoint in it): a failed request rolls back alone, and a batch is
 * acknowledged only after store_batch_commit() returns 0. Each change appends
 * an event to the trace, whose rows are chained by hash.
 */
#ifndef QHALL_STORE_H
#define QHALL_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "catalog.h"
#include "qerr.h"
#include "ticket.h"

#define STORE_SCHEMA_VERSION 1
#define STORE_FILE           "qhall.db"
#define STORE_NOTICE_MAX     500
#define STORE_REASON_MAX     200

struct store;

enum window_state { WINDOW_OPEN, WINDOW_PAUSED };

struct window_info {
	int number;
	enum window_state state;
	char reason[STORE_REASON_MAX + 1];
	int64_t ticket_id; /* 0: nobody at the counter */
	int nqueues;
	char queues[CATALOG_MAX_QUEUES][TICKET_PREFIX_MAX + 1]; /* by rank */
};

/*
 * What a change tells the world: appended to the trace, then fanned out.
 * The line is the event exactly as the trace holds it (compact JSON, no
 * newline); emit copies what it keeps.
 */
struct store_event_sink {
	void (*emit)(void *arg, const char *line, size_t len);
	void *arg;
};

struct store *store_open(const char *path, struct qerr *);
void store_close(struct store *);
void store_set_sink(struct store *, const struct store_event_sink *);
void store_set_actor(struct store *, const char *actor);

int store_batch_begin(struct store *, struct qerr *);
int store_batch_commit(struct store *, struct qerr *);
void store_batch_rollback(struct store *);
int store_in_batch(const struct store *);
int store_request_begin(struct store *, struct qerr *);
void store_request_end(struct store *, int keep);

int store_catalog_sync(struct store *, const struct catalog *, int64_t now,
                       struct qerr *);
int store_day_roll(struct store *, const char *today, int64_t now,
                   struct qerr *);

/* Tickets */
struct store_take {
	const char *queue;
	const char *item; /* NULL: none */
	int priority;
	int daily_cap;
	const char *day;
	int64_t now;
	const char *request; /* NULL, or the client's id for this take */
};
int store_ticket_take(struct store *, const struct store_take *,
                      struct ticket *, int *repeated, struct qerr *);
int store_ticket_by_request(struct store *, const char *request,
                            struct ticket *, struct qerr *);
int store_ticket_find(struct store *, const char *day, const char *number,
                      struct ticket *, struct qerr *);
int store_ticket_rejoin(struct store *, const char *day, const char *number,
                        int places, int64_t now, struct ticket *,
                        struct qerr *);
int store_ticket_print_failed(struct store *, const char *day,
                              const char *number, const char *reason,
                              struct ticket *, struct qerr *);

/* Windows */
int store_window_get(struct store *, int number, struct window_info *,
                     struct qerr *);
int store_window_set(struct store *, int number, const char *const *queues,
                     int nqueues, struct qerr *);
int store_window_call(struct store *, int number, int64_t now, struct ticket *,
                      int *found, struct qerr *);
int store_window_recall(struct store *, int number, int64_t now,
                        struct ticket *, struct qerr *);
int store_window_skip(struct store *, int number, int64_t now, struct ticket *,
                      struct qerr *);
int store_window_serve(struct store *, int number, int64_t now, struct ticket *,
                       struct qerr *);
int store_window_finish(struct store *, int number, int64_t now,
                        struct ticket *, struct qerr *);
int store_window_transfer(struct store *, int number, const char *queue,
                          int to_back, int64_t now, struct ticket *,
                          struct qerr *);
int store_window_pause(struct store *, int number, const char *reason,
                       int64_t now, struct qerr *);
int store_window_resume(struct store *, int number, int64_t now, struct qerr *);

/* The hall */
int store_status(struct store *, const struct catalog *, const char *day,
                 json_t **out, struct qerr *);
int store_day_close(struct store *, const char *day, int64_t now, int *expired,
                    struct qerr *);
int store_notice_set(struct store *, const char *text, int64_t now,
                     struct qerr *);

/* Devices */
struct store_device {
	char name[64];
	char role[16];
	int window;
};
int store_device_add(struct store *, const struct store_device *,
                     const char *token_id, const unsigned char *salt,
                     const unsigned char *hash, int64_t now, struct qerr *);
int store_device_lookup(struct store *, const char *token_id,
                        struct store_device *, unsigned char *salt,
                        unsigned char *hash, struct qerr *);

/* Staff */
struct store_staff {
	char id[33];
	char name[97];
	char pin_hash[160];
};
int store_staff_add(struct store *, const char *id, const char *name,
                    const char *pin_hash, int64_t now, struct qerr *);
int store_staff_get(struct store *, const char *id, struct store_staff *,
                    struct qerr *);
int store_window_staff(struct store *, int window, const struct store_staff *,
                       int64_t now, struct qerr *);
int store_queue_close(struct store *, const char *queue, int closed,
                      int64_t now, struct qerr *);

/* The trace */
int store_trace_verify(struct store *, int64_t *events, int64_t *bad_seq,
                       struct qerr *);
int64_t store_trace_last_seq(const struct store *);
int store_check(struct store *, char *out, size_t size, struct qerr *);

#endif
