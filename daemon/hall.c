/*
 * The hall: its state beside the store (the business day, who acts, the
 * events of the open request), batches and requests kept in step with the
 * store, the day's roll and close, and the changes that are not a ticket's
 * (catalog, staff, devices, queues, the notice).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "hall-private.h"
#include "proto.h"
#include "xmalloc.h"

struct hall *hall_new(struct store *s, const struct catalog *c,
                      int rejoin_places)
{
	struct hall *h = xcalloc(1, sizeof *h);

	h->store = s;
	h->catalog = c;
	h->rejoin_places = rejoin_places;
	h->request_events = json_array();
	/* The configuration's defaults until the daemon sets its own. */
	hall_rule_rating_policy(&h->rating, CONFIG_RATING_REASONS, "", NULL);
	h->rating.rate_days = 7;
	h->rating.evaluator_s = 60;
	h->rating.reply_days = 1;
	h->rating.fix_days = 5;
	h->rating.phone_keep_days = 30;
	crypto_secretbox_keygen(h->phone_key);
	crypto_generichash_keygen(h->id_key);
	h->id_keep_days = 30;
	h->appt_early_min = 15;
	h->appt_late_min = 15;
	store_setting_get(s, "day", h->day, sizeof h->day);
	return h;
}

void hall_free(struct hall *h)
{
	if (h == NULL)
		return;
	json_decref(h->request_events);
	free(h);
}

void hall_set_sink(struct hall *h, const struct hall_sink *sink)
{
	h->sink = *sink;
}

/* Who the next events are attributed to (a device name). */
void hall_set_actor(struct hall *h, const char *device)
{
	snprintf(h->actor, sizeof h->actor, "%s", device ? device : "qhalld");
}

struct store *hall_store(const struct hall *h)
{
	return h->store;
}

/* The cached day may have rolled inside what was undone. */
static void hall_reload_day(struct hall *h)
{
	h->day[0] = '\0';
	store_setting_get(h->store, "day", h->day, sizeof h->day);
}

int hall_batch_begin(struct hall *h, struct qerr *err)
{
	return store_batch_begin(h->store, err);
}

int hall_batch_commit(struct hall *h, struct qerr *err)
{
	if (store_batch_commit(h->store, err) == 0)
		return 0;
	hall_reload_day(h);
	return -1;
}

void hall_batch_rollback(struct hall *h)
{
	store_batch_rollback(h->store);
	hall_reload_day(h);
}

int hall_request_begin(struct hall *h, struct qerr *err)
{
	if (store_request_begin(h->store, err))
		return -1;
	h->in_request = 1;
	return 0;
}

int hall_request_end(struct hall *h, int keep, struct qerr *err)
{
	int rc;

	if (!h->in_request)
		return 0;
	h->in_request = 0;
	rc = store_request_end(h->store, keep, err);
	hall_events_end(h, keep && rc == 0);
	if (!keep || rc)
		hall_reload_day(h);
	return rc;
}

int hall_catalog_sync(struct hall *h, int64_t now, struct qerr *err)
{
	const struct catalog *c = h->catalog;
	struct window_info w;
	int found;

	for (size_t i = 0; i < c->nqueues; i++)
		if (store_queue_add(h->store, c->queues[i].prefix,
		                    (int64_t)c->queues[i].avg_service_s * 1000,
		                    err))
			return -1;
	for (size_t i = 0; i < c->nwindows; i++) {
		const struct catalog_window *cw = &c->windows[i];

		/* A window set by an operator keeps its queues. */
		if (store_window_get(h->store, cw->number, &w, &found, err))
			return -1;
		if (!found && hall_window_set(h, cw->number, cw->queues,
		                              (int)cw->nqueues, now, err))
			return -1;
	}
	return 0;
}

/*
 * Each window as the new day finds it (who is logged in, paused, which
 * queues), so a report can start its replay at any day's first event
 * without reading the days before (docs/REPORTS.md).
 */
