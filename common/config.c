#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <time.h>

#include "proto.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->timezone, sizeof c->timezone, "Asia/Shanghai");
	c->rejoin_places = 3;
	c->pin_min_length = 4;
	c->max_clients = 1024;
	c->max_output_kib = 1024;
	c->max_batch = 256;
	c->turn_requests = 16;
	c->turn_reply_kib = 32;
	c->read_pause_kib = 256;
	c->max_output_total_mib = 64;
	c->log_level = LOG_INFO;
	/* A kiosk prints a ticket in seconds and a citizen walks up in
	 * more; a window calls, recalls and skips a handful a minute. */
	c->kiosk_takes_per_minute = 20;
	c->window_calls_per_minute = 10;
	snprintf(c->rating_reasons, sizeof c->rating_reasons, "%s",
	         CONFIG_RATING_REASONS);
	c->rating_days = 7;
	c->rating_evaluator_s = 60;
	c->review_reply_days = 1;
	c->review_fix_days = 5;
	c->phone_keep_days = 30;
	c->id_keep_days = 30;
	c->appt_early_min = 15;
	c->appt_late_min = 15;
	c->appt_wrong_codes = 5;
	c->report_wait_min = 30;
	c->report_open_min = 9 * 60;
	c->report_close_min = 17 * 60;
	c->alert_wait_min = 30;
	c->alert_queue_length = 30;
	c->alert_service_min = 30;
	c->alert_idle_min = 5;
	c->alert_pause_min = 30;
	c->alert_check_s = 10;
}

/* A whole number in [lo, hi] for key name, or a message saying so. */
int config_parse_int(const char *name, const char *value, int lo, int hi,
                     int *out, struct qerr *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end != '\0' || v < lo || v > hi)
		return qerr_set(err, PROTO_E_CONFIG,
		                "%s must be a whole number from %d to %d, not "
		                "\"%s\"",
		                name, lo, hi, value);
	*out = (int)v;
	return 0;
}

int config_parse_str(const char *name, const char *value, char *out,
                     size_t size, struct qerr *err)
{
	if (strlen(value) >= size)
		return qerr_set(err, PROTO_E_CONFIG, "%s is too long", name);
	memcpy(out, value, strlen(value) + 1);
	return 0;
}

/* yes/no, true/false, on/off, 1/0. */
int config_parse_bool(const char *name, const char *value, int *out,
                      struct qerr *err)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (int i = 0; i < 4; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return qerr_set(err, PROTO_E_CONFIG, "%s must be yes or no, not \"%s\"",
	                name, value);
}

/* log_level: how much the daemon says. */
static int config_log_level(void *into, const char *value, struct qerr *err)
{
	struct config *c = into;

	if (log_parse_level(value, &c->log_level))
		return qerr_set(err, PROTO_E_CONFIG,
		                "log_level must be error, warn, info or debug, "
		                "not \"%s\"",
		                value);
	return 0;
}

/* route_place = front | taken: where a ticket on a route enters its next
 * step's queues (ahead of those not yet served, or by its time taken). */
static int config_route_place(void *into, const char *value, struct qerr *err)
{
	struct config *c = into;

	if (strcmp(value, "front") == 0)
		c->route_place_taken = 0;
	else if (strcmp(value, "taken") == 0)
		c->route_place_taken = 1;
	else
		return qerr_set(
		    err, PROTO_E_CONFIG,
		    "route_place must be front or taken, not \"%s\"", value);
	return 0;
}

/* hours = 09:00-17:00: the hall's opening hours, for 在岗率. */
static int config_report_hours(void *into, const char *value, struct qerr *err)
{
	struct config *c = into;
	int oh, om, ch, cm;
	char tail;

	if (sscanf(value, "%2d:%2d-%2d:%2d%c", &oh, &om, &ch, &cm, &tail) !=
	        4 ||
	    oh < 0 || oh > 23 || om < 0 || om > 59 || ch < 0 || ch > 24 ||
	    cm < 0 || cm > 59 || ch * 60 + cm > 24 * 60 ||
	    ch * 60 + cm <= oh * 60 + om)
		return qerr_set(err, PROTO_E_CONFIG,
		                "hours must look like 09:00-17:00 (opening "
		                "before closing), not \"%s\"",
		                value);
	c->report_open_min = oh * 60 + om;
	c->report_close_min = ch * 60 + cm;
	return 0;
}

