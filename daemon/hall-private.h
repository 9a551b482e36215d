/* Shared by the hall's files only. */
#ifndef QHALL_HALL_PRIVATE_H
#define QHALL_HALL_PRIVATE_H

#include "hall.h"
#include "hall-route.h"
#include "person-id.h"
#include "phone.h"

struct hall {
	struct store *store;
	const struct catalog *catalog;
	int rejoin_places;
	struct hall_sink sink;
	char actor[96];
	char day[TICKET_DAY_LEN + 1]; /* the business day the hall is in */
	int in_request;
	json_t *request_events; /* emitted at request end, if kept */
	struct rating_policy rating;
	/* Routes (hall-route.c): where a next step's queues take a ticket,
	 * and which queues some route passes (legs may wait there). */
	int route_place_taken;
	int route_queues_known;
	unsigned char route_queue[CATALOG_MAX_QUEUES];
	unsigned char phone_key[PHONE_KEY_LEN];
	struct alert_policy alerts;
	int64_t alert_start; /* the daemon's start: no state is known before */
	/* Each window's last change at its counter (hall_alert_note). */
	int64_t window_since[CATALOG_MAX_WINDOWS + 1];
	struct hall_calendar calendar; /* working days, for opening hours */
	unsigned char id_key[PERSON_KEY_LEN]; /* hashes ID numbers */
	int id_keep_days;
	int appt_early_min, appt_late_min;
};

/* hall-admit.c: a take's hours and per-person limit. */
struct hall_admit {
	int hashed; /* the queue has a limit: hash is the person's */
	unsigned char hash[PERSON_HASH_LEN];
};
int hall_admit_hours(struct hall *, const struct catalog_queue *, int64_t now,
                     const char *today, struct qerr *);
int hall_admit_person(struct hall *, const struct catalog_queue *,
                      const struct hall_take *, const char *day,
                      struct hall_admit *, struct qerr *);
int hall_admit_record(struct hall *, const struct hall_admit *,
                      const struct ticket *, struct qerr *);
int hall_admit_forget(struct hall *, const char *today, struct qerr *);
/* hall-appointment.c: booked appointments of past days are no-shows. */
int hall_appt_roll(struct hall *, const char *today, int64_t now,
                   struct qerr *);

/* hall-event.c: append an event for this change; extra is consumed. */
int hall_event(struct hall *, const char *type, int64_t now,
               const struct ticket *, int window, json_t *extra, struct qerr *);
void hall_events_end(struct hall *, int keep);

/* hall-alert.c: an event of type about window happened at now. */
void hall_alert_note(struct hall *, const char *type, int window, int64_t now);

/* hall-rating.c: the service a finish or a transfer ends at `end`. */
int hall_service_record(struct hall *, const struct window_info *,
                        const struct ticket *, int64_t end, struct qerr *);

/* hall-review.c: a 差评's entry in the ledger. */
int hall_review_open(struct hall *, const struct store_service *, int level,
                     const char *phone, int64_t now, struct qerr *);

/* hall-ticket.c: how many wait before t, and for how long. */
int hall_ticket_place(struct hall *, struct ticket *, struct qerr *);

#endif
