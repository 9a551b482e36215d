/*
 * The store: a narrow repository beneath the hall's rules (hall.h). It
 * saves and finds tickets, queues, windows, staff, devices, settings and
 * the trace, and keeps them durable; it decides no rule, reads no clock
 * (times come in as arguments), and builds no JSON. Its SQL (store*.c,
 * the only SQL of the daemon) runs through db.h, today on a SQLite file
 * (db-sqlite.c).
 *
 * Every change happens inside a batch (one transaction) and inside a
 * request (one savepoint in it): a failed request rolls back alone, and a
 * batch is acknowledged only after store_batch_commit() returns 0.
 *
 * Lookups that may find nothing say so through *found; -1 with a qerr is
 * left for the store failing.
 */
#ifndef QHALL_STORE_H
#define QHALL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "qerr.h"
#include "ticket.h"

#define STORE_SCHEMA_VERSION 11
#define STORE_FILE           "qhall.db"
#define STORE_NOTICE_MAX     500
#define STORE_REASON_MAX     200
#define STORE_ANCHOR_FILE    "qhall.anchor"
#define STORE_KEY_FILE       "qhall.key"
#define STORE_HALL_ID_LEN    32
/* The setting a SQLite hall keeps once qhall migrate moved it: where to. */
#define STORE_MOVED_SETTING "moved_to"

struct store;

/* stored: never renumber */
enum window_state { WINDOW_OPEN = 0, WINDOW_PAUSED = 1 };

struct window_info {
	int number;
	enum window_state state;
	char reason[STORE_REASON_MAX + 1];
	int64_t ticket_id; /* 0: nobody at the counter */
	int nqueues;
	char queues[CATALOG_MAX_QUEUES][TICKET_PREFIX_MAX + 1]; /* by rank */
	char served_day[TICKET_DAY_LEN + 1]; /* the day served counts */
	int served;                          /* services that day */
	int64_t service_ms;                  /* their time together */
	char staff_id[33], staff_name[97];   /* "" when nobody logged in */
};

struct queue_info {
	char prefix[TICKET_PREFIX_MAX + 1];
	int64_t avg_service_ms;
	int64_t served; /* ever */
	int closed;     /* issues no numbers (暂停取号) */
	int waiting;
	int windows_open; /* open windows that serve it */
};

/* The best waiting ticket of one queue, by class then place. */
struct queue_head {
	int64_t id;
	enum ticket_class klass;
	int64_t order_at;
	int leg; /* 1: a route's leg waiting here (store-route.c), 0: a row */
};

/* "sqlite:PATH", "file:PATH" or a bare path: the SQLite file;
 * "postgresql://..." (libpq's URL): a database on a PostgreSQL server. */
struct store *store_open(const char *url, struct qerr *);
int store_url_is_pg(const char *url);
/* The engine beneath: "sqlite" or "postgresql". */
const char *store_engine(const struct store *);
void store_close(struct store *);

/* Off: commits no longer wait for the disk. Only for building a file
 * nobody has been told about yet (history for a benchmark, an import). */
int store_set_durable(struct store *, int durable, struct qerr *);

/* Transactions */
int store_batch_begin(struct store *, struct qerr *);
int store_batch_commit(struct store *, struct qerr *);
void store_batch_rollback(struct store *);
int store_in_batch(const struct store *);
int store_request_begin(struct store *, struct qerr *);
int store_request_end(struct store *, int keep, struct qerr *);

/* Queues */
int store_queue_add(struct store *, const char *prefix, int64_t avg_ms,
                    struct qerr *);
int store_queue_get(struct store *, const char *prefix, struct queue_info *,
                    int *found, struct qerr *);
int store_queue_list(struct store *, struct queue_info *out, int max, int *n,
                     struct qerr *);
int store_queue_put_served(struct store *, const char *prefix, int64_t served,
                           int64_t avg_ms, struct qerr *);
int store_queue_put_closed(struct store *, const char *prefix, int closed,
                           int *found, struct qerr *);
