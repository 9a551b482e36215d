/*
 * The hall at a glance: every queue's waiting count and estimated wait, and
 * every window's state and ticket. Costs what is waiting and open, never
 * what is history.
 */
#include "store-private.h"

#include <string.h>

#include "proto.h"

static int store_status_queues(struct store *s, const struct catalog *c,
                               json_t *queues, struct qerr *err)
{
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(
	    s,
	    "SELECT q.prefix, q.avg_service_ms, q.served, q.closed, "
	    "q.waiting, "
	    "(SELECT count(*) FROM window_queue wq JOIN window w ON "
	    "w.number = wq.window WHERE wq.queue = q.prefix AND w.state = 0) "
	    "FROM queue q ORDER BY q.prefix");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *prefix = (const char *)sqlite3_column_text(st, 0);
		const struct catalog_queue *cq = catalog_queue_find(c, prefix);
		int64_t avg = sqlite3_column_int64(st, 1);
		int closed = sqlite3_column_int(st, 3);
		int waiting = sqlite3_column_int(st, 4);
		int open = sqlite3_column_int(st, 5);
		json_t *q;

		if (cq == NULL)
			continue; /* dropped from the catalog: history only */
		q = json_pack("{s:s, s:s, s:s, s:i, s:i, s:I, s:I}", "queue",
		              prefix, "name_zh", cq->name_zh, "name_en",
		              cq->name_en, "waiting", waiting, "windows_open",
		              open, "avg_service_s", (json_int_t)(avg / 1000),
		              "served_total",
		              (json_int_t)sqlite3_column_int64(st, 2));
		json_object_set_new(q, "open", json_boolean(!closed));
		json_object_set_new(q, "daily_cap",
		                    json_integer(cq->daily_cap));
		json_object_set_new(
		    q, "est_wait_s",
		    open > 0 ? json_integer(
		                   (json_int_t)(waiting * avg / open / 1000))
		             : json_null());
		json_array_append_new(queues, q);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_db_error(s, "reading the queues", err);
	return 0;
}

static int store_status_windows(struct store *s, const char *day,
                                json_t *windows, struct qerr *err)
{
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, "SELECT w.number, w.state, w.reason, w.ticket_id, "
	                   "w.served_day, w.served, w.service_ms, w.staff, "
	                   "s.name FROM window w LEFT JOIN staff s ON "
	                   "s.id = w.staff ORDER BY w.number");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int number = sqlite3_column_int(st, 0);
		int today =
		    strcmp((const char *)sqlite3_column_text(st, 4), day) == 0;
		int served = today ? sqlite3_column_int(st, 5) : 0;
		int64_t ms = today ? sqlite3_column_int64(st, 6) : 0;
		json_t *w = json_pack(
		    "{s:i, s:s, s:s, s:i, s:I}", "window", number, "state",
		    sqlite3_column_int(st, 1) == WINDOW_PAUSED ? "paused"
		                                               : "open",
		    "reason", sqlite3_column_text(st, 2), "served_today",
		    served, "avg_service_s",
		    (json_int_t)(served ? ms / served / 1000 : 0));
		json_object_set_new(w, "ticket_id",
		                    json_integer(sqlite3_column_int64(st, 3)));
		if (sqlite3_column_type(st, 7) != SQLITE_NULL)
			json_object_set_new(
			    w, "staff",
			    json_pack("{s:s, s:s}", "id",
			              sqlite3_column_text(st, 7), "name",
			              sqlite3_column_text(st, 8)));
		else
			json_object_set_new(w, "staff", json_null());
		json_array_append_new(windows, w);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_db_error(s, "reading the windows", err);
	return 0;
}

/* Fill in each window's queues and ticket (a handful of rows each). */
static int store_status_window_details(struct store *s, json_t *windows,
                                       struct qerr *err)
{
	size_t i;
	json_t *w;

	json_array_foreach(windows, i, w)
	{
		struct window_info info;
		struct ticket t;
		json_t *queues = json_array();
		int64_t id =
		    json_integer_value(json_object_get(w, "ticket_id"));

		if (store_window_get(
		        s,
		        (int)json_integer_value(json_object_get(w, "window")),
		        &info, err)) {
			json_decref(queues);
			return -1;
		}
		for (int k = 0; k < info.nqueues; k++)
			json_array_append_new(queues,
			                      json_string(info.queues[k]));
		json_object_set_new(w, "queues", queues);
		json_object_del(w, "ticket_id");
		if (id && store_ticket_by_id(s, id, &t, err) == 0)
			json_object_set_new(w, "ticket", ticket_to_json(&t));
		else if (id)
			return -1;
		else
			json_object_set_new(w, "ticket", json_null());
	}
	return 0;
}

int store_status(struct store *s, const struct catalog *c, const char *day,
                 json_t **out, struct qerr *err)
{
	json_t *queues = json_array(), *windows = json_array();
	char notice[STORE_NOTICE_MAX * 4 + 1] = "";

	*out = NULL;
	if (store_status_queues(s, c, queues, err) ||
	    store_status_windows(s, day, windows, err) ||
	    store_status_window_details(s, windows, err)) {
		json_decref(queues);
		json_decref(windows);
		return -1;
	}
	store_setting_get(s, "notice", notice, sizeof notice);
	*out = json_pack("{s:s, s:I, s:o, s:o, s:s}", "day", day, "seq",
	                 (json_int_t)s->last_seq, "queues", queues, "windows",
	                 windows, "notice", notice);
	return 0;
}

/* The lobby's scrolling notice (set by an operator, shown by displays). */
int store_notice_set(struct store *s, const char *text, int64_t now,
                     struct qerr *err)
{
	if (store_setting_put(s, "notice", text, err))
		return -1;
	return store_event(s, "notice", now, NULL, 0,
	                   json_pack("{s:s}", "text", text), err);
}
