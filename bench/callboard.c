/*
 * Matching "called" events to the calls that caused them, across threads.
 *
 * A window thread notes the time just before it sends "call" (pending, by
 * window) and, once the reply names the ticket, files that time under the
 * ticket (sent, by slot). A display may see the event before the window
 * thread sees its reply, as the daemon queues a request's events ahead of
 * its reply; then the ticket is not filed yet, but the window's pending
 * time is still that call's, as a window sends nothing more before its
 * reply.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ticket.h"
#include "xmalloc.h"

#define CALLBOARD_SEQS (TICKET_SEQ_MAX + 1)

/* Room for every ticket a day can hold, and one slot per window. */
void callboard_init(struct callboard *b, const struct scratch *s, int windows)
{
	size_t slots = (size_t)s->nqueues * CALLBOARD_SEQS;

	b->scratch = s;
	b->windows = windows;
	b->sent = xmalloc(slots * sizeof *b->sent);
	b->pending = xmalloc(((size_t)windows + 1) * sizeof *b->pending);
	for (size_t i = 0; i < slots; i++)
		atomic_init(&b->sent[i], 0);
	for (int w = 0; w <= windows; w++)
		atomic_init(&b->pending[w], 0);
}

/* Free what init took. */
void callboard_free(struct callboard *b)
{
	free(b->sent);
	free(b->pending);
	memset(b, 0, sizeof *b);
}

/* The slot of a ticket number like "A007" (len bytes), or -1. */
int callboard_slot(const struct callboard *b, const char *number, size_t len)
{
	size_t letters = 0;
	int seq = 0;

	while (letters < len && letters <= TICKET_PREFIX_MAX &&
	       isupper((unsigned char)number[letters]))
		letters++;
	if (letters == 0 || letters > TICKET_PREFIX_MAX || letters == len ||
	    len - letters > 4)
		return -1;
	for (size_t i = letters; i < len; i++) {
		if (!isdigit((unsigned char)number[i]))
			return -1;
		seq = seq * 10 + (number[i] - '0');
	}
	for (int q = 0; q < b->scratch->nqueues; q++) {
		const char *p = b->scratch->queues[q];
		if (strlen(p) == letters && memcmp(p, number, letters) == 0)
			return q * CALLBOARD_SEQS + seq;
	}
	return -1;
}

/* A window thread, just before it sends "call". */
void callboard_sending(struct callboard *b, int window, int64_t t)
{
	atomic_store(&b->pending[window], t);
}

/* A window thread, once the reply named the ticket in slot. */
void callboard_called(struct callboard *b, int slot, int64_t t)
{
	atomic_store(&b->sent[slot], t);
}

/* A display: when the call behind an event (window, slot) was sent. */
int64_t callboard_sent(struct callboard *b, int window, int slot)
{
	int64_t t = atomic_load(&b->sent[slot]);
	int64_t pending;

	if (t != 0 || window < 1 || window > b->windows)
		return t;
	pending = atomic_load(&b->pending[window]);
	/* Still not filed after we read pending: pending was this call's. */
	t = atomic_load(&b->sent[slot]);
	return t != 0 ? t : pending;
}
