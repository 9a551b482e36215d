/*
 * Hostile clients, one thread each, paced to a rate and switched on and
 * off together: garbage lines, ops the role forbids, 10 MB lines, floods
 * of connections (some leaving half a line behind), subscribers that never
 * read, and a display streaming the catalog. When switched off, each hangs
 * up everything it holds, so the daemon is left alone. Every hostile
 * request must get an error reply or a disconnect; an "ok", or no answer at
 * all, is a failure; only the catalog streamer, whose requests are
 * allowed, must get every answer instead.
 */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "proto.h"
#include "xmalloc.h"

#define HOSTILE_HELD      64         /* connections a flood holds */
#define HOSTILE_SILENT    4          /* subscribers that never read */
#define HOSTILE_HUGE      (10 << 20) /* bytes of the over-long line */
#define HOSTILE_REPLY_MS  5000       /* a reply later than this: lost */
#define HOSTILE_SETTLE_MS 10000      /* longest wait for a switch */
#define HOSTILE_PER_CONN  50         /* bad lines before a new connection */
#define HOSTILE_BURST     64         /* catalog requests sent at once */

enum hostile_kind {
	HOSTILE_GARBAGE,
	HOSTILE_FORBIDDEN,
	HOSTILE_OVERSIZE,
	HOSTILE_FLOOD,
	HOSTILE_SILENCE,
	HOSTILE_CATALOG,
	HOSTILE_KINDS
};

static const char *const hostile_names[HOSTILE_KINDS] = {
    "garbage lines",
    "forbidden ops",
    "10 MB lines",
    "connection floods",
    "subscribers that never read",
    "catalog streamer",
};

/* Their short names, for --hostile-skip. */
static const char *const hostile_keys[HOSTILE_KINDS] = {
    "garbage", "forbidden", "long", "flood", "silent", "catalog",
};

struct hostile_client {
	pthread_t thread;
	struct hostile *h;
	enum hostile_kind kind;
	uint64_t rng;
	struct rawsock conn[HOSTILE_HELD];
	int held;         /* conn[0..held) in use */
	int said_hello;   /* conn[0] said hello */
	const char *role; /* conn[0]'s role, for forbidden ops */
	atomic_int seen;  /* the last switch it acted on */
	int skipped;      /* left out: never started */
	/* acts: requests, or connections for floods and subscribers;
	 * refused: error replies; cut: hung up by qhalld (or refused at
	 * connect); accepted and lost: failures. */
	long long acts, refused, cut, accepted, lost;
	long long allowed; /* the catalog streamer's replies, all "ok" */
};

struct hostile {
	const struct client_addr *addr;
	int rate;
	atomic_int on, stop;
	char *huge; /* the over-long line */
	struct hostile_client c[HOSTILE_KINDS];
};

/* Count a reply that must not have come, or a request with no answer. */
static void hostile_bad(struct hostile_client *c, const char *what,
                        const char *line)
{
	struct qerr err = {0};

	qerr_set(&err, PROTO_E_PROTOCOL, "%s: %s: %.200s",
	         hostile_names[c->kind], what, line);
	report_failure("hostile client", &err);
}

/*
 * Send one line on r and judge the answer: refused (an error reply), cut
 * (the daemon hung up), or a failure. Returns 0 if r is still usable.
 */
static int hostile_ask(struct hostile_client *c, struct rawsock *r,
                       const char *line, size_t len)
{
	char reply[1024];
	json_t *msg;
	int n;

	if (rawsock_send(r, line, len, HOSTILE_REPLY_MS) ||
	    rawsock_send(r, "\n", 1, HOSTILE_REPLY_MS))
		goto cut;
	n = rawsock_line(r, reply, sizeof reply, HOSTILE_REPLY_MS);
	if (n == -1)
		goto cut;
	if (n == -2) {
		c->lost++;
		hostile_bad(c, "no answer", line);
		rawsock_close(r);
		return -1;
	}
	msg = json_loads(reply, 0, NULL);
	if (json_is_true(json_object_get(msg, "ok"))) {
		c->accepted++;
		hostile_bad(c, "accepted", line);
	} else {
		c->refused++;
	}
	json_decref(msg);
	return 0;
cut:
	c->cut++;
	rawsock_close(r);
	return -1;
}

