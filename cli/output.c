/* The human form of results and events, for operators at a terminal. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/*
 * A string from the daemon as a terminal may show it: control bytes (ESC,
 * CR, C1 controls) and the invisible direction marks and overrides that
 * reorder what follows (U+200E/F, U+202A-E, U+2066-9) become \xNN or
 * <U+NNNN>, so a notice or a device name cannot rewrite the operator's
 * screen or disguise itself. JSON output (--json) stays exact.
 */
static const char *safe(const char *s)
{
	/* A few at once: one printf may show several strings. */
	static char ring[8][1024];
	static unsigned next;
	char *out = ring[next++ % 8];
	size_t at = 0, room = sizeof ring[0] - 12;
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p && at < room) {
		unsigned cp = 0;
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    ((p[2] >= 0x8e && p[2] <= 0x8f) ||
		     (p[2] >= 0xaa && p[2] <= 0xae)))
			cp = 0x2000 + (unsigned)(p[2] - 0x80);
		else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 &&
		         p[2] <= 0xa9)
			cp = 0x2040 + (unsigned)(p[2] - 0x80);
		if (cp) {
			at += (size_t)snprintf(out + at, 12, "<U+%04X>", cp);
			p += 3;
		} else if (*p < 0x20 || *p == 0x7f ||
		           (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			unsigned b = *p == 0xc2 ? p[1] : *p;
			at += (size_t)snprintf(out + at, 12, "\\x%02x", b);
			p += *p == 0xc2 ? 2 : 1;
		} else {
			out[at++] = (char)*p++;
		}
	}
	out[at] = '\0';
	return out;
}

const char *output_safe(const char *s)
{
	return safe(s);
}

static const char *str(json_t *o, const char *key)
{
	return safe(json_string_value(json_object_get(o, key)));
}

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void output_one_ticket(json_t *t)
{
	json_t *w = json_object_get(t, "window");

	printf("%s  queue %s  %s", str(t, "number"), str(t, "queue"),
	       str(t, "state"));
	if (json_is_integer(w))
		printf("  window %lld", (long long)json_integer_value(w));
	if (json_is_true(json_object_get(t, "priority")))
		printf("  priority");
	if (json_object_get(t, "ahead"))
		printf("  %lld ahead", num(t, "ahead"));
	if (json_is_integer(json_object_get(t, "est_wait_s")))
		printf("  about %lld min", (num(t, "est_wait_s") + 59) / 60);
	if (json_is_false(json_object_get(t, "printed")))
		printf("  (not printed)");
	if (json_is_integer(json_object_get(t, "route_steps")))
		printf("  route step %lld of %lld", num(t, "route_step"),
		       num(t, "route_steps"));
	putchar('\n');
}

void output_ticket_result(json_t *r)
{
	output_one_ticket(json_object_get(r, "ticket"));
}

void output_window_result(json_t *r)
{
	json_t *t = json_object_get(r, "ticket");

	if (json_is_null(t) || t == NULL) {
		printf("window %lld: nobody waiting\n", num(r, "window"));
		return;
	}
	printf("window %lld: ", num(r, "window"));
	output_one_ticket(t);
}

void output_status(json_t *r)
{
	size_t i;
	json_t *q, *w;

	printf("%s\n\nqueue  waiting  open  wait   name\n", str(r, "day"));
	json_array_foreach(json_object_get(r, "queues"), i, q)
	{
		json_t *est = json_object_get(q, "est_wait_s");
		char wait[32] = "-";
		if (json_is_integer(est))
			snprintf(wait, sizeof wait, "%lldm",
			         ((long long)json_integer_value(est) + 59) /
			             60);
		printf("%-6s %7lld  %4lld  %-5s  %s", str(q, "queue"),
		       num(q, "waiting"), num(q, "windows_open"), wait,
		       str(q, "name_zh"));
		/* Not issuing: by an operator, or until its hours open. */
		if (json_is_false(json_object_get(q, "open")))
			printf("  (closed%s%s%s%s)",
			       json_is_string(json_object_get(q, "opens_day"))
			           ? "; opens "
			           : "",
			       str(q, "opens_day"),
			       json_is_string(json_object_get(q, "opens_day"))
			           ? " "
			           : "",
			       str(q, "opens_time"));
		putchar('\n');
	}
	printf("\nwindow  state   served  ticket  queues\n");
	json_array_foreach(json_object_get(r, "windows"), i, w)
	{
		json_t *t = json_object_get(w, "ticket"), *qs;
		size_t k;
		printf("%6lld  %-6s  %6lld  %-6s  ", num(w, "window"),
		       str(w, "state"), num(w, "served_today"),
		       json_is_object(t) ? str(t, "number") : "-");
		json_array_foreach(qs = json_object_get(w, "queues"), k, q)
		    printf("%s%s", k ? "," : "", safe(json_string_value(q)));
		putchar('\n');
	}
	if (str(r, "notice")[0])
		printf("\nnotice: %s\n", str(r, "notice"));
	/* An admin's alert: devices refused over their rate limit. */
	json_array_foreach(json_object_get(r, "rate_limited"), i, w)
	    printf("rate limited: %s, %lld requests refused\n",
	           str(w, "device"), num(w, "refused"));
}

void output_event(json_t *e)
{
	time_t at = (time_t)(num(e, "at") / 1000);
	json_t *t = json_object_get(e, "ticket");
	struct tm tm;
	char when[16];

	localtime_r(&at, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	printf("%s  #%lld %-12s", when, num(e, "seq"), str(e, "event"));
	if (json_is_object(t))
		printf(" %s", str(t, "number"));
	if (json_object_get(e, "window"))
		printf(" window %lld", num(e, "window"));
	if (str(e, "text")[0])
		printf(" \"%s\"", str(e, "text"));
	printf("  (%s)\n", str(e, "actor"));
}

void output_device(json_t *r)
{
	printf("device %s (%s)\ntoken %s\n"
	       "Keep the token: it is shown only now.\n",
	       str(r, "name"), str(r, "role"), str(r, "token"));
}

void output_plain(json_t *r)
{
	json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

/* Whole, or what is wrong: a line an operator reads at a glance. */
void output_verify(json_t *r)
{
	const char *problem = json_string_value(json_object_get(r, "problem"));

	if (json_is_true(json_object_get(r, "ok")))
		printf(
		    "ok: %lld events, the last %lld anchored (hall %s)\n",
		    (long long)json_integer_value(json_object_get(r, "events")),
		    (long long)json_integer_value(
		        json_object_get(r, "anchored")),
		    json_string_value(json_object_get(r, "hall")));
	else
		printf("NOT OK: %s\n", problem ? problem : "see --json");
}

/* Where the server wrote the backup, and how large it is. */
void output_backup(json_t *r)
{
	printf("backup written to %s (%lld bytes)\n",
	       json_string_value(json_object_get(r, "file")),
	       (long long)json_integer_value(json_object_get(r, "bytes")));
}
