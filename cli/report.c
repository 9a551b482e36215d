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

const char *const report_by_names[REPORT_BY_N] = {"window", "staff", "queue",
                                                  "department", "item"};

int report_by_parse(const char *s, enum report_by *by)
{
	for (int i = 0; i < REPORT_BY_N; i++)
		if (strcmp(s, report_by_names[i]) == 0) {
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
	        "       qhall report PERIOD --halls FILE... [--format ...] "
	        "[-o FILE]\n"
	        "       qhall report seal|verify PERIOD\n"
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
	    {"halls", required_argument, NULL, 'H'},
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
		case 'H':
			if (a->nhalls == REPORT_HALLS_MAX) {
				cli_fail("at most %d halls", REPORT_HALLS_MAX);
				return 2;
			}
			a->halls[a->nhalls++] = optarg;
			break;
		default:
			return report_usage();
		}
	}
	/* --halls F1 F2 ...: the files after the first are operands too. */
	if (a->nhalls > 0) {
		int keep = from && to ? 0 : 1; /* PERIOD stays an operand */

		for (int i = optind + keep; i < argc; i++) {
			if (a->nhalls == REPORT_HALLS_MAX) {
				cli_fail("at most %d halls", REPORT_HALLS_MAX);
				return 2;
			}
			a->halls[a->nhalls++] = argv[i];
		}
		if (argc > optind + keep)
			argc = optind + keep;
	}
	if (a->nhalls > 0 && !a->by_name)
		a->by_name = "window"; /* unused: a city's rows are its halls */
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

/* The hall's zone and report policy, as a trace page's reply says. */
static void report_hall_set(struct report_hall *hall, json_t *res)
{
	const char *tz = json_string_value(json_object_get(res, "timezone"));

	hall->from_at = json_integer_value(json_object_get(res, "from_at"));
	hall->to_at = json_integer_value(json_object_get(res, "to_at"));
	hall->open_s = json_integer_value(json_object_get(res, "open_s"));
	hall->close_s = json_integer_value(json_object_get(res, "close_s"));
	hall->now = json_integer_value(json_object_get(res, "now"));
	hall->wait_s =
	    json_integer_value(json_object_get(res, "wait_threshold_s"));
	hall->upto = json_integer_value(json_object_get(res, "upto"));
	snprintf(hall->timezone, sizeof hall->timezone, "%s",
	         tz ? tz : "Asia/Shanghai");
	/* Days and opening hours are the hall's, not ours. */
	setenv("TZ", hall->timezone, 1);
}

/* Where a page's events go: every replay, up to the cap. */
struct report_sink {
	struct report_replay **r;
	int nr;
	int64_t cap, *late;
};

/* One event's text: read once (report-event.c), given to each replay. */
static int report_sink_text(void *arg, const char *text, size_t len)
{
	struct report_sink *k = arg;
	struct report_event e;
	int rc = 0;

	if (report_event_parse(text, len, &e))
		return -1;
	if (k->cap > 0 && e.seq > k->cap) {
		if (k->late)
			(*k->late)++;
		return 0;
	}
	/* The rare events with arrays the replay reads: by jansson. */
	if (e.needs_json && (e.json = json_loadb(text, len, 0, NULL)) == NULL)
		return -1;
	for (int i = 0; i < k->nr && rc == 0; i++)
		rc = report_replay_apply(k->r[i], &e);
	json_decref(e.json);
	return rc;
}

/* A page's fields after its events: ",\"from_at\":...}" read as an
 * object (the comma made an opening brace for the parse). */
static json_t *report_page_tail(char *text, size_t len, const char *rest)
{
	size_t at = (size_t)(rest - text);
	json_t *tail;

	if (at >= len || text[at] != ',')
		return NULL;
	text[at] = '{';
	tail = json_loadb(text + at, len - at, 0, NULL);
	text[at] = ',';
	return tail;
}

/*
 * Every page of the period's trace into each of the nr replays (one
 * parse per event, whatever the groupings). The events are read from the
 * reply's text as it came, each once, never built as jansson objects:
 * that was most of a report's time (docs/PERFORMANCE.md). With cap > 0
 * the events written after seq cap are left out and counted in *late: a
 * sealed period is recomputed as the seal read it.
 */
