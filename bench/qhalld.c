/*
 * The daemon under test: our own child, started on a data folder, known by
 * its PID (never by name), stopped with SIGTERM and waited for. Its log
 * goes to DATA/qhalld.log; its warnings are echoed to our stderr.
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

/* In the child: log to the file, die with the bench, become qhalld. */
static void qhalld_exec(const struct qhalld *q, const char *binary,
			pid_t parent)
{
	int fd = open(q->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	/* A bench killed mid-run must not leave a daemon behind. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	execl(binary, "qhalld", "--data", q->data, "--log-level", "info",
	      (char *)NULL);
	fprintf(stderr, "qhall-bench: cannot run %s: %s\n", binary,
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
		if (all || (level && strncmp(level, " info ", 6) != 0))
			fprintf(stderr, "qhalld: %s", line);
	}
	fclose(f);
}

/* Start qhalld on data and wait until it answers a hello. */
int qhalld_start(struct qhalld *q, const char *binary, const char *data)
{
	struct client_hello hello = {.role = "admin", .device = "bench-probe"};
	struct qerr err = {0};
	int64_t give_up = stats_now() + (int64_t)QHALLD_START_MS * 1000000;
	pid_t parent = getpid();

	memset(q, 0, sizeof *q);
	q->requests = q->commits = -1;
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
		qhalld_exec(q, binary, parent);
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
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "qhall-bench: qhalld did not answer in %d ms: %s\n",
		QHALLD_START_MS, err.message);
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

/* Stop it with SIGTERM and wait; 0 if it exited cleanly. */
int qhalld_stop(struct qhalld *q)
{
	int status = 0;

	if (q->pid <= 0)
		return -1;
	kill(q->pid, SIGTERM);
	while (waitpid(q->pid, &status, 0) < 0 && errno == EINTR)
		;
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
