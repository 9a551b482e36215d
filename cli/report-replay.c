/*
 * The replay: the trace's events, in order, move a small model of the
 * hall (the open tickets of the day, each window's staff, pause and
 * counter, each queue's waiting count) and every change is counted to its
 * subject and to the hall's total. Time between two events is counted to
 * each window's presence, clipped to the hall's opening hours. Each day's
 * first event (day_started) carries every window's state, so a period
 * needs nothing from before its first day. docs/REPORTS.md is the
 * definition; this is one way to compute it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "report.h"
#include "xmalloc.h"

#define REPLAY_WINDOWS 1000
#define REPLAY_QUEUES  64

enum replay_state { RT_WAITING, RT_AT_WINDOW, RT_NO_SHOW };

struct replay_ticket {
	char key[REPORT_DAY_LEN + 1 + 16]; /* "2026-11-02 A007" */
	char day[REPORT_DAY_LEN + 1];
	char queue[8], item[40];
	enum replay_state state;
	int window, called;
	int64_t taken_at, call_at, served_at;
};

struct replay_window {
	int known, paused;
	char staff[33], reason[REPORT_SUBJECT_MAX];
	int64_t ticket; /* a slot + 1 of the ticket at the counter, 0: none */
	int queues[REPLAY_QUEUES], nqueues;
	int row; /* by window: its row's index + 1 once made (rows stay) */
};

struct replay_queue {
	char prefix[8], department[REPORT_SUBJECT_MAX];
	int64_t waiting;
};

struct report_replay {
	enum report_by by;
	struct report_row total, *rows;
	int nrows, caprows;
	json_t *index; /* ticket key -> slot */
	struct replay_ticket *tickets;
	int64_t ntickets, *free_slots, nfree;
	struct replay_window windows[REPLAY_WINDOWS];
	struct replay_queue queues[REPLAY_QUEUES];
	int nqueues;
	int max_window; /* the highest window known: time runs to 1..it */
	int64_t last_at, open_s, close_s, wait_s, open_days;
	int64_t day_from, day_open, day_close, day_next; /* cached day, ms */
	int64_t open_day; /* midnight of the last day_started: hours count */
	struct report_series series;
};

struct report_replay *report_replay_new(enum report_by by,
                                        const json_t *catalog)
{
	struct report_replay *r = xcalloc(1, sizeof *r);
	json_t *queues = json_object_get(catalog, "queues"), *q;
	size_t i;

	r->by = by;
	r->index = json_object();
	r->open_s = 9 * 3600;
	r->close_s = 17 * 3600;
	r->wait_s = 30 * 60;
	json_array_foreach(queues, i, q)
	{
		const char *p = json_string_value(json_object_get(q, "prefix"));
		const char *d =
		    json_string_value(json_object_get(q, "department"));

		if (p && r->nqueues < REPLAY_QUEUES) {
			struct replay_queue *rq = &r->queues[r->nqueues++];
			snprintf(rq->prefix, sizeof rq->prefix, "%s", p);
			snprintf(rq->department, sizeof rq->department, "%s",
			         d ? d : "");
		}
	}
	return r;
}

void report_replay_policy(struct report_replay *r, int64_t open_s,
                          int64_t close_s, int64_t wait_s)
{
	r->open_s = open_s;
	r->close_s = close_s;
	r->wait_s = wait_s;
}

static int replay_queue(struct report_replay *r, const char *prefix)
{
	for (int i = 0; i < r->nqueues; i++)
		if (strcmp(r->queues[i].prefix, prefix) == 0)
			return i;
	if (r->nqueues == REPLAY_QUEUES)
		return -1;
	snprintf(r->queues[r->nqueues].prefix, sizeof r->queues[0].prefix, "%s",
	         prefix);
	return r->nqueues++;
}

/* The row of a subject, made on first use. */
static struct report_row *replay_row(struct report_replay *r, const char *s)
{
	for (int i = r->nrows - 1; i >= 0; i--)
		if (strcmp(r->rows[i].subject, s) == 0)
			return &r->rows[i];
	if (r->nrows == r->caprows) {
		r->caprows = r->caprows ? r->caprows * 2 : 16;
		r->rows =
		    xrealloc(r->rows, (size_t)r->caprows * sizeof *r->rows);
	}
	memset(&r->rows[r->nrows], 0, sizeof r->rows[0]);
	snprintf(r->rows[r->nrows].subject, REPORT_SUBJECT_MAX, "%s", s);
	return &r->rows[r->nrows++];
}

