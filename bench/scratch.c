/*
 * The scratch folder: one fresh data folder per phase, each with the
 * bench's own catalog, all removed at the end.
 *
 * A fresh folder per phase because a queue issues at most 9999 numbers a
 * day (the number has four digits): ten queues give 99,990 takes, fewer
 * than a fast daemon can do in a few phases of a few seconds, so every
 * phase starts on day one of an empty hall.
 */
#include <errno.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "proto.h"
#include "ticket.h"

/*
 * The demo catalog with every cap at the most a queue can issue, and
 * windows 1..W that each serve every queue, their first choice rotating:
 * so any --windows works, and no window idles while tickets wait elsewhere.
 */
static json_t *scratch_catalog(int windows, struct qerr *err)
{
	const char *path = QHALL_SOURCE_ASSETS_DIR "/" CATALOG_FILE;
	json_error_t jerr;
	json_t *root, *queues, *list, *q;
	size_t i, n;

	root = json_load_file(path, 0, &jerr);
	if (root == NULL) {
		qerr_set(err, PROTO_E_CONFIG, "%s:%d: %s", path, jerr.line,
		         jerr.text);
		return NULL;
	}
	queues = json_object_get(root, "queues");
	n = json_array_size(queues);
	if (n == 0 || n > CATALOG_MAX_QUEUES) {
		qerr_set(err, PROTO_E_CONFIG, "%s lists no queues", path);
		json_decref(root);
		return NULL;
	}
	json_array_foreach(queues, i, q)
	    json_object_set_new(q, "daily_cap", json_integer(TICKET_SEQ_MAX));
	list = json_array();
	for (int w = 1; w <= windows; w++) {
		json_t *serves = json_array();
		for (size_t k = 0; k < n; k++) {
			json_t *qq =
			    json_array_get(queues, ((size_t)w - 1 + k) % n);
			json_array_append(serves,
			                  json_object_get(qq, "prefix"));
		}
		json_array_append_new(list, json_pack("{s:i, s:o}", "number", w,
		                                      "queues", serves));
	}
	json_object_set_new(root, "windows", list);
	return root;
}

/* Make the scratch folder inside parent, and the catalog for it. */
int scratch_make(struct scratch *s, const char *parent, int windows)
{
	struct qerr err = {0};
	json_t *q;
	size_t i;

	memset(s, 0, sizeof *s);
	if ((s->catalog = scratch_catalog(windows, &err)) == NULL) {
		fprintf(stderr, "qhall-bench: %s\n", err.message);
		return -1;
	}
	json_array_foreach(json_object_get(s->catalog, "queues"), i, q)
	{
		s->queues[i] = json_string_value(json_object_get(q, "prefix"));
		s->nqueues = (int)i + 1;
	}
	snprintf(s->root, sizeof s->root, "%s/qhall-bench.XXXXXX", parent);
	if (mkdtemp(s->root) == NULL) {
		fprintf(stderr, "qhall-bench: cannot make a folder in %s: %s\n",
		        parent, strerror(errno));
		json_decref(s->catalog);
		s->catalog = NULL;
		s->root[0] = '\0';
		return -1;
	}
	return 0;
}

/*
 * With --store: a new database for the folder's hall, named after the
 * scratch folder and the folder's number, and the folder's qhall.conf
 * naming it; s->url is its URL.
 */
static int scratch_database(struct scratch *s, const char *folder)
{
	char base[512], admin[600], sql[160], name[64], path[PATH_MAX + 16];
	const char *scheme = strstr(s->store, "://"), *slash;
	PGconn *c;
	PGresult *r;
	FILE *f;
	int ok;

	snprintf(base, sizeof base, "%s", s->store);
	slash = scheme ? strchr(scheme + 3, '/') : NULL;
	if (slash)
		base[slash - s->store] = '\0';
	snprintf(name, sizeof name, "qhall_bench_%s_%d",
	         strrchr(s->root, '.') + 1, s->folders);
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	snprintf(admin, sizeof admin, "%s/postgres", base);
	snprintf(s->url, sizeof s->url, "%s/%s", base, name);
	c = PQconnectdb(admin);
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
	r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr,
		        "qhall-bench: cannot make database %s on %s: %s", name,
		        admin, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	if (!ok)
		return -1;
	snprintf(path, sizeof path, "%s/qhall.conf", folder);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "[daemon]\nstore = %s\n", s->url);
	return fclose(f) == 0 ? 0 : -1;
}

/* A new data folder root/N-name with the bench's catalog in it. */
int scratch_folder(struct scratch *s, const char *name, char *out, size_t size)
{
	char path[PATH_MAX + 32];

	/* Numbered: two phases may share a name (--kiosks 1). */
	snprintf(out, size, "%s/%d-%s", s->root, ++s->folders, name);
	if (mkdir(out, 0700) != 0) {
		fprintf(stderr, "qhall-bench: cannot make %s: %s\n", out,
		        strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", out, CATALOG_FILE);
	if (json_dump_file(s->catalog, path, JSON_INDENT(2)) != 0) {
		fprintf(stderr, "qhall-bench: cannot write %s\n", path);
		return -1;
	}
	s->url[0] = '\0';
	if (s->store[0])
		return scratch_database(s, out);
	return 0;
}

/* nftw's callback: remove one file or (emptied) folder. */
static int scratch_unlink(const char *path, const struct stat *st, int type,
                          struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "qhall-bench: cannot remove %s: %s\n", path,
		        strerror(errno));
	return 0;
}

/* Remove the scratch folder and all in it: it only holds what we made. */
void scratch_remove(struct scratch *s)
{
	if (s->root[0])
		nftw(s->root, scratch_unlink, 16, FTW_DEPTH | FTW_PHYS);
	json_decref(s->catalog);
	memset(s, 0, sizeof *s);
}
