/*
 * The yardstick: how many durable single-row commits the disk allows, with
 * the daemon's own settings (WAL, synchronous=FULL) in a separate file on
 * the same file system. A daemon that commits once per request can go no
 * faster than this; batching is how it gets past it.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "proto.h"

/* About the size of one event row in the daemon's trace. */
#define BASELINE_ROW_BYTES 300

/* Note a SQLite failure as a failed request of the baseline. */
static int baseline_fail(sqlite3 *db, const char *what)
{
	struct qerr err = {0};

	qerr_set(&err, PROTO_E_STORE, "%s: %s", what,
	         db ? sqlite3_errmsg(db) : "out of memory");
	report_failure("baseline", &err);
	return -1;
}

/* sqlite3_exec's callback: keep the journal mode SQLite reports. */
static int baseline_mode(void *arg, int n, char **values, char **names)
{
	(void)names;
	if (n > 0 && values[0])
		snprintf(arg, 16, "%s", values[0]);
	return 0;
}

/* Step one prepared statement to its end. */
static int baseline_step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Commit one row per transaction for `seconds`, timing each commit. */
static int baseline_loop(sqlite3 *db, int seconds, struct result *r)
{
	sqlite3_stmt *begin = NULL, *insert = NULL, *commit = NULL;
	char body[BASELINE_ROW_BYTES + 1];
	int64_t start, deadline, t0, t1 = 0;
	int rc = -1;

	memset(body, 'x', BASELINE_ROW_BYTES);
	body[BASELINE_ROW_BYTES] = '\0';
	if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO row (at, body) VALUES (?1, ?2)",
	                       -1, &insert, NULL) ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL)) {
		baseline_fail(db, "preparing");
		goto out;
	}
	sqlite3_bind_text(insert, 2, body, BASELINE_ROW_BYTES, SQLITE_STATIC);
	start = stats_now();
	deadline = start + (int64_t)seconds * 1000000000;
	for (t0 = start; t0 < deadline; t0 = stats_now()) {
		sqlite3_bind_int64(insert, 1, t0);
		if (baseline_step(begin) || baseline_step(insert) ||
		    baseline_step(commit)) {
			baseline_fail(db, "committing a row");
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto out;
		}
		t1 = stats_now();
		stats_add(&r->lat, t1 - t0);
		r->ops++;
	}
	r->elapsed_ns = t1 - start;
	rc = 0;
out:
	sqlite3_finalize(begin);
	sqlite3_finalize(insert);
	sqlite3_finalize(commit);
	return rc;
}

/* Measure the baseline in SCRATCH/baseline.db. */
int baseline_run(const struct scratch *s, int seconds, struct result *r)
{
	char path[PATH_MAX + 16], mode[16] = "";
	sqlite3 *db = NULL;
	int rc = -1;

	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "SQLite commit, 1 row (baseline)");
	r->clients = 1;
	snprintf(path, sizeof path, "%s/baseline.db", s->root);
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		baseline_fail(db, "opening");
		goto out;
	}
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", baseline_mode, mode,
	                 NULL) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA synchronous = FULL;"
	                 "CREATE TABLE row (id INTEGER PRIMARY KEY,"
	                 " at INTEGER NOT NULL, body TEXT NOT NULL)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		baseline_fail(db, "setting up");
		goto out;
	}
	if (strcmp(mode, "wal") != 0) {
		struct qerr err = {0};
		qerr_set(&err, PROTO_E_STORE,
		         "%s is not in WAL mode but \"%s\"", path, mode);
		report_failure("baseline", &err);
		goto out;
	}
	rc = baseline_loop(db, seconds, r);
out:
	sqlite3_close(db);
	return rc;
}
