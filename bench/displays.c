/*
 * Lobby displays: D subscribed connections, all read by one thread with
 * poll(), as one thread per display would only add scheduling noise on a
 * small machine. Each "called" event is timed on arrival against the send
 * time of its call (see callboard.c).
 *
 * After the hello and the subscribe, the sockets are read raw: the thread
 * only looks for "called" lines and two fields in them, because decoding
 * every line of 200 displays as JSON would make the bench, not the daemon,
 * the slow part being measured.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bench.h"
#include "proto.h"
#include "xmalloc.h"

#define DISPLAYS_BUF      65536
#define DISPLAYS_GRACE_MS 5000 /* for the last events, once calls end */

struct display {
	struct client *client; /* NULL if it never subscribed */
	char *buf;
	size_t len, cap;
};

struct displays {
	int n, subscribed;
	struct display *d;
	struct pollfd *fds; /* fd -1: not read (never subscribed, or lost) */
	struct callboard *board;
	pthread_t thread;
	int started;
	atomic_llong expect;   /* events due in all, -1 until calls end */
	_Atomic int64_t grace; /* then give up waiting at this time */
	int64_t received;      /* the thread's own from here on */
	struct stats delay;
};

/* Connect display i and subscribe it to events. */
static void displays_subscribe(struct displays *ds, const struct client_addr *a,
                               int i)
{
	struct qerr err = {0};
	char device[32];
	struct client_hello hello = {.role = "display", .device = device};
	json_t *result = NULL;
	struct client *c;

	snprintf(device, sizeof device, "bench-display-%d", i + 1);
	ds->fds[i] = (struct pollfd){.fd = -1, .events = POLLIN};
	if ((c = client_open(a, &hello, &err)) == NULL) {
		report_failure("display hello", &err);
		return;
	}
	if (client_call(c, "subscribe", NULL, &result, &err)) {
		report_failure("subscribe", &err);
		client_free(c);
		return;
	}
	json_decref(result);
	ds->d[i].client = c;
	ds->d[i].cap = DISPLAYS_BUF;
	ds->d[i].buf = xmalloc(DISPLAYS_BUF);
	ds->fds[i].fd = client_fd(c);
	ds->subscribed++;
}

/* Connect and subscribe n displays; failures are counted, not fatal. */
struct displays *displays_open(const struct client_addr *a, int n,
                               struct callboard *board)
{
	struct displays *ds = xcalloc(1, sizeof *ds);

	ds->n = n;
	ds->board = board;
	ds->d = xcalloc((size_t)n + 1, sizeof *ds->d);
	ds->fds = xcalloc((size_t)n + 1, sizeof *ds->fds);
	atomic_init(&ds->expect, -1);
	atomic_init(&ds->grace, INT64_MAX);
	for (int i = 0; i < n; i++)
		displays_subscribe(ds, a, i);
	return ds;
}

