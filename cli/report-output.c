/*
 * A report's figures as JSON (the contract for scripts: times in whole
 * seconds, a figure without a denominator null), and that JSON as a
 * terminal table, CSV for Chinese Excel and WPS (UTF-8 with a BOM,
 * Chinese headers) or a plain HTML page.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const report_band_keys[REPORT_BANDS] = {
    "0-3", "3-6", "6-9", "9-12", "12-15", "15+"};

static json_t *report_int_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* mean, median, p90, max of a duration as KEY_mean_s ... */
static void report_stat_keys(json_t *o, const char *key, struct report_stat *s)
{
	char name[48];

	snprintf(name, sizeof name, "%s_n", key);
	json_object_set_new(o, name, json_integer(s->n));
	snprintf(name, sizeof name, "%s_mean_s", key);
	json_object_set_new(o, name,
	                    s->n ? json_real((double)s->sum / (double)s->n)
	                         : json_null());
	snprintf(name, sizeof name, "%s_median_s", key);
	json_object_set_new(o, name,
	                    report_int_or_null(report_stat_rank(s, 1, 2)));
	snprintf(name, sizeof name, "%s_p90_s", key);
	json_object_set_new(o, name,
	                    report_int_or_null(report_stat_rank(s, 9, 10)));
	snprintf(name, sizeof name, "%s_max_s", key);
	json_object_set_new(o, name, s->n ? json_integer(s->max) : json_null());
}

json_t *report_row_json(struct report_row *r, enum report_by by, int64_t thr_s,
                        int64_t open_ms)
{
	int no_window = by == REPORT_BY_WINDOW || by == REPORT_BY_STAFF;
	json_t *o = json_object(), *bands = json_object(), *reasons;
	(void)thr_s;

	/* A take and a rejoin happen at no window: no window's figure. */
	json_object_set_new(o, "taken",
	                    no_window ? json_null() : json_integer(r->taken));
	json_object_set_new(o, "finished", json_integer(r->finished));
	json_object_set_new(o, "no_show", json_integer(r->no_show));
	json_object_set_new(
	    o, "rejoined", no_window ? json_null() : json_integer(r->rejoined));
	json_object_set_new(o, "transferred", json_integer(r->transferred));
	json_object_set_new(o, "expired", json_integer(r->expired));
	json_object_set_new(o, "cancelled",
	                    no_window ? json_null()
	                              : json_integer(r->cancelled));
	/* Appointments happen at the kiosk and the day's end: no window. */
	json_object_set_new(o, "appointment_checked_in",
	                    no_window ? json_null()
	                              : json_integer(r->appt_checked_in));
	json_object_set_new(o, "appointment_late",
	                    no_window ? json_null()
	                              : json_integer(r->appt_late));
	json_object_set_new(o, "appointment_no_show",
	                    no_window ? json_null()
	                              : json_integer(r->appt_no_show));
	report_stat_keys(o, "wait", &r->wait);
	json_object_set_new(o, "over_wait", json_integer(r->over_wait));
	report_stat_keys(o, "service", &r->service);
	report_stat_keys(o, "serving", &r->serving);
	for (int b = 0; b < REPORT_BANDS; b++)
		json_object_set_new(bands, report_band_keys[b],
		                    json_integer(r->bands[b]));
	json_object_set_new(o, "service_bands", bands);
	if (!r->presence) {
		json_object_set_new(o, "logged_in_s", json_null());
		json_object_set_new(o, "paused_s", json_null());
		json_object_set_new(o, "paused_by_reason", json_null());
		json_object_set_new(o, "on_duty_rate", json_null());
		json_object_set_new(o, "idle_while_waiting_s", json_null());
		return o;
	}
	reasons = json_object();
	for (int i = 0; i < r->npaused_by; i++)
		json_object_set_new(reasons, r->paused_by[i].reason,
		                    json_integer(r->paused_by[i].ms / 1000));
	json_object_set_new(o, "logged_in_s",
	                    json_integer(r->logged_in_ms / 1000));
	json_object_set_new(o, "paused_s", json_integer(r->paused_ms / 1000));
	json_object_set_new(o, "paused_by_reason", reasons);
	json_object_set_new(
	    o, "on_duty_rate",
	    open_ms > 0 ? json_real((double)(r->logged_in_ms - r->paused_ms) /
	                            (double)open_ms)
	                : json_null());
	json_object_set_new(o, "idle_while_waiting_s",
	                    json_integer(r->idle_ms / 1000));
	return o;
}

/* The columns of the table and the CSV: key, Chinese header. */
static const struct {
	const char *key, *head;
} report_cols[] = {
    {"subject", "对象"},
    {"rank", "排名"},
    {"rank_change", "名次变化"},
    {"taken", "取号"},
    {"finished", "办结"},
    {"no_show", "过号"},
    {"rejoined", "重排"},
    {"transferred", "转移"},
    {"expired", "日结作废"},
    {"wait_mean_s", "平均等候(秒)"},
    {"wait_median_s", "等候中位数(秒)"},
    {"wait_p90_s", "等候90%(秒)"},
    {"wait_max_s", "最长等候(秒)"},
    {"over_wait", "超时等候"},
    {"service_mean_s", "平均办理(秒)"},
    {"service_median_s", "办理中位数(秒)"},
    {"service_p90_s", "办理90%(秒)"},
    {"logged_in_s", "登录时长(秒)"},
    {"paused_s", "暂停时长(秒)"},
    {"on_duty_rate", "在岗率"},
    {"idle_while_waiting_s", "有人等候时空闲(秒)"},
    {"rated", "评价人次"},
    {"rated_rate", "主动评价率"},
    {"unrated_rate", "未评率"},
    {"good_rate", "好评率"},
    {"bad", "差评数"},
    {"reply_rate", "差评回复率"},
    {"callback_rate", "回访整改率"},
    {"callback_satisfied_rate", "回访整改满意率"},
    {"overdue", "逾期"},
    {"last_twice", "连续末位"},
};
#define REPORT_NCOLS (sizeof report_cols / sizeof report_cols[0])

