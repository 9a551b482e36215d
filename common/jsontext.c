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
