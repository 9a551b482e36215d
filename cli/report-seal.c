/*
 * Sealed periods (封存).
 *
 * qhall report seal PERIOD computes the period's figures by every
 * grouping from the trace (one read, five replays), takes the ratings
 * op's figures as they stand, and sends the whole as one JSON text in
 * parts; the daemon fixes them and puts their hash in the trace (the
 * `period_sealed` event).
 *
 * A report of a sealed period shows the sealed figures, with a note of
 * what was recorded after the seal: rating figures that changed since (a
 * late 补评, a reply to a 差评) and events of the period's time written
 * after the seal's last one.
 *
 * qhall report verify PERIOD checks that the stored figures hash to what
 * the seal event says, that the trace chains, and recomputes the figures
 * from the trace up to the seal's last event: they must be the same.
 * The ratings are not in the trace's events (they live in the rating
 * and review tables, and a 差评's state moves with time), so they are
 * kept as sealed, under the hash, and not recomputed.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "xmalloc.h"

/* Raw bytes per part: quoted, a part stays well inside a 64 KiB line. */
#define SEAL_CHUNK 24000

/* The rating keys a note names in Chinese. */
static const struct {
	const char *key, *zh;
} seal_keys[] = {
    {"services", "服务人次"},
    {"rated", "评价人次"},
    {"unrated", "未评"},
    {"good", "好评"},
    {"bad", "差评数"},
    {"rated_rate", "主动评价率"},
    {"unrated_rate", "未评率"},
    {"good_rate", "好评率"},
    {"reviews", "差评台账"},
    {"excluded", "剔除"},
    {"overdue", "逾期"},
    {"reply_rate", "差评回复率"},
    {"callback_rate", "回访整改率"},
    {"callback_satisfied_rate", "回访整改满意率"},
    {"levels", "各级评价"},
};

static json_t *seal_policy(const struct report_hall *hall)
{
	return json_pack("{s:s, s:I, s:I, s:I}", "timezone", hall->timezone,
	                 "open_s", (json_int_t)hall->open_s, "close_s",
	                 (json_int_t)hall->close_s, "wait_threshold_s",
	                 (json_int_t)hall->wait_s);
}

/*
 * The period's figures by every grouping, from the trace up to seq cap
 * (0: all of it): {"window": report, ...}. *hall is the period's.
 */
static json_t *seal_figures(struct cli *cli, json_t *catalog,
                            const struct report_period *p,
                            const struct report_period *prev, int64_t cap,
                            struct report_hall *hall)
{
	struct report_replay *r[REPORT_BY_N], *pr[REPORT_BY_N];
	struct report_hall phall;
	json_t *figures = NULL;

	for (int k = 0; k < REPORT_BY_N; k++) {
		r[k] = report_replay_new((enum report_by)k, catalog);
		pr[k] = report_replay_new((enum report_by)k, catalog);
	}
	if (report_read(cli, p, r, REPORT_BY_N, hall, cap, NULL) ||
	    report_read(cli, prev, pr, REPORT_BY_N, &phall, cap, NULL))
		goto out;
	figures = json_object();
	for (int k = 0; k < REPORT_BY_N; k++) {
		struct report_args a = {.period = *p,
		                        .previous = *prev,
		                        .by = (enum report_by)k,
		                        .by_name = report_by_names[k]};

		json_object_set_new(figures, report_by_names[k],
		                    report_figures(&a, hall, r[k], pr[k]));
	}
out:
	for (int k = 0; k < REPORT_BY_N; k++) {
		report_replay_free(r[k]);
		report_replay_free(pr[k]);
	}
	return figures;
}

