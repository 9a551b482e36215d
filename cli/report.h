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

/* The hall's figures along the period, for the bulletin's charts. */
#define REPORT_MAX_DAYS 400
struct report_series {
	int64_t hour_waits[24], hour_wait_sum[24]; /* by hour of the call */
	int ndays;
	char day[REPORT_MAX_DAYS][REPORT_DAY_LEN + 1];
	int64_t day_taken[REPORT_MAX_DAYS], day_finished[REPORT_MAX_DAYS];
};

/* report-replay.c: events in, figures out. */
struct report_replay;
struct report_replay *report_replay_new(enum report_by, const json_t *catalog);
/* Opening hours (seconds after midnight) and the 超时等候 threshold. */
void report_replay_policy(struct report_replay *, int64_t open_s,
                          int64_t close_s, int64_t wait_s);
/* One event of the trace, in seq order; -1 on a body that is not one. */
int report_replay_event(struct report_replay *, json_t *event);
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
int report_main(struct cli *, int argc, char **argv);

#endif