/* Window n's row (by window): found once, then kept by index. */
static struct report_row *replay_window_row(struct report_replay *r, int n)
{
	char buf[16];
	struct report_row *row;

	if (n > 0 && n < REPLAY_WINDOWS && r->windows[n].row)
		return &r->rows[r->windows[n].row - 1];
	snprintf(buf, sizeof buf, "%d", n);
	row = replay_row(r, buf);
	if (n > 0 && n < REPLAY_WINDOWS)
		r->windows[n].row = (int)(row - r->rows) + 1;
	return row;
}

/*
 * The subject a change counts to: the ticket's queue, its department or
 * item, or the window where it happened and who was logged in there.
 * NULL: the change has no such subject (a take has no window; a window
 * nobody was logged in at has no staff) and counts to the total only.
 */
static struct report_row *replay_subject(struct report_replay *r,
                                         const struct replay_ticket *t,
                                         int window)
{
	int q;

	switch (r->by) {
	case REPORT_BY_WINDOW:
		if (window <= 0)
			return NULL;
		return replay_window_row(r, window);
	case REPORT_BY_STAFF:
		if (window <= 0 || window >= REPLAY_WINDOWS ||
		    !r->windows[window].staff[0])
			return NULL;
		return replay_row(r, r->windows[window].staff);
	case REPORT_BY_QUEUE:
		return t ? replay_row(r, t->queue) : NULL;
	case REPORT_BY_DEPARTMENT:
		if (!t || (q = replay_queue(r, t->queue)) < 0 ||
		    !r->queues[q].department[0])
			return NULL;
		return replay_row(r, r->queues[q].department);
	case REPORT_BY_ITEM:
		return t && t->item[0] ? replay_row(r, t->item) : NULL;
	}
	return NULL;
}

/* A counter of the total and, when the subject has one, of its row. */
#define REPLAY_COUNT(r, row, field)                                            \
	do {                                                                   \
		(r)->total.field++;                                            \
		if (row)                                                       \
			(row)->field++;                                        \
	} while (0)

