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

#include <stdlib.h>

#include "ops.h"
#include "xmalloc.h"

/* Events a page holds at most; about 250 KiB of a busy hall's trace. */
#define TRACE_PAGE_MAX 500

static const struct proto_field trace_page_fields[] = {
    {"from", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"to", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"after", PROTO_INT, 0, 0, 1LL << 53},
    {"upto", PROTO_INT, 0, 0, 1LL << 53},
    {"limit", PROTO_INT, 0, 1, TRACE_PAGE_MAX},
    {"raw", PROTO_BOOL, 0, 0, 0},
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
	/* raw: the events' texts, comma-separated, in the daemon's buffer */
	struct daemon *d;
	size_t len;
	int n;
};

static void trace_page_add(void *arg, int64_t seq, const char *body, size_t len)
{
	struct trace_page *p = arg;

	json_array_append_new(p->list, json_stringn_nocheck(body, len));
	p->last = seq;
}

static void trace_text_put(struct trace_page *p, const char *text, size_t len)
{
	struct daemon *d = p->d;

	if (p->len + len + 1 > d->page_cap) {
		while (p->len + len + 1 > d->page_cap)
			d->page_cap = d->page_cap ? d->page_cap * 2 : 1 << 18;
		d->page_text = xrealloc(d->page_text, d->page_cap);
	}
	memcpy(d->page_text + p->len, text, len);
	p->len += len;
	d->page_text[p->len] = '\0';
}

/* raw: the event's text as it is (it is JSON already), not quoted. */
static void trace_page_add_raw(void *arg, int64_t seq, const char *body,
                               size_t len)
{
	struct trace_page *p = arg;

	if (p->n++ > 0)
		trace_text_put(p, ",", 1);
	trace_text_put(p, body, len);
	p->last = seq;
}

/*
 * The same page with "events": [EVENT...], the events themselves rather
 * than their texts as strings: the bodies are JSON already, so the page is
 * written as text around them with no second encoding, and the reader
 * parses each event once instead of a string and then its content (a
 * year's report spent most of its time in those two JSON passes).
 */
static int trace_page_raw(struct op_ctx *ctx, int64_t from_at, int64_t to_at,
                          int64_t first, int64_t after, int64_t upto, int limit,
                          struct qerr *err)
{
	const struct config *c = &ctx->d->config;
	struct trace_page page = {.d = ctx->d, .last = upto};
	char head[512];
	int n;

	trace_text_put(&page, "{\"events\":[", 11);
	if (store_trace_page(ctx->d->store, after, upto, from_at, to_at, limit,
	                     trace_page_add_raw, &page, err))
		return -1;
	if (page.n < limit)
		page.last = upto;
	n = snprintf(head, sizeof head,
	             "],\"from_at\":%lld,\"to_at\":%lld,\"first\":%lld,"
	             "\"upto\":%lld,\"last\":%lld,\"more\":%s,"
	             "\"wait_threshold_s\":%d,\"open_s\":%d,\"close_s\":%d,"
	             "\"now\":%lld,\"timezone\":",
	             (long long)from_at, (long long)to_at, (long long)first,
	             (long long)upto, (long long)page.last,
	             page.last < upto ? "true" : "false",
	             c->report_wait_min * 60, c->report_open_min * 60,
	             c->report_close_min * 60, (long long)ctx->now);
	trace_text_put(&page, head, (size_t)n);
	/* The zone is the config's: a name like Asia/Shanghai, but quoted
	 * by jansson all the same. */
	{
		json_t *tz = json_string(c->timezone);
		char *q = json_dumps(tz, JSON_ENCODE_ANY);

		json_decref(tz);
		if (q == NULL)
			return qerr_set(err, PROTO_E_STORE, "out of memory");
		trace_text_put(&page, q, strlen(q));
		free(q);
	}
	trace_text_put(&page, "}", 1);
	ctx->text_ref = ctx->d->page_text;
	ctx->text_len = page.len;
	return 0;
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
	if (op_bool(ctx, "raw"))
		return trace_page_raw(ctx, from_at, to_at, first, after, upto,
		                      limit, err);
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