/* Say hello as role on r; 0 if the daemon took it. */
static int hostile_hello(struct hostile_client *c, struct rawsock *r,
                         const char *role, int window)
{
	char line[256], reply[1024], at[32] = "";
	int n;

	if (window > 0)
		snprintf(at, sizeof at, ",\"window\":%d", window);
	n = snprintf(
	    line, sizeof line,
	    "{\"id\":1,\"op\":\"hello\",\"version\":%d,\"role\":\"%s\","
	    "\"device\":\"bench-hostile-%d\"%s}\n",
	    PROTO_VERSION, role, (int)c->kind, at);
	if (rawsock_send(r, line, (size_t)n, HOSTILE_REPLY_MS) ||
	    rawsock_line(r, reply, sizeof reply, HOSTILE_REPLY_MS) < 0 ||
	    strstr(reply, "\"ok\":true") == NULL) {
		c->cut++;
		rawsock_close(r);
		return -1;
	}
	return 0;
}

/* Garbage or forbidden ops: one bad line on a connection kept open. */
static void hostile_lines(struct hostile_client *c)
{
	static const char *const roles[] = {"kiosk", "display", "window"};
	struct rawsock *r = &c->conn[0];
	char line[8192];
	size_t len;

	if (r->fd >= 0 && c->acts % HOSTILE_PER_CONN == 0)
		rawsock_close(r);
	if (r->fd < 0) {
		c->held = 1;
		c->said_hello = 0;
		c->role = roles[hostile_random(&c->rng) % 3];
		if (rawsock_open(r, c->h->addr)) {
			c->cut++;
			return;
		}
		if (c->kind == HOSTILE_GARBAGE)
			c->role = "kiosk";
		/* Garbage: one connection in five never says hello. */
		if (c->kind == HOSTILE_FORBIDDEN ||
		    hostile_random(&c->rng) % 5 != 0) {
			if (hostile_hello(c, r, c->role,
			                  strcmp(c->role, "window") ? 0 : 3))
				return;
			c->said_hello = 1;
		}
	}
	c->acts++;
	if (c->kind == HOSTILE_GARBAGE)
		len =
		    hostile_garbage(&c->rng, c->said_hello, line, sizeof line);
	else
		len = hostile_forbidden(&c->rng, c->role, 3, line, sizeof line);
	hostile_ask(c, r, line, len);
}

/* A 10 MB line: refused after the first 64 kB, then cut off. */
static void hostile_oversize(struct hostile_client *c)
{
	struct rawsock *r = &c->conn[0];
	char reply[1024];
	int sent, n;

	c->held = 1;
	c->acts++;
	if (rawsock_open(r, c->h->addr)) {
		c->cut++;
		return;
	}
	if (hostile_hello(c, r, "kiosk", 0))
		return;
	sent = rawsock_send(r, c->h->huge, HOSTILE_HUGE, HOSTILE_REPLY_MS);
	n = rawsock_line(r, reply, sizeof reply, HOSTILE_REPLY_MS);
	if (sent == 0 && n == -2)
		hostile_bad(c, "10 MB read without an answer", "x...");
	if (n >= 0 && strstr(reply, PROTO_E_LINE_TOO_LONG))
		c->refused++;
	else if (n == -2)
		c->lost++;
	else
		c->cut++;
	rawsock_close(r);
}

/* One more connection: silent, half a line, or a hello; all hung up
 * together once HOSTILE_HELD are open. */
static void hostile_flood(struct hostile_client *c)
{
	static const char half[] = "{\"id\":1,\"op\":\"take\",\"que";
	struct rawsock *r;

	if (c->held == HOSTILE_HELD) {
		for (int i = 0; i < c->held; i++)
			rawsock_close(&c->conn[i]);
		c->held = 0;
	}
	r = &c->conn[c->held++];
	c->acts++;
	if (rawsock_open(r, c->h->addr)) {
		c->cut++;
		return;
	}
	switch (hostile_random(&c->rng) % 3) {
	case 0:
		rawsock_send(r, half, sizeof half - 1, 0);
		break;
	case 1:
		hostile_hello(c, r, "kiosk", 0);
		break;
	default:
		break;
	}
}

