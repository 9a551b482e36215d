/* Compact JSON text appended to a fixed buffer (jsontext.c). */
#ifndef QHALL_JSONTEXT_H
#define QHALL_JSONTEXT_H

#include <stddef.h>

int jsontext_str(char *out, size_t size, size_t *at, const char *s);
int jsontext_lit(char *out, size_t size, size_t *at, const char *text);
int jsontext_int(char *out, size_t size, size_t *at, long long v);
int jsontext_raw(char *out, size_t size, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
