/*
 * The rules of alerts, on plain data: the kinds, which figure is over its
 * threshold, and since when a window has been idle. An alert is raised
 * when its figure goes over the threshold (strictly more) and cleared when
 * it is back at or under it; between the two it is not raised again.
 * docs/REPORTS.md defines each figure for readers of the trace.
 */
#include <string.h>

#include "hall.h"

/* Stored and sent by these names: a contract with the console, callers
 * and scripts. Never rename one. */
static const char *const alert_kinds[ALERT_KIND_COUNT] = {
    [ALERT_QUEUE_WAIT] = "queue_wait",
    [ALERT_QUEUE_LENGTH] = "queue_length",
    [ALERT_SERVICE_LONG] = "service_long",
    [ALERT_WINDOW_IDLE] = "window_idle",
    [ALERT_WINDOW_PAUSED] = "window_paused",
    [ALERT_HELP] = "help",
    [ALERT_PRINTER_PAPER] = "printer_paper",
};

const char *hall_rule_alert_kind_name(enum alert_kind k)
{
	return k >= 0 && k < ALERT_KIND_COUNT ? alert_kinds[k] : "";
}

int hall_rule_alert_kind(const char *name)
{
	for (int k = 0; k < ALERT_KIND_COUNT; k++)
		if (strcmp(alert_kinds[k], name) == 0)
			return k;
	return -1;
}

/* The daemon looks for these itself; a help call and a printer out of
 * paper are raised by a kiosk. */
int hall_rule_alert_polled(enum alert_kind k)
{
	return k != ALERT_HELP && k != ALERT_PRINTER_PAPER;
}

/* A print failure's reason that means the paper ran out (the kiosk's
 * word for media-empty and media-needed, kiosk/print.c). */
int hall_rule_alert_out_of_paper(const char *reason)
{
	return reason != NULL && strcmp(reason, "media-empty") == 0;
}

/* The threshold of a kind under the policy; 0 when the kind is off. */
int64_t hall_rule_alert_threshold(const struct alert_policy *p,
                                  enum alert_kind k)
{
	switch (k) {
	case ALERT_QUEUE_WAIT:
		return p->wait_s;
	case ALERT_QUEUE_LENGTH:
		return p->length;
	case ALERT_SERVICE_LONG:
		return p->service_s;
	case ALERT_WINDOW_IDLE:
		return p->idle_s;
	case ALERT_WINDOW_PAUSED:
		return p->pause_s;
	case ALERT_HELP:
	case ALERT_PRINTER_PAPER:
	case ALERT_KIND_COUNT:
		break;
	}
	return 0;
}

/* Is figure over the kind's threshold? Never when the kind is off. */
int hall_rule_alert_over(const struct alert_policy *p, enum alert_kind k,
                         int64_t figure)
{
	int64_t threshold = hall_rule_alert_threshold(p, k);

	return threshold > 0 && figure > threshold;
}

/*
 * Events that start a window's present state anew: its idle or paused
 * time counts from the last of them. Ratings and alerts about a window
 * change nothing at its counter.
 */
int hall_rule_alert_window_event(const char *type)
{
	static const char *const types[] = {
	    "called",      "recalled",  "no_show", "serving", "finished",
	    "transferred", "paused",    "resumed", "login",   "logout",
	    "window_set",  "cancelled", NULL};

	for (int i = 0; types[i]; i++)
		if (strcmp(types[i], type) == 0)
			return 1;
	return 0;
}

/*
 * A window idle while citizens wait has been so since the later of its
 * own last change and the taking of the oldest ticket waiting in its
 * queues: before that either it was busy or nobody waited.
 */
int64_t hall_rule_alert_idle_since(int64_t window_since, int64_t oldest_taken)
{
	return window_since > oldest_taken ? window_since : oldest_taken;
}

/* Whole seconds from since to now, never below 0. */
int64_t hall_rule_alert_seconds(int64_t since, int64_t now)
{
	return now > since ? (now - since) / 1000 : 0;
}
