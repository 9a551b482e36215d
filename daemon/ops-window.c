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

static void window_result(struct op_ctx *ctx, const struct ticket *t)
{
	op_ticket_text(ctx, op_int(ctx, "window", 0), t, -1);
}

static int call_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct ticket t;
	int found;
	(void)out;

	if (hall_call(ctx->d->hall, op_int(ctx, "window", 0), ctx->now, &t,
	              &found, err))
		return -1;
	window_result(ctx, found ? &t : NULL);
	return 0;
}

/* One handler shape for the ops that act on the ticket at the counter. */
#define WINDOW_OP(NAME, FN)                                                    \
	static int NAME##_exec(struct op_ctx *ctx, json_t **out,               \
	                       struct qerr *err)                               \
	{                                                                      \
		struct ticket t;                                               \
		(void)out;                                                     \
		if (FN(ctx->d->hall, op_int(ctx, "window", 0), ctx->now, &t,   \
		       err))                                                   \
			return -1;                                             \
		window_result(ctx, &t);                                        \
		return 0;                                                      \
	}                                                                      \
	const struct op op_##NAME = {                                          \
	    #NAME, ROLE_WINDOW | ROLE_ADMIN, 1, window_fields, NAME##_exec, 0}

WINDOW_OP(recall, hall_recall);
WINDOW_OP(skip, hall_skip);
WINDOW_OP(serve, hall_serve);
WINDOW_OP(finish, hall_finish);

const struct op op_call = {
    "call", ROLE_WINDOW | ROLE_ADMIN, 1, window_fields, call_exec, 0};

static const struct proto_field transfer_fields[] = {
    WINDOW_FIELD,
    {"queue", PROTO_STRING, 1, 1, TICKET_PREFIX_MAX},
    {"back", PROTO_BOOL, 0, 0, 0},
    {NULL, 0, 0, 0, 0},
};

static int transfer_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct ticket t;
	(void)out;

	if (hall_transfer(ctx->d->hall, op_int(ctx, "window", 0),
	                  op_str(ctx, "queue"), op_bool(ctx, "back"), ctx->now,
	                  &t, err))
		return -1;
	window_result(ctx, &t);
	return 0;
}

const struct op op_transfer = {
    "transfer", ROLE_WINDOW | ROLE_ADMIN, 1, transfer_fields, transfer_exec, 0};

static const struct proto_field pause_fields[] = {
    WINDOW_FIELD,
    {"reason", PROTO_STRING, 0, 0, STORE_REASON_MAX},
    {NULL, 0, 0, 0, 0},
};

static int pause_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	if (hall_pause(ctx->d->hall, op_int(ctx, "window", 0),
	               op_str(ctx, "reason"), ctx->now, err))
		return -1;
	*out = json_pack("{s:i, s:s}", "window", op_int(ctx, "window", 0),
	                 "state", "paused");
	return 0;
}

static int resume_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	if (hall_resume(ctx->d->hall, op_int(ctx, "window", 0), ctx->now, err))
		return -1;
	*out = json_pack("{s:i, s:s}", "window", op_int(ctx, "window", 0),
	                 "state", "open");
	return 0;
}

const struct op op_pause = {
    "pause", ROLE_WINDOW | ROLE_ADMIN, 1, pause_fields, pause_exec, 0};
const struct op op_resume = {
    "resume", ROLE_WINDOW | ROLE_ADMIN, 1, window_fields, resume_exec, 0};

static const struct proto_field window_set_fields[] = {
    {"window", PROTO_INT, 1, 1, CATALOG_MAX_WINDOWS},
    {"queues", PROTO_STRINGS, 1, 1, TICKET_PREFIX_MAX},
    {NULL, 0, 0, 0, 0},
};

static int window_set_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	json_t *list = json_object_get(ctx->req, "queues");
	const char *queues[CATALOG_MAX_QUEUES];
	size_t i, n = json_array_size(list);
	json_t *q;

	if (n > CATALOG_MAX_QUEUES)
		return qerr_set(err, PROTO_E_BAD_REQUEST, "too many queues");
	json_array_foreach(list, i, q)
	{
		queues[i] = json_string_value(q);
		if (catalog_queue_find(ctx->d->catalog, queues[i]) == NULL)
			return qerr_set(err, PROTO_E_NO_QUEUE,
			                "there is no queue %s", queues[i]);
	}
	if (hall_window_set(ctx->d->hall, op_int(ctx, "window", 0), queues,
	                    (int)n, ctx->now, err))
		return -1;
	*out = json_pack("{s:i, s:O}", "window", op_int(ctx, "window", 0),
	                 "queues", list);
	return 0;
}

const struct op op_window_set = {"window_set",      ROLE_ADMIN,      0,
                                 window_set_fields, window_set_exec, 0};
