/*
 * trace_page: the trace of a period, a page at a time, for reports. The
 * figures are computed by the reader (qhall report), not here: a year of
 * events would hold the loop for seconds, while one page is two index
 * lookups and a few hundred rows (docs/REPORTS.md, "Where it runs"). The
 * reply also says what the reader needs to know of the hall: its zone,
 * its opening hours and its wait threshold.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ops.h"

/* Events a page holds at most; about 250 KiB of a busy hall's trace. */
#define TRACE_PAGE_MAX 500

static const struct proto_field trace_page_fields[] = {
    {"from", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"to", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"after", PROTO_INT, 0, 0, 1LL << 53},
    {"upto", PROTO_INT, 0, 0, 1LL << 53},
    {"limit", PROTO_INT, 0, 1, TRACE_PAGE_MAX},
    {NULL, 0, 0, 0, 0},
};

/* Local midnight opening day (plus days) in the hall's zone, in ms. */
int64_t op_midnight(const char *day, int plus)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += plus;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

struct trace_page {
	json_t *list;
	int64_t last; /* seq of the last event in the page */
};

static void trace_page_add(void *arg, int64_t seq, const char *body, size_t len)
{
	struct trace_page *p = arg;

	json_array_append_new(p->list, json_stringn_nocheck(body, len));
	p->last = seq;
}

/* {"from_at", "to_at", "first", "upto", "events": [TEXT...], "last",
 *  "more", "timezone", "wait_threshold_s", "open_s", "close_s", "now"} */
static int trace_page_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const struct config *c = &ctx->d->config;
	const char *from = op_str(ctx, "from"), *to = op_str(ctx, "to");
	json_t *after_v = json_object_get(ctx->req, "after");
	json_t *upto_v = json_object_get(ctx->req, "upto");
	int limit = op_int(ctx, "limit", TRACE_PAGE_MAX);
	char check[TICKET_DAY_LEN + 1];
	int64_t from_at, to_at, first = 0, upto, after;
	struct trace_page page;

	if (op_day_text(from, check, err) || op_day_text(to, check, err))
		return -1;
	if (strcmp(from, to) > 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "from %s is after to %s", from, to);
	from_at = op_midnight(from, 0);
	to_at = op_midnight(to, 1);
	/* The first page finds the period's range of seq; the reader hands
	 * it back ("after", "upto") so later pages skip that scan. */
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
	if (store_trace_page(ctx->d->store, after, upto, from_at, to_at, limit,
	                     trace_page_add, &page, err)) {
		json_decref(page.list);
		return -1;
	}
	/* A page short of the limit reached upto. */
	if ((int)json_array_size(page.list) < limit)
		page.last = upto;
	*out = json_pack(
	    "{s:I, s:I, s:I, s:I, s:o, s:I, s:b, s:s, s:i, s:i, s:i, s:I}",
	    "from_at", (json_int_t)from_at, "to_at", (json_int_t)to_at, "first",
	    (json_int_t)first, "upto", (json_int_t)upto, "events", page.list,
	    "last", (json_int_t)page.last, "more", page.last < upto, "timezone",
	    c->timezone, "wait_threshold_s", c->report_wait_min * 60, "open_s",
	    c->report_open_min * 60, "close_s", c->report_close_min * 60, "now",
	    (json_int_t)ctx->now);
	return 0;
}

const struct op op_trace_page = {"trace_page",      ROLE_ADMIN,      0,
                                 trace_page_fields, trace_page_exec, 0};
