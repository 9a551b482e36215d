/*
 * qhall-bench: how much load one qhalld carries, and how fast.
 *
 * It starts its own qhalld on a scratch folder of the disk to measure and
 * runs the phases asked for: the load table (the disk's durable-commit
 * baseline, takes at one kiosk and at many, call and finish at the windows
 * with lobby displays watching, the delay from a call to its display, the
 * daemon's memory), call and status against a small and a large history,
 * instructions per take under callgrind, and a good client's latency among
 * hostile ones. Then it judges the targets, with the Redis baseline that
 * scripts/bench.sh measured when given one. docs/PERFORMANCE.md says what
 * each figure means.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

/* Run one phase if asked for; 0 if it ran or was not asked for. */
static int main_phase(const struct options *o, int phase,
                      int (*run)(const struct options *, struct scratch *,
                                 struct figures *),
                      struct scratch *s, struct figures *f)
{
	if (!(o->phases & phase))
		return 0;
	return run(o, s, f);
}

/* Run the phases asked for, print the targets, fail if any request did. */
int main(int argc, char **argv)
{
	struct options o;
	struct scratch s;
	struct figures f;
	int rc = 0;

	if (options_parse(argc, argv, &o))
		return 2;
	figures_init(&f);
	f.kiosks = o.kiosks;
	f.displays = o.displays;
	f.hist_small = o.history[0];
	f.hist_large = o.history[1];
	if (scratch_make(&s, o.dir, o.windows))
		return 1;
	snprintf(s.store, sizeof s.store, "%s", o.store);
	report_header(&o, s.root);
	if (o.redis[0] && redis_load(o.redis, &f)) {
		scratch_remove(&s);
		return 2;
	}

	rc |= main_phase(&o, PHASE_LOAD, phase_load, &s, &f);
	rc |= main_phase(&o, PHASE_HISTORY, history_run, &s, &f);
	rc |= main_phase(&o, PHASE_CALLGRIND, callgrind_run, &s, &f);
	rc |= main_phase(&o, PHASE_HOSTILE, fairness_run, &s, &f);
	rc |= main_phase(&o, PHASE_ALERTS, alerts_run, &s, &f);
	report_flush_notes();
	targets_print(&f);

	if (o.keep)
		printf("\nkept %s\n", s.root);
	else
		scratch_remove(&s);
	if (rc || report_failures() > 0) {
		printf("\nFAILED: %ld failed requests%s\n", report_failures(),
		       rc ? "; a phase could not run" : "");
		return 1;
	}
	printf("\nall requests ok\n");
	return 0;
}
