/*
 * Ops of ratings (好差评): rate a service, and the figures over a period.
 * Who rates is the connection's role: a rater device (the evaluator at
 * its window), the ticket's own page (补评, channel web) or an admin
 * entering a paper form. Kiosks, window callers
 * and displays never rate: staff cannot rate for a citizen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "phone.h"
#include "xmalloc.h"

static const struct proto_field rate_fields[] = {
    {"number", PROTO_STRING, 1, 1, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"level", PROTO_INT, 1, 1, 5},
    {"reasons", PROTO_STRINGS, 0, 1, RATING_REASON_MAX},
    {"note", PROTO_STRING, 0, 0, STORE_REASON_MAX * 4},
    {"channel", PROTO_STRING, 0, 1, 15},
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {"phone", PROTO_STRING, 0, 1, PHONE_MAX},
    {NULL, 0, 0, 0, 0},
};

/* The rating as the reply and the CLI show it. */
static json_t *rate_result(const struct store_service *svc,
                           const struct store_rating *r, json_t *reasons)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:i, s:s, s:i, s:s, s:o, s:I}", "number",
	              svc->number, "day", svc->day, "window", svc->window,
	              "queue", svc->queue, "level", r->level, "channel",
	              r->channel, "reasons", reasons, "at", (json_int_t)r->at);

	json_object_set_new(
	    o, "staff", svc->staff[0] ? json_string(svc->staff) : json_null());
	json_object_set_new(
	    o, "item", svc->item[0] ? json_string(svc->item) : json_null());
	return json_pack("{s:o}", "rating", o);
}

static int rate_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	json_t *list = json_object_get(ctx->req, "reasons");
	const char *reasons[64];
	const char *channel = op_str(ctx, "channel");
	char day[TICKET_DAY_LEN + 1];
	struct store_service svc;
	struct store_rating r;
	struct hall_rate req;
	size_t i;
	json_t *v;

	if (op_day(ctx, day, err))
		return -1;
	json_array_foreach(list, i, v) reasons[i] = json_string_value(v);
	memset(&req, 0, sizeof req);
	req.day = day;
	req.number = op_str(ctx, "number");
	req.level = op_int(ctx, "level", 0);
	req.reasons = reasons;
	req.nreasons = (int)json_array_size(list);
	req.note = op_str(ctx, "note");
	req.phone = op_str(ctx, "phone");
	req.now = ctx->now;
	if (ctx->conn->role == ROLE_RATER) {
		/* The evaluator's channel is its own; its window is bound. */
		if (channel && strcmp(channel, "evaluator") != 0)
			return qerr_set(
			    err, PROTO_E_FORBIDDEN,
			    "an evaluator rates on its own channel");
		req.channel = "evaluator";
		req.rater_window = ctx->conn->window;
	} else if (ctx->conn->role == ROLE_TICKET) {
		/* The ticket's page (补评): its key was the credential, and
		 * it rates the ticket's last service, nothing else. */
		if (channel && strcmp(channel, "web") != 0)
			return qerr_set(err, PROTO_E_FORBIDDEN,
			                "the ticket's page rates on channel "
			                "web");
		req.channel = "web";
	} else {
		/* An admin enters what a citizen wrote: a paper form. */
		if (channel == NULL || strcmp(channel, "paper") != 0)
			return qerr_set(err, PROTO_E_FORBIDDEN,
			                "an admin enters paper forms only "
			                "(channel paper)");
		req.channel = channel;
		req.window = op_int(ctx, "window", 0);
	}
	if (hall_rate(ctx->d->hall, &req, &svc, &r, err))
		return -1;
	*out = rate_result(&svc, &r, list ? json_incref(list) : json_array());
	if (req.phone) { /* said back masked: the reply may be on a screen */
		char masked[PHONE_MAX + 1];
		phone_mask(req.phone, masked);
		json_object_set_new(json_object_get(*out, "rating"), "phone",
		                    json_string(masked));
	}
	return 0;
}

const struct op op_rate = {"rate",    ROLE_RATER | ROLE_ADMIN | ROLE_TICKET,
                           0,         rate_fields,
                           rate_exec, 0};

static const struct proto_field ratings_fields[] = {
    {"from", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"to", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"by", PROTO_STRING, 1, 1, 16},
    {NULL, 0, 0, 0, 0},
};

static json_t *ratings_rate(double rate)
{
	return rate < 0 ? json_null() : json_real(rate);
}

