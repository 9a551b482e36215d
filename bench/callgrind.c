/*
 * Instructions per take, counted by callgrind: a figure that stays put on
 * a noisy machine, unlike time. qhalld runs under valgrind with
 * instrumentation off; once the kiosks are connected and warmed up,
 * `callgrind_control -i on` starts the count, N takes run, `-i off` stops
 * it and `-d` dumps it to a file of its own. Twice: at one kiosk (every
 * take its own commit) and at many (takes share commits).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "proto.h"

#define CALLGRIND_START_MS 120000
#define CALLGRIND_WARM_UP  200

struct callgrind {
	struct qhalld q;
	char out[PATH_MAX + 32];
	int dumps; /* callgrind_control -d so far: OUT.1, OUT.2, ... */
	int failed;
};

/* Run `callgrind_control FLAG VALUE PID` and wait; -1 if it failed. */
static int callgrind_control(struct callgrind *cg, const char *flag,
                             const char *value)
{
	char pid[32];
	int status = 0;
	pid_t child;

	snprintf(pid, sizeof pid, "%ld", (long)cg->q.pid);
	child = fork();
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		if (value)
			execlp("callgrind_control", "callgrind_control", flag,
			       value, pid, (char *)NULL);
		else
			execlp("callgrind_control", "callgrind_control", flag,
			       pid, (char *)NULL);
		_exit(127);
	}
	while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (child < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		struct qerr err = {0};
		qerr_set(&err, PROTO_E_IO, "callgrind_control %s %s failed",
		         flag, value ? value : "");
		report_failure("callgrind", &err);
		cg->failed = 1;
		return -1;
	}
	return 0;
}

/* The crew's at_go hook: every kiosk is connected, start counting. */
static void callgrind_on(void *arg)
{
	callgrind_control(arg, "-i", "on");
}

/* The instructions counted in dump number n, or -1. */
static double callgrind_totals(const struct callgrind *cg, int n)
{
	char path[PATH_MAX + 48], line[256];
	long long total = -1;
	FILE *f;

	snprintf(path, sizeof path, "%s.%d", cg->out, n);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "totals: %lld", &total) == 1)
			break;
	fclose(f);
	return (double)total;
}

/*
 * Count `takes` takes at `clients` kiosks, warmed up first; the
 * instructions per take, or NAN.
 */
static double callgrind_stint(struct callgrind *cg, const struct scratch *s,
                              int clients, int takes)
{
	struct load_run warm = {.addr = &cg->q.addr,
	                        .scratch = s,
	                        .clients = clients,
	                        .limit = CALLGRIND_WARM_UP};
	struct load_run run = warm;
	double total;

	load_takes(&warm);
	run.limit = takes;
	run.at_go = callgrind_on;
	run.at_go_arg = cg;
	load_takes(&run);
	if (callgrind_control(cg, "-i", "off") ||
	    callgrind_control(cg, "-d", NULL))
		return NAN;
	cg->dumps++;
	total = callgrind_totals(cg, cg->dumps);
	if (total <= 0 || run.res.ops != takes) {
		struct qerr err = {0};
		qerr_set(&err, PROTO_E_IO,
		         "no count in %s.%d, or %lld of %d takes done", cg->out,
		         cg->dumps, (long long)run.res.ops, takes);
		report_failure("callgrind", &err);
		return NAN;
	}
	return total / takes;
}

/* The callgrind phase; -1 if qhalld would not start under valgrind. */
int callgrind_run(const struct options *o, struct scratch *s, struct figures *f)
{
	char data[PATH_MAX], out_arg[PATH_MAX + 64], log_arg[PATH_MAX + 64];
	const char *wrapper[] = {"valgrind",
	                         "--tool=callgrind",
	                         "--instr-atstart=no",
	                         out_arg,
	                         log_arg,
	                         NULL};
	struct qhalld_how how = {.wrapper = wrapper,
	                         .start_ms = CALLGRIND_START_MS,
	                         .stop_ms = CALLGRIND_START_MS};
	struct callgrind cg = {0};
	char what[96];

	report_section("instructions per take (callgrind, qhalld's process "
	               "only, SQLite and libraries included)");
	if (scratch_folder(s, "callgrind", data, sizeof data))
		return -1;
	snprintf(cg.out, sizeof cg.out, "%s/callgrind.out", data);
	snprintf(out_arg, sizeof out_arg, "--callgrind-out-file=%s", cg.out);
	snprintf(log_arg, sizeof log_arg, "--log-file=%s/valgrind.log", data);
	if (qhalld_launch(&cg.q, o->qhalld, data, &how))
		return -1;
	f->ir_take1 = callgrind_stint(&cg, s, 1, o->takes);
	f->ir_takes = callgrind_stint(&cg, s, o->kiosks, o->takes);
	qhalld_stop(&cg.q);
	snprintf(what, sizeof what, "instructions per take, 1 kiosk, %d takes",
	         o->takes);
	report_value(what, f->ir_take1, "Ir");
	snprintf(what, sizeof what,
	         "instructions per take, %d kiosk%s, %d takes", o->kiosks,
	         report_s(o->kiosks), o->takes);
	report_value(what, f->ir_takes, "Ir");
	return cg.failed ? -1 : 0;
}
