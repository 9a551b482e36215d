/*
 * Tickets: the number a citizen holds, its state, and how both are written.
 * A number is the queue's prefix and a per-day sequence padded to three
 * digits ("A007"); the business day is the calendar day in the hall's zone.
 */
#ifndef QHALL_TICKET_H
#define QHALL_TICKET_H

#include <jansson.h>
#include <stdint.h>

#include "qerr.h"

#define TICKET_PREFIX_MAX 4    /* queue prefix, e.g. "A" or "VIP" */
#define TICKET_NUMBER_MAX 16   /* "A007" with room to spare */
#define TICKET_SEQ_MAX    9999 /* a queue never issues more in a day */
#define TICKET_DAY_LEN    10   /* "2026-11-27" */
#define TICKET_ITEM_MAX   32
#define TICKET_KEY_LEN    16 /* per-ticket secret for the status address */

/* stored: never renumber */
enum ticket_state {
	TICKET_WAITING = 0,
	TICKET_CALLED = 1,
	TICKET_SERVING = 2,
	TICKET_DONE = 3,
	TICKET_NO_SHOW = 4,
	TICKET_CANCELLED = 5,
	TICKET_EXPIRED = 6,
	TICKET_STATE_COUNT
};

/*
 * Order within a queue: priority first, then transferred in, then the rest.
 * stored: never renumber
 */
enum ticket_class {
	TICKET_CLASS_PRIORITY = 0,
	TICKET_CLASS_TRANSFERRED = 1,
	TICKET_CLASS_NORMAL = 2,
};

struct ticket {
	int64_t id;
	char day[TICKET_DAY_LEN + 1];
	char number[TICKET_NUMBER_MAX];
	char queue[TICKET_PREFIX_MAX + 1];
	char item[TICKET_ITEM_MAX + 1]; /* "" when none was chosen */
	int priority;
	enum ticket_class klass;
	enum ticket_state state;
	int window; /* 0 when no window holds it */
	int64_t taken_at, called_at, served_at, finished_at; /* ms; 0 = never */
	int64_t order_at; /* its place in the queue's line, within its class */
	int calls;
	int printed; /* 0 when the kiosk reported the print failed */
	char key[TICKET_KEY_LEN + 1];
	/* On an item's route (并联审批): the step it is on, from 1, of
	 * route_steps; both 0 when it has no route (or has left it). Not a
	 * column of the ticket: the hall fills them from the route's legs. */
	int route_step, route_steps;
	int ahead;      /* waiting before it in its queue, -1 unknown */
	int est_wait_s; /* -1 unknown */
};

const char *ticket_state_name(enum ticket_state);
int ticket_state_parse(const char *, enum ticket_state *);
int ticket_number_format(char *out, size_t size, const char *prefix, int seq);
int ticket_number_valid(const char *);

json_t *ticket_to_json(const struct ticket *);
/* The reverse, for clients: a reply's ticket object into *t. */
int ticket_from_json(json_t *, struct ticket *, struct qerr *);
int ticket_json_write(char *out, size_t size, const struct ticket *,
                      int with_key);

int64_t ticket_now_ms(void);
void ticket_day_of(int64_t ms, char out[TICKET_DAY_LEN + 1]);

#endif
