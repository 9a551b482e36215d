/*
 * Listeners and connections: accepting clients, cutting their input into
 * lines in fair turns (daemon.h), holding replies until the batch's
 * commit, fanning events out, and dropping clients that send too much or
 * read too little.
 */
#include "daemon.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "http.h"
#include "log.h"
#include "proto.h"
#include "xmalloc.h"

/*
 * Free closed connections that no held reply points at. Only the turn
 * event does this, never a callback that may still hold a conn.
 */
static void server_reap(struct daemon *d)
{
	struct conn *c, *next;

	TAILQ_FOREACH_SAFE(c, &d->dead, link, next)
	{
		if (c->pending == 0) {
			TAILQ_REMOVE(&d->dead, c, link);
			free(c);
		}
	}
}

/* Close now; the struct lives on until the turn's end reaps it. */
void conn_close(struct conn *c, const char *why)
{
	struct daemon *d = c->daemon;

	if (c->bev == NULL)
		return;
	log_debug("server", "conn %llu (%s %s) closed: %s",
	          (unsigned long long)c->id, c->peer, c->device, why);
	if (c->parked) {
		TAILQ_REMOVE(&d->ready, c, ready_link);
		c->parked = 0;
		d->nready--;
	}
	output_forget(c);
	bufferevent_free(c->bev);
	c->bev = NULL;
	if (c->hello_ev) {
		event_free(c->hello_ev);
		c->hello_ev = NULL;
		d->nprehello--;
	}
	TAILQ_REMOVE(&d->conns, c, link);
	TAILQ_INSERT_TAIL(&d->dead, c, link);
	d->nconns--;
	event_active(d->turn_ev, 0, 0);
}

static void conn_write(struct conn *c, const char *line, size_t len)
{
	struct evbuffer *out;
	size_t limit = (size_t)c->daemon->config.max_output_kib * 1024;

	if (c->bev == NULL)
		return;
	output_shed(c->daemon, len);
	if (c->bev == NULL)
		return; /* it held the most */
	out = bufferevent_get_output(c->bev);
	/* A client that never reads must not make us hold its backlog. */
	if (evbuffer_get_length(out) + len > limit) {
		log_warn("server", "dropping %s (%s): it left %zu bytes unread",
		         c->peer, c->device, evbuffer_get_length(out));
		conn_close(c, "output limit");
		return;
	}
	/*
	 * Nothing queued: hand the line to the kernel now. With 200 displays
	 * this saves a buffer and two epoll changes per display per event;
	 * only what the socket cannot take waits in the bufferevent.
	 */
	if (evbuffer_get_length(out) == 0) {
		ssize_t n = send(bufferevent_getfd(c->bev), line, len,
		                 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == (ssize_t)len)
			return;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			conn_close(c, "write error");
			return;
		}
		if (n > 0) {
			line += n;
			len -= (size_t)n;
		}
	}
	bufferevent_write(c->bev, line, len);
}

static void conn_park(struct conn *);

/*
 * Serve the parked in the next pass of the loop, after its reads: a timer
 * due at once fires only after the next poll, and at the turn's priority
 * it runs once the reads of that pass are done.
 */
static void server_resume_soon(struct daemon *d)
{
	static const struct timeval now = {0, 0};

	evtimer_add(d->resume_ev, &now);
}

static void conn_drained(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	if (evbuffer_get_length(bufferevent_get_output(bev)) != 0)
		return;
	if (c->closing) {
		conn_close(c, "said goodbye");
	} else if (c->paused) {
		/* It has read what we held: its requests may run again. */
		c->paused = 0;
		conn_park(c);
		server_resume_soon(c->daemon);
	}
}

/* Write a whole reply; a connection told to close goes once it is out. */
static void conn_send(struct conn *c, const char *line, size_t len)
{
	conn_write(c, line, len);
	if (c->bev && c->closing) {
		bufferevent_disable(c->bev, EV_READ);
		conn_drained(c->bev, c);
	}
}

/* Start c's counts afresh if a turn ended since they were made. */
static void conn_turn(struct conn *c)
{
	if (c->turn != c->daemon->turn) {
		c->turn = c->daemon->turn;
		c->turn_requests = 0;
		c->turn_bytes = 0;
	}
}