/* One cell as text: a rate as a percentage, a real to one decimal. */
static void report_cell(json_t *v, const char *key, char *out, size_t size)
{
	if (v == NULL || json_is_null(v))
		snprintf(out, size, "-");
	else if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_boolean(v))
		snprintf(out, size, "%s", json_is_true(v) ? "是" : "");
	else if (json_is_real(v) && strstr(key, "rate"))
		snprintf(out, size, "%.1f%%", json_real_value(v) * 100);
	else if (json_is_real(v))
		snprintf(out, size, "%.1f", json_real_value(v));
	else
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void report_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void report_html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

/* Each row, then the total, as cells; fn writes one line of them. */
static void report_lines(json_t *report, FILE *f,
                         void (*fn)(FILE *, json_t *row, int head))
{
	json_t *rows = json_object_get(report, "rows"), *row;
	size_t i;

	fn(f, NULL, 1);
	json_array_foreach(rows, i, row) fn(f, row, 0);
	row = json_deep_copy(json_object_get(report, "total"));
	/* A city's report names its total so (report-city.c). */
	json_object_set_new(row, "subject",
	                    json_string(json_string_value(json_object_get(
	                                    report, "total_subject"))
	                                    ?: "全厅合计"));
	fn(f, row, 0);
	json_decref(row);
}

static void report_csv_line(FILE *f, json_t *row, int head)
{
	char cell[128];

	for (size_t c = 0; c < REPORT_NCOLS; c++) {
		if (c)
			fputc(',', f);
		if (head) {
			report_csv_field(f, report_cols[c].head);
			continue;
		}
		report_cell(json_object_get(row, report_cols[c].key),
		            report_cols[c].key, cell, sizeof cell);
		report_csv_field(f, strcmp(cell, "-") ? cell : "");
	}
	fputs("\r\n", f);
}

static void report_table_line(FILE *f, json_t *row, int head)
{
	char cell[128];

	for (size_t c = 0; c < REPORT_NCOLS; c++) {
		if (head)
			snprintf(cell, sizeof cell, "%s", report_cols[c].head);
		else
			report_cell(json_object_get(row, report_cols[c].key),
			            report_cols[c].key, cell, sizeof cell);
		fprintf(f, "%s%s", c ? "\t" : "", cell);
	}
	fputc('\n', f);
}

static void report_html_line(FILE *f, json_t *row, int head)
{
	char cell[128];

	fputs("<tr>", f);
	for (size_t c = 0; c < REPORT_NCOLS; c++) {
		fputs(head ? "<th>" : "<td>", f);
		if (head)
			report_html_text(f, report_cols[c].head);
		else {
			report_cell(json_object_get(row, report_cols[c].key),
			            report_cols[c].key, cell, sizeof cell);
			report_html_text(f, cell);
		}
		fputs(head ? "</th>" : "</td>", f);
	}
	fputs("</tr>\n", f);
}

static const char *report_by_name(json_t *report)
{
	const char *by = json_string_value(json_object_get(report, "by"));
	return by ? by : "";
}

int report_write(json_t *report, const char *format, FILE *f)
{
	const char *period =
	    json_string_value(json_object_get(report, "period"));
	/* A sealed period's report says so, and what came after. */
	const char *note =
	    json_string_value(json_object_get(report, "seal_note"));

	if (strcmp(format, "json") == 0) {
		json_dumpf(report, f, JSON_COMPACT);
		fputc('\n', f);
	} else if (strcmp(format, "csv") == 0) {
		fputs("\xEF\xBB\xBF", f); /* Excel and WPS read UTF-8 by it */
		report_lines(report, f, report_csv_line);
		if (note) { /* after the rows: a script reads those first */
			report_csv_field(f, "备注");
			fputc(',', f);
			report_csv_field(f, note);
			fputs("\r\n", f);
		}
	} else if (strcmp(format, "table") == 0) {
		fprintf(f, "报表 %s 按 %s\n", period, report_by_name(report));
		if (note)
			fprintf(f, "%s\n", note);
		report_lines(report, f, report_table_line);
	} else if (strcmp(format, "html") == 0) {
		fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
		      "charset=\"utf-8\"><title>报表 ",
		      f);
		report_html_text(f, period);
		fputs("</title><style>table{border-collapse:collapse}td,th{"
		      "border:1px solid #999;padding:2px 6px;text-align:right}"
		      "td:first-child{white-space:nowrap;text-align:left}"
		      "</style></head><body>\n<h1>报表 ",
		      f);
		report_html_text(f, period);
		fputs("</h1>\n", f);
		if (note) {
			fputs("<p class=\"seal\">", f);
			report_html_text(f, note);
			fputs("</p>\n", f);
		}
		fputs("<table>\n", f);
		report_lines(report, f, report_html_line);
		fputs("</table>\n</body></html>\n", f);
	} else {
		return -1;
	}
	return ferror(f) ? -1 : 0;
}
