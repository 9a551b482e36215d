/* Staff PINs: their length and how they are hashed (Argon2id). */
#ifndef QHALL_STAFF_PIN_H
#define QHALL_STAFF_PIN_H

/* The widest range; qhall.conf's pin_min_length raises the floor. */
#define STAFF_PIN_MIN 4
#define STAFF_PIN_MAX 12
/* A PIN hash that costs ~10 ms: the loop must not stall on a login. */
#define STAFF_PWHASH_OPS 2
#define STAFF_PWHASH_MEM (8u << 20)

#endif
