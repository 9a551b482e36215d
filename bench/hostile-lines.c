/*
 * Bad requests, generated rather than listed: random bytes, JSON cut short,
 * JSON that is not an object, nesting thousands deep, wrong types, numbers
 * too big for any field, broken UTF-8, unknown ops, a second hello, wrong
 * versions and tokens, and well-formed ops the client's role forbids (from
 * the daemon's own table, hostile-ops.c). None
 * of them can be a request qhalld may carry out: any "ok" reply to one is
 * a failure. Lines come without their newline, and never contain one.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

/* Values no field accepts where the generator puts them. */
static const char *const hostile_wrong_values[] = {
    "123",         "null",      "[]",           "{}",
    "true",        "\"\"",      "\"ZZZZZZZZ\"", "\"a\\u0000b\"",
    "\"\\u03a9\"", "1e400",     "-1",           "\"A\\\"\"",
    "[\"A\"]",     "{\"A\":1}", "0.5",
};

/* Ids that are neither a whole number nor a string: always refused. */
static const char *const hostile_wrong_ids[] = {
    "null", "[]", "{}", "true", "1e400", "0.5", "[\"A\"]", "{\"A\":1}",
};

/* A random number (xorshift64*) from a client's own state. */
uint64_t hostile_random(uint64_t *rng)
{
	*rng ^= *rng >> 12;
	*rng ^= *rng << 25;
	*rng ^= *rng >> 27;
	return *rng * 2685821657736338717ULL;
}

/* Pick one of n strings. */
static const char *hostile_pick(uint64_t *rng, const char *const *list,
                                size_t n)
{
	return list[hostile_random(rng) % n];
}

#define HOSTILE_PICK(rng, list)                                                \
	hostile_pick(rng, list, sizeof list / sizeof list[0])

/* 1..max random bytes, none a newline. */
static size_t hostile_bytes(uint64_t *rng, char *out, size_t size, size_t max)
{
	size_t n = 1 + hostile_random(rng) % max;

	n = n < size ? n : size - 1;
	for (size_t i = 0; i < n; i++) {
		out[i] = (char)(hostile_random(rng) >> 56);
		if (out[i] == '\n')
			out[i] = ' ';
	}
	return n;
}

/* A valid-looking take cut short before its end: never whole JSON. */
static size_t hostile_cut(uint64_t *rng, char *out, size_t size)
{
	int n =
	    snprintf(out, size, "{\"id\":%u,\"op\":\"take\",\"queue\":\"A\"}",
	             (unsigned)(hostile_random(rng) % 100000));

	return (size_t)hostile_random(rng) % (size_t)n;
}

/* '[' or '{"a":' d deep, closed or not. */
static size_t hostile_deep(uint64_t *rng, char *out, size_t size)
{
	size_t depth = 100 + hostile_random(rng) % 2900, n = 0;
	int objects = hostile_random(rng) & 1, closed = hostile_random(rng) & 1;

	for (size_t i = 0; i < depth && n + 6 < size / 2; i++)
		n += (size_t)snprintf(out + n, size - n, "%s",
		                      objects ? "{\"a\":" : "[");
	if (objects)
		n += (size_t)snprintf(out + n, size - n, "1");
	for (size_t i = 0; closed && i < depth && n + 2 < size; i++)
		out[n++] = objects ? '}' : ']';
	out[n] = '\0';
	return n;
}

/* A take, an id or an op with a value of the wrong kind. */
static size_t hostile_wrong(uint64_t *rng, char *out, size_t size)
{
	const char *v = HOSTILE_PICK(rng, hostile_wrong_values);

	switch (hostile_random(rng) % 5) {
	case 0:
		return (size_t)snprintf(
		    out, size, "{\"id\":1,\"op\":\"take\",\"queue\":%s}", v);
	case 1:
		return (size_t)snprintf(
		    out, size, "{\"id\":%s,\"op\":\"take\",\"queue\":\"A\"}",
		    HOSTILE_PICK(rng, hostile_wrong_ids));
	case 2:
		return (size_t)snprintf(out, size, "{\"id\":2,\"op\":%s}", v);
	case 3:
		return (size_t)snprintf(
		    out, size,
		    "{\"id\":3,\"op\":\"take\",\"queue\":\"QQ%u\","
		    "\"priority\":%s}",
		    (unsigned)(hostile_random(rng) % 100), v);
	default:
		return (size_t)snprintf(out, size,
		                        "{\"id\":99999999999999999999999999,"
		                        "\"op\":\"take\",\"queue\":\"A\"}");
	}
}

