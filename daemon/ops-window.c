/* Ops at a window's counter, and which queues a window serves. */
#include <string.h>

#include "ops.h"

#define WINDOW_FIELD                                                           \
	{                                                                      \
		"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS                 \
	}

static const struct proto_field window_fields[] = {
    WINDOW_FIELD,
    {NULL, 0, 0, 0, 0},
};

static json_t *window_result(struct op_ctx *ctx, const struct ticket *t)
{
	return json_pack("{s:i, s:o}", "window", op_int(ctx, "window", 0),
	                 "ticket", t ? op_ticket_json(ctx, t) : json_null());
}

static json_t *call_exec(struct op_ctx *ctx, struct qerr *err)
{
	struct ticket t;
	int found;

	if (store_window_call(ctx->d->store, op_int(ctx, "window", 0), ctx->now,
	                      &t, &found, err))
		return NULL;
	return window_result(ctx, found ? &t : NULL);
}

/* One handler shape for the ops that act on the ticket at the counter. */
#define WINDOW_OP(NAME, FN)                                                    \
	static json_t *NAME##_exec(struct op_ctx *ctx, struct qerr *err)       \
	{                                                                      \
		struct ticket t;                                               \
		if (FN(ctx->d->store, op_int(ctx, "window", 0), ctx->now, &t,  \
		       err))                                                   \
			return NULL;                                           \
		return window_result(ctx, &t);                                 \
	}                                                                      \
	const struct op op_##NAME = {#NAME, ROLE_WINDOW | ROLE_ADMIN, 1,       \
	                             window_fields, NAME##_exec}

WINDOW_OP(recall, store_window_recall);
WINDOW_OP(skip, store_window_skip);
WINDOW_OP(serve, store_window_serve);
WINDOW_OP(finish, store_window_finish);

const struct op op_call = {"call", ROLE_WINDOW | ROLE_ADMIN, 1, window_fields,
                           call_exec};

static const struct proto_field transfer_fields[] = {
    WINDOW_FIELD,
    {"queue", PROTO_STRING, 1, 1, TICKET_PREFIX_MAX},
    {"back", PROTO_BOOL, 0, 0, 0},
    {NULL, 0, 0, 0, 0},
};

static json_t *transfer_exec(struct op_ctx *ctx, struct qerr *err)
{
	struct ticket t;

	if (catalog_queue_find(ctx->d->catalog, op_str(ctx, "queue")) == NULL)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                op_str(ctx, "queue")),
		       NULL;
	if (store_window_transfer(ctx->d->store, op_int(ctx, "window", 0),
	                          op_str(ctx, "queue"), op_bool(ctx, "back"),
	                          ctx->now, &t, err))
		return NULL;
	return window_result(ctx, &t);
}

const struct op op_transfer = {"transfer", ROLE_WINDOW | ROLE_ADMIN, 1,
                               transfer_fields, transfer_exec};

static const struct proto_field pause_fields[] = {
    WINDOW_FIELD,
    {"reason", PROTO_STRING, 0, 0, STORE_REASON_MAX},
    {NULL, 0, 0, 0, 0},
};

static json_t *pause_exec(struct op_ctx *ctx, struct qerr *err)
{
	if (store_window_pause(ctx->d->store, op_int(ctx, "window", 0),
	                       op_str(ctx, "reason"), ctx->now, err))
		return NULL;
	return json_pack("{s:i, s:s}", "window", op_int(ctx, "window", 0),
	                 "state", "paused");
}

static json_t *resume_exec(struct op_ctx *ctx, struct qerr *err)
{
	if (store_window_resume(ctx->d->store, op_int(ctx, "window", 0),
	                        ctx->now, err))
		return NULL;
	return json_pack("{s:i, s:s}", "window", op_int(ctx, "window", 0),
	                 "state", "open");
}

const struct op op_pause = {"pause", ROLE_WINDOW | ROLE_ADMIN, 1, pause_fields,
                            pause_exec};
const struct op op_resume = {"resume", ROLE_WINDOW | ROLE_ADMIN, 1,
                             window_fields, resume_exec};

static const struct proto_field window_set_fields[] = {
    {"window", PROTO_INT, 1, 1, CATALOG_MAX_WINDOWS},
    {"queues", PROTO_STRINGS, 1, 1, TICKET_PREFIX_MAX},
    {NULL, 0, 0, 0, 0},
};

static json_t *window_set_exec(struct op_ctx *ctx, struct qerr *err)
{
	json_t *list = json_object_get(ctx->req, "queues");
	const char *queues[CATALOG_MAX_QUEUES];
	size_t i, n = json_array_size(list);
	json_t *q;

	if (n > CATALOG_MAX_QUEUES)
		return qerr_set(err, PROTO_E_BAD_REQUEST, "too many queues"),
		       NULL;
	json_array_foreach(list, i, q)
	{
		queues[i] = json_string_value(q);
		if (catalog_queue_find(ctx->d->catalog, queues[i]) == NULL)
			return qerr_set(err, PROTO_E_NO_QUEUE,
			                "there is no queue %s", queues[i]),
			       NULL;
	}
	if (store_window_set(ctx->d->store, op_int(ctx, "window", 0), queues,
	                     (int)n, err))
		return NULL;
	return json_pack("{s:i, s:O}", "window", op_int(ctx, "window", 0),
	                 "queues", list);
}

const struct op op_window_set = {"window_set", ROLE_ADMIN, 0, window_set_fields,
                                 window_set_exec};
