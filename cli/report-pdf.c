/*
 * The 月通报 as a printable PDF (A4, Chinese): the hall and the period,
 * the summary, four charts (waits by hour of day, daily volume, service
 * bands, satisfaction), the ranking table, the flagged subjects and the
 * open 差评 entries. Drawn with cairo, text laid out by pango (Noto Sans
 * CJK through fontconfig, as the screens use): no PDF is written by hand.
 * It reads only the report's JSON, so what it prints is what the JSON
 * says.
 */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

#define PDF_W      595.0 /* A4 in points */
#define PDF_H      842.0
#define PDF_MARGIN 42.0
#define PDF_FONT   "Noto Sans CJK SC"

/* Text at (x, y), its top left; returns its height. */
static double pdf_text(cairo_t *cr, double x, double y, double size, int bold,
                       const char *text, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
	int w, h;

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
	                                           : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(l, text, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_pixel_size(l, &w, &h);
	pango_font_description_free(fd);
	g_object_unref(l);
	return h;
}

/* A bar chart in the box (x, y, w, h): a title, bars, labels, values. */
static void pdf_bars(cairo_t *cr, double x, double y, double w, double h,
                     const char *title, const char *const *labels,
                     const double *values, int n, int decimals)
{
	double max = 0, top = y + 22, base = y + h - 16, bw;
	char buf[32];
	int step;

	pdf_text(cr, x, y, 10.5, 1, title, w);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, x, base);
	cairo_line_to(cr, x + w, base);
	cairo_stroke(cr);
	for (int i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	if (n == 0) {
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		pdf_text(cr, x, top + 20, 9, 0, "（本期无数据）", w);
		cairo_set_source_rgb(cr, 0, 0, 0);
		return;
	}
	bw = w / n;
	/* A label ("11-03") needs about 22 pt: with narrower bars, every
	 * step-th bar is labelled, in the room of step bars, never cut. */
	step = bw >= 22 ? 1 : (int)(22 / bw) + 1;
	for (int i = 0; i < n; i++) {
		double bh = max > 0 ? (base - top - 12) * values[i] / max : 0;
		double bx = x + i * bw + bw * 0.15;

		cairo_set_source_rgb(cr, 0.16, 0.38, 0.66);
		cairo_rectangle(cr, bx, base - bh, bw * 0.7, bh);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		if (bw >= 14) {
			snprintf(buf, sizeof buf, "%.*f", decimals, values[i]);
			pdf_text(cr, bx - 4, base - bh - 11, 7, 0, buf, bw + 8);
		}
		if (labels[i] && i % step == 0)
			pdf_text(cr, bx - 2, base + 2, 7, 0, labels[i],
			         step * bw + 2);
	}
}

static double pdf_num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : -1;
}

