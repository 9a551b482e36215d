/*
 * Opening hours (取号时间), on plain data: whether a queue issues numbers
 * at a moment, and when it opens or closes next. A working day is Monday
 * to Friday unless the configuration lists it as a holiday, and a weekend
 * day the configuration lists as a workday (调休上班) is one too; a queue
 * keeps "hours" on working days and "rest_day_hours" (none: closed) on the
 * others. Times are the hall's local time (the configured zone is the
 * process's TZ), so 08:30 is 08:30 in the hall whatever the server's zone.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall.h"
#include "proto.h"

/* How far ahead the next opening is looked for: a queue shut longer than
 * this (a long closure) says no time. */
#define HOURS_LOOKAHEAD_DAYS 62

static int hours_day_valid(const char *s)
{
	int y, m, d;
	char tail;

	return strlen(s) == TICKET_DAY_LEN &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       y >= 2000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A comma list of days into slots; blanks around days go. */
static int hours_days(const char *list, char (*out)[TICKET_DAY_LEN + 1], int *n,
                      const char *what, struct qerr *err)
{
	const char *p = list;

	*n = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char day[32];

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > 0) {
			if (*n == HALL_CALENDAR_DAYS_MAX)
				return qerr_set(err, PROTO_E_CONFIG,
				                "more than %d %s",
				                HALL_CALENDAR_DAYS_MAX, what);
			snprintf(day, sizeof day, "%.*s", (int)len, p);
			if (!hours_day_valid(day))
				return qerr_set(err, PROTO_E_CONFIG,
				                "%s \"%s\" is not YYYY-MM-DD",
				                what, day);
			memcpy(out[(*n)++], day, TICKET_DAY_LEN + 1);
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

int hall_rule_calendar(struct hall_calendar *c, const char *holidays,
                       const char *workdays, struct qerr *err)
{
	memset(c, 0, sizeof *c);
	return hours_days(holidays, c->holidays, &c->nholidays, "holidays",
	                  err) ||
	               hours_days(workdays, c->workdays, &c->nworkdays,
	                          "workdays", err)
	           ? -1
	           : 0;
}

static int hours_listed(char (*days)[TICKET_DAY_LEN + 1], int n,
                        const char *day)
{
	for (int i = 0; i < n; i++)
		if (strcmp(days[i], day) == 0)
			return 1;
	return 0;
}

/* tm is a local date (tm_wday set). */
int hall_rule_working_day(const struct hall_calendar *c, const struct tm *tm)
{
	char day[TICKET_DAY_LEN + 1];
	struct hall_calendar *cc = (struct hall_calendar *)c;

	strftime(day, sizeof day, "%Y-%m-%d", tm);
	if (hours_listed(cc->workdays, c->nworkdays, day))
		return 1;
	if (hours_listed(cc->holidays, c->nholidays, day))
		return 0;
	return tm->tm_wday != 0 && tm->tm_wday != 6;
}

/* The local time `minute` after midnight of the day tm names, in ms. */
static int64_t hours_at(const struct tm *day, int minute)
{
	struct tm tm = *day;

	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static void hours_name(int64_t ms, char day[TICKET_DAY_LEN + 1], char hhmm[6])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	if (day)
		strftime(day, TICKET_DAY_LEN + 1, "%Y-%m-%d", &tm);
	strftime(hhmm, 6, "%H:%M", &tm);
}

void hall_rule_hours(const struct catalog_queue *q,
                     const struct hall_calendar *c, int64_t now,
                     struct hall_hours *out)
{
	time_t t = (time_t)(now / 1000);
	struct tm tm;
	int minute;

	memset(out, 0, sizeof *out);
	if (!q->has_hours) {
		out->open = 1;
		return;
	}
	localtime_r(&t, &tm);
	minute = tm.tm_hour * 60 + tm.tm_min;
	for (int d = 0; d <= HOURS_LOOKAHEAD_DAYS; d++) {
		const struct catalog_hours *h =
		    hall_rule_working_day(c, &tm) ? &q->hours : &q->rest_hours;

		for (int i = 0; i < h->n; i++) {
			if (d == 0 && minute >= h->to[i])
				continue;
			if (d == 0 && minute >= h->from[i]) {
				out->open = 1;
				out->closes_at = hours_at(&tm, h->to[i]);
				hours_name(out->closes_at, NULL,
				           out->closes_time);
				if (h->to[i] == 24 * 60)
					snprintf(out->closes_time,
					         sizeof out->closes_time,
					         "24:00");
				return;
			}
			out->opens_at = hours_at(&tm, h->from[i]);
			hours_name(out->opens_at, out->opens_day,
			           out->opens_time);
			return;
		}
		/* The next day, at noon so no DST hour trips the step. */
		tm.tm_mday++;
		tm.tm_hour = 12;
		tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		mktime(&tm);
	}
}
