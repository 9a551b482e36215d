/*
 * The data folder: it must exist and be writable, and one daemon at a time
 * owns it. The lock is an flock() on DATA/qhalld.lock, released by the
 * kernel however the daemon ends, so a kill -9 leaves nothing to clean.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "proto.h"

int datadir_lock(struct daemon *d, struct qerr *err)
{
	char path[1100], pid[32] = "";
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(d->data_dir, &st) < 0)
		return qerr_set(err, PROTO_E_CONFIG,
		                "data folder %s: %s (create it first)",
		                d->data_dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return qerr_set(err, PROTO_E_CONFIG,
		                "data folder %s is not a folder", d->data_dir);
	snprintf(path, sizeof path, "%s/qhalld.lock", d->data_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return qerr_set(err, PROTO_E_CONFIG,
		                "data folder %s is not writable: %s",
		                d->data_dir, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		n = read(fd, pid, sizeof pid - 1);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		return qerr_set(err, PROTO_E_BUSY,
		                "another qhalld (pid %s) already runs on %s",
		                pid[0] ? pid : "?", d->data_dir);
	}
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 ||
	    write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid)) {
		close(fd);
		return qerr_set(err, PROTO_E_CONFIG,
		                "data folder %s is not writable: %s",
		                d->data_dir, strerror(errno));
	}
	d->lock_fd = fd;
	return 0;
}

void datadir_unlock(struct daemon *d)
{
	if (d->lock_fd > 0)
		close(d->lock_fd);
	d->lock_fd = -1;
}
