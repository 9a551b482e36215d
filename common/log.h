/*
 * Logging with a time, a level and the module. The level is checked before
 * anything is formatted, so a debug line costs nothing when debug is off.
 */
#ifndef QHALL_LOG_H
#define QHALL_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern enum log_level log_threshold;

void log_set_level(enum log_level);
int log_parse_level(const char *, enum log_level *);
void log_write(enum log_level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#define log_msg(level, module, ...)                                            \
	do {                                                                   \
		if ((level) <= log_threshold)                                  \
			log_write((level), (module), __VA_ARGS__);             \
	} while (0)
#define log_error(m, ...) log_msg(LOG_ERROR, m, __VA_ARGS__)
#define log_warn(m, ...)  log_msg(LOG_WARN, m, __VA_ARGS__)
#define log_info(m, ...)  log_msg(LOG_INFO, m, __VA_ARGS__)
#define log_debug(m, ...) log_msg(LOG_DEBUG, m, __VA_ARGS__)

#endif