/* Send text in parts, then the seal; *res is the daemon's seal. */
static int seal_send(struct cli *cli, const struct report_period *p,
                     int64_t upto, const char *text, json_t **res)
{
	struct qerr err = {0};
	size_t len = strlen(text), at = 0;
	int parts = 0;

	while (at < len) {
		size_t n = len - at < SEAL_CHUNK ? len - at : SEAL_CHUNK;
		json_t *ok;

		/* A part ends on a whole UTF-8 character. */
		while (at + n < len &&
		       ((unsigned char)text[at + n] & 0xC0) == 0x80)
			n--;
		if (client_call(cli->client, "seal_part",
		                json_pack("{s:s, s:i, s:s%}", "period",
		                          p->label, "index", parts, "text",
		                          text + at, n),
		                &ok, &err))
			return cli_fail("%s: %s", err.code, err.message);
		json_decref(ok);
		at += n;
		parts++;
	}
	if (client_call(cli->client, "seal",
	                json_pack("{s:s, s:s, s:s, s:I, s:i}", "period",
	                          p->label, "from", p->from, "to", p->to,
	                          "upto", (json_int_t)upto, "parts", parts),
	                res, &err))
		return cli_fail("%s: %s", err.code, err.message);
	return 0;
}

static void seal_time(int64_t ms, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static int seal_do(struct cli *cli, const struct report_period *p,
                   const struct report_period *prev)
{
	struct report_hall hall;
	json_t *catalog, *figures = NULL, *ratings = NULL, *doc = NULL,
	                 *res = NULL, *seal = NULL, *sdoc = NULL;
	char *text = NULL, when[32];
	int rc = 1;

	if ((catalog = report_catalog(cli)) == NULL)
		return 1;
	/* Sealed already: say so before a year's replay. */
	if (report_seal_fetch(cli, p, &seal, &sdoc))
		goto out;
	if (sdoc) {
		rc = cli_fail("%s is sealed already (event %lld); a sealed "
		              "period is never sealed again or edited",
		              p->label,
		              (long long)json_integer_value(
		                  json_object_get(seal, "seq")));
		goto out;
	}
	if ((figures = seal_figures(cli, catalog, p, prev, 0, &hall)) == NULL)
		goto out;
	ratings = json_object();
	for (int k = 0; k < REPORT_BY_N; k++) {
		json_t *one;

		if (report_ratings_get(cli, p, (enum report_by)k,
		                       report_by_names[k], &one))
			goto out;
		json_object_set_new(ratings, report_by_names[k], one);
	}
	doc = json_pack("{s:s, s:s, s:s, s:I, s:O, s:O, s:o}", "period",
	                p->label, "from", p->from, "to", p->to, "upto",
	                (json_int_t)hall.upto, "figures", figures, "ratings",
	                ratings, "policy", seal_policy(&hall));
	text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL || seal_send(cli, p, hall.upto, text, &res))
		goto out;
	if (cli->json) {
		json_dumpf(res, stdout, JSON_COMPACT);
		fputc('\n', stdout);
	} else {
		seal_time(json_integer_value(json_object_get(res, "sealed_at")),
		          when, sizeof when);
		printf(
		    "%s 已封存 (sealed) %s: %s 至 %s, trace to event "
		    "%lld, seal event %lld, hash %s\n",
		    p->label, when, p->from, p->to,
		    (long long)json_integer_value(json_object_get(res, "upto")),
		    (long long)json_integer_value(json_object_get(res, "seq")),
		    json_string_value(json_object_get(res, "hash")));
	}
	rc = 0;
out:
	free(text);
	json_decref(res);
	json_decref(doc);
	json_decref(ratings);
	json_decref(figures);
	json_decref(sdoc);
	json_decref(seal);
	json_decref(catalog);
	return rc;
}

/*
 * The seal of a period and its figures (the parts, joined and parsed);
 * *doc NULL if the period is not sealed. With text, the joined parts are
 * handed back too (the caller frees), for their hash.
 */
