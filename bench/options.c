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
	    f, "usage: qhall-bench [--qhalld PATH] [--dir DIR] [--kiosks K]\n"
	       "                   [--windows W] [--displays D] [--seconds S]\n"
	       "Starts its own qhalld on a scratch folder made inside DIR\n"
	       "(default /tmp), measures it and removes the folder.\n"
	       "Defaults: 50 kiosks, 12 windows, 200 displays, 3 s a phase.\n");
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
		case 'h':
			options_usage(stdout);
			exit(0);
		default:
			options_usage(stderr);
			return -1;
		}
	}
	if (rc)
		return -1;
	if (optind != argc) {
		options_usage(stderr);
		return -1;
	}
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
