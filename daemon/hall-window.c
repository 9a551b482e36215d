/*
 * Windows (窗口): which queues each serves, and what happens at the
 * counter. Call order is hall_rule_pick()'s over one head per queue.
 */
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

int hall_window_get(struct hall *h, int number, struct window_info *w,
                    struct qerr *err)
{
	int found;

	if (store_window_get(h->store, number, w, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NO_WINDOW, "there is no window %d",
		                number);
	return 0;
}

int hall_window_set(struct hall *h, int number, const char *const *queues,
                    int n, int64_t now, struct qerr *err)
{
	json_t *list;
	int bad;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < i; k++)
			if (strcmp(queues[i], queues[k]) == 0)
				return qerr_set(err, PROTO_E_BAD_REQUEST,
				                "queue %s listed twice",
				                queues[i]);
	if (store_window_set_queues(h->store, number, queues, n, &bad, err))
		return -1;
	if (bad >= 0)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                queues[bad]);
	list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_string(queues[i]));
	return hall_event(h, "window_set", now, NULL, number,
	                  json_pack("{s:o}", "queues", list), err);
}

/* The ticket at the counter of a window, or a bad_state error. */
static int hall_window_current(struct hall *h, int number,
                               struct window_info *w, struct ticket *t,
                               struct qerr *err)
{
	if (hall_window_get(h, number, w, err))
		return -1;
	if (w->ticket_id == 0)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "window %d has nobody at the counter", number);
	return store_ticket_get(h->store, w->ticket_id, t, err);
}

/* Finish the ticket at the counter: its window and queue count it. */
static int hall_window_done(struct hall *h, struct window_info *w,
                            struct ticket *t, int64_t now, struct qerr *err)
{
	int64_t ms = hall_rule_finish(t, now);
	struct queue_info q;
	int found;

	w->ticket_id = 0;
	hall_rule_count_service(w, h->day, ms);
	if (store_ticket_put(h->store, t, err) ||
	    hall_service_record(h, w, t, now, err) ||
	    store_window_put(h->store, w, err) ||
	    store_queue_get(h->store, t->queue, &q, &found, err))
		return -1;
	if (found && store_queue_put_served(
	                 h->store, t->queue, q.served + 1,
	                 hall_rule_average(q.avg_service_ms, ms), err))
		return -1;
	if (hall_route_fill(h, t, err) ||
	    hall_event(h, "finished", now, t, t->window, NULL, err))
		return -1;
	/* On a route, the ticket goes on to its next queue. */
	return hall_route_after(h, t, 1, now, err);
}

/*
 * Call the next citizen. Whoever still stands at the counter is finished
 * first, as a caller keypad's "next" does. *found is 0 when nobody waits.
 */
int hall_call(struct hall *h, int number, int64_t now, struct ticket *t,
              int *found, struct qerr *err)
{
	struct queue_head heads[CATALOG_MAX_QUEUES];
	int has[CATALOG_MAX_QUEUES];
	struct window_info w;
	int best;

	*found = 0;
	if (hall_window_get(h, number, &w, err))
		return -1;
	if (w.state == WINDOW_PAUSED)
		return qerr_set(err, PROTO_E_WINDOW_PAUSED,
		                "window %d is paused (%s); resume it first",
		                number, w.reason[0] ? w.reason : "no reason");
	if (w.ticket_id) {
		if (store_ticket_get(h->store, w.ticket_id, t, err) ||
		    hall_window_done(h, &w, t, now, err))
			return -1;
	}
	for (int rank = 0; rank < w.nqueues; rank++) {
		if (store_queue_head(h->store, w.queues[rank], &heads[rank],
		                     &has[rank], err))
			return -1;
		/* A route's legs wait here too: the better head of both. */
		if (hall_route_queue(h, w.queues[rank])) {
			struct queue_head leg;
			int leg_found;

			if (store_route_head(h->store, w.queues[rank], &leg,
			                     &leg_found, err))
				return -1;
			if (hall_rule_route_head(&heads[rank], has[rank], &leg,
			                         leg_found) == 1) {
				heads[rank] = leg;
				has[rank] = 1;
			}
		}
	}
	if ((best = hall_rule_pick(heads, has, w.nqueues)) < 0)
		return 0;
	if (heads[best].leg
	        ? hall_route_call_leg(h, heads[best].id, w.queues[best], t, err)
	        : store_ticket_get(h->store, heads[best].id, t, err) ||
	              hall_route_fill(h, t, err))
		return -1;
	hall_rule_call(t, number, now);
	w.ticket_id = t->id;
	if (store_ticket_put(h->store, t, err) ||
	    store_window_put(h->store, &w, err) ||
	    hall_event(h, "called", now, t, number, NULL, err))
		return -1;
	*found = 1;
	return 0;
}