static int seal_fetch_text(struct cli *cli, const struct report_period *p,
                           json_t **seal, json_t **doc, char **text)
{
	struct qerr err = {0};
	char *all = NULL;
	size_t total = 0;
	int parts = 1;

	*seal = NULL;
	*doc = NULL;
	if (text)
		*text = NULL;
	for (int i = 0; i < parts; i++) {
		json_t *res, *part;

		if (client_call(
		        cli->client, "sealed",
		        json_pack("{s:s, s:i}", "period", p->label, "index", i),
		        &res, &err)) {
			free(all);
			return cli_fail("%s: %s", err.code, err.message);
		}
		if (!json_is_true(json_object_get(res, "sealed"))) {
			json_decref(res);
			return 0;
		}
		parts = (int)json_integer_value(json_object_get(res, "parts"));
		part = json_object_get(res, "part");
		all = xrealloc(all, total + json_string_length(part) + 1);
		memcpy(all + total, json_string_value(part),
		       json_string_length(part));
		total += json_string_length(part);
		all[total] = '\0';
		if (i == 0)
			*seal = res;
		else
			json_decref(res);
	}
	if (strcmp(json_string_value(json_object_get(*seal, "from")),
	           p->from) ||
	    strcmp(json_string_value(json_object_get(*seal, "to")), p->to)) {
		free(all);
		return cli_fail(
		    "the seal of %s is of %s to %s, not %s to %s", p->label,
		    json_string_value(json_object_get(*seal, "from")),
		    json_string_value(json_object_get(*seal, "to")), p->from,
		    p->to);
	}
	*doc = json_loadb(all, total, 0, NULL);
	if (*doc == NULL) {
		free(all);
		return cli_fail("the sealed figures of %s are not JSON: the "
		                "store was edited (qhall report verify %s)",
		                p->label, p->label);
	}
	if (text)
		*text = all;
	else
		free(all);
	return 0;
}

int report_seal_fetch(struct cli *cli, const struct report_period *p,
                      json_t **seal, json_t **doc)
{
	int rc = seal_fetch_text(cli, p, seal, doc, NULL);

	if (rc) {
		json_decref(*seal);
		*seal = NULL;
	}
	return rc;
}

/* Events of the period's time written after seq upto (a clock set back),
 * and the period's last seq now. */
static int seal_late_events(struct cli *cli, const struct report_period *p,
                            int64_t upto, int64_t *late)
{
	struct qerr err = {0};
	json_int_t after = upto, end = -1;

	*late = 0;
	for (;;) {
		json_t *params = json_pack("{s:s, s:s}", "from", p->from, "to",
		                           p->to),
		       *res;

		if (end >= 0) {
			json_object_set_new(params, "after",
			                    json_integer(after));
			json_object_set_new(params, "upto", json_integer(end));
		}
		if (client_call(cli->client, "trace_page", params, &res, &err))
			return cli_fail("%s: %s", err.code, err.message);
		if (end < 0) {
			/* The first page only finds the range now. */
			end = json_integer_value(json_object_get(res, "upto"));
			json_decref(res);
			if (end <= upto)
				return 0;
			continue;
		}
		*late +=
		    (int64_t)json_array_size(json_object_get(res, "events"));
		after = json_integer_value(json_object_get(res, "last"));
		if (!json_is_true(json_object_get(res, "more"))) {
			json_decref(res);
			return 0;
		}
		json_decref(res);
	}
}

static const char *seal_key_zh(const char *key)
{
	for (size_t i = 0; i < sizeof seal_keys / sizeof seal_keys[0]; i++)
		if (strcmp(seal_keys[i].key, key) == 0)
			return seal_keys[i].zh;
	return key;
}

static void seal_value(json_t *v, char *out, size_t size)
{
	if (json_is_integer(v))
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, size, "%.1f%%", json_real_value(v) * 100);
	else if (json_is_null(v) || v == NULL)
		snprintf(out, size, "-");
	else {
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		snprintf(out, size, "%s", t ? t : "?");
		free(t);
	}
}

