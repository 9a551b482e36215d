/*
 * Does history slow the hall down? Two halls side by side, one with a
 * small history and one with a large one (1,000 and 5,000,000 done tickets
 * of past days by default), each with the same tickets taken today and
 * waiting. Then, at one client, `status` and `call` + `finish`, in rounds
 * that alternate between the two halls, so that whatever else the machine
 * is doing falls on both alike.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

#define HISTORY_ROUND 100 /* requests of one kind before switching hall */

struct history_hall {
	long long tickets;
	char data[PATH_MAX];
	struct qhalld q;
	double build_s;
	long long bytes;
	struct client *display, *window;
	struct stats status, call, finish;
};

/* The hall's folder, its schema made by qhalld, then the history. */
static int history_build(const struct options *o, struct scratch *s,
                         struct history_hall *h)
{
	char name[64], db[PATH_MAX + 16];
	struct stat st;

	snprintf(name, sizeof name, "history-%lld", h->tickets);
	if (scratch_folder(s, name, h->data, sizeof h->data) ||
	    qhalld_start(&h->q, o->qhalld, h->data) || qhalld_stop(&h->q))
		return -1;
	snprintf(db, sizeof db, "%s/qhall.db", h->data);
	if (s->url[0]) /* --store: the hall's database on the server */
		snprintf(db, sizeof db, "%s", s->url);
	if (history_db_build(db, s, h->tickets, &h->build_s))
		return -1;
	if (stat(db, &st) == 0)
		h->bytes = (long long)st.st_size;
	return 0;
}

/* Start the hall's qhalld, take today's waiting tickets, connect. */
static int history_open(const struct options *o, struct scratch *s,
                        struct history_hall *h)
{
	struct client_hello display = {.role = "display",
	                               .device = "bench-history-display"};
	struct client_hello window = {
	    .role = "window", .device = "bench-history-window", .window = 1};
	struct load_run take = {.scratch = s, .clients = 10};
	struct qerr err = {0};

	if (qhalld_start(&h->q, o->qhalld, h->data))
		return -1;
	take.addr = &h->q.addr;
	take.limit = o->samples + 10;
	load_takes(&take);
	h->display = client_open(&h->q.addr, &display, &err);
	if (h->display == NULL)
		report_failure("display hello", &err);
	h->window = client_open(&h->q.addr, &window, &err);
	if (h->window == NULL)
		report_failure("window hello", &err);
	return h->display && h->window ? 0 : -1;
}

/* One round: status, then call + finish, at one hall. */
static int history_round(struct history_hall *h, int n, int calls)
{
	if (calls)
		return probe_call_finish(h->window, n, &h->call, &h->finish);
	return probe_ops(h->display, "status", n, &h->status);
}

/* Alternate the halls, each round in the other order than the last. */
static int history_measure(const struct options *o, struct history_hall *h)
{
	for (int done = 0, r = 0; done < o->samples; r++) {
		int n = o->samples - done < HISTORY_ROUND ? o->samples - done
		                                          : HISTORY_ROUND;
		for (int k = 0; k < 4; k++) {
			struct history_hall *hall = &h[(k + r) % 2];
			if (history_round(hall, n, k >= 2))
				return -1;
		}
		done += n;
	}
	return 0;
}

/* A row of the table: one op at one hall. */
static void history_row(const char *op, const struct history_hall *h,
                        const struct stats *st)
{
	struct result r = {.clients = 1};

	snprintf(r.name, sizeof r.name, "%s, %lld tickets of history", op,
	         h->tickets);
	r.ops = (int64_t)st->count;
	r.lat = *st;
	report_row(&r, 0);
}

/* What building and starting each hall took, under the table. */
static void history_notes(const struct history_hall *h)
{
	for (int i = 0; i < 2; i++)
		report_note(
		    "%lld tickets of history: written in %.1f s "
		    "(%.0f a second), qhall.db %.0f MB, qhalld "
		    "answered %.2f s after its start, VmRSS %ld kB",
		    h[i].tickets, h[i].build_s,
		    h[i].build_s > 0 ? (double)h[i].tickets / h[i].build_s : 0,
		    (double)h[i].bytes / 1e6, (double)h[i].q.ready_ns / 1e9,
		    h[i].q.rss_kib);
	report_flush_notes();
}

/* Print the table and keep the p50s for the targets. */
static void history_report(struct history_hall *h, struct figures *f)
{
	printf("%-40s %7s %9s %9s %9s %9s\n", "figure", "clients", "count",
	       "per s", "p50 µs", "p99 µs");
	for (int i = 0; i < 2; i++)
		history_row("status", &h[i], &h[i].status);
	for (int i = 0; i < 2; i++)
		history_row("call", &h[i], &h[i].call);
	for (int i = 0; i < 2; i++)
		history_row("finish", &h[i], &h[i].finish);
	history_notes(h);
	f->hist_small = h[0].tickets;
	f->hist_large = h[1].tickets;
	for (int i = 0; i < 2; i++) {
		f->hist_status[i] = stats_percentile_us(&h[i].status, 0.50);
		f->hist_call[i] = stats_percentile_us(&h[i].call, 0.50);
	}
}

/* The history phase; -1 if a hall could not be built or started. */
int history_run(const struct options *o, struct scratch *s, struct figures *f)
{
	struct history_hall h[2];
	int rc = 0;

	report_section("history: one client at a time, a small and a large "
	               "history, measured in turns");
	memset(h, 0, sizeof h);
	for (int i = 0; i < 2; i++) {
		h[i].tickets = o->history[i];
		if (history_build(o, s, &h[i]))
			return -1;
	}
	for (int i = 0; i < 2 && rc == 0; i++)
		rc = history_open(o, s, &h[i]);
	if (rc == 0)
		rc = history_measure(o, h);
	for (int i = 0; i < 2; i++) {
		if (h[i].q.pid > 0)
			qhalld_sample(&h[i].q);
		client_free(h[i].display);
		client_free(h[i].window);
		if (h[i].q.pid > 0)
			qhalld_stop(&h[i].q);
	}
	if (rc == 0)
		history_report(h, f);
	return rc;
}
