/*
 * The daemon's ops as data: each is a name, the roles allowed to call it,
 * the fields it takes, and a handler. dispatch.c checks all of that once,
 * so a handler holds only its own logic. A new op is a new `const struct
 * op` in an ops-*.c file and a row of ops_table (ops.c); `qhalld
 * --ops-json` prints the table for the fuzzer and the hostile clients.
 */
#ifndef QHALL_OPS_H
#define QHALL_OPS_H

#include "daemon.h"
#include "proto.h"

/* Room for a result written as text: a ticket and a few fields. */
#define OP_TEXT_MAX 4096

struct op_ctx {
	struct daemon *d;
	struct conn *conn;
	json_t *req;
	int64_t now;
	char day[TICKET_DAY_LEN + 1];
	/* A handler may write its result as the text of a JSON object here
	 * instead of setting *result (the hot ops do: no jansson object). */
	char text[OP_TEXT_MAX];
	size_t text_len; /* 0: the result is *result */
	/* Or a long-lived text of text_len bytes the reply copies. */
	const char *text_ref;
};

struct op {
	const char *name;
	unsigned roles; /* enum role bits */
	int window;     /* acts on "window": a window client only its own */
	const struct proto_field *fields;
	/* 0 with *result set, or -1 with err set. */
	int (*exec)(struct op_ctx *, json_t **result, struct qerr *);
	int hello; /* the connection's first message: runs outside a batch */
};

extern const struct op op_hello;
extern const struct op op_take, op_ticket, op_rejoin, op_printed;
extern const struct op op_call, op_recall, op_skip, op_serve, op_finish,
    op_transfer, op_pause, op_resume, op_window_set;
extern const struct op op_status, op_catalog, op_subscribe, op_day_close,
    op_notice, op_verify, op_device_add, op_backup;
extern const struct op op_staff_add, op_login, op_logout, op_queue_close,
    op_queue_open;
extern const struct op op_ticket_cancel, op_device_cancel, op_device_remove,
    op_device_rotate, op_staff_remove, op_staff_pin, op_staff_unlock;

/* hello.c: a new device token, its lookup id, salt and hash. */
#define HELLO_TOKEN_ID_LEN 16 /* hex characters: the lookup key */
#define HELLO_TOKEN_LEN    48 /* id + 32 hex characters of secret */
/* 0 when token is a device's; fills in the device. */
int hello_token_check(struct daemon *, const char *token, struct store_device *,
                      struct qerr *);
void hello_token_new(char token[HELLO_TOKEN_LEN + 1],
                     char id[HELLO_TOKEN_ID_LEN + 1], unsigned char *salt,
                     unsigned char *hash);
extern const struct op op_rate, op_ratings, op_reviews, op_review,
    op_rating_policy;
extern const struct op op_trace_page;
/* ops-appointment.c: appointments (预约) and the guard on their codes. */
extern const struct op op_appt_add, op_appt_list, op_appt_cancel,
    op_appt_checkin;
struct code_guard *code_guard_new(int wrong_per_minute);
void code_guard_free(struct code_guard *);
extern const struct op op_seal_part, op_seal, op_sealed, op_trace_export;
/* ops-trace.c: local midnight opening day (plus days), in ms. */
int64_t op_midnight(const char *day, int plus);
extern const struct op op_alerts, op_alert_ack, op_help;
/* ops-alert.c: an alert as replies show it; the daemon's timed look. */
json_t *op_alert_json(const struct store_alert *);
int alert_timer_start(struct daemon *);
void alert_timer_stop(struct daemon *);
extern const struct op op_route; /* ops-route.c */
/* ops-review.c: a ledger entry as replies show it. */
json_t *op_review_json(const struct store_review *, int64_t now);

/* ops.c: the table of every op. */
const struct op *ops_find(const char *name);
json_t *ops_describe(void);

/* Helpers for handlers. */
const char *op_str(const struct op_ctx *, const char *field);
int op_int(const struct op_ctx *, const char *field, int fallback);
int op_bool(const struct op_ctx *, const char *field);
/* {"window":W?, "ticket":T or null, "repeated":R?} as the text result;
 * W and R are left out when negative. */
void op_ticket_text(struct op_ctx *, int window, const struct ticket *,
                    int repeated);
int op_day(const struct op_ctx *, char out[TICKET_DAY_LEN + 1], struct qerr *);
int op_day_text(const char *day, char out[TICKET_DAY_LEN + 1], struct qerr *);

#endif
