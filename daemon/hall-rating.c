/*
 * Ratings (好差评) in the hall: each finish writes its service, and a
 * rating is checked by hall_rule_rate() and kept once per service, with
 * an event in the trace. The rules themselves are hall-rules-rating.c.
 */
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

void hall_set_rating_policy(struct hall *h, const struct rating_policy *p)
{
	h->rating = *p;
}

void hall_set_phone_key(struct hall *h, const unsigned char *key)
{
	memcpy(h->phone_key, key, PHONE_KEY_LEN);
}

void hall_phone_open(const struct hall *h, const struct store_review *r,
                     char *out, size_t size)
{
	char phone[PHONE_MAX + 1];

	if (r->phone_len == 0 ||
	    phone_open(h->phone_key, r->phone, (size_t)r->phone_len, phone)) {
		snprintf(out, size, "%s", "");
		return;
	}
	snprintf(out, size, "%s", phone);
	sodium_memzero(phone, sizeof phone);
}

const struct rating_policy *hall_rating_policy(const struct hall *h)
{
	return &h->rating;
}

/*
 * The service a finish ends: one ticket at one window, with who served.
 * A transfer ends one too: the next window's service is another, rated
 * on its own.
 */
int hall_service_record(struct hall *h, const struct window_info *w,
                        const struct ticket *t, int64_t end, struct qerr *err)
{
	struct store_service svc;

	memset(&svc, 0, sizeof svc);
	svc.ticket_id = t->id;
	snprintf(svc.day, sizeof svc.day, "%s", t->day);
	svc.window = w->number;
	snprintf(svc.staff, sizeof svc.staff, "%s", w->staff_id);
	snprintf(svc.queue, sizeof svc.queue, "%s", t->queue);
	snprintf(svc.item, sizeof svc.item, "%s", t->item);
	svc.called_at = t->called_at;
	svc.finished_at = end;
	return store_service_add(h->store, &svc, err);
}

/* The reasons as stored: "a|b" (a reason never holds '|'). */
static int hall_rating_reasons(const struct hall_rate *r, char *out,
                               size_t size, json_t *list, struct qerr *err)
{
	size_t at = 0;

	out[0] = '\0';
	for (int i = 0; i < r->nreasons; i++) {
		int n = snprintf(out + at, size - at, "%s%s", i ? "|" : "",
		                 r->reasons[i]);
		if (n < 0 || (size_t)n >= size - at)
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "too many reasons");
		at += (size_t)n;
		json_array_append_new(list, json_string(r->reasons[i]));
	}
	return 0;
}

int hall_rate(struct hall *h, const struct hall_rate *r,
              struct store_service *svc, struct store_rating *out,
              struct qerr *err)
{
	struct store_service last;
	struct ticket t;
	int found, exists, last_here = 0;
	json_t *reasons;

	if (store_ticket_find(h->store, r->day, r->number, &t, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no %s on %s",
		                r->number, r->day);
	if (store_service_of_ticket(h->store, t.id, r->window, svc, &found,
	                            err))
		return -1;
	if (!found && r->window > 0)
		return qerr_set(err, PROTO_E_NOT_FINISHED,
		                "%s has finished no service at window %d",
		                r->number, r->window);
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FINISHED,
		                "%s has not finished a service (it is %s)",
		                r->number, ticket_state_name(t.state));
	if (r->rater_window > 0) {
		if (store_service_last_at(h->store, r->rater_window, &last,
		                          &found, err))
			return -1;
		last_here = found && last.id == svc->id;
	}
	if (hall_rule_rate(&h->rating, r, svc, last_here, err))
		return -1;
	if (r->phone && !phone_valid(r->phone))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a phone number is 7 to 20 digits");
	if (r->phone && !hall_rule_rating_bad(r->level))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a phone number is left for a 差评's callback "
		                "only");
	memset(out, 0, sizeof *out);
	out->service_id = svc->id;
	out->level = r->level;
	snprintf(out->channel, sizeof out->channel, "%s", r->channel);
	snprintf(out->note, sizeof out->note, "%s", r->note ? r->note : "");
	out->at = r->now;
	snprintf(out->device, sizeof out->device, "%s", h->actor);
	reasons = json_array();
	if (hall_rating_reasons(r, out->reasons, sizeof out->reasons, reasons,
	                        err) ||
	    store_rating_add(h->store, out, &exists, err)) {
		json_decref(reasons);
		return -1;
	}
	if (exists) {
		json_decref(reasons);
		return qerr_set(err, PROTO_E_ALREADY_RATED,
		                "the service of %s at window %d is already "
		                "rated: a service is rated once",
		                r->number, svc->window);
	}
	/* The ticket as it stands; the window is the service's. */
	if (hall_event(h, "rated", r->now, &t, svc->window,
	               json_pack("{s:i, s:s, s:o, s:I}", "level", r->level,
	                         "channel", r->channel, "reasons", reasons,
	                         "service", (json_int_t)svc->id),
	               err))
		return -1;
	return hall_rule_rating_bad(r->level)
	           ? hall_review_open(h, svc, r->level, r->phone, r->now, err)
	           : 0;
}
