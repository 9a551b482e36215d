/*
 * The targets of docs/PERFORMANCE.md, judged in one run as ratios of qhall
 * to its baselines, and the other ratios worth a look. A target whose
 * figures this run did not measure says so.
 */
#include <math.h>
#include <stdio.h>

#include "bench.h"

/* Every figure unknown until a phase measures it. */
void figures_init(struct figures *f)
{
	double *all[] = {
	    &f->sqlite_rate,    &f->take1_rate,     &f->take1_p50,
	    &f->takes_rate,     &f->takes_p50,      &f->delay_p99,
	    &f->redis1_rate,    &f->redis1_p50,     &f->redisk_rate,
	    &f->redisk_p50,     &f->hist_call[0],   &f->hist_call[1],
	    &f->hist_status[0], &f->hist_status[1], &f->ir_take1,
	    &f->ir_takes,       &f->quiet_p50,      &f->quiet_p99,
	    &f->hostile_p50,    &f->hostile_p99,    &f->noise,
	};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		*all[i] = NAN;
	f->kiosks = f->displays = f->redisk = 0;
	f->hist_small = f->hist_large = 0;
}

/* a / b, or NAN when either is unknown or b is not positive. */
static double targets_ratio(double a, double b)
{
	return isnan(a) || isnan(b) || b <= 0 ? NAN : a / b;
}

/* The targets the issue sets, each met or missed. */
static void targets_issue(const struct figures *f)
{
	char what[96];

	report_section("targets (qhall / baseline, this run)");
	snprintf(what, sizeof what,
	         "takes/s, %d kiosks / durable Redis at %d clients", f->kiosks,
	         f->redisk ? f->redisk : f->kiosks);
	report_target(what,
	              f->kiosks == f->redisk
	                  ? targets_ratio(f->takes_rate, f->redisk_rate)
	                  : NAN,
	              "x", ">=", 1);
	report_target("take p50, 1 kiosk / durable Redis p50 at 1 client",
	              targets_ratio(f->take1_p50, f->redis1_p50), "x", "<=", 1);
	snprintf(what, sizeof what, "call p50, %lld / %lld tickets of history",
	         f->hist_large, f->hist_small);
	report_target(what, targets_ratio(f->hist_call[1], f->hist_call[0]),
	              "x", "<=", 1.1);
	snprintf(what, sizeof what,
	         "status p50, %lld / %lld tickets of history", f->hist_large,
	         f->hist_small);
	report_target(what, targets_ratio(f->hist_status[1], f->hist_status[0]),
	              "x", "<=", 1.1);
	snprintf(what, sizeof what, "call -> display p99, %d displays",
	         f->displays);
	report_target(what, f->delay_p99 / 1000, "ms", "<", 1);
	report_target("good take p50, hostile / quiet",
	              targets_ratio(f->hostile_p50, f->quiet_p50), "x",
	              "<=", 1.1);
}

/* Ratios that are not targets but tell where the time goes. */
static void targets_other(const struct figures *f)
{
	report_section("other ratios");
	report_value("takes/s, 1 kiosk / SQLite 1-row commits/s",
	             targets_ratio(f->take1_rate, f->sqlite_rate), "x");
	report_value("takes/s, many kiosks / SQLite 1-row commits/s",
	             targets_ratio(f->takes_rate, f->sqlite_rate), "x");
	report_value("takes/s, 1 kiosk / durable Redis at 1 client",
	             targets_ratio(f->take1_rate, f->redis1_rate), "x");
	report_value("take p50, many kiosks / durable Redis p50 there",
	             f->kiosks == f->redisk
	                 ? targets_ratio(f->takes_p50, f->redisk_p50)
	                 : NAN,
	             "x");
	report_value("good take p99, hostile / quiet",
	             targets_ratio(f->hostile_p99, f->quiet_p99), "x");
	report_value("instructions per take, 1 kiosk / many kiosks",
	             targets_ratio(f->ir_take1, f->ir_takes), "x");
}

/* Print the targets and the other ratios. */
void targets_print(const struct figures *f)
{
	targets_issue(f);
	targets_other(f);
}
