/*
 * One event of the trace, read into the few fields the replay uses,
 * straight from its text: no jansson objects, no allocation. A year's
 * report reads two million events; building each as a tree of jansson
 * objects (and freeing it) was most of the report's time (docs/
 * PERFORMANCE.md). The text is the daemon's own (hall-event.c): a JSON
 * object whose values the scanner reads (strings, integers, the ticket
 * object) or skips (anything else, balanced). The rare events whose
 * arrays the replay needs (day_started's windows, window_set's queues)
 * are marked, and the reader parses those few with jansson.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct scan {
	const char *p, *end;
};

static void scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	                         *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int scan_hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t scan_utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * A string at s->p (its opening quote), decoded into out (size bytes,
 * cut short if longer, always terminated); out NULL: only skipped.
 */
static int scan_string(struct scan *s, char *out, size_t size)
{
	size_t at = 0;

	if (s->p >= s->end || *s->p != '"')
		return -1;
	s->p++;
	while (s->p < s->end && *s->p != '"') {
		char buf[8];
		size_t n = 1;

		if (*s->p == '\\') {
			if (++s->p >= s->end)
				return -1;
			switch (*s->p) {
			case 'n':
				buf[0] = '\n';
				break;
			case 't':
				buf[0] = '\t';
				break;
			case 'r':
				buf[0] = '\r';
				break;
			case 'b':
				buf[0] = '\b';
				break;
			case 'f':
				buf[0] = '\f';
				break;
			case 'u': {
				unsigned cp, lo;

				if (s->end - s->p < 5 ||
				    scan_hex4(s->p + 1, &cp))
					return -1;
				s->p += 4;
				if (cp >= 0xD800 && cp < 0xDC00 &&
				    s->end - s->p >= 7 && s->p[1] == '\\' &&
				    s->p[2] == 'u' &&
				    !scan_hex4(s->p + 3, &lo) && lo >= 0xDC00 &&
				    lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					s->p += 6;
				}
				n = scan_utf8(cp, buf);
				break;
			}
			default: /* " \ / */
				buf[0] = *s->p;
			}
			s->p++;
		} else {
			buf[0] = *s->p++;
		}
		if (out && at + n < size) {
			memcpy(out + at, buf, n);
			at += n;
		}
	}
	if (s->p >= s->end)
		return -1;
	s->p++;
	if (out && size)
		out[at] = '\0';
	return 0;
}

static int scan_int(struct scan *s, int64_t *v)
{
	int neg = 0;
	int64_t x = 0;

	if (s->p < s->end && *s->p == '-') {
		neg = 1;
		s->p++;
	}
	if (s->p >= s->end || *s->p < '0' || *s->p > '9')
		return -1;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		x = x * 10 + (*s->p++ - '0');
	/* a fraction or exponent: not one of ours, but skipped whole */
	while (s->p < s->end &&
	       (*s->p == '.' || *s->p == 'e' || *s->p == 'E' || *s->p == '+' ||
	        *s->p == '-' || (*s->p >= '0' && *s->p <= '9')))
		s->p++;
	*v = neg ? -x : x;
	return 0;
}

/* Any value, skipped: strings, numbers, literals, nested objects/arrays. */
static int scan_skip(struct scan *s)
{
	int depth = 0;

	do {
		scan_ws(s);
		if (s->p >= s->end)
			return -1;
		switch (*s->p) {
		case '"':
			if (scan_string(s, NULL, 0))
				return -1;
			break;
		case '{':
		case '[':
			depth++;
			s->p++;
			break;
		case '}':
		case ']':
			depth--;
			s->p++;
			break;
		default:
			/* numbers, true/false/null, commas and colons */
			s->p++;
			while (s->p < s->end && depth > 0 && *s->p != '"' &&
			       *s->p != '{' && *s->p != '[' && *s->p != '}' &&
			       *s->p != ']')
				s->p++;
			if (depth == 0)
				while (s->p < s->end && *s->p != ',' &&
				       *s->p != '}' && *s->p != ']')
					s->p++;
		}
	} while (depth > 0);
	if (depth < 0)
		return -1;
	return 0;
}

/* The ticket object: day, number, queue, item. */
static int scan_ticket(struct scan *s, struct report_event *e)
{
	char key[16];

	scan_ws(s);
	if (s->p >= s->end || *s->p != '{')
		return -1;
	s->p++;
	e->has_ticket = 1;
	for (;;) {
		scan_ws(s);
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 0;
		}
		if (scan_string(s, key, sizeof key))
			return -1;
		scan_ws(s);
		if (s->p >= s->end || *s->p++ != ':')
			return -1;
		scan_ws(s);
		if (s->p < s->end && *s->p == '"') {
			char *out = NULL;
			size_t size = 0;

			if (strcmp(key, "day") == 0)
				out = e->day, size = sizeof e->day;
			else if (strcmp(key, "number") == 0)
				out = e->number, size = sizeof e->number;
			else if (strcmp(key, "queue") == 0)
				out = e->queue, size = sizeof e->queue;
			else if (strcmp(key, "item") == 0)
				out = e->item, size = sizeof e->item;
			if (scan_string(s, out, size))
				return -1;
		} else if (scan_skip(s)) {
			return -1;
		}
		scan_ws(s);
		if (s->p < s->end && *s->p == ',')
			s->p++;
	}
}

