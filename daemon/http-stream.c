/*
 * Server-Sent Events: each subscribed browser holds an open reply, and each
 * committed turn's events go out as messages. A browser is written to the
 * way a socket client is: what it has not read counts against the same
 * max_output_kib, and past it the browser is dropped (EventSource comes
 * back by itself and asks for the state afresh), so a stuck phone never
 * holds the hall back. Streams count against max_clients.
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http-private.h"
#include "log.h"
#include "xmalloc.h"

static void http_stream_free(struct http_stream *s)
{
	TAILQ_REMOVE(&s->http->streams, s, link);
	s->http->nstreams--;
	free(s->last);
	free(s);
}

/*
 * The browser went away. When the peer's end closed a reply still open,
 * evhttp has detached the request from the connection and left it to us
 * (libevent 2.1's evhttp_connection_incoming_fail); otherwise the
 * connection frees it.
 */
static void http_stream_gone(struct evhttp_connection *evcon, void *arg)
{
	struct http_stream *s = arg;
	struct evhttp_request *req = s->req;
	(void)evcon;

	http_stream_free(s);
	if (evhttp_request_get_connection(req) == NULL)
		evhttp_request_free(req);
}

/* Hang up on a browser now, whatever it has not read. */
static void http_stream_drop(struct http_stream *s, const char *why)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(s->req);

	log_debug("http", "stream dropped: %s", why);
	evhttp_connection_set_closecb(evcon, NULL, NULL);
	http_stream_free(s);
	evhttp_connection_free(evcon);
}

int http_stream_open(struct http *h, struct evhttp_request *req,
                     enum http_stream_kind kind, const char *day,
                     const char *number)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	struct http_stream *s;
	/* A stream lives for hours: only a stuck write times out. */
	struct timeval idle = {24 * 3600, 0};

	if (h->nstreams >= h->d->config.max_clients) {
		log_warn("http", "refusing a stream from %s: %d open",
		         http_peer_addr(req), h->nstreams);
		http_send_error(req, 503, "Service Unavailable");
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->http = h;
	s->req = req;
	s->kind = kind;
	snprintf(s->day, sizeof s->day, "%s", day ? day : "");
	snprintf(s->number, sizeof s->number, "%s", number ? number : "");
	http_headers(req, "text/event-stream; charset=utf-8", 0);
	evhttp_add_header(out, "X-Accel-Buffering", "no");
	evhttp_connection_set_timeout_tv(evcon, &idle);
	evhttp_send_reply_start(req, 200, "OK");
	evhttp_connection_set_closecb(evcon, http_stream_gone, s);
	/* The kernel would grow a stuck browser's buffer to megabytes out of
	 * sight of the cap: a fixed, small one, and the rest is counted. */
	{
		int fd =
		    bufferevent_getfd(evhttp_connection_get_bufferevent(evcon));
		int size = HTTP_STREAM_SNDBUF;
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	}
	TAILQ_INSERT_TAIL(&h->streams, s, link);
	h->nstreams++;
	http_conn_streaming(h, req);
	/* Reconnects come quickly: a second, not the browser's three. */
	http_stream_write(s, NULL, "retry: 1000", 0);
	return 0;
}

/* One message: "event: NAME\ndata: DATA\n\n", or a bare line if no data.
 * -1 when the browser was dropped instead (s is freed). */
int http_stream_write(struct http_stream *s, const char *event,
                      const char *data, size_t len)
{
	size_t unsent = http_conn_unsent(s->req);
	size_t limit = (size_t)s->http->d->config.max_output_kib * 1024;
	struct evbuffer *b;

	if (unsent + len + 64 > limit) {
		log_warn("http",
		         "dropping a stream to %s: it left %zu bytes unread",
		         http_peer_addr(s->req), unsent);
		http_stream_drop(s, "output limit");
		return -1;
	}
	b = evbuffer_new();
	if (b == NULL)
		fatal("out of memory for a stream");
	if (len == 0) {
		evbuffer_add_printf(b, "%s\n\n", data);
	} else {
		if (event)
			evbuffer_add_printf(b, "event: %s\n", event);
		evbuffer_add(b, "data: ", 6);
		evbuffer_add(b, data, len);
		evbuffer_add(b, "\n\n", 2);
	}
	evhttp_send_reply_chunk(s->req, b);
	evbuffer_free(b);
	return 0;
}

void http_streams_ping(struct http *h)
{
	struct http_stream *s, *next;

	TAILQ_FOREACH_SAFE(s, &h->streams, link, next)
	http_stream_write(s, NULL, ": ping", 0);
}

void http_streams_close(struct http *h)
{
	struct http_stream *s;

	while ((s = TAILQ_FIRST(&h->streams)) != NULL)
		http_stream_drop(s, "daemon stopping");
}

/* A ticket's page hears of its own ticket only, and only when it changed. */
static void http_stream_ticket(struct http_stream *s)
{
	json_t *view = http_ticket_view(s->http, s->day, s->number);
	char *text;

	if (view == NULL)
		return;
	text = json_dumps(view, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(view);
	if (text == NULL)
		fatal("out of memory for a ticket's view");
	if (s->last && strcmp(s->last, text) == 0) {
		free(text);
		return;
	}
	free(s->last);
	s->last = text;
	http_stream_write(s, "ticket", text, strlen(text));
}

void http_fan_out(struct http *h, const char *lines, size_t len)
{
	struct http_stream *s, *next;
	char *status = NULL;
	size_t status_len = 0;

	TAILQ_FOREACH_SAFE(s, &h->streams, link, next)
	{
		const char *p = lines, *end = lines + len;

		switch (s->kind) {
		case HTTP_STREAM_TICKET:
			http_stream_ticket(s);
			continue;
		case HTTP_STREAM_EVENTS:
		case HTTP_STREAM_DISPLAY:
		case HTTP_STREAM_CONSOLE:
			break;
		}
		/* Each event as it is (no key is ever in one). */
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (http_stream_write(s, "event", p, n))
				goto next_stream; /* dropped: s is gone */
			p += n + 1;
		}
		if (s->kind != HTTP_STREAM_EVENTS) {
			if (status == NULL) {
				json_t *v = http_display_view(h);
				status = json_dumps(v, JSON_COMPACT);
				json_decref(v);
				if (status == NULL)
					fatal("out of memory for a status");
				status_len = strlen(status);
			}
			http_stream_write(s, "status", status, status_len);
		}
	next_stream:;
	}
	free(status);
}