/* The day's next sequence number of a queue, bumped in the request's
 * savepoint; out_day is the counter's day (never earlier than before), and
 * q the queue as it stands, its waiting count before the new ticket. */
int store_queue_next_seq(struct store *, const char *prefix, const char *day,
                         int *seq, char out_day[], struct queue_info *q,
                         int *found, struct qerr *);
int store_queue_head(struct store *, const char *prefix, struct queue_head *,
                     int *found, struct qerr *);
/* order_at of the n-th (from 0) waiting ticket of a class, if any. */
int store_queue_nth(struct store *, const char *prefix, enum ticket_class,
                    int n, int64_t *order_at, int *found, struct qerr *);

/* Tickets */
/* device: who took it (a device name), or NULL. */
int store_ticket_insert(struct store *, struct ticket *, const char *request,
                        const char *device, struct qerr *);
/* The device that took ticket id, "" if none is known. */
int store_ticket_taker(struct store *, int64_t id, char *device, size_t size,
                       struct qerr *);
int store_ticket_get(struct store *, int64_t id, struct ticket *,
                     struct qerr *);
int store_ticket_find(struct store *, const char *day, const char *number,
                      struct ticket *, int *found, struct qerr *);
int store_ticket_by_request(struct store *, const char *request,
                            struct ticket *, int *found, struct qerr *);
int store_ticket_put(struct store *, const struct ticket *, struct qerr *);
/* Waiting tickets of t's queue that stand before t. */
int store_ticket_count_ahead(struct store *, const struct ticket *, int *ahead,
                             struct qerr *);
/* Tickets still waiting or at a counter on last_day or before become
 * expired at `at`; windows let go of them. */
int store_ticket_expire(struct store *, const char *last_day, int64_t at,
                        int *expired, struct qerr *);
/* Tickets of a queue and day that were cancelled or expired: numbers
 * issued that no citizen holds any more. */
int store_ticket_count_void(struct store *, const char *queue, const char *day,
                            int *n, struct qerr *);
/* Cancel at `at` every ticket a device took on day that still waits or
 * was skipped; out[] gets the count of each queue that had some. */
struct store_queue_count {
	char queue[TICKET_PREFIX_MAX + 1];
	int n;
};
int store_ticket_cancel_device(struct store *, const char *device,
                               const char *day, int64_t at,
                               struct store_queue_count *out, int max,
                               int *nqueues, int *cancelled, struct qerr *);

/* Windows */
int store_window_get(struct store *, int number, struct window_info *,
                     int *found, struct qerr *);
int store_window_numbers(struct store *, int *out, int max, int *n,
                         struct qerr *);
int store_window_put(struct store *, const struct window_info *, struct qerr *);
/* The window serves these queues in this rank; it is made if new.
 * *bad_queue is the index of a queue the store does not know, or -1. */
int store_window_set_queues(struct store *, int number,
                            const char *const *queues, int n, int *bad_queue,
                            struct qerr *);
int store_window_put_staff(struct store *, int number, const char *staff_id,
                           struct qerr *);

/* Staff */
struct store_staff {
	char id[33];
	char name[97];
	char pin_hash[160];
};
int store_staff_add(struct store *, const struct store_staff *, int64_t at,
                    int *exists, struct qerr *);
int store_staff_get(struct store *, const char *id, struct store_staff *,
                    int *found, struct qerr *);
/* A staff member's role ("window", "supervisor", "admin"). */
int store_staff_role_get(struct store *, const char *id, char *role,
                         size_t size, int *found, struct qerr *);
int store_staff_role_set(struct store *, const char *id, const char *role,
                         struct qerr *);
int store_staff_put_pin(struct store *, const char *id, const char *pin_hash,
                        int *found, struct qerr *);
/* Removes the staff member; the windows they were logged in at are left
 * with nobody (*windows of them, numbers in out, at most max). */
int store_staff_remove(struct store *, const char *id, int *out, int max,
                       int *windows, int *found, struct qerr *);

/* Devices */
struct store_device {
	char name[64];
	char role[16];
	int window;
};
int store_device_add(struct store *, const struct store_device *,
                     const char *token_id, const unsigned char *salt,
                     const unsigned char *hash, int64_t at, int *exists,
                     struct qerr *);
