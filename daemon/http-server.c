/*
 * The HTTP server in qhalld's own loop: one evhttp on the event base the
 * socket clients share, so a page sees exactly what a screen sees and no
 * second process opens the database. Every request passes one gate before
 * any route: a method we answer, a path that decodes to plain text (no
 * NUL, no "..", no "//"), within bounds; evhttp itself refuses headers and
 * bodies beyond HTTP_MAX_HEADERS and HTTP_MAX_BODY and peers that take
 * longer than HTTP_TIMEOUT_S to send them. Every reply carries the same
 * security headers: a strict Content-Security-Policy (our own files only,
 * no inline script), nosniff, no framing, and no Referer, since a ticket's
 * address holds its key.
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http-private.h"
#include "log.h"
#include "ops.h"
#include "proto.h"
#include "xmalloc.h"

#define HTTP_CSP                                                               \
	"default-src 'none'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; connect-src 'self'; media-src 'self'; "         \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static void http_index(struct http *h, struct evhttp_request *req,
                       const char *path)
{
	(void)h;
	(void)path;
	http_static_send(req, "index.html", 200);
}

static const struct http_route http_routes[] = {
    {"/", 0, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, http_index},
    {"/static/", 1, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, http_static_route},
    {"/t/", 1, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST,
     http_ticket_route},
    {"/display", 0, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, http_display_route},
    {"/display/events", 0, EVHTTP_REQ_GET, http_display_events},
    {"/console", 0, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, http_console_route},
    {"/console/state", 0, EVHTTP_REQ_GET, http_console_state},
    {"/console/events", 0, EVHTTP_REQ_GET, http_console_events},
    {"/console/reviews", 0, EVHTTP_REQ_GET, http_console_reviews},
    {"/console/alerts", 0, EVHTTP_REQ_GET, http_console_alerts},
    {"/console/", 1, EVHTTP_REQ_POST, http_console_action},
    {"/api/status", 0, EVHTTP_REQ_GET, http_api_status},
    {"/api/events", 0, EVHTTP_REQ_GET, http_api_events},
    {"/healthz", 0, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, http_api_healthz},
};

#define HTTP_NROUTES (sizeof http_routes / sizeof http_routes[0])

void http_headers(struct evhttp_request *req, const char *type, int cache)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);

	if (type)
		evhttp_add_header(out, "Content-Type", type);
	evhttp_add_header(out, "Content-Security-Policy", HTTP_CSP);
	evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(out, "X-Frame-Options", "DENY");
	evhttp_add_header(out, "Referrer-Policy", "no-referrer");
	evhttp_add_header(out, "Cross-Origin-Opener-Policy", "same-origin");
	evhttp_add_header(out, "Cross-Origin-Resource-Policy", "same-origin");
	evhttp_add_header(out, "Cache-Control",
	                  cache ? "public, max-age=300" : "no-store");
}

void http_send_text(struct evhttp_request *req, int code, const char *reason,
                    const char *type, const char *body, size_t len)
{
	struct evbuffer *b = evbuffer_new();

	if (b == NULL)
		fatal("out of memory for a reply");
	http_headers(req, type, 0);
	evbuffer_add(b, body, len);
	evhttp_send_reply(req, code, reason, b);
	evbuffer_free(b);
}

/* Errors in plain text, the same few words for every cause of a code. */
void http_send_error(struct evhttp_request *req, int code, const char *reason)
{
	char body[128];
	int n = snprintf(body, sizeof body, "%d %s\n", code, reason);

	http_send_text(req, code, reason, "text/plain; charset=utf-8", body,
	               (size_t)n);
}

void http_send_json(struct evhttp_request *req, int code, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);

	json_decref(msg);
	if (text == NULL)
		fatal("out of memory encoding a reply");
	http_send_text(req, code, code == 200 ? "OK" : "Error",
	               "application/json; charset=utf-8", text, strlen(text));
	free(text);
}

int http_query(struct evhttp_request *req, const char *name, char *out,
               size_t size)
{
	const char *q =
	    evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
	struct evkeyvalq params;
	const char *v;
	int rc = -1;

	if (q == NULL || evhttp_parse_query_str(q, &params) != 0)
		return -1;
	v = evhttp_find_header(&params, name);
	if (v && strlen(v) < size) {
		memcpy(out, v, strlen(v) + 1);
		rc = 0;
	}
	evhttp_clear_headers(&params);
	return rc;
}

