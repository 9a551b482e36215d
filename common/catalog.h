/*
 * The hall's catalog: departments, queues, service items (事项) and the
 * windows that serve them, read from a JSON file and checked once on load.
 * Every program reads the same file; the daemon also hands it to clients
 * (op "catalog") so screens need no copy of their own.
 */
#ifndef QHALL_CATALOG_H
#define QHALL_CATALOG_H

#include <jansson.h>
#include <stddef.h>

#include "qerr.h"
#include "ticket.h"

#define CATALOG_MAX_QUEUES  64
#define CATALOG_MAX_WINDOWS 999
#define CATALOG_FILE        "catalog.json"
#define CATALOG_MAX_BYTES   (8 << 20) /* the demo is 41 KB */

/* A text in both languages; "" where the catalog has none. */
struct catalog_text {
	const char *zh, *en;
};

/* Lines in both languages (materials, steps); arrays owned by the catalog. */
struct catalog_lines {
	const char **zh, **en;
	size_t nzh, nen;
};

struct catalog_department {
	const char *id;
	const char *name_zh, *name_en;
};

/*
 * A queue's ticketing hours on one kind of day: spans [from, to) in
 * minutes after local midnight, in order, not overlapping ("08:30-11:30").
 */
#define CATALOG_HOURS_MAX 8
struct catalog_hours {
	int n;
	int from[CATALOG_HOURS_MAX], to[CATALOG_HOURS_MAX];
};

struct catalog_queue {
	const char *prefix; /* points into catalog::root */
	const char *department;
	const char *name_zh, *name_en;
	int daily_cap;     /* tickets a day, <= TICKET_SEQ_MAX */
	int avg_service_s; /* first guess, before any is measured */
	/* "hours" (working days) and "rest_day_hours" (weekends and
	 * holidays, closed when absent); has_hours 0: numbers all day. */
	int has_hours;
	struct catalog_hours hours, rest_hours;
	/* "person_daily_limit": tickets one ID number may take here a day;
	 * 0: no limit and no ID number asked. */
	int person_daily_limit;
};

/*
 * An item's route (并联审批): steps in order, each a set of queues the
 * ticket waits in at once and leaves when every one of them has served it.
 * nsteps 0: the item is served in its own queue alone.
 */
#define CATALOG_ROUTE_STEPS 8
#define CATALOG_ROUTE_SET   4
struct catalog_route {
	int nsteps;
	int nqueues[CATALOG_ROUTE_STEPS];
	const char *queues[CATALOG_ROUTE_STEPS][CATALOG_ROUTE_SET];
};

struct catalog_item {
	const char *id;
	const char *queue;
	const char *name_zh, *name_en;
	struct catalog_text basis, time_limit, fees;
	struct catalog_lines materials, procedure;
	struct catalog_route route;
	/* "appointment": {"slot_min": 30, "per_slot": 4, "hours": [...]}:
	 * bookable (预约) in slots of slot_min minutes from each span's
	 * start, per_slot citizens a slot; per_slot 0: not bookable. The
	 * hours default to the queue's working-day hours. */
	int appt_slot_min, appt_per_slot;
	struct catalog_hours appt_hours;
};

struct catalog_window {
	int number;
	size_t nqueues;
	const char *queues[CATALOG_MAX_QUEUES];
};

struct catalog {
	json_t *root; /* owns every string above */
	int demo;     /* the demo catalog, not a hall's own */
	struct catalog_text hall_name, hall_rules, notice;
	struct catalog_department *departments;
	size_t ndepartments;
	struct catalog_queue *queues;
	size_t nqueues;
	struct catalog_item *items;
	size_t nitems;
	struct catalog_window *windows;
	size_t nwindows;
};

struct catalog *catalog_load(const char *path, struct qerr *);
struct catalog *catalog_parse(const char *text, size_t len, struct qerr *);
/* The daemon's "catalog" reply, checked as a file is; root is borrowed. */
struct catalog *catalog_from_json(json_t *root, struct qerr *);
void catalog_free(struct catalog *);
const struct catalog_queue *catalog_queue_find(const struct catalog *,
                                               const char *prefix);
const struct catalog_item *catalog_item_find(const struct catalog *,
                                             const char *id);
const struct catalog_department *catalog_department_find(const struct catalog *,
                                                         const char *id);
/* A route's step (from 0) as its queues' names, "税务综合、住房公积金"
 * (en: "Tax services / Housing provident fund"); "" past the end. */
void catalog_route_step_text(const struct catalog *,
                             const struct catalog_route *, int step, int en,
                             char *out, size_t size);
/* catalog-hours.c: a queue's "hours", "rest_day_hours" and
 * "person_daily_limit", checked. */
int catalog_queue_hours_read(json_t *q, struct catalog_queue *, struct qerr *);
int catalog_item_appointment_read(json_t *it, struct catalog_item *,
                                  const struct catalog_queue *, struct qerr *);
/* "08:30-11:30,14:00-17:00"; "" for none. */
void catalog_hours_text(const struct catalog_hours *, char *out, size_t size);
/* The queue's index in the catalog's order, -1 when unknown. */
int catalog_queue_index(const struct catalog *, const char *prefix);

#endif