/* The four charts, two by two, from y; returns the y under them. */
static double pdf_charts(cairo_t *cr, json_t *rep, double y)
{
	static const char *const band_keys[] = {"0-3",  "3-6",   "6-9",
	                                        "9-12", "12-15", "15+"};
	static const char *const band_labels[] = {"0-3分",  "3-6分",   "6-9分",
	                                          "9-12分", "12-15分", "15分+"};
	static const char *const level_labels[] = {
	    "非常不满意", "不满意", "基本满意", "满意", "非常满意"};
	json_t *total = json_object_get(rep, "total"), *v;
	json_t *hours = json_object_get(rep, "by_hour");
	json_t *days = json_object_get(rep, "by_day");
	char hl[24][8], dl[REPORT_MAX_DAYS][8];
	const char *hp[24], *dp[REPORT_MAX_DAYS];
	double hv[24], dv[REPORT_MAX_DAYS], bv[6], lv[5];
	double cw = (PDF_W - 2 * PDF_MARGIN - 24) / 2, ch = 150;
	size_t i, nh = 0, nd = 0;

	json_array_foreach(hours, i, v)
	{
		if (nh == 24)
			break;
		snprintf(hl[nh], sizeof hl[nh], "%d时",
		         (int)json_integer_value(json_object_get(v, "hour")) %
		             24);
		hp[nh] = hl[nh];
		hv[nh++] = pdf_num(v, "wait_mean_s") / 60.0;
	}
	json_array_foreach(days, i, v)
	{
		const char *d = json_string_value(json_object_get(v, "day"));

		if (nd == REPORT_MAX_DAYS)
			break;
		snprintf(dl[nd], sizeof dl[nd], "%s",
		         d && strlen(d) == 10 ? d + 5 : "");
		dp[nd] = dl[nd];
		dv[nd++] = pdf_num(v, "finished");
	}
	for (int b = 0; b < 6; b++)
		bv[b] = (double)json_integer_value(json_object_get(
		    json_object_get(total, "service_bands"), band_keys[b]));
	for (int l = 0; l < 5; l++) {
		char key[2] = {(char)('1' + l), 0};
		lv[l] = (double)json_integer_value(
		    json_object_get(json_object_get(total, "levels"), key));
	}
	pdf_bars(cr, PDF_MARGIN, y, cw, ch,
	         "各时段平均等候（分钟，按叫号时刻）", hp, hv, (int)nh, 1);
	pdf_bars(cr, PDF_MARGIN + cw + 24, y, cw, ch, "每日办结量（件）", dp,
	         dv, (int)nd, 0);
	pdf_bars(cr, PDF_MARGIN, y + ch + 18, cw, ch,
	         "办理时长分布（叫号至办结，件）", band_labels, bv, 6, 0);
	pdf_bars(cr, PDF_MARGIN + cw + 24, y + ch + 18, cw, ch,
	         "满意度（评价人次）", level_labels, lv, 5, 0);
	return y + 2 * ch + 36;
}

static void pdf_fmt(json_t *o, const char *key, int kind, char *out,
                    size_t size)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		snprintf(out, size, "-");
	else if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_boolean(v))
		snprintf(out, size, "%s", json_is_true(v) ? "是" : "");
	else if (kind == 'm') /* seconds as minutes */
		snprintf(out, size, "%.1f分", json_number_value(v) / 60.0);
	else if (kind == '%')
		snprintf(out, size, "%.1f%%", json_number_value(v) * 100);
	else if (kind == '+' && json_integer_value(v) > 0)
		snprintf(out, size, "↑%lld", (long long)json_integer_value(v));
	else if (kind == '+' && json_integer_value(v) < 0)
		snprintf(out, size, "↓%lld", -(long long)json_integer_value(v));
	else if (kind == '+')
		snprintf(out, size, "—");
	else
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
}

/* A new page when fewer than need points are left; the new y. */
static double pdf_room(cairo_t *cr, double y, double need)
{
	if (y + need <= PDF_H - PDF_MARGIN)
		return y;
	cairo_show_page(cr);
	return PDF_MARGIN;
}

static double pdf_ranking(cairo_t *cr, json_t *rep, double y)
{
	static const struct {
		const char *key, *head;
		int kind;
		double w;
	} cols[] = {
	    {"rank", "排名", 'n', 34},
	    {"subject", "对象", 's', 70},
	    {"finished", "办结", 'n', 42},
	    {"wait_mean_s", "平均等候", 'm', 56},
	    {"over_wait", "超时等候", 'n', 50},
	    {"service_mean_s", "平均办理", 'm', 56},
	    {"on_duty_rate", "在岗率", '%', 50},
	    {"good_rate", "好评率", '%', 50},
	    {"rank_change", "名次变化", '+', 50},
	    {"last_twice", "连续末位", 'b', 50},
	};
	enum { NCOLS = sizeof cols / sizeof cols[0] };
	json_t *rows = json_object_get(rep, "rows"), *row;
	char cell[96];
	size_t i;
	double x, w[NCOLS];

	/* A column with no figure in any row (a city has no 在岗率 and no
	 * ratings) gives its room to the subject's names. */
	for (size_t c = 0; c < NCOLS; c++) {
		int any = cols[c].kind == 's' || cols[c].kind == 'b' ||
		          strcmp(cols[c].key, "rank_change") == 0;

		json_array_foreach(any ? NULL : rows, i, row) any |=
		    !json_is_null(json_object_get(row, cols[c].key)) &&
		    json_object_get(row, cols[c].key) != NULL;
		w[c] = any ? cols[c].w : 0;
		w[1] += any ? 0 : cols[c].w;
	}
	y = pdf_room(cr, y, 60);
	y += pdf_text(cr, PDF_MARGIN, y, 13, 1, "排名", 0) + 4;
	for (int head = 1; head >= 0; head--) {
		json_array_foreach(head ? NULL : rows, i, row)
		{
			y = pdf_room(cr, y, 16);
			x = PDF_MARGIN;
			for (size_t c = 0; c < NCOLS; c++) {
				if (w[c] == 0)
					continue;
				pdf_fmt(row, cols[c].key, cols[c].kind, cell,
				        sizeof cell);
				pdf_text(cr, x, y, 8.5, 0, cell, w[c] - 4);
				x += w[c];
			}
			y += 14;
		}
		if (head) {
			x = PDF_MARGIN;
			for (size_t c = 0; c < NCOLS; c++) {
				if (w[c] == 0)
					continue;
				pdf_text(cr, x, y, 8.5, 1, cols[c].head,
				         w[c] - 4);
				x += w[c];
			}
			y += 14;
			cairo_set_line_width(cr, 0.5);
			cairo_move_to(cr, PDF_MARGIN, y - 1);
			cairo_line_to(cr, PDF_W - PDF_MARGIN, y - 1);
			cairo_stroke(cr);
		}
	}
	return y + 8;
}