int store_device_lookup(struct store *, const char *token_id,
                        struct store_device *, unsigned char *salt,
                        unsigned char *hash, int *found, struct qerr *);
int store_device_get(struct store *, const char *name, struct store_device *,
                     int *found, struct qerr *);
int store_device_remove(struct store *, const char *name, int *found,
                        struct qerr *);
/* A new token for the device: the old one no longer matches. */
int store_device_put_token(struct store *, const char *name,
                           const char *token_id, const unsigned char *salt,
                           const unsigned char *hash, int *found,
                           struct qerr *);

/*
 * Services and their ratings (好差评). A service is one ticket at one
 * window from call to finish; a transferred ticket's next window is a new
 * service. A rating belongs to one service, at most one.
 */
struct store_service {
	int64_t id, ticket_id;
	char day[TICKET_DAY_LEN + 1]; /* the ticket's business day */
	char number[TICKET_NUMBER_MAX];
	int window;
	char staff[33]; /* "" when nobody was logged in */
	char queue[TICKET_PREFIX_MAX + 1];
	char item[TICKET_ITEM_MAX + 1];
	int64_t called_at, finished_at;
};
#define STORE_RATING_REASONS_MAX 1024
struct store_rating {
	int64_t service_id;
	int level;                              /* 1..5, 5 = 非常满意 */
	char channel[16];                       /* evaluator, web, paper */
	char reasons[STORE_RATING_REASONS_MAX]; /* "a|b", "" for none */
	char note[STORE_REASON_MAX * 4 + 1];    /* 其他's text */
	int64_t at;
	char device[96]; /* who entered it (the hall's actor) */
};
int store_service_add(struct store *, struct store_service *, struct qerr *);
/* The last service of a ticket (at window, unless 0), or of a window. */
int store_service_of_ticket(struct store *, int64_t ticket_id, int window,
                            struct store_service *, int *found, struct qerr *);
int store_service_last_at(struct store *, int window, struct store_service *,
                          int *found, struct qerr *);
int store_rating_get(struct store *, int64_t service_id, struct store_rating *,
                     int *found, struct qerr *);
int store_rating_add(struct store *, const struct store_rating *, int *exists,
                     struct qerr *);

/* Services and ratings counted by subject over [from, to] (days). */
enum store_by {
	STORE_BY_WINDOW,
	STORE_BY_STAFF,
	STORE_BY_QUEUE,
	STORE_BY_ITEM
};
struct store_rating_count {
	char subject[64]; /* "" with subject_null */
	int subject_null;
	int64_t services, rated;
	int64_t levels[6]; /* [1]..[5] */
};
/* *rows is the caller's to free(). */
int store_rating_counts(struct store *, enum store_by, const char *from,
                        const char *to, struct store_rating_count **rows,
                        int *n, struct qerr *);

#define STORE_PHONE_SEALED_MAX 128

/* The follow-up of a 差评 (差评台账); stored: never renumber. */
enum review_state {
	REVIEW_TO_VERIFY = 0,    /* 待核实 */
	REVIEW_VERIFIED = 1,     /* 属实 */
	REVIEW_NOT_VERIFIED = 2, /* 不属实 */
	REVIEW_FIXING = 3,       /* 整改 */
	REVIEW_CALLED_BACK = 4,  /* 回访 */
	REVIEW_CLOSED = 5,
	REVIEW_APPEALED = 6, /* 申诉 */
	REVIEW_EXCLUDED = 7, /* 误评, 恶意差评: by a recorded review only */
	REVIEW_STATE_COUNT
};
struct store_review {
	int64_t id;
	struct store_service service;
	int level;
	enum review_state state;
	int verified; /* -1 not yet, 0 不属实, 1 属实 */
	int64_t opened_at, reply_due, fix_due;
	int64_t replied_at, fixed_at, called_back_at,
	    closed_at;     /* 0: not yet */
	char callback[16]; /* 满意, 基本满意, 不满意, or "" */
	char excluded[16]; /* 误评, 恶意差评, or "" */
	char reviewer[97];
	char note[STORE_REASON_MAX * 4 + 1]; /* the last step's note */
	/* The citizen's callback number, sealed (phone.c); kept until
	 * phone_until (0: while the entry is open). */
	unsigned char phone[STORE_PHONE_SEALED_MAX];
	int phone_len; /* 0: none, or deleted */
	int64_t phone_until;
};
int store_review_add(struct store *, struct store_review *, struct qerr *);
int store_review_get(struct store *, int64_t id, struct store_review *,
                     int *found, struct qerr *);