/* The report as sealed, with "sealed", "after_seal" and "seal_note". */
json_t *report_sealed_view(struct cli *cli, const struct report_args *a,
                           json_t *seal, json_t *doc)
{
	json_t *report = json_deep_copy(
	    json_object_get(json_object_get(doc, "figures"), a->by_name));
	json_t *sealed_r =
	    json_object_get(json_object_get(doc, "ratings"), a->by_name);
	json_t *now_r, *changes = json_array(), *stotal, *ntotal, *v;
	int64_t upto = json_integer_value(json_object_get(seal, "upto"));
	int64_t late;
	char note[2048], when[32], sv[64], nv[64];
	const char *key;
	size_t at;
	int shown = 0;

	if (report == NULL || sealed_r == NULL) {
		json_decref(report);
		json_decref(changes);
		cli_fail("the sealed figures of %s lack the %s grouping",
		         a->period.label, a->by_name);
		return NULL;
	}
	report_ratings_merge(a->by, json_object_get(report, "rows"),
	                     json_object_get(report, "total"), sealed_r);
	/* Times are the hall's, as the seal had them. */
	setenv("TZ",
	       json_string_value(
	           json_object_get(json_object_get(doc, "policy"), "timezone"))
	           ?: "Asia/Shanghai",
	       1);
	/* What the hall's ratings say now, against what was sealed. */
	if (report_ratings_get(cli, &a->period, a->by, a->by_name, &now_r) ||
	    seal_late_events(cli, &a->period, upto, &late)) {
		json_decref(report);
		json_decref(changes);
		return NULL;
	}
	stotal = json_object_get(sealed_r, "total");
	ntotal = json_object_get(now_r, "total");
	json_object_foreach(ntotal, key, v)
	{
		if (!json_equal(v, json_object_get(stotal, key)))
			json_array_append_new(
			    changes,
			    json_pack("{s:s, s:O?, s:O}", "key", key, "sealed",
			              json_object_get(stotal, key), "now", v));
	}
	json_decref(now_r);
	seal_time(json_integer_value(json_object_get(seal, "sealed_at")), when,
	          sizeof when);
	at = (size_t)snprintf(
	    note, sizeof note, "已封存于 %s（痕迹第 %lld 条，摘要 %.16s）",
	    when, (long long)json_integer_value(json_object_get(seal, "seq")),
	    json_string_value(json_object_get(seal, "hash")));
	if (json_array_size(changes) == 0 && late == 0)
		at += (size_t)snprintf(note + at, sizeof note - at,
		                       "；封存后无新记录");
	else
		at += (size_t)snprintf(note + at, sizeof note - at,
		                       "；封存后记录（不计入本表）：");
	for (size_t i = 0; i < json_array_size(changes) && at < sizeof note;
	     i++) {
		json_t *c = json_array_get(changes, i);

		/* The levels' change shows in 评价人次 and 好评. */
		if (json_is_object(json_object_get(c, "now")))
			continue;
		seal_value(json_object_get(c, "sealed"), sv, sizeof sv);
		seal_value(json_object_get(c, "now"), nv, sizeof nv);
		at += (size_t)snprintf(
		    note + at, sizeof note - at, "%s%s %s→%s",
		    shown++ ? "，" : "",
		    seal_key_zh(json_string_value(json_object_get(c, "key"))),
		    sv, nv);
	}
	if (late > 0 && at < sizeof note)
		snprintf(note + at, sizeof note - at,
		         "%s本期时间内的事件 %lld 条", shown ? "，" : "",
		         (long long)late);
	json_object_set_new(
	    report, "sealed",
	    json_pack("{s:I, s:I, s:I, s:s}", "sealed_at",
	              json_integer_value(json_object_get(seal, "sealed_at")),
	              "seq", json_integer_value(json_object_get(seal, "seq")),
	              "upto", (json_int_t)upto, "hash",
	              json_string_value(json_object_get(seal, "hash"))));
	json_object_set_new(report, "after_seal",
	                    json_pack("{s:o, s:I}", "ratings", changes,
	                              "events", (json_int_t)late));
	json_object_set_new(report, "seal_note", json_string(note));
	return report;
}

