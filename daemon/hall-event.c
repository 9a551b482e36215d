/*
 * What a change tells the world: {"event", "seq", "at", "actor",
 * "window"?, "ticket"?, ...extra}, encoded once, the head as text
 * (jsontext.c) and what the change adds by jansson. The trace keeps that very
 * text (chained by hash, store-trace.c), and subscribers get it once its
 * request is kept and its batch committed.
 */
#include <stdlib.h>
#include <string.h>

#include "hall-private.h"
#include "jsontext.h"
#include "log.h"
#include "xmalloc.h"

/* The head of an event and its ticket, written as text: with an 8 KiB
 * room no actor or ticket can overflow it (both are bounded). */
#define HALL_EVENT_HEAD 8192

int hall_event(struct hall *h, const char *type, int64_t now,
               const struct ticket *t, int window, json_t *extra,
               struct qerr *err)
{
	char head[HALL_EVENT_HEAD];
	char *more = NULL, *body;
	size_t at = 0, len, more_len = 0;
	int rc;

	rc = jsontext_lit(head, sizeof head, &at, "{\"event\":") ||
	     jsontext_str(head, sizeof head, &at, type) ||
	     jsontext_lit(head, sizeof head, &at, ",\"seq\":") ||
	     jsontext_int(head, sizeof head, &at,
	                  store_trace_last_seq(h->store) + 1) ||
	     jsontext_lit(head, sizeof head, &at, ",\"at\":") ||
	     jsontext_int(head, sizeof head, &at, now) ||
	     jsontext_lit(head, sizeof head, &at, ",\"actor\":") ||
	     jsontext_str(head, sizeof head, &at,
	                  h->actor[0] ? h->actor : "qhalld");
	if (!rc && window > 0)
		rc = jsontext_lit(head, sizeof head, &at, ",\"window\":") ||
		     jsontext_int(head, sizeof head, &at, window);
	/* The status key is the citizen's; the trace never holds it. */
	if (!rc && t != NULL) {
		int n;
		rc = jsontext_lit(head, sizeof head, &at, ",\"ticket\":");
		if (!rc && (n = ticket_json_write(head + at, sizeof head - at,
		                                  t, 0)) >= 0)
			at += (size_t)n;
		else
			rc = -1;
	}
	if (rc)
		fatal("an event's head outgrew %d bytes", HALL_EVENT_HEAD);
	/* What the change adds, after the fields every event has. */
	if (extra && json_object_size(extra) > 0) {
		more = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS);
		if (more == NULL)
			fatal("out of memory encoding an event");
		more_len = strlen(more);
	}
	json_decref(extra);
	len = at + (more ? more_len : 1); /* more's "{" becomes "," */
	body = xmalloc(len + 1);
	memcpy(body, head, at);
	if (more) {
		body[at] = ',';
		memcpy(body + at + 1, more + 1, more_len - 1);
	} else {
		body[at] = '}';
	}
	body[len] = '\0';
	free(more);
	rc = store_trace_append(h->store, now, body, len, err);
	if (rc == 0 && window > 0)
		hall_alert_note(h, type, window, now);
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
