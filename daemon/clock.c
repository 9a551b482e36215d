/*
 * The daemon's clock, in one place. Normally the wall clock
 * (ticket_now_ms(), which QHALL_CLOCK_OFFSET_S may shift). With
 * `qhalld --test-clock` the time is read from DATA/test-clock, as
 * milliseconds since the epoch (UTC), each time it is needed, so a test
 * can let days pass between two requests (ratings' 补评 period, working-day
 * deadlines). While that file is absent the wall clock runs. The option
 * exists on the command line only: no config key or environment turns it
 * on, so a hall cannot be left on it by a stray file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"

#define CLOCK_FILE "test-clock"

void clock_init(struct daemon *d, int test_clock)
{
	d->test_clock[0] = '\0';
	if (!test_clock)
		return;
	snprintf(d->test_clock, sizeof d->test_clock, "%s/%s", d->data_dir,
	         CLOCK_FILE);
	log_warn("qhalld",
	         "--test-clock: the time comes from %s while it exists; "
	         "never run a hall like this",
	         d->test_clock);
}

/* The time in the test clock's file; 0 when it says nothing usable. */
static int64_t clock_read_file(const char *path)
{
	char buf[64], *end;
	long long ms;
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (errno != ENOENT)
			log_warn("qhalld", "cannot read %s: %s", path,
			         strerror(errno));
		return 0;
	}
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	errno = 0;
	ms = strtoll(buf, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t')
		end++;
	if (errno || end == buf || *end != '\0' || ms <= 0) {
		log_warn("qhalld",
		         "%s holds no time in ms: the wall clock runs", path);
		return 0;
	}
	return (int64_t)ms;
}

int64_t clock_now_ms(const struct daemon *d)
{
	int64_t ms;

	if (d->test_clock[0] && (ms = clock_read_file(d->test_clock)) > 0)
		return ms;
	return ticket_now_ms();
}
