#include "hall-view.h"

#include <string.h>

#include "proto.h"
#include "xmalloc.h"

/* A string field, "" when absent or null; NULL when it is something else. */
static const char *view_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return "";
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int view_int(json_t *o, const char *key, int absent)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : absent;
}

static int view_queue_read(json_t *q, struct view_queue *vq, struct qerr *err)
{
	vq->prefix = view_str(q, "queue");
	vq->name_zh = view_str(q, "name_zh");
	vq->name_en = view_str(q, "name_en");
	if (vq->prefix == NULL || vq->prefix[0] == '\0' ||
	    vq->name_zh == NULL || vq->name_en == NULL ||
	    !json_is_integer(json_object_get(q, "waiting")))
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "status: a queue without its prefix, names or "
		                "waiting count");
	vq->waiting = view_int(q, "waiting", 0);
	vq->windows_open = view_int(q, "windows_open", 0);
	vq->avg_service_s = view_int(q, "avg_service_s", 0);
	vq->est_wait_s = view_int(q, "est_wait_s", -1);
	vq->open = !json_is_false(json_object_get(q, "open"));
	vq->closed_by_hours = view_str(q, "closed_by") &&
	                      strcmp(view_str(q, "closed_by"), "hours") == 0;
	vq->opens_day = view_str(q, "opens_day");
	vq->opens_time = view_str(q, "opens_time");
	vq->hours = view_str(q, "hours");
	if (vq->opens_day == NULL || vq->opens_time == NULL)
		vq->opens_day = vq->opens_time = "";
	if (vq->hours == NULL)
		vq->hours = "";
	vq->person_daily_limit = view_int(q, "person_daily_limit", 0);
	vq->daily_cap = view_int(q, "daily_cap", 0);
	vq->served_total =
	    json_integer_value(json_object_get(q, "served_total"));
	return 0;
}

static int view_window_read(json_t *w, struct view_window *vw, struct qerr *err)
{
	json_t *staff = json_object_get(w, "staff");
	json_t *queues = json_object_get(w, "queues");
	json_t *ticket = json_object_get(w, "ticket");
	const char *state = view_str(w, "state");
	json_t *q;
	size_t i;

	vw->number = view_int(w, "window", 0);
	vw->reason = view_str(w, "reason");
	if (vw->number < 1 || state == NULL || vw->reason == NULL ||
	    !json_is_array(queues) ||
	    json_array_size(queues) > CATALOG_MAX_QUEUES)
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "status: a window without its number, state or "
		                "queues");
	vw->paused = strcmp(state, "paused") == 0;
	vw->staff_id = json_is_object(staff) ? view_str(staff, "id") : "";
	vw->staff_name = json_is_object(staff) ? view_str(staff, "name") : "";
	if (vw->staff_id == NULL || vw->staff_name == NULL)
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "status: window %d's staff is not readable",
		                vw->number);
	vw->served_today = view_int(w, "served_today", 0);
	vw->avg_service_s = view_int(w, "avg_service_s", 0);
	json_array_foreach(queues, i, q)
	{
		if (!json_is_string(q))
			return qerr_set(err, PROTO_E_PROTOCOL,
			                "status: window %d serves a queue that "
			                "is not a name",
			                vw->number);
		vw->queues[vw->nqueues++] = json_string_value(q);
	}
	vw->has_ticket = json_is_object(ticket);
	if (vw->has_ticket && ticket_from_json(ticket, &vw->ticket, err))
		return -1;
	return 0;
}

struct view_status *view_status_parse(json_t *reply, struct qerr *err)
{
	struct view_status *s = xcalloc(1, sizeof *s);
	json_t *queues = json_object_get(reply, "queues");
	json_t *windows = json_object_get(reply, "windows");
	const char *day = view_str(reply, "day");
	json_t *o;
	size_t i;

	s->root = json_incref(reply);
	s->notice = view_str(reply, "notice");
	if (!json_is_object(reply) || day == NULL ||
	    strlen(day) != TICKET_DAY_LEN || s->notice == NULL ||
	    !json_is_array(queues) || !json_is_array(windows)) {
		qerr_set(err, PROTO_E_PROTOCOL,
		         "status: no day, queues or windows");
		goto fail;
	}
	memcpy(s->day, day, TICKET_DAY_LEN + 1);
	s->seq = json_integer_value(json_object_get(reply, "seq"));
	s->now = json_integer_value(json_object_get(reply, "now"));
	s->queues = xcalloc(json_array_size(queues) + 1, sizeof *s->queues);
	json_array_foreach(queues, i, o)
	{
		if (view_queue_read(o, &s->queues[i], err))
			goto fail;
		s->nqueues = i + 1;
	}
	s->windows = xcalloc(json_array_size(windows) + 1, sizeof *s->windows);
	json_array_foreach(windows, i, o)
	{
		if (view_window_read(o, &s->windows[i], err))
			goto fail;
		s->nwindows = i + 1;
	}
	return s;
fail:
	view_status_free(s);
	return NULL;
}

void view_status_free(struct view_status *s)
{
	if (s == NULL)
		return;
	free(s->queues);
	free(s->windows);
	json_decref(s->root);
	free(s);
}

const struct view_queue *view_status_queue(const struct view_status *s,
                                           const char *prefix)
{
	for (size_t i = 0; s && prefix && i < s->nqueues; i++)
		if (strcmp(s->queues[i].prefix, prefix) == 0)
			return &s->queues[i];
	return NULL;
}

const struct view_window *view_status_window(const struct view_status *s,
                                             int number)
{
	for (size_t i = 0; s && i < s->nwindows; i++)
		if (s->windows[i].number == number)
			return &s->windows[i];
	return NULL;
}

int view_event_parse(json_t *ev, struct view_event *v, struct qerr *err)
{
	const char *name = view_str(ev, "event");
	json_t *ticket = json_object_get(ev, "ticket");

	memset(v, 0, sizeof *v);
	if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof v->name)
		return qerr_set(err, PROTO_E_PROTOCOL, "event: no name");
	memcpy(v->name, name, strlen(name) + 1);
	v->seq = json_integer_value(json_object_get(ev, "seq"));
	v->at = json_integer_value(json_object_get(ev, "at"));
	v->window = view_int(ev, "window", 0);
	v->text = view_str(ev, "text");
	if (v->text == NULL)
		v->text = "";
	v->has_ticket = json_is_object(ticket);
	if (v->has_ticket && ticket_from_json(ticket, &v->ticket, err))
		return -1;
	return 0;
}

int view_window_reply_parse(json_t *reply, struct view_window_reply *v,
                            struct qerr *err)
{
	json_t *ticket = json_object_get(reply, "ticket");
	json_t *staff = json_object_get(reply, "staff");

	memset(v, 0, sizeof *v);
	if (!json_is_object(reply))
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "window reply: not an object");
	v->window = view_int(reply, "window", 0);
	v->state = view_str(reply, "state");
	v->staff_id = json_is_object(staff) ? view_str(staff, "id") : "";
	v->staff_name = json_is_object(staff) ? view_str(staff, "name") : "";
	if (v->state == NULL || v->staff_id == NULL || v->staff_name == NULL)
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "window reply: state or staff not readable");
	v->has_ticket = json_is_object(ticket);
	if (v->has_ticket && ticket_from_json(ticket, &v->ticket, err))
		return -1;
	return 0;
}