/* An element's name in a path: its subject, day or hour if it has one. */
static void seal_elem_name(json_t *e, size_t i, char *out, size_t size)
{
	json_t *v;

	if ((v = json_object_get(e, "subject")) && json_is_string(v))
		snprintf(out, size, "[%s]", json_string_value(v));
	else if ((v = json_object_get(e, "day")) && json_is_string(v))
		snprintf(out, size, "[%s]", json_string_value(v));
	else if ((v = json_object_get(e, "hour")) && json_is_integer(v))
		snprintf(out, size, "[%lld时]",
		         (long long)json_integer_value(v));
	else
		snprintf(out, size, "[%zu]", i);
}

/* The path to the first difference between a and b, and the values. */
static int seal_first_diff(json_t *a, json_t *b, char *path, size_t size,
                           char *out, size_t osize)
{
	size_t len = strlen(path);

	if (json_equal(a, b))
		return 0;
	if (json_is_object(a) && json_is_object(b)) {
		const char *key;
		json_t *v;

		json_object_foreach(a, key, v)
		{
			snprintf(path + len, size - len, ".%s", key);
			if (seal_first_diff(v, json_object_get(b, key), path,
			                    size, out, osize))
				return 1;
		}
		json_object_foreach(b, key, v)
		{
			snprintf(path + len, size - len, ".%s", key);
			if (!json_object_get(a, key))
				return seal_first_diff(NULL, v, path, size, out,
				                       osize);
		}
	} else if (json_is_array(a) && json_is_array(b) &&
	           json_array_size(a) == json_array_size(b)) {
		for (size_t i = 0; i < json_array_size(a); i++) {
			seal_elem_name(json_array_get(a, i), i, path + len,
			               size - len);
			if (seal_first_diff(json_array_get(a, i),
			                    json_array_get(b, i), path, size,
			                    out, osize))
				return 1;
		}
	}
	path[len] = '\0';
	{
		char x[64], y[64];

		seal_value(a, x, sizeof x);
		seal_value(b, y, sizeof y);
		if (json_is_array(a) && json_is_array(b))
			snprintf(x, sizeof x, "%zu entries",
			         json_array_size(a)),
			    snprintf(y, sizeof y, "%zu entries",
			             json_array_size(b));
		snprintf(out, osize, "%s: sealed %s, recomputed %s", path, x,
		         y);
	}
	return 1;
}

/* The first difference between two reports, as words; "" if none. */
static void seal_diff(json_t *sealed, json_t *now, const char *by, char *out,
                      size_t size)
{
	char path[256];

	out[0] = '\0';
	snprintf(path, sizeof path, "by %s: ", by);
	/* The path starts after "by X: ", so drop the dot of its first key. */
	if (seal_first_diff(sealed, now, path, sizeof path, out, size)) {
		char *dot = strstr(out, ": .");

		if (dot)
			memmove(dot + 2, dot + 3, strlen(dot + 3) + 1);
	}
}

