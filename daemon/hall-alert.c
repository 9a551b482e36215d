/*
 * Alerts: the hall looks at its figures (each queue's longest wait and
 * length, each window's service, idleness and pause) against the
 * thresholds of [alerts], raises what went over and clears what came back,
 * each as an event in the trace (alert_raised, alert_cleared). A kiosk's
 * call for staff (help) is raised by the kiosk and cleared by whoever
 * acknowledges it; a kiosk's printer out of paper (printer_paper) is
 * raised by its print report and cleared by its next good print (alert_acked
 * marks a KPI alert seen; it stays until its figure comes back).
 *
 * When a window's state began is kept here, in memory, from the events
 * about it (hall_alert_note): after a restart it counts from the start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"
#include "xmalloc.h"

/* One condition as found now. */
struct alert_seen {
	enum alert_kind kind;
	char subject[STORE_ALERT_SUBJECT_MAX + 1];
	int window;
	int64_t figure;
	int holds;
};

void hall_set_alert_policy(struct hall *h, const struct alert_policy *p,
                           int64_t start)
{
	h->alerts = *p;
	h->alert_start = start;
}

void hall_alert_note(struct hall *h, const char *type, int window, int64_t now)
{
	if (window <= CATALOG_MAX_WINDOWS && hall_rule_alert_window_event(type))
		h->window_since[window] = now;
}

static int64_t alert_window_since(const struct hall *h, int window)
{
	int64_t since = h->window_since[window];

	return since > h->alert_start ? since : h->alert_start;
}

/* The event of an alert raised or cleared (figure: as it is now). */
static int alert_event(struct hall *h, const char *type,
                       const struct store_alert *a, int64_t figure, int64_t now,
                       struct qerr *err)
{
	json_t *extra = json_pack("{s:I, s:s, s:s, s:I, s:I}", "alert",
	                          (json_int_t)a->id, "kind", a->kind, "subject",
	                          a->subject, "figure", (json_int_t)figure,
	                          "threshold", (json_int_t)a->threshold);

	if (a->detail[0])
		json_object_set_new(extra, "screen", json_string(a->detail));
	if (strcmp(type, "alert_raised") != 0)
		json_object_set_new(extra, "raised_at",
		                    json_integer(a->raised_at));
	if (a->acked_by[0] && strcmp(type, "alert_raised") != 0)
		json_object_set_new(extra, "by", json_string(a->acked_by));
	return hall_event(h, type, now, NULL, a->window, extra, err);
}

static int alert_raise(struct hall *h, const struct alert_seen *s, int64_t now,
                       struct qerr *err)
{
	struct store_alert a = {0};
	int exists;

	snprintf(a.kind, sizeof a.kind, "%s",
	         hall_rule_alert_kind_name(s->kind));
	snprintf(a.subject, sizeof a.subject, "%s", s->subject);
	a.window = s->window;
	a.figure = s->figure;
	a.threshold = hall_rule_alert_threshold(&h->alerts, s->kind);
	a.raised_at = now;
	if (store_alert_add(h->store, &a, &exists, err))
		return -1;
	if (exists)
		return 0;
	return alert_event(h, "alert_raised", &a, s->figure, now, err);
}

static int alert_clear(struct hall *h, struct store_alert *a, int64_t figure,
                       int64_t now, struct qerr *err)
{
	a->cleared_at = now;
	a->cleared_figure = figure;
	if (store_alert_put(h->store, a, err))
		return -1;
	return alert_event(h, "alert_cleared", a, figure, now, err);
}

/* Each queue's longest wait and length. */
static int alert_queues(struct hall *h, int64_t now, struct alert_seen *out,
                        int *n, struct qerr *err)
{
	struct queue_info q[CATALOG_MAX_QUEUES];
	int nq;

	if (store_queue_list(h->store, q, CATALOG_MAX_QUEUES, &nq, err))
		return -1;
	for (int i = 0; i < nq; i++) {
		struct alert_seen *len = &out[(*n)++], *wait = &out[(*n)++];
		int64_t taken = 0;
		int found = 0;

		if (q[i].waiting > 0 &&
		    store_queue_oldest(h->store, q[i].prefix, &taken, &found,
		                       err))
			return -1;
		*len = (struct alert_seen){.kind = ALERT_QUEUE_LENGTH,
		                           .figure = q[i].waiting};
		*wait = (struct alert_seen){
		    .kind = ALERT_QUEUE_WAIT,
		    .figure = found ? hall_rule_alert_seconds(taken, now) : 0};
		snprintf(len->subject, sizeof len->subject, "%.*s",
		         (int)TICKET_PREFIX_MAX, q[i].prefix);
		memcpy(wait->subject, len->subject, sizeof wait->subject);
		len->holds =
		    hall_rule_alert_over(&h->alerts, len->kind, len->figure);
		wait->holds =
		    hall_rule_alert_over(&h->alerts, wait->kind, wait->figure);
	}
	return 0;
}