/*
 * Send a reply line (malloc'd, with its newline), or hold it until the open
 * batch is durable. Steals line; id is the request's, kept for the error
 * reply that replaces a change's if the commit fails.
 */
void server_reply_line(struct conn *c, json_t *id, char *line, size_t len,
                       int change)
{
	struct daemon *d = c->daemon;
	struct pending *p;

	conn_turn(c);
	c->turn_bytes += len;
	if (!store_in_batch(d->store)) {
		conn_send(c, line, len);
		free(line);
		return;
	}
	p = xcalloc(1, sizeof *p);
	p->conn = c;
	p->line = line;
	p->len = len;
	p->id = json_incref(id);
	p->change = change;
	c->pending++;
	TAILQ_INSERT_TAIL(&d->pending, p, link);
}

/* Send a reply, or hold it until the open batch is durable. Steals msg. */
void server_reply(struct conn *c, json_t *msg, int change)
{
	size_t len;
	char *line = proto_encode(msg, &len);

	server_reply_line(c, json_object_get(msg, "id"), line, len, change);
	json_decref(msg);
}

/* The store's sink: an event of a kept request, held for the commit. */
void server_emit(void *arg, const char *line, size_t len)
{
	struct daemon *d = arg;
	struct pending *p = xcalloc(1, sizeof *p);

	p->line = xmalloc(len + 1);
	memcpy(p->line, line, len);
	p->line[len] = '\n';
	p->len = len + 1;
	TAILQ_INSERT_TAIL(&d->pending, p, link);
}

/*
 * The turn's events, one buffer for every subscriber: one write each. The
 * subscribers are listed first: a write may drop others (output.c), and a
 * dropped conn leaves daemon::conns but lives until the turn's end.
 */
static void server_fan_out(struct daemon *d, struct evbuffer *events)
{
	struct conn *c;
	size_t len = evbuffer_get_length(events);
	const char *lines;
	int n = 0;

	if (len == 0)
		return;
	lines = (const char *)evbuffer_pullup(events, -1);
	if (d->http)
		http_fan_out(d->http, lines, len);
	if (d->fan_cap < d->nconns) {
		d->fan_cap = d->nconns + 64;
		d->fan = xrealloc(d->fan, (size_t)d->fan_cap * sizeof *d->fan);
	}
	TAILQ_FOREACH(c, &d->conns, link)
	{
		if (c->subscribed)
			d->fan[n++] = c;
	}
	for (int i = 0; i < n; i++)
		conn_write(d->fan[i], lines, len);
}

/*
 * End of a turn: commit what the batch changed, then answer. If the commit
 * fails nothing of the batch happened, and every change is told so.
 */
int server_turn(struct daemon *d)
{
	struct qerr err = {0};
	struct pending *p, *next;
	struct evbuffer *events;
	int failed = 0;

	if (store_in_batch(d->store)) {
		failed = hall_batch_commit(d->hall, &err);
		if (failed)
			log_error("store", "%s", err.message);
		d->batches++;
	}
	d->batch_lines = 0;
	d->turn++;

	/* Events first, in one buffer: a client sees the event of its own
	 * change before the reply, and each subscriber costs one write. */
	events = evbuffer_new();
	TAILQ_FOREACH_SAFE(p, &d->pending, link, next)
	{
		if (p->conn != NULL)
			continue;
		if (!failed)
			evbuffer_add(events, p->line, p->len);
		TAILQ_REMOVE(&d->pending, p, link);
		free(p->line);
		free(p);
	}
	server_fan_out(d, events);
	evbuffer_free(events);

	while ((p = TAILQ_FIRST(&d->pending)) != NULL) {
		struct conn *c = p->conn;

		TAILQ_REMOVE(&d->pending, p, link);
		if (failed && p->change) {
			json_t *e =
			    proto_reply_error(p->id, err.code, err.message);
			free(p->line);
			p->line = proto_encode(e, &p->len);
			json_decref(e);
		}
		conn_send(c, p->line, p->len);
		c->pending--;
		json_decref(p->id);
		free(p->line);
		free(p);
	}
	return failed ? -1 : 0;
}

