/*
 * qhall-bench's parts, shared by its files. main.c runs the phases asked
 * for; each part below owns one concern: the options, the scratch
 * folders, the daemon under test, the SQLite baseline, the Redis figures,
 * the kiosks, the windows, the displays, the matching of calls to display
 * events, the history, instructions under callgrind, the hostile clients,
 * the figures, the targets and the printed report.
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
enum phase {
	PHASE_LOAD = 1 << 0,      /* baseline, takes, calls, displays, memory */
	PHASE_HISTORY = 1 << 1,   /* call and status, small vs large history */
	PHASE_CALLGRIND = 1 << 2, /* instructions per take */
	PHASE_HOSTILE = 1 << 3,   /* a good client among hostile ones */
	PHASE_ALERTS = 1 << 4,    /* the alerts' look, few vs many waiting */
};

struct options {
	char qhalld[PATH_MAX];
	char dir[PATH_MAX];   /* the scratch folder is made inside it */
	char redis[PATH_MAX]; /* Redis figures from scripts/bench.sh, or "" */
	char store[512]; /* a PostgreSQL server to keep each hall in, or "" */
	int kiosks, windows, displays, seconds;
	int phases;           /* enum phase, or'ed */
	long long history[2]; /* tickets of history: small, large */
	int samples;          /* requests per history figure */
	int takes;            /* takes counted under callgrind */
	int hostile_rate;     /* acts per second of each hostile client */
	int hostile_skip;     /* hostile kinds left out, by bit */
	int keep;             /* leave the scratch folder for a look */
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

/*
 * What the targets are judged on, gathered from the phases; NAN where a
 * phase did not run.
 */
struct figures {
	double sqlite_rate;           /* baseline commits/s */
	double take1_rate, take1_p50; /* 1 kiosk; µs */
	double takes_rate, takes_p50; /* K kiosks */
	int kiosks, displays;
	double delay_p99;               /* call -> display, µs */
	double redis1_rate, redis1_p50; /* Redis at 1 client */
	double redisk_rate, redisk_p50; /* Redis at redisk clients */
	int redisk;
	long long hist_small, hist_large;    /* tickets of history */
	double hist_call[2], hist_status[2]; /* p50 µs, small and large */
	double ir_take1, ir_takes;           /* instructions per take */
	double quiet_p50, quiet_p99, hostile_p50, hostile_p99, noise;
};

void figures_init(struct figures *);

/* report.c */
struct qhalld;

const char *report_s(int n);
void report_header(const struct options *, const char *scratch);
void report_row(const struct result *, int with_rate);
void report_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_flush_notes(void);
void report_row_values(const char *name, int clients, long long count,
                       double rate, double p50_us, double p99_us);
void report_section(const char *title);
void report_value(const char *what, double value, const char *unit);
void report_target(const char *what, double value, const char *unit,
                   const char *op, double target);
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
	/* --store: each folder's hall in a database of its own on this
	 * server (base URL, without a database); "": the SQLite file. */
	char store[512];
	char url[640]; /* the last folder's database, "" on SQLite */
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
	int quiet;                   /* count its warnings, don't echo them */
	int stop_ms;                 /* after SIGTERM, wait this long */
	long warnings;               /* counted when quiet */
	int64_t ready_ns;            /* from start until it answered */
};

/* How to start it: under another program, how long to wait, how loud. */
struct qhalld_how {
	const char *const *wrapper; /* argv before qhalld's, or NULL */
	int start_ms;               /* 0: the default, 10 s */
	int stop_ms;                /* 0: the default, 10 s */
	int quiet;
};

int qhalld_start(struct qhalld *, const char *binary, const char *data);
int qhalld_launch(struct qhalld *, const char *binary, const char *data,
                  const struct qhalld_how *);
void qhalld_sample(struct qhalld *);
int qhalld_stop(struct qhalld *);

/* baseline.c */
int baseline_run(const struct scratch *, int seconds, struct result *);

/* redis.c: the durable Redis baseline, measured by scripts/bench.sh */
int redis_load(const char *path, struct figures *);

/* crew.c: worker threads that start together and stop together */
struct crew {
	pthread_barrier_t ready, go;
	int64_t start, deadline; /* written before go, read after */
	atomic_int stop;
	void (*at_go)(void *); /* if set, run once all are connected */
	void *at_go_arg;
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
	int capped;            /* stopped by limit, not by time */
	void (*at_go)(void *); /* if set, run once every kiosk connected */
	void *at_go_arg;
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

/* phase.c: the load phases, one table */
int phase_load(const struct options *, struct scratch *, struct figures *);

/* probe.c: one client, one request at a time, each timed */
int probe_ops(struct client *, const char *op, int count, struct stats *);
int probe_call_finish(struct client *, int count, struct stats *call,
                      struct stats *finish);

/* history-db.c: years of done tickets written straight into qhall.db */
int history_db_build(const char *path, const struct scratch *, long long n,
                     double *seconds);

/* history.c: call and status with a small and a large history */
int history_run(const struct options *, struct scratch *, struct figures *);
/* alerts.c */
int alerts_run(const struct options *, struct scratch *, struct figures *);

/* callgrind.c: instructions per take */
int callgrind_run(const struct options *, struct scratch *, struct figures *);

/* rawsock.c: a connection that speaks no protocol for us */
struct rawsock {
	int fd; /* -1: closed */
	size_t len;
	char buf[8192];
};

int rawsock_open(struct rawsock *, const struct client_addr *);
int rawsock_send(struct rawsock *, const char *data, size_t len,
                 int timeout_ms);
int rawsock_line(struct rawsock *, char *out, size_t size, int timeout_ms);
void rawsock_close(struct rawsock *);

/* hostile-lines.c: bad requests, made up as they go */
uint64_t hostile_random(uint64_t *rng);
size_t hostile_garbage(uint64_t *rng, int said_hello, char *out, size_t size);
size_t hostile_forbidden(uint64_t *rng, const char *role, int window, char *out,
                         size_t size);

/* hostile-ops.c: what each role may not ask, from qhalld --ops-json */
int hostile_ops_load(const char *qhalld, struct qerr *);
const char *hostile_ops_forbidden(uint64_t *rng, const char *role);

/* hostile-stream.c: a client that asks for the catalog non-stop */
#define HOSTILE_STREAM_MAX 256 /* requests in one burst, at most */
int hostile_stream_burst(struct rawsock *, int n, int timeout_ms,
                         long long *replies);

/* hostile.c: clients that break every rule, switched on and off */
struct hostile;

int hostile_kinds(const char *list, int *mask);
struct hostile *hostile_start(const struct client_addr *, int rate, int skip);
void hostile_set(struct hostile *, int on);
void hostile_stop(struct hostile *);

/* fairness.c: a good client's latency with and without hostile clients */
int fairness_run(const struct options *, struct scratch *, struct figures *);

/* targets.c */
void targets_print(const struct figures *);

#endif
