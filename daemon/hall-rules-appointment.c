/*
 * Appointments (预约), on plain data: which slots an item offers on a day,
 * and whether a code may check in now. A slot starts every slot_min
 * minutes from the start of each of the item's spans and ends within it;
 * only working days have slots. A code checks in on its own day, from
 * early_min before its slot; after late_min past the slot's start it is
 * still taken in, as an ordinary ticket (the citizen came, late).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall.h"
#include "proto.h"

int hall_rule_appt_slot(const struct catalog_item *it,
                        const struct hall_calendar *cal, const char *day,
                        const char *slot, int *minute, struct qerr *err)
{
	struct tm tm = {0};
	int h, m;
	char tail;

	if (it->appt_per_slot <= 0)
		return qerr_set(err, PROTO_E_NO_ITEM,
		                "item %s takes no appointments", it->id);
	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "day must look like 2026-11-27");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	if (!hall_rule_working_day(cal, &tm))
		return qerr_set(err, PROTO_E_NO_SLOT,
		                "%s is not a working day: no appointments",
		                day);
	if (strlen(slot) != 5 || slot[2] != ':' ||
	    sscanf(slot, "%2d:%2d%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "slot must look like 09:30");
	*minute = h * 60 + m;
	for (int i = 0; i < it->appt_hours.n; i++) {
		int from = it->appt_hours.from[i], to = it->appt_hours.to[i];

		if (*minute >= from && *minute + it->appt_slot_min <= to &&
		    (*minute - from) % it->appt_slot_min == 0)
			return 0;
	}
	return qerr_set(err, PROTO_E_NO_SLOT,
	                "item %s has no slot at %s (slots of %d minutes "
	                "within its hours)",
	                it->id, slot, it->appt_slot_min);
}

int hall_rule_appt_checkin(const struct store_appointment *a, const char *today,
                           int64_t now, int early_min, int late_min, int *late,
                           struct qerr *err)
{
	*late = 0;
	switch (a->state) {
	case APPT_CHECKED_IN:
		return qerr_set(err, PROTO_E_APPT_USED,
		                "this appointment code was already used%s%s",
		                a->number[0] ? " for ticket " : "", a->number);
	case APPT_CANCELLED:
		return qerr_set(err, PROTO_E_APPT_CANCELLED,
		                "this appointment was cancelled");
	case APPT_NO_SHOW:
		return qerr_set(err, PROTO_E_APPT_OTHER_DAY,
		                "this appointment was for %s %s, which has "
		                "passed",
		                a->day, a->slot);
	case APPT_BOOKED:
		break;
	}
	if (strcmp(a->day, today) != 0)
		return qerr_set(err, PROTO_E_APPT_OTHER_DAY,
		                "this appointment is for %s %s, not today",
		                a->day, a->slot);
	if (now < a->slot_at - (int64_t)early_min * 60000) {
		qerr_set(err, PROTO_E_APPT_EARLY,
		         "this appointment is for %s: check in from %d "
		         "minutes before",
		         a->slot, early_min);
		err->at_key = "checkin_from";
		err->at = a->slot_at - (int64_t)early_min * 60000;
		return -1;
	}
	*late = now > a->slot_at + (int64_t)late_min * 60000;
	return 0;
}
