/*
 * Windows: each a thread with its own connection as window N, calling the
 * next citizen and finishing at once, over and over. The time just before
 * each "call" goes on the callboard for the displays to match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "proto.h"
#include "xmalloc.h"

struct windows_worker {
	pthread_t thread;
	struct windows_run *run;
	struct crew *crew;
	int number;
	int dry; /* a call found nobody waiting */
	int64_t calls, finishes, called, end;
	struct stats call, finish;
};

/*
 * Call the next citizen: the ticket's slot on the callboard, 0 if nobody
 * waits, -1 if the request failed.
 */
static int windows_call(struct windows_worker *w, struct client *c)
{
	struct qerr err = {0};
	json_t *result = NULL;
	const char *number;
	int64_t t0 = stats_now();
	int slot;

	callboard_sending(w->run->board, w->number, t0);
	if (client_call(c, "call", NULL, &result, &err)) {
		stats_add(&w->call, stats_now() - t0);
		report_failure("call", &err);
		return -1;
	}
	w->end = stats_now();
	stats_add(&w->call, w->end - t0);
	w->calls++;
	number = json_string_value(
	    json_object_get(json_object_get(result, "ticket"), "number"));
	if (number == NULL) {
		json_decref(result);
		return 0;
	}
	slot = callboard_slot(w->run->board, number, strlen(number));
	if (slot < 0) {
		qerr_set(&err, PROTO_E_PROTOCOL,
		         "call named a ticket of no queue of ours: %s", number);
		report_failure("call", &err);
	} else {
		callboard_called(w->run->board, slot, t0);
		w->called++;
	}
	json_decref(result);
	return slot < 0 ? -1 : slot;
}

/* Finish the citizen at the counter; 0 when the daemon said ok. */
static int windows_finish(struct windows_worker *w, struct client *c)
{
	struct qerr err = {0};
	json_t *result = NULL;
	int64_t t0 = stats_now();

	if (client_call(c, "finish", NULL, &result, &err)) {
		stats_add(&w->finish, stats_now() - t0);
		report_failure("finish", &err);
		return -1;
	}
	w->end = stats_now();
	stats_add(&w->finish, w->end - t0);
	w->finishes++;
	json_decref(result);
	return 0;
}

/* One window's thread: connect as window N, then call and finish. */
static void *windows_main(void *arg)
{
	struct windows_worker *w = arg;
	struct qerr err = {0};
	char device[32];
	struct client_hello hello = {
	    .role = "window", .device = device, .window = w->number};
	struct client *c;

	snprintf(device, sizeof device, "bench-window-%d", w->number);
	c = client_open(w->run->addr, &hello, &err);
	if (c == NULL)
		report_failure("window hello", &err);
	crew_wait(w->crew);
	while (c != NULL && crew_running(w->crew)) {
		int slot = windows_call(w, c);
		if (slot == 0) {
			/* Nobody waits: the pre-fill ran out; all stop. */
			w->dry = 1;
			atomic_store(&w->crew->stop, 1);
			break;
		}
		if (slot > 0)
			windows_finish(w, c);
	}
	client_free(c);
	return NULL;
}

/* Run the windows for run->seconds and fill run->call and run->finish. */
void windows_run(struct windows_run *run)
{
	struct windows_worker *ws = xcalloc((size_t)run->windows, sizeof *ws);
	struct crew crew;
	int64_t end = 0;

	crew_init(&crew, run->windows);
	for (int i = 0; i < run->windows; i++) {
		ws[i] = (struct windows_worker){
		    .run = run, .crew = &crew, .number = i + 1};
		if (pthread_create(&ws[i].thread, NULL, windows_main, &ws[i]) !=
		    0) {
			/* The barrier counts on every thread: give up. */
			fprintf(stderr, "qhall-bench: cannot start thread %d\n",
			        i + 1);
			_exit(1);
		}
	}
	crew_start(&crew, run->seconds);
	for (int i = 0; i < run->windows; i++) {
		pthread_join(ws[i].thread, NULL);
		run->call.ops += ws[i].calls;
		run->finish.ops += ws[i].finishes;
		run->called += ws[i].called;
		run->ran_dry |= ws[i].dry;
		stats_merge(&run->call.lat, &ws[i].call);
		stats_merge(&run->finish.lat, &ws[i].finish);
		if (ws[i].end > end)
			end = ws[i].end;
	}
	run->call.clients = run->finish.clients = run->windows;
	run->call.elapsed_ns = run->finish.elapsed_ns =
	    end > crew.start ? end - crew.start : 0;
	crew_destroy(&crew);
	free(ws);
}
