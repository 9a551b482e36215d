/* A citizen's callback phone number: sealed, opened, masked (phone.c). */
#ifndef QHALL_PHONE_H
#define QHALL_PHONE_H

#include <sodium.h>
#include <stddef.h>

#include "qerr.h"

#define PHONE_MAX     24
#define PHONE_KEY_LEN crypto_secretbox_KEYBYTES
#define PHONE_SEALED_MAX                                                       \
	(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + PHONE_MAX)

/* DATA/phone.key, made (0600) when absent. */
int phone_key_load(const char *data_dir, unsigned char *key, struct qerr *);
int phone_valid(const char *phone);
int phone_seal(const unsigned char *key, const char *phone, unsigned char *out,
               size_t *len);
int phone_open(const unsigned char *key, const unsigned char *sealed,
               size_t len, char out[PHONE_MAX + 1]);
void phone_mask(const char *phone, char out[PHONE_MAX + 1]);

#endif
