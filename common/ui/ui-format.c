/* Filling "%d" and "%s" of a strings-file template with text. */
#include "ui-format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Copy tmpl to out, each %d or %s replaced by the next text. */
static const char *ui_format_v(char *out, size_t size, const char *tmpl,
                               va_list ap)
{
	size_t n = 0;
	int more = 1;

	if (size == 0)
		return out;
	for (const char *p = tmpl ? tmpl : ""; *p && n + 1 < size; p++) {
		const char *arg = NULL;
		if (p[0] == '%' && (p[1] == 'd' || p[1] == 's')) {
			if (more && (arg = va_arg(ap, const char *)) == NULL)
				more = 0;
			p++;
			arg = arg ? arg : "";
		} else if (p[0] == '%' && p[1] == '%') {
			p++;
		}
		if (arg == NULL) {
			out[n++] = *p;
			continue;
		}
		size_t len = strlen(arg);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(out + n, arg, len);
		n += len;
	}
	out[n] = '\0';
	return out;
}

/* Fill tmpl with the text arguments that follow (NULL ends them). */
const char *ui_format(char *out, size_t size, const char *tmpl, ...)
{
	va_list ap;

	va_start(ap, tmpl);
	ui_format_v(out, size, tmpl, ap);
	va_end(ap);
	return out;
}

/* Fill a template's one %d with n. */
const char *ui_format_int(char *out, size_t size, const char *tmpl, long n)
{
	char num[24];

	snprintf(num, sizeof num, "%ld", n);
	return ui_format(out, size, tmpl, num, (const char *)NULL);
}
