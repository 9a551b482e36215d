/*
 * Every HTTP connection, from its accept to its end. libevent 2.1's evhttp
 * times a connection out only when it falls silent, so a peer trickling a
 * header a second (slow-loris) would hold its descriptor for ever; and it
 * counts no connections. So each connection's bufferevent is made here
 * (evhttp's bevcb) and held by one reference of ours. Once a second the
 * list is walked: a connection evhttp has let go (its event callback is
 * gone) is released; one that has not delivered a whole request within
 * HTTP_TIMEOUT_S of its accept or of its last request, or one beyond
 * max_clients, is shut, and evhttp sees it end. A stream, once open, is
 * exempt. The walk and the lookup by bufferevent cost the list's length,
 * which max_clients bounds.
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "http-private.h"
#include "log.h"
#include "ticket.h"
#include "xmalloc.h"

struct http_conn {
	TAILQ_ENTRY(http_conn) link; /* http::conns */
	struct bufferevent *bev;     /* one reference is ours */
	int64_t deadline;            /* ms: a whole request by then */
	int stream;                  /* an open stream: no deadline */
	int shut;
};

static void http_conn_release(struct http *h, struct http_conn *c)
{
	TAILQ_REMOVE(&h->conns, c, link);
	h->nconns--;
	bufferevent_decref(c->bev);
	free(c);
}

static int http_conn_gone(struct http_conn *c)
{
	bufferevent_event_cb eventcb = NULL;

	bufferevent_getcb(c->bev, NULL, NULL, &eventcb, NULL);
	return eventcb == NULL;
}

static void http_conn_shut(struct http_conn *c)
{
	evutil_socket_t fd = bufferevent_getfd(c->bev);

	if (fd >= 0 && !c->shut)
		shutdown(fd, SHUT_RDWR);
	c->shut = 1;
}

void http_conns_tick(struct http *h)
{
	struct http_conn *c, *next;
	int64_t now = ticket_now_ms();

	TAILQ_FOREACH_SAFE(c, &h->conns, link, next)
	{
		if (http_conn_gone(c)) {
			http_conn_release(h, c);
		} else if (!c->stream && now > c->deadline) {
			log_debug("http", "no whole request in %ds: shut",
			          HTTP_TIMEOUT_S);
			http_conn_shut(c);
		}
	}
}

void http_conns_close(struct http *h)
{
	struct http_conn *c;

	while ((c = TAILQ_FIRST(&h->conns)) != NULL)
		http_conn_release(h, c);
}

/* evhttp's bevcb: a new connection's bufferevent, counted and timed. */
struct bufferevent *http_conn_new(struct event_base *base, void *arg)
{
	struct http *h = arg;
	struct http_conn *c = xcalloc(1, sizeof *c);

	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL)
		fatal("out of memory for a connection");
	bufferevent_incref(c->bev);
	c->deadline = ticket_now_ms() + HTTP_TIMEOUT_S * 1000;
	TAILQ_INSERT_TAIL(&h->conns, c, link);
	if (++h->nconns > h->d->config.max_clients) {
		log_warn("http", "refusing a connection: %d open",
		         h->nconns - 1);
		c->deadline = 0; /* shut at the next tick */
	}
	return c->bev;
}

static struct http_conn *http_conn_find(struct http *h,
                                        struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev =
	    evcon ? evhttp_connection_get_bufferevent(evcon) : NULL;
	struct http_conn *c;

	TAILQ_FOREACH(c, &h->conns, link)
	{
		if (c->bev == bev)
			return c;
	}
	return NULL;
}

/* A whole request came: the next has its own HTTP_TIMEOUT_S. */
void http_conn_arrived(struct http *h, struct evhttp_request *req)
{
	struct http_conn *c = http_conn_find(h, req);

	if (c && c->deadline > 0)
		c->deadline = ticket_now_ms() + HTTP_TIMEOUT_S * 1000;
}

void http_conn_streaming(struct http *h, struct evhttp_request *req)
{
	struct http_conn *c = http_conn_find(h, req);

	if (c)
		c->stream = 1;
}

size_t http_conn_unsent(struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);

	return evbuffer_get_length(
	    bufferevent_get_output(evhttp_connection_get_bufferevent(evcon)));
}
