/*
 * The lobby display in a browser: /display (and ?window=N for a counter's
 * screen) is a static page; /display/events streams the hall's events and,
 * after each committed turn, the hall as the display shows it. A display
 * device's token (?token=, as a TV's browser cannot send headers) opens
 * it, or [http] display_public opens it to the LAN.
 */
#include <string.h>

#include "http-private.h"
#include "ops.h"

json_t *http_display_view(struct http *h)
{
	char day[TICKET_DAY_LEN + 1];
	struct qerr err = {0};
	json_t *out, *w;
	size_t i;

	ticket_day_of(ticket_now_ms(), day);
	if (hall_status(h->d->hall, day, ticket_now_ms(), &out, &err))
		return json_pack("{s:s}", "error", err.message);
	/* The key is the citizen's alone. */
	json_array_foreach(json_object_get(out, "windows"), i, w)
	    json_object_del(json_object_get(w, "ticket"), "key");
	json_object_set_new(out, "now", json_integer(ticket_now_ms()));
	json_object_set_new(out, "hall",
	                    json_pack("{s:s, s:s}", "zh",
	                              h->d->catalog->hall_name.zh, "en",
	                              h->d->catalog->hall_name.en));
	return out;
}

/* Public by the hall's choice, or a display's (or admin's) token. */
static int http_display_allowed(struct http *h, struct evhttp_request *req)
{
	struct store_device dev;

	if (h->d->config.http_display_public)
		return 1;
	if (http_device(h, req, &dev))
		return 0;
	return strcmp(dev.role, "display") == 0 ||
	       strcmp(dev.role, "admin") == 0;
}

void http_display_route(struct http *h, struct evhttp_request *req,
                        const char *path)
{
	(void)path;
	if (!http_display_allowed(h, req)) {
		http_send_error(req, 401, "Unauthorized");
		return;
	}
	http_static_send(req, "display.html", 200);
}

void http_display_events(struct http *h, struct evhttp_request *req,
                         const char *path)
{
	json_t *v;
	char *text;
	(void)path;

	if (!http_display_allowed(h, req)) {
		http_send_error(req, 401, "Unauthorized");
		return;
	}
	http_settle(h);
	if (http_stream_open(h, req, HTTP_STREAM_DISPLAY, NULL, NULL))
		return;
	v = http_display_view(h);
	text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (text == NULL)
		fatal("out of memory for a status");
	http_stream_write(TAILQ_LAST(&h->streams, http_streams), "status", text,
	                  strlen(text));
	free(text);
}
