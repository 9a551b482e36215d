/*
 * Rate limits per device and role: a kiosk's takes, a window's calls,
 * recalls and skips. One misused token must not use up a queue's numbers
 * for the day, or turn a whole queue into no-shows in a second.
 *
 * Each device has a budget per class (GCRA, the leaky bucket as a single
 * time): N a minute, with a burst of N, so a real kiosk or window never
 * meets it. The daemon's own user on the Unix socket and admins are never
 * limited. Over the limit a request is refused with rate_limited and
 * changes nothing; the device is logged once a minute with a count of the
 * rest, and `status` shows admins who was refused, how often and when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "ops.h"
#include "proto.h"
#include "xmalloc.h"

#define LIMITS_LOG_WINDOW_MS 60000

enum limit_class { LIMIT_TAKES, LIMIT_CALLS, LIMIT_CLASSES };

static const char *const limit_names[LIMIT_CLASSES] = {"takes", "calls"};

/* Which op of which role draws on which budget. */
static const struct {
	const struct op *op;
	enum role role;
	enum limit_class klass;
} limit_ops[] = {
    {&op_take, ROLE_KIOSK, LIMIT_TAKES},
    {&op_call, ROLE_WINDOW, LIMIT_CALLS},
    {&op_recall, ROLE_WINDOW, LIMIT_CALLS},
    {&op_skip, ROLE_WINDOW, LIMIT_CALLS},
};

struct limit_device {
	struct limit_device *next; /* limits::devices */
	char name[64];
	int64_t tat[LIMIT_CLASSES]; /* when the budget is whole again, ms */
	int64_t refused, last_refused;
	int64_t log_start; /* when the last line about it was written */
	long unsaid;       /* refusals since, not yet in the log */
};

struct limits {
	int per_minute[LIMIT_CLASSES]; /* 0: no limit */
	/* One per device that ever drew on a budget: as many as the
	 * hall has tokens, kept until the daemon stops. */
	struct limit_device *devices;
};

struct limits *limits_new(const struct config *c)
{
	struct limits *l = xcalloc(1, sizeof *l);

	l->per_minute[LIMIT_TAKES] = c->kiosk_takes_per_minute;
	l->per_minute[LIMIT_CALLS] = c->window_calls_per_minute;
	return l;
}

void limits_free(struct limits *l)
{
	struct limit_device *d, *next;

	if (l == NULL)
		return;
	for (d = l->devices; d; d = next) {
		next = d->next;
		free(d);
	}
	free(l);
}

static struct limit_device *limits_device(struct limits *l, const char *name)
{
	struct limit_device *d;

	for (d = l->devices; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	d = xcalloc(1, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", name);
	d->log_start = -LIMITS_LOG_WINDOW_MS;
	d->next = l->devices;
	l->devices = d;
	return d;
}

/* The first refusal of a minute is said at once, the rest as one line. */
static void limits_note(struct limit_device *d, const struct conn *c,
                        int per_minute, enum limit_class k, int64_t now)
{
	d->refused++;
	d->last_refused = now;
	if (now - d->log_start < LIMITS_LOG_WINDOW_MS) {
		d->unsaid++;
		return;
	}
	if (d->unsaid > 0)
		log_warn("limits",
		         "%s: %ld more requests refused over its rate limit "
		         "in the minute before",
		         d->name, d->unsaid);
	log_warn("limits",
	         "%s (%s) is over its limit of %d %s a minute: refused",
	         d->name, c->peer, per_minute, limit_names[k]);
	d->log_start = now;
	d->unsaid = 0;
}

int limits_check(struct limits *l, const struct conn *c, const struct op *op,
                 int64_t now, struct qerr *err)
{
	struct limit_device *d;
	int64_t interval, tat;
	enum limit_class k;
	size_t i;

	if (l == NULL || c->trusted || c->role == ROLE_ADMIN)
		return 0;
	for (i = 0; i < sizeof limit_ops / sizeof limit_ops[0]; i++)
		if (limit_ops[i].op == op && limit_ops[i].role == c->role)
			break;
	if (i == sizeof limit_ops / sizeof limit_ops[0])
		return 0;
	k = limit_ops[i].klass;
	if (l->per_minute[k] <= 0)
		return 0;
	d = limits_device(l, c->device);
	/* A request costs interval; the budget holds a minute's worth. */
	interval = 60000 / l->per_minute[k];
	tat = d->tat[k] > now ? d->tat[k] : now;
	if (tat + interval - now > 60000) {
		limits_note(d, c, l->per_minute[k], k, now);
		return qerr_set(
		    err, PROTO_E_RATE_LIMITED,
		    "%s is over its limit of %d %s a minute; "
		    "try again in %lld s",
		    c->device, l->per_minute[k], limit_names[k],
		    (long long)((tat + interval - now - 60000) / 1000 + 1));
	}
	d->tat[k] = tat + interval;
	return 0;
}

json_t *limits_status(const struct limits *l)
{
	json_t *out = json_array();

	for (const struct limit_device *d = l ? l->devices : NULL; d;
	     d = d->next)
		if (d->refused > 0)
			json_array_append_new(
			    out,
			    json_pack("{s:s, s:I, s:I}", "device", d->name,
			              "refused", (json_int_t)d->refused, "last",
			              (json_int_t)d->last_refused));
	return out;
}
