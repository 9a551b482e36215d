/*
 * The hall's rules, in plain C above the store: taking a number (cap, key,
 * place, estimate), choosing the next ticket among the heads of a window's
 * queues, every state change at a counter, averages, the day roll, and
 * what each change tells the world (an event in the trace, then to
 * subscribers). The store beneath only saves and finds; the ops above only
 * check a request's shape and turn the result into a reply.
 *
 * hall-rules.c holds the decisions as functions of plain structs, with no
 * store and no clock: they are unit-tested without SQLite.
 */
#ifndef QHALL_HALL_H
#define QHALL_HALL_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "catalog.h"
#include "qerr.h"
#include "store.h"
#include "ticket.h"

struct hall;

/* Where the events of kept requests go: the text the trace holds. */
struct hall_sink {
	void (*emit)(void *arg, const char *line, size_t len);
	void *arg;
};

struct hall *hall_new(struct store *, const struct catalog *,
                      int rejoin_places);
void hall_free(struct hall *);
void hall_set_sink(struct hall *, const struct hall_sink *);
void hall_set_actor(struct hall *, const char *device);
struct store *hall_store(const struct hall *);

/* Batches and requests (store.h), with the hall's own state kept in step. */
int hall_batch_begin(struct hall *, struct qerr *);
int hall_batch_commit(struct hall *, struct qerr *);
void hall_batch_rollback(struct hall *);
int hall_request_begin(struct hall *, struct qerr *);
int hall_request_end(struct hall *, int keep, struct qerr *);

/* The catalog's queues and windows the store does not know yet. */
int hall_catalog_sync(struct hall *, int64_t now, struct qerr *);
/* The first change of a new business day closes the days before it. */
int hall_day_roll(struct hall *, const char *today, int64_t now, struct qerr *);
/* The business day: the clock's, or a later one the hall already began
 * (the clock was set back since). "" before the first. */
const char *hall_day(const struct hall *);
int hall_day_close(struct hall *, const char *day, int64_t now, int *expired,
                   struct qerr *);

/* Tickets */
struct hall_take {
	const char *queue;
	const char *item; /* NULL: none */
	int priority;
	const char *day;
	int64_t now;
	const char *request;   /* NULL, or the client's id for this take */
	const char *id_number; /* NULL, or the citizen's ID number */
};
int hall_take(struct hall *, const struct hall_take *, struct ticket *,
              int *repeated, struct qerr *);
int hall_ticket_find(struct hall *, const char *day, const char *number,
                     struct ticket *, struct qerr *);
int hall_ticket_by_request(struct hall *, const char *request, struct ticket *,
                           struct qerr *);
int hall_rejoin(struct hall *, const char *day, const char *number, int64_t now,
                struct ticket *, struct qerr *);
int hall_print_failed(struct hall *, const char *day, const char *number,
                      const char *reason, int64_t now, struct ticket *,
                      struct qerr *);

/* At a window's counter */
int hall_call(struct hall *, int window, int64_t now, struct ticket *,
              int *found, struct qerr *);
int hall_recall(struct hall *, int window, int64_t now, struct ticket *,
                struct qerr *);
int hall_skip(struct hall *, int window, int64_t now, struct ticket *,
              struct qerr *);
int hall_serve(struct hall *, int window, int64_t now, struct ticket *,
               struct qerr *);
int hall_finish(struct hall *, int window, int64_t now, struct ticket *,
                struct qerr *);
int hall_transfer(struct hall *, int window, const char *queue, int to_back,
                  int64_t now, struct ticket *, struct qerr *);
int hall_pause(struct hall *, int window, const char *reason, int64_t now,
               struct qerr *);
int hall_resume(struct hall *, int window, int64_t now, struct qerr *);
int hall_window_set(struct hall *, int window, const char *const *queues, int n,
                    int64_t now, struct qerr *);
int hall_window_get(struct hall *, int window, struct window_info *,
                    struct qerr *);

/* Staff, devices, queues, the notice */
int hall_staff_add(struct hall *, const struct store_staff *, int64_t now,
                   struct qerr *);
int hall_staff_get(struct hall *, const char *id, struct store_staff *,
                   struct qerr *);
int hall_staff_set_role(struct hall *, const char *id, const char *role,
                        int64_t now, struct qerr *);
int hall_staff_role(struct hall *, const char *id, char *role, size_t size,
                    struct qerr *);
int hall_login(struct hall *, int window, const struct store_staff *,
               int64_t now, struct qerr *);
