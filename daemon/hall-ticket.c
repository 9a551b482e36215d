/* Tickets: taking a number, looking one up, rejoining, a failed print. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

/* How many wait before t in q, its queue, and how long that may take. */
static int hall_ticket_place_in(struct hall *h, struct ticket *t,
                                const struct queue_info *q, struct qerr *err)
{
	if (store_ticket_count_ahead(h->store, t, &t->ahead, err))
		return -1;
	t->est_wait_s =
	    q ? hall_rule_estimate(t->ahead, q->avg_service_ms, q->windows_open)
	      : -1;
	return 0;
}

/* How many wait before t in its queue, and a guess of how long that takes. */
int hall_ticket_place(struct hall *h, struct ticket *t, struct qerr *err)
{
	struct queue_info q;
	int found;

	if (store_queue_get(h->store, t->queue, &q, &found, err))
		return -1;
	return hall_ticket_place_in(h, t, found ? &q : NULL, err);
}

/* A found ticket, with its place if it waits. */
static int hall_ticket_found(struct hall *h, struct ticket *t, int found,
                             const char *what, struct qerr *err)
{
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "no such ticket: %s",
		                what);
	if (hall_route_fill(h, t, err))
		return -1;
	return t->state == TICKET_WAITING ? hall_ticket_place(h, t, err) : 0;
}

int hall_ticket_find(struct hall *h, const char *day, const char *number,
                     struct ticket *t, struct qerr *err)
{
	int found;

	if (store_ticket_find(h->store, day, number, t, &found, err))
		return -1;
	return hall_ticket_found(h, t, found, number, err);
}

/* The ticket a take with this request id issued, or not_found. */
int hall_ticket_by_request(struct hall *h, const char *request,
                           struct ticket *t, struct qerr *err)
{
	int found;

	if (store_ticket_by_request(h->store, request, t, &found, err))
		return -1;
	return hall_ticket_found(h, t, found, "for that request", err);
}

/* The queue must be the catalog's, and the item one of the queue's. */
static const struct catalog_queue *
hall_take_queue(struct hall *h, const struct hall_take *a, struct qerr *err)
{
	const struct catalog_queue *q =
	    catalog_queue_find(h->catalog, a->queue);
	const struct catalog_item *it;

	if (q == NULL) {
		qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		         a->queue);
		return NULL;
	}
	if (a->item) {
		it = catalog_item_find(h->catalog, a->item);
		if (it == NULL || strcmp(it->queue, a->queue) != 0) {
			qerr_set(err, PROTO_E_NO_ITEM,
			         "queue %s has no item %s", a->queue, a->item);
			return NULL;
		}
	}
	return q;
}

/*
 * The cap counts citizens, not numbers: tickets an operator cancelled (a
 * misused kiosk's, say) or a day close expired give their place back, so
 * a queue issues again after either. A number is still never reused: the
 * next one follows the last, up to TICKET_SEQ_MAX. Asked only once the
 * count passes the cap, so an ordinary take never walks the day.
 */
static int hall_take_full(struct hall *h, const char *queue, const char *day,
                          int seq, int cap, struct qerr *err)
{
	int gone = 0;

	if (seq > TICKET_SEQ_MAX)
		return qerr_set(err, PROTO_E_QUEUE_FULL,
		                "queue %s has used all %d numbers of today",
		                queue, TICKET_SEQ_MAX);
	if (store_ticket_count_void(h->store, queue, day, &gone, err))
		return -1;
	if (seq - gone > cap)
		return qerr_set(err, PROTO_E_QUEUE_FULL,
		                "queue %s has issued its %d numbers for today",
		                queue, cap);
	return 0;
}

/*
 * Take the next number of a queue. The day's counter and the ticket are
 * written in one savepoint, so a number is never issued twice: not after a
 * failed request, not after a crash.
 */
