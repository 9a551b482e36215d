/*
 * The hall's decisions as functions of plain structs: no store, no clock,
 * no randomness. Each takes what the store found and says what is true
 * next; hall-*.c saves it. tests/unit/test_hall_rules.c drives them.
 */
#include <stdio.h>
#include <string.h>

#include "hall.h"
#include "proto.h"

/*
 * Call order at a window: heads come in the rank of the window's queues;
 * the first found wins unless a later one has a better class (priority
 * 绿色通道, then transferred in, then the rest). Deterministic.
 */
int hall_rule_pick(const struct queue_head *heads, const int *found, int n)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (found[i] &&
		    (best < 0 || heads[i].klass < heads[best].klass))
			best = i;
	return best;
}

/* Seconds until the citizen is called; -1: with no window open nobody
 * can promise a time. */
int hall_rule_estimate(int ahead, int64_t avg_ms, int windows_open)
{
	if (windows_open <= 0 || ahead < 0)
		return -1;
	return (int)((int64_t)ahead * avg_ms / windows_open / 1000);
}

/* An average that follows the day: each service weighs 1/5. */
int64_t hall_rule_average(int64_t avg_ms, int64_t service_ms)
{
	return (avg_ms * 4 + service_ms) / 5;
}

int hall_rule_new_ticket(struct ticket *t, const char *queue, const char *item,
                         int priority, const char *day, int seq, int64_t now,
                         struct qerr *err)
{
	memset(t, 0, sizeof *t);
	if (ticket_number_format(t->number, sizeof t->number, queue, seq))
		return qerr_set(err, PROTO_E_QUEUE_FULL,
		                "queue %s has no numbers left today", queue);
	snprintf(t->day, sizeof t->day, "%s", day);
	snprintf(t->queue, sizeof t->queue, "%s", queue);
	snprintf(t->item, sizeof t->item, "%s", item ? item : "");
	t->priority = priority;
	t->klass = priority ? TICKET_CLASS_PRIORITY : TICKET_CLASS_NORMAL;
	t->state = TICKET_WAITING;
	t->taken_at = now;
	t->order_at = now;
	t->printed = 1;
	t->ahead = -1;
	t->est_wait_s = -1;
	return 0;
}

void hall_rule_call(struct ticket *t, int window, int64_t now)
{
	t->state = TICKET_CALLED;
	t->window = window;
	t->called_at = now;
	t->calls++;
}

/* 过号: the citizen did not come; the ticket may rejoin later. */
int hall_rule_skip(struct ticket *t, int64_t now, struct qerr *err)
{
	if (t->state != TICKET_CALLED)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s is already being served; finish it instead",
		                t->number);
	t->state = TICKET_NO_SHOW;
	t->finished_at = now;
	return 0;
}

/* An operator cancels a ticket no citizen will use: it leaves the queue,
 * and a window that held it is free. What is over stays as it was. */
int hall_rule_cancel(struct ticket *t, int64_t now, struct qerr *err)
{
	if (t->state == TICKET_DONE || t->state == TICKET_CANCELLED ||
	    t->state == TICKET_EXPIRED)
		return qerr_set(err, PROTO_E_BAD_STATE, "%s is already %s",
		                t->number, ticket_state_name(t->state));
	t->state = TICKET_CANCELLED;
	t->finished_at = now;
	return 0;
}

/* The citizen has arrived at the counter: service time starts now. */
int hall_rule_serve(struct ticket *t, int64_t now, struct qerr *err)
{
	if (t->state != TICKET_CALLED)
		return qerr_set(err, PROTO_E_BAD_STATE, "%s is already %s",
		                t->number, ticket_state_name(t->state));
	t->state = TICKET_SERVING;
	t->served_at = now;
	return 0;
}

/* Done; returns how long the service took, from arrival (or the call). */
int64_t hall_rule_finish(struct ticket *t, int64_t now)
{
	int64_t began = t->served_at ? t->served_at : t->called_at;

	t->state = TICKET_DONE;
	t->finished_at = now;
	return now > began ? now - began : 0;
}

/* A window's served count and time are the business day's. */
void hall_rule_count_service(struct window_info *w, const char *day,
                             int64_t service_ms)
{
	if (strcmp(w->served_day, day) != 0) {
		snprintf(w->served_day, sizeof w->served_day, "%s", day);
		w->served = 0;
		w->service_ms = 0;
	}
	w->served++;
	w->service_ms += service_ms;
}

/*
 * To another queue with the same number: to the front (ahead of ordinary
 * tickets, as transferred tickets go) or to the back (behind everyone
 * waiting now). A priority ticket stays priority.
 */
void hall_rule_transfer(struct ticket *t, const char *queue, int to_back,
                        int64_t now)
{
	snprintf(t->queue, sizeof t->queue, "%s", queue);
	t->state = TICKET_WAITING;
	t->window = 0;
	t->served_at = 0;
	t->order_at = now;
	if (t->priority)
		t->klass = TICKET_CLASS_PRIORITY;
	else
		t->klass =
		    to_back ? TICKET_CLASS_NORMAL : TICKET_CLASS_TRANSFERRED;
}

/* A missed ticket of today waits again, at order_at in its class. */
int hall_rule_rejoin(struct ticket *t, const char *today, int64_t order_at,
                     struct qerr *err)
{
	/* An earlier day's A001 rejoining would share today's A001 number. */
	if (strcmp(t->day, today) != 0)
		return qerr_set(
		    err, PROTO_E_BAD_STATE,
		    "%s is from %s; only today's tickets can rejoin", t->number,
		    t->day);
	if (t->state != TICKET_NO_SHOW)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s is %s; only a missed ticket can rejoin",
		                t->number, ticket_state_name(t->state));
	t->state = TICKET_WAITING;
	t->klass = t->priority ? TICKET_CLASS_PRIORITY : TICKET_CLASS_NORMAL;
	t->window = 0;
	t->order_at = order_at;
	return 0;
}

int hall_rule_window_state(struct window_info *w, enum window_state state,
                           const char *reason, struct qerr *err)
{
	if (w->state == state)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "window %d is already %s", w->number,
		                state == WINDOW_PAUSED ? "paused" : "open");
	w->state = state;
	snprintf(w->reason, sizeof w->reason, "%s", reason ? reason : "");
	return 0;
}

/*
 * Whether today starts a new business day, and whether the stored day's
 * open tickets expire: only when the clock moved forward (a clock set back
 * expires nothing that may still be served).
 */
int hall_rule_day_rolls(const char *stored_day, const char *today,
                        int *expire_before)
{
	*expire_before = 0;
	if (strcmp(stored_day, today) == 0)
		return 0;
	*expire_before = stored_day[0] && strcmp(stored_day, today) < 0;
	return 1;
}