const char *http_peer_addr(struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	char *addr = NULL;
	ev_uint16_t port;

	if (evcon == NULL)
		return "?";
	evhttp_connection_get_peer(evcon, &addr, &port);
	return addr ? addr : "?";
}

/* Behind a proxy on this machine every peer is loopback: the proxy's
 * X-Real-IP names the citizen (only a local process could forge it). */
const char *http_client_addr(struct evhttp_request *req)
{
	const char *peer = http_peer_addr(req);
	const char *real = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "X-Real-IP");

	if (real && strlen(real) < 64 &&
	    (strncmp(peer, "127.", 4) == 0 || strcmp(peer, "::1") == 0))
		return real;
	return peer;
}

int http_device(struct http *h, struct evhttp_request *req,
                struct store_device *dev)
{
	const char *auth = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Authorization");
	char token[HELLO_TOKEN_LEN + 2];
	struct qerr err = {0};

	if (auth && strncmp(auth, "Bearer ", 7) == 0 &&
	    strlen(auth + 7) < sizeof token)
		snprintf(token, sizeof token, "%s", auth + 7);
	else if (http_query(req, "token", token, sizeof token))
		return -1;
	http_settle(h);
	return hello_token_check(h->d, token, dev, &err);
}

void http_settle(struct http *h)
{
	if (store_in_batch(h->d->store))
		server_turn(h->d);
}

int http_run_op(struct http *h, struct conn *c, const char *name, json_t *req,
                json_t **result, struct qerr *err)
{
	const struct op *op = ops_find(name);
	struct op_ctx *ctx;
	int rc;

	if (op == NULL)
		fatal("no op %s", name);
	/* Others' requests first, so this one's commit is its own. */
	http_settle(h);
	ctx = xcalloc(1, sizeof *ctx);
	ctx->d = h->d;
	ctx->conn = c;
	ctx->req = req;
	*result = NULL;
	rc = dispatch_op(c, op, ctx, result, err);
	if (rc == 0 && ctx->text_len > 0)
		*result = json_loadb(ctx->text, ctx->text_len, 0, NULL);
	free(ctx);
	/* The reply only once the change is durable, as on the socket. */
	if (store_in_batch(h->d->store) && server_turn(h->d) && rc == 0) {
		json_decref(*result);
		*result = NULL;
		return qerr_set(err, PROTO_E_STORE, "the change was not saved");
	}
	return rc;
}

/* A path we will route: printable, no NUL, no "..", no "//". */
static int http_path_ok(const char *raw, char *out, size_t size)
{
	size_t len = 0;
	char *dec;

	if (raw == NULL || raw[0] != '/' || strlen(raw) > HTTP_PATH_MAX)
		return 0;
	dec = evhttp_uridecode(raw, 0, &len);
	if (dec == NULL)
		return 0;
	int ok = len < size && strlen(dec) == len &&
	         strstr(dec, "..") == NULL && strstr(dec, "//") == NULL;
	for (size_t i = 0; ok && i < len; i++)
		if ((unsigned char)dec[i] < 0x20 || dec[i] == 0x7f ||
		    dec[i] == '\\')
			ok = 0;
	if (ok)
		memcpy(out, dec, len + 1);
	free(dec);
	return ok;
}

static void http_request_cb(struct evhttp_request *req, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	int method = (int)evhttp_request_get_command(req);
	char path[HTTP_PATH_MAX + 1];

	http_conn_arrived(h, req);
	if (uri == NULL ||
	    !http_path_ok(evhttp_uri_get_path(uri), path, sizeof path)) {
		log_debug("http", "%s: bad path", http_peer_addr(req));
		http_send_error(req, 400, "Bad Request");
		return;
	}
	for (size_t i = 0; i < HTTP_NROUTES; i++) {
		const struct http_route *r = &http_routes[i];
		int match = r->prefix
		                ? strncmp(path, r->path, strlen(r->path)) == 0
		                : strcmp(path, r->path) == 0;
		if (!match)
			continue;
		if (!(r->methods & method)) {
			evhttp_add_header(
			    evhttp_request_get_output_headers(req), "Allow",
			    !(r->methods & EVHTTP_REQ_GET) ? "POST"
			    : r->methods & EVHTTP_REQ_POST ? "GET, HEAD, POST"
			                                   : "GET, HEAD");
			http_send_error(req, 405, "Method Not Allowed");
			return;
		}
		r->handle(h, req, path);
		return;
	}
	http_send_error(req, 404, "Not Found");
}