int hall_logout(struct hall *, int window, int64_t now, struct qerr *);
int hall_device_add(struct hall *, const struct store_device *,
                    const char *token_id, const unsigned char *salt,
                    const unsigned char *hash, int64_t now, struct qerr *);
int hall_queue_close(struct hall *, const char *queue, int closed, int64_t now,
                     struct qerr *);
int hall_notice_set(struct hall *, const char *text, int64_t now,
                    struct qerr *);

/* hall-revoke.c: taking back what was given. */
int hall_ticket_cancel(struct hall *, const char *day, const char *number,
                       int64_t now, struct ticket *, struct qerr *);
int hall_device_cancel(struct hall *, const char *device, const char *day,
                       int64_t now, int *cancelled, struct qerr *);
int hall_device_remove(struct hall *, const char *name, int64_t now,
                       struct store_device *, struct qerr *);
int hall_device_rotate(struct hall *, const char *name, const char *token_id,
                       const unsigned char *salt, const unsigned char *hash,
                       int64_t now, struct store_device *, struct qerr *);
int hall_staff_remove(struct hall *, const char *id, int64_t now,
                      struct qerr *);
int hall_staff_pin(struct hall *, const char *id, const char *pin_hash,
                   int64_t now, struct qerr *);
/* In the trace only: lockouts live in the daemon's memory. */
int hall_staff_unlocked(struct hall *, const char *id, int window, int cleared,
                        int64_t now, struct qerr *);
/* Ratings (好差评): the policy the configuration sets. */
#define RATING_REASONS_MAX  32
#define RATING_REASON_MAX   64 /* bytes of one reason's name */
#define RATING_HOLIDAYS_MAX 128
struct rating_policy {
	int nreasons;
	char reasons[RATING_REASONS_MAX][RATING_REASON_MAX + 1];
	int rate_days;   /* 补评 (web, paper) within N days of the service */
	int evaluator_s; /* the evaluator asks for this long after finish */
	int nholidays;
	char holidays[RATING_HOLIDAYS_MAX][TICKET_DAY_LEN + 1];
	int reply_days, fix_days; /* working days, for 差评 follow-up */
	int phone_keep_days;      /* a closed entry's phone kept so long */
};
void hall_set_rating_policy(struct hall *, const struct rating_policy *);
/* The key phone numbers are sealed with (phone.c); a new hall has a
 * random one of its own until this is called. */
void hall_set_phone_key(struct hall *, const unsigned char *key);
/* A sealed number, opened for a supervisor; "" if none or unreadable. */
void hall_phone_open(const struct hall *, const struct store_review *,
                     char *out, size_t size);
const struct rating_policy *hall_rating_policy(const struct hall *);

/* One rating as asked: by a rater device (rater_window > 0) or an admin. */
struct hall_rate {
	const char *day; /* the ticket's day */
	const char *number;
	int level;
	const char *const *reasons;
	int nreasons;
	const char *note;
	const char *phone; /* a 差评's callback number, or NULL */
	const char *channel;
	int window; /* the ticket's service at this window; 0: its last */
	int rater_window;
	int64_t now;
};
int hall_rate(struct hall *, const struct hall_rate *, struct store_service *,
              struct store_rating *, struct qerr *);

/* Figures over a period, by subject: counts as stored, rates worked out. */
struct rating_figures {
	int64_t services, rated, unrated, bad, good;
	int64_t levels[6];
	double rated_rate, unrated_rate, good_rate; /* < 0: no denominator */
};
void hall_rule_figures(const struct store_rating_count *,
                       struct rating_figures *);

/* hall-rules-rating.c: the rules of a rating, on plain data. */
int hall_rule_rating_policy(struct rating_policy *, const char *reasons,
                            const char *holidays, struct qerr *);
int hall_rule_rating_channel(const char *channel);
int hall_rule_rate(const struct rating_policy *, const struct hall_rate *,
                   const struct store_service *, int last_at_window,
                   struct qerr *);
int hall_rule_rating_bad(int level);
int64_t hall_rule_rate_until(const struct rating_policy *,
                             const struct store_service *);

/* The follow-up ledger of 差评 (差评台账). */
struct review_step {
	const char *action;   /* verify, fix, callback, appeal, close */
	int verified;         /* verify: 1 属实, 0 不属实, -1 not said */
	const char *result;   /* callback: 满意, 基本满意, 不满意 */
	const char *excluded; /* close of an appeal: 误评, 恶意差评 */
	const char *reviewer; /* who reviewed the appeal */
	const char *note;
};
int hall_review_step(struct hall *, int64_t id, const struct review_step *,
                     int64_t now, struct store_review *, struct qerr *);
