/*
 * The follow-up of a 差评 (差评台账), on plain data: its states, the
 * working-day deadlines, and when an entry is overdue.
 *
 *   to_verify (待核实) --verify--> verified (属实) --fix--> fixing (整改)
 *             \                 \-> not_verified (不属实)
 *   fixing, not_verified --callback--> called_back (回访) --close--> closed
 *   any open state --appeal--> appealed (申诉) --close with a review-->
 * excluded
 *                                         \--verify--> (the appeal failed)
 *
 * Exclusion (误评, 恶意差评) happens only on a recorded review: who
 * reviewed and why. Nothing leaves the ledger silently.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hall.h"
#include "proto.h"

static const char *const review_states[REVIEW_STATE_COUNT] = {
    [REVIEW_TO_VERIFY] = "to_verify",       [REVIEW_VERIFIED] = "verified",
    [REVIEW_NOT_VERIFIED] = "not_verified", [REVIEW_FIXING] = "fixing",
    [REVIEW_CALLED_BACK] = "called_back",   [REVIEW_CLOSED] = "closed",
    [REVIEW_APPEALED] = "appealed",         [REVIEW_EXCLUDED] = "excluded",
};

const char *hall_rule_review_state_name(enum review_state s)
{
	return (unsigned)s < REVIEW_STATE_COUNT ? review_states[s] : "unknown";
}

int hall_rule_review_open(enum review_state s)
{
	return s != REVIEW_CLOSED && s != REVIEW_EXCLUDED;
}

static int review_holiday(const struct rating_policy *p, const struct tm *tm)
{
	char day[TICKET_DAY_LEN + 1];

	strftime(day, sizeof day, "%Y-%m-%d", tm);
	for (int i = 0; i < p->nholidays; i++)
		if (strcmp(p->holidays[i], day) == 0)
			return 1;
	return 0;
}

static int review_working(const struct rating_policy *p, const struct tm *tm)
{
	return tm->tm_wday != 0 && tm->tm_wday != 6 && !review_holiday(p, tm);
}

/*
 * The end (last millisecond, in the hall's zone) of the days-th working
 * day after the day of `from`: weekends and the configured holidays are
 * skipped. With 0 days, the end of the first working day from that day on.
 */
int64_t hall_rule_working_deadline(const struct rating_policy *p, int64_t from,
                                   int days)
{
	time_t t = (time_t)(from / 1000);
	struct tm tm;
	int left = days;

	localtime_r(&t, &tm);
	tm.tm_hour = 12; /* noon: a day's step never trips on a DST hour */
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	mktime(&tm);
	/* With 0 days the day itself counts, if it is a working day. */
	if (days == 0 && review_working(p, &tm))
		left = -1;
	for (int guard = 0; left >= 0 && guard < 3660; guard++) {
		tm.tm_mday++;
		tm.tm_isdst = -1;
		mktime(&tm); /* normalises the date, sets tm_wday */
		if (review_working(p, &tm) && --left <= 0)
			break;
	}
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000 + 999;
}

/* Past a deadline with its step not done: no first reply, or no fix. */
int hall_rule_review_overdue(const struct store_review *r, int64_t now)
{
	if (!hall_rule_review_open(r->state))
		return 0;
	if (r->replied_at == 0 && now > r->reply_due)
		return 1;
	return r->verified == 1 && r->fixed_at == 0 && now > r->fix_due;
}

static int review_refuse(const struct store_review *r, const char *action,
                         struct qerr *err)
{
	return qerr_set(err, PROTO_E_BAD_STATE, "review %lld is %s: no %s now",
	                (long long)r->id, hall_rule_review_state_name(r->state),
	                action);
}

