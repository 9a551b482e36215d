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
#include "log.h"
#include "proto.h"

/*
 * The database holds PIN and token hashes and every ticket's key: only the
 * daemon's user may read it. The folder keeps its search bit for others,
 * who reach the socket in it by name, and loses read and write; files
 * left from before are made the owner's alone. Said once in the log, so an
 * admin learns why a backup script of another user stopped reading it.
 */
static void datadir_close_up(const struct daemon *d, mode_t mode)
{
	static const char *const files[] = {
	    "qhall.db",   "qhall.db-wal", "qhall.db-shm", "qhalld.lock",
	    "qhalld.log", "qhall.anchor", "qhall.key"};
	char path[1100];
	struct stat st;

	if (mode & 0066) {
		if (chmod(d->data_dir, (mode & 07777) & ~(mode_t)0066) == 0)
			log_warn("qhalld",
			         "data folder %s was open to other users "
			         "(%03o): now %03o",
			         d->data_dir, (unsigned)(mode & 0777),
			         (unsigned)(mode & 0777 & ~0066u));
		else
			log_warn("qhalld",
			         "data folder %s is open to other "
			         "users (%03o) and cannot be closed: %s",
			         d->data_dir, (unsigned)(mode & 0777),
			         strerror(errno));
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", d->data_dir, files[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0077) && chmod(path, 0600) == 0)
			log_warn("qhalld", "%s was readable by others: now 600",
			         path);
	}
}

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
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
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
	datadir_close_up(d, st.st_mode);
	return 0;
}

void datadir_unlock(struct daemon *d)
{
	if (d->lock_fd > 0)
		close(d->lock_fd);
	d->lock_fd = -1;
}
