/*
 * What the daemon holds for clients that have not read it yet, all told.
 * Each client may leave max_output_kib unread (server.c drops it beyond),
 * but a thousand such clients would hold a gigabyte: every output buffer
 * reports its growth and shrinking here, and when the sum would pass
 * max_output_total_mib the clients holding the most are dropped first,
 * down to three quarters of it, so the next few writes need no sorting.
 * Freed buffers stay in malloc's heap unless it is told to give them
 * back: after the sum fell by OUTPUT_TRIM_BYTES since its peak, it is,
 * OUTPUT_TRIM_MS later: libevent frees a closed connection's buffers in
 * a later pass of the loop, and one trim covers a crowd leaving at once.
 */
#include "daemon.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "log.h"
#include "xmalloc.h"

#define OUTPUT_TRIM_BYTES (16u << 20)
#define OUTPUT_TRIM_MS    100

static void output_changed(struct evbuffer *buf,
                           const struct evbuffer_cb_info *info, void *arg)
{
	struct daemon *d = arg;
	(void)buf;

	d->out_total += info->n_added;
	d->out_total -= info->n_deleted;
	if (d->out_total > d->out_peak)
		d->out_peak = d->out_total;
}

/* Count c's output from now on. */
void output_watch(struct conn *c)
{
	c->out_cb = evbuffer_add_cb(bufferevent_get_output(c->bev),
	                            output_changed, c->daemon);
	if (c->out_cb == NULL)
		fatal("out of memory");
}

/* Stop counting c's output, about to be freed with it. */
void output_forget(struct conn *c)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	if (c->out_cb == NULL)
		return;
	c->daemon->out_total -= evbuffer_get_length(out);
	evbuffer_remove_cb_entry(out, c->out_cb);
	c->out_cb = NULL;
}

static size_t output_of(const struct conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev));
}

static int output_most_first(const void *a, const void *b)
{
	size_t x = output_of(*(struct conn *const *)a);
	size_t y = output_of(*(struct conn *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * Make room for `more` bytes within the budget of all clients: drop the
 * clients with the most unread output until the sum with `more` is at
 * three quarters of it. conn_close() keeps each struct until the turn's
 * end, so callers holding a conn may go on (its bev is NULL).
 */
void output_shed(struct daemon *d, size_t more)
{
	size_t budget = (size_t)d->config.max_output_total_mib << 20;
	size_t goal = budget - budget / 4, before = d->out_total, largest;
	struct conn **v, *c;
	int n = 0, dropped = 0;

	if (d->out_total + more <= budget)
		return;
	v = xcalloc((size_t)d->nconns + 1, sizeof *v);
	TAILQ_FOREACH(c, &d->conns, link)
	{
		if (c->bev && output_of(c) > 0)
			v[n++] = c;
	}
	qsort(v, (size_t)n, sizeof *v, output_most_first);
	largest = n > 0 ? output_of(v[0]) : 0;
	for (; dropped < n && d->out_total + more > goal; dropped++)
		conn_close(v[dropped], "over the output budget of all clients");
	d->out_shed += (uint64_t)dropped;
	log_warn(
	    "server",
	    "%zu KiB unread by all clients would pass max_output_total_mib "
	    "= %d: dropped the %d holding the most (%s (%s) held %zu "
	    "KiB), %zu KiB left",
	    (before + more) >> 10, d->config.max_output_total_mib, dropped,
	    n > 0 ? v[0]->peer : "-", n > 0 ? v[0]->device : "-", largest >> 10,
	    d->out_total >> 10);
	free(v);
}

static void output_trim_now(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* Give freed output back to the system once much of it was freed. */
void output_trim(struct daemon *d)
{
	static const struct timeval later = {0, OUTPUT_TRIM_MS * 1000};

	if (d->out_peak - d->out_total < OUTPUT_TRIM_BYTES)
		return;
	d->out_peak = d->out_total;
	if (d->trim_ev == NULL)
		d->trim_ev = evtimer_new(d->base, output_trim_now, d);
	if (d->trim_ev && !evtimer_pending(d->trim_ev, NULL))
		evtimer_add(d->trim_ev, &later);
}

void output_close(struct daemon *d)
{
	if (d->trim_ev)
		event_free(d->trim_ev);
	d->trim_ev = NULL;
}