/* A ledger state as the hall says it (docs/RATINGS.md). */
static const char *pdf_state_zh(const char *state)
{
	static const char *const names[][2] = {
	    {"to_verify", "待核实"},    {"verified", "属实"},
	    {"not_verified", "不属实"}, {"fixing", "整改"},
	    {"called_back", "已回访"},  {"appealed", "申诉"}};

	for (size_t i = 0; state && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(state, names[i][0]) == 0)
			return names[i][1];
	return state ? state : "";
}

static double pdf_flagged(cairo_t *cr, json_t *rep, json_t *reviews, double y)
{
	json_t *row, *list = json_object_get(reviews, "reviews");
	char line[256];
	size_t i;
	int any = 0;

	y = pdf_room(cr, y, 50);
	y += pdf_text(cr, PDF_MARGIN, y, 13, 1, "连续两期末位", 0) + 4;
	json_array_foreach(json_object_get(rep, "rows"), i, row)
	{
		if (!json_is_true(json_object_get(row, "last_twice")))
			continue;
		snprintf(
		    line, sizeof line, "%s（本期第 %lld 名，上期第 %lld 名）",
		    json_string_value(json_object_get(row, "subject")),
		    (long long)json_integer_value(json_object_get(row, "rank")),
		    (long long)json_integer_value(
		        json_object_get(row, "rank_prev")));
		y += pdf_text(cr, PDF_MARGIN + 8, y, 9.5, 0, line, 0) + 2;
		any = 1;
	}
	if (!any)
		y += pdf_text(cr, PDF_MARGIN + 8, y, 9.5, 0, "无", 0) + 2;
	y = pdf_room(cr, y + 10, 50);
	y += pdf_text(cr, PDF_MARGIN, y, 13, 1, "未办结及逾期差评", 0) + 4;
	any = 0;
	json_array_foreach(list, i, row)
	{
		y = pdf_room(cr, y, 16);
		snprintf(
		    line, sizeof line,
		    "第 %lld 号  %s %s  窗口 %lld  %d 级  %s%s",
		    (long long)json_integer_value(json_object_get(row, "id")),
		    json_string_value(json_object_get(row, "day")),
		    json_string_value(json_object_get(row, "number")),
		    (long long)json_integer_value(
		        json_object_get(row, "window")),
		    (int)json_integer_value(json_object_get(row, "level")),
		    pdf_state_zh(
		        json_string_value(json_object_get(row, "state"))),
		    json_is_true(json_object_get(row, "overdue")) ? "  逾期"
		                                                  : "");
		y += pdf_text(cr, PDF_MARGIN + 8, y, 9.5, 0, line, 0) + 2;
		any = 1;
	}
	if (!any)
		y += pdf_text(cr, PDF_MARGIN + 8, y, 9.5, 0, "无", 0) + 2;
	return y;
}

