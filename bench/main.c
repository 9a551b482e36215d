/*
 * qhall-bench: how much load one qhalld carries, and how fast.
 *
 * It starts its own qhalld on a scratch folder of the disk to measure and
 * prints one table: the disk's durable-commit baseline, takes at one kiosk
 * and at many, call and finish at the windows with lobby displays
 * watching, the delay from a call to its display, and the daemon's memory.
 * docs/PERFORMANCE.md says what each figure means.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

/* The targets of docs/PERFORMANCE.md, measured against this run. */
static void main_targets(const struct options *o, const struct result *base,
			 const struct result *take, const struct result *delay)
{
	double ratio =
	    result_rate(base) > 0 ? result_rate(take) / result_rate(base) : 0;
	char what[64];

	printf("\ntargets\n");
	snprintf(what, sizeof what,
		 "takes/s at %d kiosk%s / baseline commits/s", o->kiosks,
		 report_s(o->kiosks));
	report_target(what, ratio, "x", 4, 1);
	snprintf(what, sizeof what, "take p99 at %d kiosk%s", o->kiosks,
		 report_s(o->kiosks));
	report_target(what, stats_percentile_us(&take->lat, 0.99) / 1000, "ms",
		      1, 0);
	snprintf(what, sizeof what, "call -> display p99, %d display%s",
		 o->displays, report_s(o->displays));
	report_target(what, stats_percentile_us(&delay->lat, 0.99) / 1000, "ms",
		      1, 0);
}

/* The daemons' batching and memory, one line per phase. */
static void main_daemons(const struct options *o, const struct qhalld *one,
			 const struct qhalld *many, const struct qhalld *calls)
{
	char what[64];

	printf("\n  %-24s %9s %9s %10s %9s %9s\n", "qhalld during", "requests",
	       "commits", "per commit", "VmRSS kB", "VmHWM kB");
	report_daemon("takes, 1 kiosk", one);
	snprintf(what, sizeof what, "takes, %d kiosk%s", o->kiosks,
		 report_s(o->kiosks));
	report_daemon(what, many);
	snprintf(what, sizeof what, "calls, %d display%s", o->displays,
		 report_s(o->displays));
	report_daemon(what, calls);
}

/* Call and finish together: the windows' whole load. */
static void main_window_load(const struct result *call,
			     const struct result *finish, struct result *both)
{
	*both = *call;
	snprintf(both->name, sizeof both->name, "call + finish");
	both->ops += finish->ops;
	stats_merge(&both->lat, &finish->lat);
}

/* Run the phases in order, print the table, fail if any request did. */
int main(int argc, char **argv)
{
	struct options o;
	struct scratch s;
	struct result base = {0}, take1 = {0}, takes = {0};
	struct result call = {0}, finish = {0}, both, delay = {0};
	struct qhalld one = {0}, many = {0}, calls = {0};
	int rc = 1;

	if (options_parse(argc, argv, &o))
		return 2;
	if (scratch_make(&s, o.dir, o.windows))
		return 1;
	report_header(&o, s.root);

	baseline_run(&s, o.seconds, &base);
	report_row(&base, 1);
	if (phase_takes(&o, &s, 1, &take1, &one))
		goto out;
	report_row(&take1, 1);
	if (phase_takes(&o, &s, o.kiosks, &takes, &many))
		goto out;
	report_row(&takes, 1);
	if (phase_calls(&o, &s, result_rate(&takes), &call, &finish, &delay,
			&calls))
		goto out;
	report_row(&call, 1);
	report_row(&finish, 1);
	main_window_load(&call, &finish, &both);
	report_row(&both, 1);
	report_row(&delay, 0);
	if (o.displays > 0)
		report_note(
		    "The call -> display delay runs from just before a window "
		    "sends \"call\" to a display reading the \"called\" "
		    "event: it includes the call's own durable commit.");
	report_flush_notes();
	main_targets(&o, &base, &takes, &delay);
	main_daemons(&o, &one, &many, &calls);
	rc = 0;
out:
	report_flush_notes();
	scratch_remove(&s);
	if (rc || report_failures() > 0) {
		printf("\nFAILED: %ld failed requests%s\n", report_failures(),
		       rc ? "; a qhalld would not start" : "");
		return 1;
	}
	printf("\nall requests ok\n");
	return 0;
}
