/*
 * Everything a peer can send, through the real dispatcher, ops and store:
 * the input is cut into lines, sent as one client (whose role the first
 * byte picks) to a daemon on a temporary SQLite file. Replies go nowhere;
 * what matters is that nothing crashes, leaks or trips a sanitizer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "ticket.h"

static struct daemon fuzz_daemon;

static void fuzz_init(void)
{
	/* On tmpfs a durable commit costs no disk flush: fuzzing stays fast. */
	static char dir[] = "/dev/shm/qhall-fuzz-XXXXXX";
	struct daemon *d = &fuzz_daemon;
	struct qerr err = {0};
	char path[256], day[TICKET_DAY_LEN + 1];

	log_set_level(LOG_ERROR);
	if (mkdtemp(dir) == NULL)
		abort();
	config_defaults(&d->config);
	d->catalog =
	    catalog_load(QHALL_SOURCE_ASSETS_DIR "/catalog.json", &err);
	snprintf(path, sizeof path, "%s/qhall.db", dir);
	/* The data folder too: "backup" writes into DIR/backups. */
	snprintf(d->data_dir, sizeof d->data_dir, "%s", dir);
	d->store = store_open(path, &err);
	if (d->catalog == NULL || d->store == NULL)
		abort();
	d->hall = hall_new(d->store, d->catalog, d->config.rejoin_places);
	d->base = event_base_new();
	d->guard = guard_new();
	d->limits = limits_new(&d->config);
	hall_set_sink(d->hall, &(struct hall_sink){server_emit, d});
	TAILQ_INIT(&d->conns);
	TAILQ_INIT(&d->dead);
	TAILQ_INIT(&d->pending);
	d->turn_ev = event_new(d->base, -1, 0, NULL, NULL);
	ticket_day_of(ticket_now_ms(), day);
	hall_batch_begin(d->hall, &err);
	hall_catalog_sync(d->hall, ticket_now_ms(), &err);
	hall_day_roll(d->hall, day, ticket_now_ms(), &err);
	hall_batch_commit(d->hall, &err);
}

/* Backups the input asked for: gone before the next input, or a long run
 * would fill the tmpfs with copies of the database. */
static void fuzz_forget_backups(const struct daemon *d)
{
	char dir[1100], path[1400];
	struct dirent *e;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s/backups", d->data_dir);
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(dp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct daemon *d = &fuzz_daemon;
	struct conn c = {0};
	const char *p, *end, *nl;

	if (!ready) {
		fuzz_init();
		ready = 1;
	}
	if (size == 0)
		return 0;
	c.daemon = d;
	c.id = 1;
	c.trusted = data[0] & 1;
	snprintf(c.peer, sizeof c.peer, "fuzz");
	/* The connection is never on the list: replies to it are dropped. */
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		dispatch_line(&c, p, len);
		p += len + 1;
	}
	server_turn(d);
	fuzz_forget_backups(d);
	return 0;
}
