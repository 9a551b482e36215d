/*
 * Ops of the follow-up ledger of 差评 (差评台账): list its entries, and
 * take one a step (verify, fix, callback, appeal, close). Supervisors are
 * admins; window staff neither see nor change the ledger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "phone.h"

static void review_time(json_t *o, const char *key, int64_t ms)
{
	json_object_set_new(o, key, ms ? json_integer(ms) : json_null());
}

/* One entry as replies show it; overdue says so wherever it is shown. */
json_t *op_review_json(const struct store_review *r, int64_t now)
{
	const struct store_service *s = &r->service;
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:I, s:I, s:b}", "id",
	    (json_int_t)r->id, "state", hall_rule_review_state_name(r->state),
	    "number", s->number, "day", s->day, "window", s->window, "queue",
	    s->queue, "level", r->level, "reply_due", (json_int_t)r->reply_due,
	    "fix_due", (json_int_t)r->fix_due, "overdue",
	    hall_rule_review_overdue(r, now));

	json_object_set_new(o, "staff",
	                    s->staff[0] ? json_string(s->staff) : json_null());
	json_object_set_new(o, "item",
	                    s->item[0] ? json_string(s->item) : json_null());
	json_object_set_new(o, "verified",
	                    r->verified < 0 ? json_null()
	                                    : json_boolean(r->verified));
	review_time(o, "opened_at", r->opened_at);
	review_time(o, "replied_at", r->replied_at);
	review_time(o, "fixed_at", r->fixed_at);
	review_time(o, "called_back_at", r->called_back_at);
	review_time(o, "closed_at", r->closed_at);
	json_object_set_new(o, "callback",
	                    r->callback[0] ? json_string(r->callback)
	                                   : json_null());
	if (r->state == REVIEW_EXCLUDED)
		json_object_set_new(o, "excluded",
		                    json_pack("{s:s, s:s}", "as", r->excluded,
		                              "reviewer", r->reviewer));
	json_object_set_new(o, "note", json_string(r->note));
	return o;
}

/* For supervisors (admins) only: the ledger shows the number whole. */
static void review_phone(struct op_ctx *ctx, json_t *o,
                         const struct store_review *r)
{
	char phone[PHONE_MAX + 1];

	hall_phone_open(ctx->d->hall, r, phone, sizeof phone);
	json_object_set_new(o, "phone",
	                    phone[0] ? json_string(phone) : json_null());
	sodium_memzero(phone, sizeof phone);
}

static const struct proto_field reviews_fields[] = {
    {"open", PROTO_BOOL, 0, 0, 0},
    {"overdue", PROTO_BOOL, 0, 0, 0},
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {NULL, 0, 0, 0, 0},
};

static int reviews_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_review *rows;
	int n, overdue = op_bool(ctx, "overdue");
	json_t *list;

	if (store_review_list(ctx->d->store, "", "", op_bool(ctx, "open"),
	                      op_int(ctx, "window", 0), &rows, &n, err))
		return -1;
	list = json_array();
	for (int i = 0; i < n; i++)
		if (!overdue || hall_rule_review_overdue(&rows[i], ctx->now)) {
			json_t *o = op_review_json(&rows[i], ctx->now);
			review_phone(ctx, o, &rows[i]);
			json_array_append_new(list, o);
		}
	free(rows);
	*out = json_pack("{s:o, s:I}", "reviews", list, "now",
	                 (json_int_t)ctx->now);
	return 0;
}

const struct op op_reviews = {"reviews",      ROLE_ADMIN,   0,
                              reviews_fields, reviews_exec, 0};

static const struct proto_field review_fields[] = {
    {"review", PROTO_INT, 1, 1, 1LL << 50}, /* "id" is the request's */
    {"step", PROTO_STRING, 1, 1, 16},
    {"verified", PROTO_BOOL, 0, 0, 0},
    {"result", PROTO_STRING, 0, 1, 16},
    {"excluded", PROTO_STRING, 0, 1, 16},
    {"reviewer", PROTO_STRING, 0, 1, 96},
    {"note", PROTO_STRING, 0, 0, STORE_REASON_MAX * 4},
    {NULL, 0, 0, 0, 0},
};

static int review_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	json_t *verified = json_object_get(ctx->req, "verified");
	struct review_step s = {
	    .action = op_str(ctx, "step"),
	    .verified = json_is_boolean(verified) ? json_is_true(verified) : -1,
	    .result = op_str(ctx, "result"),
	    .excluded = op_str(ctx, "excluded"),
	    .reviewer = op_str(ctx, "reviewer"),
	    .note = op_str(ctx, "note"),
	};
	struct store_review r;

	if (hall_review_step(ctx->d->hall,
	                     (int64_t)json_integer_value(
	                         json_object_get(ctx->req, "review")),
	                     &s, ctx->now, &r, err))
		return -1;
	*out = json_pack("{s:o}", "review", op_review_json(&r, ctx->now));
	review_phone(ctx, json_object_get(*out, "review"), &r);
	return 0;
}

const struct op op_review = {"review",      ROLE_ADMIN,  0,
                             review_fields, review_exec, 0};
