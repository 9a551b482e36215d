/*
 * Templates of the strings files filled in: "%d号窗口" with "3". Each %d or
 * %s takes the next argument, always given as text, so a template whose
 * conversions differ between languages (or are mistyped) can never make
 * printf read the wrong type.
 */
#ifndef QHALL_UI_FORMAT_H
#define QHALL_UI_FORMAT_H

#include <stddef.h>

/* Fill tmpl with the text arguments (NULL ends them); returns out. */
const char *ui_format(char *out, size_t size, const char *tmpl, ...);
/* The common case: one number. */
const char *ui_format_int(char *out, size_t size, const char *tmpl, long n);

#endif