int hall_review_get(struct hall *, int64_t id, struct store_review *,
                    struct qerr *);

/* hall-rules-review.c */
const char *hall_rule_review_state_name(enum review_state);
int hall_rule_review_open(enum review_state);
int64_t hall_rule_working_deadline(const struct rating_policy *, int64_t from,
                                   int days);
int hall_rule_review_overdue(const struct store_review *, int64_t now);
int hall_rule_review_step(struct store_review *, const struct review_step *,
                          int64_t now, struct qerr *);
struct review_figures {
	int64_t reviews, excluded, replied_in_time, closed_with_callback;
	int64_t callbacks, callback_satisfied, overdue;
	double reply_rate, callback_rate, callback_satisfied_rate; /* -1 */
};
void hall_rule_review_count(struct review_figures *,
                            const struct store_review *, int64_t now);
void hall_rule_review_rates(struct review_figures *);

/*
 * Alerts (hall-alert.c): KPI figures over the thresholds of [alerts], and
 * a kiosk's call for staff. Each raise, acknowledgement and clear is an
 * event in the trace; an alert is not raised again while it stands.
 */
/* stored by name (hall_rule_alert_kind_name): never rename */
enum alert_kind {
	ALERT_QUEUE_WAIT = 0,    /* a queue's longest wait, s */
	ALERT_QUEUE_LENGTH = 1,  /* a queue's waiting citizens */
	ALERT_SERVICE_LONG = 2,  /* a window's ticket since its call, s */
	ALERT_WINDOW_IDLE = 3,   /* idle while its queues have waiting, s */
	ALERT_WINDOW_PAUSED = 4, /* paused, s */
	ALERT_HELP = 5, /* a kiosk called for staff (呼叫工作人员) */
	ALERT_PRINTER_PAPER = 6, /* a kiosk's printer out of paper */
	ALERT_KIND_COUNT
};
/* Thresholds; 0 turns a kind off. */
struct alert_policy {
	int wait_s, length, service_s, idle_s, pause_s;
};
/* start: the time the daemon started, the earliest a window's state is
 * known to have begun. */
void hall_set_alert_policy(struct hall *, const struct alert_policy *,
                           int64_t start);
/* Raise what now holds and clear what no longer does; day is now's. */
int hall_alert_check(struct hall *, const char *day, int64_t now,
                     struct qerr *);
/* Acknowledge: a call for help is cleared by it, a KPI alert only marked. */
int hall_alert_ack(struct hall *, int64_t id, const char *by, int64_t now,
                   struct store_alert *, struct qerr *);
/* A kiosk's call for staff; *repeated when its last call still stands. */
int hall_alert_help(struct hall *, const char *kiosk, const char *screen,
                    int64_t now, struct store_alert *, int *repeated,
                    struct qerr *);

/* A kiosk's print report: out of paper raises its printer's alert, a
 * good print clears it. */
int hall_alert_printer(struct hall *, const char *kiosk, int out_of_paper,
                       int64_t now, struct qerr *);

/* hall-rules-alert.c */
const char *hall_rule_alert_kind_name(enum alert_kind);
int hall_rule_alert_kind(const char *name);
int hall_rule_alert_polled(enum alert_kind);
int64_t hall_rule_alert_threshold(const struct alert_policy *, enum alert_kind);
int hall_rule_alert_over(const struct alert_policy *, enum alert_kind,
                         int64_t figure);
int hall_rule_alert_window_event(const char *type);
int hall_rule_alert_out_of_paper(const char *reason);
int64_t hall_rule_alert_idle_since(int64_t window_since, int64_t oldest_taken);
int64_t hall_rule_alert_seconds(int64_t since, int64_t now);

/* hall-rules-hours.c: opening hours (取号时间) and the days they follow. */
#define HALL_CALENDAR_DAYS_MAX 128
struct hall_calendar {
	int nholidays, nworkdays;
	char holidays[HALL_CALENDAR_DAYS_MAX][TICKET_DAY_LEN + 1];
	char workdays[HALL_CALENDAR_DAYS_MAX][TICKET_DAY_LEN + 1]; /* 调休 */
};
struct hall_hours {
	int open;          /* issuing numbers by its hours now */
	int64_t opens_at;  /* closed: the next opening, ms; 0 none in sight */
	int64_t closes_at; /* open: the end of this span, ms; 0 never */
	char opens_day[TICKET_DAY_LEN + 1], opens_time[6], closes_time[6];
};
int hall_rule_calendar(struct hall_calendar *, const char *holidays,
                       const char *workdays, struct qerr *);