/* Every key of qhall.conf. */
static const struct config_key config_keys[] = {
    CONFIG_KEY_STR(struct config, "hall", "timezone", timezone),
    CONFIG_KEY_STR(struct config, "hall", "catalog", catalog),
    CONFIG_KEY_INT(struct config, "hall", "rejoin_places", rejoin_places, 0,
                   100),
    CONFIG_KEY_INT(struct config, "hall", "pin_min_length", pin_min_length, 4,
                   12),
    CONFIG_KEY_FUNC("hall", "route_place", config_route_place),
    CONFIG_KEY_STR(struct config, "hall", "workdays", workdays),
    CONFIG_KEY_INT(struct config, "hall", "id_keep_days", id_keep_days, 1,
                   3650),
    CONFIG_KEY_STR(struct config, "daemon", "listen", listen),
    CONFIG_KEY_STR(struct config, "daemon", "store", store),
    CONFIG_KEY_INT(struct config, "daemon", "max_clients", max_clients, 1,
                   100000),
    CONFIG_KEY_INT(struct config, "daemon", "max_output_kib", max_output_kib,
                   64, 1048576),
    CONFIG_KEY_INT(struct config, "daemon", "max_batch", max_batch, 1, 100000),
    CONFIG_KEY_INT(struct config, "daemon", "turn_requests", turn_requests, 1,
                   100000),
    CONFIG_KEY_INT(struct config, "daemon", "turn_reply_kib", turn_reply_kib, 1,
                   1048576),
    CONFIG_KEY_INT(struct config, "daemon", "read_pause_kib", read_pause_kib, 1,
                   1048576),
    CONFIG_KEY_INT(struct config, "daemon", "max_output_total_mib",
                   max_output_total_mib, 1, 1048576),
    CONFIG_KEY_FUNC("daemon", "log_level", config_log_level),
    CONFIG_KEY_INT(struct config, "limits", "kiosk_takes_per_minute",
                   kiosk_takes_per_minute, 0, 100000),
    CONFIG_KEY_INT(struct config, "limits", "window_calls_per_minute",
                   window_calls_per_minute, 0, 100000),
    CONFIG_KEY_STR(struct config, "ratings", "reasons", rating_reasons),
    CONFIG_KEY_INT(struct config, "ratings", "rate_days", rating_days, 0, 365),
    CONFIG_KEY_INT(struct config, "ratings", "evaluator_s", rating_evaluator_s,
                   5, 3600),
    CONFIG_KEY_STR(struct config, "ratings", "holidays", holidays),
    CONFIG_KEY_INT(struct config, "ratings", "reply_days", review_reply_days, 0,
                   60),
    CONFIG_KEY_INT(struct config, "ratings", "fix_days", review_fix_days, 0,
                   60),
    CONFIG_KEY_INT(struct config, "ratings", "phone_keep_days", phone_keep_days,
                   0, 3650),
    CONFIG_KEY_INT(struct config, "appointments", "early_min", appt_early_min,
                   0, 240),
    CONFIG_KEY_INT(struct config, "appointments", "late_min", appt_late_min, 0,
                   240),
    CONFIG_KEY_INT(struct config, "appointments", "wrong_codes_per_minute",
                   appt_wrong_codes, 1, 1000),
    CONFIG_KEY_STR(struct config, "http", "listen", http_listen),
    CONFIG_KEY_STR(struct config, "http", "public_url", http_public_url),
    CONFIG_KEY_BOOL(struct config, "http", "display_public",
                    http_display_public),
    CONFIG_KEY_BOOL(struct config, "http", "secure_cookie", http_secure_cookie),
    CONFIG_KEY_INT(struct config, "reports", "wait_threshold_min",
                   report_wait_min, 1, 24 * 60),
    CONFIG_KEY_FUNC("reports", "hours", config_report_hours),
    CONFIG_KEY_INT(struct config, "alerts", "wait_min", alert_wait_min, 0,
                   24 * 60),
    CONFIG_KEY_INT(struct config, "alerts", "queue_length", alert_queue_length,
                   0, 100000),
    CONFIG_KEY_INT(struct config, "alerts", "service_min", alert_service_min, 0,
                   24 * 60),
    CONFIG_KEY_INT(struct config, "alerts", "idle_min", alert_idle_min, 0,
                   24 * 60),
    CONFIG_KEY_INT(struct config, "alerts", "pause_min", alert_pause_min, 0,
                   24 * 60),
    CONFIG_KEY_INT(struct config, "alerts", "check_s", alert_check_s, 1, 3600),
    CONFIG_KEY_END,
};

