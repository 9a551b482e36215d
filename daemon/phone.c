/*
 * A citizen's callback phone number (回访电话), left with a 差评: sealed
 * with libsodium's secretbox under a key of the hall's own
 * (DATA/phone.key, made on first start, readable by the daemon's user
 * only), so the database, its backups and the trace never hold it in the
 * clear. Supervisors see it in the ledger; everywhere else it is masked
 * (138****5678).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "phone.h"
#include "proto.h"

#define PHONE_KEY_FILE "phone.key"

int phone_key_load(const char *data_dir, unsigned char *key, struct qerr *err)
{
	char path[1100];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", data_dir, PHONE_KEY_FILE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		crypto_secretbox_keygen(key);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, key, PHONE_KEY_LEN) != PHONE_KEY_LEN ||
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
	n = read(fd, key, PHONE_KEY_LEN);
	close(fd);
	if (n != PHONE_KEY_LEN)
		return qerr_set(
		    err, PROTO_E_IO,
		    "%s is damaged (not %d bytes): the phone numbers "
		    "sealed with it cannot be read",
		    path, PHONE_KEY_LEN);
	return 0;
}

/* 7 to 20 digits, a leading + allowed, nothing else. */
int phone_valid(const char *phone)
{
	size_t digits = 0;
	const char *p = phone;

	if (*p == '+')
		p++;
	for (; *p; p++, digits++)
		if (*p < '0' || *p > '9')
			return 0;
	return digits >= 7 && digits <= 20;
}

int phone_seal(const unsigned char *key, const char *phone, unsigned char *out,
               size_t *len)
{
	size_t n = strlen(phone);

	if (n > PHONE_MAX)
		return -1;
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
	                      (const unsigned char *)phone, n, out, key);
	*len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	return 0;
}

int phone_open(const unsigned char *key, const unsigned char *sealed,
               size_t len, char out[PHONE_MAX + 1])
{
	size_t n;

	if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
	    len > PHONE_SEALED_MAX)
		return -1;
	n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (crypto_secretbox_open_easy(
	        (unsigned char *)out, sealed + crypto_secretbox_NONCEBYTES,
	        len - crypto_secretbox_NONCEBYTES, sealed, key) != 0)
		return -1;
	out[n] = '\0';
	return 0;
}

/* The first three and the last four digits: 138****5678. */
void phone_mask(const char *phone, char out[PHONE_MAX + 1])
{
	size_t n = strlen(phone);

	if (n < 8) {
		snprintf(out, PHONE_MAX + 1, "****");
		return;
	}
	snprintf(out, PHONE_MAX + 1, "%.3s****%s", phone, phone + n - 4);
}
