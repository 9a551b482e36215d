#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum log_level log_threshold = LOG_INFO;

static const char *const log_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
	log_threshold = level;
}

int log_parse_level(const char *s, enum log_level *out)
{
	for (int i = 0; i <= LOG_DEBUG; i++) {
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

/*
 * Under systemd, stderr goes to the journal (JOURNAL_STREAM names it):
 * each line then starts with its syslog priority, <3> to <7>, so that
 * "journalctl -p warning" finds the warnings, and without a time of our
 * own, which the journal keeps better.
 */
static int log_to_journal(void)
{
	static int known = -1;

	if (known < 0)
		known = getenv("JOURNAL_STREAM") != NULL;
	return known;
}

/*
 * The message, one line whatever a client put in it: a control byte
 * (newline, carriage return, escape) is written as \xNN, so that nobody
 * can forge a log line or drive the reader's terminal through a staff
 * number or a device name. A message longer than the buffer is cut.
 */
static void log_message(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

static void log_message(const char *fmt, va_list ap)
{
	char text[2048];
	const unsigned char *p = (const unsigned char *)text;

	vsnprintf(text, sizeof text, fmt, ap);
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

static void log_vwrite(int priority, const char *level, const char *module,
                       const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void log_vwrite(int priority, const char *level, const char *module,
                       const char *fmt, va_list ap)
{
	struct timespec ts;
	struct tm tm;
	char when[32];

	if (log_to_journal()) {
		fprintf(stderr, "<%d>%s %s: ", priority, level, module);
		log_message(fmt, ap);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld %s %s: ", when, ts.tv_nsec / 1000000, level,
	        module);
	log_message(fmt, ap);
}

void log_write(enum log_level level, const char *module, const char *fmt, ...)
{
	static const int priorities[] = {3, 4, 6, 7}; /* err .. debug */
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(priorities[level], log_names[level], module, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(2, "fatal", "qhall", fmt, ap); /* crit */
	va_end(ap);
	abort();
}
