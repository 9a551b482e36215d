/*
 * trace_export: a segment of the trace with its chain, a page at a time,
 * for `qhall export` (the city's roll-up reads the file, not the hall).
 * Unlike trace_page it leaves no event out: the segment is every seq from
 * the first event of the days to the last, whatever each one's time, so
 * the chain holds without a gap; the first page also gives the hash the
 * segment chains onto and the hall's identity, zone and report policy.
 */
#include <sodium.h>
#include <string.h>

#include "ops.h"

#define EXPORT_PAGE_MAX 500

static const struct proto_field export_fields[] = {
    {"from", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"to", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"after", PROTO_INT, 0, 0, 1LL << 53},
    {"upto", PROTO_INT, 0, 0, 1LL << 53},
    {"limit", PROTO_INT, 0, 1, EXPORT_PAGE_MAX},
    {NULL, 0, 0, 0, 0},
};

struct export_page {
	json_t *list;
	int64_t last;
};

static void export_hex(const unsigned char *hash, char hex[65])
{
	sodium_bin2hex(hex, 65, hash, STORE_TRACE_HASH_LEN);
}

/* [seq, "hash", "body"] */
static void export_add(void *arg, int64_t seq, const char *body, size_t len,
                       const unsigned char *hash)
{
	struct export_page *p = arg;
	char hex[65];

	export_hex(hash, hex);
	json_array_append_new(
	    p->list, json_pack("[I, s, s%]", (json_int_t)seq, hex, body, len));
	p->last = seq;
}

/* {"events": [[seq, hash, body]...], "last", "more", "upto"}, and on
 * the first page "first", "prev_hash", "hall", "hall_name", "timezone",
 * "open_s", "close_s", "wait_threshold_s", "from_at", "to_at", "now". */
static int export_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const struct config *c = &ctx->d->config;
	const char *from = op_str(ctx, "from"), *to = op_str(ctx, "to");
	json_t *after_v = json_object_get(ctx->req, "after");
	json_t *upto_v = json_object_get(ctx->req, "upto");
	int limit = op_int(ctx, "limit", EXPORT_PAGE_MAX);
	char check[TICKET_DAY_LEN + 1], hex[65];
	unsigned char prev[STORE_TRACE_HASH_LEN];
	int64_t from_at, to_at, first = 0, upto, after;
	struct export_page page;
	json_t *head;

	if (op_day_text(from, check, err) || op_day_text(to, check, err))
		return -1;
	if (strcmp(from, to) > 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "from %s is after to %s", from, to);
	from_at = op_midnight(from, 0);
	to_at = op_midnight(to, 1);
	if (after_v && upto_v) {
		after = (int64_t)json_integer_value(after_v);
		upto = (int64_t)json_integer_value(upto_v);
	} else {
		if (store_trace_period(ctx->d->store, from_at, to_at, &first,
		                       &upto, err))
			return -1;
		after = first > 0 ? first - 1 : 0;
	}
	page.list = json_array();
	page.last = upto;
	if (store_trace_chain_page(ctx->d->store, after, upto, limit,
	                           export_add, &page, err)) {
		json_decref(page.list);
		return -1;
	}
	if ((int)json_array_size(page.list) < limit)
		page.last = upto;
	*out = json_pack("{s:o, s:I, s:b, s:I}", "events", page.list, "last",
	                 (json_int_t)page.last, "more", page.last < upto,
	                 "upto", (json_int_t)upto);
	if (!(after_v && upto_v)) {
		if (store_trace_hash_at(ctx->d->store, after, prev, err)) {
			json_decref(*out);
			*out = NULL;
			return -1;
		}
		export_hex(prev, hex);
		head = json_pack(
		    "{s:I, s:s, s:s, s:s?, s:s, s:i, s:i, s:i, "
		    "s:I, s:I, s:I}",
		    "first", (json_int_t)first, "prev_hash", hex, "hall",
		    store_hall_id(ctx->d->store), "hall_name",
		    ctx->d->catalog->hall_name.zh, "timezone", c->timezone,
		    "open_s", c->report_open_min * 60, "close_s",
		    c->report_close_min * 60, "wait_threshold_s",
		    c->report_wait_min * 60, "from_at", (json_int_t)from_at,
		    "to_at", (json_int_t)to_at, "now", (json_int_t)ctx->now);
		json_object_update(*out, head);
		json_decref(head);
	}
	return 0;
}

const struct op op_trace_export = {"trace_export", ROLE_ADMIN,  0,
                                   export_fields,  export_exec, 0};
