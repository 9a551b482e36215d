/*
 * Opening hours as the citizen reads them: "14:00 开始取号" on a queue
 * closed until its next span, "明天 08:30 开始取号" after hours, "3月9日
 * 08:30 开始取号" over a weekend or a holiday; and the calm notice when a
 * closed queue is tapped. The times are the daemon's (status), never the
 * kiosk's own clock's guess.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk.h"

/* The day after `day` (YYYY-MM-DD), for 明天. */
static void hours_next_day(const char *day, char out[TICKET_DAY_LEN + 1])
{
	struct tm tm = {0};

	out[0] = '\0';
	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, TICKET_DAY_LEN + 1, "%Y-%m-%d", &tm);
}

/* "14:00", "明天 08:30" or "3月9日 08:30": when the queue opens. */
static int hours_when(const struct kiosk *k, const struct view_queue *qs,
                      char *out, size_t size)
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr",
	                                       "May", "Jun", "Jul", "Aug",
	                                       "Sep", "Oct", "Nov", "Dec"};
	struct ui *ui = k->app.ui;
	char tomorrow[TICKET_DAY_LEN + 1];
	int y, m, d;

	if (qs == NULL || !qs->closed_by_hours || !qs->opens_time[0])
		return 0;
	hours_next_day(k->status->day, tomorrow);
	if (strcmp(qs->opens_day, k->status->day) == 0)
		snprintf(out, size, "%s", qs->opens_time);
	else if (strcmp(qs->opens_day, tomorrow) == 0)
		snprintf(out, size, "%s %s", ui_s(ui, "hours_tomorrow"),
		         qs->opens_time);
	else if (sscanf(qs->opens_day, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	         m >= 1 && m <= 12 && ui->lang == UI_EN)
		snprintf(out, size, "%d %s %s", d, months[m - 1],
		         qs->opens_time);
	else if (m >= 1 && m <= 12)
		snprintf(out, size, "%d月%d日 %s", m, d, qs->opens_time);
	else
		return 0;
	return 1;
}

/* "%s" of a string replaced by arg. */
static void hours_fill(char *out, size_t size, const char *fmt, const char *arg)
{
	const char *at = strstr(fmt, "%s");

	if (at == NULL)
		snprintf(out, size, "%s", fmt);
	else
		snprintf(out, size, "%.*s%s%s", (int)(at - fmt), fmt, arg,
		         at + 2);
}

int hours_closed_text(const struct kiosk *k, const struct view_queue *qs,
                      char *out, size_t size)
{
	char when[64];

	if (!hours_when(k, qs, when, sizeof when)) {
		snprintf(out, size, "%s", ui_s(k->app.ui, "queue_closed"));
		return 0;
	}
	hours_fill(out, size, ui_s(k->app.ui, "hours_opens"), when);
	return 1;
}

int hours_closed_by_hours(const struct kiosk *k, const char *prefix)
{
	const struct view_queue *qs = hall_queue_status(k, prefix);

	return qs && !qs->open && qs->closed_by_hours;
}

void hours_notice_text(const struct kiosk *k, char *out, size_t size)
{
	const struct view_queue *qs = hall_queue_status(k, k->notice_queue);
	char when[64], spans[160], first[320];
	size_t n = 0;

	/* "08:30-11:30,14:00-17:00" as "08:30–11:30、14:00–17:00". */
	spans[0] = '\0';
	for (const char *p = qs ? qs->hours : ""; *p && n + 4 < sizeof spans;
	     p++) {
		const char *put =
		    *p == ',' ? ui_s(k->app.ui, "hours_and") : NULL;
		if (put) {
			n += (size_t)snprintf(spans + n, sizeof spans - n, "%s",
			                      put);
			continue;
		}
		spans[n++] = *p;
		spans[n] = '\0';
	}
	if (n >= sizeof spans)
		n = sizeof spans - 1;
	hours_fill(first, sizeof first, ui_s(k->app.ui, "hours_spans"),
	           spans[0] ? spans : "-");
	if (!hours_when(k, qs, when, sizeof when)) {
		snprintf(out, size, "%s", first);
		return;
	}
	hours_fill(out, size, ui_s(k->app.ui, "hours_come_back"), when);
	if (strlen(first) + strlen(out) + 1 < size) {
		memmove(out + strlen(first), out, strlen(out) + 1);
		memcpy(out, first, strlen(first));
	}
}