int hall_rule_working_day(const struct hall_calendar *, const struct tm *);
void hall_rule_hours(const struct catalog_queue *, const struct hall_calendar *,
                     int64_t now, struct hall_hours *);
void hall_set_calendar(struct hall *, const struct hall_calendar *);

/* hall-rules-person.c: the ID number (GB 11643) and the daily limit. */
#define HALL_ID_NUMBER_LEN 18
int hall_rule_id_number(const char *in, char out[HALL_ID_NUMBER_LEN + 1],
                        struct qerr *);
int hall_rule_person_limit(const char *queue, int limit, int taken,
                           struct qerr *);
/* The key ID numbers are hashed with (person-id.c), and how many days
 * the hashes of takes are kept; a new hall has a random key. */
void hall_set_person_policy(struct hall *, const unsigned char *key,
                            int keep_days);

/* Appointments (预约): hall-rules-appointment.c and hall-appointment.c. */
int hall_rule_appt_slot(const struct catalog_item *,
                        const struct hall_calendar *, const char *day,
                        const char *slot, int *minute, struct qerr *);
int hall_rule_appt_checkin(const struct store_appointment *, const char *today,
                           int64_t now, int early_min, int late_min, int *late,
                           struct qerr *);
void hall_set_appt_policy(struct hall *, int early_min, int late_min);
struct hall_appt_add {
	const char *item, *day, *slot;
	const char *phone; /* NULL: none */
	const char *today;
	int64_t now;
};
int hall_appt_add(struct hall *, const struct hall_appt_add *,
                  struct store_appointment *, struct qerr *);
int hall_appt_find(struct hall *, const char *code, struct store_appointment *,
                   struct qerr *);
int hall_appt_cancel(struct hall *, const char *code, int64_t now,
                     struct store_appointment *, struct qerr *);
int hall_appt_checkin(struct hall *, const char *code, const char *today,
                      int64_t now, struct store_appointment *, struct ticket *,
                      struct qerr *);
/* The queue's hours now, by the hall's calendar. */
void hall_queue_hours(const struct hall *, const struct catalog_queue *,
                      int64_t now, struct hall_hours *);

/* The hall at a glance, as the status reply carries it. */
int hall_status(struct hall *, const char *day, int64_t now, json_t **out,
                struct qerr *);

/* hall-rules.c: the decisions, on plain data. */
int hall_rule_pick(const struct queue_head *heads, const int *found, int n);
int hall_rule_estimate(int ahead, int64_t avg_ms, int windows_open);
int64_t hall_rule_average(int64_t avg_ms, int64_t service_ms);
int hall_rule_new_ticket(struct ticket *, const char *queue, const char *item,
                         int priority, const char *day, int seq, int64_t now,
                         struct qerr *);
void hall_rule_call(struct ticket *, int window, int64_t now);
int hall_rule_skip(struct ticket *, int64_t now, struct qerr *);
int hall_rule_cancel(struct ticket *, int64_t now, struct qerr *);
int hall_rule_serve(struct ticket *, int64_t now, struct qerr *);
int64_t hall_rule_finish(struct ticket *, int64_t now);
void hall_rule_count_service(struct window_info *, const char *day,
                             int64_t service_ms);
void hall_rule_transfer(struct ticket *, const char *queue, int to_back,
                        int64_t now);
int hall_rule_rejoin(struct ticket *, const char *today, int64_t order_at,
                     struct qerr *);
int hall_rule_window_state(struct window_info *, enum window_state,
                           const char *reason, struct qerr *);
int hall_rule_day_rolls(const char *stored_day, const char *today,
                        int *expire_before);

/*
 * hall-seal.c: sealed periods (封存). The figures are computed by the
 * reader (qhall report seal) and sent in parts; the seal checks that the
 * period is over and that the trace of the period is still what the
 * figures read, then fixes the parts and puts their hash in the trace.
 */
struct hall_seal_ask {
	const char *period, *from, *to;
	int64_t from_at, to_at; /* the period, ms */
	int64_t upto; /* the period's last seq when the figures were read */
	int parts;
};
int hall_seal_part(struct hall *, const char *period, int idx, const char *text,
                   size_t len, struct qerr *);
int hall_seal(struct hall *, const struct hall_seal_ask *, int64_t now,
              struct store_seal *, struct qerr *);

#endif
