/*
 * The daemon under test: our own child, started on a data folder (and, if
 * asked, under another program such as valgrind), known by its PID (never
 * by name), stopped with SIGTERM and waited for. Its log goes to
 * DATA/qhalld.log; its warnings are echoed to our stderr, or only counted
 * when the phase provokes them on purpose.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define QHALLD_START_MS 10000
#define QHALLD_STOP_MS  10000
#define QHALLD_ARGV_MAX 24

/* In the child: log to the file, die with the bench, become qhalld. */
static void qhalld_exec(const struct qhalld *q, const char *binary,
                        const char *const *wrapper, pid_t parent)
{
	int fd = open(q->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *argv[QHALLD_ARGV_MAX];
	int n = 0;

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	/* A bench killed mid-run must not leave a daemon behind. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	for (; wrapper && wrapper[n] && n < QHALLD_ARGV_MAX - 6; n++)
		argv[n] = wrapper[n];
	argv[n++] = binary;
	argv[n++] = "--data";
	argv[n++] = q->data;
	argv[n++] = "--log-level";
	argv[n++] = "info";
	argv[n] = NULL;
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "qhall-bench: cannot run %s: %s\n", argv[0],
	        strerror(errno));
	_exit(127);
}

/* Copy the daemon's log to our stderr, all of it or its warnings only. */
static void qhalld_echo_log(struct qhalld *q, int all)
{
	char line[2048];
	FILE *f = fopen(q->log, "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		/* "DATE TIME LEVEL module: text" */
		const char *level = strchr(line, ' ');
		level = level ? strchr(level + 1, ' ') : NULL;
		if (level &&
		    sscanf(level, " info qhalld: %lld requests in %lld commits",
		           &q->requests, &q->commits) == 2)
			continue;
		if (!all && (level == NULL || strncmp(level, " info ", 6) == 0))
			continue;
		if (q->quiet && !all)
			q->warnings++;
		else
			fprintf(stderr, "qhalld: %s", line);
	}
	fclose(f);
}

/* Start qhalld on data and wait until it answers a hello. */
int qhalld_start(struct qhalld *q, const char *binary, const char *data)
{
	return qhalld_launch(q, binary, data, NULL);
}

/* Start qhalld as `how` says (NULL: plainly) and wait for its hello. */
int qhalld_launch(struct qhalld *q, const char *binary, const char *data,
                  const struct qhalld_how *how)
{
	struct client_hello hello = {.role = "admin", .device = "bench-probe"};
	struct qerr err = {0};
	int start_ms = how && how->start_ms ? how->start_ms : QHALLD_START_MS;
	int64_t begin = stats_now();
	int64_t give_up = begin + (int64_t)start_ms * 1000000;
	pid_t parent = getpid();

	memset(q, 0, sizeof *q);
	q->requests = q->commits = -1;
	q->quiet = how ? how->quiet : 0;
	q->stop_ms = how && how->stop_ms ? how->stop_ms : QHALLD_STOP_MS;
	snprintf(q->data, sizeof q->data, "%s", data);
	snprintf(q->log, sizeof q->log, "%s/qhalld.log", data);
	if (client_addr_data(&q->addr, data, &err)) {
		fprintf(stderr, "qhall-bench: %s\n", err.message);
		return -1;
	}
	q->pid = fork();
	if (q->pid < 0) {
		fprintf(stderr, "qhall-bench: fork: %s\n", strerror(errno));
		return -1;
	}
	if (q->pid == 0)
		qhalld_exec(q, binary, how ? how->wrapper : NULL, parent);
	while (stats_now() < give_up) {
		struct timespec pause = {0, 10 * 1000000};
		struct client *c;
		int status;

		if (waitpid(q->pid, &status, WNOHANG) == q->pid) {
			fprintf(stderr,
			        "qhall-bench: qhalld on %s exited at "
			        "start:\n",
			        data);
			q->pid = 0;
			qhalld_echo_log(q, 1);
			return -1;
		}
		if ((c = client_open(&q->addr, &hello, &err)) != NULL) {
			client_free(c);
			q->ready_ns = stats_now() - begin;
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "qhall-bench: qhalld did not answer in %d ms: %s\n",
	        start_ms, err.message);
	qhalld_stop(q);
	return -1;
}

/* Note the daemon's resident memory now and at its peak, from /proc. */
void qhalld_sample(struct qhalld *q)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)q->pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		sscanf(line, "VmRSS: %ld kB", &q->rss_kib);
		sscanf(line, "VmHWM: %ld kB", &q->hwm_kib);
	}
	fclose(f);
}

/*
 * Wait up to ms for the child to exit; 1 with *status once it did, 0 if
 * it is still running.
 */
static int qhalld_wait(pid_t pid, int ms, int *status)
{
	int64_t give_up = stats_now() + (int64_t)ms * 1000000;

	for (;;) {
		struct timespec pause = {0, 5 * 1000000};
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return 1;
		if (stats_now() > give_up)
			return 0;
		nanosleep(&pause, NULL);
	}
}

/*
 * Stop it with SIGTERM and wait; 0 if it exited cleanly. One that still
 * runs after its stop_ms is killed, and said so: a daemon that ignores
 * SIGTERM is stuck.
 */
int qhalld_stop(struct qhalld *q)
{
	int status = 0;

	if (q->pid <= 0)
		return -1;
	kill(q->pid, SIGTERM);
	if (!qhalld_wait(q->pid, q->stop_ms, &status)) {
		fprintf(stderr,
		        "qhall-bench: qhalld on %s still ran %d s after "
		        "SIGTERM: killed it\n",
		        q->data, q->stop_ms / 1000);
		kill(q->pid, SIGKILL);
		while (waitpid(q->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	q->pid = 0;
	qhalld_echo_log(q, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr,
		        "qhall-bench: qhalld on %s ended badly "
		        "(status %#x)\n",
		        q->data, (unsigned)status);
		return -1;
	}
	return 0;
}
