/*
 * qhall report PERIOD --by window|staff|queue|department|item
 *              [--format table|csv|json|html] [-o FILE]
 * qhall report --from DAY --to DAY --by ...
 *
 * Reads the period's trace from the daemon a page at a time (trace_page)
 * into the replay, then the period before it the same way (for rank and
 * its change), adds the rating figures the daemon's `ratings` op counts
 * (the same code as `qhall ratings`), and writes the report.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct report_args {
	struct report_period period, previous;
	enum report_by by;
	const char *by_name, *format, *out;
};

/* What the daemon says of the hall along with the trace. */
struct report_hall {
	int64_t from_at, to_at, open_s, close_s, wait_s;
	int64_t now; /* the daemon's: a period still running ends here */
	char timezone[64];
};

static int report_by_parse(const char *s, enum report_by *by)
{
	static const char *const names[] = {"window", "staff", "queue",
	                                    "department", "item"};

	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*by = (enum report_by)i;
			return 0;
		}
	return -1;
}

static int report_usage(void)
{
	fprintf(stderr,
	        "usage: qhall report PERIOD|--from DAY --to DAY "
	        "--by window|staff|queue|department|item "
	        "[--format table|csv|json|html|pdf] [-o FILE]\n"
	        "PERIOD: 2026-11-27 (a day), 2026-11 (a month), 2026-Q4 (a "
	        "quarter), 2026 (a year)\n");
	return 2;
}

