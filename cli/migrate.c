/*
 * qhall migrate --to postgresql://...: the hall in DATA/qhall.db moved
 * into PostgreSQL. The copy is the daemon's work (only qhalld opens the
 * hall's database): this runs `qhalld --data DATA --migrate-to URL`, which
 * takes the folder's lock (so the hall must be stopped), copies every
 * table and the trace, checks the copy, and says so.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* qhalld beside this program (the build tree), in ../sbin (installed),
 * or on PATH; $QHALLD names another. */
static void migrate_find_qhalld(char *out, size_t size)
{
	char self[PATH_MAX], *dir;
	ssize_t n;
	const char *env = getenv("QHALLD");

	if (env && env[0]) {
		snprintf(out, size, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		dir = dirname(self);
		snprintf(out, size, "%s/qhalld", dir);
		if (access(out, X_OK) == 0)
			return;
		snprintf(out, size, "%s/../sbin/qhalld", dir);
		if (access(out, X_OK) == 0)
			return;
	}
	snprintf(out, size, "qhalld");
}

int cli_migrate(const char *data, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"to", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	char qhalld[PATH_MAX + 32];
	const char *to = NULL;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch != 't')
			goto usage;
		to = optarg;
	}
	if (to == NULL || optind != argc)
		goto usage;
	if (strncmp(to, "postgresql://", 13) != 0 &&
	    strncmp(to, "postgres://", 11) != 0)
		return cli_fail("migrate: --to takes a postgresql:// URL");
	migrate_find_qhalld(qhalld, sizeof qhalld);
	fflush(stdout);
	execlp(qhalld, "qhalld", "--data", data, "--migrate-to", to,
	       (char *)NULL);
	return cli_fail("migrate: cannot run %s: %s", qhalld, strerror(errno));
usage:
	fprintf(stderr, "usage: qhall [--data DIR] migrate --to "
	                "postgresql://...   (the hall stopped)\n");
	return 2;
}
