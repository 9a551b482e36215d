/*
 * qhall report: the hall's figures for a period, computed here from the
 * trace the daemon hands out a page at a time (trace_page), so the
 * daemon's loop is never held and memory holds one day's open tickets and
 * one histogram per subject, never the period's events
 * (docs/REPORTS.md defines every figure).
 */
#ifndef QHALL_REPORT_H
#define QHALL_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"

#define REPORT_DAY_LEN     10
#define REPORT_SUBJECT_MAX 64
#define REPORT_BANDS       6    /* 0-3, 3-6, 6-9, 9-12, 12-15, 15+ minutes */
#define REPORT_HIST_S      7200 /* seconds counted one by one; above, kept */
#define REPORT_REASONS     16

enum report_by {
	REPORT_BY_WINDOW,
	REPORT_BY_STAFF,
	REPORT_BY_QUEUE,
	REPORT_BY_DEPARTMENT,
	REPORT_BY_ITEM,
};
#define REPORT_BY_N 5
extern const char *const report_by_names[REPORT_BY_N];
int report_by_parse(const char *, enum report_by *);

/* report-period.c: "2026-11-27", "2026-11", "2026-Q4", "2026". */
struct report_period {
	char label[32];
	char from[REPORT_DAY_LEN + 1], to[REPORT_DAY_LEN + 1];
};
int report_period_parse(const char *text, struct report_period *);
int report_period_range(const char *from, const char *to,
                        struct report_period *);
void report_period_previous(const struct report_period *,
                            struct report_period *out);

/* report-stats.c: durations in whole seconds, exact percentiles. */
struct report_stat {
	uint32_t *hist; /* REPORT_HIST_S counts, made on the first sample */
	int64_t *over;  /* samples of REPORT_HIST_S seconds and more */
	size_t nover, capover;
	int64_t n, sum, max;
};
void report_stat_add(struct report_stat *, int64_t seconds);
/* The nearest-rank percentile num/den (1/2: median); -1 without samples. */
int64_t report_stat_rank(struct report_stat *, int num, int den);
void report_stat_free(struct report_stat *);
void report_stat_merge(struct report_stat *dst, const struct report_stat *src);

/* One subject's figures (or the hall's total). */
struct report_reason {
	char reason[REPORT_SUBJECT_MAX];
	int64_t ms;
};
struct report_row {
	char subject[REPORT_SUBJECT_MAX];
	int64_t taken, finished, no_show, rejoined, transferred, expired,
	    cancelled, over_wait;
	/* appointments (预约): checked in (in time or late), missed */
	int64_t appt_checked_in, appt_late, appt_no_show;
	struct report_stat wait, service, serving;
	int64_t bands[REPORT_BANDS];
	int presence; /* a window's or staff member's: the times below count */
	int64_t logged_in_ms, paused_ms, idle_ms;
	struct report_reason paused_by[REPORT_REASONS];
	int npaused_by;
	int rank, rank_prev;
	int last_twice;
};

void report_row_merge(struct report_row *dst, const struct report_row *src);
void report_row_free(struct report_row *);

/* The hall's figures along the period, for the bulletin's charts. */
#define REPORT_MAX_DAYS 400
struct report_series {
	int64_t hour_waits[24], hour_wait_sum[24]; /* by hour of the call */
	int ndays;
	char day[REPORT_MAX_DAYS][REPORT_DAY_LEN + 1];
	int64_t day_taken[REPORT_MAX_DAYS], day_finished[REPORT_MAX_DAYS];
};

/* report-event.c: the fields of an event the replay reads. */
struct report_event {
	char type[32];
	int64_t seq, at;
	int has_at, window, has_ticket;
	char day[REPORT_DAY_LEN + 1], number[16], queue[8], item[40];
	char from[8], ev_day[REPORT_DAY_LEN + 1], staff[33];
	char reason[REPORT_SUBJECT_MAX];
	int needs_json; /* it has arrays the replay reads: parse it whole */
	json_t *json;   /* then that, borrowed; NULL otherwise */
};
/* From the event's text, with no allocation; -1 on text that is not an
 * event. From jansson: e->json is ev. */
int report_event_parse(const char *text, size_t len, struct report_event *);
int report_event_from_json(json_t *ev, struct report_event *);
int report_events_each(const char *text, size_t len,
                       int (*fn)(void *, const char *, size_t), void *arg,
                       const char **rest);

/* report-replay.c: events in, figures out. */
struct report_replay;
struct report_replay *report_replay_new(enum report_by, const json_t *catalog);
/* Opening hours (seconds after midnight) and the 超时等候 threshold. */
void report_replay_policy(struct report_replay *, int64_t open_s,
                          int64_t close_s, int64_t wait_s);
/* One event of the trace, in seq order; -1 on a body that is not one. */
int report_replay_event(struct report_replay *, json_t *event);
int report_replay_apply(struct report_replay *, const struct report_event *);
/* Time runs to the end of the period (presence, idle). */
void report_replay_finish(struct report_replay *, int64_t end_ms);
struct report_row *report_replay_rows(struct report_replay *, int *n);
struct report_row *report_replay_total(struct report_replay *);
int64_t report_replay_open_days(const struct report_replay *);
const struct report_series *report_replay_series(const struct report_replay *);
int64_t report_replay_still_open(const struct report_replay *);
void report_replay_free(struct report_replay *);

/* report-output.c: the figures as JSON, and JSON as table/csv/html. */
json_t *report_row_json(struct report_row *, enum report_by, int64_t thr_s,
                        int64_t open_ms);
int report_write(json_t *report, const char *format, FILE *out);

/* report-pdf.c: the 月通报, with the open 差评 entries (reviews op). */
int report_pdf(json_t *report, json_t *reviews, const char *hall,
               const char *path);

/* report.c: the command. */
#define REPORT_HALLS_MAX 32
struct report_args {
	struct report_period period, previous;
	enum report_by by;
	const char *by_name, *format, *out;
	const char *halls[REPORT_HALLS_MAX]; /* --halls FILE...: the city */
	int nhalls;
};

/* What the daemon says of the hall along with the trace. */
struct report_hall {
	int64_t from_at, to_at, open_s, close_s, wait_s;
	int64_t now;  /* the daemon's: a period still running ends here */
	int64_t upto; /* the period's last seq in the trace, when read */
	char timezone[64];
};

int report_main(struct cli *, int argc, char **argv);
json_t *report_catalog(struct cli *);
int report_read(struct cli *, const struct report_period *,
                struct report_replay **, int nr, struct report_hall *,
                int64_t cap, int64_t *late);
json_t *report_figures(const struct report_args *, const struct report_hall *,
                       struct report_replay *, struct report_replay *prev);
void report_rank(struct report_row *, int n);
void report_series_json(json_t *report, const struct report_series *);
int report_ratings_get(struct cli *, const struct report_period *,
                       enum report_by, const char *by_name, json_t **res);
void report_ratings_merge(enum report_by, json_t *rows, json_t *total,
                          json_t *res);

/* report-seal.c: qhall report seal|verify PERIOD, and a sealed period's
 * report. *doc is NULL when the period is not sealed. */
int report_seal_main(struct cli *, int argc, char **argv);
int report_seal_fetch(struct cli *, const struct report_period *, json_t **seal,
                      json_t **doc);
json_t *report_sealed_view(struct cli *, const struct report_args *,
                           json_t *seal, json_t *doc);

/* export.c: qhall export --from DAY --to DAY -o FILE. */
int export_main(struct cli *, int argc, char **argv);

/* report-city.c: qhall report PERIOD --halls FILE... (exports). */
int report_city(struct cli *, const struct report_args *);

#endif
