/*
 * Do alerts stay cheap when many citizens wait? Two halls side by side,
 * one with ALERTS_SMALL tickets waiting today and one with ALERTS_LARGE,
 * written through the daemon's own store as history is (history-db.c).
 * Then, at one admin client, the alerts op (the daemon looks at every
 * queue's longest wait and length and every window, then lists what
 * stands) in rounds that alternate between the two halls, so whatever
 * else the machine does falls on both alike. The figure is the ratio of
 * the two p50s: the small hall is the baseline.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "proto.h"
#include "store.h"
#include "ticket.h"

#define ALERTS_SMALL 100
#define ALERTS_LARGE 100000
#define ALERTS_ROUND 100 /* looks at one hall before switching */

struct alerts_hall {
	long long waiting;
	char data[PATH_MAX];
	struct qhalld q;
	struct client *admin;
	struct stats look;
};

/*
 * n tickets waiting in the bench's queues, in turn: a day holds 999 of a
 * queue, so those beyond wait from days before (never expired: the day
 * roll is not asked for), which is all the same to the look.
 */
static int alerts_fill(const char *path, const struct scratch *s, long long n,
                       struct qerr *err)
{
	char today[TICKET_DAY_LEN + 1] = "";
	struct store *st = store_open(path, err);
	int64_t now = ticket_now_ms();
	int rc = -1;

	if (st == NULL)
		return -1;
	/* The day qhalld began when it made the file: its tickets wait. */
	store_setting_get(st, "day", today, sizeof today);
	if (store_set_durable(st, 0, err) || store_batch_begin(st, err))
		goto out;
	for (long long i = 0; i < n; i++) {
		const char *queue = s->queues[i % s->nqueues];
		long long k = i / s->nqueues, block = k / 999;
		struct ticket t;

		memset(&t, 0, sizeof t);
		ticket_number_format(t.number, sizeof t.number, queue,
		                     (int)(k % 999) + 1);
		if (block == 0) {
			snprintf(t.day, sizeof t.day, "%s", today);
		} else {
			char past[32];
			snprintf(past, sizeof past, "2001-%02d-%02d",
			         (int)(block / 28 % 12) + 1,
			         (int)(block % 28) + 1);
			snprintf(t.day, sizeof t.day, "%.10s", past);
		}
		snprintf(t.queue, sizeof t.queue, "%s", queue);
		t.klass = TICKET_CLASS_NORMAL;
		t.state = TICKET_WAITING;
		t.taken_at = t.order_at = now - (n - i) * 10;
		t.printed = 1;
		memset(t.key, 'k', TICKET_KEY_LEN);
		if (store_ticket_insert(st, &t, NULL, NULL, err))
			goto out;
	}
	rc = store_batch_commit(st, err);
out:
	store_close(st);
	return rc;
}

/*
 * Thresholds that raise the same alerts in both halls (each queue over
 * its length), so the two lists are alike and only the waiting differ;
 * every queue's longest wait is still looked up, whatever its threshold.
 */
static int alerts_config(const char *data)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof path, "%s/qhall.conf", data);
	if ((f = fopen(path, "w")) == NULL) {
		struct qerr err = {0};
		qerr_set(&err, PROTO_E_IO, "cannot write %s", path);
		report_failure("alerts", &err);
		return -1;
	}
	fputs("[alerts]\nqueue_length = 5\nwait_min = 0\n", f);
	return fclose(f) == 0 ? 0 : -1;
}

/* The hall's folder, its schema made by qhalld, its waiting, its qhalld. */
static int alerts_open(const struct options *o, struct scratch *s,
                       struct alerts_hall *h)
{
	struct client_hello admin = {.role = "admin", .device = "bench-alerts"};
	char name[64], db[PATH_MAX + 16];
	struct qerr err = {0};

	snprintf(name, sizeof name, "alerts-%lld", h->waiting);
	snprintf(db, sizeof db, "%s/qhall.db", h->data);
	if (scratch_folder(s, name, h->data, sizeof h->data) ||
	    qhalld_start(&h->q, o->qhalld, h->data) || qhalld_stop(&h->q))
		return -1;
	snprintf(db, sizeof db, "%s/qhall.db", h->data);
	if (alerts_fill(db, s, h->waiting, &err)) {
		report_failure("alerts: waiting tickets", &err);
		return -1;
	}
	if (alerts_config(h->data))
		return -1;
	if (qhalld_start(&h->q, o->qhalld, h->data))
		return -1;
	h->admin = client_open(&h->q.addr, &admin, &err);
	if (h->admin == NULL)
		report_failure("alerts: admin hello", &err);
	return h->admin ? 0 : -1;
}

/* Alternate the halls, each round in the other order than the last. */
static int alerts_measure(const struct options *o, struct alerts_hall *h)
{
	for (int done = 0, r = 0; done < o->samples; r++) {
		int n = o->samples - done < ALERTS_ROUND ? o->samples - done
		                                         : ALERTS_ROUND;
		for (int k = 0; k < 2; k++)
			if (probe_ops(h[(k + r) % 2].admin, "alerts", n,
			              &h[(k + r) % 2].look))
				return -1;
		done += n;
	}
	return 0;
}

static void alerts_report(struct alerts_hall *h)
{
	double p50[2];

	printf("%-40s %7s %9s %9s %9s %9s\n", "figure", "clients", "count",
	       "per s", "p50 µs", "p99 µs");
	for (int i = 0; i < 2; i++) {
		struct result r = {.clients = 1};
		snprintf(r.name, sizeof r.name, "alerts, %lld waiting",
		         h[i].waiting);
		r.ops = (int64_t)h[i].look.count;
		r.lat = h[i].look;
		report_row(&r, 0);
		p50[i] = stats_percentile_us(&h[i].look, 0.50);
	}
	report_target("alerts p50, large / small waiting", p50[1] / p50[0], "x",
	              "<=", 1.5);
}

/* The alerts phase; -1 if a hall could not be built or started. */
int alerts_run(const struct options *o, struct scratch *s, struct figures *f)
{
	struct alerts_hall h[2];
	int rc = 0;
	(void)f;

	report_section("alerts: the daemon's look at every queue and window, "
	               "few and many waiting, measured in turns");
	memset(h, 0, sizeof h);
	h[0].waiting = ALERTS_SMALL;
	h[1].waiting = ALERTS_LARGE;
	for (int i = 0; i < 2 && rc == 0; i++)
		rc = alerts_open(o, s, &h[i]);
	if (rc == 0)
		rc = alerts_measure(o, h);
	for (int i = 0; i < 2; i++) {
		client_free(h[i].admin);
		if (h[i].q.pid > 0)
			qhalld_stop(&h[i].q);
	}
	if (rc == 0)
		alerts_report(h);
	return rc;
}
