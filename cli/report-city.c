/*
 * qhall report PERIOD --halls FILE...: the city's report from its halls'
 * exports (qhall export), with no daemon: each hall keeps working when
 * the city's network is down, and sends a file.
 *
 * Each file is read once, line by line: every event's chain hash is
 * recomputed from the one before (from the file's prev_hash), its seq
 * must follow, and the last line must count the events and name the
 * head; a file that breaks any of it is refused, naming the file and the
 * event, before any figure is shown. The events of the period (and of
 * the previous period, when the file holds it) go into a replay per
 * hall, exactly as `qhall report` reads them from a daemon. The rows are
 * the halls' totals, ranked; the total is the city's, every sample of
 * every hall together (so the city's median is a median, not a mean of
 * medians). Ratings are not in the trace's events: a city report has
 * none.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "xmalloc.h"

struct city_hall {
	const char *file;
	json_t *head; /* the file's first line */
	const char *id, *name;
	struct report_replay *r, *prev;
	int has_prev;
	int64_t events;
	char head_hex[65];
};

static int64_t city_midnight(const char *day, int plus)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += plus;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static int city_hex(const char *hex, size_t len, unsigned char out[32])
{
	size_t bin;

	return len != 64 ||
	       sodium_hex2bin(out, 32, hex, len, NULL, &bin, NULL) || bin != 32;
}

static const char *city_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The file's first line: an export covering the period. */
static int city_head(struct city_hall *h, const char *line,
                     const struct report_args *a)
{
	h->head = json_loads(line, 0, NULL);
	if (json_integer_value(json_object_get(h->head, "qhall_export")) != 1)
		return cli_fail("%s is not a qhall export (qhall export "
		                "--from DAY --to DAY -o FILE)",
		                h->file);
	h->id = city_str(h->head, "hall");
	h->name = city_str(h->head, "hall_name");
	if (!h->name[0])
		h->name = h->id;
	if (strcmp(a->period.from, city_str(h->head, "from")) < 0 ||
	    strcmp(a->period.to, city_str(h->head, "to")) > 0)
		return cli_fail("%s holds %s to %s of hall %s, not all of %s "
		                "(%s to %s)",
		                h->file, city_str(h->head, "from"),
		                city_str(h->head, "to"), h->name,
		                a->period.label, a->period.from, a->period.to);
	h->has_prev =
	    strcmp(a->previous.from, city_str(h->head, "from")) >= 0 &&
	    strcmp(a->previous.to, city_str(h->head, "to")) <= 0;
	return 0;
}

/*
 * Every line of one export: the chain checked, the period's events into
 * the replays. Times are the hall's (its zone from the file).
 */
