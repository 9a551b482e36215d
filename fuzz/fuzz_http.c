/*
 * Everything a browser (or anyone) can send to the web face: the input is
 * one connection's bytes, sent over loopback to the real evhttp server of
 * a daemon on a temporary SQLite file, whose loop then runs until the
 * reply is out. What matters is that nothing crashes, leaks or trips a
 * sanitizer, whatever the request line, headers, path or body.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "http.h"
#include "log.h"
#include "ticket.h"

static struct daemon fuzz_daemon;
static int fuzz_port;

static void fuzz_turn(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	server_turn(arg);
}

static int fuzz_free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		abort();
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static void fuzz_init(void)
{
	static char dir[] = "/dev/shm/qhall-fuzz-http-XXXXXX";
	struct daemon *d = &fuzz_daemon;
	struct qerr err = {0};
	char path[256], day[TICKET_DAY_LEN + 1], listen[64];

	log_set_level(LOG_ERROR);
	if (mkdtemp(dir) == NULL)
		abort();
	config_defaults(&d->config);
	d->config.http_display_public = 1; /* reach the display's routes */
	d->catalog =
	    catalog_load(QHALL_SOURCE_ASSETS_DIR "/catalog.json", &err);
	snprintf(path, sizeof path, "%s/qhall.db", dir);
	snprintf(d->data_dir, sizeof d->data_dir, "%s", dir);
	d->store = store_open(path, &err);
	if (d->catalog == NULL || d->store == NULL)
		abort();
	d->hall = hall_new(d->store, d->catalog, d->config.rejoin_places);
	d->base = event_base_new();
	event_base_priority_init(d->base, 3);
	d->guard = guard_new();
	d->limits = limits_new(&d->config);
	hall_set_sink(d->hall, &(struct hall_sink){server_emit, d});
	TAILQ_INIT(&d->conns);
	TAILQ_INIT(&d->dead);
	TAILQ_INIT(&d->pending);
	d->turn_ev = event_new(d->base, -1, 0, fuzz_turn, d);
	ticket_day_of(ticket_now_ms(), day);
	hall_batch_begin(d->hall, &err);
	hall_catalog_sync(d->hall, ticket_now_ms(), &err);
	hall_day_roll(d->hall, day, ticket_now_ms(), &err);
	hall_batch_commit(d->hall, &err);
	fuzz_port = fuzz_free_port();
	snprintf(listen, sizeof listen, "127.0.0.1:%d", fuzz_port);
	d->http = http_open(d, listen, &err);
	if (d->http == NULL) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct daemon *d = &fuzz_daemon;
	struct sockaddr_in a = {.sin_family = AF_INET};
	char buf[65536];
	int fd;

	if (!ready) {
		fuzz_init();
		ready = 1;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)fuzz_port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		abort();
	if (size > 0 && send(fd, data, size, MSG_NOSIGNAL) < 0) {
		/* The daemon may hang up on a peer (its limits): that is
		 * its right, not a failure; let it tidy up, and go on. */
		close(fd);
		for (int i = 0; i < 4; i++)
			event_base_loop(d->base, EVLOOP_NONBLOCK);
		return 0;
	}
	shutdown(fd, SHUT_WR);
	/* Turn the loop until the reply is out and the server hangs up, or a
	 * stream stays open: then our close ends it. */
	for (int i = 0; i < 200; i++) {
		struct pollfd p = {fd, POLLIN, 0};
		event_base_loop(d->base, EVLOOP_NONBLOCK);
		if (poll(&p, 1, 1) == 1) {
			ssize_t n = recv(fd, buf, sizeof buf, 0);
			if (n <= 0)
				break;
		}
	}
	close(fd);
	/* The server's end sees ours close: a stream is freed by then. */
	for (int i = 0; i < 20; i++) {
		event_base_loop(d->base, EVLOOP_NONBLOCK);
		usleep(200);
	}
	return 0;
}
