/*
 * The daemon's replies as the screens read them: status and events turned
 * into structs once, here, so that a field renamed in the daemon fails in
 * one parser (and its unit test), not at run time in a screen. The catalog
 * has its own typed form (catalog.h, catalog_from_json) and a ticket its
 * own (ticket.h, ticket_from_json).
 *
 * A view owns the reply it was read from: its strings point into it and
 * live as long as the view.
 */
#ifndef QHALL_HALL_VIEW_H
#define QHALL_HALL_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "qerr.h"
#include "ticket.h"

/* One queue as status tells it. */
struct view_queue {
	const char *prefix;
	const char *name_zh, *name_en;
	int waiting;
	int windows_open;
	int avg_service_s;
	int est_wait_s;      /* -1: no estimate (no window open) */
	int open;            /* taking numbers now */
	int closed_by_hours; /* not open because of its opening hours */
	const char *opens_day, *opens_time; /* next opening, "" unknown */
	const char *hours;      /* working days' hours "08:30-11:30,…", "" */
	int person_daily_limit; /* > 0: a take needs an ID number */
	int daily_cap;
	int64_t served_total;
};

/* One window as status tells it. */
struct view_window {
	int number;
	int paused;
	const char *reason;   /* of the pause, "" */
	const char *staff_id; /* "" when nobody is logged in */
	const char *staff_name;
	int served_today;
	int avg_service_s;
	size_t nqueues;
	const char *queues[CATALOG_MAX_QUEUES];
	int has_ticket; /* the ticket at the window now */
	struct ticket ticket;
};

struct view_status {
	json_t *root; /* the reply, owned */
	char day[TICKET_DAY_LEN + 1];
	int64_t seq; /* the last event the status includes */
	int64_t now; /* the daemon's clock when it answered, ms; 0 unknown */
	const char *notice;
	struct view_queue *queues;
	size_t nqueues;
	struct view_window *windows;
	size_t nwindows;
};

/* A status reply (borrowed) into a view; NULL and err when it is not one. */
struct view_status *view_status_parse(json_t *reply, struct qerr *);
void view_status_free(struct view_status *);
const struct view_queue *view_status_queue(const struct view_status *,
                                           const char *prefix);
const struct view_window *view_status_window(const struct view_status *,
                                             int number);

/* An event as the screens read it: the head, and its ticket if any. */
struct view_event {
	char name[32]; /* "called", "recalled", "notice", ... */
	int64_t seq;
	int64_t at;
	int window; /* 0 when the event names none */
	int has_ticket;
	struct ticket ticket;
	const char *text; /* a notice's text, "" otherwise; into the event */
};

/* An event (borrowed; v->text points into it) into *v. */
int view_event_parse(json_t *event, struct view_event *, struct qerr *);

/* The reply to a window's op (call, recall, skip, serve, finish,
 * transfer, pause, resume, login, logout). */
struct view_window_reply {
	int window;
	int has_ticket; /* a call that found nobody has none */
	struct ticket ticket;
	const char *state;      /* pause/resume: "paused" or "open"; "" */
	const char *staff_id;   /* login: who; "" */
	const char *staff_name; /* "" */
};

/* A window op's reply (borrowed; strings point into it) into *v. */
int view_window_reply_parse(json_t *reply, struct view_window_reply *,
                            struct qerr *);

#endif
