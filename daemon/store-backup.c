/*
 * An online backup: a consistent copy of the whole store while the hall
 * is open, as of the last commit (db_backup(): SQLite's backup API through
 * a connection of its own, so the hall's writer does not wait for it).
 * The copy is written under a temporary name, synced, and renamed into
 * place: a file at dest is always a whole backup.
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
	struct stat st;
	int rc;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.part", dest) >= sizeof tmp)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "backup: the path is too long");
	unlink(tmp);
	rc = db_backup(s->db, tmp);
	if (rc != DB_OK) {
		qerr_set(err, PROTO_E_STORE, "backup of %s to %s: %s", s->path,
		         tmp, db_errstr(rc));
		goto fail;
	}
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
	unlink(tmp);
	return -1;
}