int store_review_put(struct store *, const struct store_review *,
                     struct qerr *);
/* Entries whose service's day is in [from, to] ("" for any), or that
 * are open (open_only); window 0 for any. *rows is the caller's to free(). */
int store_review_list(struct store *, const char *from, const char *to,
                      int open_only, int window, struct store_review **rows,
                      int *n, struct qerr *);
/* Delete the phone numbers kept until `now` or before. */
int store_review_forget_phones(struct store *, int64_t now, int *forgotten,
                               struct qerr *);

/*
 * Alerts (store-alert.c): a KPI over its threshold, or a call for help.
 * One row per alert, acknowledged and cleared in place; at most one of a
 * kind and subject is uncleared.
 */
#define STORE_ALERT_KIND_MAX    16
#define STORE_ALERT_SUBJECT_MAX 64
struct store_alert {
	int64_t id;
	char kind[STORE_ALERT_KIND_MAX + 1];
	char subject[STORE_ALERT_SUBJECT_MAX + 1]; /* queue, window, kiosk */
	int window;                                /* 0: no one window's */
	int64_t figure, threshold;                 /* as raised */
	char detail[65];                           /* help: the screen */
	int64_t raised_at, acked_at, cleared_at;   /* 0: not yet */
	char acked_by[97];
	int64_t cleared_figure;
};
/* *exists: one of that kind and subject is still uncleared (no row). */
int store_alert_add(struct store *, struct store_alert *, int *exists,
                    struct qerr *);
int store_alert_get(struct store *, int64_t id, struct store_alert *,
                    int *found, struct qerr *);
int store_alert_put(struct store *, const struct store_alert *, struct qerr *);
/* The uncleared alerts, oldest first; *rows is the caller's to free(). */
int store_alert_current(struct store *, struct store_alert **rows, int *n,
                        struct qerr *);
/* taken_at of the queue's waiting ticket taken first, if any waits. */
int store_queue_oldest(struct store *, const char *prefix, int64_t *taken_at,
                       int *found, struct qerr *);

/* Settings: small named values (the business day, the lobby notice). */
int store_setting_get(struct store *, const char *key, char *out, size_t size);
int store_setting_put(struct store *, const char *key, const char *value,
                      struct qerr *);

/* The trace: events chained by hash. Append takes the event's text as it
 * will be sent, numbered store_trace_last_seq() + 1. */
int store_trace_append(struct store *, int64_t at, const char *body, size_t len,
                       struct qerr *);
int64_t store_trace_last_seq(const struct store *);
int store_trace_verify(struct store *, int64_t *events, int64_t *bad_seq,
                       struct qerr *);
/*
 * The trace's anchor outside the database (store-anchor.c): the hall's
 * identity, the event count and the last hash, MACed with a key of its
 * own, both in dir. Opening checks the file against it; each commit moves
 * it up. Precheck, before store_open(): a hall whose file is gone.
 */
enum store_anchor_start {
	STORE_ANCHOR_CHECK,    /* the file must be the anchored hall's */
	STORE_ANCHOR_NEW_HALL, /* the file, or a new one, is a hall anew */
	STORE_ANCHOR_RESTORE,  /* the file is this hall's, from a backup */
};
int store_anchor_precheck(const char *dir, const char *db_path,
                          enum store_anchor_start, struct qerr *);
int store_anchor_open(struct store *, const char *dir, enum store_anchor_start,
                      struct qerr *);
/* The file's first `events` chained events against the anchor: problem
 * is "" or what is wrong (a missing tail, a rewrite). */
