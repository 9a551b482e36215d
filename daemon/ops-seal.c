/*
 * Sealed periods (封存), for `qhall report seal|verify` and for reports of
 * a sealed period: seal_part keeps a part of the figures' text (a line is
 * at most 64 KiB, a year's figures by every grouping are more), seal
 * fixes them and puts their hash in the trace, sealed reads a seal back
 * a part at a time (or lists the seals).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "xmalloc.h"

#define SEAL_LIST_MAX 100

static const struct proto_field seal_part_fields[] = {
    {"period", PROTO_STRING, 1, 1, STORE_SEAL_PERIOD},
    {"index", PROTO_INT, 1, 0, STORE_SEAL_PARTS - 1},
    {"text", PROTO_STRING, 1, 1, STORE_SEAL_PART},
    {NULL, 0, 0, 0, 0},
};

static int seal_part_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *period = op_str(ctx, "period");
	json_t *text = json_object_get(ctx->req, "text");
	int idx = op_int(ctx, "index", 0);

	if (hall_seal_part(ctx->d->hall, period, idx, json_string_value(text),
	                   json_string_length(text), err))
		return -1;
	*out = json_pack("{s:s, s:i}", "period", period, "index", idx);
	return 0;
}

const struct op op_seal_part = {"seal_part",      ROLE_ADMIN,     0,
                                seal_part_fields, seal_part_exec, 0};

static const struct proto_field seal_fields[] = {
    {"period", PROTO_STRING, 1, 1, STORE_SEAL_PERIOD},
    {"from", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"to", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"upto", PROTO_INT, 1, 0, 1LL << 53},
    {"parts", PROTO_INT, 1, 1, STORE_SEAL_PARTS},
    {NULL, 0, 0, 0, 0},
};

static json_t *seal_json(const struct store_seal *seal)
{
	return json_pack(
	    "{s:b, s:s, s:s, s:s, s:I, s:I, s:I, s:i, s:s}", "sealed", 1,
	    "period", seal->period, "from", seal->from, "to", seal->to, "upto",
	    (json_int_t)seal->upto, "sealed_at", (json_int_t)seal->sealed_at,
	    "seq", (json_int_t)seal->seq, "parts", seal->parts, "hash",
	    seal->hash);
}

static int seal_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct hall_seal_ask ask = {
	    .period = op_str(ctx, "period"),
	    .from = op_str(ctx, "from"),
	    .to = op_str(ctx, "to"),
	    .upto =
	        (int64_t)json_integer_value(json_object_get(ctx->req, "upto")),
	    .parts = op_int(ctx, "parts", 1),
	};
	char check[TICKET_DAY_LEN + 1];
	struct store_seal seal;

	if (op_day_text(ask.from, check, err) ||
	    op_day_text(ask.to, check, err))
		return -1;
	if (strcmp(ask.from, ask.to) > 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "from %s is after to %s", ask.from, ask.to);
	ask.from_at = op_midnight(ask.from, 0);
	ask.to_at = op_midnight(ask.to, 1);
	if (hall_seal(ctx->d->hall, &ask, ctx->now, &seal, err))
		return -1;
	*out = seal_json(&seal);
	return 0;
}

const struct op op_seal = {"seal", ROLE_ADMIN, 0, seal_fields, seal_exec, 0};

static const struct proto_field sealed_fields[] = {
    {"period", PROTO_STRING, 0, 1, STORE_SEAL_PERIOD},
    {"index", PROTO_INT, 0, 0, STORE_SEAL_PARTS - 1},
    {NULL, 0, 0, 0, 0},
};

/* {"seals": [...]}: every sealed period, newest first. */
static int sealed_list(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_seal *seals = xcalloc(SEAL_LIST_MAX, sizeof *seals);
	json_t *list = json_array();
	int n;

	if (store_seal_list(ctx->d->store, seals, SEAL_LIST_MAX, &n, err)) {
		free(seals);
		json_decref(list);
		return -1;
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(list, seal_json(&seals[i]));
	free(seals);
	*out = json_pack("{s:o}", "seals", list);
	return 0;
}

/* {"sealed": false} or the seal, its event's text and part `index`. */
static int sealed_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *period = op_str(ctx, "period");
	int idx = op_int(ctx, "index", 0), found;
	struct store_seal seal;
	char *event, *part;
	size_t elen, plen;

	if (period == NULL)
		return sealed_list(ctx, out, err);
	if (store_seal_get(ctx->d->store, period, &seal, &found, err))
		return -1;
	if (!found) {
		*out = json_pack("{s:b, s:s}", "sealed", 0, "period", period);
		return 0;
	}
	if (idx >= seal.parts)
		return qerr_set(err, PROTO_E_NOT_FOUND,
		                "the seal of %s has %d parts, not %d", period,
		                seal.parts, idx + 1);
	if (store_trace_event(ctx->d->store, seal.seq, &event, &elen, err))
		return -1;
	if (store_seal_part_get(ctx->d->store, period, idx, &part, &plen,
	                        err)) {
		free(event);
		return -1;
	}
	*out = seal_json(&seal);
	json_object_set_new(*out, "index", json_integer(idx));
	json_object_set_new(*out, "part",
	                    part ? json_stringn(part, plen) : json_null());
	json_object_set_new(*out, "event",
	                    event ? json_stringn(event, elen) : json_null());
	free(part);
	free(event);
	return 0;
}

const struct op op_sealed = {"sealed",      ROLE_ADMIN,  0,
                             sealed_fields, sealed_exec, 0};
