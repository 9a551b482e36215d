/*
 * Sealing a period (封存): the hall's figures of a month, a quarter or a
 * year frozen as a supervisor published them. The figures are the
 * reader's (qhall computes every report), so the hall checks what it can
 * know: the period is over, it is not sealed yet, the trace of the period
 * is still what the figures were computed from, and every part arrived.
 * The seal event carries the parts' hash, chained in the trace with
 * everything else: an edit of the stored figures no longer matches it,
 * and `qhall report verify` recomputes the figures from the trace.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hall-private.h"
#include "proto.h"
#include "xmalloc.h"

static int hall_seal_absent(struct hall *h, const char *period,
                            struct qerr *err)
{
	struct store_seal seal;
	int found;

	if (store_seal_get(h->store, period, &seal, &found, err))
		return -1;
	if (found)
		return qerr_set(err, PROTO_E_EXISTS,
		                "%s is sealed already (event %lld); a sealed "
		                "period is never sealed again or edited",
		                period, (long long)seal.seq);
	return 0;
}

int hall_seal_part(struct hall *h, const char *period, int idx,
                   const char *text, size_t len, struct qerr *err)
{
	if (hall_seal_absent(h, period, err))
		return -1;
	return store_seal_part_put(h->store, period, idx, text, len, err);
}

/* The parts' hash, in order; each must be there and the whole an object
 * naming the period. */
static int hall_seal_hash(struct hall *h, const char *period, int parts,
                          char hex[65], struct qerr *err)
{
	crypto_generichash_state st;
	unsigned char hash[32];
	char *all = NULL;
	size_t total = 0;
	json_t *doc;
	int ok;

	crypto_generichash_init(&st, NULL, 0, sizeof hash);
	for (int i = 0; i < parts; i++) {
		char *text;
		size_t len;

		if (store_seal_part_get(h->store, period, i, &text, &len,
		                        err)) {
			free(all);
			return -1;
		}
		if (text == NULL) {
			free(all);
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "part %d of %d of the figures of %s "
			                "never arrived",
			                i + 1, parts, period);
		}
		crypto_generichash_update(&st, (const unsigned char *)text,
		                          len);
		all = xrealloc(all, total + len + 1);
		memcpy(all + total, text, len);
		total += len;
		free(text);
	}
	crypto_generichash_final(&st, hash, sizeof hash);
	sodium_bin2hex(hex, 65, hash, sizeof hash);
	doc = json_loadb(all ? all : "", total, 0, NULL);
	ok = json_is_object(doc) &&
	     json_is_string(json_object_get(doc, "period")) &&
	     strcmp(json_string_value(json_object_get(doc, "period")),
	            period) == 0;
	json_decref(doc);
	free(all);
	if (!ok)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "the figures sent for %s are not a JSON object "
		                "of that period",
		                period);
	return 0;
}

int hall_seal(struct hall *h, const struct hall_seal_ask *ask, int64_t now,
              struct store_seal *seal, struct qerr *err)
{
	int64_t first, upto;

	if (hall_seal_absent(h, ask->period, err))
		return -1;
	if (ask->to_at > now)
		return qerr_set(err, PROTO_E_BAD_STATE,
		                "%s is not over yet: a period is sealed once "
		                "its last day has passed",
		                ask->period);
	if (store_trace_period(h->store, ask->from_at, ask->to_at, &first,
	                       &upto, err))
		return -1;
	if (upto != ask->upto)
		return qerr_set(
		    err, PROTO_E_BAD_STATE,
		    "the trace of %s has moved on since its figures "
		    "were read (to event %lld, now %lld): compute "
		    "them again",
		    ask->period, (long long)ask->upto, (long long)upto);
	memset(seal, 0, sizeof *seal);
	snprintf(seal->period, sizeof seal->period, "%s", ask->period);
	snprintf(seal->from, sizeof seal->from, "%s", ask->from);
	snprintf(seal->to, sizeof seal->to, "%s", ask->to);
	seal->upto = upto;
	seal->sealed_at = now;
	seal->seq = store_trace_last_seq(h->store) + 1;
	seal->parts = ask->parts;
	if (hall_seal_hash(h, ask->period, ask->parts, seal->hash, err) ||
	    store_seal_add(h->store, seal, err))
		return -1;
	return hall_event(h, "period_sealed", now, NULL, 0,
	                  json_pack("{s:s, s:s, s:s, s:I, s:i, s:s}", "period",
	                            seal->period, "from", seal->from, "to",
	                            seal->to, "upto", (json_int_t)seal->upto,
	                            "parts", seal->parts, "figures_hash",
	                            seal->hash),
	                  err);
}
