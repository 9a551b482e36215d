/*
 * Latency figures. Every sample lands in a log-linear bucket (64 steps per
 * power of two, so a bucket is at most 1.6 % wide): histograms of fixed
 * size that threads fill alone and merge at the end, however many millions
 * of display events come in.
 */
#include <math.h>
#include <time.h>

#include "bench.h"

/* Nanoseconds on the one clock every thread of the bench shares. */
int64_t stats_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The bucket of a value: exact below 128 ns, then 64 per power of two. */
static int stats_index(uint64_t v)
{
	int shift, idx;

	if (v < 2 * STATS_SUB)
		return (int)v;
	shift = 63 - __builtin_clzll(v) - STATS_SUB_BITS;
	idx = STATS_SUB * shift + (int)(v >> shift);
	return idx < STATS_BUCKETS ? idx : STATS_BUCKETS - 1;
}

/* The middle of a bucket, in nanoseconds. */
static double stats_value(int idx)
{
	int shift;

	if (idx < 2 * STATS_SUB)
		return idx;
	shift = idx / STATS_SUB - 1;
	return (double)((uint64_t)(idx - STATS_SUB * shift) << shift) +
	       (double)((uint64_t)1 << shift) / 2;
}

/* Count one sample; a clock that went backwards counts as zero. */
void stats_add(struct stats *s, int64_t ns)
{
	s->bucket[stats_index(ns > 0 ? (uint64_t)ns : 0)]++;
	s->count++;
}

/* Add one histogram's samples to another's. */
void stats_merge(struct stats *into, const struct stats *from)
{
	for (int i = 0; i < STATS_BUCKETS; i++)
		into->bucket[i] += from->bucket[i];
	into->count += from->count;
}

/* The value below which a share p (0..1) of the samples lie, in µs. */
double stats_percentile_us(const struct stats *s, double p)
{
	uint64_t rank, seen = 0;

	if (s->count == 0)
		return NAN;
	rank = (uint64_t)ceil(p * (double)s->count);
	if (rank < 1)
		rank = 1;
	for (int i = 0; i < STATS_BUCKETS; i++) {
		seen += s->bucket[i];
		if (seen >= rank)
			return stats_value(i) / 1000;
	}
	return stats_value(STATS_BUCKETS - 1) / 1000;
}

/* Operations per second of a result, over its measured time. */
double result_rate(const struct result *r)
{
	if (r->elapsed_ns <= 0)
		return 0;
	return (double)r->ops * 1e9 / (double)r->elapsed_ns;
}
