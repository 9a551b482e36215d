/* Ops about the whole hall: status, catalog, events, notice, day, trace. */
#include <string.h>

#include "ops.h"

static const struct proto_field no_fields[] = {{NULL, 0, 0, 0, 0}};

static json_t *status_exec(struct op_ctx *ctx, struct qerr *err)
{
	json_t *out;

	if (store_status(ctx->d->store, ctx->d->catalog, ctx->day, &out, err))
		return NULL;
	/* The daemon's clock: screens time a service against it, not theirs. */
	json_object_set_new(out, "now", json_integer(ctx->now));
	if (!(ctx->conn->role & (ROLE_KIOSK | ROLE_ADMIN))) {
		size_t i;
		json_t *w;
		json_array_foreach(json_object_get(out, "windows"), i, w)
		    json_object_del(json_object_get(w, "ticket"), "key");
	}
	return out;
}

const struct op op_status = {"status", ROLE_ANY, 0, no_fields, status_exec};

static json_t *catalog_exec(struct op_ctx *ctx, struct qerr *err)
{
	(void)err;
	return json_deep_copy(ctx->d->catalog->root);
}

const struct op op_catalog = {"catalog", ROLE_ANY, 0, no_fields, catalog_exec};

/* From the next committed change on, every event comes to this client. */
static json_t *subscribe_exec(struct op_ctx *ctx, struct qerr *err)
{
	(void)err;
	ctx->conn->subscribed = 1;
	return json_pack("{s:b, s:I}", "subscribed", 1, "seq",
	                 (json_int_t)store_trace_last_seq(ctx->d->store));
}

const struct op op_subscribe = {"subscribe", ROLE_ANY, 0, no_fields,
                                subscribe_exec};

static json_t *day_close_exec(struct op_ctx *ctx, struct qerr *err)
{
	int expired;

	if (store_day_close(ctx->d->store, ctx->day, ctx->now, &expired, err))
		return NULL;
	return json_pack("{s:s, s:i}", "day", ctx->day, "expired", expired);
}

const struct op op_day_close = {"day_close", ROLE_ADMIN, 0, no_fields,
                                day_close_exec};

static const struct proto_field notice_fields[] = {
    {"text", PROTO_STRING, 1, 0, STORE_NOTICE_MAX * 4},
    {NULL, 0, 0, 0, 0},
};

static json_t *notice_exec(struct op_ctx *ctx, struct qerr *err)
{
	if (store_notice_set(ctx->d->store, op_str(ctx, "text"), ctx->now, err))
		return NULL;
	return json_pack("{s:s}", "text", op_str(ctx, "text"));
}

const struct op op_notice = {"notice", ROLE_ADMIN, 0, notice_fields,
                             notice_exec};

/* The file's structure, then the trace's hash chain, end to end. */
static json_t *verify_exec(struct op_ctx *ctx, struct qerr *err)
{
	char check[256];
	int64_t events, bad;

	if (store_check(ctx->d->store, check, sizeof check, err) ||
	    store_trace_verify(ctx->d->store, &events, &bad, err))
		return NULL;
	return json_pack("{s:b, s:s, s:I, s:I}", "ok",
	                 bad == 0 && strcmp(check, "ok") == 0, "check", check,
	                 "events", (json_int_t)events, "first_bad",
	                 (json_int_t)bad);
}

const struct op op_verify = {"verify", ROLE_ADMIN, 0, no_fields, verify_exec};