static void pdf_summary_line(char *out, size_t size, json_t *t, json_t *rep)
{
	char wait[32], svc[32], good[32];

	pdf_fmt(t, "wait_mean_s", 'm', wait, sizeof wait);
	pdf_fmt(t, "service_mean_s", 'm', svc, sizeof svc);
	pdf_fmt(t, "good_rate", '%', good, sizeof good);
	snprintf(
	    out, size,
	    "开放 %lld 天，取号 %lld 人次，办结 %lld 件，过号 %lld，转移 "
	    "%lld，日结作废 %lld。平均等候 %s，超时等候（超过 %lld 分钟）"
	    "%lld 人次；平均办理 %s。评价 %lld 人次，好评率 %s，差评 "
	    "%lld 件。",
	    (long long)json_integer_value(json_object_get(rep, "open_days")),
	    (long long)json_integer_value(json_object_get(t, "taken")),
	    (long long)json_integer_value(json_object_get(t, "finished")),
	    (long long)json_integer_value(json_object_get(t, "no_show")),
	    (long long)json_integer_value(json_object_get(t, "transferred")),
	    (long long)json_integer_value(json_object_get(t, "expired")), wait,
	    (long long)json_integer_value(
	        json_object_get(rep, "wait_threshold_s")) /
	        60,
	    (long long)json_integer_value(json_object_get(t, "over_wait")), svc,
	    (long long)json_integer_value(json_object_get(t, "rated")), good,
	    (long long)json_integer_value(json_object_get(t, "bad")));
}

/* The bulletin's name by its period: 月通报, 季度考评, 年度考核. */
static const char *pdf_kind(const char *period)
{
	size_t n = period ? strlen(period) : 0;

	if (n == 7 && period[4] == '-')
		return period[5] == 'Q' ? "季度考评" : "月通报";
	if (n == 4)
		return "年度考核";
	if (n == 10)
		return "日报";
	return "统计报表";
}

/* text wrapped in the text width at y; the y below it and a gap. */
static double pdf_wrapped(cairo_t *cr, double y, const char *text, int size,
                          double gap)
{
	PangoLayout *w = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
	int ph;

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(w, fd);
	pango_layout_set_width(w,
	                       (int)((PDF_W - 2 * PDF_MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(w, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(w, text, -1);
	cairo_move_to(cr, PDF_MARGIN, y);
	pango_cairo_show_layout(cr, w);
	pango_layout_get_pixel_size(w, NULL, &ph);
	pango_font_description_free(fd);
	g_object_unref(w);
	return y + ph + gap;
}

int report_pdf(json_t *rep, json_t *reviews, const char *hall, const char *path)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, PDF_W, PDF_H);
	cairo_t *cr = cairo_create(s);
	json_t *t = json_object_get(rep, "total");
	char line[1024];
	double y = PDF_MARGIN;
	int rc;

	snprintf(line, sizeof line, "%s %s", hall ? hall : "政务服务大厅",
	         pdf_kind(json_string_value(json_object_get(rep, "period"))));
	y += pdf_text(cr, PDF_MARGIN, y, 18, 1, line, 0) + 4;
	snprintf(line, sizeof line,
	         "统计期：%s（%s 至 %s）  按%s排名  上期：%s",
	         json_string_value(json_object_get(rep, "period")),
	         json_string_value(json_object_get(rep, "from")),
	         json_string_value(json_object_get(rep, "to")),
	         json_string_value(json_object_get(rep, "by_zh")),
	         json_string_value(json_object_get(rep, "previous")));
	y += pdf_text(cr, PDF_MARGIN, y, 10, 0, line, 0) + 10;
	if (json_is_string(json_object_get(rep, "seal_note")))
		y = pdf_wrapped(
		    cr, y, json_string_value(json_object_get(rep, "seal_note")),
		    9, 8);
	pdf_summary_line(line, sizeof line, t, rep);
	y = pdf_wrapped(cr, y, line, 10, 14);
	y = pdf_charts(cr, rep, y);
	y = pdf_ranking(cr, rep, y + 6);
	pdf_flagged(cr, rep, reviews, y + 6);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	rc = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	cairo_surface_destroy(s);
	/* The font caches go with the one PDF a run writes (and leak
	 * checkers see nothing left behind), as the screens' fonts do. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
