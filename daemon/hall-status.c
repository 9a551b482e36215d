/*
 * The hall at a glance, as the status reply carries it: every queue's
 * waiting count and estimated wait, every window's state, staff, queues
 * and ticket. Costs what is waiting and open, never what is history.
 */
#include <string.h>

#include "hall-private.h"

/*
 * A queue's opening hours as status tells them: "open" is whether it
 * issues numbers now (an operator's close and its hours both count),
 * "closed_by" why not, and the next opening or closing time.
 */
static void hall_status_hours(const struct hall *h,
                              const struct catalog_queue *cq, int closed,
                              int64_t now, json_t *q)
{
	struct hall_hours hh;
	char spans[CATALOG_HOURS_MAX * 12 + 1];

	hall_queue_hours(h, cq, now, &hh);
	json_object_set_new(q, "open", json_boolean(!closed && hh.open));
	json_object_set_new(q, "closed_by",
	                    closed     ? json_string("operator")
	                    : !hh.open ? json_string("hours")
	                               : json_null());
	json_object_set_new(q, "opens_at",
	                    !hh.open && hh.opens_at ? json_integer(hh.opens_at)
	                                            : json_null());
	json_object_set_new(q, "opens_day",
	                    hh.opens_at ? json_string(hh.opens_day)
	                                : json_null());
	json_object_set_new(q, "opens_time",
	                    hh.opens_at ? json_string(hh.opens_time)
	                                : json_null());
	json_object_set_new(q, "closes_at",
	                    hh.closes_at ? json_integer(hh.closes_at)
	                                 : json_null());
	json_object_set_new(q, "closes_time",
	                    hh.closes_at ? json_string(hh.closes_time)
	                                 : json_null());
	if (cq->has_hours) {
		catalog_hours_text(&cq->hours, spans, sizeof spans);
		json_object_set_new(q, "hours", json_string(spans));
		catalog_hours_text(&cq->rest_hours, spans, sizeof spans);
		json_object_set_new(q, "rest_day_hours", json_string(spans));
	}
	json_object_set_new(q, "person_daily_limit",
	                    json_integer(cq->person_daily_limit));
}

static int hall_status_queues(struct hall *h, int64_t now, json_t *out,
                              struct qerr *err)
{
	struct queue_info qs[CATALOG_MAX_QUEUES * 2];
	int n;

	if (store_queue_list(h->store, qs, (int)(sizeof qs / sizeof qs[0]), &n,
	                     err))
		return -1;
	for (int i = 0; i < n; i++) {
		const struct queue_info *qi = &qs[i];
		const struct catalog_queue *cq =
		    catalog_queue_find(h->catalog, qi->prefix);
		int est;
		json_t *q;

		if (cq == NULL)
			continue; /* dropped from the catalog: history only */
		q = json_pack("{s:s, s:s, s:s, s:i, s:i, s:I, s:I}", "queue",
		              qi->prefix, "name_zh", cq->name_zh, "name_en",
		              cq->name_en, "waiting", qi->waiting,
		              "windows_open", qi->windows_open, "avg_service_s",
		              (json_int_t)(qi->avg_service_ms / 1000),
		              "served_total", (json_int_t)qi->served);
		hall_status_hours(h, cq, qi->closed, now, q);
		json_object_set_new(q, "daily_cap",
		                    json_integer(cq->daily_cap));
		est = hall_rule_estimate(qi->waiting, qi->avg_service_ms,
		                         qi->windows_open);
		json_object_set_new(q, "est_wait_s",
		                    est >= 0 ? json_integer(est) : json_null());
		json_array_append_new(out, q);
	}
	return 0;
}

static json_t *hall_status_window(const struct window_info *w, const char *day,
                                  const struct ticket *t)
{
	int today = strcmp(w->served_day, day) == 0;
	int served = today ? w->served : 0;
	int64_t ms = today ? w->service_ms : 0;
	json_t *queues = json_array();
	json_t *o =
	    json_pack("{s:i, s:s, s:s, s:i, s:I}", "window", w->number, "state",
	              w->state == WINDOW_PAUSED ? "paused" : "open", "reason",
	              w->reason, "served_today", served, "avg_service_s",
	              (json_int_t)(served ? ms / served / 1000 : 0));

	if (w->staff_id[0])
		json_object_set_new(o, "staff",
		                    json_pack("{s:s, s:s}", "id", w->staff_id,
		                              "name", w->staff_name));
	else
		json_object_set_new(o, "staff", json_null());
	for (int k = 0; k < w->nqueues; k++)
		json_array_append_new(queues, json_string(w->queues[k]));
	json_object_set_new(o, "queues", queues);
	json_object_set_new(o, "ticket", t ? ticket_to_json(t) : json_null());
	return o;
}

static int hall_status_windows(struct hall *h, const char *day, json_t *out,
                               struct qerr *err)
{
	int numbers[CATALOG_MAX_WINDOWS * 2], n;

	if (store_window_numbers(h->store, numbers,
	                         (int)(sizeof numbers / sizeof numbers[0]), &n,
	                         err))
		return -1;
	for (int i = 0; i < n; i++) {
		struct window_info w;
		struct ticket t;

		if (hall_window_get(h, numbers[i], &w, err) ||
		    (w.ticket_id &&
		     (store_ticket_get(h->store, w.ticket_id, &t, err) ||
		      hall_route_fill(h, &t, err))))
			return -1;
		json_array_append_new(
		    out, hall_status_window(&w, day, w.ticket_id ? &t : NULL));
	}
	return 0;
}

int hall_status(struct hall *h, const char *day, int64_t now, json_t **out,
                struct qerr *err)
{
	json_t *queues = json_array(), *windows = json_array();
	char notice[STORE_NOTICE_MAX * 4 + 1] = "";

	*out = NULL;
	if (hall_status_queues(h, now, queues, err) ||
	    hall_status_windows(h, day, windows, err)) {
		json_decref(queues);
		json_decref(windows);
		return -1;
	}
	store_setting_get(h->store, "notice", notice, sizeof notice);
	*out = json_pack("{s:s, s:I, s:o, s:o, s:s}", "day", day, "seq",
	                 (json_int_t)store_trace_last_seq(h->store), "queues",
	                 queues, "windows", windows, "notice", notice);
	return 0;
}
