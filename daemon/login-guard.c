/*
 * Wrong PINs, counted per staff number and window: a window's token that
 * guesses (or a peer that means harm) locks that staff number out of that
 * window only, never out of the counter where they really work.
 *
 * Five wrong PINs in a row lock the pair for a minute; each lockout after
 * it doubles the wait, up to an hour, until a right PIN, an admin's
 * unlock or a new PIN ends the run (or an hour passes without a lock).
 * Made-up staff numbers are counted and locked exactly like real ones, and
 * a login for one is checked against a dummy hash made like a real PIN's:
 * neither the answer, nor the lockout, nor the time tells whether a staff
 * number exists.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "staff-pin.h"
#include "xmalloc.h"

#define GUARD_FAILS_MAX   5
#define GUARD_LOCK_MS     60000
#define GUARD_LOCK_MAX_MS (60 * 60000)
/* Entries kept before the unlocked ones are forgotten; beyond twice
 * this (all of them locked) new pairs are no longer counted. */
#define GUARD_TABLE_MAX 4096

struct guard {
	/* "staff@window" -> [wrong PINs in a row, locked until ms,
	 * lockouts in this run] */
	json_t *failures;
	char dummy[crypto_pwhash_STRBYTES];
};

struct guard *guard_new(void)
{
	struct guard *g = xcalloc(1, sizeof *g);
	unsigned char junk[16];

	g->failures = json_object();
	randombytes_buf(junk, sizeof junk);
	if (crypto_pwhash_str(g->dummy, (const char *)junk, sizeof junk,
	                      STAFF_PWHASH_OPS, STAFF_PWHASH_MEM) != 0)
		fatal("out of memory hashing a PIN");
	return g;
}

void guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	json_decref(g->failures);
	free(g);
}

const char *guard_dummy_hash(const struct guard *g)
{
	return g->dummy;
}

static void guard_key(char *out, size_t size, const char *staff, int window)
{
	snprintf(out, size, "%s@%d", staff, window);
}

static json_int_t guard_field(json_t *f, size_t i)
{
	return json_integer_value(json_array_get(f, i));
}

int guard_locked(struct guard *g, const char *staff, int window, int64_t now,
                 int64_t *wait_ms)
{
	char key[64];
	json_t *f;

	guard_key(key, sizeof key, staff, window);
	f = json_object_get(g->failures, key);
	*wait_ms = 0;
	if (f == NULL || guard_field(f, 0) < GUARD_FAILS_MAX ||
	    now >= guard_field(f, 1))
		return 0;
	*wait_ms = guard_field(f, 1) - now;
	return 1;
}

/* Forget what is not locked now; the table stays as small as the guessing. */
static void guard_prune(struct guard *g, int64_t now)
{
	const char *key;
	json_t *f, *tmp;

	json_object_foreach_safe(g->failures, tmp, key, f)
	{
		if (guard_field(f, 0) < GUARD_FAILS_MAX ||
		    now >= guard_field(f, 1))
			json_object_del(g->failures, key);
	}
}

void guard_failed(struct guard *g, const char *staff, int window, int64_t now)
{
	char key[64];
	json_t *f;
	json_int_t fails = 0, until = 0, lockouts = 0;

	guard_key(key, sizeof key, staff, window);
	f = json_object_get(g->failures, key);
	if (f == NULL && json_object_size(g->failures) >= GUARD_TABLE_MAX) {
		guard_prune(g, now);
		if (json_object_size(g->failures) >= 2 * GUARD_TABLE_MAX)
			return;
	}
	if (f) {
		fails = guard_field(f, 0);
		until = guard_field(f, 1);
		lockouts = guard_field(f, 2);
	}
	/* A lock that ran out starts a new count; an hour without one
	 * starts a new run. */
	if (fails >= GUARD_FAILS_MAX && now >= until)
		fails = 0;
	if (lockouts > 0 && now >= until + GUARD_LOCK_MAX_MS)
		lockouts = 0;
	if (++fails >= GUARD_FAILS_MAX) {
		int64_t ms = GUARD_LOCK_MS;
		for (json_int_t i = 0; i < lockouts && ms < GUARD_LOCK_MAX_MS;
		     i++)
			ms *= 2;
		if (ms > GUARD_LOCK_MAX_MS)
			ms = GUARD_LOCK_MAX_MS;
		until = now + ms;
		lockouts++;
		log_warn("staff",
		         "%s is locked out of window %d for %lld s after %d "
		         "wrong PINs (lockout %lld)",
		         staff, window, (long long)(ms / 1000), GUARD_FAILS_MAX,
		         (long long)lockouts);
	}
	json_object_set_new(g->failures, key,
	                    json_pack("[I, I, I]", fails, until, lockouts));
}

void guard_passed(struct guard *g, const char *staff, int window)
{
	char key[64];

	guard_key(key, sizeof key, staff, window);
	json_object_del(g->failures, key);
}

int guard_unlock(struct guard *g, const char *staff, int window)
{
	char prefix[64];
	const char *key;
	json_t *f, *tmp;
	size_t n;
	int cleared = 0;

	if (window > 0) {
		guard_key(prefix, sizeof prefix, staff, window);
		return json_object_del(g->failures, prefix) == 0;
	}
	n = (size_t)snprintf(prefix, sizeof prefix, "%s@", staff);
	json_object_foreach_safe(g->failures, tmp, key, f)
	{
		if (strncmp(key, prefix, n) == 0) {
			json_object_del(g->failures, key);
			cleared++;
		}
	}
	return cleared;
}