/* The day of `at` (in the hall's zone) into the cache; its midnight. */
static int64_t replay_midnight(struct report_replay *r, int64_t at)
{
	if (!(at >= r->day_from && at < r->day_next)) {
		time_t t = (time_t)(at / 1000);
		struct tm tm;

		localtime_r(&t, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		r->day_from = (int64_t)mktime(&tm) * 1000;
		tm.tm_mday++;
		tm.tm_isdst = -1;
		r->day_next = (int64_t)mktime(&tm) * 1000;
		r->day_open = r->day_from + r->open_s * 1000;
		r->day_close = r->day_from + r->close_s * 1000;
	}
	return r->day_from;
}

/* The ms of [a, b) in the opening hours of days the hall opened (a day
 * with no event at all, a Sunday, counts none). */
static int64_t replay_open_ms(struct report_replay *r, int64_t a, int64_t b)
{
	int64_t sum = 0;

	while (a < b) {
		replay_midnight(r, a);
		int64_t end = b < r->day_next ? b : r->day_next;
		int64_t lo = a > r->day_open ? a : r->day_open;
		int64_t hi = end < r->day_close ? end : r->day_close;

		if (hi > lo && r->day_from == r->open_day)
			sum += hi - lo;
		a = end;
	}
	return sum;
}

static void replay_reason(struct report_row *row, const char *reason,
                          int64_t ms)
{
	int i;

	for (i = 0; i < row->npaused_by; i++)
		if (strcmp(row->paused_by[i].reason, reason) == 0)
			break;
	if (i == row->npaused_by) {
		if (i == REPORT_REASONS)
			i--; /* the last counts the rest */
		else
			row->npaused_by++;
		snprintf(row->paused_by[i].reason, REPORT_SUBJECT_MAX, "%s",
		         reason);
	}
	row->paused_by[i].ms += ms;
}

static void replay_presence(struct report_replay *r, struct report_row *row,
                            const struct replay_window *w, int64_t ms, int idle)
{
	row->presence = 1;
	row->logged_in_ms += ms;
	if (w->paused) {
		row->paused_ms += ms;
		replay_reason(row, w->reason, ms);
	} else if (idle) {
		row->idle_ms += ms;
	}
	(void)r;
}

/* Time runs from the last event to `at`: presence and idle. */
static void replay_advance(struct report_replay *r, int64_t at)
{
	int64_t ms;

	if (r->last_at == 0 || at <= r->last_at) {
		if (r->last_at == 0)
			r->last_at = at;
		return;
	}
	ms = replay_open_ms(r, r->last_at, at);
	r->last_at = at;
	if (ms == 0)
		return;
	for (int n = 1; n <= r->max_window; n++) {
		struct replay_window *w = &r->windows[n];
		struct report_row *row = NULL;
		int64_t waiting = 0;

		if (!w->known || !w->staff[0])
			continue;
		for (int q = 0; q < w->nqueues; q++)
			waiting += r->queues[w->queues[q]].waiting;
		int idle = !w->paused && w->ticket == 0 && waiting > 0;
		if (r->by == REPORT_BY_WINDOW) {
			row = replay_window_row(r, n);
		} else if (r->by == REPORT_BY_STAFF) {
			row = replay_row(r, w->staff);
		}
		if (row)
			replay_presence(r, row, w, ms, idle);
		replay_presence(r, &r->total, w, ms, idle);
	}
}

static struct replay_window *replay_window(struct report_replay *r, int n)
{
	if (n <= 0 || n >= REPLAY_WINDOWS)
		return NULL;
	r->windows[n].known = 1;
	if (n > r->max_window)
		r->max_window = n;
	return &r->windows[n];
}

static void replay_window_queues(struct report_replay *r,
                                 struct replay_window *w, json_t *list)
{
	size_t i;
	json_t *q;

	w->nqueues = 0;
	json_array_foreach(list, i, q)
	{
		int k = replay_queue(
		    r, json_string_value(q) ? json_string_value(q) : "");
		if (k >= 0 && w->nqueues < REPLAY_QUEUES)
			w->queues[w->nqueues++] = k;
	}
}

/* The ticket of an event, found or (for a take) made; NULL: unknown. */
static struct replay_ticket *
replay_ticket(struct report_replay *r, const struct report_event *e, int make)
{
	const char *day = e->day, *num = e->number, *queue = e->queue;
	const char *item = e->item;
	char key[REPORT_DAY_LEN + 1 + 16];
	struct replay_ticket *t;
	json_t *slot;
	size_t dl = strlen(day), nl = strlen(num);
	int64_t i;

	if (!day[0] || !num[0] || !queue[0])
		return NULL;
	/* "day number", written by hand: this runs for every event */
	if (dl + 1 + nl >= sizeof key)
		nl = sizeof key - dl - 2;
	memcpy(key, day, dl);
	key[dl] = ' ';
	memcpy(key + dl + 1, num, nl);
	key[dl + 1 + nl] = '\0';
	slot = json_object_get(r->index, key);
	if (slot) {
		t = &r->tickets[json_integer_value(slot)];
	} else {
		if (!make)
			return NULL;
		if (r->nfree)
			i = r->free_slots[--r->nfree];
		else {
			i = r->ntickets++;
			r->tickets =
			    xrealloc(r->tickets,
			             (size_t)r->ntickets * sizeof *r->tickets);
			r->free_slots =
			    xrealloc(r->free_slots, (size_t)r->ntickets *
			                                sizeof *r->free_slots);
		}
		t = &r->tickets[i];
		memset(t, 0, sizeof *t);
		snprintf(t->key, sizeof t->key, "%s", key);
		snprintf(t->day, sizeof t->day, "%s", day);
		json_object_set_new(r->index, key, json_integer(i));
	}
	/* The queue and item as the event has them now (a transfer moves);
	 * the event's fields are no longer than these. */
	_Static_assert(sizeof t->queue == sizeof e->queue, "queue");
	_Static_assert(sizeof t->item == sizeof e->item, "item");
	memcpy(t->queue, queue, sizeof t->queue);
	memcpy(t->item, item, sizeof t->item);
	return t;
}

static void replay_ticket_drop(struct report_replay *r, struct replay_ticket *t)
{
	json_t *slot = json_object_get(r->index, t->key);

	if (slot) {
		r->free_slots[r->nfree++] = json_integer_value(slot);
		json_object_del(r->index, t->key);
	}
}

static void replay_waiting(struct report_replay *r, const char *queue,
                           int delta)
{
	int q = replay_queue(r, queue);

	if (q >= 0) {
		r->queues[q].waiting += delta;
		if (r->queues[q].waiting < 0)
			r->queues[q].waiting = 0;
	}
}

/* The counter of the ticket's window is free again. */
static void replay_leave(struct report_replay *r, struct replay_ticket *t)
{
	struct replay_window *w = replay_window(r, t->window);

	if (t->state == RT_WAITING)
		replay_waiting(r, t->queue, -1);
	if (w && t->state == RT_AT_WINDOW &&
	    w->ticket == (int64_t)(t - r->tickets) + 1)
		w->ticket = 0;
}

/* Day close or the day's turn: what is still open of `day` expired. */
static void replay_expire(struct report_replay *r, const char *day)
{
	for (int64_t i = 0; i < r->ntickets; i++) {
		struct replay_ticket *t = &r->tickets[i];

		if (!t->key[0] || strcmp(t->day, day) != 0 ||
		    !json_object_get(r->index, t->key))
			continue;
		if (t->state != RT_NO_SHOW) {
			struct report_row *row = replay_subject(
			    r, t, t->state == RT_AT_WINDOW ? t->window : 0);
			REPLAY_COUNT(r, row, expired);
			replay_leave(r, t);
		}
		replay_ticket_drop(r, t);
		t->key[0] = '\0';
	}
}

static void replay_day_started(struct report_replay *r, json_t *ev)
{
	json_t *windows = json_object_get(ev, "windows"), *wj;
	const char *prev = json_string_value(json_object_get(ev, "previous"));
	size_t i;

	if (prev && prev[0])
		replay_expire(r, prev);
	r->open_days++;
	json_array_foreach(windows, i, wj)
	{
		struct replay_window *w = replay_window(
		    r, (int)json_integer_value(json_object_get(wj, "window")));
		const char *staff =
		    json_string_value(json_object_get(wj, "staff"));
		const char *reason =
		    json_string_value(json_object_get(wj, "reason"));

		if (!w)
			continue;
		snprintf(w->staff, sizeof w->staff, "%s", staff ? staff : "");
		w->paused = json_is_true(json_object_get(wj, "paused"));
		snprintf(w->reason, sizeof w->reason, "%s",
		         reason ? reason : "");
		replay_window_queues(r, w, json_object_get(wj, "queues"));
	}
}

static void replay_called(struct report_replay *r, struct replay_ticket *t,
                          int window, int64_t at, int64_t thr_s)
{
	struct replay_window *w = replay_window(r, window);
	struct report_row *row = replay_subject(r, t, window);

	if (t->state == RT_WAITING)
		replay_waiting(r, t->queue, -1);
	if (!t->called) {
		int64_t s = (at - t->taken_at) / 1000;
		time_t sec = (time_t)(at / 1000);
		struct tm tm;

		localtime_r(&sec, &tm);
		r->series.hour_waits[tm.tm_hour]++;
		r->series.hour_wait_sum[tm.tm_hour] += s;

		t->called = 1;
		report_stat_add(&r->total.wait, s);
		if (row)
			report_stat_add(&row->wait, s);
		if (s > thr_s)
			REPLAY_COUNT(r, row, over_wait);
	}
	t->state = RT_AT_WINDOW;
	t->window = window;
	t->call_at = at;
	t->served_at = 0;
	if (w)
		w->ticket = (int64_t)(t - r->tickets) + 1;
}

/* A take or a finish on the ticket's day, for the daily volume. */
static void replay_day_count(struct report_replay *r, const char *day,
                             int taken)
{
	struct report_series *s = &r->series;
	int i = s->ndays - 1;

	if (i < 0 || strcmp(s->day[i], day) != 0) {
		for (i = 0; i < s->ndays && strcmp(s->day[i], day); i++)
			;
		if (i == s->ndays) {
			if (s->ndays == REPORT_MAX_DAYS)
				return;
			snprintf(s->day[s->ndays++], REPORT_DAY_LEN + 1, "%s",
			         day);
		}
	}
	if (taken)
		s->day_taken[i]++;
	else
		s->day_finished[i]++;
}

static void replay_service(struct report_row *row, int64_t call_s,
                           int64_t serving_s)
{
	int band = (int)(call_s / 180);

	report_stat_add(&row->service, call_s);
	if (serving_s >= 0)
		report_stat_add(&row->serving, serving_s);
	row->bands[band < REPORT_BANDS ? band : REPORT_BANDS - 1]++;
}

static void replay_finished(struct report_replay *r, struct replay_ticket *t,
                            int window, int64_t at)
{
	struct report_row *row = replay_subject(r, t, window);
	int64_t call_s = (at - t->call_at) / 1000;
	int64_t serving_s = t->served_at ? (at - t->served_at) / 1000 : -1;

	REPLAY_COUNT(r, row, finished);
	replay_day_count(r, t->day, 0);
	replay_service(&r->total, call_s, serving_s);
	if (row)
		replay_service(row, call_s, serving_s);
	replay_leave(r, t);
	replay_ticket_drop(r, t);
}

/*
 * On a route (并联审批) the ticket goes on after a step's service (its
 * `finished` let it go here) or after a miss at one queue of a parallel
 * step: it waits again in the queue the event names, with no second wait
 * counted (its wait was to its first call) and no second take.
 */
static void replay_routed(struct report_replay *r, struct replay_ticket *t,
                          const struct report_event *e)
{
	json_t *tj = json_object_get(e->json, "ticket");
	json_t *taken = json_object_get(tj, "taken_at");

	if (!t->taken_at) { /* made again: the finish had let it go */
		t->taken_at = json_is_integer(taken)
		                  ? (int64_t)json_integer_value(taken)
		                  : 0;
		t->called = json_is_integer(json_object_get(tj, "called_at"));
	} else if (t->state != RT_NO_SHOW) {
		replay_leave(r, t);
	}
	t->state = RT_WAITING;
	t->window = 0;
	replay_waiting(r, t->queue, +1);
}

/* A ticket's event: its state moves, and its subject counts. */
static void replay_ticket_event(struct report_replay *r, const char *type,
                                const struct report_event *e, int64_t at,
                                int window)
{
	int take = strcmp(type, "taken") == 0;
	int routed = strcmp(type, "routed") == 0;
	struct replay_ticket *t = replay_ticket(r, e, take || routed);
	struct report_row *row;

	if (t == NULL)
		return; /* a ticket of a day before the period */
	if (take) {
		t->state = RT_WAITING;
		t->taken_at = at;
		replay_waiting(r, t->queue, +1);
		row = replay_subject(r, t, 0);
		REPLAY_COUNT(r, row, taken);
		replay_day_count(r, t->day, 1);
	} else if (routed) {
		replay_routed(r, t, e);
	} else if (strcmp(type, "called") == 0) {
		replay_called(r, t, window, at, r->wait_s);
	} else if (strcmp(type, "serving") == 0) {
		t->served_at = at;
	} else if (strcmp(type, "finished") == 0) {
		replay_finished(r, t, window, at);
	} else if (strcmp(type, "no_show") == 0) {
		row = replay_subject(r, t, window);
		REPLAY_COUNT(r, row, no_show);
		replay_leave(r, t);
		t->state = RT_NO_SHOW;
	} else if (strcmp(type, "rejoined") == 0) {
		row = replay_subject(r, t, 0);
		REPLAY_COUNT(r, row, rejoined);
		t->state = RT_WAITING;
		replay_waiting(r, t->queue, +1);
	} else if (strcmp(type, "transferred") == 0) {
		struct replay_ticket was = *t;

		snprintf(was.queue, sizeof was.queue, "%s", e->from);
		row = replay_subject(r, &was, window);
		REPLAY_COUNT(r, row, transferred);
		replay_leave(r, t);
		t->state = RT_WAITING;
		replay_waiting(r, t->queue, +1);
	} else if (strcmp(type, "appointment_checked_in") == 0) {
		row = replay_subject(r, t, 0);
		REPLAY_COUNT(r, row, appt_checked_in);
		if (json_is_true(json_object_get(e->json, "late")))
			REPLAY_COUNT(r, row, appt_late);
	} else if (strcmp(type, "cancelled") == 0) {
		row = replay_subject(r, t, 0);
		REPLAY_COUNT(r, row, cancelled);
		if (t->state != RT_NO_SHOW)
			replay_leave(r, t);
		replay_ticket_drop(r, t);
	}
}

/* An appointment nobody checked in for: to its queue, department, item. */
static void replay_appt_no_show(struct report_replay *r, json_t *ev)
{
	struct replay_ticket t = {0};
	struct report_row *row;
	const char *q = json_string_value(json_object_get(ev, "queue"));
	const char *it = json_string_value(json_object_get(ev, "item"));

	snprintf(t.queue, sizeof t.queue, "%s", q ? q : "");
	snprintf(t.item, sizeof t.item, "%s", it ? it : "");
	row = replay_subject(r, &t, 0);
	REPLAY_COUNT(r, row, appt_no_show);
}

/* One event, read from its text (report-event.c) or from jansson. */
int report_replay_apply(struct report_replay *r, const struct report_event *e)
{
	const char *type = e->type;
	int window = e->window;
	struct replay_window *w;

	if (!type[0] || !e->has_at)
		return -1;
	/* A day the hall opened counts its hours from its midnight on. */
	if (strcmp(type, "day_started") == 0)
		r->open_day = replay_midnight(r, e->at);
	replay_advance(r, e->at);
	if (e->has_ticket) {
		replay_ticket_event(r, type, e, e->at, window);
	} else if (strcmp(type, "day_started") == 0) {
		if (e->json == NULL)
			return -1; /* its windows are read from jansson */
		replay_day_started(r, e->json);
	} else if (strcmp(type, "day_closed") == 0) {
		if (e->ev_day[0])
			replay_expire(r, e->ev_day);
	} else if (strcmp(type, "appointment_no_show") == 0) {
		replay_appt_no_show(r, e->json);
	} else if ((w = replay_window(r, window)) == NULL) {
		return 0;
	} else if (strcmp(type, "login") == 0) {
		snprintf(w->staff, sizeof w->staff, "%s", e->staff);
	} else if (strcmp(type, "logout") == 0) {
		w->staff[0] = '\0';
	} else if (strcmp(type, "paused") == 0) {
		w->paused = 1;
		snprintf(w->reason, sizeof w->reason, "%s", e->reason);
	} else if (strcmp(type, "resumed") == 0) {
		w->paused = 0;
	} else if (strcmp(type, "window_set") == 0) {
		if (e->json == NULL)
			return -1;
		replay_window_queues(r, w, json_object_get(e->json, "queues"));
	}
	return 0;
}

int report_replay_event(struct report_replay *r, json_t *ev)
{
	struct report_event e;

	if (report_event_from_json(ev, &e))
		return -1;
	return report_replay_apply(r, &e);
}

void report_replay_finish(struct report_replay *r, int64_t end_ms)
{
	replay_advance(r, end_ms);
}

struct report_row *report_replay_rows(struct report_replay *r, int *n)
{
	*n = r->nrows;
	return r->rows;
}

struct report_row *report_replay_total(struct report_replay *r)
{
	return &r->total;
}

int64_t report_replay_open_days(const struct report_replay *r)
{
	return r->open_days;
}

const struct report_series *report_replay_series(const struct report_replay *r)
{
	return &r->series;
}

int64_t report_replay_still_open(const struct report_replay *r)
{
	return (int64_t)json_object_size(r->index);
}

void report_replay_free(struct report_replay *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->nrows; i++) {
		report_stat_free(&r->rows[i].wait);
		report_stat_free(&r->rows[i].service);
		report_stat_free(&r->rows[i].serving);
	}
	report_stat_free(&r->total.wait);
	report_stat_free(&r->total.service);
	report_stat_free(&r->total.serving);
	free(r->rows);
	free(r->tickets);
	free(r->free_slots);
	json_decref(r->index);
	free(r);
}
