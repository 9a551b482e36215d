/*
 * Taking back what was given, each change in the trace: a ticket an
 * operator cancels, the tickets one device took today, a device's token
 * (removed, or replaced by a new one), a member of staff, a PIN.
 */
#include <stdio.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"

/* A cancelled ticket leaves its queue; its number is never issued again. */
int hall_ticket_cancel(struct hall *h, const char *day, const char *number,
                       int64_t now, struct ticket *t, struct qerr *err)
{
	struct window_info w;
	int found, window, left;

	if (store_ticket_find(h->store, day, number, t, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "no such ticket: %s",
		                number);
	window = t->window;
	if (hall_rule_cancel(t, now, err) ||
	    hall_route_leave(h, t, now, &left, err) ||
	    store_ticket_put(h->store, t, err))
		return -1;
	/* A window that had it at the counter has nobody there now. */
	if (window > 0) {
		if (store_window_get(h->store, window, &w, &found, err))
			return -1;
		if (found && w.ticket_id == t->id) {
			w.ticket_id = 0;
			if (store_window_put(h->store, &w, err))
				return -1;
		}
	}
	return hall_event(h, "cancelled", now, t, window, NULL, err);
}

/*
 * Every ticket a device took on day that still waits (or was skipped and
 * could rejoin): the answer to a kiosk token that took a queue's numbers.
 * One event for all of them, so a display is not sent thousands.
 */
int hall_device_cancel(struct hall *h, const char *device, const char *day,
                       int64_t now, int *cancelled, struct qerr *err)
{
	struct store_queue_count counts[CATALOG_MAX_QUEUES];
	json_t *queues;
	int n;

	if (store_ticket_cancel_device(h->store, device, day, now, counts,
	                               CATALOG_MAX_QUEUES, &n, cancelled,
	                               err) ||
	    store_route_sweep(h->store, err))
		return -1;
	queues = json_object();
	for (int i = 0; i < n; i++)
		json_object_set_new(queues, counts[i].queue,
		                    json_integer(counts[i].n));
	return hall_event(h, "device_tickets_cancelled", now, NULL, 0,
	                  json_pack("{s:s, s:s, s:i, s:o}", "device", device,
	                            "day", day, "cancelled", *cancelled,
	                            "queues", queues),
	                  err);
}

static int hall_device_find(struct hall *h, const char *name,
                            struct store_device *d, struct qerr *err)
{
	int found;

	if (store_device_get(h->store, name, d, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no device %s",
		                name);
	return 0;
}

int hall_device_remove(struct hall *h, const char *name, int64_t now,
                       struct store_device *d, struct qerr *err)
{
	int found;

	if (hall_device_find(h, name, d, err) ||
	    store_device_remove(h->store, name, &found, err))
		return -1;
	return hall_event(
	    h, "device_removed", now, NULL, d->window,
	    json_pack("{s:s, s:s}", "name", d->name, "role", d->role), err);
}

int hall_device_rotate(struct hall *h, const char *name, const char *token_id,
                       const unsigned char *salt, const unsigned char *hash,
                       int64_t now, struct store_device *d, struct qerr *err)
{
	int found;

	if (hall_device_find(h, name, d, err) ||
	    store_device_put_token(h->store, name, token_id, salt, hash, &found,
	                           err))
		return -1;
	return hall_event(
	    h, "device_rotated", now, NULL, d->window,
	    json_pack("{s:s, s:s}", "name", d->name, "role", d->role), err);
}

/* Windows the member was logged in at are logged out first, in the trace. */
int hall_staff_remove(struct hall *h, const char *id, int64_t now,
                      struct qerr *err)
{
	int windows[CATALOG_MAX_WINDOWS], n, found;

	if (store_staff_remove(h->store, id, windows, CATALOG_MAX_WINDOWS, &n,
	                       &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no staff %s",
		                id);
	for (int i = 0; i < n; i++)
		if (hall_event(h, "logout", now, NULL, windows[i],
		               json_pack("{s:s}", "staff", id), err))
			return -1;
	return hall_event(h, "staff_removed", now, NULL, 0,
	                  json_pack("{s:s}", "staff", id), err);
}

/* The trace says the PIN changed, never what to. */
int hall_staff_pin(struct hall *h, const char *id, const char *pin_hash,
                   int64_t now, struct qerr *err)
{
	int found;

	if (store_staff_put_pin(h->store, id, pin_hash, &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NOT_FOUND, "there is no staff %s",
		                id);
	return hall_event(h, "staff_pin_changed", now, NULL, 0,
	                  json_pack("{s:s}", "staff", id), err);
}

int hall_staff_unlocked(struct hall *h, const char *id, int window, int cleared,
                        int64_t now, struct qerr *err)
{
	return hall_event(
	    h, "staff_unlocked", now, NULL, window,
	    json_pack("{s:s, s:i}", "staff", id, "cleared", cleared), err);
}