int report_event_parse(const char *text, size_t len, struct report_event *e)
{
	struct scan s = {text, text + len};
	char key[24];

	memset(e, 0, sizeof *e);
	scan_ws(&s);
	if (s.p >= s.end || *s.p++ != '{')
		return -1;
	for (;;) {
		int64_t v;

		scan_ws(&s);
		if (s.p < s.end && *s.p == '}')
			break;
		if (scan_string(&s, key, sizeof key))
			return -1;
		scan_ws(&s);
		if (s.p >= s.end || *s.p++ != ':')
			return -1;
		scan_ws(&s);
		if (s.p >= s.end)
			return -1;
		if (strcmp(key, "ticket") == 0 && *s.p == '{') {
			if (scan_ticket(&s, e))
				return -1;
		} else if (*s.p == '"') {
			char *out = NULL;
			size_t size = 0;

			if (strcmp(key, "event") == 0)
				out = e->type, size = sizeof e->type;
			else if (strcmp(key, "from") == 0)
				out = e->from, size = sizeof e->from;
			else if (strcmp(key, "day") == 0)
				out = e->ev_day, size = sizeof e->ev_day;
			else if (strcmp(key, "staff") == 0)
				out = e->staff, size = sizeof e->staff;
			else if (strcmp(key, "reason") == 0)
				out = e->reason, size = sizeof e->reason;
			if (scan_string(&s, out, size))
				return -1;
		} else if ((*s.p == '-' || (*s.p >= '0' && *s.p <= '9')) &&
		           (strcmp(key, "at") == 0 || strcmp(key, "seq") == 0 ||
		            strcmp(key, "window") == 0)) {
			if (scan_int(&s, &v))
				return -1;
			if (key[0] == 'a') {
				e->at = v;
				e->has_at = 1;
			} else if (key[0] == 's') {
				e->seq = v;
			} else {
				e->window = (int)v;
			}
		} else {
			/* Arrays the replay reads: those events go by jansson.
			 */
			if (strcmp(key, "windows") == 0 ||
			    strcmp(key, "queues") == 0)
				e->needs_json = 1;
			if (scan_skip(&s))
				return -1;
		}
		scan_ws(&s);
		if (s.p < s.end && *s.p == ',')
			s.p++;
		else if (s.p < s.end && *s.p != '}')
			return -1;
	}
	/* A step along a route reads the ticket's times: by jansson. */
	if (strcmp(e->type, "routed") == 0)
		e->needs_json = 1;
	/* Appointments' fields (late; a no-show's queue and item) are read
	 * by jansson: they are few. */
	if (strncmp(e->type, "appointment_", 12) == 0)
		e->needs_json = 1;
	return e->type[0] && e->has_at ? 0 : -1;
}

/* The same fields from an event already parsed by jansson. */
static void event_copy(char *out, size_t size, json_t *v)
{
	const char *s = json_string_value(v);

	if (s && size) {
		size_t n = strlen(s);

		if (n >= size)
			n = size - 1;
		memcpy(out, s, n);
		out[n] = '\0';
	}
}

int report_event_from_json(json_t *ev, struct report_event *e)
{
	json_t *t = json_object_get(ev, "ticket");

	memset(e, 0, sizeof *e);
	event_copy(e->type, sizeof e->type, json_object_get(ev, "event"));
	e->has_at = json_is_integer(json_object_get(ev, "at"));
	e->at = json_integer_value(json_object_get(ev, "at"));
	e->seq = json_integer_value(json_object_get(ev, "seq"));
	e->window = (int)json_integer_value(json_object_get(ev, "window"));
	event_copy(e->from, sizeof e->from, json_object_get(ev, "from"));
	event_copy(e->ev_day, sizeof e->ev_day, json_object_get(ev, "day"));
	event_copy(e->staff, sizeof e->staff, json_object_get(ev, "staff"));
	event_copy(e->reason, sizeof e->reason, json_object_get(ev, "reason"));
	if (json_is_object(t)) {
		e->has_ticket = 1;
		event_copy(e->day, sizeof e->day, json_object_get(t, "day"));
		event_copy(e->number, sizeof e->number,
		           json_object_get(t, "number"));
		event_copy(e->queue, sizeof e->queue,
		           json_object_get(t, "queue"));
		event_copy(e->item, sizeof e->item, json_object_get(t, "item"));
	}
	e->json = ev;
	return e->type[0] && e->has_at ? 0 : -1;
}

/*
 * A raw trace page, {"events":[EVENT,...],...}: fn gets each event's text
 * in order; *rest is what follows the array (",\"from_at\":...}").
 */
int report_events_each(const char *text, size_t len,
                       int (*fn)(void *, const char *, size_t), void *arg,
                       const char **rest)
{
	static const char head[] = "{\"events\":[";
	struct scan s = {text, text + len};

	if (len < sizeof head - 1 || memcmp(text, head, sizeof head - 1))
		return -1;
	s.p += sizeof head - 1;
	for (;;) {
		const char *start;

		scan_ws(&s);
		if (s.p < s.end && *s.p == ']') {
			*rest = s.p + 1;
			return 0;
		}
		start = s.p;
		if (s.p >= s.end || *s.p != '{' || scan_skip(&s) ||
		    fn(arg, start, (size_t)(s.p - start)))
			return -1;
		scan_ws(&s);
		if (s.p < s.end && *s.p == ',')
			s.p++;
	}
}
