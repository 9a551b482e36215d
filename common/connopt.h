/*
 * How a program finds qhalld, as every one of ours is told it: --data DIR,
 * --socket PATH, --connect HOST:PORT and --token T or --token-file FILE on
 * the command line, and $QHALL_DATA and $QHALL_TOKEN. A token on the
 * command line is readable by every user in /proc/PID/cmdline: a file
 * (mode 0600) or the environment keeps it to its owner. A program puts
 * CONNOPT_LONGOPTS in its getopt_long table and hands each option to
 * connopt_option() before its own switch.
 *
 * Precedence: --connect, else --socket, else DIR/qhalld.sock, where DIR is
 * --data, else $QHALL_DATA, else ./data. Of an option given twice, the
 * last counts.
 */
#ifndef QHALL_CONNOPT_H
#define QHALL_CONNOPT_H

#include <getopt.h>

#include "client.h"
#include "qerr.h"

/* The options' getopt codes; qhall also takes them as -d -s -c -t. */
#define CONNOPT_DATA       'd'
#define CONNOPT_SOCKET     's'
#define CONNOPT_CONNECT    'c'
#define CONNOPT_TOKEN      't'
#define CONNOPT_TOKEN_FILE 0x154 /* long option only */

/* clang-format off */
#define CONNOPT_LONGOPTS                                         \
	{"data", required_argument, NULL, CONNOPT_DATA},         \
	{"socket", required_argument, NULL, CONNOPT_SOCKET},     \
	{"connect", required_argument, NULL, CONNOPT_CONNECT},   \
	{"token", required_argument, NULL, CONNOPT_TOKEN},       \
	{"token-file", required_argument, NULL, CONNOPT_TOKEN_FILE}
/* clang-format on */

/* The strings are borrowed from argv and the environment. */
struct connopt {
	const char *data;    /* the data folder: never NULL */
	const char *socket;  /* --socket, or NULL */
	const char *connect; /* --connect, or NULL */
	const char *token;   /* --token, the file's, $QHALL_TOKEN, or NULL */
	char token_buf[256]; /* a token read from --token-file */
	char failed[300];    /* why --token-file could not be read, "" */
};

void connopt_init(struct connopt *);
int connopt_option(struct connopt *, int ch, const char *arg);
int connopt_addr(const struct connopt *, struct client_addr *, struct qerr *);

#endif