/* The oldest ticket waiting in any of w's queues: 0 when none waits. */
static int alert_window_oldest(struct hall *h, const struct window_info *w,
                               int64_t *oldest, struct qerr *err)
{
	*oldest = 0;
	for (int i = 0; i < w->nqueues; i++) {
		int64_t taken;
		int found;

		if (store_queue_oldest(h->store, w->queues[i], &taken, &found,
		                       err))
			return -1;
		if (found && (*oldest == 0 || taken < *oldest))
			*oldest = taken;
	}
	return 0;
}

/* One window: its service, its idleness while citizens wait, its pause. */
static int alert_window(struct hall *h, int number, int64_t now,
                        struct alert_seen *out, int *n, struct qerr *err)
{
	struct alert_seen *svc = &out[(*n)++], *idle = &out[(*n)++],
	                  *pause = &out[(*n)++];
	struct window_info w;
	int64_t since = alert_window_since(h, number), oldest = 0;
	int found;

	*svc =
	    (struct alert_seen){.kind = ALERT_SERVICE_LONG, .window = number};
	*idle =
	    (struct alert_seen){.kind = ALERT_WINDOW_IDLE, .window = number};
	*pause =
	    (struct alert_seen){.kind = ALERT_WINDOW_PAUSED, .window = number};
	snprintf(svc->subject, sizeof svc->subject, "%d", number);
	memcpy(idle->subject, svc->subject, sizeof idle->subject);
	memcpy(pause->subject, svc->subject, sizeof pause->subject);
	if (store_window_get(h->store, number, &w, &found, err))
		return -1;
	if (!found)
		return 0;
	if (w.ticket_id) {
		struct ticket t;
		if (store_ticket_get(h->store, w.ticket_id, &t, err))
			return -1;
		if (t.called_at)
			svc->figure = hall_rule_alert_seconds(t.called_at, now);
	} else if (w.state == WINDOW_OPEN && w.staff_id[0]) {
		if (alert_window_oldest(h, &w, &oldest, err))
			return -1;
		if (oldest)
			idle->figure = hall_rule_alert_seconds(
			    hall_rule_alert_idle_since(since, oldest), now);
	}
	if (w.state == WINDOW_PAUSED)
		pause->figure = hall_rule_alert_seconds(since, now);
	svc->holds = hall_rule_alert_over(&h->alerts, svc->kind, svc->figure);
	idle->holds =
	    hall_rule_alert_over(&h->alerts, idle->kind, idle->figure);
	pause->holds =
	    hall_rule_alert_over(&h->alerts, pause->kind, pause->figure);
	return 0;
}

/* The figures of every queue and window now; *seen is the caller's. */
static int alert_look(struct hall *h, int64_t now, struct alert_seen **seen,
                      int *n, struct qerr *err)
{
	int windows[CATALOG_MAX_WINDOWS], nw;

	*n = 0;
	if (store_window_numbers(h->store, windows, CATALOG_MAX_WINDOWS, &nw,
	                         err))
		return -1;
	*seen = xcalloc((size_t)(2 * CATALOG_MAX_QUEUES + 3 * nw + 1),
	                sizeof **seen);
	if (alert_queues(h, now, *seen, n, err))
		return -1;
	for (int i = 0; i < nw; i++)
		if (alert_window(h, windows[i], now, *seen, n, err))
			return -1;
	return 0;
}

int hall_alert_check(struct hall *h, const char *day, int64_t now,
                     struct qerr *err)
{
	struct store_alert *cur = NULL;
	struct alert_seen *seen = NULL;
	int ncur = 0, nseen = 0, rc = -1;

