/* The command line: what to start, where to write, how hard to push. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* Print how to call the bench. */
static void options_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: qhall-bench [--qhalld PATH] [--dir DIR] [--kiosks K]\n"
	    "                   [--windows W] [--displays D] [--seconds S]\n"
	    "                   [--redis FILE] [--history SMALL,LARGE]\n"
	    "                   [--samples N] [--takes N] [--hostile-rate R]\n"
	    "                   [--hostile-skip garbage,forbidden,long,flood,"
	    "silent,catalog]\n"
	    "                   [--keep] [--store "
	    "postgresql://USER@HOST:PORT]\n"
	    "                   [load] [history] [callgrind] [hostile] "
	    "[alerts] [all]\n"
	    "Starts its own qhalld on a scratch folder made inside DIR\n"
	    "(default /tmp), measures it and removes the folder.\n"
	    "Phases: load (the default): baseline, takes, calls, displays,\n"
	    "memory; history: call and status with SMALL vs LARGE tickets\n"
	    "of history (1000,5000000); callgrind: instructions per take\n"
	    "(N takes, 2000); hostile: a kiosk's latency with and without\n"
	    "hostile clients (R acts/s each, 1000); alerts: the daemon's\n"
	    "look for alerts with 100 vs 100,000 citizens waiting (N each).\n"
	    "Defaults: 50 kiosks, 12 windows, 200 displays, 3 s a phase,\n"
	    "2000 requests per history figure. --redis reads the Redis\n"
	    "figures that scripts/bench.sh measured, for the targets.\n"
	    "--keep leaves the scratch folder (logs, callgrind.out.N).\n"
	    "--store keeps each hall in a new database on that PostgreSQL\n"
	    "server (made with CREATE DATABASE, left for a look).\n");
}

/* A whole number within [lo, hi], or -1 with a message. */
static int options_int(const char *name, const char *s, int lo, int hi,
                       int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr,
		        "qhall-bench: --%s must be %d to %d, not \"%s\"\n",
		        name, lo, hi, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* "SMALL,LARGE": two history sizes, the first the smaller. */
static int options_history(const char *s, long long out[2])
{
	long long a, b;
	char tail;

	if (sscanf(s, "%lld,%lld%c", &a, &b, &tail) != 2 || a < 1 || b <= a ||
	    b > 100000000) {
		fprintf(stderr,
		        "qhall-bench: --history must be SMALL,LARGE with "
		        "1 <= SMALL < LARGE <= 100000000, not \"%s\"\n",
		        s);
		return -1;
	}
	out[0] = a;
	out[1] = b;
	return 0;
}

/* A phase's name to its bit; -1 (said why) if there is no such phase. */
static int options_phase(const char *name, int *phases)
{
	static const struct {
		const char *name;
		int bits;
	} names[] = {
	    {"load", PHASE_LOAD},
	    {"history", PHASE_HISTORY},
	    {"callgrind", PHASE_CALLGRIND},
	    {"hostile", PHASE_HOSTILE},
	    {"alerts", PHASE_ALERTS},
	    {"all", PHASE_LOAD | PHASE_HISTORY | PHASE_CALLGRIND |
	                PHASE_HOSTILE | PHASE_ALERTS},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i].name) == 0) {
			*phases |= names[i].bits;
			return 0;
		}
	}
	fprintf(stderr, "qhall-bench: no phase \"%s\"\n", name);
	return -1;
}

/* qhalld next to our own binary, as the build puts both in bin/. */
static void options_default_qhalld(char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0) {
		snprintf(out, size, "qhalld");
		return;
	}
	self[n] = '\0';
	snprintf(out, size, "%s/qhalld", dirname(self));
}

/* Fill o from argv; -1 (after a message) if the command line is wrong. */
int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"qhalld", required_argument, NULL, 'q'},
	    {"dir", required_argument, NULL, 'd'},
	    {"kiosks", required_argument, NULL, 'k'},
	    {"windows", required_argument, NULL, 'w'},
	    {"displays", required_argument, NULL, 'D'},
	    {"seconds", required_argument, NULL, 's'},
	    {"redis", required_argument, NULL, 'r'},
	    {"history", required_argument, NULL, 'H'},
	    {"samples", required_argument, NULL, 'n'},
	    {"takes", required_argument, NULL, 't'},
	    {"hostile-rate", required_argument, NULL, 'R'},
	    {"hostile-skip", required_argument, NULL, 'S'},
	    {"keep", no_argument, NULL, 'K'},
	    {"store", required_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch, rc = 0;

	memset(o, 0, sizeof *o);
	options_default_qhalld(o->qhalld, sizeof o->qhalld);
	snprintf(o->dir, sizeof o->dir, "/tmp");
	o->kiosks = 50;
	o->windows = 12;
	o->displays = 200;
	o->seconds = 3;
	o->history[0] = 1000;
	o->history[1] = 5000000;
	o->samples = 2000;
	o->takes = 2000;
	o->hostile_rate = 1000;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q':
			snprintf(o->qhalld, sizeof o->qhalld, "%s", optarg);
			break;
		case 'd':
			snprintf(o->dir, sizeof o->dir, "%s", optarg);
			break;
		case 'k':
			rc |=
			    options_int("kiosks", optarg, 1, 1000, &o->kiosks);
			break;
		case 'w':
			rc |=
			    options_int("windows", optarg, 1, 500, &o->windows);
			break;
		case 'D':
			rc |= options_int("displays", optarg, 0, 900,
			                  &o->displays);
			break;
		case 's':
			rc |=
			    options_int("seconds", optarg, 1, 600, &o->seconds);
			break;
		case 'r':
			snprintf(o->redis, sizeof o->redis, "%s", optarg);
			break;
		case 'H':
			rc |= options_history(optarg, o->history);
			break;
		case 'n':
			rc |= options_int("samples", optarg, 100, 50000,
			                  &o->samples);
			break;
		case 't':
			rc |=
			    options_int("takes", optarg, 100, 40000, &o->takes);
			break;
		case 'R':
			rc |= options_int("hostile-rate", optarg, 1, 100000,
			                  &o->hostile_rate);
			break;
		case 'K':
			o->keep = 1;
			break;
		case 'P':
			snprintf(o->store, sizeof o->store, "%s", optarg);
			break;
		case 'S':
			rc |= hostile_kinds(optarg, &o->hostile_skip);
			break;
		case 'h':
			options_usage(stdout);
			exit(0);
		default:
			options_usage(stderr);
			return -1;
		}
	}
	for (; optind < argc; optind++)
		rc |= options_phase(argv[optind], &o->phases);
	if (rc)
		return -1;
	if (o->phases == 0)
		o->phases = PHASE_LOAD;
	/* qhalld refuses clients beyond max_clients (1024 by default). */
	if (o->windows + o->displays > 1000) {
		fprintf(stderr,
		        "qhall-bench: at most 1000 windows and displays "
		        "together\n");
		return -1;
	}
	if (access(o->qhalld, X_OK) != 0) {
		fprintf(stderr,
		        "qhall-bench: cannot run %s: %s (use --qhalld)\n",
		        o->qhalld, strerror(errno));
		return -1;
	}
	return 0;
}