/* One step of the ledger on r; what the step records is in s. */
int hall_rule_review_step(struct store_review *r, const struct review_step *s,
                          int64_t now, struct qerr *err)
{
	if (!hall_rule_review_open(r->state))
		return review_refuse(r, s->action, err);
	if (strcmp(s->action, "verify") == 0) {
		if (r->state != REVIEW_TO_VERIFY && r->state != REVIEW_APPEALED)
			return review_refuse(r, "verify", err);
		if (s->verified < 0)
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "verify needs true (属实) or false "
			                "(不属实)");
		r->verified = s->verified;
		r->state = s->verified ? REVIEW_VERIFIED : REVIEW_NOT_VERIFIED;
		if (r->replied_at == 0)
			r->replied_at = now;
	} else if (strcmp(s->action, "fix") == 0) {
		if (r->state != REVIEW_VERIFIED)
			return review_refuse(r, "fix", err);
		r->state = REVIEW_FIXING;
		r->fixed_at = now;
	} else if (strcmp(s->action, "callback") == 0) {
		if (r->state != REVIEW_FIXING &&
		    r->state != REVIEW_NOT_VERIFIED)
			return review_refuse(r, "callback", err);
		if (s->result == NULL || (strcmp(s->result, "满意") != 0 &&
		                          strcmp(s->result, "基本满意") != 0 &&
		                          strcmp(s->result, "不满意") != 0))
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "a callback's result is 满意, 基本满意 "
			                "or 不满意");
		snprintf(r->callback, sizeof r->callback, "%s", s->result);
		r->state = REVIEW_CALLED_BACK;
		r->called_back_at = now;
	} else if (strcmp(s->action, "appeal") == 0) {
		if (r->state == REVIEW_APPEALED)
			return review_refuse(r, "appeal", err);
		r->state = REVIEW_APPEALED;
	} else if (strcmp(s->action, "close") == 0) {
		if (r->state == REVIEW_APPEALED) {
			if (s->excluded == NULL || s->reviewer == NULL ||
			    s->note == NULL ||
			    (strcmp(s->excluded, "误评") != 0 &&
			     strcmp(s->excluded, "恶意差评") != 0))
				return qerr_set(
				    err, PROTO_E_BAD_REQUEST,
				    "an appealed 差评 is excluded only by a "
				    "review: excluded 误评 or 恶意差评, the "
				    "reviewer and the reason");
			snprintf(r->excluded, sizeof r->excluded, "%s",
			         s->excluded);
			snprintf(r->reviewer, sizeof r->reviewer, "%s",
			         s->reviewer);
			r->state = REVIEW_EXCLUDED;
		} else if (r->state == REVIEW_CALLED_BACK) {
			if (s->excluded)
				return review_refuse(r, "exclusion", err);
			r->state = REVIEW_CLOSED;
		} else {
			return review_refuse(r, "close", err);
		}
		r->closed_at = now;
	} else {
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a review's step is verify, fix, callback, "
		                "appeal or close");
	}
	return 0;
}

/* Count one entry into the figures of its subject. */
void hall_rule_review_count(struct review_figures *f,
                            const struct store_review *r, int64_t now)
{
	if (r->state == REVIEW_EXCLUDED) {
		f->excluded++;
		return;
	}
	f->reviews++;
	if (r->replied_at && r->replied_at <= r->reply_due)
		f->replied_in_time++;
	if (r->callback[0]) {
		f->callbacks++;
		if (strcmp(r->callback, "不满意") != 0)
			f->callback_satisfied++;
		if (r->state == REVIEW_CLOSED)
			f->closed_with_callback++;
	}
	if (hall_rule_review_overdue(r, now))
		f->overdue++;
}

/*
 * 差评回复率 = first replies within their deadline ÷ 差评 not excluded;
 * 回访整改率 = closed with a callback ÷ 差评 not excluded; 回访整改满意率 =
 * callbacks 满意 or 基本满意 ÷ callbacks. -1: nothing to divide by.
 */
void hall_rule_review_rates(struct review_figures *f)
{
	f->reply_rate =
	    f->reviews ? (double)f->replied_in_time / f->reviews : -1;
	f->callback_rate =
	    f->reviews ? (double)f->closed_with_callback / f->reviews : -1;
	f->callback_satisfied_rate =
	    f->callbacks ? (double)f->callback_satisfied / f->callbacks : -1;
}