static int report_args_parse(int argc, char **argv, struct report_args *a)
{
	static const struct option o[] = {
	    {"by", required_argument, NULL, 'b'},
	    {"format", required_argument, NULL, 'f'},
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	const char *from = NULL, *to = NULL;
	int ch;

	memset(a, 0, sizeof *a);
	a->format = "table";
	optind = 0; /* glibc: start afresh, permuting */
	while ((ch = getopt_long(argc, argv, "o:", o, NULL)) != -1) {
		switch (ch) {
		case 'b':
			a->by_name = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'F':
			from = optarg;
			break;
		case 'T':
			to = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		default:
			return report_usage();
		}
	}
	if (!a->by_name || report_by_parse(a->by_name, &a->by))
		return report_usage();
	if (strcmp(a->format, "table") && strcmp(a->format, "csv") &&
	    strcmp(a->format, "json") && strcmp(a->format, "html") &&
	    strcmp(a->format, "pdf")) {
		cli_fail("--format must be table, csv, json, html or pdf, not "
		         "\"%s\"",
		         a->format);
		return 2;
	}
	if (strcmp(a->format, "pdf") == 0 && a->out == NULL) {
		cli_fail("a PDF goes to a file: -o FILE");
		return 2;
	}
	if (optind == argc - 1 && !from && !to) {
		if (report_period_parse(argv[optind], &a->period)) {
			cli_fail("\"%s\" is not a period (2026-11-27, 2026-11, "
			         "2026-Q4 or 2026)",
			         argv[optind]);
			return 2;
		}
	} else if (optind == argc && from && to) {
		if (report_period_range(from, to, &a->period)) {
			cli_fail("--from %s --to %s is not a range of days",
			         from, to);
			return 2;
		}
	} else {
		return report_usage();
	}
	report_period_previous(&a->period, &a->previous);
	return 0;
}

/* Every page of the period's trace into the replay. */
static int report_replay_period(struct cli *cli, const struct report_period *p,
                                struct report_replay *r,
                                struct report_hall *hall)
{
	struct qerr err = {0};
	json_int_t after = -1, upto = 0;
	int first = 1;

	for (;;) {
		json_t *params = json_pack("{s:s, s:s}", "from", p->from, "to",
		                           p->to),
		       *res, *ev;
		size_t i;
		json_t *body;

		if (after >= 0) {
			json_object_set_new(params, "after",
			                    json_integer(after));
			json_object_set_new(params, "upto", json_integer(upto));
		}
		if (client_call(cli->client, "trace_page", params, &res, &err))
			return cli_fail("%s: %s", err.code, err.message);
		if (first) {
			const char *tz =
			    json_string_value(json_object_get(res, "timezone"));

			hall->from_at =
			    json_integer_value(json_object_get(res, "from_at"));
			hall->to_at =
			    json_integer_value(json_object_get(res, "to_at"));
			hall->open_s =
			    json_integer_value(json_object_get(res, "open_s"));
			hall->close_s =
			    json_integer_value(json_object_get(res, "close_s"));
			hall->now =
			    json_integer_value(json_object_get(res, "now"));
			hall->wait_s = json_integer_value(
			    json_object_get(res, "wait_threshold_s"));
			upto = json_integer_value(json_object_get(res, "upto"));
			snprintf(hall->timezone, sizeof hall->timezone, "%s",
			         tz ? tz : "Asia/Shanghai");
			/* Days and opening hours are the hall's, not ours. */
			setenv("TZ", hall->timezone, 1);
			report_replay_policy(r, hall->open_s, hall->close_s,
			                     hall->wait_s);
			first = 0;
		}
		json_array_foreach(json_object_get(res, "events"), i, body)
		{
			ev = json_loadb(json_string_value(body),
			                json_string_length(body), 0, NULL);
			if (ev == NULL || report_replay_event(r, ev)) {
				json_decref(ev);
				json_decref(res);
				return cli_fail(
				    "the trace holds an event that is "
				    "not one (page after seq %lld)",
				    (long long)after);
			}
			json_decref(ev);
		}
		after = json_integer_value(json_object_get(res, "last"));
		if (!json_is_true(json_object_get(res, "more"))) {
			json_decref(res);
			break;
		}
		json_decref(res);
	}
	report_replay_finish(r,
	                     hall->now < hall->to_at ? hall->now : hall->to_at);
	return 0;
}

/* Rank 1 has the most services finished, then the shortest mean wait. */
static int report_rank_cmp(const void *x, const void *y)
{
	const struct report_row *a = x, *b = y;
	double wa = a->wait.n ? (double)a->wait.sum / (double)a->wait.n : 1e18;
	double wb = b->wait.n ? (double)b->wait.sum / (double)b->wait.n : 1e18;

	if (a->finished != b->finished)
		return a->finished > b->finished ? -1 : 1;
	if (wa != wb)
		return wa < wb ? -1 : 1;
	return strcmp(a->subject, b->subject);
}

static void report_rank(struct report_row *rows, int n)
{
	if (n == 0) /* a period with no subject has no rows at all (NULL) */
		return;
	qsort(rows, (size_t)n, sizeof *rows, report_rank_cmp);
	for (int i = 0; i < n; i++)
		rows[i].rank = i + 1;
}

/* The ratings op's figures of each subject, merged into its row. */
static int report_ratings(struct cli *cli, const struct report_args *a,
                          json_t *rows, json_t *total)
{
	struct qerr err = {0};
	json_t *res, *rrow, *row;
	size_t i, k;

	/* `ratings` knows no departments: their rows show none, the total
	 * is the same whatever the grouping. */
	int dept = a->by == REPORT_BY_DEPARTMENT;

	if (client_call(cli->client, "ratings",
	                json_pack("{s:s, s:s, s:s}", "from", a->period.from,
	                          "to", a->period.to, "by",
	                          dept ? "queue" : a->by_name),
	                &res, &err))
		return cli_fail("%s: %s", err.code, err.message);
	json_array_foreach(dept ? NULL : json_object_get(res, "rows"), i, rrow)
	{
		json_t *subject = json_object_get(rrow, "subject");

		json_array_foreach(rows, k, row)
		{
			if (json_equal(json_object_get(row, "subject"),
			               subject)) {
				json_object_update_missing(row, rrow);
				break;
			}
		}
	}
	json_object_update_missing(total, json_object_get(res, "total"));
	json_decref(res);
	return 0;
}

static json_t *report_json(const struct report_args *a,
                           const struct report_hall *hall,
                           struct report_replay *r, struct report_replay *prev)
{
	int n, np;
	struct report_row *rows = report_replay_rows(r, &n);
	struct report_row *prows = report_replay_rows(prev, &np);
	int64_t open_ms =
	    report_replay_open_days(r) * (hall->close_s - hall->open_s) * 1000;
	json_t *list = json_array(), *total;

	report_rank(rows, n);
	report_rank(prows, np);
	for (int i = 0; i < n; i++) {
		json_t *o =
		    report_row_json(&rows[i], a->by, hall->wait_s, open_ms);
		int prev_rank = 0;

		for (int k = 0; k < np; k++)
			if (strcmp(prows[k].subject, rows[i].subject) == 0)
				prev_rank = prows[k].rank;
		json_object_set_new(o, "subject", json_string(rows[i].subject));
		json_object_set_new(o, "rank", json_integer(rows[i].rank));
		json_object_set_new(o, "rank_prev",
		                    prev_rank ? json_integer(prev_rank)
		                              : json_null());
		json_object_set_new(o, "rank_change",
		                    prev_rank
		                        ? json_integer(prev_rank - rows[i].rank)
		                        : json_null());
		json_object_set_new(o, "last_twice",
		                    json_boolean(n >= 2 && np >= 2 &&
		                                 rows[i].rank == n &&
		                                 prev_rank == np));
		json_array_append_new(list, o);
	}
	/* The total's presence is over every window's opening hours. */
	total = report_row_json(report_replay_total(r), REPORT_BY_QUEUE,
	                        hall->wait_s, 0);
	json_object_del(total, "on_duty_rate");
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, "
	                 "s:I, s:I}",
	                 "period", a->period.label, "from", a->period.from,
	                 "to", a->period.to, "previous", a->previous.label,
	                 "by", a->by_name, "rows", list, "total", total,
	                 "wait_threshold_s", (json_int_t)hall->wait_s,
	                 "open_days", (json_int_t)report_replay_open_days(r),
	                 "open_s_per_day",
	                 (json_int_t)(hall->close_s - hall->open_s),
	                 "still_open", (json_int_t)report_replay_still_open(r),
	                 "generated_from_seq", (json_int_t)0);
}

