/*
 * Years of history, written into a qhall.db that qhalld made and then
 * left, through the daemon's own store (store.h), so a change of schema
 * can never leave the bench behind: n done tickets of past days, 2,000 a
 * day spread over the bench's queues, numbered by the store's own day
 * counters. Nobody waits for these tickets, so commits do not wait for
 * the disk, in batches of HISTORY_DB_PER_TXN tickets; qhalld makes the
 * file durable again when it opens it. Each step reports its own failure.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "proto.h"
#include "store.h"
#include "ticket.h"

#define HISTORY_DB_PER_DAY  2000
#define HISTORY_DB_PER_TXN  250000
#define HISTORY_DB_OPENS_MS (8LL * 3600 * 1000 + 30 * 60 * 1000)

struct history_db {
	struct store *store;
	const struct scratch *scratch;
	unsigned long long rng;
};

/* A cheap random number (xorshift64*): status keys need not be secret. */
static unsigned long long history_db_random(struct history_db *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * 2685821657736338717ULL;
}

/* The business day `back` days before now, as "YYYY-MM-DD", and its ms. */
static int64_t history_db_day(int64_t back, char out[TICKET_DAY_LEN + 1])
{
	time_t t = time(NULL) - (time_t)back * 24 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, TICKET_DAY_LEN + 1, "%Y-%m-%d", &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm) * 1000;
}

/* One done ticket of queue q on a day that began at day_ms. */
static int history_db_ticket(struct history_db *h, const char *day,
                             int64_t day_ms, int q, struct qerr *err)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	                               "klmnopqrstuvwxyz0123456789-_";
	const char *queue = h->scratch->queues[q];
	unsigned long long r = history_db_random(h);
	char counter_day[TICKET_DAY_LEN + 1];
	struct queue_info load;
	struct ticket t;
	int seq, found;

	if (store_queue_next_seq(h->store, queue, day, &seq, counter_day, &load,
	                         &found, err))
		return -1;
	if (!found)
		return qerr_set(err, PROTO_E_NO_QUEUE, "no queue %s", queue);
	memset(&t, 0, sizeof t);
	ticket_number_format(t.number, sizeof t.number, queue, seq);
	snprintf(t.day, sizeof t.day, "%s", day);
	snprintf(t.queue, sizeof t.queue, "%s", queue);
	t.klass = TICKET_CLASS_NORMAL;
	t.state = TICKET_DONE;
	t.window = (int)(r % 12) + 1;
	t.taken_at = day_ms + HISTORY_DB_OPENS_MS + (int64_t)seq * 90000;
	t.order_at = t.taken_at;
	t.called_at = t.taken_at + (int64_t)(r % 1800000);
	t.served_at = t.called_at + 20000;
	t.finished_at = t.served_at + (int64_t)(r >> 40) % 600000;
	t.calls = 1;
	t.printed = 1;
	for (int i = 0; i < TICKET_KEY_LEN; i++)
		t.key[i] = alphabet[(r >> (i * 4 % 60)) & 63];
	return store_ticket_insert(h->store, &t, NULL, NULL, err);
}

/* One day of n tickets (n <= HISTORY_DB_PER_DAY), queues in turn. */
static int history_db_one_day(struct history_db *h, int64_t back, int n,
                              struct qerr *err)
{
	char day[TICKET_DAY_LEN + 1];
	int64_t day_ms = history_db_day(back, day);
	int nq = h->scratch->nqueues;
	int per_queue = (n + nq - 1) / nq;

	for (int q = 0; q < nq; q++) {
		int count = n - q * per_queue;
		count = count > per_queue ? per_queue : count;
		for (int i = 0; i < count; i++)
			if (history_db_ticket(h, day, day_ms, q, err))
				return -1;
	}
	return 0;
}

/* Every day from the oldest on, in batches of about PER_TXN tickets. */
static int history_db_days(struct history_db *h, long long n, struct qerr *err)
{
	int64_t days = (n + HISTORY_DB_PER_DAY - 1) / HISTORY_DB_PER_DAY;
	long long written = 0, since_commit = 0;

	if (store_batch_begin(h->store, err))
		return -1;
	/* Day 0 is today, day 1 may be today in the hall's zone: start at 2. */
	for (int64_t back = days + 1; back >= 2; back--) {
		int today = n - written > HISTORY_DB_PER_DAY
		                ? HISTORY_DB_PER_DAY
		                : (int)(n - written);
		if (history_db_one_day(h, back, today, err))
			return -1;
		written += today;
		since_commit += today;
		if (since_commit >= HISTORY_DB_PER_TXN) {
			if (store_batch_commit(h->store, err) ||
			    store_batch_begin(h->store, err))
				return -1;
			since_commit = 0;
		}
	}
	return store_batch_commit(h->store, err);
}

/* Write n done tickets of past days into path; *seconds: how long. */
int history_db_build(const char *path, const struct scratch *s, long long n,
                     double *seconds)
{
	struct history_db h = {.scratch = s, .rng = 0x9E3779B97F4A7C15ULL};
	int64_t t0 = stats_now();
	struct qerr err = {0};
	int rc = -1;

	if ((h.store = store_open(path, &err)) != NULL &&
	    store_set_durable(h.store, 0, &err) == 0 &&
	    history_db_days(&h, n, &err) == 0)
		rc = 0;
	if (rc)
		report_failure("history", &err);
	store_close(h.store);
	*seconds = (double)(stats_now() - t0) / 1e9;
	return rc;
}
