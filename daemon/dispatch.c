/*
 * From a line to a reply: decode, insist on hello first, find the op, check
 * the role and the fields, then run the handler inside the batch's open
 * transaction in a savepoint of its own. A client that misbehaves gets an
 * error reply; nothing it sends reaches a handler unchecked.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ops.h"
#include "ticket.h"
#include "xmalloc.h"

/*
 * The business day of now. localtime_r() and strftime() were 2 % of a
 * take; the day can only change on a second's boundary, so work it out
 * once a second.
 */
static void dispatch_day(struct daemon *d, int64_t now,
                         char day[TICKET_DAY_LEN + 1])
{
	int64_t second = now / 1000;

	if (second != d->day_second || d->day[0] == '\0') {
		ticket_day_of(now, d->day);
		d->day_second = second;
	}
	memcpy(day, d->day, TICKET_DAY_LEN + 1);
}

/* A window client acts for its own window; others name one. */
static int dispatch_window(struct conn *c, const struct op *op, json_t *req,
                           struct qerr *err)
{
	json_t *w = json_object_get(req, "window");

	if (!op->window)
		return 0;
	if (json_is_null(w)) {
		json_object_del(req, "window");
		w = NULL;
	}
	if (c->role == ROLE_WINDOW) {
		if (w == NULL) {
			json_object_set_new(req, "window",
			                    json_integer(c->window));
			return 0;
		}
		if (json_integer_value(w) != c->window)
			return qerr_set(err, PROTO_E_FORBIDDEN,
			                "this client acts for window %d only",
			                c->window);
		return 0;
	}
	if (w == NULL)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "missing field \"window\"");
	return 0;
}

/* A window whose caller logged in is worked from that caller only. */
static int dispatch_window_holder(struct conn *c, const struct op *op,
                                  json_t *req, struct qerr *err)
{
	json_t *w = json_object_get(req, "window");
	struct conn *holder;

	if (!op->window || c->role == ROLE_ADMIN || !json_is_integer(w))
		return 0;
	holder = server_window_holder(c->daemon, c, (int)json_integer_value(w));
	if (holder == NULL)
		return 0;
	return qerr_set(err, PROTO_E_WINDOW_BUSY, "window %d is taken by %s",
	                (int)json_integer_value(w), holder->device);
}

static int dispatch_run(struct conn *c, const struct op *op, struct op_ctx *ctx,
                        json_t **result, struct qerr *err)
{
	struct daemon *d = c->daemon;
	json_t *req = ctx->req;
	int rc;

	if (!(op->roles & c->role))
		return qerr_set(err, PROTO_E_FORBIDDEN,
		                "a %s client may not %s",
		                c->role == ROLE_KIOSK     ? "kiosk"
		                : c->role == ROLE_WINDOW  ? "window"
		                : c->role == ROLE_DISPLAY ? "display"
		                : c->role == ROLE_RATER   ? "rater"
		                : c->role == ROLE_BOOKING ? "booking"
		                : c->role == ROLE_TICKET  ? "ticket page"
		                                          : "admin",
		                op->name);
	if (dispatch_window(c, op, req, err) ||
	    proto_validate(req, op->fields, err) ||
	    dispatch_window_holder(c, op, req, err))
		return -1;

	ctx->now = clock_now_ms(d);
	if (limits_check(d->limits, c, op, ctx->now, err))
		return -1;
	dispatch_day(d, ctx->now, ctx->day);
	if (!store_in_batch(d->store)) {
		if (hall_batch_begin(d->hall, err))
			return -1;
		event_active(d->turn_ev, 0, 0);
	}
	hall_set_actor(d->hall, c->device);
	if (hall_day_roll(d->hall, ctx->day, ctx->now, err) ||
	    hall_request_begin(d->hall, err))
		return -1;
	/* A clock set back does not take the hall back a day. */
	if (strcmp(hall_day(d->hall), ctx->day) > 0)
		memcpy(ctx->day, hall_day(d->hall), TICKET_DAY_LEN + 1);
	*result = NULL;
	ctx->text_len = 0;
	ctx->text_ref = NULL;
	rc = op->exec(ctx, result, err);
	if (hall_request_end(d->hall, rc == 0, err)) {
		json_decref(*result);
		return -1;
	}
	return rc;
}

int dispatch_op(struct conn *c, const struct op *op, struct op_ctx *ctx,
                json_t **result, struct qerr *err)
{
	return dispatch_run(c, op, ctx, result, err);
}

/* The first message: who the client is. No change, so no batch. */
static int dispatch_hello(struct conn *c, const struct op *op, json_t *req,
                          json_t **result, struct qerr *err)
{
	struct op_ctx ctx = {.d = c->daemon, .conn = c, .req = req};

	if (c->hello)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "hello was already said");
	ctx.now = clock_now_ms(c->daemon);
	dispatch_day(c->daemon, ctx.now, ctx.day);
	if (proto_validate(req, op->fields, err) ||
	    op->exec(&ctx, result, err)) {
		c->closing = 1;
		return -1;
	}
	return 0;
}

void dispatch_line(struct conn *c, const char *line, size_t len)
{
	struct qerr err = {PROTO_E_BAD_REQUEST, "request refused", NULL, 0};
	struct op_ctx ctx; /* large: its text is not cleared */
	const struct op *op;
	json_t *req = NULL, *id = NULL, *result = NULL, *refusal;
	const char *name;

	if (proto_decode(line, len, &req, &err)) {
		id = json_object_get(req, "id");
		if (id && !json_is_integer(id) && !json_is_string(id))
			id = NULL;
		json_incref(id);
		goto fail;
	}
	id = json_object_get(req, "id");
	if (id && !json_is_integer(id) && !json_is_string(id)) {
		id = NULL;
		qerr_set(&err, PROTO_E_BAD_REQUEST,
		         "\"id\" must be an integer or a string");
		goto fail;
	}
	json_incref(id);
	name = json_string_value(json_object_get(req, "op"));
	op = ops_find(name);
	if (op && op->hello) {
		if (dispatch_hello(c, op, req, &result, &err))
			goto fail;
		server_reply(c, proto_reply_ok(id, result), 0);
		server_hello_done(c);
		goto out;
	}
	if (!c->hello) {
		qerr_set(&err, PROTO_E_HELLO_REQUIRED,
		         "say hello first (role, device, token, version)");
		c->closing = 1;
		goto fail;
	}
	if (op == NULL) {
		qerr_set(&err, PROTO_E_UNKNOWN_OP, "unknown op \"%.40s\"",
		         name);
		goto fail;
	}
	ctx.d = c->daemon;
	ctx.conn = c;
	ctx.req = req;
	if (dispatch_run(c, op, &ctx, &result, &err))
		goto fail;
	if (ctx.text_len > 0) {
		size_t n;
		char *reply = proto_reply_ok_text(
		    id, ctx.text_ref ? ctx.text_ref : ctx.text, ctx.text_len,
		    &n);
		server_reply_line(c, id, reply, n, 1);
		goto out;
	}
	server_reply(c, proto_reply_ok(id, result), 1);
	goto out;
fail:
	/* Before hello a peer gets one answer: it may be no client of ours. */
	if (!c->hello)
		c->closing = 1;
	log_debug("dispatch", "%s (%s): %s: %s", c->peer, c->device, err.code,
	          err.message);
	refusal = proto_reply_error(id, err.code, err.message);
	if (err.at_key)
		json_object_set_new(json_object_get(refusal, "error"),
		                    err.at_key, json_integer(err.at));
	server_reply(c, refusal, 0);
out:
	json_decref(id);
	json_decref(req);
}
