#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "proto.h"
#include "ticket.h"
#include "xmalloc.h"

struct client {
	int fd;
	int timeout_ms;
	long long next_id;
	char *buf; /* bytes read but not yet taken as lines */
	size_t len, cap;
	json_t *events;  /* events that came while waiting for a reply */
	json_t *welcome; /* result of hello */
};

int client_addr_unix(struct client_addr *a, const char *path, struct qerr *err)
{
	memset(a, 0, sizeof *a);
	if (strlen(path) >= sizeof a->path)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "socket path too long: %s", path);
	memcpy(a->path, path, strlen(path) + 1);
	return 0;
}

int client_addr_data(struct client_addr *a, const char *dir, struct qerr *err)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, CLIENT_SOCKET_NAME);
	return client_addr_unix(a, path, err);
}

/* HOST:PORT, or [V6HOST]:PORT */
int client_addr_tcp(struct client_addr *a, const char *hostport,
                    struct qerr *err)
{
	const char *colon = strrchr(hostport, ':');
	const char *host = hostport;
	size_t hlen;

	memset(a, 0, sizeof *a);
	a->tcp = 1;
	if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= 16)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "expected HOST:PORT, not \"%s\"", hostport);
	hlen = (size_t)(colon - hostport);
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		host++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof a->host)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "expected HOST:PORT, not \"%s\"", hostport);
	memcpy(a->host, host, hlen);
	snprintf(a->port, sizeof a->port, "%s", colon + 1);
	return 0;
}

/*
 * connect() bounded by timeout_ms: a TCP host that drops packets, or a Unix
 * socket whose backlog is full (EAGAIN), must not hang a client for ever.
 */
static int client_connect_within(int fd, const struct sockaddr *sa,
                                 socklen_t len, int timeout_ms)
{
	int flags = fcntl(fd, F_GETFL), rc, waited = 0;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	for (;;) {
		rc = connect(fd, sa, len);
		if (rc == 0 || (errno != EAGAIN && errno != EINPROGRESS))
			break;
		if (errno == EAGAIN) { /* Unix backlog full: try again */
			if (waited >= timeout_ms) {
				errno = ETIMEDOUT;
				break;
			}
			poll(NULL, 0, 50);
			waited += 50;
			continue;
		}
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		rc = poll(&p, 1, timeout_ms);
		if (rc == 0) {
			errno = ETIMEDOUT;
			rc = -1;
		} else if (rc > 0) {
			int e = 0;
			socklen_t elen = sizeof e;
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen);
			rc = e ? -1 : 0;
			errno = e;
		}
		break;
	}
	fcntl(fd, F_SETFL, flags);
	return rc;
}

/* A daemon that vanishes without a word (power, network) is noticed. */
static void client_keepalive(int fd)
{
	int on = 1, idle = 10, intvl = 5, cnt = 3;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
}

static int client_connect(const struct client_addr *a, struct qerr *err)
{
	struct addrinfo hints = {0}, *res, *ai;
	struct sockaddr_un sun = {0};
	int fd = -1, rc, one = 1;

	if (!a->tcp) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return qerr_set(err, PROTO_E_IO, "socket: %s",
			                strerror(errno));
		sun.sun_family = AF_UNIX;
		memcpy(sun.sun_path, a->path, strlen(a->path) + 1);
		if (client_connect_within(fd, (struct sockaddr *)&sun,
		                          sizeof sun, CLIENT_TIMEOUT_MS) < 0) {
			qerr_set(err, PROTO_E_IO,
			         "cannot connect to qhalld at %s: %s", a->path,
			         strerror(errno));
			close(fd);
			return -1;
		}
		return fd;
	}
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(a->host, a->port, &hints, &res);
	if (rc != 0)
		return qerr_set(err, PROTO_E_IO, "cannot resolve %s: %s",
		                a->host, gai_strerror(rc));
	qerr_set(err, PROTO_E_IO, "cannot connect to qhalld at %s:%s", a->host,
	         a->port);
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		            ai->ai_protocol);
		if (fd < 0)
			continue;
		if (client_connect_within(fd, ai->ai_addr, ai->ai_addrlen,
		                          CLIENT_TIMEOUT_MS) == 0)
			break;
		qerr_set(err, PROTO_E_IO,
		         "cannot connect to qhalld at %s:%s: %s", a->host,
		         a->port, strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0) {
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		client_keepalive(fd);
	}
	return fd;
}