	if (store_alert_current(h->store, &cur, &ncur, err))
		goto out;
	/* A new business day no change has begun yet: what waits is the
	 * days before's, expired at the first change. Nothing holds. */
	if (h->day[0] && strcmp(h->day, day) < 0)
		seen = xcalloc(1, sizeof *seen);
	else if (alert_look(h, now, &seen, &nseen, err))
		goto out;
	/* What stands and no longer holds (or is no more) is cleared. */
	for (int i = 0; i < ncur; i++) {
		int kind = hall_rule_alert_kind(cur[i].kind), holds = 0;
		int64_t figure = 0;

		if (kind < 0 || !hall_rule_alert_polled(kind))
			continue;
		for (int j = 0; j < nseen; j++)
			if (seen[j].kind == (enum alert_kind)kind &&
			    strcmp(seen[j].subject, cur[i].subject) == 0) {
				holds = seen[j].holds;
				figure = seen[j].figure;
				seen[j].holds =
				    0; /* stands: not raised again */
				break;
			}
		if (!holds && alert_clear(h, &cur[i], figure, now, err))
			goto out;
	}
	for (int j = 0; j < nseen; j++)
		if (seen[j].holds && alert_raise(h, &seen[j], now, err))
			goto out;
	rc = 0;
out:
	free(cur);
	free(seen);
	return rc;
}

int hall_alert_ack(struct hall *h, int64_t id, const char *by, int64_t now,
                   struct store_alert *a, struct qerr *err)
{
	int found;

	if (store_alert_get(h->store, id, a, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "no such alert: %lld",
		                (long long)id);
	if (a->cleared_at)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "alert %lld was cleared already",
		                (long long)id);
	if (a->acked_at)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "alert %lld was acknowledged already by %s",
		                (long long)id, a->acked_by);
	a->acked_at = now;
	snprintf(a->acked_by, sizeof a->acked_by, "%s", by);
	/* Someone answered the call: that was all it asked for. */
	if (strcmp(a->kind, hall_rule_alert_kind_name(ALERT_HELP)) == 0)
		return alert_clear(h, a, a->figure, now, err);
	if (store_alert_put(h->store, a, err))
		return -1;
	return alert_event(h, "alert_acked", a, a->figure, now, err);
}

int hall_alert_help(struct hall *h, const char *kiosk, const char *screen,
                    int64_t now, struct store_alert *a, int *repeated,
                    struct qerr *err)
{
	struct store_alert *cur;
	int n;

	memset(a, 0, sizeof *a);
	snprintf(a->kind, sizeof a->kind, "%s",
	         hall_rule_alert_kind_name(ALERT_HELP));
	snprintf(a->subject, sizeof a->subject, "%s", kiosk);
	snprintf(a->detail, sizeof a->detail, "%s", screen);
	a->raised_at = now;
	if (store_alert_add(h->store, a, repeated, err))
		return -1;
	if (!*repeated)
		return alert_event(h, "alert_raised", a, 0, now, err);
	/* Asked again before anyone came: the standing call answers. */
	if (store_alert_current(h->store, &cur, &n, err))
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(cur[i].kind, a->kind) == 0 &&
		    strcmp(cur[i].subject, kiosk) == 0)
			*a = cur[i];
	free(cur);
	return 0;
}

/* The standing alert of a kind and subject, if one stands. */
static int alert_standing(struct hall *h, const char *kind, const char *subject,
                          struct store_alert *a, int *found, struct qerr *err)
{
	struct store_alert *cur;
	int n;

	*found = 0;
	if (store_alert_current(h->store, &cur, &n, err))
		return -1;
	for (int i = 0; i < n && !*found; i++)
		if (strcmp(cur[i].kind, kind) == 0 &&
		    strcmp(cur[i].subject, subject) == 0) {
			*a = cur[i];
			*found = 1;
		}
	free(cur);
	return 0;
}

int hall_alert_printer(struct hall *h, const char *kiosk, int out_of_paper,
                       int64_t now, struct qerr *err)
{
	const char *kind = hall_rule_alert_kind_name(ALERT_PRINTER_PAPER);
	struct store_alert a = {0};
	int found, exists;

	if (!out_of_paper) {
		if (alert_standing(h, kind, kiosk, &a, &found, err))
			return -1;
		return found ? alert_clear(h, &a, 0, now, err) : 0;
	}
	snprintf(a.kind, sizeof a.kind, "%s", kind);
	snprintf(a.subject, sizeof a.subject, "%s", kiosk);
	a.raised_at = now;
	if (store_alert_add(h->store, &a, &exists, err))
		return -1;
	return exists ? 0 : alert_event(h, "alert_raised", &a, 0, now, err);
}