/* Each second: connections' deadlines; every HTTP_PING_S: the pings. */
static void http_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	(void)fd;
	(void)what;

	http_conns_tick(h);
	if (++h->ticks % HTTP_PING_S == 0)
		http_streams_ping(h);
}

/* "HOST:PORT" or "[V6]:PORT" into its parts. */
static int http_split(const char *listen, char *host, size_t size, int *port,
                      struct qerr *err)
{
	const char *colon = strrchr(listen, ':');
	char *end;
	long n;
	size_t hl;

	if (colon == NULL || colon == listen)
		return qerr_set(err, PROTO_E_CONFIG,
		                "http listen must be HOST:PORT, not \"%s\"",
		                listen);
	n = strtol(colon + 1, &end, 10);
	if (*end != '\0' || n < 1 || n > 65535)
		return qerr_set(err, PROTO_E_CONFIG,
		                "http listen: the port must be a number from 1 "
		                "to 65535, not \"%s\"",
		                colon + 1);
	hl = (size_t)(colon - listen);
	if (listen[0] == '[' && hl > 2 && listen[hl - 1] == ']') {
		listen++;
		hl -= 2;
	}
	if (hl >= size)
		return qerr_set(err, PROTO_E_CONFIG,
		                "http listen: host too long");
	memcpy(host, listen, hl);
	host[hl] = '\0';
	*port = (int)n;
	return 0;
}

struct http *http_open(struct daemon *d, const char *listen, struct qerr *err)
{
	struct http *h = xcalloc(1, sizeof *h);
	char host[256];
	int port = 0;
	struct timeval second = {1, 0};

	h->d = d;
	TAILQ_INIT(&h->streams);
	TAILQ_INIT(&h->conns);
	if (http_split(listen, host, sizeof host, &port, err))
		goto fail;
	h->evhttp = evhttp_new(d->base);
	if (h->evhttp == NULL) {
		qerr_set(err, PROTO_E_IO, "cannot start the HTTP server");
		goto fail;
	}
	evhttp_set_max_headers_size(h->evhttp, HTTP_MAX_HEADERS);
	evhttp_set_max_body_size(h->evhttp, HTTP_MAX_BODY);
	evhttp_set_timeout(h->evhttp, HTTP_TIMEOUT_S);
	/* Every method evhttp knows reaches the router, which answers 405
	 * (evhttp itself would say 501, a server error, to a client's). */
	evhttp_set_allowed_methods(
	    h->evhttp, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
	                   EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	                   EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	                   EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
	evhttp_set_default_content_type(h->evhttp, "text/plain; charset=utf-8");
	evhttp_set_gencb(h->evhttp, http_request_cb, h);
	evhttp_set_bevcb(h->evhttp, http_conn_new, h);
	if (evhttp_bind_socket_with_handle(h->evhttp, host,
	                                   (ev_uint16_t)port) == NULL) {
		qerr_set(err, PROTO_E_IO, "cannot serve HTTP on %s", listen);
		goto fail;
	}
	if (d->config.http_public_url[0])
		snprintf(h->public_url, sizeof h->public_url, "%s",
		         d->config.http_public_url);
	else
		snprintf(h->public_url, sizeof h->public_url, "http://%s",
		         listen);
	h->sessions = http_sessions_new();
	h->tick_ev = event_new(d->base, -1, EV_PERSIST, http_tick_cb, h);
	event_add(h->tick_ev, &second);
	log_info("http", "serving http://%s (tickets at %s/t/)", listen,
	         h->public_url);
	return h;
fail:
	http_close(h);
	return NULL;
}

void http_close(struct http *h)
{
	if (h == NULL)
		return;
	http_streams_close(h);
	if (h->tick_ev)
		event_free(h->tick_ev);
	if (h->evhttp)
		evhttp_free(h->evhttp);
	http_conns_close(h);
	http_sessions_free(h->sessions);
	free(h);
}

const char *http_public_url(const struct http *h)
{
	return h ? h->public_url : NULL;
}
