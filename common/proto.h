/*
 * The wire protocol: UTF-8 JSON, one object per line.
 *
 *   client: {"id": 1, "op": "hello", "role": "kiosk", "version": 1, ...}
 *   daemon: {"id": 1, "ok": true, "result": {...}}
 *           {"id": 1, "ok": false, "error": {"code": "...", "message": "..."}}
 *           {"event": "called", "seq": 17, "ticket": {...}, ...}   (no id)
 *
 * Don't forget to bump PROTO_VERSION if the meaning of a message changes!
 */
#ifndef QHALL_PROTO_H
#define QHALL_PROTO_H

#include <jansson.h>
#include <stddef.h>

#include "qerr.h"

#define PROTO_VERSION  1
#define PROTO_MAX_LINE 65536 /* bytes, without the newline */

/*
 * Error codes: stable, scripts test them. Each one is also a row of
 * proto_errors[] in proto.c: add a new code there too.
 */
#define PROTO_E_BAD_JSON       "bad_json"
#define PROTO_E_BAD_REQUEST    "bad_request"
#define PROTO_E_LINE_TOO_LONG  "line_too_long"
#define PROTO_E_UNKNOWN_OP     "unknown_op"
#define PROTO_E_HELLO_REQUIRED "hello_required"
#define PROTO_E_VERSION        "version_mismatch"
#define PROTO_E_UNAUTHORIZED   "unauthorized"
#define PROTO_E_FORBIDDEN      "forbidden"
#define PROTO_E_NOT_FOUND      "not_found"
#define PROTO_E_NO_QUEUE       "no_such_queue"
#define PROTO_E_NO_ITEM        "no_such_item"
#define PROTO_E_NO_WINDOW      "no_such_window"
#define PROTO_E_BAD_STATE      "bad_state"
#define PROTO_E_WINDOW_BUSY    "window_busy"
#define PROTO_E_WINDOW_PAUSED  "window_paused"
#define PROTO_E_QUEUE_FULL     "queue_full"
#define PROTO_E_QUEUE_CLOSED   "queue_closed"
#define PROTO_E_EXISTS         "exists"
#define PROTO_E_STORE          "store_failed"
#define PROTO_E_BUSY           "busy"
#define PROTO_E_IO             "io_error"
#define PROTO_E_PROTOCOL       "protocol_error"
#define PROTO_E_CONFIG         "bad_config"
#define PROTO_E_TIMEOUT        "timeout"
#define PROTO_E_RATE_LIMITED   "rate_limited"
/* Ratings (好差评): why a rating was refused. */
#define PROTO_E_ALREADY_RATED   "already_rated"
#define PROTO_E_NOT_FINISHED    "not_finished"
#define PROTO_E_RATING_CLOSED   "rating_closed"
#define PROTO_E_REASON_REQUIRED "reason_required"
#define PROTO_E_WRONG_WINDOW    "wrong_window"
/* opening hours and per-person limits */
#define PROTO_E_ID_REQUIRED  "id_required"
#define PROTO_E_BAD_ID       "bad_id"
#define PROTO_E_PERSON_LIMIT "person_limit"
/* appointments (预约) */
#define PROTO_E_NO_SLOT        "no_such_slot"
#define PROTO_E_SLOT_FULL      "slot_full"
#define PROTO_E_APPT_NOT_FOUND "appointment_not_found"
#define PROTO_E_APPT_USED      "appointment_used"
#define PROTO_E_APPT_CANCELLED "appointment_cancelled"
#define PROTO_E_APPT_OTHER_DAY "appointment_other_day"
#define PROTO_E_APPT_EARLY     "appointment_early"

/* One error code, and whether the daemon may send it to a client. */
struct proto_error {
	const char *code;
	int from_daemon; /* 0: a client's own (io_error, timeout...) */
};

extern const struct proto_error proto_errors[]; /* ends with code NULL */

enum proto_type {
	PROTO_STRING,
	PROTO_INT,
	PROTO_BOOL,
	PROTO_STRINGS, /* array of strings */
	PROTO_SCALAR,  /* string or integer */
};

/* One field a request may carry; a table of these ends with name NULL. */
struct proto_field {
	const char *name;
	enum proto_type type;
	int required;
	long long min, max; /* INT: value range; STRING/STRINGS: length range */
};

const char *proto_error_from_daemon(const char *code);

int proto_decode(const char *line, size_t len, json_t **out, struct qerr *);
int proto_validate(json_t *req, const struct proto_field *, struct qerr *);

char *proto_encode(json_t *msg, size_t *len);
json_t *proto_reply_ok(json_t *id, json_t *result);
char *proto_reply_ok_text(json_t *id, const char *result, size_t result_len,
                          size_t *len);
json_t *proto_reply_error(json_t *id, const char *code, const char *message);

#endif
