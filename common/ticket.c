#include "ticket.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsontext.h"
#include "proto.h"

static const char *const ticket_states[TICKET_STATE_COUNT] = {
    [TICKET_WAITING] = "waiting", [TICKET_CALLED] = "called",
    [TICKET_SERVING] = "serving", [TICKET_DONE] = "done",
    [TICKET_NO_SHOW] = "no_show", [TICKET_CANCELLED] = "cancelled",
    [TICKET_EXPIRED] = "expired",
};

const char *ticket_state_name(enum ticket_state s)
{
	if ((unsigned)s >= TICKET_STATE_COUNT)
		return "unknown";
	return ticket_states[s];
}

int ticket_state_parse(const char *s, enum ticket_state *out)
{
	for (int i = 0; i < TICKET_STATE_COUNT; i++) {
		if (strcmp(s, ticket_states[i]) == 0) {
			*out = (enum ticket_state)i;
			return 0;
		}
	}
	return -1;
}

/* Write "A007"; returns -1 if the prefix or the sequence is out of range. */
int ticket_number_format(char *out, size_t size, const char *prefix, int seq)
{
	int n;

	if (seq < 1 || seq > TICKET_SEQ_MAX ||
	    strlen(prefix) > TICKET_PREFIX_MAX)
		return -1;
	n = snprintf(out, size, "%s%03d", prefix, seq);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/* A number is 1-4 capital letters then 3-4 digits. */
int ticket_number_valid(const char *s)
{
	size_t letters = 0, digits = 0;

	while (isupper((unsigned char)s[letters]))
		letters++;
	while (isdigit((unsigned char)s[letters + digits]))
		digits++;
	return letters >= 1 && letters <= TICKET_PREFIX_MAX && digits >= 3 &&
	       digits <= 4 && s[letters + digits] == '\0';
}

json_t *ticket_to_json(const struct ticket *t)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:s, s:b, s:I, s:i}", "number",
	              t->number, "queue", t->queue, "day", t->day, "state",
	              ticket_state_name(t->state), "priority", t->priority,
	              "taken_at", (json_int_t)t->taken_at, "calls", t->calls);

	json_object_set_new(o, "window",
	                    t->window ? json_integer(t->window) : json_null());
	json_object_set_new(o, "item",
	                    t->item[0] ? json_string(t->item) : json_null());
	json_object_set_new(o, "transferred",
	                    json_boolean(t->klass == TICKET_CLASS_TRANSFERRED));
	json_object_set_new(o, "printed", json_boolean(t->printed));
	if (t->called_at)
		json_object_set_new(o, "called_at", json_integer(t->called_at));
	if (t->served_at)
		json_object_set_new(o, "served_at", json_integer(t->served_at));
	if (t->finished_at)
		json_object_set_new(o, "finished_at",
		                    json_integer(t->finished_at));
	if (t->key[0])
		json_object_set_new(o, "key", json_string(t->key));
	if (t->ahead >= 0)
		json_object_set_new(o, "ahead", json_integer(t->ahead));
	if (t->est_wait_s >= 0)
		json_object_set_new(o, "est_wait_s",
		                    json_integer(t->est_wait_s));
	if (t->route_steps > 0) {
		json_object_set_new(o, "route_step",
		                    json_integer(t->route_step));
		json_object_set_new(o, "route_steps",
		                    json_integer(t->route_steps));
	}
	return o;
}

/* A string field into a fixed buffer; a missing or null one is "". */
static int ticket_copy_str(json_t *o, const char *key, char *out, size_t size,
                           struct qerr *err)
{
	json_t *v = json_object_get(o, key);

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= size)
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "ticket: \"%s\" is not a string that fits",
		                key);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int64_t ticket_int(json_t *o, const char *key, int64_t absent)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : absent;
}

/*
 * What a client reads of a ticket, checked once here so that a screen
 * never meets a missing field later: the number, queue, day and state
 * must be there; what may be absent reads as 0, "" or -1 (unknown).
 */
int ticket_from_json(json_t *o, struct ticket *t, struct qerr *err)
{
	json_t *state = json_object_get(o, "state");

	memset(t, 0, sizeof *t);
	if (!json_is_object(o))
		return qerr_set(err, PROTO_E_PROTOCOL, "ticket: not an object");
	if (ticket_copy_str(o, "number", t->number, sizeof t->number, err) ||
	    ticket_copy_str(o, "queue", t->queue, sizeof t->queue, err) ||
	    ticket_copy_str(o, "day", t->day, sizeof t->day, err) ||
	    ticket_copy_str(o, "item", t->item, sizeof t->item, err) ||
	    ticket_copy_str(o, "key", t->key, sizeof t->key, err))
		return -1;
	if (t->number[0] == '\0' || !json_is_string(state) ||
	    ticket_state_parse(json_string_value(state), &t->state))
		return qerr_set(err, PROTO_E_PROTOCOL,
		                "ticket: no number or no known state");
	t->priority = json_is_true(json_object_get(o, "priority"));
	t->klass = json_is_true(json_object_get(o, "transferred"))
	               ? TICKET_CLASS_TRANSFERRED
	           : t->priority ? TICKET_CLASS_PRIORITY
	                         : TICKET_CLASS_NORMAL;
	t->printed = !json_is_false(json_object_get(o, "printed"));
	t->window = (int)ticket_int(o, "window", 0);
	t->calls = (int)ticket_int(o, "calls", 0);
	t->taken_at = ticket_int(o, "taken_at", 0);
	t->called_at = ticket_int(o, "called_at", 0);
	t->served_at = ticket_int(o, "served_at", 0);
	t->finished_at = ticket_int(o, "finished_at", 0);
	t->ahead = (int)ticket_int(o, "ahead", -1);
	t->est_wait_s = (int)ticket_int(o, "est_wait_s", -1);
	t->route_step = (int)ticket_int(o, "route_step", 0);
	t->route_steps = (int)ticket_int(o, "route_steps", 0);
	return 0;
}