/* One row of figures; names are a contract for scripts (docs/RATINGS.md). */
static json_t *ratings_row(const struct store_rating_count *c)
{
	struct rating_figures f;
	json_t *levels = json_object(), *o;
	char key[2] = "0";

	hall_rule_figures(c, &f);
	for (int l = 1; l <= 5; l++) {
		key[0] = (char)('0' + l);
		json_object_set_new(levels, key, json_integer(f.levels[l]));
	}
	o = json_pack("{s:I, s:I, s:I, s:o, s:I, s:I}", "services",
	              (json_int_t)f.services, "rated", (json_int_t)f.rated,
	              "unrated", (json_int_t)f.unrated, "levels", levels, "bad",
	              (json_int_t)f.bad, "good", (json_int_t)f.good);
	json_object_set_new(o, "good_rate", ratings_rate(f.good_rate));
	json_object_set_new(o, "rated_rate", ratings_rate(f.rated_rate));
	json_object_set_new(o, "unrated_rate", ratings_rate(f.unrated_rate));
	return o;
}

/* department is counted by queue, then folded (ratings_departments). */
static int ratings_by(const char *by, enum store_by *out, int *department)
{
	static const struct {
		const char *name;
		enum store_by by;
	} names[] = {{"window", STORE_BY_WINDOW},
	             {"staff", STORE_BY_STAFF},
	             {"queue", STORE_BY_QUEUE},
	             {"item", STORE_BY_ITEM},
	             {"department", STORE_BY_QUEUE}};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(by, names[i].name) == 0) {
			*out = names[i].by;
			*department = strcmp(by, "department") == 0;
			return 0;
		}
	}
	return -1;
}

/* A queue's department, as the catalog says now; NULL for a queue gone. */
static const char *ratings_department(const struct catalog *cat,
                                      const char *queue)
{
	const struct catalog_queue *q = catalog_queue_find(cat, queue);

	return q ? q->department : NULL;
}

static int ratings_subject_cmp(const void *a, const void *b)
{
	const struct store_rating_count *x = a, *y = b;

	if (x->subject_null != y->subject_null)
		return x->subject_null ? -1 : 1; /* as SQL orders NULL */
	return strcmp(x->subject, y->subject);
}

/*
 * The departments' rows from the queues': departments are the catalog's,
 * not stored with a service, so each queue's counts go to its department.
 */
static void ratings_departments(const struct catalog *cat,
                                struct store_rating_count *rows, int *n)
{
	int out = 0;

	for (int i = 0; i < *n; i++) {
		struct store_rating_count c = rows[i]; /* rows[out] may be it */
		const char *dep =
		    c.subject_null ? NULL : ratings_department(cat, c.subject);
		int k;

		for (k = 0; k < out; k++)
			if (dep ? !rows[k].subject_null &&
			              strcmp(rows[k].subject, dep) == 0
			        : rows[k].subject_null)
				break;
		if (k == out) {
			memset(&rows[out], 0, sizeof rows[out]);
			rows[out].subject_null = dep == NULL;
			snprintf(rows[out].subject, sizeof rows[out].subject,
			         "%s", dep ? dep : "");
			out++;
		}
		rows[k].services += c.services;
		rows[k].rated += c.rated;
		for (int l = 1; l <= 5; l++)
			rows[k].levels[l] += c.levels[l];
	}
	*n = out;
	qsort(rows, (size_t)out, sizeof *rows, ratings_subject_cmp);
}

/* The subject of a ledger entry, as the counts name it; NULL for none. */
static const char *ratings_review_subject(const struct op_ctx *ctx,
                                          const struct store_review *r,
                                          enum store_by by, int department,
                                          char *buf, size_t size)
{
	const struct store_service *s = &r->service;

	if (department)
		return ratings_department(ctx->d->catalog, s->queue);
	switch (by) {
	case STORE_BY_WINDOW:
		snprintf(buf, size, "%d", s->window);
		return buf;
	case STORE_BY_STAFF:
		return s->staff[0] ? s->staff : NULL;
	case STORE_BY_QUEUE:
		return s->queue;
	case STORE_BY_ITEM:
		return s->item[0] ? s->item : NULL;
	}
	return NULL;
}