static void conn_read_lines(struct conn *, struct evbuffer *);
static void conn_stop_reading(struct conn *);

static void server_turn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	(void)fd;
	(void)what;
	server_turn(d);
	server_reap(d);
	output_trim(d);
	if (d->nready > 0)
		server_resume_soon(d);
}

/*
 * Keep c's leftover lines for the next turn: stop reading it (what else
 * it sends waits in the kernel) and queue it behind the others parked.
 */
static void conn_park(struct conn *c)
{
	struct daemon *d = c->daemon;

	bufferevent_disable(c->bev, EV_READ);
	if (c->parked)
		return;
	c->parked = 1;
	TAILQ_INSERT_TAIL(&d->ready, c, ready_link);
	d->nready++;
	event_active(d->turn_ev, 0, 0);
}

/*
 * Serve each conn parked so far once, in order. One parked again goes to
 * the back, and is not served twice in a pass. What the pass's fresh
 * reads opened is committed and answered first: a client with one request
 * waits for no one's leftovers.
 */
static void server_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct conn *c;
	(void)fd;
	(void)what;

	if (store_in_batch(d->store))
		server_turn(d);

	for (int n = d->nready; n > 0 && (c = TAILQ_FIRST(&d->ready)); n--) {
		TAILQ_REMOVE(&d->ready, c, ready_link);
		c->parked = 0;
		d->nready--;
		bufferevent_enable(c->bev, EV_READ);
		conn_read_lines(c, bufferevent_get_input(c->bev));
		if (c->closing)
			conn_stop_reading(c);
	}
}

/*
 * A connection we are closing reads nothing more: stop reading and drop what
 * it sent, or libevent would call us again for the same bytes on every pass.
 */
static void conn_stop_reading(struct conn *c)
{
	if (c->bev == NULL)
		return;
	bufferevent_disable(c->bev, EV_READ);
	evbuffer_drain(bufferevent_get_input(c->bev),
	               evbuffer_get_length(bufferevent_get_input(c->bev)));
}

static void conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	conn_read_lines(c, bufferevent_get_input(bev));
	if (c->closing)
		conn_stop_reading(c);
}

/* Has c had its share of this turn? */
static int conn_turn_spent(struct conn *c)
{
	const struct config *cf = &c->daemon->config;

	conn_turn(c);
	return c->turn_requests >= cf->turn_requests ||
	       c->turn_bytes >= (size_t)cf->turn_reply_kib * 1024;
}

/* Does c hold so much unread that it must read before it asks again? */
static int conn_must_read(const struct conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev)) >
	       (size_t)c->daemon->config.read_pause_kib * 1024;
}

static void conn_read_lines(struct conn *c, struct evbuffer *in)
{
	struct daemon *d = c->daemon;

	while (c->bev != NULL && !c->closing) {
		size_t eol_len = 0;
		struct evbuffer_ptr eol =
		    evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		/* Refuse an over-long line, before it is all here if need be.
		 */
		if ((eol.pos < 0 && evbuffer_get_length(in) > PROTO_MAX_LINE) ||
		    eol.pos > PROTO_MAX_LINE) {
			c->closing = 1;
			server_reply(c,
			             proto_reply_error(
			                 NULL, PROTO_E_LINE_TOO_LONG,
			                 "a line may be at most 65536 bytes"),
			             0);
			return;
		}
		if (eol.pos < 0)
			return;
		if (conn_must_read(c)) {
			/* conn_drained() parks it once the output is out. */
			c->paused = 1;
			bufferevent_disable(c->bev, EV_READ);
			return;
		}
		if (conn_turn_spent(c)) {
			conn_park(c);
			return;
		}
		size_t len = (size_t)eol.pos;
		char *line = (char *)evbuffer_pullup(in, (ssize_t)len + 1);
		int counts = c->hello; /* a hello is no request of a turn */
		dispatch_line(c, line, len);
		if (c->bev == NULL)
			return; /* closed while handling; in is gone */
		evbuffer_drain(in, len + eol_len);
		d->requests++;
		conn_turn(c);
		c->turn_requests += counts;
		if (c->turn_requests > d->turn_most)
			d->turn_most = c->turn_requests;
		/* A turn ends each pass that ran a line, batch or not (hello),
		 * so the counts of a turn are those of one pass. */
		event_active(d->turn_ev, 0, 0);
		/* Every line counts, refused ones too: their replies wait. */
		if (store_in_batch(d->store) &&
		    ++d->batch_lines >= d->config.max_batch)
			server_turn(d);
	}
}