struct config_parse {
	const struct config_key *keys;
	void *into;
	struct qerr *err;
	int failed; /* err holds the handler's message */
};

/* One value into its field, as its row says. */
static int config_set(const struct config_key *k, void *into, const char *value,
                      struct qerr *err)
{
	void *field = (char *)into + k->offset;

	if ((k->type == CONFIG_INT || k->type == CONFIG_BOOL) &&
	    k->size != sizeof(int))
		fatal("config key %s is not an int", k->name);
	switch (k->type) {
	case CONFIG_STR:
		return config_parse_str(k->name, value, field, k->size, err);
	case CONFIG_INT:
		return config_parse_int(k->name, value, k->min, k->max, field,
		                        err);
	case CONFIG_BOOL:
		return config_parse_bool(k->name, value, field, err);
	case CONFIG_FUNC:
		return k->parse(into, value, err);
	}
	fatal("config key %s has no type", k->name);
}

/* inih calls this per key; returning 0 stops it with our message kept. */
static int config_handler(void *user, const char *section, const char *name,
                          const char *value)
{
	struct config_parse *p = user;
	const struct config_key *k;
	int section_known = 0;

	/* inih goes on after an error and reports the first line: keep the
	 * first line's message with it. */
	if (p->failed)
		return 0;
	for (k = p->keys; k->name; k++) {
		if (strcmp(k->section, section) != 0)
			continue;
		section_known = 1;
		if (strcmp(k->name, name) == 0)
			break;
	}
	if (k->name != NULL && config_set(k, p->into, value, p->err) == 0)
		return 1;
	if (k->name == NULL && section_known)
		qerr_set(p->err, PROTO_E_CONFIG, "unknown key \"%s\" in [%s]",
		         name, section);
	else if (k->name == NULL)
		qerr_set(p->err, PROTO_E_CONFIG, "unknown section [%s]",
		         section);
	p->failed = 1;
	return 0;
}

/*
 * Read path into the struct at into, over what it holds, and say what went
 * wrong with the file and line: the handler's message when it left one,
 * otherwise the line is not INI at all.
 */
int config_parse_keys(const char *path, const struct config_key *keys,
                      void *into, struct qerr *err)
{
	struct config_parse p = {keys, into, err, 0};
	char msg[QERR_MESSAGE_MAX];
	int line = ini_parse(path, config_handler, &p);

	if (line == -1)
		return qerr_set(err, PROTO_E_CONFIG, "cannot open %s: %s", path,
		                strerror(errno));
	if (line == -2)
		return qerr_set(err, PROTO_E_CONFIG, "out of memory reading %s",
		                path);
	if (line > 0 && p.failed) {
		snprintf(msg, sizeof msg, "%s", err->message);
		return qerr_set(err, PROTO_E_CONFIG, "%s line %d: %s", path,
		                line, msg);
	}
	if (line > 0)
		return qerr_set(err, PROTO_E_CONFIG,
		                "%s line %d: not a [section] or key = value",
		                path, line);
	return 0;
}

/* Read PATH over the defaults already in c. A missing file is an error. */
int config_load(struct config *c, const char *path, struct qerr *err)
{
	return config_parse_keys(path, config_keys, c, err);
}

/*
 * A zone of the zone database: a regular file under /usr/share/zoneinfo
 * that is a compiled zone (it starts "TZif"). glibc takes any other name
 * ("Asia", ".", "zone.tab") as UTC without a word, which would turn the
 * business day eight hours off in a Chinese hall.
 */
int config_timezone_valid(const char *zone)
{
	char path[PATH_MAX], magic[4];
	struct stat st;
	int ok;
	FILE *f;

	if (strcmp(zone, "UTC") == 0)
		return 0;
	if (zone[0] == '\0' || zone[0] == '/' || zone[0] == '.' ||
	    strstr(zone, "..") || strstr(zone, "/.") ||
	    (size_t)snprintf(path, sizeof path, "/usr/share/zoneinfo/%s",
	                     zone) >= sizeof path ||
	    stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (f = fopen(path, "rb")) == NULL)
		return -1;
	ok = fread(magic, 1, sizeof magic, f) == sizeof magic &&
	     memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok ? 0 : -1;
}

/* Make localtime() the hall's clock; an unknown zone is refused. */
int config_apply_timezone(const struct config *c)
{
	if (config_timezone_valid(c->timezone))
		return -1;
	setenv("TZ", c->timezone, 1);
	tzset();
	return 0;
}