int store_anchor_verify(struct store *, int64_t events, int64_t *anchored,
                        char *problem, size_t size, struct qerr *);
const char *store_hall_id(const struct store *);
/* Still the file that was opened, with its -wal? Once not, never again:
 * no commit is made into a deleted file. */
int store_file_check(struct store *, struct qerr *);

/*
 * Routes (并联审批, store-route.c): one row per queue of each step of a
 * ticket's route. The ticket's own row stands for one leg of its current
 * step (the leg in ROUTE_LEG_TICKET); its other legs of that step wait in
 * their queues as legs. stored: never renumber.
 */
enum route_leg_state {
	ROUTE_LEG_PENDING = 0, /* a later step */
	ROUTE_LEG_WAITING = 1, /* waits in its queue as a leg */
	ROUTE_LEG_TICKET = 2,  /* the ticket's own row stands for it */
	ROUTE_LEG_DONE = 3,    /* its queue has served the ticket */
	ROUTE_LEG_NO_SHOW = 4, /* missed at its queue; may rejoin */
	ROUTE_LEG_LEFT = 5,    /* transferred, cancelled or expired */
};
#define ROUTE_LEGS_MAX 32
struct route_leg {
	int step, pos; /* from 0: the step, the queue's place in it */
	char queue[TICKET_PREFIX_MAX + 1];
	enum route_leg_state state;
	enum ticket_class klass; /* its place while it waits as a leg */
	int64_t order_at;
	int window;      /* that served (done) or missed it; 0 */
	int64_t done_at; /* 0: not yet */
};
int store_route_add(struct store *, int64_t ticket_id, const struct route_leg *,
                    int n, struct qerr *);
/* The legs of a ticket by step and place; *n 0: it has no route. */
int store_route_get(struct store *, int64_t ticket_id, struct route_leg *out,
                    int max, int *n, struct qerr *);
int store_route_put(struct store *, int64_t ticket_id, const struct route_leg *,
                    struct qerr *);
/* The best leg waiting in a queue whose ticket is free (not at a
 * counter, not over): one LIMIT 1 seek of the waiting legs' index. */
int store_route_head(struct store *, const char *prefix, struct queue_head *,
                     int *found, struct qerr *);
/* Legs still waiting whose ticket is no longer waiting anywhere (expired
 * by a day close, cancelled) leave their queues. */
int store_route_sweep(struct store *, struct qerr *);

/* store-trace-read.c: the trace in pages, for reports. */
int store_trace_period(struct store *, int64_t from_at, int64_t to_at,
                       int64_t *first, int64_t *last, struct qerr *);
int store_trace_page(struct store *, int64_t after, int64_t upto,
                     int64_t from_at, int64_t to_at, int max,
                     void (*fn)(void *, int64_t seq, const char *, size_t),
                     void *arg, struct qerr *);
/* store-person.c: takes by one ID number, as a keyed hash only. */
int store_person_count(struct store *, const unsigned char *hash,
                       size_t hash_len, const char *queue, const char *day,
                       int *taken, struct qerr *);
int store_person_add(struct store *, const unsigned char *hash, size_t hash_len,
                     const struct ticket *, struct qerr *);
int store_person_forget(struct store *, const char *before_day, int *forgotten,
                        struct qerr *);

/* store-appointment.c: appointments (预约). Stored values: do not
 * renumber. */
enum appt_state {
	APPT_BOOKED = 0,
	APPT_CHECKED_IN = 1,
	APPT_CANCELLED = 2,
	APPT_NO_SHOW = 3,
};
#define APPT_CODE_LEN 6
struct store_appointment {
	int64_t id;
	char code[APPT_CODE_LEN + 1];
	char item[TICKET_ITEM_MAX + 1];
	char queue[TICKET_PREFIX_MAX + 1];
	char day[TICKET_DAY_LEN + 1];
	char slot[6];    /* "09:30" */
	int64_t slot_at; /* the slot's start, ms */
	enum appt_state state;
	int has_phone;
	unsigned char phone[64]; /* sealed (phone.c) */
	size_t phone_len;
	int64_t booked_at, checked_in_at;
	char booked_by[96];
	int64_t ticket_id;
	char number[TICKET_NUMBER_MAX]; /* its ticket's, "" none */
	int late; /* checked in after the lateness allowed: a walk-in */
};
int store_appt_insert(struct store *, struct store_appointment *,
                      struct qerr *);