/* Subscribe a display that will never read; 0 if it got subscribed. */
static int hostile_subscribe(struct hostile_client *c, struct rawsock *r)
{
	static const char sub[] = "{\"id\":2,\"op\":\"subscribe\"}\n";
	char reply[1024];

	c->acts++;
	if (rawsock_open(r, c->h->addr)) {
		c->cut++;
		return -1;
	}
	if (hostile_hello(c, r, "display", 0))
		return -1;
	if (rawsock_send(r, sub, sizeof sub - 1, HOSTILE_REPLY_MS))
		goto cut;
	/* Events of the same turn may come before the reply. */
	for (int i = 0; i < 1000; i++) {
		if (rawsock_line(r, reply, sizeof reply, HOSTILE_REPLY_MS) < 0)
			goto cut;
		if (strstr(reply, "\"subscribed\":true"))
			return 0;
	}
cut:
	c->cut++;
	rawsock_close(r);
	return -1;
}

/* Keep HOSTILE_SILENT subscribers that never read; count those dropped. */
static void hostile_silence(struct hostile_client *c)
{
	c->held = HOSTILE_SILENT;
	for (int i = 0; i < HOSTILE_SILENT; i++) {
		struct rawsock *r = &c->conn[i];
		struct pollfd p = {.fd = r->fd, .events = POLLRDHUP};

		if (r->fd >= 0 && poll(&p, 1, 0) > 0 &&
		    (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
			c->cut++; /* the daemon let it go: as it should */
			rawsock_close(r);
		}
		if (r->fd < 0)
			hostile_subscribe(c, r);
	}
}

/* A burst of catalog requests as a display, read back whole. */
static void hostile_catalog(struct hostile_client *c)
{
	struct rawsock *r = &c->conn[0];
	int rc;

	c->held = 1;
	if (r->fd < 0) {
		if (rawsock_open(r, c->h->addr)) {
			c->cut++;
			return;
		}
		if (hostile_hello(c, r, "display", 0))
			return;
	}
	c->acts++;
	rc = hostile_stream_burst(r, HOSTILE_BURST, HOSTILE_REPLY_MS,
	                          &c->allowed);
	if (rc == -2) {
		c->lost++;
		hostile_bad(c, "no answer", "{\"op\":\"catalog\"}");
	}
	if (rc != 0) {
		c->cut += rc == -1;
		rawsock_close(r);
	}
}

/* One act of the client's kind; each counts its own acts. */
static void hostile_act(struct hostile_client *c)
{
	switch (c->kind) {
	case HOSTILE_GARBAGE:
	case HOSTILE_FORBIDDEN:
		hostile_lines(c);
		break;
	case HOSTILE_OVERSIZE:
		hostile_oversize(c);
		break;
	case HOSTILE_FLOOD:
		hostile_flood(c);
		break;
	case HOSTILE_CATALOG:
		hostile_catalog(c);
		break;
	default:
		hostile_silence(c);
		break;
	}
}

/* Acts per second of a kind: 10 MB lines and checks of the silent ones
 * go slower than the rest. */
static double hostile_rate(const struct hostile_client *c)
{
	if (c->kind == HOSTILE_OVERSIZE)
		return c->h->rate / 200.0 > 1 ? c->h->rate / 200.0 : 1;
	if (c->kind == HOSTILE_SILENCE)
		return 100;
	return c->h->rate;
}

/* Hang up every connection the client holds. */
static void hostile_hang_up(struct hostile_client *c)
{
	for (int i = 0; i < HOSTILE_HELD; i++)
		rawsock_close(&c->conn[i]);
	c->held = 0;
}

/* Sleep until t (ns on the bench's clock). */
static void hostile_sleep_until(int64_t t)
{
	int64_t d = t - stats_now();
	struct timespec ts;

	if (d <= 0)
		return;
	ts.tv_sec = d / 1000000000;
	ts.tv_nsec = d % 1000000000;
	nanosleep(&ts, NULL);
}

/* A hostile client's thread: act at its rate while switched on. */
static void *hostile_main(void *arg)
{
	struct hostile_client *c = arg;
	int64_t step = (int64_t)(1e9 / hostile_rate(c)), next = stats_now();

	while (!atomic_load(&c->h->stop)) {
		int on = atomic_load(&c->h->on);
		if (!on) {
			hostile_hang_up(c);
			atomic_store(&c->seen, 0);
			hostile_sleep_until(stats_now() + 1000000);
			next = stats_now();
			continue;
		}
		atomic_store(&c->seen, 1);
		hostile_act(c);
		next += step;
		/* Behind by more than 10 ms: no bursts to catch up. */
		if (stats_now() - next > 10000000)
			next = stats_now();
		hostile_sleep_until(next);
	}
	hostile_hang_up(c);
	return NULL;
}

/* "garbage,long" to a mask of kinds; -1 (said why) for an unknown one. */
int hostile_kinds(const char *list, int *mask)
{
	char copy[256], *save = NULL;

	snprintf(copy, sizeof copy, "%s", list);
	*mask = 0;
	for (char *k = strtok_r(copy, ",", &save); k;
	     k = strtok_r(NULL, ",", &save)) {
		int found = 0;
		for (int i = 0; i < HOSTILE_KINDS; i++) {
			if (strcmp(k, hostile_keys[i]) == 0) {
				*mask |= 1 << i;
				found = 1;
			}
		}
		if (!found) {
			fprintf(stderr,
			        "qhall-bench: no hostile client \"%s\" "
			        "(garbage, forbidden, long, flood, silent, "
			        "catalog)\n",
			        k);
			return -1;
		}
	}
	return 0;
}

/* Start the hostile clients, switched off, all but those in skip. */
struct hostile *hostile_start(const struct client_addr *addr, int rate,
                              int skip)
{
	struct hostile *h = xcalloc(1, sizeof *h);

	h->addr = addr;
	h->rate = rate;
	h->huge = xmalloc(HOSTILE_HUGE);
	memset(h->huge, 'x', HOSTILE_HUGE);
	atomic_init(&h->on, 0);
	atomic_init(&h->stop, 0);
	for (int k = 0; k < HOSTILE_KINDS; k++) {
		struct hostile_client *c = &h->c[k];
		c->h = h;
		c->kind = (enum hostile_kind)k;
		c->rng = 0x2545F4914F6CDD1DULL * (uint64_t)(k + 1);
		for (int i = 0; i < HOSTILE_HELD; i++)
			c->conn[i].fd = -1;
		atomic_init(&c->seen, 0);
		c->skipped = (skip >> k) & 1;
		if (c->skipped)
			continue;
		if (pthread_create(&c->thread, NULL, hostile_main, c) != 0) {
			fprintf(stderr, "qhall-bench: cannot start a thread\n");
			exit(1);
		}
	}
	return h;
}

/* Switch them on or off; once off, wait until all have hung up. */
void hostile_set(struct hostile *h, int on)
{
	int64_t give_up = stats_now() + (int64_t)HOSTILE_SETTLE_MS * 1000000;
	int settled = 0;

	atomic_store(&h->on, on);
	while (!settled && stats_now() < give_up) {
		settled = 1;
		for (int k = 0; k < HOSTILE_KINDS; k++)
			settled &=
			    h->c[k].skipped || atomic_load(&h->c[k].seen) == on;
		if (!settled)
			hostile_sleep_until(stats_now() + 1000000);
	}
}

/* Stop them, print what each did and how the daemon answered, free. */
void hostile_stop(struct hostile *h)
{
	atomic_store(&h->stop, 1);
	for (int k = 0; k < HOSTILE_KINDS; k++)
		if (!h->c[k].skipped)
			pthread_join(h->c[k].thread, NULL);
	printf("\n  %-28s %9s %9s %9s %9s %9s %9s\n", "hostile client", "acts",
	       "errors", "hung up", "accepted", "no answer", "allowed");
	for (int k = 0; k < HOSTILE_KINDS; k++) {
		const struct hostile_client *c = &h->c[k];
		if (c->skipped) {
			printf("  %-28s %9s\n", hostile_names[k], "skipped");
			continue;
		}
		printf("  %-28s %9lld %9lld %9lld %9lld %9lld %9lld\n",
		       hostile_names[k], c->acts, c->refused, c->cut,
		       c->accepted, c->lost, c->allowed);
	}
	free(h->huge);
	free(h);
}
