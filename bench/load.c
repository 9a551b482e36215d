/*
 * Kiosks: each a thread with its own connection, taking tickets as fast as
 * it can with one request outstanding at a time. One shared counter deals
 * out the queues round robin, so every queue gets the same share and no
 * queue reaches its daily cap before the limit says stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "xmalloc.h"

struct load_kiosk {
	pthread_t thread;
	struct load_run *run;
	struct crew *crew;
	atomic_llong *issued;
	int number;
	int64_t ops, end;
	struct stats lat;
};

/* Take one ticket; 0 when the daemon said ok. */
static int load_take(struct client *c, const char *queue)
{
	struct qerr err = {0};
	json_t *result = NULL;

	if (client_call(c, "take", json_pack("{s:s}", "queue", queue), &result,
	                &err)) {
		report_failure("take", &err);
		return -1;
	}
	json_decref(result);
	return 0;
}

/* One kiosk's thread: connect, wait for the start, take until told. */
static void *load_kiosk_main(void *arg)
{
	struct load_kiosk *k = arg;
	struct load_run *run = k->run;
	struct qerr err = {0};
	char device[32];
	struct client_hello hello = {.role = "kiosk", .device = device};
	struct client *c;

	snprintf(device, sizeof device, "bench-kiosk-%d", k->number);
	c = client_open(run->addr, &hello, &err);
	if (c == NULL)
		report_failure("kiosk hello", &err);
	crew_wait(k->crew);
	while (c != NULL && crew_running(k->crew)) {
		long long n = atomic_fetch_add(k->issued, 1);
		const struct scratch *s = run->scratch;
		int64_t t0;

		if (n >= run->limit) {
			atomic_store(&k->crew->stop, 1);
			break;
		}
		t0 = stats_now();
		if (load_take(c, s->queues[n % s->nqueues]) == 0)
			k->ops++;
		k->end = stats_now();
		stats_add(&k->lat, k->end - t0);
	}
	client_free(c);
	return NULL;
}

/* Run the kiosks and fill run->res. */
void load_takes(struct load_run *run)
{
	struct load_kiosk *ks = xcalloc((size_t)run->clients, sizeof *ks);
	atomic_llong issued;
	struct crew crew;
	int64_t end = 0;

	atomic_init(&issued, 0);
	crew_init(&crew, run->clients);
	crew.at_go = run->at_go;
	crew.at_go_arg = run->at_go_arg;
	for (int i = 0; i < run->clients; i++) {
		ks[i] = (struct load_kiosk){.run = run,
		                            .crew = &crew,
		                            .issued = &issued,
		                            .number = i + 1};
		if (pthread_create(&ks[i].thread, NULL, load_kiosk_main,
		                   &ks[i]) != 0) {
			/* The barrier counts on every thread: give up. */
			fprintf(stderr, "qhall-bench: cannot start thread %d\n",
			        i + 1);
			_exit(1);
		}
	}
	crew_start(&crew, run->seconds);
	for (int i = 0; i < run->clients; i++) {
		pthread_join(ks[i].thread, NULL);
		run->res.ops += ks[i].ops;
		stats_merge(&run->res.lat, &ks[i].lat);
		if (ks[i].end > end)
			end = ks[i].end;
	}
	run->res.clients = run->clients;
	run->res.elapsed_ns = end > crew.start ? end - crew.start : 0;
	run->capped = atomic_load(&issued) > run->limit;
	crew_destroy(&crew);
	free(ks);
}
