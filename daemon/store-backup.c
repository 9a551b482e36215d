/*
 * An online backup: a consistent copy of the whole store while the hall
 * is open. It reads through a connection of its own inside one read
 * transaction (SQLite's backup API, stepping all pages at once), so it
 * copies the state of the last commit; in WAL mode the hall's writer does
 * not wait for it. The copy is written under a temporary name, synced, and
 * renamed into place: a file at dest is always a whole backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto.h"
#include "store-private.h"

static int backup_sync(const char *path, struct qerr *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return qerr_set(err, PROTO_E_IO, "cannot sync %s: %s", path,
		                strerror(e));
	}
	close(fd);
	return 0;
}

int store_backup(struct store *s, const char *dest, int64_t *bytes,
                 struct qerr *err)
{
	char tmp[1100];
	sqlite3 *src = NULL, *out = NULL;
	sqlite3_backup *b;
	struct stat st;
	int rc;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.part", dest) >= sizeof tmp)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "backup: the path is too long");
	unlink(tmp);
	rc = sqlite3_open_v2(s->path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(tmp, &out,
		                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		                     NULL);
	if (rc != SQLITE_OK) {
		qerr_set(err, PROTO_E_IO, "backup: cannot open %s: %s",
		         out ? tmp : s->path, sqlite3_errmsg(out ? out : src));
		goto fail;
	}
	sqlite3_busy_timeout(src, 5000);
	b = sqlite3_backup_init(out, "main", src, "main");
	if (b == NULL) {
		qerr_set(err, PROTO_E_STORE, "backup: %s", sqlite3_errmsg(out));
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		qerr_set(err, PROTO_E_STORE, "backup of %s: %s", s->path,
		         sqlite3_errstr(rc));
		goto fail;
	}
	/* A backup is a plain file: no journal beside it to copy along. */
	if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL,
	                 NULL) != SQLITE_OK) {
		qerr_set(err, PROTO_E_STORE, "backup: %s", sqlite3_errmsg(out));
		goto fail;
	}
	sqlite3_close(out);
	out = NULL;
	sqlite3_close(src);
	src = NULL;
	if (backup_sync(tmp, err))
		goto fail;
	if (rename(tmp, dest) < 0) {
		qerr_set(err, PROTO_E_IO, "backup: cannot rename to %s: %s",
		         dest, strerror(errno));
		goto fail;
	}
	if (stat(dest, &st) == 0)
		*bytes = (int64_t)st.st_size;
	return 0;
fail:
	sqlite3_close(out);
	sqlite3_close(src);
	unlink(tmp);
	return -1;
}
