/*
 * The phases against the daemon. Each starts a qhalld of its own on a
 * fresh data folder (see scratch.c for why), runs its clients, samples the
 * daemon's memory while they are still connected, and stops it.
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
int phase_takes(const struct options *o, struct scratch *s, int clients,
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
int phase_calls(const struct options *o, struct scratch *s, double take_rate,
		struct result *call, struct result *finish,
		struct result *delay, struct qhalld *q)
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
