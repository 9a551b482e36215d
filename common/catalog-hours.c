/*
 * A queue's opening hours and per-person limit in the catalog:
 *
 *   "hours": ["08:30-11:30", "14:00-17:00"],   working days
 *   "rest_day_hours": ["09:00-12:00"],         weekends and holidays
 *   "person_daily_limit": 1                     tickets per ID number a day
 *
 * Which day is a working day is the configuration's (holidays, 调休
 * workdays), not the catalog's: the same catalog serves every year.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "proto.h"

/* "HH:MM" into minutes after midnight; -1 if it is not one (24:00 is). */
static int catalog_hhmm(const char *s)
{
	int h, m;
	char tail;

	if (strlen(s) != 5 || s[2] != ':' ||
	    sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || m < 0 ||
	    m > 59 || h * 60 + m > 24 * 60)
		return -1;
	return h * 60 + m;
}

static int catalog_hours_of(json_t *q, const char *key, const char *prefix,
                            struct catalog_hours *out, struct qerr *err)
{
	json_t *spans = json_object_get(q, key), *v;
	size_t i;

	memset(out, 0, sizeof *out);
	if (spans == NULL)
		return 0;
	if (!json_is_array(spans) || json_array_size(spans) > CATALOG_HOURS_MAX)
		return qerr_set(
		    err, PROTO_E_CONFIG,
		    "catalog: queue %s: \"%s\" must list at most %d "
		    "spans like \"08:30-11:30\"",
		    prefix, key, CATALOG_HOURS_MAX);
	json_array_foreach(spans, i, v)
	{
		const char *s = json_string_value(v);
		char a[8], b[8];
		int from, to;

		if (s == NULL || strlen(s) != 11 || s[5] != '-')
			goto bad;
		memcpy(a, s, 5);
		a[5] = '\0';
		memcpy(b, s + 6, 5);
		b[5] = '\0';
		from = catalog_hhmm(a);
		to = catalog_hhmm(b);
		if (from < 0 || to <= from || (i > 0 && from < out->to[i - 1]))
			goto bad;
		out->from[i] = from;
		out->to[i] = to;
		out->n = (int)i + 1;
	}
	return 0;
bad:
	return qerr_set(err, PROTO_E_CONFIG,
	                "catalog: queue %s: \"%s\" #%zu is not a span like "
	                "\"08:30-11:30\" after the one before it",
	                prefix, key, i + 1);
}

int catalog_item_appointment_read(json_t *it, struct catalog_item *ci,
                                  const struct catalog_queue *cq,
                                  struct qerr *err)
{
	json_t *a = json_object_get(it, "appointment");
	json_int_t slot, per;

	if (a == NULL)
		return 0;
	slot = json_integer_value(json_object_get(a, "slot_min"));
	per = json_integer_value(json_object_get(a, "per_slot"));
	if (!json_is_object(a) || slot < 5 || slot > 240 || per < 1 ||
	    per > 999)
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: item %s: \"appointment\" needs "
		                "\"slot_min\" (5-240) and \"per_slot\" (1-999)",
		                ci->id);
	ci->appt_slot_min = (int)slot;
	ci->appt_per_slot = (int)per;
	if (catalog_hours_of(a, "hours", ci->id, &ci->appt_hours, err))
		return -1;
	if (ci->appt_hours.n == 0)
		ci->appt_hours = cq->hours;
	if (ci->appt_hours.n == 0)
		return qerr_set(
		    err, PROTO_E_CONFIG,
		    "catalog: item %s: appointments need \"hours\", "
		    "its own or its queue's",
		    ci->id);
	return 0;
}

int catalog_queue_hours_read(json_t *q, struct catalog_queue *cq,
                             struct qerr *err)
{
	json_t *limit = json_object_get(q, "person_daily_limit");

	if (catalog_hours_of(q, "hours", cq->prefix, &cq->hours, err) ||
	    catalog_hours_of(q, "rest_day_hours", cq->prefix, &cq->rest_hours,
	                     err))
		return -1;
	cq->has_hours = json_object_get(q, "hours") != NULL ||
	                json_object_get(q, "rest_day_hours") != NULL;
	if (limit != NULL &&
	    (!json_is_integer(limit) || json_integer_value(limit) < 0 ||
	     json_integer_value(limit) > 99))
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: queue %s: \"person_daily_limit\" "
		                "must be a whole number from 0 to 99",
		                cq->prefix);
	cq->person_daily_limit = limit ? (int)json_integer_value(limit) : 0;
	return 0;
}

void catalog_hours_text(const struct catalog_hours *h, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (int i = 0; i < h->n && at < size; i++) {
		int n = snprintf(out + at, size - at, "%s%02d:%02d-%02d:%02d",
		                 i ? "," : "", h->from[i] / 60, h->from[i] % 60,
		                 h->to[i] / 60, h->to[i] % 60);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}