static int client_write(struct client *c, const char *buf, size_t len,
                        struct qerr *err)
{
	while (len > 0) {
		ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return qerr_set(err, PROTO_E_IO,
			                "lost the connection to qhalld: %s",
			                strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Take the next line: as JSON (*msg), or, with raw set, first offered to
 * raw(): a line it keeps (returns 1 after copying what it needs) is not
 * parsed at all. Returns 0 with *msg set (NULL if raw kept the line), 1 on
 * timeout, -1 on error. A timeout of -1 waits for ever.
 */
static int client_read_line(struct client *c, int timeout_ms, json_t **msg,
                            int (*raw)(void *, const char *, size_t), void *arg,
                            struct qerr *err)
{
	json_error_t jerr;

	for (;;) {
		char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
		if (nl != NULL) {
			size_t n = (size_t)(nl - c->buf);
			int kept = raw && raw(arg, c->buf, n);

			*msg = kept ? NULL : json_loadb(c->buf, n, 0, &jerr);
			memmove(c->buf, nl + 1, c->len - n - 1);
			c->len -= n + 1;
			if (!kept && (*msg == NULL || !json_is_object(*msg))) {
				json_decref(*msg);
				return qerr_set(err, PROTO_E_PROTOCOL,
				                "qhalld sent a bad line: %s",
				                jerr.text);
			}
			return 0;
		}
		if (c->len > PROTO_MAX_LINE * 16)
			return qerr_set(err, PROTO_E_PROTOCOL,
			                "qhalld sent an over-long line");
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		int rc = poll(&p, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return qerr_set(err, PROTO_E_IO, "poll: %s",
			                strerror(errno));
		if (rc == 0)
			return 1;
		if (c->cap - c->len < 65536) {
			c->cap = c->cap * 2 + 65536;
			c->buf = xrealloc(c->buf, c->cap);
		}
		ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return qerr_set(
			    err, PROTO_E_IO, "qhalld closed the connection%s%s",
			    n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
		c->len += (size_t)n;
	}
}

static int client_read_msg(struct client *c, int timeout_ms, json_t **msg,
                           struct qerr *err)
{
	return client_read_line(c, timeout_ms, msg, NULL, NULL, err);
}

/* The static copy of a code the daemon sent, or PROTO_E_PROTOCOL. */
const char *client_known_code(const char *code)
{
	return proto_error_from_daemon(code);
}

/* Any next message, reply or event: 0 with *msg, 1 on timeout, -1 lost. */
int client_next(struct client *c, int timeout_ms, json_t **msg,
                struct qerr *err)
{
	*msg = NULL;
	if (json_array_size(c->events) > 0) {
		*msg = json_incref(json_array_get(c->events, 0));
		json_array_remove(c->events, 0);
		return 0;
	}
	return client_read_msg(c, timeout_ms, msg, err);
}

/* Send a request; its id comes back in *id for client_reply(). */
int client_send(struct client *c, const char *op, json_t *params, long long *id,
                struct qerr *err)
{
	json_t *req = params ? params : json_object();
	size_t len;
	char *line;
	int rc;

	*id = ++c->next_id;
	json_object_set_new(req, "id", json_integer(*id));
	json_object_set_new(req, "op", json_string(op));
	line = proto_encode(req, &len);
	json_decref(req);
	rc = client_write(c, line, len, err);
	free(line);
	return rc;
}

/* A successful reply's text, kept as it came (client_call_text). */
struct client_text {
	long long id;
	char prefix[64];
	size_t prefix_len;
	char **text;
	size_t *len;
};

static int client_text_keep(void *arg, const char *line, size_t n)
{
	struct client_text *t = arg;

	if (n < t->prefix_len + 1 || memcmp(line, t->prefix, t->prefix_len))
		return 0;
	/* the result object, without the reply's closing brace */
	*t->len = n - t->prefix_len - 1;
	*t->text = xmalloc(*t->len + 1);
	memcpy(*t->text, line + t->prefix_len, *t->len);
	(*t->text)[*t->len] = '\0';
	return 1;
}

static int client_wait(struct client *c, long long id, json_t **result,
                       struct client_text *keep, struct qerr *err)
{
	json_t *msg;
	int rc;

	*result = NULL;
	for (;;) {
		rc =
		    client_read_line(c, c->timeout_ms, &msg,
		                     keep ? client_text_keep : NULL, keep, err);
		if (rc == 0 && msg == NULL)
			return 0; /* the text was kept */
		if (rc == 1)
			return qerr_set(err, PROTO_E_TIMEOUT,
			                "qhalld did not answer within %d ms",
			                c->timeout_ms);
		if (rc < 0)
			return -1;
		if (json_object_get(msg, "event")) {
			json_array_append_new(c->events, msg);
			continue;
		}
		if (json_integer_value(json_object_get(msg, "id")) == id)
			break;
		json_decref(msg);
	}
	if (json_is_true(json_object_get(msg, "ok"))) {
		*result = json_incref(json_object_get(msg, "result"));
		json_decref(msg);
		return 0;
	}
	json_t *e = json_object_get(msg, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *text = json_string_value(json_object_get(e, "message"));
	const char *known = client_known_code(code);
	qerr_set(err, known, "%s", text ? text : "qhalld refused the request");
	json_decref(msg);
	return -1;
}

/* Wait for the reply to request id; events seen meanwhile are kept. */
int client_reply(struct client *c, long long id, json_t **result,
                 struct qerr *err)
{
	return client_wait(c, id, result, NULL, err);
}

/*
 * Send one request; its successful result comes back as the text the
 * daemon wrote (*text, the caller frees), never parsed here: for a reply
 * the caller reads faster than a parse into jansson objects (a report's
 * trace pages). A refusal is an error as for client_call().
 */
int client_call_text(struct client *c, const char *op, json_t *params,
                     char **text, size_t *len, struct qerr *err)
{
	long long id;

	*text = NULL;
	*len = 0;
	if (client_send(c, op, params, &id, err))
		return -1;
	return client_reply_text(c, id, text, len, err);
}

/* The reply to request id (client_send), as text (client_call_text). */
int client_reply_text(struct client *c, long long id, char **text, size_t *len,
                      struct qerr *err)
{
	struct client_text t = {.text = text, .len = len};
	json_t *none;

	*text = NULL;
	*len = 0;
	t.id = id;
	t.prefix_len =
	    (size_t)snprintf(t.prefix, sizeof t.prefix,
	                     "{\"id\":%lld,\"ok\":true,\"result\":", id);
	if (client_wait(c, id, &none, &t, err))
		return -1;
	if (*text == NULL) {
		/* The daemon wrote it another way (jansson's order): as text
		 * all the same. */
		*text = json_dumps(none, JSON_COMPACT);
		*len = *text ? strlen(*text) : 0;
		json_decref(none);
		if (*text == NULL)
			return qerr_set(err, PROTO_E_PROTOCOL,
			                "qhalld sent an empty reply");
	}
	return 0;
}

/* Send one request and wait for its reply; params is consumed. */
int client_call(struct client *c, const char *op, json_t *params,
                json_t **result, struct qerr *err)
{
	long long id;

	*result = NULL;
	if (client_send(c, op, params, &id, err))
		return -1;
	return client_reply(c, id, result, err);
}

/* Next event: 0 with *event set, 1 on timeout, -1 when the link is lost. */
int client_event(struct client *c, int timeout_ms, json_t **event,
                 struct qerr *err)
{
	json_t *msg;
	int rc;

	*event = NULL;
	if (json_array_size(c->events) > 0) {
		*event = json_incref(json_array_get(c->events, 0));
		json_array_remove(c->events, 0);
		return 0;
	}
	for (;;) {
		rc = client_read_msg(c, timeout_ms, &msg, err);
		if (rc != 0)
			return rc;
		if (json_object_get(msg, "event")) {
			*event = msg;
			return 0;
		}
		json_decref(msg); /* a late reply nobody waits for */
	}
}

struct client *client_open(const struct client_addr *a,
                           const struct client_hello *h, struct qerr *err)
{
	struct client *c;
	json_t *params, *result;
	char device[64];
	int fd;

	if ((fd = client_connect(a, err)) < 0)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->timeout_ms = CLIENT_TIMEOUT_MS;
	c->events = json_array();
	snprintf(device, sizeof device, "%s-%ld", program_invocation_short_name,
	         (long)getpid());
	/* No role: the daemon gives a token's own role, or admin to a
	 * trusted local user. */
	params = json_pack("{s:i, s:s}", "version", PROTO_VERSION, "device",
	                   h && h->device ? h->device : device);
	if (h && h->role)
		json_object_set_new(params, "role", json_string(h->role));
	if (h && h->token)
		json_object_set_new(params, "token", json_string(h->token));
	if (h && h->window > 0)
		json_object_set_new(params, "window", json_integer(h->window));
	if (client_call(c, "hello", params, &result, err)) {
		client_free(c);
		return NULL;
	}
	c->welcome = result;
	return c;
}

void client_free(struct client *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	json_decref(c->events);
	json_decref(c->welcome);
	free(c->buf);
	free(c);
}

int client_fd(const struct client *c)
{
	return c->fd;
}

json_t *client_welcome(const struct client *c)
{
	return c->welcome;
}

void client_set_timeout(struct client *c, int timeout_ms)
{
	c->timeout_ms = timeout_ms;
}
