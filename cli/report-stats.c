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
