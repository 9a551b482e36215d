#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

const struct proto_error proto_errors[] = {
    {PROTO_E_BAD_JSON, 1},
    {PROTO_E_BAD_REQUEST, 1},
    {PROTO_E_LINE_TOO_LONG, 1},
    {PROTO_E_UNKNOWN_OP, 1},
    {PROTO_E_HELLO_REQUIRED, 1},
    {PROTO_E_VERSION, 1},
    {PROTO_E_UNAUTHORIZED, 1},
    {PROTO_E_FORBIDDEN, 1},
    {PROTO_E_NOT_FOUND, 1},
    {PROTO_E_NO_QUEUE, 1},
    {PROTO_E_NO_ITEM, 1},
    {PROTO_E_NO_WINDOW, 1},
    {PROTO_E_BAD_STATE, 1},
    {PROTO_E_WINDOW_BUSY, 1},
    {PROTO_E_WINDOW_PAUSED, 1},
    {PROTO_E_QUEUE_FULL, 1},
    {PROTO_E_QUEUE_CLOSED, 1},
    {PROTO_E_EXISTS, 1},
    {PROTO_E_STORE, 1},
    {PROTO_E_BUSY, 1},
    {PROTO_E_IO, 0},
    {PROTO_E_PROTOCOL, 0},
    {PROTO_E_CONFIG, 1},
    {PROTO_E_TIMEOUT, 0},
    {PROTO_E_RATE_LIMITED, 1},
    {PROTO_E_ALREADY_RATED, 1},
    {PROTO_E_NOT_FINISHED, 1},
    {PROTO_E_RATING_CLOSED, 1},
    {PROTO_E_REASON_REQUIRED, 1},
    {PROTO_E_WRONG_WINDOW, 1},
    {PROTO_E_ID_REQUIRED, 1},
    {PROTO_E_BAD_ID, 1},
    {PROTO_E_PERSON_LIMIT, 1},
    {PROTO_E_NO_SLOT, 1},
    {PROTO_E_SLOT_FULL, 1},
    {PROTO_E_APPT_NOT_FOUND, 1},
    {PROTO_E_APPT_USED, 1},
    {PROTO_E_APPT_CANCELLED, 1},
    {PROTO_E_APPT_OTHER_DAY, 1},
    {PROTO_E_APPT_EARLY, 1},
    {NULL, 0},
};

/*
 * The static copy of a code the daemon sent, for a struct qerr; a code the
 * daemon never sends (or none) becomes PROTO_E_PROTOCOL.
 */
const char *proto_error_from_daemon(const char *code)
{
	for (const struct proto_error *e = proto_errors; code && e->code; e++)
		if (e->from_daemon && strcmp(code, e->code) == 0)
			return e->code;
	return PROTO_E_PROTOCOL;
}

/*
 * Decode one line into a JSON object that carries a string "op". On error
 * *out may still hold the object (without a usable op), for its id; the
 * caller frees it either way.
 */
int proto_decode(const char *line, size_t len, json_t **out, struct qerr *err)
{
	json_error_t jerr;
	json_t *msg, *op;

	*out = NULL;
	if (len > PROTO_MAX_LINE)
		return qerr_set(err, PROTO_E_LINE_TOO_LONG,
		                "line of %zu bytes exceeds %d", len,
		                PROTO_MAX_LINE);
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	                 &jerr);
	if (msg == NULL)
		return qerr_set(err, PROTO_E_BAD_JSON,
		                "bad JSON at column %d: %s", jerr.column,
		                jerr.text);
	if (!json_is_object(msg)) {
		json_decref(msg);
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a request must be a JSON object");
	}
	op = json_object_get(msg, "op");
	if (!json_is_string(op)) {
		*out = msg; /* still an object: its id can be echoed */
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a request needs a string \"op\"");
	}
	*out = msg;
	return 0;
}

static int proto_check_length(const struct proto_field *f, size_t n,
                              struct qerr *err)
{
	if ((long long)n < f->min || (long long)n > f->max)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "\"%s\" must be %lld to %lld characters long",
		                f->name, f->min, f->max);
	return 0;
}

