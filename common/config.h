/*
 * The hall's configuration: an INI file (DATA/qhall.conf by default), read
 * with inih. Every key has a default, so a hall runs with no file at all.
 */
#ifndef QHALL_CONFIG_H
#define QHALL_CONFIG_H

#include <ini.h>
#include <stddef.h>

#include "log.h"
#include "qerr.h"

#define CONFIG_PATH_MAX 1024

struct config {
	/* [hall] */
	char timezone[64];             /* business day; Asia/Shanghai */
	char catalog[CONFIG_PATH_MAX]; /* "" = DATA/catalog.json, else demo */
	int rejoin_places;             /* a late citizen rejoins N back */
	/* [daemon] */
	char listen[256];   /* "tcp:HOST:PORT" or "" */
	int max_clients;    /* connections beyond are refused */
	int max_output_kib; /* unread replies+events per client */
	int max_batch;      /* requests that share one commit */
	enum log_level log_level;
};

void config_defaults(struct config *);
int config_load(struct config *, const char *path, struct qerr *);
int config_apply_timezone(const struct config *);

/* INI files of ours (qhall.conf, kiosk.conf): the file, and its values. */
int config_parse_file(const char *path, ini_handler, void *user,
                      const int *failed, struct qerr *);
int config_parse_int(const char *name, const char *value, int lo, int hi,
                     int *out, struct qerr *);
int config_parse_str(const char *name, const char *value, char *out,
                     size_t size, struct qerr *);
int config_parse_bool(const char *name, const char *value, int *out,
                      struct qerr *);

#endif
