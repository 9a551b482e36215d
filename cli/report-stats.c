/*
 * Durations for percentiles without keeping every sample: whole seconds
 * up to REPORT_HIST_S are counted in a histogram (exact, since reports
 * speak in whole seconds), the rare longer ones kept as they are. A year
 * of a busy hall costs 28 KiB per subject and figure, not a sample each.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xmalloc.h"

void report_stat_add(struct report_stat *s, int64_t sec)
{
	if (sec < 0)
		sec = 0;
	s->n++;
	s->sum += sec;
	if (sec > s->max)
		s->max = sec;
	if (sec < REPORT_HIST_S) {
		if (s->hist == NULL)
			s->hist = xcalloc(REPORT_HIST_S, sizeof *s->hist);
		s->hist[sec]++;
		return;
	}
	if (s->nover == s->capover) {
		s->capover = s->capover ? s->capover * 2 : 16;
		s->over = xrealloc(s->over, s->capover * sizeof *s->over);
	}
	s->over[s->nover++] = sec;
}

static int report_stat_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t report_stat_rank(struct report_stat *s, int num, int den)
{
	int64_t rank, seen = 0;

	if (s->n == 0)
		return -1;
	rank = (s->n * num + den - 1) / den; /* ceil(n * p), at least 1 */
	if (rank < 1)
		rank = 1;
	for (int64_t sec = 0; s->hist && sec < REPORT_HIST_S; sec++) {
		seen += s->hist[sec];
		if (seen >= rank)
			return sec;
	}
	qsort(s->over, s->nover, sizeof *s->over, report_stat_cmp);
	return s->over[rank - seen - 1];
}

void report_stat_free(struct report_stat *s)
{
	free(s->hist);
	free(s->over);
	memset(s, 0, sizeof *s);
}

/* src's samples into dst, as if each had been added there. */
void report_stat_merge(struct report_stat *dst, const struct report_stat *src)
{
	if (src->n == 0)
		return;
	if (src->hist) {
		if (dst->hist == NULL)
			dst->hist = xcalloc(REPORT_HIST_S, sizeof *dst->hist);
		for (int i = 0; i < REPORT_HIST_S; i++)
			dst->hist[i] += src->hist[i];
	}
	for (size_t i = 0; i < src->nover; i++) {
		if (dst->nover == dst->capover) {
			dst->capover = dst->capover ? dst->capover * 2 : 16;
			dst->over = xrealloc(dst->over,
			                     dst->capover * sizeof *dst->over);
		}
		dst->over[dst->nover++] = src->over[i];
	}
	dst->n += src->n;
	dst->sum += src->sum;
	if (src->max > dst->max)
		dst->max = src->max;
}

/* A subject's figures added to another's (a city's halls). */
void report_row_merge(struct report_row *dst, const struct report_row *src)
{
	dst->taken += src->taken;
	dst->finished += src->finished;
	dst->no_show += src->no_show;
	dst->rejoined += src->rejoined;
	dst->transferred += src->transferred;
	dst->expired += src->expired;
	dst->cancelled += src->cancelled;
	dst->over_wait += src->over_wait;
	report_stat_merge(&dst->wait, &src->wait);
	report_stat_merge(&dst->service, &src->service);
	report_stat_merge(&dst->serving, &src->serving);
	for (int b = 0; b < REPORT_BANDS; b++)
		dst->bands[b] += src->bands[b];
	dst->presence |= src->presence;
	dst->logged_in_ms += src->logged_in_ms;
	dst->paused_ms += src->paused_ms;
	dst->idle_ms += src->idle_ms;
	for (int i = 0; i < src->npaused_by; i++) {
		int k = 0;

		while (k < dst->npaused_by && strcmp(dst->paused_by[k].reason,
		                                     src->paused_by[i].reason))
			k++;
		if (k == dst->npaused_by) {
			if (k == REPORT_REASONS)
				continue;
			dst->paused_by[k] = src->paused_by[i];
			dst->npaused_by++;
		} else {
			dst->paused_by[k].ms += src->paused_by[i].ms;
		}
	}
}

/* The row's samples freed (not the row). */
void report_row_free(struct report_row *r)
{
	report_stat_free(&r->wait);
	report_stat_free(&r->service);
	report_stat_free(&r->serving);
}