static int proto_check(const struct proto_field *f, json_t *v, struct qerr *err)
{
	size_t i;
	json_t *e;

	switch (f->type) {
	case PROTO_STRING:
		if (!json_is_string(v))
			break;
		return proto_check_length(f, json_string_length(v), err);
	case PROTO_INT:
		if (!json_is_integer(v))
			break;
		if (json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max)
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "\"%s\" must be from %lld to %lld",
			                f->name, f->min, f->max);
		return 0;
	case PROTO_BOOL:
		if (!json_is_boolean(v))
			break;
		return 0;
	case PROTO_STRINGS:
		if (!json_is_array(v) || json_array_size(v) > 64)
			break;
		json_array_foreach(v, i, e)
		{
			if (!json_is_string(e))
				return qerr_set(err, PROTO_E_BAD_REQUEST,
				                "\"%s\" must hold strings only",
				                f->name);
			if (proto_check_length(f, json_string_length(e), err))
				return -1;
		}
		return 0;
	case PROTO_SCALAR:
		if (json_is_integer(v))
			return 0;
		if (json_is_string(v))
			return proto_check_length(f, json_string_length(v),
			                          err);
		break;
	}
	static const char *const names[] = {
	    [PROTO_STRING] = "a string",
	    [PROTO_INT] = "an integer",
	    [PROTO_BOOL] = "true or false",
	    [PROTO_STRINGS] = "an array of at most 64 strings",
	    [PROTO_SCALAR] = "a string or an integer",
	};
	return qerr_set(err, PROTO_E_BAD_REQUEST, "\"%s\" must be %s", f->name,
	                names[f->type]);
}

/* Check a request's fields against a table, once, before any handler. */
int proto_validate(json_t *req, const struct proto_field *fields,
                   struct qerr *err)
{
	for (const struct proto_field *f = fields; f && f->name; f++) {
		json_t *v = json_object_get(req, f->name);
		if (v == NULL || json_is_null(v)) {
			if (f->required)
				return qerr_set(err, PROTO_E_BAD_REQUEST,
				                "missing field \"%s\"",
				                f->name);
			/* null means absent: no handler ever sees it. */
			json_object_del(req, f->name);
			continue;
		}
		if (proto_check(f, v, err))
			return -1;
	}
	return 0;
}

/* Encode one message as a line ending in '\n' (and NUL); caller frees. */
char *proto_encode(json_t *msg, size_t *len)
{
	/* One pass: json_dumpb would walk the message twice to size it. */
	char *text = json_dumps(msg, JSON_COMPACT), *buf;
	size_t n;

	if (text == NULL)
		fatal("cannot encode a JSON message");
	n = strlen(text);
	buf = xrealloc(text, n + 2);
	buf[n] = '\n';
	buf[n + 1] = '\0';
	*len = n + 1;
	return buf;
}

/* Build {"id":…, "ok":true, "result":…}; steals result. */
json_t *proto_reply_ok(json_t *id, json_t *result)
{
	json_t *r = json_object();

	if (id != NULL)
		json_object_set(r, "id", id);
	json_object_set_new(r, "ok", json_true());
	json_object_set_new(r, "result", result ? result : json_object());
	return r;
}

/*
 * The same line as proto_encode(proto_reply_ok(id, result)), for a result
 * already written as the text of a JSON object: the hot replies (a take, a
 * call) are written as text, as events are, rather than built as jansson
 * objects only to be dumped at once. Caller frees.
 */
char *proto_reply_ok_text(json_t *id, const char *result, size_t result_len,
                          size_t *len)
{
	static const char ok[] = "\"ok\":true,\"result\":";
	char num[32], *id_text = NULL, *buf;
	size_t id_len = 0, at = 0;

	if (json_is_integer(id)) {
		id_len =
		    (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		                     json_integer_value(id));
		id_text = num;
	} else if (id != NULL) {
		/* A string id: jansson's own escapes, so the bytes are the
		 * same as proto_encode()'s. */
		id_text = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
		if (id_text == NULL)
			fatal("cannot encode a request's id");
		id_len = strlen(id_text);
	}
	buf = xmalloc(sizeof ok + id_len + result_len + 10);
	buf[at++] = '{';
	if (id_text) {
		memcpy(buf + at, "\"id\":", 5);
		at += 5;
		memcpy(buf + at, id_text, id_len);
		at += id_len;
		buf[at++] = ',';
		if (id_text != num)
			free(id_text);
	}
	memcpy(buf + at, ok, sizeof ok - 1);
	at += sizeof ok - 1;
	memcpy(buf + at, result, result_len);
	at += result_len;
	buf[at++] = '}';
	buf[at++] = '\n';
	buf[at] = '\0';
	*len = at;
	return buf;
}

json_t *proto_reply_error(json_t *id, const char *code, const char *message)
{
	json_t *r = json_object();

	if (id != NULL)
		json_object_set(r, "id", id);
	json_object_set_new(r, "ok", json_false());
	json_object_set_new(
	    r, "error",
	    json_pack("{s:s, s:s}", "code", code, "message", message));
	return r;
}
