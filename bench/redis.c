/*
 * The durable Redis baseline: scripts/bench.sh starts redis-server with
 * appendonly yes and appendfsync always on the same disk, takes a ticket
 * as a Lua script (INCR + RPUSH) with redis-benchmark at 1 and at many
 * clients, and writes one line per run:
 *
 *     CLIENTS REQUESTS REQUESTS_PER_S P50_MS P99_MS
 *
 * Here those lines become rows of the output and figures for the targets.
 */
#include <stdio.h>

#include "bench.h"

/* Read the Redis figures in path; -1 (said why) if it can't be read. */
int redis_load(const char *path, struct figures *f)
{
	FILE *in = fopen(path, "r");
	char line[256], name[64];
	int clients, rows = 0;
	long long requests;
	double rate, p50, p99;

	if (in == NULL) {
		perror(path);
		return -1;
	}
	report_section("durable Redis (appendfsync always), a take = Lua "
	               "INCR + RPUSH, by redis-benchmark");
	printf("%-40s %7s %9s %9s %9s %9s\n", "figure", "clients", "count",
	       "per s", "p50 µs", "p99 µs");
	while (fgets(line, sizeof line, in)) {
		if (sscanf(line, "%d %lld %lf %lf %lf", &clients, &requests,
		           &rate, &p50, &p99) != 5)
			continue;
		snprintf(name, sizeof name, "Redis take, %d client%s", clients,
		         report_s(clients));
		report_row_values(name, clients, requests, rate, p50 * 1000,
		                  p99 * 1000);
		if (clients == 1) {
			f->redis1_rate = rate;
			f->redis1_p50 = p50 * 1000;
		} else {
			f->redisk = clients;
			f->redisk_rate = rate;
			f->redisk_p50 = p50 * 1000;
		}
		rows++;
	}
	fclose(in);
	if (rows == 0) {
		fprintf(stderr, "qhall-bench: no Redis figures in %s\n", path);
		return -1;
	}
	return 0;
}