static int city_read(struct city_hall *h, const struct report_args *a)
{
	FILE *f = fopen(h->file, "r");
	unsigned char prev[32], want[32], got[32];
	int64_t expect = 0, lineno = 0, p_from = 0, p_to = 0, q_from = 0,
	        q_to = 0, now = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ended = 0, rc = -1;

	if (f == NULL)
		return cli_fail("cannot read %s", h->file);
	while ((len = getline(&line, &cap, f)) > 0) {
		json_t *ev;
		int64_t at;
		crypto_generichash_state st;

		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno == 1) {
			if (city_head(h, line, a))
				goto out;
			if (city_hex(city_str(h->head, "prev_hash"),
			             strlen(city_str(h->head, "prev_hash")),
			             prev)) {
				cli_fail("%s: its first line has no chain hash",
				         h->file);
				goto out;
			}
			setenv("TZ", city_str(h->head, "timezone"), 1);
			p_from = city_midnight(a->period.from, 0);
			p_to = city_midnight(a->period.to, 1);
			q_from = city_midnight(a->previous.from, 0);
			q_to = city_midnight(a->previous.to, 1);
			now =
			    json_integer_value(json_object_get(h->head, "now"));
			expect = json_integer_value(
			    json_object_get(h->head, "first"));
			report_replay_policy(h->r,
			                     json_integer_value(json_object_get(
			                         h->head, "open_s")),
			                     json_integer_value(json_object_get(
			                         h->head, "close_s")),
			                     json_integer_value(json_object_get(
			                         h->head, "wait_threshold_s")));
			report_replay_policy(h->prev,
			                     json_integer_value(json_object_get(
			                         h->head, "open_s")),
			                     json_integer_value(json_object_get(
			                         h->head, "close_s")),
			                     json_integer_value(json_object_get(
			                         h->head, "wait_threshold_s")));
			continue;
		}
		if (ended) {
			cli_fail("%s: line %lld follows the export's last "
			         "line: the file was changed",
			         h->file, (long long)lineno);
			goto out;
		}
		if (line[0] == '{') {
			json_t *end = json_loads(line, 0, NULL);
			const char *hx = city_str(end, "head");

			sodium_bin2hex(h->head_hex, sizeof h->head_hex, prev,
			               sizeof prev);
			ended = json_is_true(json_object_get(end, "end")) &&
			        json_integer_value(json_object_get(
			            end, "events")) == h->events &&
			        strcmp(hx, h->head_hex) == 0;
			json_decref(end);
			if (!ended) {
				cli_fail("%s: its last line does not match its "
				         "%lld events: events were added or "
				         "taken out",
				         h->file, (long long)h->events);
				goto out;
			}
			continue;
		}
		if (len < 66 || line[64] != ' ' || city_hex(line, 64, want)) {
			cli_fail("%s: line %lld is not an event of an export",
			         h->file, (long long)lineno);
			goto out;
		}
		crypto_generichash_init(&st, NULL, 0, sizeof got);
		crypto_generichash_update(&st, prev, sizeof prev);
		crypto_generichash_update(&st, (const unsigned char *)line + 65,
		                          (size_t)len - 65);
		crypto_generichash_final(&st, got, sizeof got);
		if (sodium_memcmp(want, got, sizeof got)) {
			cli_fail("%s: event %lld (line %lld) does not chain "
			         "onto the one before: the export was changed "
			         "after the hall wrote it; refused",
			         h->file, (long long)expect, (long long)lineno);
			goto out;
		}
		memcpy(prev, got, sizeof got);
		ev = json_loadb(line + 65, (size_t)len - 65, 0, NULL);
		if (ev == NULL ||
		    json_integer_value(json_object_get(ev, "seq")) != expect) {
			json_decref(ev);
			cli_fail("%s: line %lld is not event %lld of the "
			         "trace; refused",
			         h->file, (long long)lineno, (long long)expect);
			goto out;
		}
		at = json_integer_value(json_object_get(ev, "at"));
		if ((at >= p_from && at < p_to &&
		     report_replay_event(h->r, ev)) ||
		    (h->has_prev && at >= q_from && at < q_to &&
		     report_replay_event(h->prev, ev))) {
			json_decref(ev);
			cli_fail("%s: event %lld is not one the reports know",
			         h->file, (long long)expect);
			goto out;
		}
		json_decref(ev);
		expect++;
		h->events++;
	}
	if (lineno == 0) {
		cli_fail("%s is empty", h->file);
		goto out;
	}
	if (!ended) {
		cli_fail("%s ends before its last line: it was cut short; "
		         "refused",
		         h->file);
		goto out;
	}
	report_replay_finish(h->r, now < p_to ? now : p_to);
	report_replay_finish(h->prev, now < q_to ? now : q_to);
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

/* The halls' totals as rows (subject: the hall's name), ranked. */
static struct report_row *city_rows(struct city_hall *halls, int n, int prev)
{
	struct report_row *rows = xcalloc((size_t)n + 1, sizeof *rows);
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (prev && !halls[i].has_prev)
			continue;
		report_row_merge(
		    &rows[k],
		    report_replay_total(prev ? halls[i].prev : halls[i].r));
		snprintf(rows[k].subject, sizeof rows[k].subject, "%s",
		         halls[i].name);
		k++;
	}
	report_rank(rows, k);
	rows[n].rank = k; /* the count, after the rows */
	return rows;
}

/* The charts' figures of every hall together. */
static void city_series(struct report_series *city,
                        const struct report_series *s)
{
	for (int h = 0; h < 24; h++) {
		city->hour_waits[h] += s->hour_waits[h];
		city->hour_wait_sum[h] += s->hour_wait_sum[h];
	}
	for (int d = 0; d < s->ndays; d++) {
		int k = 0;

		while (k < city->ndays && strcmp(city->day[k], s->day[d]))
			k++;
		if (k == city->ndays) {
			if (k == REPORT_MAX_DAYS)
				continue;
			memcpy(city->day[k], s->day[d], sizeof city->day[k]);
			city->ndays++;
		}
		city->day_taken[k] += s->day_taken[d];
		city->day_finished[k] += s->day_finished[d];
	}
}

static int city_day_cmp(const void *x, const void *y)
{
	return strcmp(x, y);
}

