/* Allocation that never returns NULL: out of memory is fatal. */
#ifndef QHALL_XMALLOC_H
#define QHALL_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
