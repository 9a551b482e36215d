/*
 * Whether a take may have a number, beyond the queue's cap: its opening
 * hours (queue_closed with the next opening), and for a queue with a
 * per-person limit the citizen's ID number (id_required, bad_id,
 * person_limit). The ID number is checked, hashed and forgotten here: it
 * reaches no store, event, log or message.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall-private.h"
#include "proto.h"

#define ADMIT_DAY_MS (24LL * 3600 * 1000)

void hall_set_person_policy(struct hall *h, const unsigned char *key,
                            int keep_days)
{
	memcpy(h->id_key, key, PERSON_KEY_LEN);
	h->id_keep_days = keep_days;
}

int hall_admit_hours(struct hall *h, const struct catalog_queue *cq,
                     int64_t now, const char *today, struct qerr *err)
{
	struct hall_hours hh;

	hall_queue_hours(h, cq, now, &hh);
	if (hh.open)
		return 0;
	if (hh.opens_at == 0)
		return qerr_set(err, PROTO_E_QUEUE_CLOSED,
		                "queue %s is closed and has no opening hours "
		                "in the next two months",
		                cq->prefix);
	if (strcmp(hh.opens_day, today) == 0)
		qerr_set(err, PROTO_E_QUEUE_CLOSED,
		         "queue %s is closed now; it takes numbers from %s "
		         "today",
		         cq->prefix, hh.opens_time);
	else
		qerr_set(err, PROTO_E_QUEUE_CLOSED,
		         "queue %s is closed now; it takes numbers from %s %s",
		         cq->prefix, hh.opens_day, hh.opens_time);
	err->at_key = "opens_at";
	err->at = hh.opens_at;
	return -1;
}

int hall_admit_person(struct hall *h, const struct catalog_queue *cq,
                      const struct hall_take *a, const char *day,
                      struct hall_admit *out, struct qerr *err)
{
	char id[HALL_ID_NUMBER_LEN + 1];
	int taken, rc;

	out->hashed = 0;
	if (cq->person_daily_limit <= 0)
		return 0;
	if (a->id_number == NULL || a->id_number[0] == '\0')
		return qerr_set(err, PROTO_E_ID_REQUIRED,
		                "queue %s gives one person at most %d number%s "
		                "a day: enter the ID number to take one",
		                cq->prefix, cq->person_daily_limit,
		                cq->person_daily_limit == 1 ? "" : "s");
	if (hall_rule_id_number(a->id_number, id, err))
		return -1;
	person_hash(h->id_key, id, out->hash);
	sodium_memzero(id, sizeof id);
	out->hashed = 1;
	if (store_person_count(h->store, out->hash, sizeof out->hash,
	                       cq->prefix, day, &taken, err))
		return -1;
	rc = hall_rule_person_limit(cq->prefix, cq->person_daily_limit, taken,
	                            err);
	return rc;
}

int hall_admit_record(struct hall *h, const struct hall_admit *ad,
                      const struct ticket *t, struct qerr *err)
{
	if (!ad->hashed)
		return 0;
	return store_person_add(h->store, ad->hash, sizeof ad->hash, t, err);
}

/* The day before which hashed ID numbers go: keep_days before today. */
int hall_admit_forget(struct hall *h, const char *today, struct qerr *err)
{
	char before[TICKET_DAY_LEN + 1];
	struct tm tm = {0};
	int forgotten;

	if (sscanf(today, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	           &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday -= h->id_keep_days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(before, sizeof before, "%Y-%m-%d", &tm);
	return store_person_forget(h->store, before, &forgotten, err);
}
