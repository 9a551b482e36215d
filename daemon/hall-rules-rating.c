/*
 * The rules of a rating (好差评), on plain data: who may rate which
 * service, until when, and with what. GB/T 39734 asks for one rating per
 * service, given freely: nobody rates for the citizen, no level is ever
 * assumed (a service not rated stays 未评), and a 差评 (不满意, 非常不满意)
 * says why, from the hall's list of reasons.
 */
#include <stdio.h>
#include <string.h>

#include "hall.h"
#include "proto.h"

/* A grace beyond the evaluator's prompt for the tap's trip to the daemon. */
#define RATING_EVALUATOR_GRACE_S 10
#define RATING_DAY_MS            (24LL * 3600 * 1000)

/* One comma-separated list into fixed slots; blanks around items go. */
static int rating_split(const char *list, char *out, size_t width, int max,
                        int *n, const char *what, struct qerr *err)
{
	const char *p = list;

	*n = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > 0) {
			if (*n == max)
				return qerr_set(err, PROTO_E_CONFIG,
				                "more than %d %s", max, what);
			if (len >= width)
				return qerr_set(err, PROTO_E_CONFIG,
				                "%s \"%.*s\" is too long", what,
				                (int)len, p);
			memcpy(out + (size_t)*n * width, p, len);
			out[(size_t)*n * width + len] = '\0';
			(*n)++;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

static int rating_day_valid(const char *s)
{
	int y, m, d;
	char tail;

	return strlen(s) == TICKET_DAY_LEN &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       y >= 2000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The reasons and holidays of the configuration, checked. */
int hall_rule_rating_policy(struct rating_policy *p, const char *reasons,
                            const char *holidays, struct qerr *err)
{
	if (rating_split(reasons, p->reasons[0], sizeof p->reasons[0],
	                 RATING_REASONS_MAX, &p->nreasons, "rating reasons",
	                 err) ||
	    rating_split(holidays, p->holidays[0], sizeof p->holidays[0],
	                 RATING_HOLIDAYS_MAX, &p->nholidays, "holidays", err))
		return -1;
	if (p->nreasons == 0)
		return qerr_set(err, PROTO_E_CONFIG,
		                "[ratings] reasons: a 差评 needs at least one "
		                "reason to choose");
	for (int i = 0; i < p->nreasons; i++)
		if (strchr(p->reasons[i], '|'))
			return qerr_set(err, PROTO_E_CONFIG,
			                "rating reason \"%s\" holds a '|'",
			                p->reasons[i]);
	for (int i = 0; i < p->nholidays; i++)
		if (!rating_day_valid(p->holidays[i]))
			return qerr_set(err, PROTO_E_CONFIG,
			                "holiday \"%s\" is not YYYY-MM-DD",
			                p->holidays[i]);
	return 0;
}

/* evaluator, web and paper are the channels; 0 when one of them. */
int hall_rule_rating_channel(const char *channel)
{
	return strcmp(channel, "evaluator") == 0 ||
	               strcmp(channel, "web") == 0 ||
	               strcmp(channel, "paper") == 0
	           ? 0
	           : -1;
}

int hall_rule_rating_bad(int level)
{
	return level <= 2;
}

static int rating_reason_known(const struct rating_policy *p, const char *r)
{
	for (int i = 0; i < p->nreasons; i++)
		if (strcmp(p->reasons[i], r) == 0)
			return 1;
	return 0;
}

/* The last moment the ticket's page or a paper form may rate svc. */
int64_t hall_rule_rate_until(const struct rating_policy *p,
                             const struct store_service *svc)
{
	return svc->finished_at + (int64_t)p->rate_days * RATING_DAY_MS;
}

/*
 * May this rating be given to svc? The evaluator at a window rates the
 * service that window finished last, while it still asks; the other
 * channels (the ticket's page, a paper form) rate within rate_days of the
 * service (补评). The second rating is the store's to find.
 */
int hall_rule_rate(const struct rating_policy *p, const struct hall_rate *r,
                   const struct store_service *svc, int last_at_window,
                   struct qerr *err)
{
	int64_t age = r->now - svc->finished_at;

	if (r->level < 1 || r->level > 5)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a rating is a level from 1 to 5, not %d",
		                r->level);
	if (hall_rule_rating_channel(r->channel))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "channel must be evaluator, web or paper");
	if (r->rater_window > 0) {
		if (svc->window != r->rater_window)
			return qerr_set(err, PROTO_E_WRONG_WINDOW,
			                "%s was served at window %d; this "
			                "evaluator rates window %d only",
			                svc->number, svc->window,
			                r->rater_window);
		if (!last_at_window ||
		    age > (int64_t)(p->evaluator_s + RATING_EVALUATOR_GRACE_S) *
		              1000)
			return qerr_set(err, PROTO_E_RATING_CLOSED,
			                "the evaluator rates only the service "
			                "just finished at its window");
	} else if (age > (int64_t)p->rate_days * RATING_DAY_MS) {
		return qerr_set(err, PROTO_E_RATING_CLOSED,
		                "%s was served more than %d days ago: too late "
		                "to rate",
		                svc->number, p->rate_days);
	}
	for (int i = 0; i < r->nreasons; i++)
		if (!rating_reason_known(p, r->reasons[i]))
			return qerr_set(
			    err, PROTO_E_BAD_REQUEST,
			    "\"%s\" is not one of the hall's rating "
			    "reasons",
			    r->reasons[i]);
	if (hall_rule_rating_bad(r->level) && r->nreasons == 0)
		return qerr_set(err, PROTO_E_REASON_REQUIRED,
		                "a 差评 (level %d) needs at least one reason",
		                r->level);
	return 0;
}

/*
 * The figures of one subject (docs/RATINGS.md defines each): 主动评价率 =
 * rated / services, 未评率 = unrated / services, 好评率 = levels 3 to 5 /
 * rated. A rate without a denominator is -1, never 0 or 1.
 */
void hall_rule_figures(const struct store_rating_count *c,
                       struct rating_figures *f)
{
	memset(f, 0, sizeof *f);
	f->services = c->services;
	f->rated = c->rated;
	f->unrated = c->services - c->rated;
	for (int l = 1; l <= 5; l++)
		f->levels[l] = c->levels[l];
	f->bad = c->levels[1] + c->levels[2];
	f->good = c->levels[3] + c->levels[4] + c->levels[5];
	f->rated_rate = f->services ? (double)f->rated / f->services : -1;
	f->unrated_rate = f->services ? (double)f->unrated / f->services : -1;
	f->good_rate = f->rated ? (double)f->good / f->rated : -1;
}
