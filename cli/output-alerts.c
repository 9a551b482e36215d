/* The human form of alerts: one line each, what and since when. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static long long alert_num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static const char *alert_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? output_safe(s) : "";
}

/* The figure in the kind's unit: seconds as minutes and seconds. */
static void alert_figure(char *out, size_t size, const char *kind, long long v)
{
	if (strcmp(kind, "queue_length") == 0)
		snprintf(out, size, "%lld waiting", v);
	else if (strcmp(kind, "help") == 0 ||
	         strcmp(kind, "printer_paper") == 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld:%02lld", v / 60, v % 60);
}

static void output_one_alert(json_t *a)
{
	time_t at = (time_t)(alert_num(a, "raised_at") / 1000);
	const char *kind = alert_str(a, "kind");
	char when[16], fig[32], lim[32];
	struct tm tm;

	localtime_r(&at, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	alert_figure(fig, sizeof fig, kind, alert_num(a, "figure"));
	alert_figure(lim, sizeof lim, kind, alert_num(a, "threshold"));
	printf("%-5lld %s  %-13s %-10s", alert_num(a, "id"), when, kind,
	       alert_str(a, "subject"));
	if (strcmp(kind, "help") == 0)
		printf(" screen %s", alert_str(a, "screen"));
	else if (strcmp(kind, "printer_paper") == 0)
		printf(" out of paper");
	else
		printf(" %s (over %s)", fig, lim);
	if (json_is_string(json_object_get(a, "acked_by")))
		printf("  acknowledged by %s", alert_str(a, "acked_by"));
	putchar('\n');
}

void output_alerts(json_t *result)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(result, "alerts"), i, a)
	    output_one_alert(a);
	if (json_array_size(json_object_get(result, "alerts")) == 0)
		printf("no alerts\n");
}

void output_alert(json_t *result)
{
	output_one_alert(json_object_get(result, "alert"));
}