/* An op name nobody has heard of, or one spelt with broken UTF-8. */
static size_t hostile_unknown(uint64_t *rng, char *out, size_t size)
{
	char name[24];
	size_t n = 1 + hostile_random(rng) % 20;

	for (size_t i = 0; i < n; i++)
		name[i] = (char)('a' + hostile_random(rng) % 26);
	name[n] = '\0';
	if (hostile_random(rng) & 1)
		return (size_t)snprintf(out, size, "{\"id\":4,\"op\":\"zz%s\"}",
		                        name);
	return (size_t)snprintf(out, size, "{\"id\":5,\"op\":\"ta\xff\xfe%s\"}",
	                        name);
}

/* A hello the daemon must refuse: again, a wrong version, a bad token. */
static size_t hostile_hello(uint64_t *rng, int said_hello, char *out,
                            size_t size)
{
	char token[49];

	if (said_hello && (hostile_random(rng) & 1))
		return (size_t)snprintf(out, size,
		                        "{\"id\":6,\"op\":\"hello\","
		                        "\"version\":1,\"role\":\"admin\"}");
	if (hostile_random(rng) & 1)
		return (size_t)snprintf(
		    out, size,
		    "{\"id\":7,\"op\":\"hello\","
		    "\"version\":%u,\"role\":\"kiosk\"}",
		    2 + (unsigned)(hostile_random(rng) % 1000));
	for (int i = 0; i < 48; i++)
		token[i] = "0123456789abcdef"[hostile_random(rng) % 16];
	token[hostile_random(rng) % 2 ? 48 : 20] = '\0';
	return (size_t)snprintf(out, size,
	                        "{\"id\":8,\"op\":\"hello\",\"version\":1,"
	                        "\"role\":\"admin\",\"token\":\"%s\"}",
	                        token);
}

/*
 * One garbage line. A connection that has not said hello gets no second
 * hello that could be a good one: only hellos that must fail.
 */
size_t hostile_garbage(uint64_t *rng, int said_hello, char *out, size_t size)
{
	static const char *const not_objects[] = {
	    "[]", "[1,2,3]", "\"take\"", "42", "null", "true", "1e999", "",
	};

	switch (hostile_random(rng) % 8) {
	case 0:
		return hostile_bytes(rng, out, size, 512);
	case 1:
		return hostile_cut(rng, out, size);
	case 2:
		return (size_t)snprintf(out, size, "%s",
		                        HOSTILE_PICK(rng, not_objects));
	case 3:
		return hostile_deep(rng, out, size);
	case 4:
		return hostile_wrong(rng, out, size);
	case 5:
		return hostile_unknown(rng, out, size);
	case 6:
		return hostile_hello(rng, said_hello, out, size);
	default:
		return (size_t)snprintf(out, size,
		                        "{\"id\":9,\"op\":\"call\","
		                        "\"window\":%d}",
		                        -1 - (int)(hostile_random(rng) % 1000));
	}
}

/*
 * A well-formed request that `role` (acting for `window`, if a window
 * client) may not make: an op outside the role, or another window's.
 */
size_t hostile_forbidden(uint64_t *rng, const char *role, int window, char *out,
                         size_t size)
{
	const char *op = hostile_ops_forbidden(rng, role);
	int other = window + 1 + (int)(hostile_random(rng) % 20);

	return (size_t)snprintf(
	    out, size,
	    "{\"id\":%u,\"op\":\"%s\",\"window\":%d,\"queue\":\"A\","
	    "\"number\":\"A001\",\"text\":\"hostile\",\"reason\":\"x\"}",
	    (unsigned)(hostile_random(rng) % 100000), op, other);
}
