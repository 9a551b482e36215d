/*
 * The API for integrations: /api/status (the status op's reply), the
 * events as a stream (/api/events) and /healthz, each for a device's
 * token in "Authorization: Bearer TOKEN". A request runs as that device
 * would over the socket: the same op table, roles and limits.
 */
#include <stdio.h>
#include <string.h>

#include "http-private.h"
#include "ops.h"

static enum role http_api_role(const char *name)
{
	if (strcmp(name, "kiosk") == 0)
		return ROLE_KIOSK;
	if (strcmp(name, "window") == 0)
		return ROLE_WINDOW;
	if (strcmp(name, "display") == 0)
		return ROLE_DISPLAY;
	return ROLE_ADMIN;
}

/* The device of the request's token as a connection would be; -1 sent. */
static int http_api_conn(struct http *h, struct evhttp_request *req,
                         struct conn *c)
{
	struct store_device dev;

	if (http_device(h, req, &dev)) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		                  "WWW-Authenticate", "Bearer");
		http_send_error(req, 401, "Unauthorized");
		return -1;
	}
	memset(c, 0, sizeof *c);
	c->daemon = h->d;
	c->hello = 1;
	c->role = http_api_role(dev.role);
	c->window = dev.window;
	snprintf(c->device, sizeof c->device, "%s", dev.name);
	snprintf(c->peer, sizeof c->peer, "http %s", http_peer_addr(req));
	return 0;
}

void http_api_status(struct http *h, struct evhttp_request *req,
                     const char *path)
{
	struct conn c;
	struct qerr err = {0};
	json_t *result;
	(void)path;

	if (http_api_conn(h, req, &c))
		return;
	if (http_run_op(h, &c, "status", json_object(), &result, &err)) {
		http_send_json(req, 500,
		               json_pack("{s:s, s:s}", "code", err.code,
		                         "message", err.message));
		return;
	}
	http_send_json(req, 200, result);
}

void http_api_events(struct http *h, struct evhttp_request *req,
                     const char *path)
{
	struct conn c;
	(void)path;

	if (http_api_conn(h, req, &c))
		return;
	http_settle(h);
	http_stream_open(h, req, HTTP_STREAM_EVENTS, NULL, NULL);
}

void http_api_healthz(struct http *h, struct evhttp_request *req,
                      const char *path)
{
	struct conn c;
	(void)path;

	if (http_api_conn(h, req, &c))
		return;
	http_send_json(req, 200,
	               json_pack("{s:b, s:I, s:i, s:i}", "ok", 1, "seq",
	                         (json_int_t)store_trace_last_seq(h->d->store),
	                         "clients", h->d->nconns, "streams",
	                         h->nstreams));
}
