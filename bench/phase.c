/*
 * The load phases, printed as one table: the disk's commit baseline, takes
 * at one kiosk and at many, call and finish at the windows with the
 * displays watching, and the daemon's batching and memory. Each phase
 * starts a qhalld of its own on a fresh data folder (see scratch.c for
 * why), runs its clients, samples the daemon's memory while they are
 * still connected, and stops it.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "proto.h"
#include "ticket.h"

#define PHASE_MIN_PREFILL 2000

/* Start a qhalld on a new folder `name`; -1 (said why) if it won't run. */
static int phase_daemon(const struct options *o, struct scratch *s,
                        const char *name, struct qhalld *q)
{
	char data[PATH_MAX];

	if (scratch_folder(s, name, data, sizeof data) ||
	    qhalld_start(q, o->qhalld, data))
		return -1;
	return 0;
}

/* Stop the phase's daemon; one that ends badly counts as a failure. */
static void phase_stop(struct qhalld *q)
{
	struct qerr err = {0};

	if (qhalld_stop(q)) {
		qerr_set(&err, PROTO_E_IO, "qhalld on %s did not stop cleanly",
		         q->data);
		report_failure("qhalld", &err);
	}
}

/* Every ticket the daemon can issue in a day across the bench's queues. */
static int64_t phase_cap(const struct scratch *s)
{
	return (int64_t)s->nqueues * TICKET_SEQ_MAX;
}

/* Takes at `clients` kiosks for the phase's seconds; -1 if no qhalld. */
static int phase_takes(const struct options *o, struct scratch *s, int clients,
                       struct result *r, struct qhalld *q)
{
	struct load_run run = {.scratch = s,
	                       .clients = clients,
	                       .seconds = o->seconds,
	                       .limit = phase_cap(s)};
	char name[32];

	snprintf(name, sizeof name, "takes-%d", clients);
	if (phase_daemon(o, s, name, q))
		return -1;
	run.addr = &q->addr;
	load_takes(&run);
	qhalld_sample(q);
	phase_stop(q);
	*r = run.res;
	snprintf(r->name, sizeof r->name, "take, %d kiosk%s", clients,
	         report_s(clients));
	if (run.capped)
		report_note("Takes at %d kiosk%s stopped at the daily caps "
		            "(%lld tickets) after %.1f s.",
		            clients, report_s(clients), (long long)run.limit,
		            (double)r->elapsed_ns / 1e9);
	return 0;
}

/*
 * Tickets for the windows to call: as many as the kiosks took in a phase,
 * which is at least twice what the windows can call in one (a call and a
 * finish each cost about a take), within the daily caps.
 */
static int64_t phase_prefill_count(const struct options *o,
                                   const struct scratch *s, double take_rate)
{
	int64_t n = (int64_t)(take_rate * o->seconds);

	if (n < PHASE_MIN_PREFILL)
		n = PHASE_MIN_PREFILL;
	return n < phase_cap(s) ? n : phase_cap(s);
}

/*
 * Pre-fill the queues with the kiosks, not a figure of the table, then
 * restart the daemon on the same folder so that its figures (commits,
 * memory) are those of the calls alone; -1 if it won't start again.
 */
static int phase_prefill(const struct options *o, struct scratch *s,
                         struct qhalld *q, double take_rate)
{
	struct load_run run = {.addr = &q->addr,
	                       .scratch = s,
	                       .clients = o->kiosks,
	                       .limit = phase_prefill_count(o, s, take_rate)};
	char data[PATH_MAX];

	load_takes(&run);
	report_note("Before the calls, %d kiosk%s took %lld tickets in %.1f s "
	            "(no displays yet), then restarted qhalld.",
	            o->kiosks, report_s(o->kiosks), (long long)run.res.ops,
	            (double)run.res.elapsed_ns / 1e9);
	snprintf(data, sizeof data, "%s", q->data);
	phase_stop(q);
	return qhalld_start(q, o->qhalld, data);
}

