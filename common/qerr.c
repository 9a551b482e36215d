#include "qerr.h"

#include <stdarg.h>
#include <stdio.h>

/* Fill in an error; always returns -1 so callers can "return qerr_set()". */
int qerr_set(struct qerr *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	err->at_key = NULL;
	err->at = 0;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}