static void conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & BEV_EVENT_TIMEOUT)
		conn_close(arg, "no hello in time");
	else if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		conn_close(arg, what & BEV_EVENT_EOF ? "end of stream"
		                                     : "socket error");
}

/*
 * A peer has SERVER_HELLO_S from its connect to say hello, however many
 * bytes it trickles in meanwhile, so silent or slow connections cannot
 * hold the client slots; a client that has said it may idle for ever.
 * Connections that have not said hello have a budget of their own, a
 * fraction of max_clients; and the last slots of max_clients (an eighth,
 * at most SERVER_RESERVED) are kept for the daemon's own user on the Unix
 * socket (the admin's qhall), who also skips the hello budget, so that no
 * crowd of strangers can lock the hall's operators out.
 */
#define SERVER_HELLO_S      10
#define SERVER_RESERVED     16
#define SERVER_PREHELLO_MIN 8

/* The live connection whose caller logged in at window n, if not self. */
struct conn *server_window_holder(struct daemon *d, struct conn *self, int n)
{
	struct conn *c;

	TAILQ_FOREACH(c, &d->conns, link)
	{
		if (c != self && c->claimed_window == n)
			return c;
	}
	return NULL;
}

void server_hello_done(struct conn *c)
{
	if (c->hello_ev) {
		event_free(c->hello_ev);
		c->hello_ev = NULL;
		c->daemon->nprehello--;
	}
}

static void server_hello_expired(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd;
	(void)what;

	conn_close(c, "no hello in time");
}

/* Connections without hello allowed at once: an eighth of max_clients. */
static int server_prehello_budget(const struct daemon *d)
{
	int n = d->config.max_clients / 8;

	return n < SERVER_PREHELLO_MIN ? SERVER_PREHELLO_MIN : n;
}

/*
 * Connections of one peer (a uid, an address) still without hello: no
 * peer may hold more than half the budget, so one cannot lock out all.
 */
static int server_prehello_of(const struct daemon *d, const char *key)
{
	const struct conn *c;
	int n = 0;

	TAILQ_FOREACH(c, &d->conns, link)
	{
		if (c->hello_ev && !c->closing && strcmp(c->peer_key, key) == 0)
			n++;
	}
	return n;
}

/* Slots only the daemon's own user may take. */
static int server_reserved(const struct daemon *d)
{
	int n = d->config.max_clients / 8;

	return n > SERVER_RESERVED ? SERVER_RESERVED : n;
}

/* Say "busy" to a peer we will not serve, and hang up. */
static void server_refuse(evutil_socket_t fd, const char *why)
{
	char line[200];
	int n = snprintf(line, sizeof line,
	                 "{\"ok\":false,\"error\":{\"code\":\"busy\","
	                 "\"message\":\"%s\"}}\n",
	                 why);
	/* Best effort: the client learns why, or just sees EOF. */
	ssize_t sent = send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);

	(void)sent;
	close(fd);
}

/* Out of descriptors (or another accept error): pause, then try again. */
static void server_accept_error(struct evconnlistener *l, void *arg)
{
	struct daemon *d = arg;
	struct timeval again = {1, 0};

	log_warn("server", "cannot accept a client: %s; pausing for a second",
	         strerror(errno));
	evconnlistener_disable(d->unix_listener);
	if (d->tcp_listener)
		evconnlistener_disable(d->tcp_listener);
	(void)l;
	event_add(d->accept_again_ev, &again);
}

