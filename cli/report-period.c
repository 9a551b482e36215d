/*
 * Periods of a report: a day, a month, a quarter, a year, or any range of
 * days; and the period before, of the same kind (for rank changes).
 * Calendar days only: the daemon turns days into times in its zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's). */
static long report_days(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void report_civil(long z, char out[REPORT_DAY_LEN + 1])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);

	snprintf(out, REPORT_DAY_LEN + 1, "%04u-%02u-%02u",
	         (unsigned)(y + (m <= 2)) % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
}

static int report_day_valid(const char *s, long *days)
{
	int y, m, d;
	char tail, back[REPORT_DAY_LEN + 1];

	if (strlen(s) != REPORT_DAY_LEN ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	*days = report_days(y, m, d);
	report_civil(*days, back);
	return strcmp(back, s) == 0 ? 0 : -1; /* 2026-02-30 is no day */
}

static void report_months(struct report_period *p, int y, int m, int n)
{
	long last = report_days(m + n > 12 ? y + 1 : y,
	                        m + n > 12 ? m + n - 12 : m + n, 1) -
	            1;

	snprintf(p->from, sizeof p->from, "%04u-%02u-01", (unsigned)y % 10000u,
	         (unsigned)m % 100u);
	report_civil(last, p->to);
}

int report_period_parse(const char *s, struct report_period *p)
{
	int y, m;
	long days;
	char tail;

	memset(p, 0, sizeof *p);
	if (strlen(s) >= sizeof p->label)
		return -1;
	snprintf(p->label, sizeof p->label, "%s", s);
	if (report_day_valid(s, &days) == 0) {
		snprintf(p->from, sizeof p->from, "%s", s);
		snprintf(p->to, sizeof p->to, "%s", s);
		return 0;
	}
	if (strlen(s) == 7 && sscanf(s, "%4d-Q%1d%c", &y, &m, &tail) == 2 &&
	    m >= 1 && m <= 4) {
		report_months(p, y, (m - 1) * 3 + 1, 3);
		return 0;
	}
	if (strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 &&
	    m >= 1 && m <= 12 && s[4] == '-') {
		report_months(p, y, m, 1);
		return 0;
	}
	if (strlen(s) == 4 && sscanf(s, "%4d%c", &y, &tail) == 1 && y > 1970) {
		report_months(p, y, 1, 12);
		return 0;
	}
	return -1;
}

int report_period_range(const char *from, const char *to,
                        struct report_period *p)
{
	long a, b;

	memset(p, 0, sizeof *p);
	if (report_day_valid(from, &a) || report_day_valid(to, &b) || a > b)
		return -1;
	snprintf(p->from, sizeof p->from, "%s", from);
	snprintf(p->to, sizeof p->to, "%s", to);
	snprintf(p->label, sizeof p->label, "%s~%s", from, to);
	return 0;
}

/* The period just before: a month's is the month before, a range's the
 * same number of days before. */
void report_period_previous(const struct report_period *p,
                            struct report_period *out)
{
	struct report_period tmp;
	int y, m;
	long a, b;

	memset(out, 0, sizeof *out);
	if (sscanf(p->label, "%4d-Q%1d", &y, &m) == 2 &&
	    strlen(p->label) == 7 && p->label[5] == 'Q') {
		if (--m == 0) {
			m = 4;
			y--;
		}
		snprintf(tmp.label, sizeof tmp.label, "%04d-Q%d", y, m);
	} else if (strlen(p->label) == 7) {
		sscanf(p->label, "%4d-%2d", &y, &m);
		if (--m == 0) {
			m = 12;
			y--;
		}
		snprintf(tmp.label, sizeof tmp.label, "%04d-%02d", y, m);
	} else if (strlen(p->label) == 4) {
		snprintf(tmp.label, sizeof tmp.label, "%04d",
		         atoi(p->label) - 1);
	} else {
		report_day_valid(p->from, &a);
		report_day_valid(p->to, &b);
		report_civil(a - 1, out->to);
		report_civil(a - 1 - (b - a), out->from);
		if (strcmp(p->from, p->to) == 0)
			snprintf(out->label, sizeof out->label, "%s",
			         out->from);
		else
			snprintf(out->label, sizeof out->label, "%s~%s",
			         out->from, out->to);
		return;
	}
	report_period_parse(tmp.label, out);
}