/* Call and finish while the displays watch; -1 if no qhalld. */
static int phase_calls(const struct options *o, struct scratch *s,
                       double take_rate, struct result *call,
                       struct result *finish, struct result *delay,
                       struct qhalld *q)
{
	struct windows_run run = {.windows = o->windows, .seconds = o->seconds};
	struct callboard board;
	struct displays *ds;

	if (phase_daemon(o, s, "calls", q) || phase_prefill(o, s, q, take_rate))
		return -1;
	callboard_init(&board, s, o->windows);
	ds = displays_open(&q->addr, o->displays, &board);
	displays_start(ds);
	run.addr = &q->addr;
	run.board = &board;
	windows_run(&run);
	displays_finish(ds, run.called, delay);
	qhalld_sample(q);
	displays_close(ds);
	phase_stop(q);
	callboard_free(&board);

	*call = run.call;
	*finish = run.finish;
	snprintf(call->name, sizeof call->name,
	         "call, %d window%s, %d display%s", o->windows,
	         report_s(o->windows), o->displays, report_s(o->displays));
	snprintf(finish->name, sizeof finish->name,
	         "finish, %d window%s, %d display%s", o->windows,
	         report_s(o->windows), o->displays, report_s(o->displays));
	snprintf(delay->name, sizeof delay->name,
	         "call sent -> event at display");
	if (run.ran_dry)
		report_note("The windows called every pre-filled ticket after "
		            "%.1f s and stopped early.",
		            (double)run.call.elapsed_ns / 1e9);
	return 0;
}

/* The daemons' batching and memory, one line per phase. */
static void phase_daemons(const struct options *o, const struct qhalld *one,
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
static void phase_window_load(const struct result *call,
                              const struct result *finish, struct result *both)
{
	*both = *call;
	snprintf(both->name, sizeof both->name, "call + finish");
	both->ops += finish->ops;
	stats_merge(&both->lat, &finish->lat);
}

/* The figures of this table that the targets need. */
static void phase_figures(const struct options *o, const struct result *base,
                          const struct result *take1,
                          const struct result *takes,
                          const struct result *delay, struct figures *f)
{
	f->sqlite_rate = result_rate(base);
	f->take1_rate = result_rate(take1);
	f->take1_p50 = stats_percentile_us(&take1->lat, 0.50);
	f->takes_rate = result_rate(takes);
	f->takes_p50 = stats_percentile_us(&takes->lat, 0.50);
	f->kiosks = o->kiosks;
	f->displays = o->displays;
	f->delay_p99 = stats_percentile_us(&delay->lat, 0.99);
}

/* Every load phase in order, one table; -1 if a qhalld would not start. */
int phase_load(const struct options *o, struct scratch *s, struct figures *f)
{
	struct result base = {0}, take1 = {0}, takes = {0};
	struct result call = {0}, finish = {0}, both, delay = {0};
	struct qhalld one = {0}, many = {0}, calls = {0};

	report_section("load");
	/* %9s: "µ" takes two bytes but one column. */
	printf("%-40s %7s %9s %9s %9s %9s\n", "figure", "clients", "count",
	       "per s", "p50 µs", "p99 µs");
	baseline_run(s, o->seconds, &base);
	report_row(&base, 1);
	if (phase_takes(o, s, 1, &take1, &one))
		return -1;
	report_row(&take1, 1);
	if (phase_takes(o, s, o->kiosks, &takes, &many))
		return -1;
	report_row(&takes, 1);
	if (phase_calls(o, s, result_rate(&takes), &call, &finish, &delay,
	                &calls))
		return -1;
	report_row(&call, 1);
	report_row(&finish, 1);
	phase_window_load(&call, &finish, &both);
	report_row(&both, 1);
	report_row(&delay, 0);
	if (o->displays > 0)
		report_note(
		    "The call -> display delay runs from just before a window "
		    "sends \"call\" to a display reading the \"called\" "
		    "event: it includes the call's own durable commit.");
	report_flush_notes();
	phase_daemons(o, &one, &many, &calls);
	phase_figures(o, &base, &take1, &takes, &delay, f);
	return 0;
}