static void server_accept_again(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	(void)fd;
	(void)what;

	evconnlistener_enable(d->unix_listener);
	if (d->tcp_listener)
		evconnlistener_enable(d->tcp_listener);
}

static void server_accept(struct evconnlistener *l, evutil_socket_t fd,
                          struct sockaddr *sa, int salen, void *arg)
{
	struct daemon *d = arg;
	struct conn *c;
	(void)l;
	(void)salen;

	c = xcalloc(1, sizeof *c);
	c->daemon = d;
	c->id = ++d->next_conn_id;
	if (sa->sa_family == AF_UNIX) {
		struct ucred cred;
		socklen_t len = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
			c->trusted = cred.uid == 0 || cred.uid == geteuid();
			snprintf(c->peer, sizeof c->peer, "unix uid %u",
			         (unsigned)cred.uid);
		}
		snprintf(c->peer_key, sizeof c->peer_key, "%s", c->peer);
	} else {
		char host[INET6_ADDRSTRLEN] = "?";
		int port = 0;
		if (sa->sa_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)sa;
			inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
			port = ntohs(in->sin_port);
		} else if (sa->sa_family == AF_INET6) {
			struct sockaddr_in6 *in = (struct sockaddr_in6 *)sa;
			inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof host);
			port = ntohs(in->sin6_port);
		}
		snprintf(c->peer, sizeof c->peer, "%s:%d", host, port);
		snprintf(c->peer_key, sizeof c->peer_key, "%s", host);
	}
	/* The limits, before anything is spent on the peer; the hall's own
	 * operators pass them within their reserve. */
	int limit =
	    d->config.max_clients - (c->trusted ? 0 : server_reserved(d));

	const char *why = NULL;

	if (d->nconns >= limit)
		why = "too many clients";
	else if (!c->trusted && d->nprehello >= server_prehello_budget(d))
		why = "too many clients that have not said hello";
	else if (!c->trusted && server_prehello_of(d, c->peer_key) >=
	                            server_prehello_budget(d) / 2)
		why = "too many clients from one peer that have not said "
		      "hello";
	if (why) {
		log_warn("server",
		         "refusing %s: %s (%d connected, %d without hello)",
		         c->peer[0] ? c->peer : "a client", why, d->nconns,
		         d->nprehello);
		server_refuse(fd, why);
		free(c);
		return;
	}
	if (sa->sa_family != AF_UNIX) {
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	c->bev = bufferevent_socket_new(d->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		close(fd);
		free(c);
		return;
	}
	/* Stop reading a peer whose line is over-long until we refuse it. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, PROTO_MAX_LINE + 2);
	bufferevent_priority_set(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, conn_drained, conn_event_cb, c);
	output_watch(c);
	c->hello_ev = evtimer_new(d->base, server_hello_expired, c);
	if (c->hello_ev == NULL) {
		bufferevent_free(c->bev);
		free(c);
		return;
	}
	{
		struct timeval deadline = {SERVER_HELLO_S, 0};
		evtimer_add(c->hello_ev, &deadline);
	}
	d->nprehello++;
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&d->conns, c, link);
	d->nconns++;
	log_debug("server", "conn %llu from %s", (unsigned long long)c->id,
	          c->peer);
}

static int server_listen_unix(struct daemon *d, struct qerr *err)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(d->socket_path) >= sizeof sun.sun_path)
		return qerr_set(err, PROTO_E_CONFIG, "socket path too long: %s",
		                d->socket_path);
	memcpy(sun.sun_path, d->socket_path, strlen(d->socket_path) + 1);
	/* We hold the data folder's lock: a socket file left here is stale. */
	unlink(d->socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0 ||
	    chmod(d->socket_path, 0666) < 0) {
		qerr_set(err, PROTO_E_IO, "cannot listen on %s: %s",
		         d->socket_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	d->unix_listener = evconnlistener_new(d->base, server_accept, d,
	                                      LEV_OPT_CLOSE_ON_FREE, 128, fd);
	if (d->unix_listener == NULL) {
		close(fd);
		return qerr_set(err, PROTO_E_IO, "cannot listen on %s: %s",
		                d->socket_path, strerror(errno));
	}
	return 0;
}

/* 127.0.0.0/8 or ::1: only this machine can reach it. */
static int server_loopback(const struct sockaddr *a)
{
	if (a->sa_family == AF_INET)
		return (ntohl(
		            ((const struct sockaddr_in *)a)->sin_addr.s_addr) >>
		        24) == 127;
	if (a->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)a)->sin6_addr);
	return 0;
}

