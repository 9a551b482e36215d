/*
 * An expected failure: a stable code that programs test and a message that
 * people read. Functions fill one in and return -1; the caller that can act
 * on it reports it, once.
 */
#ifndef QHALL_QERR_H
#define QHALL_QERR_H

#define QERR_MESSAGE_MAX 256

struct qerr {
	const char *code; /* static string, one of the PROTO_E_* codes */
	char message[QERR_MESSAGE_MAX];
	/* A time the error names, for programs: the reply's error carries
	 * it as at_key (queue_closed: "opens_at"). NULL: none. */
	const char *at_key;
	long long at; /* ms since the epoch */
};

int qerr_set(struct qerr *, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