static void ratings_review_keys(json_t *row, struct review_figures *f)
{
	hall_rule_review_rates(f);
	json_object_set_new(row, "reviews", json_integer(f->reviews));
	json_object_set_new(row, "excluded", json_integer(f->excluded));
	json_object_set_new(row, "overdue", json_integer(f->overdue));
	json_object_set_new(row, "reply_rate", ratings_rate(f->reply_rate));
	json_object_set_new(row, "callback_rate",
	                    ratings_rate(f->callback_rate));
	json_object_set_new(row, "callback_satisfied_rate",
	                    ratings_rate(f->callback_satisfied_rate));
}

/* The ledger's figures of the period, into each row and the total. */
static int ratings_reviews(struct op_ctx *ctx, enum store_by by, int department,
                           const char *from, const char *to,
                           const struct store_rating_count *counts, int n,
                           json_t *list, json_t *total, struct qerr *err)
{
	struct review_figures *f = xcalloc((size_t)n + 1, sizeof *f);
	struct store_review *rows;
	char buf[16];
	int nrows;

	if (store_review_list(ctx->d->store, from, to, 0, 0, &rows, &nrows,
	                      err)) {
		free(f);
		return -1;
	}
	for (int i = 0; i < nrows; i++) {
		const char *s = ratings_review_subject(
		    ctx, &rows[i], by, department, buf, sizeof buf);

		for (int k = 0; k < n; k++)
			if (s ? !counts[k].subject_null &&
			            strcmp(counts[k].subject, s) == 0
			      : counts[k].subject_null)
				hall_rule_review_count(&f[k], &rows[i],
				                       ctx->now);
		hall_rule_review_count(&f[n], &rows[i], ctx->now);
	}
	for (int k = 0; k < n; k++)
		ratings_review_keys(json_array_get(list, (size_t)k), &f[k]);
	ratings_review_keys(total, &f[n]);
	free(rows);
	free(f);
	return 0;
}

/* {"from", "to", "by", "rows": [{"subject", ...}], "total": {...}} */
static int ratings_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_rating_count *rows = NULL, total;
	const char *from = op_str(ctx, "from"), *to = op_str(ctx, "to");
	char check[TICKET_DAY_LEN + 1];
	json_t *list;
	enum store_by by;
	int n, department;

	if (ratings_by(op_str(ctx, "by"), &by, &department))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "by must be window, staff, queue, item or "
		                "department");
	if (op_day_text(from, check, err) || op_day_text(to, check, err))
		return -1;
	if (strcmp(from, to) > 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "from %s is after to %s", from, to);
	if (store_rating_counts(ctx->d->store, by, from, to, &rows, &n, err))
		return -1;
	if (department)
		ratings_departments(ctx->d->catalog, rows, &n);
	memset(&total, 0, sizeof total);
	list = json_array();
	for (int i = 0; i < n; i++) {
		json_t *row = ratings_row(&rows[i]);

		json_object_set_new(row, "subject",
		                    rows[i].subject_null
		                        ? json_null()
		                        : json_string(rows[i].subject));
		json_array_append_new(list, row);
		total.services += rows[i].services;
		total.rated += rows[i].rated;
		for (int l = 1; l <= 5; l++)
			total.levels[l] += rows[i].levels[l];
	}
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", from, "to", to,
	                 "by", op_str(ctx, "by"), "rows", list, "total",
	                 ratings_row(&total));
	if (ratings_reviews(ctx, by, department, from, to, rows, n, list,
	                    json_object_get(*out, "total"), err)) {
		free(rows);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	free(rows);
	return 0;
}

const struct op op_ratings = {"ratings",      ROLE_ADMIN,   0,
                              ratings_fields, ratings_exec, 0};

static const struct proto_field no_fields[] = {{NULL, 0, 0, 0, 0}};

/* What an evaluator offers: the hall's 差评 reasons, and how long it asks. */
static int rating_policy_exec(struct op_ctx *ctx, json_t **out,
                              struct qerr *err)
{
	const struct rating_policy *p = hall_rating_policy(ctx->d->hall);
	json_t *reasons = json_array();
	(void)err;

	for (int i = 0; i < p->nreasons; i++)
		json_array_append_new(reasons, json_string(p->reasons[i]));
	*out = json_pack("{s:o, s:i, s:i}", "reasons", reasons, "evaluator_s",
	                 p->evaluator_s, "rate_days", p->rate_days);
	return 0;
}

const struct op op_rating_policy = {
    "rating_policy", ROLE_RATER | ROLE_ADMIN, 0,
    no_fields,       rating_policy_exec,      0};