int report_read(struct cli *cli, const struct report_period *p,
                struct report_replay **r, int nr, struct report_hall *hall,
                int64_t cap, int64_t *late)
{
	static const char mark[] = "],\"from_at\":";
	struct qerr err = {0};
	struct report_sink sink = {r, nr, cap, late};
	json_int_t after = -1, upto = 0;
	long long id;
	int first = 1;

	if (client_send(cli->client, "trace_page",
	                json_pack("{s:s, s:s, s:b}", "from", p->from, "to",
	                          p->to, "raw", 1),
	                &id, &err))
		return cli_fail("%s: %s", err.code, err.message);
	for (;;) {
		const char *rest = NULL, *tail = NULL;
		json_t *res = NULL;
		char *text;
		size_t len;
		int more, bad;

		if (client_reply_text(cli->client, id, &text, &len, &err))
			return cli_fail("%s: %s", err.code, err.message);
		/* The fields after the events (a few hundred bytes at the
		 * end) come first: the policy counts from the first event,
		 * and the next page is asked for before this one is read, so
		 * the daemon finds it while the replay runs. */
		for (size_t k = len >= sizeof mark ? len - sizeof mark + 1 : 0;
		     k > 0 && tail == NULL; k--)
			if (memcmp(text + k, mark, sizeof mark - 1) == 0)
				tail = text + k;
		if (tail == NULL ||
		    (res = report_page_tail(text, len, tail + 1)) == NULL) {
			free(text);
			return cli_fail("qhalld sent a trace page that is not "
			                "one");
		}
		if (first) {
			report_hall_set(hall, res);
			upto = hall->upto;
			for (int k = 0; k < nr; k++)
				report_replay_policy(r[k], hall->open_s,
				                     hall->close_s,
				                     hall->wait_s);
			first = 0;
		}
		after = json_integer_value(json_object_get(res, "last"));
		more = json_is_true(json_object_get(res, "more"));
		json_decref(res);
		if (more &&
		    client_send(cli->client, "trace_page",
		                json_pack("{s:s, s:s, s:b, s:I, s:I}", "from",
		                          p->from, "to", p->to, "raw", 1,
		                          "after", after, "upto", upto),
		                &id, &err)) {
			free(text);
			return cli_fail("%s: %s", err.code, err.message);
		}
		bad = report_events_each(text, len, report_sink_text, &sink,
		                         &rest) ||
		      rest != tail + 1;
		free(text);
		if (bad)
			return cli_fail("the trace holds an event that is "
			                "not one (page before seq %lld)",
			                (long long)after);
		if (!more)
			break;
	}
	for (int k = 0; k < nr; k++)
		report_replay_finish(
		    r[k], hall->now < hall->to_at ? hall->now : hall->to_at);
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

void report_rank(struct report_row *rows, int n)
{
	if (n == 0)
		return; /* rows is NULL then, which qsort may not be given */
	qsort(rows, (size_t)n, sizeof *rows, report_rank_cmp);
	for (int i = 0; i < n; i++)
		rows[i].rank = i + 1;
}

/* The ratings op's figures of the period by the grouping (department:
 * by queue, which report_ratings_merge() knows). */
int report_ratings_get(struct cli *cli, const struct report_period *p,
                       enum report_by by, const char *by_name, json_t **res)
{
	struct qerr err = {0};
	int dept = by == REPORT_BY_DEPARTMENT;

	if (client_call(cli->client, "ratings",
	                json_pack("{s:s, s:s, s:s}", "from", p->from, "to",
	                          p->to, "by", dept ? "queue" : by_name),
	                res, &err))
		return cli_fail("%s: %s", err.code, err.message);
	return 0;
}

/* Each subject's rating figures into its row, the hall's into the total. */
void report_ratings_merge(enum report_by by, json_t *rows, json_t *total,
                          json_t *res)
{
	json_t *rrow, *row;
	size_t i, k;

	/* `ratings` knows no departments: their rows show none, the total
	 * is the same whatever the grouping. */
	json_array_foreach(
	    by == REPORT_BY_DEPARTMENT ? NULL : json_object_get(res, "rows"), i,
	    rrow)
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
void report_series_json(json_t *report, const struct report_series *s)
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

json_t *report_catalog(struct cli *cli)
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

/* The figures the trace gives (no ratings), as the report shows them. */
json_t *report_figures(const struct report_args *a,
                       const struct report_hall *hall, struct report_replay *r,
                       struct report_replay *prev)
{
	json_t *report = report_json(a, hall, r, prev);

	report_series_json(report, report_replay_series(r));
	json_object_del(report, "generated_from_seq");
	return report;
}

/* The period's figures, recomputed from the trace, with its ratings. */
static json_t *report_compute(struct cli *cli, json_t *catalog,
                              const struct report_args *a)
{
	struct report_replay *r = report_replay_new(a->by, catalog);
	struct report_replay *prev = report_replay_new(a->by, catalog);
	struct report_hall hall, phall;
	json_t *report = NULL, *ratings;

	if (report_read(cli, &a->period, &r, 1, &hall, 0, NULL) ||
	    report_read(cli, &a->previous, &prev, 1, &phall, 0, NULL))
		goto out;
	report = report_figures(a, &hall, r, prev);
	if (report_ratings_get(cli, &a->period, a->by, a->by_name, &ratings)) {
		json_decref(report);
		report = NULL;
		goto out;
	}
	report_ratings_merge(a->by, json_object_get(report, "rows"),
	                     json_object_get(report, "total"), ratings);
	json_decref(ratings);
out:
	report_replay_free(prev);
	report_replay_free(r);
	return report;
}

int report_main(struct cli *cli, int argc, char **argv)
{
	struct client_hello hello = {.token = cli->token};
	struct report_args a;
	struct qerr err = {0};
	json_t *catalog = NULL, *report = NULL, *seal = NULL, *doc = NULL;
	FILE *f = stdout;
	int rc;

	if (argc >= 2 &&
	    (strcmp(argv[1], "seal") == 0 || strcmp(argv[1], "verify") == 0))
		return report_seal_main(cli, argc - 1, argv + 1);
	if ((rc = report_args_parse(argc, argv, &a)))
		return rc;
	if (a.nhalls > 0)
		return report_city(cli, &a);
	cli->client = client_open(&cli->addr, &hello, &err);
	if (cli->client == NULL)
		return cli_fail("%s", err.message);
	rc = 1;
	if ((catalog = report_catalog(cli)) == NULL ||
	    report_seal_fetch(cli, &a.period, &seal, &doc))
		goto out;
	/* A sealed period shows what was sealed, and what came after. */
	report = doc ? report_sealed_view(cli, &a, seal, doc)
	             : report_compute(cli, catalog, &a);
	if (report == NULL)
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
	json_decref(doc);
	json_decref(seal);
	json_decref(catalog);
	return rc;
}