int store_appt_count_slot(struct store *, const char *item, const char *day,
                          const char *slot, int *n, struct qerr *);
int store_appt_code_used(struct store *, const char *code, int *used,
                         struct qerr *);
/* The booked one with this code, else the latest of any state. */
int store_appt_find(struct store *, const char *code,
                    struct store_appointment *, int *found, struct qerr *);
int store_appt_put(struct store *, const struct store_appointment *,
                   struct qerr *);
/* A day's appointments (day "" = from today on), in slot order. */
int store_appt_list(struct store *, const char *day, const char *from_day,
                    void (*fn)(void *, const struct store_appointment *),
                    void *arg, struct qerr *);
/* Booked appointments of days before `day` become no-shows. */
int store_appt_no_shows(struct store *, const char *day,
                        void (*fn)(void *, const struct store_appointment *),
                        void *arg, struct qerr *);
/*
 * store-seal.c: sealed periods. The figures' text is kept in parts (at
 * most STORE_SEAL_PART bytes each) until the seal row fixes them; a
 * sealed period's rows are never changed (the schema's triggers).
 */
#define STORE_SEAL_PERIOD 31
#define STORE_SEAL_PART   32768
#define STORE_SEAL_PARTS  256
struct store_seal {
	char period[STORE_SEAL_PERIOD + 1];
	char from[TICKET_DAY_LEN + 1], to[TICKET_DAY_LEN + 1];
	int64_t upto;      /* the trace's last seq the figures read */
	int64_t sealed_at; /* ms */
	int64_t seq;       /* the seal's own event */
	int parts;
	char hash[65]; /* hex BLAKE2b-256 of the parts' text, in order */
};
int store_seal_get(struct store *, const char *period, struct store_seal *,
                   int *found, struct qerr *);
int store_seal_add(struct store *, const struct store_seal *, struct qerr *);
/* A part of a period not sealed yet; an earlier one of that index goes. */
int store_seal_part_put(struct store *, const char *period, int idx,
                        const char *text, size_t len, struct qerr *);
/* *text is the caller's to free(); NULL when there is no such part. */
int store_seal_part_get(struct store *, const char *period, int idx,
                        char **text, size_t *len, struct qerr *);
/* Sealed periods, newest first, at most max. */
int store_seal_list(struct store *, struct store_seal *, int max, int *n,
                    struct qerr *);
/* One event's text by seq; *text NULL if there is none. Caller frees. */
int store_trace_event(struct store *, int64_t seq, char **text, size_t *len,
                      struct qerr *);

/* Events after..upto with their hashes, whatever their time: an export
 * of the chain. The hash of one event (zeros before the first). */
#define STORE_TRACE_HASH_LEN 32
int store_trace_chain_page(struct store *, int64_t after, int64_t upto, int max,
                           void (*fn)(void *, int64_t seq, const char *, size_t,
                                      const unsigned char *hash),
                           void *arg, struct qerr *);
int store_trace_hash_at(struct store *, int64_t seq,
                        unsigned char out[STORE_TRACE_HASH_LEN], struct qerr *);

/* The database's own check of its structure: "ok", or what is wrong. */
int store_check(struct store *, char *out, size_t size, struct qerr *);

/* The whole hall copied into the empty store at url (qhall migrate),
 * checked table by table and along the trace before it commits; s is
 * only read. */
struct store_copy_result {
	char target[1024]; /* url, without a password */
	int64_t tickets, events;
};
int store_copy_hall(struct store *, const char *url, struct store_copy_result *,
                    struct qerr *);

/* A consistent copy of the whole store at dest (store-backup.c), as of
 * the last commit; *bytes its size. */
int store_backup(struct store *, const char *dest, int64_t *bytes,
                 struct qerr *);

#endif
