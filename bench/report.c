/*
 * What the bench prints: a plain table on stdout, one row per figure as
 * soon as it is measured, and every failed request on stderr (the first
 * few in full, then only counted).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#define REPORT_FAILURES_SHOWN 20
#define REPORT_NOTES_MAX      16
#define REPORT_NOTE_LEN       256

static atomic_long report_failed;
static char report_notes[REPORT_NOTES_MAX][REPORT_NOTE_LEN];
static int report_nnotes;

/* "s" to make a plural of what there are n of, or "". */
const char *report_s(int n)
{
	return n == 1 ? "" : "s";
}

/* Say what is measured, where, and how hard. */
void report_header(const struct options *o, const char *scratch)
{
	printf("qhall-bench: %s\n", o->qhalld);
	printf("scratch %s (a fresh data folder per phase), %ld CPUs\n",
	       scratch, sysconf(_SC_NPROCESSORS_ONLN));
	printf("%d kiosk%s, %d window%s, %d display%s, %d s per phase\n",
	       o->kiosks, report_s(o->kiosks), o->windows, report_s(o->windows),
	       o->displays, report_s(o->displays), o->seconds);
	fflush(stdout);
}

/* A latency for the table: whole µs, or "-" when nothing was measured. */
static void report_us(char *out, size_t size, double us)
{
	if (isnan(us))
		snprintf(out, size, "-");
	else if (us < 10)
		snprintf(out, size, "%.1f", us);
	else
		snprintf(out, size, "%.0f", us);
}

/* One row of figures given as numbers; NAN prints as "-". */
void report_row_values(const char *name, int clients, long long count,
                       double rate, double p50_us, double p99_us)
{
	char crate[32] = "-", p50[32], p99[32];

	if (!isnan(rate))
		snprintf(crate, sizeof crate, "%.0f", rate);
	report_us(p50, sizeof p50, p50_us);
	report_us(p99, sizeof p99, p99_us);
	printf("%-40s %7d %9lld %9s %8s %8s\n", name, clients, count, crate,
	       p50, p99);
	fflush(stdout);
}

/* One row: count, rate (if it means something here), p50 and p99. */
void report_row(const struct result *r, int with_rate)
{
	report_row_values(r->name, r->clients, (long long)r->ops,
	                  with_rate ? result_rate(r) : NAN,
	                  stats_percentile_us(&r->lat, 0.50),
	                  stats_percentile_us(&r->lat, 0.99));
}

/* A blank line and a title: the start of another part of the output. */
void report_section(const char *title)
{
	printf("\n%s\n", title);
	fflush(stdout);
}

/* One figure on its own line. */
void report_value(const char *what, double value, const char *unit)
{
	if (isnan(value))
		printf("  %-52s %12s\n", what, "not measured");
	else
		printf("  %-52s %12.*f %s\n", what, value >= 100 ? 0 : 2, value,
		       unit);
	fflush(stdout);
}

/* A line of explanation, kept until the table is done. */
void report_note(const char *fmt, ...)
{
	va_list ap;

	if (report_nnotes == REPORT_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(report_notes[report_nnotes++], REPORT_NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* Print the notes kept so far, under the table. */
void report_flush_notes(void)
{
	if (report_nnotes > 0)
		putchar('\n');
	for (int i = 0; i < report_nnotes; i++)
		printf("%s\n", report_notes[i]);
	report_nnotes = 0;
	fflush(stdout);
}

/* How a figure compares with its target; op is ">=", "<=" or "<". */
void report_target(const char *what, double value, const char *unit,
                   const char *op, double target)
{
	int met = op[0] == '>'   ? value >= target
	          : op[1] == '=' ? value <= target
	                         : value < target;

	if (isnan(value)) {
		printf("  %-54s %9s\n", what, "not measured");
		return;
	}
	printf("  %-54s %9.2f %-3s %-2s %-6g %s\n", what, value, unit, op,
	       target, met ? "met" : "MISSED");
}

/* The daemon of one phase: its batching and its memory. */
void report_daemon(const char *phase, const struct qhalld *q)
{
	char per[32] = "-";

	if (q->commits > 0)
		snprintf(per, sizeof per, "%.1f",
		         (double)q->requests / (double)q->commits);
	printf("  %-24s %9lld %9lld %10s %9ld %9ld\n", phase, q->requests,
	       q->commits, per, q->rss_kib, q->hwm_kib);
}

/* Count a failed request; show the first few. Any thread may call it. */
void report_failure(const char *what, const struct qerr *err)
{
	long n = atomic_fetch_add(&report_failed, 1) + 1;

	if (n <= REPORT_FAILURES_SHOWN)
		fprintf(stderr, "qhall-bench: %s failed: [%s] %s\n", what,
		        err->code ? err->code : "?", err->message);
	else if (n == REPORT_FAILURES_SHOWN + 1)
		fprintf(stderr, "qhall-bench: more failures, only counted\n");
}

/* How many requests failed so far. */
long report_failures(void)
{
	return atomic_load(&report_failed);
}