static int server_listen_tcp(struct daemon *d, const char *spec,
                             struct qerr *err)
{
	struct evutil_addrinfo hints = {0}, *res = NULL;
	char host[256], *port;
	int rc;

	if (strncmp(spec, "tcp:", 4) != 0 || strlen(spec + 4) >= sizeof host)
		return qerr_set(err, PROTO_E_CONFIG,
		                "listen must be tcp:HOST:PORT, not \"%s\"",
		                spec);
	snprintf(host, sizeof host, "%s", spec + 4);
	port = strrchr(host, ':');
	if (port == NULL || port[1] == '\0')
		return qerr_set(err, PROTO_E_CONFIG,
		                "listen must be tcp:HOST:PORT, not \"%s\"",
		                spec);
	*port++ = '\0';
	/* getaddrinfo takes "99999" and binds 34463: say no instead. */
	{
		char *end;
		long n = strtol(port, &end, 10);
		if (*end != '\0' || n < 1 || n > 65535)
			return qerr_set(
			    err, PROTO_E_CONFIG,
			    "listen: the port must be a number from "
			    "1 to 65535, not \"%s\"",
			    port);
	}
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_PASSIVE;
	rc = evutil_getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return qerr_set(err, PROTO_E_CONFIG, "cannot resolve %s: %s",
		                host, evutil_gai_strerror(rc));
	d->tcp_listener = evconnlistener_new_bind(
	    d->base, server_accept, d,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    128, res->ai_addr, (int)res->ai_addrlen);
	if (d->tcp_listener && !server_loopback(res->ai_addr))
		log_warn("server",
		         "listening on %s:%s beyond loopback: tokens and PINs "
		         "cross the network in clear; keep it on the hall's "
		         "LAN or put a TLS tunnel in front (docs/SECURITY.md)",
		         host, port);
	evutil_freeaddrinfo(res);
	if (d->tcp_listener == NULL)
		return qerr_set(err, PROTO_E_IO, "cannot listen on %s:%s: %s",
		                host, port, strerror(errno));
	return 0;
}

int server_listen(struct daemon *d, struct qerr *err)
{
	TAILQ_INIT(&d->conns);
	TAILQ_INIT(&d->dead);
	TAILQ_INIT(&d->pending);
	TAILQ_INIT(&d->ready);
	d->turn_ev = event_new(d->base, -1, 0, server_turn_cb, d);
	event_priority_set(d->turn_ev, 2);
	d->resume_ev = evtimer_new(d->base, server_resume_cb, d);
	event_priority_set(d->resume_ev, 2);
	d->accept_again_ev = evtimer_new(d->base, server_accept_again, d);
	if (server_listen_unix(d, err))
		return -1;
	if (d->config.listen[0] && server_listen_tcp(d, d->config.listen, err))
		return -1;
	evconnlistener_set_error_cb(d->unix_listener, server_accept_error);
	if (d->tcp_listener)
		evconnlistener_set_error_cb(d->tcp_listener,
		                            server_accept_error);
	return 0;
}

void server_stop(struct daemon *d)
{
	struct conn *c;

	if (d->turn_ev)
		server_turn(d);
	while ((c = TAILQ_FIRST(&d->conns)) != NULL)
		conn_close(c, "daemon stopping");
	server_reap(d);
	if (d->unix_listener) {
		evconnlistener_free(d->unix_listener);
		unlink(d->socket_path);
	}
	if (d->tcp_listener)
		evconnlistener_free(d->tcp_listener);
	if (d->turn_ev)
		event_free(d->turn_ev);
	if (d->resume_ev)
		event_free(d->resume_ev);
	output_close(d);
	free(d->fan);
	if (d->accept_again_ev)
		event_free(d->accept_again_ev);
}
