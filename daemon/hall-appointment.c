/*
 * Appointments (预约): booking a slot of an item (a 6-digit code, the
 * slot's capacity held), cancelling, and checking in at the kiosk, which
 * takes a number in the item's queue. An appointment ticket in time is
 * called before walk-ins: it waits in the class of tickets transferred in,
 * ordered by its slot's start, so an earlier slot comes first. One late
 * past the hall's allowance is an ordinary ticket. Booked appointments of
 * a day that has passed become no-shows when the next day begins.
 *
 * The code is a bearer secret while booked: it is in no event, log or
 * message; events name the appointment by its id.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall-private.h"
#include "proto.h"

void hall_set_appt_policy(struct hall *h, int early_min, int late_min)
{
	h->appt_early_min = early_min;
	h->appt_late_min = late_min;
}

/* The local time `minute` after midnight of day, in ms. */
static int64_t appt_at(const char *day, int minute)
{
	struct tm tm = {0};

	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static json_t *appt_event_json(const struct store_appointment *a)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "appointment",
	                 (json_int_t)a->id, "item", a->item, "queue", a->queue,
	                 "day", a->day, "slot", a->slot);
}

/* A code no booked appointment has: 6 random digits. */
static int appt_new_code(struct hall *h, char code[APPT_CODE_LEN + 1],
                         struct qerr *err)
{
	for (int tries = 0; tries < 50; tries++) {
		int used;

		snprintf(code, APPT_CODE_LEN + 1, "%06u",
		         (unsigned)randombytes_uniform(1000000));
		if (store_appt_code_used(h->store, code, &used, err))
			return -1;
		if (!used)
			return 0;
	}
	return qerr_set(err, PROTO_E_BUSY,
	                "no free appointment code found; try again");
}

int hall_appt_add(struct hall *h, const struct hall_appt_add *r,
                  struct store_appointment *a, struct qerr *err)
{
	const struct catalog_item *it = catalog_item_find(h->catalog, r->item);
	int minute, n;

	memset(a, 0, sizeof *a);
	if (it == NULL)
		return qerr_set(err, PROTO_E_NO_ITEM, "there is no item %s",
		                r->item);
	if (hall_rule_appt_slot(it, &h->calendar, r->day, r->slot, &minute,
	                        err))
		return -1;
	if (strcmp(r->day, r->today) < 0)
		return qerr_set(err, PROTO_E_NO_SLOT, "%s has passed", r->day);
	a->slot_at = appt_at(r->day, minute);
	if (a->slot_at + (int64_t)h->appt_late_min * 60000 < r->now)
		return qerr_set(err, PROTO_E_NO_SLOT,
		                "the slot %s %s has passed", r->day, r->slot);
	if (store_appt_count_slot(h->store, it->id, r->day, r->slot, &n, err))
		return -1;
	if (n >= it->appt_per_slot)
		return qerr_set(err, PROTO_E_SLOT_FULL,
		                "the slot %s %s of item %s is full (%d)",
		                r->day, r->slot, it->id, it->appt_per_slot);
	if (r->phone && r->phone[0]) {
		if (!phone_valid(r->phone))
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "phone: 7 to 20 digits, a leading + "
			                "allowed");
		if (phone_seal(h->phone_key, r->phone, a->phone, &a->phone_len))
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "phone is too long");
		a->has_phone = 1;
	}
	if (appt_new_code(h, a->code, err))
		return -1;
	snprintf(a->item, sizeof a->item, "%s", it->id);
	snprintf(a->queue, sizeof a->queue, "%s", it->queue);
	snprintf(a->day, sizeof a->day, "%s", r->day);
	snprintf(a->slot, sizeof a->slot, "%s", r->slot);
	a->state = APPT_BOOKED;
	a->booked_at = r->now;
	snprintf(a->booked_by, sizeof a->booked_by, "%s", h->actor);
	if (store_appt_insert(h->store, a, err))
		return -1;
	return hall_event(h, "appointment_booked", r->now, NULL, 0,
	                  appt_event_json(a), err);
}

int hall_appt_find(struct hall *h, const char *code,
                   struct store_appointment *a, struct qerr *err)
{
	int found;

	if (store_appt_find(h->store, code, a, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_APPT_NOT_FOUND,
		                "there is no appointment with that code; "
		                "please check the 6 digits");
	return 0;
}

int hall_appt_cancel(struct hall *h, const char *code, int64_t now,
                     struct store_appointment *a, struct qerr *err)
{
	if (hall_appt_find(h, code, a, err))
		return -1;
	if (a->state != APPT_BOOKED)
		return qerr_set(err,
		                a->state == APPT_CANCELLED
		                    ? PROTO_E_APPT_CANCELLED
		                    : PROTO_E_APPT_USED,
		                "this appointment is already %s",
		                a->state == APPT_CANCELLED    ? "cancelled"
		                : a->state == APPT_CHECKED_IN ? "checked in"
		                                              : "missed");
	a->state = APPT_CANCELLED;
	if (store_appt_put(h->store, a, err))
		return -1;
	return hall_event(h, "appointment_cancelled", now, NULL, 0,
	                  appt_event_json(a), err);
}

int hall_appt_checkin(struct hall *h, const char *code, const char *today,
                      int64_t now, struct store_appointment *a,
                      struct ticket *t, struct qerr *err)
{
	struct hall_take take = {0};
	json_t *extra;
	int late, repeated;

	if (hall_appt_find(h, code, a, err) ||
	    hall_rule_appt_checkin(a, today, now, h->appt_early_min,
	                           h->appt_late_min, &late, err))
		return -1;
	take.queue = a->queue;
	take.item = a->item;
	take.day = today;
	take.now = now;
	if (hall_take(h, &take, t, &repeated, err))
		return -1;
	if (!late && t->klass == TICKET_CLASS_NORMAL) {
		t->klass = TICKET_CLASS_TRANSFERRED;
		t->order_at = a->slot_at;
		if (store_ticket_put(h->store, t, err) ||
		    hall_ticket_place(h, t, err))
			return -1;
	}
	a->state = APPT_CHECKED_IN;
	a->ticket_id = t->id;
	a->checked_in_at = now;
	a->late = late;
	snprintf(a->number, sizeof a->number, "%s", t->number);
	if (store_appt_put(h->store, a, err))
		return -1;
	extra = appt_event_json(a);
	json_object_set_new(extra, "late", json_boolean(late));
	return hall_event(h, "appointment_checked_in", now, t, 0, extra, err);
}

static void appt_collect(void *arg, const struct store_appointment *a)
{
	json_array_append_new(arg, appt_event_json(a));
}

int hall_appt_roll(struct hall *h, const char *today, int64_t now,
                   struct qerr *err)
{
	json_t *missed = json_array(), *m;
	size_t i;
	int rc = 0;

	if (store_appt_no_shows(h->store, today, appt_collect, missed, err)) {
		json_decref(missed);
		return -1;
	}
	json_array_foreach(missed, i, m)
	{
		if (rc == 0)
			rc = hall_event(h, "appointment_no_show", now, NULL, 0,
			                json_incref(m), err);
	}
	json_decref(missed);
	return rc;
}
