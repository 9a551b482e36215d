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
                     int64_t now, struct qerr *err)
{
	struct store_review r;
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
	if (store_review_add(h->store, &r, err))
		return -1;
	extra = hall_review_json(&r);
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