static json_t *hall_windows_snapshot(struct hall *h, struct qerr *err)
{
	int numbers[CATALOG_MAX_WINDOWS], n;
	json_t *list = json_array();
	struct window_info w;
	int found;

	if (store_window_numbers(h->store, numbers, CATALOG_MAX_WINDOWS, &n,
	                         err))
		goto fail;
	for (int i = 0; i < n; i++) {
		json_t *queues = json_array();

		if (store_window_get(h->store, numbers[i], &w, &found, err)) {
			json_decref(queues);
			goto fail;
		}
		for (int q = 0; q < w.nqueues; q++)
			json_array_append_new(queues, json_string(w.queues[q]));
		json_array_append_new(
		    list, json_pack("{s:i, s:o, s:b, s:s, s:o}", "window",
		                    w.number, "staff",
		                    w.staff_id[0] ? json_string(w.staff_id)
		                                  : json_null(),
		                    "paused", w.state == WINDOW_PAUSED,
		                    "reason", w.reason, "queues", queues));
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

int hall_day_roll(struct hall *h, const char *today, int64_t now,
                  struct qerr *err)
{
	json_t *windows;
	char previous[TICKET_DAY_LEN + 1];
	int expire, expired = 0, forgotten;

	if (!hall_rule_day_rolls(h->day, today, &expire))
		return 0;
	snprintf(previous, sizeof previous, "%s", h->day);
	if (expire &&
	    (store_ticket_expire(h->store, previous, now, &expired, err) ||
	     store_route_sweep(h->store, err)))
		return -1;
	if (store_setting_put(h->store, "day", today, err))
		return -1;
	snprintf(h->day, sizeof h->day, "%s", today);
	/* Callback numbers past their keeping go with the day's turn. */
	if (store_review_forget_phones(h->store, now, &forgotten, err) ||
	    hall_admit_forget(h, today, err) ||
	    hall_appt_roll(h, today, now, err) ||
	    (windows = hall_windows_snapshot(h, err)) == NULL)
		return -1;
	return hall_event(h, "day_started", now, NULL, 0,
	                  json_pack("{s:s, s:s, s:i, s:o}", "day", today,
	                            "previous", previous, "expired", expired,
	                            "windows", windows),
	                  err);
}

const char *hall_day(const struct hall *h)
{
	return h->day;
}

/* Day close (日结): whatever still waits or stands at a window expires. */
int hall_day_close(struct hall *h, const char *day, int64_t now, int *expired,
                   struct qerr *err)
{
	if (store_ticket_expire(h->store, day, now, expired, err) ||
	    store_route_sweep(h->store, err))
		return -1;
	return hall_event(
	    h, "day_closed", now, NULL, 0,
	    json_pack("{s:s, s:i}", "day", day, "expired", *expired), err);
}

/* The lobby's scrolling notice (set by an operator, shown by displays). */
int hall_notice_set(struct hall *h, const char *text, int64_t now,
                    struct qerr *err)
{
	if (store_setting_put(h->store, "notice", text, err))
		return -1;
	return hall_event(h, "notice", now, NULL, 0,
	                  json_pack("{s:s}", "text", text), err);
}

int hall_staff_add(struct hall *h, const struct store_staff *who, int64_t now,
                   struct qerr *err)
{
	int exists;

	if (store_staff_add(h->store, who, now, &exists, err))
		return -1;
	if (exists)
		return qerr_set(err, PROTO_E_EXISTS, "staff %s already exists",
		                who->id);
	return hall_event(
	    h, "staff_added", now, NULL, 0,
	    json_pack("{s:s, s:s}", "staff", who->id, "name", who->name), err);
}

int hall_staff_get(struct hall *h, const char *id, struct store_staff *out,
                   struct qerr *err)
{
	int found;

	if (store_staff_get(h->store, id, out, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no staff %s",
		                id);
	return 0;
}

int hall_login(struct hall *h, int window, const struct store_staff *who,
               int64_t now, struct qerr *err)
{
	struct window_info w;

	if (hall_window_get(h, window, &w, err) ||
	    store_window_put_staff(h->store, window, who->id, err))
		return -1;
	return hall_event(
	    h, "login", now, NULL, window,
	    json_pack("{s:s, s:s}", "staff", who->id, "name", who->name), err);
}

int hall_logout(struct hall *h, int window, int64_t now, struct qerr *err)
{
	struct window_info w;

	if (hall_window_get(h, window, &w, err) ||
	    store_window_put_staff(h->store, window, NULL, err))
		return -1;
	return hall_event(h, "logout", now, NULL, window, NULL, err);
}

int hall_device_add(struct hall *h, const struct store_device *d,
                    const char *token_id, const unsigned char *salt,
                    const unsigned char *hash, int64_t now, struct qerr *err)
{
	int exists;

	if (store_device_add(h->store, d, token_id, salt, hash, now, &exists,
	                     err))
		return -1;
	if (exists)
		return qerr_set(err, PROTO_E_EXISTS,
		                "a device named %s already exists", d->name);
	return hall_event(
	    h, "device_added", now, NULL, d->window,
	    json_pack("{s:s, s:s}", "name", d->name, "role", d->role), err);
}

/* A closed queue (暂停取号) issues no numbers; what waits is still called. */
int hall_queue_close(struct hall *h, const char *queue, int closed, int64_t now,
                     struct qerr *err)
{
	int found;

	if (store_queue_put_closed(h->store, queue, closed, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NO_QUEUE, "there is no queue %s",
		                queue);
	return hall_event(h, closed ? "queue_closed" : "queue_opened", now,
	                  NULL, 0, json_pack("{s:s}", "queue", queue), err);
}

/* A staff member's role: window, supervisor (the web console) or admin. */
int hall_staff_set_role(struct hall *h, const char *id, const char *role,
                        int64_t now, struct qerr *err)
{
	if (strcmp(role, "window") != 0 && strcmp(role, "supervisor") != 0 &&
	    strcmp(role, "admin") != 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff role is window, supervisor or admin");
	if (store_staff_role_set(h->store, id, role, err))
		return -1;
	return hall_event(h, "staff_role", now, NULL, 0,
	                  json_pack("{s:s, s:s}", "staff", id, "role", role),
	                  err);
}

int hall_staff_role(struct hall *h, const char *id, char *role, size_t size,
                    struct qerr *err)
{
	int found;

	if (store_staff_role_get(h->store, id, role, size, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no staff %s",
		                id);
	return 0;
}
