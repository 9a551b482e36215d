/*
 * The follow-up ledger of 差评 (差评台账) in the hall: an entry opens with
 * every 差评, its deadlines fixed then in working days; each step is
 * checked by hall_rule_review_step() and appended to the trace.
 */
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

static json_t *hall_review_json(const struct store_review *r)
{
	return json_pack("{s:I, s:s, s:s, s:i}", "review", (json_int_t)r->id,
	                 "state", hall_rule_review_state_name(r->state),
	                 "number", r->service.number, "level", r->level);
}

/* A 差评 was just kept for svc: its entry opens now. */
int hall_review_open(struct hall *h, const struct store_service *svc, int level,
                     const char *phone, int64_t now, struct qerr *err)
{
	char masked[PHONE_MAX + 1];
	struct store_review r;
	size_t len = 0;
	json_t *extra;

	memset(&r, 0, sizeof r);
	r.service = *svc;
	r.level = level;
	r.state = REVIEW_TO_VERIFY;
	r.verified = -1;
	r.opened_at = now;
	r.reply_due =
	    hall_rule_working_deadline(&h->rating, now, h->rating.reply_days);
	r.fix_due =
	    hall_rule_working_deadline(&h->rating, now, h->rating.fix_days);
	/* Sealed before it reaches the store; the trace gets it masked. */
	if (phone && phone_seal(h->phone_key, phone, r.phone, &len))
		return qerr_set(err, PROTO_E_BAD_REQUEST, "phone too long");
	r.phone_len = (int)len;
	if (store_review_add(h->store, &r, err))
		return -1;
	extra = hall_review_json(&r);
	if (phone) {
		phone_mask(phone, masked);
		json_object_set_new(extra, "phone", json_string(masked));
	}
	json_object_set_new(extra, "reply_due", json_integer(r.reply_due));
	json_object_set_new(extra, "fix_due", json_integer(r.fix_due));
	return hall_event(h, "review_opened", now, NULL, svc->window, extra,
	                  err);
}

int hall_review_get(struct hall *h, int64_t id, struct store_review *r,
                    struct qerr *err)
{
	int found;

	if (store_review_get(h->store, id, r, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND,
		                "there is no review %lld", (long long)id);
	return 0;
}

int hall_review_step(struct hall *h, int64_t id, const struct review_step *s,
                     int64_t now, struct store_review *r, struct qerr *err)
{
	json_t *extra;

	if (hall_review_get(h, id, r, err) ||
	    hall_rule_review_step(r, s, now, err))
		return -1;
	snprintf(r->note, sizeof r->note, "%s", s->note ? s->note : "");
	/* A closed entry keeps the citizen's number a while, then loses it. */
	if (!hall_rule_review_open(r->state))
		r->phone_until =
		    now + (int64_t)h->rating.phone_keep_days * 24 * 3600 * 1000;
	if (store_review_put(h->store, r, err))
		return -1;
	extra = hall_review_json(r);
	json_object_set_new(extra, "step", json_string(s->action));
	json_object_set_new(extra, "note", json_string(r->note));
	if (s->result)
		json_object_set_new(extra, "result", json_string(s->result));
	if (r->state == REVIEW_EXCLUDED)
		json_object_set_new(extra, "excluded",
		                    json_pack("{s:s, s:s}", "as", r->excluded,
		                              "reviewer", r->reviewer));
	return hall_event(h, "review", now, NULL, r->service.window, extra,
	                  err);
}