int hall_take(struct hall *h, const struct hall_take *a, struct ticket *t,
              int *repeated, struct qerr *err)
{
	const struct catalog_queue *cq;
	char day[TICKET_DAY_LEN + 1];
	unsigned char raw[12];
	struct queue_info q;
	struct hall_admit admit;
	int seq, found;

	if ((cq = hall_take_queue(h, a, err)) == NULL)
		return -1;
	/* Asked again after a lost reply: the same ticket, not a second. */
	*repeated = 0;
	if (a->request) {
		if (store_ticket_by_request(h->store, a->request, t, &found,
		                            err))
			return -1;
		/* The same id for another take is a client's mistake or a
		 * probe: it gets an error, never that other ticket's key. */
		if (found && (strcmp(t->queue, a->queue) != 0 ||
		              strcmp(t->item, a->item ? a->item : "") != 0 ||
		              !t->priority != !a->priority))
			return qerr_set(err, PROTO_E_EXISTS,
			                "request \"%s\" was a take of another "
			                "queue, item or lane",
			                a->request);
		if (found) {
			*repeated = 1;
			return hall_ticket_found(h, t, 1, a->request, err);
		}
	}
	/* A closed queue's bump is undone with the request's savepoint. */
	if (store_queue_next_seq(h->store, a->queue, a->day, &seq, day, &q,
	                         &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                a->queue);
	if (q.closed)
		return qerr_set(err, PROTO_E_QUEUE_CLOSED,
		                "queue %s is not issuing numbers now",
		                a->queue);
	if (hall_admit_hours(h, cq, a->now, day, err))
		return -1;
	if (seq > cq->daily_cap &&
	    hall_take_full(h, a->queue, day, seq, cq->daily_cap, err))
		return -1;
	if (hall_admit_person(h, cq, a, day, &admit, err))
		return -1;
	/* The ticket belongs to the counter's day, so (day, number) never
	 * collides even when the clock was set back. */
	if (hall_rule_new_ticket(t, a->queue, a->item, a->priority, day, seq,
	                         a->now, err))
		return -1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(t->key, sizeof t->key, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (store_ticket_insert(h->store, t, a->request, h->actor, err) ||
	    hall_route_start(h, t, err) || hall_admit_record(h, &admit, t, err))
		return -1;
	/*
	 * An ordinary ticket just taken is the last of its queue: everyone
	 * who waited before it is ahead, a count kept in the queue's row and
	 * read with the number. A priority ticket counts the few priority
	 * tickets before it.
	 */
	if (t->klass == TICKET_CLASS_NORMAL) {
		t->ahead = q.waiting;
		t->est_wait_s = hall_rule_estimate(t->ahead, q.avg_service_ms,
		                                   q.windows_open);
	} else if (hall_ticket_place_in(h, t, &q, err)) {
		return -1;
	}
	if (hall_event(h, "taken", a->now, t, 0, NULL, err))
		return -1;
	return hall_route_started(h, t, a->now, err);
}

/*
 * A citizen who missed the call comes back: the ticket waits again, `places`
 * ordinary tickets behind the head of its queue (or last, if fewer wait).
 */
int hall_rejoin(struct hall *h, const char *day, const char *number,
                int64_t now, struct ticket *t, struct qerr *err)
{
	int64_t order_at = now, nth;
	int found, done;

	if (store_ticket_find(h->store, day, number, t, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "no such ticket: %s",
		                number);
	/* On a route, the queues that missed the citizen rejoin too. */
	if (hall_route_rejoin(h, t, now, &done, err))
		return -1;
	if (done)
		return 0;
	if (h->rejoin_places > 0 && t->day[0] && strcmp(t->day, h->day) == 0) {
		if (store_queue_nth(h->store, t->queue, TICKET_CLASS_NORMAL,
		                    h->rejoin_places - 1, &nth, &found, err))
			return -1;
		if (found)
			order_at = nth + 1;
	}
	if (hall_rule_rejoin(t, h->day, order_at, err) ||
	    store_ticket_put(h->store, t, err) || hall_ticket_place(h, t, err))
		return -1;
	return hall_event(h, "rejoined", now, t, 0, NULL, err);
}

/* The kiosk could not print: the number stands, but is not counted as paper. */
int hall_print_failed(struct hall *h, const char *day, const char *number,
                      const char *reason, int64_t now, struct ticket *t,
                      struct qerr *err)
{
	if (hall_ticket_find(h, day, number, t, err))
		return -1;
	t->printed = 0;
	if (store_ticket_put(h->store, t, err) ||
	    hall_event(h, "print_failed", now, t, 0,
	               json_pack("{s:s}", "reason", reason ? reason : ""), err))
		return -1;
	/* Staff must bring paper: the kiosk's printer is an alert. */
	if (hall_rule_alert_out_of_paper(reason))
		return hall_alert_printer(h, h->actor, 1, now, err);
	return 0;
}