static json_t *city_json(const struct report_args *a, struct city_hall *halls,
                         int n)
{
	struct report_row *rows = city_rows(halls, n, 0);
	struct report_row *prows = city_rows(halls, n, 1);
	int np = prows[n].rank;
	struct report_row city;
	struct report_series *series = xcalloc(1, sizeof *series);
	json_t *list = json_array(), *info = json_array(), *total, *report;
	int64_t thr = json_integer_value(
	    json_object_get(halls[0].head, "wait_threshold_s"));
	int64_t still_open = 0, open_days = 0;

	memset(&city, 0, sizeof city);
	for (int i = 0; i < n; i++) {
		json_t *o =
		    report_row_json(&rows[i], REPORT_BY_QUEUE, (int64_t)0, 0);
		int prev_rank = 0;
		struct city_hall *h = halls;

		while (strcmp(h->name, rows[i].subject))
			h++;
		for (int k = 0; k < np; k++)
			if (strcmp(prows[k].subject, rows[i].subject) == 0)
				prev_rank = prows[k].rank;
		report_row_merge(&city, &rows[i]);
		json_object_del(o, "on_duty_rate");
		json_object_set_new(o, "subject", json_string(rows[i].subject));
		json_object_set_new(o, "hall", json_string(h->id));
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
		json_object_set_new(
		    o, "open_days",
		    json_integer(report_replay_open_days(h->r)));
		json_array_append_new(list, o);
	}
	for (int i = 0; i < n; i++) {
		struct city_hall *h = &halls[i];
		int64_t od = report_replay_open_days(h->r);

		if (json_integer_value(
		        json_object_get(h->head, "wait_threshold_s")) != thr)
			thr = -1;
		still_open += report_replay_still_open(h->r);
		if (od > open_days)
			open_days = od;
		city_series(series, report_replay_series(h->r));
		json_array_append_new(
		    info,
		    json_pack(
		        "{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "file",
		        h->file, "hall", h->id, "hall_name", h->name, "from",
		        city_str(h->head, "from"), "to",
		        city_str(h->head, "to"), "first",
		        json_integer_value(json_object_get(h->head, "first")),
		        "events", (json_int_t)h->events, "head", h->head_hex));
	}
	/* The days in order, whichever hall opened first. */
	{
		struct {
			char day[REPORT_DAY_LEN + 1];
			int64_t taken, finished;
		} *d = xcalloc((size_t)series->ndays + 1, sizeof *d);

		for (int i = 0; i < series->ndays; i++) {
			memcpy(d[i].day, series->day[i], sizeof d[i].day);
			d[i].taken = series->day_taken[i];
			d[i].finished = series->day_finished[i];
		}
		qsort(d, (size_t)series->ndays, sizeof *d, city_day_cmp);
		for (int i = 0; i < series->ndays; i++) {
			memcpy(series->day[i], d[i].day, sizeof d[i].day);
			series->day_taken[i] = d[i].taken;
			series->day_finished[i] = d[i].finished;
		}
		free(d);
	}
	total = report_row_json(&city, REPORT_BY_QUEUE, 0, 0);
	json_object_del(total, "on_duty_rate");
	report = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o?, s:I, s:I, s:s}",
	    "period", a->period.label, "from", a->period.from, "to",
	    a->period.to, "previous", a->previous.label, "by", "hall", "rows",
	    list, "total", total, "halls", info, "wait_threshold_s",
	    thr >= 0 ? json_integer(thr) : NULL, "open_days",
	    (json_int_t)open_days, "still_open", (json_int_t)still_open,
	    "total_subject", "全市合计");
	report_series_json(report, series);
	free(series);
	report_row_free(&city);
	for (int i = 0; i < n; i++)
		report_row_free(&rows[i]);
	for (int i = 0; i < np; i++)
		report_row_free(&prows[i]);
	free(rows);
	free(prows);
	return report;
}

int report_city(struct cli *cli, const struct report_args *a)
{
	struct city_hall *halls = xcalloc((size_t)a->nhalls, sizeof *halls);
	json_t *empty = json_object(), *report = NULL;
	FILE *f = stdout;
	int rc = 1;

	for (int i = 0; i < a->nhalls; i++) {
		halls[i].file = a->halls[i];
		halls[i].r = report_replay_new(REPORT_BY_QUEUE, empty);
		halls[i].prev = report_replay_new(REPORT_BY_QUEUE, empty);
		if (city_read(&halls[i], a))
			goto out;
		for (int k = 0; k < i; k++)
			if (strcmp(halls[k].id, halls[i].id) == 0) {
				cli_fail("%s and %s are both hall %s (%s)",
				         halls[k].file, halls[i].file,
				         halls[i].id, halls[i].name);
				goto out;
			}
	}
	report = city_json(a, halls, a->nhalls);
	if (strcmp(a->format, "pdf") == 0 && !cli->json) {
		json_t *none = json_pack("{s:[]}", "reviews");
		char title[128];

		snprintf(title, sizeof title, "全市政务服务（%d 个大厅）",
		         a->nhalls);
		json_object_set_new(report, "by_zh", json_string("大厅"));
		if (report_pdf(report, none, title, a->out))
			cli_fail("writing %s failed", a->out);
		else
			rc = 0;
		json_decref(none);
		goto out;
	}
	if (a->out && (f = fopen(a->out, "w")) == NULL) {
		cli_fail("cannot write %s", a->out);
		f = stdout;
		goto out;
	}
	if (report_write(report, cli->json ? "json" : a->format, f))
		cli_fail("writing the report failed");
	else
		rc = 0;
out:
	if (f != stdout && fclose(f) && rc == 0)
		rc = cli_fail("writing %s failed", a->out);
	json_decref(report);
	for (int i = 0; i < a->nhalls; i++) {
		report_replay_free(halls[i].r);
		report_replay_free(halls[i].prev);
		json_decref(halls[i].head);
	}
	free(halls);
	json_decref(empty);
	return rc;
}