/* The whole number after key in a line, or -1. */
static long displays_int(const char *line, size_t len, const char *key)
{
	const char *p = memmem(line, len, key, strlen(key));
	const char *end = line + len;
	long v = 0;

	if (p == NULL)
		return -1;
	p += strlen(key);
	if (p == end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9' && v < 1000000; p++)
		v = v * 10 + (*p - '0');
	return v;
}

/* The string after key (which ends in a quote) in a line, or NULL. */
static const char *displays_str(const char *line, size_t len, const char *key,
                                size_t *out_len)
{
	const char *p = memmem(line, len, key, strlen(key));
	const char *q;

	if (p == NULL)
		return NULL;
	p += strlen(key);
	q = memchr(p, '"', (size_t)(line + len - p));
	if (q == NULL)
		return NULL;
	*out_len = (size_t)(q - p);
	return p;
}

/* One line a display received at time now: time it if it is "called". */
static void displays_line(struct displays *ds, const char *line, size_t len,
                          int64_t now)
{
	static const char called[] = "\"event\":\"called\"";
	struct qerr err = {0};
	const char *number;
	size_t nlen = 0;
	long window;
	int slot = -1;
	int64_t sent = 0;

	if (memmem(line, len, called, sizeof called - 1) == NULL)
		return;
	window = displays_int(line, len, "\"window\":");
	number = displays_str(line, len, "\"number\":\"", &nlen);
	if (number)
		slot = callboard_slot(ds->board, number, nlen);
	if (slot >= 0)
		sent = callboard_sent(ds->board, (int)window, slot);
	if (sent == 0) {
		qerr_set(&err, PROTO_E_PROTOCOL,
		         "a \"called\" event no window of ours sent: %.*s",
		         (int)(len > 200 ? 200 : len), line);
		report_failure("display", &err);
		return;
	}
	stats_add(&ds->delay, now - sent);
	ds->received++;
}

/* Read what display i has for us, and handle each whole line. */
static void displays_read(struct displays *ds, int i)
{
	struct display *d = &ds->d[i];
	struct qerr err = {0};
	size_t start = 0;
	ssize_t n;
	int64_t now;
	char *nl;

	if (d->cap - d->len < DISPLAYS_BUF / 4) {
		d->cap *= 2;
		d->buf = xrealloc(d->buf, d->cap);
	}
	n = recv(ds->fds[i].fd, d->buf + d->len, d->cap - d->len, MSG_DONTWAIT);
	now = stats_now();
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		qerr_set(&err, PROTO_E_IO, "display %d lost its connection%s%s",
		         i + 1, n < 0 ? ": " : "",
		         n < 0 ? strerror(errno) : "");
		report_failure("display", &err);
		ds->fds[i].fd = -1;
		return;
	}
	d->len += (size_t)n;
	while ((nl = memchr(d->buf + start, '\n', d->len - start)) != NULL) {
		size_t len = (size_t)(nl - (d->buf + start));
		displays_line(ds, d->buf + start, len, now);
		start += len + 1;
	}
	memmove(d->buf, d->buf + start, d->len - start);
	d->len -= start;
}

/* Whether every due event came, or we waited long enough. */
static int displays_done(struct displays *ds)
{
	long long expect = atomic_load(&ds->expect);

	return expect >= 0 && (ds->received >= expect ||
	                       stats_now() > atomic_load(&ds->grace));
}

/* The reading thread: poll every display until done. */
static void *displays_main(void *arg)
{
	struct displays *ds = arg;
	struct qerr err = {0};

	while (!displays_done(ds)) {
		int rc = poll(ds->fds, (nfds_t)ds->n, 20);
		if (rc < 0 && errno != EINTR) {
			qerr_set(&err, PROTO_E_IO, "poll: %s", strerror(errno));
			report_failure("display", &err);
			break;
		}
		for (int i = 0; rc > 0 && i < ds->n; i++)
			if (ds->fds[i].fd >= 0 && ds->fds[i].revents)
				displays_read(ds, i);
	}
	return NULL;
}

/* Start reading, before the windows start calling. */
void displays_start(struct displays *ds)
{
	struct qerr err = {0};

	if (pthread_create(&ds->thread, NULL, displays_main, ds) != 0) {
		qerr_set(&err, PROTO_E_IO, "cannot start the display thread");
		report_failure("display", &err);
		return;
	}
	ds->started = 1;
}

/*
 * The windows are done after `called` calls: wait for those events at
 * every subscribed display, then fill r with their delays.
 */
void displays_finish(struct displays *ds, int64_t called, struct result *r)
{
	long long expect = (long long)called * ds->subscribed;
	struct qerr err = {0};

	atomic_store(&ds->grace,
	             stats_now() + (int64_t)DISPLAYS_GRACE_MS * 1000000);
	atomic_store(&ds->expect, expect);
	if (ds->started)
		pthread_join(ds->thread, NULL);
	ds->started = 0;
	if (ds->received < expect) {
		qerr_set(&err, PROTO_E_TIMEOUT,
		         "%lld of %lld \"called\" events never reached the "
		         "displays",
		         expect - (long long)ds->received, expect);
		report_failure("display", &err);
	}
	r->clients = ds->n;
	r->ops = ds->received;
	stats_merge(&r->lat, &ds->delay);
}

/* Hang up every display and free them. */
void displays_close(struct displays *ds)
{
	if (ds == NULL)
		return;
	if (ds->started) {
		atomic_store(&ds->grace, 0);
		atomic_store(&ds->expect, 0);
		pthread_join(ds->thread, NULL);
	}
	for (int i = 0; i < ds->n; i++) {
		client_free(ds->d[i].client);
		free(ds->d[i].buf);
	}
	free(ds->d);
	free(ds->fds);
	free(ds);
}
