/*
 * What the http-*.c files share: the server, its routes, the streams,
 * and the replies every route sends the same way (security headers,
 * errors, JSON).
 */
#ifndef QHALL_HTTP_PRIVATE_H
#define QHALL_HTTP_PRIVATE_H

#include <event2/http.h>
#include <jansson.h>
#include <stdint.h>
#include <sys/queue.h>

#include "daemon.h"
#include "http.h"

#define HTTP_MAX_HEADERS   8192  /* bytes of request line and headers */
#define HTTP_MAX_BODY      16384 /* a console form, never a file */
#define HTTP_TIMEOUT_S     10    /* to send a whole request (slow-loris) */
#define HTTP_PING_S        15    /* an SSE comment keeps proxies awake */
#define HTTP_PATH_MAX      512
#define HTTP_WRONG_KEYS    10    /* wrong ticket keys a minute per address */
#define HTTP_PEERS         256   /* addresses remembered for that */
#define HTTP_STREAM_SNDBUF 32768 /* a stream's kernel buffer, fixed */

enum http_stream_kind {
	HTTP_STREAM_EVENTS,  /* /api/events: the daemon's events as they are */
	HTTP_STREAM_DISPLAY, /* /display/events: events and the hall's state */
	HTTP_STREAM_TICKET,  /* /t/.../events: one ticket's own view */
	HTTP_STREAM_CONSOLE, /* /console/events: the hall for supervisors */
};

/* One browser subscribed to a stream. */
struct http_stream {
	TAILQ_ENTRY(http_stream) link; /* http::streams */
	struct http *http;
	struct evhttp_request *req; /* its reply is open until it goes */
	enum http_stream_kind kind;
	char day[16], number[16]; /* HTTP_STREAM_TICKET */
	char *last; /* the ticket view last sent, to send changes */
};

/* Wrong ticket keys from one address, this minute. */
struct http_peer {
	char addr[64];
	int64_t minute;
	int wrong;
};

struct http {
	struct daemon *d;
	struct evhttp *evhttp;
	TAILQ_HEAD(http_streams, http_stream) streams;
	int nstreams;
	TAILQ_HEAD(, http_conn) conns; /* http-conn.c */
	int nconns;
	struct event *tick_ev;
	struct http_sessions *sessions; /* http-console.c */
	int ticks;
	struct http_peer peers[HTTP_PEERS];
	char public_url[256];
};

/* A route: a path (or a prefix ending "/") and its handler. */
struct http_route {
	const char *path;
	int prefix;
	int methods; /* EVHTTP_REQ_* it answers */
	void (*handle)(struct http *, struct evhttp_request *,
	               const char *path);
};

/* http-server.c: replies */
void http_headers(struct evhttp_request *, const char *type, int cache);
void http_send_text(struct evhttp_request *, int code, const char *reason,
                    const char *type, const char *body, size_t len);
void http_send_error(struct evhttp_request *, int code, const char *reason);
void http_send_json(struct evhttp_request *, int code, json_t *steal);
/* A query parameter of the request's URI into out; -1 when absent. */
int http_query(struct evhttp_request *, const char *name, char *out,
               size_t size);
/* The peer's address, for limits and the log. */
const char *http_peer_addr(struct evhttp_request *);
/* The citizen's address: X-Real-IP when a local proxy sent it. */
const char *http_client_addr(struct evhttp_request *);
/* The device a "Bearer TOKEN" header (or ?token=) names; 0 when good. */
int http_device(struct http *, struct evhttp_request *, struct store_device *);
/* Commit whatever batch is open, so a read sees only what is durable. */
void http_settle(struct http *);
/* Run an op as conn would over the socket, committed before it returns. */
int http_run_op(struct http *, struct conn *, const char *op, json_t *req,
                json_t **result, struct qerr *);

/* http-conn.c: connections, their deadline and their backlog. */
struct bufferevent *http_conn_new(struct event_base *, void *http);
void http_conn_arrived(struct http *, struct evhttp_request *);
void http_conn_streaming(struct http *, struct evhttp_request *);
size_t http_conn_unsent(struct evhttp_request *);
void http_conns_tick(struct http *);  /* once a second */
void http_conns_close(struct http *); /* after evhttp_free */

/* http-static.c */
/* Send assets/web/NAME if NAME is one of ours; 0 when sent. */
int http_static_send(struct evhttp_request *, const char *name, int code);
void http_static_route(struct http *, struct evhttp_request *, const char *);

/* http-stream.c */
int http_stream_open(struct http *, struct evhttp_request *,
                     enum http_stream_kind, const char *day,
                     const char *number);
int http_stream_write(struct http_stream *, const char *event, const char *data,
                      size_t len);
void http_streams_close(struct http *);
void http_streams_ping(struct http *);

/* http-ticket.c */
void http_ticket_route(struct http *, struct evhttp_request *, const char *);
/* The ticket's view as the page shows it; NULL when it is gone. */
json_t *http_ticket_view(struct http *, const char *day, const char *number);

/* http-display.c */
void http_display_route(struct http *, struct evhttp_request *, const char *);
void http_display_events(struct http *, struct evhttp_request *, const char *);
/* The hall as the display shows it: status without keys or staff. */
json_t *http_display_view(struct http *);

/* http-console.c */
/* The request's body as a JSON object; NULL when it is not one. */
json_t *http_body_json(struct evhttp_request *);
struct http_sessions *http_sessions_new(void);
void http_sessions_free(struct http_sessions *);
void http_console_route(struct http *, struct evhttp_request *, const char *);
void http_console_state(struct http *, struct evhttp_request *, const char *);
void http_console_events(struct http *, struct evhttp_request *, const char *);
void http_console_action(struct http *, struct evhttp_request *, const char *);
void http_console_reviews(struct http *, struct evhttp_request *, const char *);
void http_console_alerts(struct http *, struct evhttp_request *, const char *);

/* http-api.c */
void http_api_status(struct http *, struct evhttp_request *, const char *);
void http_api_events(struct http *, struct evhttp_request *, const char *);
void http_api_healthz(struct http *, struct evhttp_request *, const char *);

#endif
