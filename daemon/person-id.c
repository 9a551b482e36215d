/*
 * A citizen's ID number is kept only as a keyed BLAKE2b hash (libsodium's
 * crypto_generichash) under a key of the hall's own, DATA/id.key, made on
 * first start and readable by the daemon's user only: the database, its
 * backups and the trace hold the hash, which says "the same person" and
 * nothing else; without the key nobody can test a guessed number against
 * it. Losing the key forgets who took what today, nothing more.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "person-id.h"
#include "proto.h"

#define PERSON_KEY_FILE "id.key"

int person_key_load(const char *data_dir, unsigned char *key, struct qerr *err)
{
	char path[1100];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", data_dir, PERSON_KEY_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		crypto_generichash_keygen(key);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 ||
		    write(fd, key, PERSON_KEY_LEN) != PERSON_KEY_LEN ||
		    fsync(fd) != 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return qerr_set(err, PROTO_E_IO, "cannot write %s: %s",
			                path, strerror(e));
		}
		close(fd);
		return 0;
	}
	if (fd < 0)
		return qerr_set(err, PROTO_E_IO, "cannot read %s: %s", path,
		                strerror(errno));
	n = read(fd, key, PERSON_KEY_LEN);
	close(fd);
	if (n != PERSON_KEY_LEN)
		return qerr_set(err, PROTO_E_IO,
		                "%s is damaged (not %d bytes); move it away to "
		                "start a new one",
		                path, PERSON_KEY_LEN);
	return 0;
}

void person_hash(const unsigned char *key, const char *id_number,
                 unsigned char hash[PERSON_HASH_LEN])
{
	crypto_generichash(hash, PERSON_HASH_LEN,
	                   (const unsigned char *)id_number, strlen(id_number),
	                   key, PERSON_KEY_LEN);
}
