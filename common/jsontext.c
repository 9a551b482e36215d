/*
 * JSON text written straight into a buffer, for the few hot objects (a
 * ticket, an event's head) whose jansson object would be built only to be
 * dumped at once. Each call appends at *at and keeps out NUL-terminated;
 * -1 when out has no room left.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsontext.h"

/* Append s as a JSON string (UTF-8 passes through as it is). */
int jsontext_str(char *out, size_t size, size_t *at, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (*at + 2 >= size)
		return -1;
	out[(*at)++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* Room for the longest escape, the closing quote and NUL. */
		if (*at + 8 >= size)
			return -1;
		if (*p == '"' || *p == '\\') {
			out[(*at)++] = '\\';
			out[(*at)++] = (char)*p;
		} else if (*p < 0x20) {
			memcpy(out + *at, "\\u00", 4);
			out[*at + 4] = hex[*p >> 4];
			out[*at + 5] = hex[*p & 15];
			*at += 6;
		} else {
			out[(*at)++] = (char)*p;
		}
	}
	out[(*at)++] = '"';
	out[*at] = '\0';
	return 0;
}

/* Append text as it is (already JSON: punctuation, names, literals). */
int jsontext_lit(char *out, size_t size, size_t *at, const char *text)
{
	size_t n = strlen(text);

	if (n >= size - *at)
		return -1;
	memcpy(out + *at, text, n + 1);
	*at += n;
	return 0;
}

/* Append a decimal integer, without printf's machinery (a hot path). */
int jsontext_int(char *out, size_t size, size_t *at, long long v)
{
	char digits[24];
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[n++] = '-';
	if (n >= size - *at)
		return -1;
	while (n)
		out[(*at)++] = digits[--n];
	out[*at] = '\0';
	return 0;
}

/* Append printf-formatted text; 0, or -1 when out of room. */
int jsontext_raw(char *out, size_t size, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out + *at, size - *at, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *at)
		return -1;
	*at += (size_t)n;
	return 0;
}
