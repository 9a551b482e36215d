/* A citizen's ID number as the hall keeps it: a keyed hash (person-id.c). */
#ifndef QHALL_PERSON_ID_H
#define QHALL_PERSON_ID_H

#include <sodium.h>

#include "qerr.h"

#define PERSON_KEY_LEN  crypto_generichash_KEYBYTES
#define PERSON_HASH_LEN crypto_generichash_BYTES

/* DATA/id.key, made (0600) when absent. */
int person_key_load(const char *data_dir, unsigned char *key, struct qerr *);
/* The hash of a checked ID number (hall_rule_id_number). */
void person_hash(const unsigned char *key, const char *id_number,
                 unsigned char hash[PERSON_HASH_LEN]);

#endif