int hall_recall(struct hall *h, int number, int64_t now, struct ticket *t,
                struct qerr *err)
{
	struct window_info w;

	if (hall_window_current(h, number, &w, t, err))
		return -1;
	t->calls++;
	t->called_at = now;
	if (store_ticket_put(h->store, t, err))
		return -1;
	return hall_event(h, "recalled", now, t, number, NULL, err);
}

int hall_skip(struct hall *h, int number, int64_t now, struct ticket *t,
              struct qerr *err)
{
	struct window_info w;

	if (hall_window_current(h, number, &w, t, err) ||
	    hall_rule_skip(t, now, err))
		return -1;
	w.ticket_id = 0;
	if (store_ticket_put(h->store, t, err) ||
	    store_window_put(h->store, &w, err) || hall_route_fill(h, t, err) ||
	    hall_event(h, "no_show", now, t, number, NULL, err))
		return -1;
	/* On a route, missed at this queue only: the others still wait. */
	return hall_route_after(h, t, 0, now, err);
}

int hall_serve(struct hall *h, int number, int64_t now, struct ticket *t,
               struct qerr *err)
{
	struct window_info w;

	if (hall_window_current(h, number, &w, t, err) ||
	    hall_rule_serve(t, now, err) || store_ticket_put(h->store, t, err))
		return -1;
	return hall_event(h, "serving", now, t, number, NULL, err);
}

int hall_finish(struct hall *h, int number, int64_t now, struct ticket *t,
                struct qerr *err)
{
	struct window_info w;

	if (hall_window_current(h, number, &w, t, err))
		return -1;
	return hall_window_done(h, &w, t, now, err);
}

int hall_transfer(struct hall *h, int number, const char *queue, int to_back,
                  int64_t now, struct ticket *t, struct qerr *err)
{
	char from[TICKET_PREFIX_MAX + 1];
	struct window_info w;
	json_t *extra;
	int left;

	/* The catalog's queues are all in the store (hall_catalog_sync). */
	if (catalog_queue_find(h->catalog, queue) == NULL)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                queue);
	if (hall_window_current(h, number, &w, t, err) ||
	    hall_service_record(h, &w, t, now, err))
		return -1;
	snprintf(from, sizeof from, "%s", t->queue);
	/* A transfer is the counter's word over the route: it leaves it. */
	if (hall_route_leave(h, t, now, &left, err))
		return -1;
	hall_rule_transfer(t, queue, to_back, now);
	w.ticket_id = 0;
	if (store_ticket_put(h->store, t, err) ||
	    store_window_put(h->store, &w, err) || hall_ticket_place(h, t, err))
		return -1;
	extra = json_pack("{s:s, s:s, s:b}", "from", from, "to", queue, "back",
	                  to_back);
	if (left)
		json_object_set_new(extra, "left_route", json_true());
	return hall_event(h, "transferred", now, t, number, extra, err);
}

static int hall_window_state(struct hall *h, int number,
                             enum window_state state, const char *reason,
                             int64_t now, struct qerr *err)
{
	struct window_info w;

	if (hall_window_get(h, number, &w, err) ||
	    hall_rule_window_state(&w, state, reason, err) ||
	    store_window_put(h->store, &w, err))
		return -1;
	return hall_event(
	    h, state == WINDOW_PAUSED ? "paused" : "resumed", now, NULL, number,
	    json_pack("{s:s}", "reason", reason ? reason : ""), err);
}

int hall_pause(struct hall *h, int number, const char *reason, int64_t now,
               struct qerr *err)
{
	return hall_window_state(h, number, WINDOW_PAUSED, reason, now, err);
}

int hall_resume(struct hall *h, int number, int64_t now, struct qerr *err)
{
	return hall_window_state(h, number, WINDOW_OPEN, NULL, now, err);
}