/*
 * The same object as ticket_to_json(), written as compact JSON text
 * straight into out (NUL-terminated): the trace gets a ticket on every
 * change, and building a jansson object to dump it was a quarter of a
 * take. The key only when with_key. Returns the length, or -1 when out is
 * too small.
 */
int ticket_json_write(char *out, size_t size, const struct ticket *t,
                      int with_key)
{
	size_t at = 0;
	int rc;

	rc =
	    jsontext_lit(out, size, &at, "{\"number\":") ||
	    jsontext_str(out, size, &at, t->number) ||
	    jsontext_lit(out, size, &at, ",\"queue\":") ||
	    jsontext_str(out, size, &at, t->queue) ||
	    jsontext_lit(out, size, &at, ",\"day\":") ||
	    jsontext_str(out, size, &at, t->day) ||
	    jsontext_lit(out, size, &at, ",\"state\":\"") ||
	    jsontext_lit(out, size, &at, ticket_state_name(t->state)) ||
	    jsontext_lit(out, size, &at,
	                 t->priority ? "\",\"priority\":true,\"taken_at\":"
	                             : "\",\"priority\":false,\"taken_at\":") ||
	    jsontext_int(out, size, &at, t->taken_at) ||
	    jsontext_lit(out, size, &at, ",\"calls\":") ||
	    jsontext_int(out, size, &at, t->calls) ||
	    jsontext_lit(out, size, &at, ",\"window\":");
	if (!rc && t->window)
		rc = jsontext_int(out, size, &at, t->window);
	else if (!rc)
		rc = jsontext_lit(out, size, &at, "null");
	rc = rc || jsontext_lit(out, size, &at, ",\"item\":");
	if (!rc && t->item[0])
		rc = jsontext_str(out, size, &at, t->item);
	else if (!rc)
		rc = jsontext_lit(out, size, &at, "null");
	rc = rc ||
	     jsontext_lit(out, size, &at,
	                  t->klass == TICKET_CLASS_TRANSFERRED
	                      ? ",\"transferred\":true"
	                      : ",\"transferred\":false") ||
	     jsontext_lit(out, size, &at,
	                  t->printed ? ",\"printed\":true"
	                             : ",\"printed\":false");
	if (!rc && t->called_at)
		rc = jsontext_lit(out, size, &at, ",\"called_at\":") ||
		     jsontext_int(out, size, &at, t->called_at);
	if (!rc && t->served_at)
		rc = jsontext_lit(out, size, &at, ",\"served_at\":") ||
		     jsontext_int(out, size, &at, t->served_at);
	if (!rc && t->finished_at)
		rc = jsontext_lit(out, size, &at, ",\"finished_at\":") ||
		     jsontext_int(out, size, &at, t->finished_at);
	if (!rc && with_key && t->key[0])
		rc = jsontext_lit(out, size, &at, ",\"key\":") ||
		     jsontext_str(out, size, &at, t->key);
	if (!rc && t->ahead >= 0)
		rc = jsontext_lit(out, size, &at, ",\"ahead\":") ||
		     jsontext_int(out, size, &at, t->ahead);
	if (!rc && t->est_wait_s >= 0)
		rc = jsontext_lit(out, size, &at, ",\"est_wait_s\":") ||
		     jsontext_int(out, size, &at, t->est_wait_s);
	if (!rc && t->route_steps > 0)
		rc = jsontext_lit(out, size, &at, ",\"route_step\":") ||
		     jsontext_int(out, size, &at, t->route_step) ||
		     jsontext_lit(out, size, &at, ",\"route_steps\":") ||
		     jsontext_int(out, size, &at, t->route_steps);
	rc = rc || jsontext_lit(out, size, &at, "}");
	return rc ? -1 : (int)at;
}

/*
 * Wall-clock milliseconds. QHALL_CLOCK_OFFSET_S shifts the clock, so tests
 * can walk a real daemon across midnight without waiting for one.
 */
int64_t ticket_now_ms(void)
{
	static int64_t offset_ms = -1;
	struct timespec ts;

	if (offset_ms < 0) {
		const char *s = getenv("QHALL_CLOCK_OFFSET_S");
		offset_ms = s ? strtoll(s, NULL, 10) * 1000 : 0;
		if (offset_ms < 0)
			offset_ms = 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + offset_ms;
}

/* The business day of a moment, in the zone set by TZ (the hall's zone). */
void ticket_day_of(int64_t ms, char out[TICKET_DAY_LEN + 1])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, TICKET_DAY_LEN + 1, "%Y-%m-%d", &tm);
}
