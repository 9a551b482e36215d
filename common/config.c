#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "proto.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->timezone, sizeof c->timezone, "Asia/Shanghai");
	c->rejoin_places = 3;
	c->max_clients = 1024;
	c->max_output_kib = 1024;
	c->max_batch = 256;
	c->log_level = LOG_INFO;
}

struct config_parse {
	struct config *config;
	struct qerr *err;
	int failed;
};

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

static int config_int(struct config_parse *p, const char *name,
                      const char *value, int lo, int hi, int *out)
{
	return config_parse_int(name, value, lo, hi, out, p->err);
}

static int config_str(struct config_parse *p, const char *name,
                      const char *value, char *out, size_t size)
{
	return config_parse_str(name, value, out, size, p->err);
}

/* inih calls this per key; returning 0 stops it with our message kept. */
static int config_handler(void *user, const char *section, const char *name,
                          const char *value)
{
	struct config_parse *p = user;
	struct config *c = p->config;
	int rc = -1;

	if (strcmp(section, "hall") == 0) {
		if (strcmp(name, "timezone") == 0)
			rc = config_str(p, name, value, c->timezone,
			                sizeof c->timezone);
		else if (strcmp(name, "catalog") == 0)
			rc = config_str(p, name, value, c->catalog,
			                sizeof c->catalog);
		else if (strcmp(name, "rejoin_places") == 0)
			rc = config_int(p, name, value, 0, 100,
			                &c->rejoin_places);
		else
			goto unknown;
	} else if (strcmp(section, "daemon") == 0) {
		if (strcmp(name, "listen") == 0)
			rc = config_str(p, name, value, c->listen,
			                sizeof c->listen);
		else if (strcmp(name, "max_clients") == 0)
			rc = config_int(p, name, value, 1, 100000,
			                &c->max_clients);
		else if (strcmp(name, "max_output_kib") == 0)
			rc = config_int(p, name, value, 64, 1048576,
			                &c->max_output_kib);
		else if (strcmp(name, "max_batch") == 0)
			rc = config_int(p, name, value, 1, 100000,
			                &c->max_batch);
		else if (strcmp(name, "log_level") == 0) {
			rc = log_parse_level(value, &c->log_level);
			if (rc)
				qerr_set(p->err, PROTO_E_CONFIG,
				         "log_level must be error, warn, info "
				         "or debug, not \"%s\"",
				         value);
		} else
			goto unknown;
	} else {
		qerr_set(p->err, PROTO_E_CONFIG, "unknown section [%s]",
		         section);
		goto fail;
	}
	if (rc == 0)
		return 1;
	goto fail;
unknown:
	qerr_set(p->err, PROTO_E_CONFIG, "unknown key \"%s\" in [%s]", name,
	         section);
fail:
	p->failed = 1;
	return 0;
}

/*
 * Run inih over path with handler, and say what went wrong with the file
 * and line. *failed is set by the handler when it left its own message in
 * err; otherwise the line is not INI at all.
 */
int config_parse_file(const char *path, ini_handler handler, void *user,
                      const int *failed, struct qerr *err)
{
	char msg[QERR_MESSAGE_MAX];
	int line = ini_parse(path, handler, user);

	if (line == -1)
		return qerr_set(err, PROTO_E_CONFIG, "cannot open %s: %s", path,
		                strerror(errno));
	if (line == -2)
		return qerr_set(err, PROTO_E_CONFIG, "out of memory reading %s",
		                path);
	if (line > 0 && *failed) {
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
	struct config_parse p = {c, err, 0};

	return config_parse_file(path, config_handler, &p, &p.failed, err);
}

/* Make localtime() the hall's clock; an unknown zone is refused. */
int config_apply_timezone(const struct config *c)
{
	char path[PATH_MAX];

	if (c->timezone[0] == '\0' || strstr(c->timezone, "..") ||
	    c->timezone[0] == '/')
		return -1;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", c->timezone);
	if (strcmp(c->timezone, "UTC") != 0) {
		FILE *f = fopen(path, "r");
		if (f == NULL)
			return -1;
		fclose(f);
	}
	setenv("TZ", c->timezone, 1);
	tzset();
	return 0;
}
