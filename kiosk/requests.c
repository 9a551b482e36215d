/*
 * The kiosk's takes by request id, in fixed lists: the takes sent and not
 * yet answered, those given up on while their fate was unknown, and those
 * being looked up. Each send gets a tag of its own (the kind, and a serial
 * above it), and a reply is matched to its request by that tag, never by
 * the order replies arrive in.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"

/* A tag no request in flight has: the kind and the next serial. */
unsigned requests_tag(struct kiosk *k, enum kiosk_tag kind)
{
	if (++k->serial > 0xffffffu)
		k->serial = 1;
	return (unsigned)kind | k->serial << 8;
}

/* Append a request; a full list forgets its oldest, and says so. */
void requests_add(struct kiosk_requests *l, const char *id, unsigned tag)
{
	struct kiosk_request *r;

	if (l->n == KIOSK_REQUESTS_MAX) {
		log_warn("kiosk", "forgetting take %s: %d takes unsettled",
		         l->v[0].id, KIOSK_REQUESTS_MAX);
		memmove(&l->v[0], &l->v[1], (l->n - 1) * sizeof l->v[0]);
		l->n--;
	}
	r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", id);
	r->tag = tag;
}

/* Remove the request whose send had tag into *out: 1, or 0 if none. */
int requests_take(struct kiosk_requests *l, unsigned tag,
                  struct kiosk_request *out)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].tag != tag)
			continue;
		*out = l->v[i];
		memmove(&l->v[i], &l->v[i + 1],
		        (l->n - i - 1) * sizeof l->v[0]);
		l->n--;
		return 1;
	}
	return 0;
}
