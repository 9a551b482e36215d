/*
 * qhall-bench's parts, shared by its files. main.c runs the phases in
 * order; each part below owns one concern: the options, the scratch
 * folders, the daemon under test, the SQLite baseline, the kiosks, the
 * windows, the displays, the matching of calls to display events, the
 * figures and the printed report.
 */
#ifndef QHALL_BENCH_H
#define QHALL_BENCH_H

#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "catalog.h"
#include "client.h"
#include "qerr.h"

/* options.c */
struct options {
	char qhalld[PATH_MAX];
	char dir[PATH_MAX]; /* the scratch folder is made inside it */
	int kiosks, windows, displays, seconds;
};

int options_parse(int argc, char **argv, struct options *);

/* stats.c: latencies in nanoseconds, in log-linear buckets (~1.6 %) */
#define STATS_SUB_BITS 6
#define STATS_SUB      (1 << STATS_SUB_BITS)
#define STATS_BUCKETS  (STATS_SUB * 40)

struct stats {
	uint64_t count;
	uint64_t bucket[STATS_BUCKETS];
};

int64_t stats_now(void);
void stats_add(struct stats *, int64_t ns);
void stats_merge(struct stats *into, const struct stats *from);
double stats_percentile_us(const struct stats *, double p);

/* One line of the table: what was done, by how many, how fast. */
struct result {
	char name[64];
	int clients;
	int64_t ops;
	int64_t elapsed_ns;
	struct stats lat;
};

double result_rate(const struct result *);

/* report.c */
struct qhalld;

const char *report_s(int n);
void report_header(const struct options *, const char *scratch);
void report_row(const struct result *, int with_rate);
void report_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_flush_notes(void);
void report_target(const char *what, double value, const char *unit,
		   double target, int at_least);
void report_daemon(const char *phase, const struct qhalld *);
void report_failure(const char *what, const struct qerr *);
long report_failures(void);

/* scratch.c */
struct scratch {
	char root[PATH_MAX];
	json_t *catalog; /* the bench's catalog, written into every folder */
	const char *queues[CATALOG_MAX_QUEUES]; /* prefixes, owned by it */
	int nqueues;
	int folders; /* made so far */
};

int scratch_make(struct scratch *, const char *parent, int windows);
int scratch_folder(struct scratch *, const char *name, char *out, size_t size);
void scratch_remove(struct scratch *);

/* qhalld.c */
struct qhalld {
	pid_t pid;
	char data[PATH_MAX];
	char log[PATH_MAX + 16];
	struct client_addr addr;
	long rss_kib, hwm_kib;       /* from /proc, by qhalld_sample() */
	long long requests, commits; /* from its last log line */
};

int qhalld_start(struct qhalld *, const char *binary, const char *data);
void qhalld_sample(struct qhalld *);
int qhalld_stop(struct qhalld *);

/* baseline.c */
int baseline_run(const struct scratch *, int seconds, struct result *);

/* crew.c: worker threads that start together and stop together */
struct crew {
	pthread_barrier_t ready, go;
	int64_t start, deadline; /* written before go, read after */
	atomic_int stop;
};

void crew_init(struct crew *, int workers);
void crew_start(struct crew *, int seconds);
void crew_wait(struct crew *);
int crew_running(struct crew *);
void crew_destroy(struct crew *);

/* load.c: kiosks taking tickets */
struct load_run {
	const struct client_addr *addr;
	const struct scratch *scratch; /* its queues, taken round robin */
	int clients;
	int seconds;   /* 0: until limit tickets are taken */
	int64_t limit; /* tickets at most, below the daily caps */
	struct result res;
	int capped; /* stopped by limit, not by time */
};

void load_takes(struct load_run *);

/* callboard.c: when each call was sent, for the displays to match */
struct callboard {
	const struct scratch *scratch;
	int windows;
	_Atomic int64_t *sent;    /* by ticket slot: its call's send time */
	_Atomic int64_t *pending; /* by window: its call in flight's */
};

void callboard_init(struct callboard *, const struct scratch *, int windows);
void callboard_free(struct callboard *);
int callboard_slot(const struct callboard *, const char *number, size_t len);
void callboard_sending(struct callboard *, int window, int64_t t);
void callboard_called(struct callboard *, int slot, int64_t t);
int64_t callboard_sent(struct callboard *, int window, int slot);

/* windows.c: window clients calling and finishing */
struct windows_run {
	const struct client_addr *addr;
	struct callboard *board;
	int windows;
	int seconds;
	struct result call, finish;
	int64_t called; /* calls that named a ticket */
	int ran_dry;    /* a call found nobody waiting */
};

void windows_run(struct windows_run *);

/* displays.c: subscribers timing "called" events */
struct displays;

struct displays *displays_open(const struct client_addr *, int n,
			       struct callboard *);
void displays_start(struct displays *);
void displays_finish(struct displays *, int64_t called, struct result *);
void displays_close(struct displays *);

/* phase.c */
int phase_takes(const struct options *, struct scratch *, int clients,
		struct result *, struct qhalld *);
int phase_calls(const struct options *, struct scratch *, double take_rate,
		struct result *call, struct result *finish,
		struct result *delay, struct qhalld *);

#endif