/* {"by_hour": [{"hour", "waits", "wait_mean_s"}], "by_day": [{"day",
 * "taken", "finished"}]}: the charts' figures. */
static void report_series_json(json_t *report, const struct report_series *s)
{
	json_t *hours = json_array(), *days = json_array();

	for (int h = 0; h < 24; h++)
		if (s->hour_waits[h])
			json_array_append_new(
			    hours,
			    json_pack("{s:i, s:I, s:f}", "hour", h, "waits",
			              (json_int_t)s->hour_waits[h],
			              "wait_mean_s",
			              (double)s->hour_wait_sum[h] /
			                  (double)s->hour_waits[h]));
	for (int d = 0; d < s->ndays; d++)
		json_array_append_new(
		    days,
		    json_pack("{s:s, s:I, s:I}", "day", s->day[d], "taken",
		              (json_int_t)s->day_taken[d], "finished",
		              (json_int_t)s->day_finished[d]));
	json_object_set_new(report, "by_hour", hours);
	json_object_set_new(report, "by_day", days);
}

static json_t *report_catalog(struct cli *cli)
{
	struct qerr err = {0};
	json_t *res;

	if (client_call(cli->client, "catalog", NULL, &res, &err)) {
		cli_fail("%s: %s", err.code, err.message);
		return NULL;
	}
	return res;
}

/* The bulletin: the open 差评 entries, the hall's name, then the PDF. */
static int report_write_pdf(struct cli *cli, json_t *report, json_t *catalog,
                            const struct report_args *a)
{
	static const char *const by_zh[] = {"窗口", "工作人员", "队列", "部门",
	                                    "事项"};
	struct qerr err = {0};
	json_t *reviews;
	const char *hall = json_string_value(
	    json_object_get(json_object_get(catalog, "hall"), "name_zh"));
	int rc;

	if (client_call(cli->client, "reviews", json_pack("{s:b}", "open", 1),
	                &reviews, &err))
		return cli_fail("%s: %s", err.code, err.message);
	json_object_set_new(report, "by_zh", json_string(by_zh[a->by]));
	rc = report_pdf(report, reviews, hall, a->out);
	json_object_del(report, "by_zh");
	json_decref(reviews);
	if (rc)
		return cli_fail("writing %s failed", a->out);
	return 0;
}

int report_main(struct cli *cli, int argc, char **argv)
{
	struct client_hello hello = {.token = cli->token};
	struct report_replay *r = NULL, *prev = NULL;
	struct report_hall hall, phall;
	struct report_args a;
	struct qerr err = {0};
	json_t *catalog = NULL, *report = NULL;
	FILE *f = stdout;
	int rc;

	if ((rc = report_args_parse(argc, argv, &a)))
		return rc;
	cli->client = client_open(&cli->addr, &hello, &err);
	if (cli->client == NULL)
		return cli_fail("%s", err.message);
	rc = 1;
	if ((catalog = report_catalog(cli)) == NULL)
		goto out;
	r = report_replay_new(a.by, catalog);
	prev = report_replay_new(a.by, catalog);
	if (report_replay_period(cli, &a.period, r, &hall) ||
	    report_replay_period(cli, &a.previous, prev, &phall))
		goto out;
	report = report_json(&a, &hall, r, prev);
	report_series_json(report, report_replay_series(r));
	json_object_del(report, "generated_from_seq");
	if (report_ratings(cli, &a, json_object_get(report, "rows"),
	                   json_object_get(report, "total")))
		goto out;
	if (strcmp(a.format, "pdf") == 0 && !cli->json) {
		rc = report_write_pdf(cli, report, catalog, &a);
		goto out;
	}
	if (a.out && (f = fopen(a.out, "w")) == NULL) {
		cli_fail("cannot write %s", a.out);
		f = stdout;
		goto out;
	}
	if (report_write(report, cli->json ? "json" : a.format, f)) {
		cli_fail("writing the report failed");
		goto out;
	}
	rc = 0;
out:
	if (f != stdout && fclose(f) && rc == 0)
		rc = cli_fail("writing %s failed", a.out);
	json_decref(report);
	report_replay_free(prev);
	report_replay_free(r);
	json_decref(catalog);
	return rc;
}
