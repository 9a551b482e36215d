/*
 * Ops of alerts: list the standing ones (looking at the hall first, so a
 * list is never older than the moment it is asked for), acknowledge one,
 * and a kiosk's call for staff (呼叫工作人员). And the daemon's own look at
 * the hall every [alerts] check_s seconds, in a batch of its own, so that
 * an alert is raised when its figure goes over even if nobody asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ops.h"

static void alert_time(json_t *o, const char *key, int64_t ms)
{
	json_object_set_new(o, key, ms ? json_integer(ms) : json_null());
}

/* One alert as replies show it. */
json_t *op_alert_json(const struct store_alert *a)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id",
	                      (json_int_t)a->id, "kind", a->kind, "subject",
	                      a->subject, "figure", (json_int_t)a->figure,
	                      "threshold", (json_int_t)a->threshold,
	                      "raised_at", (json_int_t)a->raised_at);

	json_object_set_new(o, "window",
	                    a->window ? json_integer(a->window) : json_null());
	if (a->detail[0])
		json_object_set_new(o, "screen", json_string(a->detail));
	alert_time(o, "acked_at", a->acked_at);
	json_object_set_new(o, "acked_by",
	                    a->acked_by[0] ? json_string(a->acked_by)
	                                   : json_null());
	alert_time(o, "cleared_at", a->cleared_at);
	return o;
}

/* What a client is shown: a window its own window's alerts and the
 * hall's (queues, calls for help); a kiosk its own calls. */
static int alert_visible(const struct conn *c, const struct store_alert *a)
{
	if (c->role == ROLE_WINDOW)
		return a->window == 0 || a->window == c->window;
	if (c->role == ROLE_KIOSK)
		return strcmp(a->kind, hall_rule_alert_kind_name(ALERT_HELP)) ==
		           0 &&
		       strcmp(a->subject, c->device) == 0;
	/* a kiosk's printer is the hall's: shown as queues are */
	return 1;
}

static const struct proto_field alerts_fields[] = {{NULL, 0, 0, 0, 0}};

static int alerts_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_alert *rows;
	json_t *list;
	int n;

	hall_set_actor(ctx->d->hall, "qhalld"); /* the raises are the hall's */
	if (hall_alert_check(ctx->d->hall, ctx->day, ctx->now, err) ||
	    store_alert_current(ctx->d->store, &rows, &n, err))
		return -1;
	list = json_array();
	for (int i = 0; i < n; i++)
		if (alert_visible(ctx->conn, &rows[i]))
			json_array_append_new(list, op_alert_json(&rows[i]));
	free(rows);
	*out = json_pack("{s:o, s:I}", "alerts", list, "now",
	                 (json_int_t)ctx->now);
	return 0;
}

const struct op op_alerts = {"alerts",    ROLE_ADMIN | ROLE_WINDOW | ROLE_KIOSK,
                             0,           alerts_fields,
                             alerts_exec, 0};

static const struct proto_field ack_fields[] = {
    {"alert", PROTO_INT, 1, 1, 1LL << 50}, /* "id" is the request's */
    {NULL, 0, 0, 0, 0},
};

static int ack_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	int64_t id =
	    (int64_t)json_integer_value(json_object_get(ctx->req, "alert"));
	struct store_alert a;
	int found;

	/* A window answers for its own window and for the hall's calls. */
	if (ctx->conn->role == ROLE_WINDOW) {
		if (store_alert_get(ctx->d->store, id, &a, &found, err))
			return -1;
		if (found && !alert_visible(ctx->conn, &a))
			return qerr_set(err, PROTO_E_FORBIDDEN,
			                "alert %lld is about window %d",
			                (long long)id, a.window);
	}
	if (hall_alert_ack(ctx->d->hall, id, ctx->conn->device, ctx->now, &a,
	                   err))
		return -1;
	*out = json_pack("{s:o}", "alert", op_alert_json(&a));
	return 0;
}

const struct op op_alert_ack = {
    "alert_ack", ROLE_ADMIN | ROLE_WINDOW, 0, ack_fields, ack_exec, 0};

static const struct proto_field help_fields[] = {
    {"screen", PROTO_STRING, 1, 1, 64},
    {NULL, 0, 0, 0, 0},
};

/* The reply goes out after the commit: the kiosk says someone is coming
 * only once the call is in the trace. */
static int help_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_alert a;
	int repeated;

	if (hall_alert_help(ctx->d->hall, ctx->conn->device,
	                    op_str(ctx, "screen"), ctx->now, &a, &repeated,
	                    err))
		return -1;
	*out = json_pack("{s:o, s:b}", "alert", op_alert_json(&a), "repeated",
	                 repeated);
	return 0;
}

const struct op op_help = {
    "help", ROLE_KIOSK | ROLE_ADMIN, 0, help_fields, help_exec, 0};

/* The daemon's own look, in the open batch or a new one. */
static void alert_tick(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct qerr err = {0};
	char day[TICKET_DAY_LEN + 1];
	int64_t now = clock_now_ms(d);
	int rc;
	(void)fd;
	(void)what;

	ticket_day_of(now, day);
	if (!store_in_batch(d->store)) {
		if (hall_batch_begin(d->hall, &err)) {
			log_error("alerts", "%s", err.message);
			return;
		}
		event_active(d->turn_ev, 0, 0);
	}
	hall_set_actor(d->hall, "qhalld");
	if (hall_request_begin(d->hall, &err)) {
		log_error("alerts", "%s", err.message);
		return;
	}
	rc = hall_alert_check(d->hall, day, now, &err);
	if (rc)
		log_error("alerts", "%s", err.message);
	if (hall_request_end(d->hall, rc == 0, &err))
		log_error("alerts", "%s", err.message);
}

int alert_timer_start(struct daemon *d)
{
	struct timeval every = {d->config.alert_check_s, 0};
	struct alert_policy p = {
	    .wait_s = d->config.alert_wait_min * 60,
	    .length = d->config.alert_queue_length,
	    .service_s = d->config.alert_service_min * 60,
	    .idle_s = d->config.alert_idle_min * 60,
	    .pause_s = d->config.alert_pause_min * 60,
	};

	hall_set_alert_policy(d->hall, &p, clock_now_ms(d));
	d->alert_ev = event_new(d->base, -1, EV_PERSIST, alert_tick, d);
	if (d->alert_ev == NULL)
		return -1;
	/* Beside the reads: a look waits for no client, and none for it. */
	event_priority_set(d->alert_ev, 1);
	return event_add(d->alert_ev, &every);
}

void alert_timer_stop(struct daemon *d)
{
	if (d->alert_ev)
		event_free(d->alert_ev);
	d->alert_ev = NULL;
}
