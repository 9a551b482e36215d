/*
 * Years of history, written straight into a qhall.db that qhalld made and
 * then left: n done tickets of past days, 2,000 a day spread over the
 * bench's queues, with each day's counters. Through the SQLite API in big
 * transactions with the journal and syncs off, as nothing needs to survive
 * a crash of the build; qhalld puts WAL and synchronous=FULL back when it
 * opens the file again. Each step reports its own failure.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "proto.h"
#include "ticket.h"

#define HISTORY_DB_PER_DAY  2000
#define HISTORY_DB_PER_TXN  250000
#define HISTORY_DB_DAY_MS   (24LL * 3600 * 1000)
#define HISTORY_DB_OPENS_MS (8LL * 3600 * 1000 + 30 * 60 * 1000)

struct history_db {
	sqlite3 *db;
	sqlite3_stmt *ticket, *counter;
	const struct scratch *scratch;
	unsigned long long rng;
};

/* Note a SQLite failure of the build as a failed request. */
static int history_db_fail(sqlite3 *db, const char *what)
{
	struct qerr err = {0};

	qerr_set(&err, PROTO_E_STORE, "%s: %s", what,
	         db ? sqlite3_errmsg(db) : "out of memory");
	report_failure("history", &err);
	return -1;
}

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

/* Step a statement to its end and reset it; -1 if it failed. */
static int history_db_step(struct history_db *h, sqlite3_stmt *st,
                           const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : history_db_fail(h->db, what);
}

/* One done ticket: number seq of queue q on a day that began at day_ms. */
static int history_db_ticket(struct history_db *h, const char *day,
                             int64_t day_ms, int q, int seq)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	                               "klmnopqrstuvwxyz0123456789-_";
	char number[TICKET_NUMBER_MAX], key[TICKET_KEY_LEN + 1];
	const char *queue = h->scratch->queues[q];
	unsigned long long r = history_db_random(h);
	int64_t taken = day_ms + HISTORY_DB_OPENS_MS + (int64_t)seq * 90000;
	int64_t called = taken + (int64_t)(r % 1800000);
	sqlite3_stmt *st = h->ticket;

	snprintf(number, sizeof number, "%s%03d", queue, seq);
	for (int i = 0; i < TICKET_KEY_LEN; i++)
		key[i] = alphabet[(r >> (i * 4 % 60)) & 63];
	key[TICKET_KEY_LEN] = '\0';
	sqlite3_bind_text(st, 1, day, TICKET_DAY_LEN, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, queue, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)(r % 12) + 1);
	sqlite3_bind_int64(st, 5, taken);
	sqlite3_bind_int64(st, 6, called);
	sqlite3_bind_int64(st, 7, called + 20000);
	sqlite3_bind_int64(st, 8, called + 20000 + (int64_t)(r >> 40) % 600000);
	sqlite3_bind_text(st, 9, key, TICKET_KEY_LEN, SQLITE_TRANSIENT);
	return history_db_step(h, st, "writing a ticket of history");
}

/* The day's counter of queue q, as qhalld would have left it. */
static int history_db_counter(struct history_db *h, const char *day, int q,
                              int last)
{
	sqlite3_bind_text(h->counter, 1, h->scratch->queues[q], -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(h->counter, 2, day, TICKET_DAY_LEN, SQLITE_STATIC);
	sqlite3_bind_int(h->counter, 3, last);
	return history_db_step(h, h->counter, "writing a day's counter");
}

/* One day of n tickets (n <= HISTORY_DB_PER_DAY), queues in turn. */
static int history_db_one_day(struct history_db *h, int64_t back, int n)
{
	char day[TICKET_DAY_LEN + 1];
	int64_t day_ms = history_db_day(back, day);
	int nq = h->scratch->nqueues;
	int per_queue = (n + nq - 1) / nq;

	for (int q = 0; q < nq; q++) {
		int count = n - q * per_queue;
		count = count > per_queue ? per_queue : count;
		if (count <= 0)
			break;
		for (int seq = 1; seq <= count; seq++)
			if (history_db_ticket(h, day, day_ms, q, seq))
				return -1;
		if (history_db_counter(h, day, q, count))
			return -1;
	}
	return 0;
}

/* Every day from the oldest on, in transactions of about PER_TXN rows. */
static int history_db_days(struct history_db *h, long long n)
{
	int64_t days = (n + HISTORY_DB_PER_DAY - 1) / HISTORY_DB_PER_DAY;
	long long written = 0, since_commit = 0;

	if (sqlite3_exec(h->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return history_db_fail(h->db, "starting the history");
	/* Day 0 is today, day 1 may be today in the hall's zone: start at 2. */
	for (int64_t back = days + 1; back >= 2; back--) {
		int today = n - written > HISTORY_DB_PER_DAY
		                ? HISTORY_DB_PER_DAY
		                : (int)(n - written);
		if (history_db_one_day(h, back, today))
			return -1;
		written += today;
		since_commit += today;
		if (since_commit >= HISTORY_DB_PER_TXN) {
			if (sqlite3_exec(h->db, "COMMIT; BEGIN", NULL, NULL,
			                 NULL) != SQLITE_OK)
				return history_db_fail(h->db,
				                       "committing history");
			since_commit = 0;
		}
	}
	if (sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return history_db_fail(h->db, "committing history");
	return 0;
}

/* Open path for a fast build and prepare the two inserts. */
static int history_db_open(struct history_db *h, const char *path)
{
	if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		return history_db_fail(h->db, path);
	if (sqlite3_exec(h->db,
	                 "PRAGMA journal_mode = DELETE;"
	                 "PRAGMA journal_mode = OFF;"
	                 "PRAGMA synchronous = OFF;"
	                 "PRAGMA locking_mode = EXCLUSIVE;"
	                 "PRAGMA cache_size = -262144;",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return history_db_fail(h->db, "setting up the build");
	if (sqlite3_prepare_v2(
	        h->db,
	        "INSERT INTO ticket (day, number, queue, item, priority, "
	        "class, state, window, order_at, taken_at, called_at, "
	        "served_at, finished_at, calls, printed, key) VALUES (?1, ?2, "
	        "?3, NULL, 0, 2, 3, ?4, ?5, ?5, ?6, ?7, ?8, 1, 1, ?9)",
	        -1, &h->ticket, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h->db,
	                       "UPDATE queue SET seq_day = ?2, last_seq = ?3 "
	                       "WHERE prefix = ?1",
	                       -1, &h->counter, NULL) != SQLITE_OK)
		return history_db_fail(h->db, "preparing the build");
	return 0;
}

/* Write n done tickets of past days into path; *seconds: how long. */
int history_db_build(const char *path, const struct scratch *s, long long n,
                     double *seconds)
{
	struct history_db h = {.scratch = s, .rng = 0x9E3779B97F4A7C15ULL};
	int64_t t0 = stats_now();
	int rc = -1;

	if (history_db_open(&h, path) == 0 && history_db_days(&h, n) == 0)
		rc = 0;
	sqlite3_finalize(h.ticket);
	sqlite3_finalize(h.counter);
	sqlite3_close(h.db);
	*seconds = (double)(stats_now() - t0) / 1e9;
	return rc;
}
