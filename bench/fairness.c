/*
 * Hostile clients must not hurt the good ones. One kiosk takes tickets
 * throughout, while the hostile clients (hostile.c) are switched on and
 * off in turns of half a second; its latency in the quiet turns is
 * compared with that in the hostile ones. The quiet turns split in two
 * halves, one against the other, show how much the figure moves by
 * itself: the noise to judge the difference by. Afterwards the hall must
 * hold exactly the kiosk's tickets: nothing hostile got in.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "proto.h"
#include "ticket.h"

#define FAIRNESS_TURN_MS   500
#define FAIRNESS_SETTLE_MS 50 /* after a switch, before timing again */
#define FAIRNESS_STUCK_MS  5000

struct fairness {
	struct client *kiosk;
	const struct scratch *scratch;
	long long taken, cap;
	struct stats quiet[2], hostile;
	int64_t quiet_ns, hostile_ns;
};

/* Take tickets for ms; time them into st if st is not NULL. */
static int fairness_take(struct fairness *fr, int ms, struct stats *st)
{
	int64_t end = stats_now() + (int64_t)ms * 1000000;
	struct qerr err = {0};

	while (stats_now() < end && fr->taken < fr->cap) {
		const char *q =
		    fr->scratch->queues[fr->taken % fr->scratch->nqueues];
		json_t *result = NULL;
		int64_t t0 = stats_now();

		if (client_call(fr->kiosk, "take",
		                json_pack("{s:s}", "queue", q), &result,
		                &err)) {
			report_failure("good take", &err);
			return -1;
		}
		if (st)
			stats_add(st, stats_now() - t0);
		json_decref(result);
		fr->taken++;
	}
	return 0;
}

/* Turns quiet and hostile in alternation, 2 x seconds in all. */
static int fairness_turns(const struct options *o, struct fairness *fr,
                          struct hostile *h)
{
	int turns = 2 * (o->seconds * 1000 / FAIRNESS_TURN_MS);

	for (int i = 0; i < turns; i++) {
		int on = i % 2;
		struct stats *st = on ? &fr->hostile : &fr->quiet[(i / 2) % 2];
		int64_t t0;

		hostile_set(h, on);
		if (fairness_take(fr, FAIRNESS_SETTLE_MS, NULL))
			return -1;
		t0 = stats_now();
		if (fairness_take(fr, FAIRNESS_TURN_MS, st))
			return -1;
		*(on ? &fr->hostile_ns : &fr->quiet_ns) += stats_now() - t0;
	}
	hostile_set(h, 0);
	return 0;
}

/* The hall holds exactly the good kiosk's tickets, all waiting. */
static void fairness_check(const struct qhalld *q, long long taken)
{
	struct client_hello admin = {.role = "admin", .device = "bench-check"};
	struct qerr err = {0};
	json_t *result = NULL, *queue;
	struct client *c = client_open(&q->addr, &admin, &err);
	long long waiting = 0;
	size_t i;

	if (c == NULL || client_call(c, "status", NULL, &result, &err)) {
		report_failure("status after the hostile clients", &err);
		client_free(c);
		return;
	}
	json_array_foreach(json_object_get(result, "queues"), i, queue)
	    waiting += json_integer_value(json_object_get(queue, "waiting"));
	if (waiting != taken) {
		qerr_set(&err, PROTO_E_PROTOCOL,
		         "%lld tickets wait, but the good kiosk took %lld",
		         waiting, taken);
		report_failure("hall after the hostile clients", &err);
	}
	json_decref(result);
	client_free(c);
}

/* Print the two rows, the noise, and keep the figures. */
static void fairness_report(const struct fairness *fr, const struct qhalld *q,
                            struct figures *f)
{
	struct result quiet = {.clients = 1}, hostile = {.clients = 1};
	double a = stats_percentile_us(&fr->quiet[0], 0.50);
	double b = stats_percentile_us(&fr->quiet[1], 0.50);

	snprintf(quiet.name, sizeof quiet.name, "take, 1 kiosk, quiet turns");
	stats_merge(&quiet.lat, &fr->quiet[0]);
	stats_merge(&quiet.lat, &fr->quiet[1]);
	quiet.ops = (int64_t)quiet.lat.count;
	quiet.elapsed_ns = fr->quiet_ns;
	snprintf(hostile.name, sizeof hostile.name,
	         "take, 1 kiosk, hostile turns");
	hostile.lat = fr->hostile;
	hostile.ops = (int64_t)hostile.lat.count;
	hostile.elapsed_ns = fr->hostile_ns;
	printf("\n%-40s %7s %9s %9s %9s %9s\n", "figure", "clients", "count",
	       "per s", "p50 µs", "p99 µs");
	report_row(&quiet, 1);
	report_row(&hostile, 1);
	f->quiet_p50 = stats_percentile_us(&quiet.lat, 0.50);
	f->quiet_p99 = stats_percentile_us(&quiet.lat, 0.99);
	f->hostile_p50 = stats_percentile_us(&hostile.lat, 0.50);
	f->hostile_p99 = stats_percentile_us(&hostile.lat, 0.99);
	f->noise = fabs(a - b) / ((a + b) / 2);
	report_note("Noise: the two halves of the quiet turns differ by "
	            "%.1f %% at p50. qhalld logged %ld warnings (about the "
	            "hostile clients); VmHWM %ld kB.",
	            100 * f->noise, q->warnings, q->hwm_kib);
	report_flush_notes();
}

/* The hostile phase; -1 if its qhalld would not start. */
int fairness_run(const struct options *o, struct scratch *s, struct figures *f)
{
	struct client_hello hello = {.role = "kiosk", .device = "bench-good"};
	struct qhalld_how how = {.quiet = 1};
	struct fairness fr = {.scratch = s};
	struct qerr err = {0};
	struct qhalld q;
	struct hostile *h;
	char data[PATH_MAX];
	int rc;

	report_section("hostile clients: one good kiosk, hostile clients "
	               "switched on and off in turns");
	if (hostile_ops_load(o->qhalld, &err)) {
		report_failure("the op table", &err);
		return -1;
	}
	if (scratch_folder(s, "hostile", data, sizeof data) ||
	    qhalld_launch(&q, o->qhalld, data, &how))
		return -1;
	fr.cap = (long long)s->nqueues * TICKET_SEQ_MAX;
	if ((fr.kiosk = client_open(&q.addr, &hello, &err)) == NULL) {
		report_failure("good kiosk hello", &err);
		qhalld_stop(&q);
		return -1;
	}
	/* A good take that waits this long means qhalld is stuck. */
	client_set_timeout(fr.kiosk, FAIRNESS_STUCK_MS);
	h = hostile_start(&q.addr, o->hostile_rate, o->hostile_skip);
	rc = fairness_turns(o, &fr, h);
	hostile_stop(h);
	if (rc == 0)
		fairness_check(&q, fr.taken);
	qhalld_sample(&q);
	client_free(fr.kiosk);
	if (qhalld_stop(&q)) {
		qerr_set(&err, PROTO_E_IO, "qhalld did not stop cleanly");
		report_failure("qhalld after the hostile clients", &err);
	}
	if (fr.taken >= fr.cap)
		report_note("The good kiosk reached the daily caps and "
		            "stopped early.");
	if (rc == 0)
		fairness_report(&fr, &q, f);
	else
		report_note("qhalld stopped answering the good kiosk: no "
		            "figures from this phase.");
	report_flush_notes();
	return rc;
}