static int verify_do(struct cli *cli, const struct report_period *p,
                     const struct report_period *prev)
{
	struct qerr err = {0};
	struct report_hall hall;
	json_t *seal = NULL, *doc = NULL, *catalog = NULL, *event = NULL,
	       *chain = NULL, *figures = NULL, *problems = json_array(), *out;
	unsigned char hash[32];
	char *text = NULL, hex[65], diff[512];
	int64_t upto;
	int rc = 1, matches;

	if (seal_fetch_text(cli, p, &seal, &doc, &text))
		goto done;
	if (doc == NULL) {
		rc = cli_fail("%s is not sealed (qhall report seal %s)",
		              p->label, p->label);
		goto done;
	}
	upto = json_integer_value(json_object_get(seal, "upto"));
	/* 1. The stored figures are those the seal event hashed. */
	crypto_generichash(hash, sizeof hash, (const unsigned char *)text,
	                   strlen(text), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	event = json_loads(
	    json_string_value(json_object_get(seal, "event")) ?: "", 0, NULL);
	if (strcmp(hex, json_string_value(json_object_get(seal, "hash"))) ||
	    event == NULL ||
	    strcmp(hex,
	           json_string_value(json_object_get(event, "figures_hash"))
	               ?: ""))
		json_array_append_new(
		    problems,
		    json_sprintf("the stored figures do not hash to what the "
		                 "seal event %lld says: they were edited",
		                 (long long)json_integer_value(
		                     json_object_get(seal, "seq"))));
	/* 2. The trace chains, end to end and to its anchor. */
	if (client_call(cli->client, "verify", NULL, &chain, &err)) {
		rc = cli_fail("%s: %s", err.code, err.message);
		goto done;
	}
	if (!json_is_true(json_object_get(chain, "ok")))
		json_array_append_new(
		    problems, json_sprintf("the trace does not verify: %s",
		                           json_string_value(json_object_get(
		                               chain, "problem"))
		                               ?: "?"));
	/* 3. The figures again, from the trace as the seal read it. */
	if ((catalog = report_catalog(cli)) == NULL ||
	    (figures = seal_figures(cli, catalog, p, prev, upto, &hall)) ==
	        NULL)
		goto done;
	{
		json_t *policy = seal_policy(&hall);

		if (!json_equal(policy, json_object_get(doc, "policy")))
			json_array_append_new(
			    problems,
			    json_string("the hall's time zone, opening hours "
			                "or wait threshold changed since the "
			                "seal: the figures are recomputed with "
			                "today's"));
		json_decref(policy);
	}
	for (int k = 0; k < REPORT_BY_N; k++) {
		seal_diff(json_object_get(json_object_get(doc, "figures"),
		                          report_by_names[k]),
		          json_object_get(figures, report_by_names[k]),
		          report_by_names[k], diff, sizeof diff);
		if (diff[0])
			json_array_append_new(problems, json_string(diff));
	}
	matches = json_array_size(problems) == 0;
	out = json_pack(
	    "{s:s, s:b, s:I, s:I, s:s, s:O}", "period", p->label, "matches",
	    matches, "seq", json_integer_value(json_object_get(seal, "seq")),
	    "upto", (json_int_t)upto, "hash", hex, "problems", problems);
	if (cli->json) {
		json_dumpf(out, stdout, JSON_COMPACT);
		fputc('\n', stdout);
	} else if (matches) {
		printf(
		    "%s: matches its seal (seal event %lld, trace to event "
		    "%lld, hash %s)\n",
		    p->label,
		    (long long)json_integer_value(json_object_get(seal, "seq")),
		    (long long)upto, hex);
	} else {
		size_t i;
		json_t *pr;

		printf("%s: DOES NOT MATCH its seal (seal event %lld)\n",
		       p->label,
		       (long long)json_integer_value(
		           json_object_get(seal, "seq")));
		json_array_foreach(problems, i, pr)
		    printf("  %s\n", json_string_value(pr));
	}
	json_decref(out);
	rc = matches ? 0 : 1;
done:
	free(text);
	json_decref(figures);
	json_decref(catalog);
	json_decref(chain);
	json_decref(event);
	json_decref(problems);
	json_decref(doc);
	json_decref(seal);
	return rc;
}

int report_seal_main(struct cli *cli, int argc, char **argv)
{
	struct client_hello hello = {.token = cli->token};
	struct report_period p, prev;
	struct qerr err = {0};

	if (argc != 2) {
		fprintf(stderr, "usage: qhall report %s PERIOD\n", argv[0]);
		return 2;
	}
	if (report_period_parse(argv[1], &p)) {
		cli_fail("\"%s\" is not a period (2026-11-27, 2026-11, "
		         "2026-Q4 or 2026)",
		         argv[1]);
		return 2;
	}
	report_period_previous(&p, &prev);
	cli->client = client_open(&cli->addr, &hello, &err);
	if (cli->client == NULL)
		return cli_fail("%s", err.message);
	return strcmp(argv[0], "seal") == 0 ? seal_do(cli, &p, &prev)
	                                    : verify_do(cli, &p, &prev);
}
