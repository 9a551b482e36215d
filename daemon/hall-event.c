/*
 * What a change tells the world: {"event", "seq", "at", "actor",
 * "window"?, "ticket"?, ...extra}, encoded once. The trace keeps that very
 * text (chained by hash, store-trace.c), and subscribers get it once its
 * request is kept and its batch committed.
 */
#include <stdlib.h>
#include <string.h>

#include "hall-private.h"
#include "log.h"

int hall_event(struct hall *h, const char *type, int64_t now,
               const struct ticket *t, int window, json_t *extra,
               struct qerr *err)
{
	json_t *ev = extra ? extra : json_object();
	size_t len;
	char *body;
	int rc;

	json_object_set_new(ev, "event", json_string(type));
	json_object_set_new(ev, "seq",
	                    json_integer(store_trace_last_seq(h->store) + 1));
	json_object_set_new(ev, "at", json_integer(now));
	json_object_set_new(ev, "actor",
	                    json_string(h->actor[0] ? h->actor : "qhalld"));
	if (window > 0)
		json_object_set_new(ev, "window", json_integer(window));
	if (t != NULL) {
		/* The status key is the citizen's; the trace never holds it. */
		json_t *tj = ticket_to_json(t);
		json_object_del(tj, "key");
		json_object_set_new(ev, "ticket", tj);
	}
	body = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	if (body == NULL)
		fatal("out of memory encoding an event");
	len = strlen(body);
	rc = store_trace_append(h->store, now, body, len, err);
	if (rc == 0) {
		if (h->in_request)
			json_array_append_new(h->request_events,
			                      json_stringn_nocheck(body, len));
		else if (h->sink.emit)
			h->sink.emit(h->sink.arg, body, len);
	}
	free(body);
	return rc;
}

/* A kept request's events go to the sink; an undone one's are dropped. */
void hall_events_end(struct hall *h, int keep)
{
	size_t i;
	json_t *ev;

	json_array_foreach(h->request_events, i, ev)
	{
		if (keep && h->sink.emit)
			h->sink.emit(h->sink.arg, json_string_value(ev),
			             json_string_length(ev));
	}
	json_array_clear(h->request_events);
}
