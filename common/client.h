/*
 * A client's connection to qhalld: connect (Unix socket or TCP), say hello,
 * send requests and wait for their replies, and collect the events that
 * arrive in between. Blocking, with timeouts; one connection per object.
 *
 * A request that changes state and gets no reply may or may not have
 * happened: callers ask again by state ("ticket", "status"), never by
 * blindly repeating the change.
 */
#ifndef QHALL_CLIENT_H
#define QHALL_CLIENT_H

#include <jansson.h>

#include "qerr.h"

#define CLIENT_SOCKET_NAME "qhalld.sock"
#define CLIENT_TIMEOUT_MS  10000

struct client_addr {
	int tcp; /* 0: Unix socket at path; 1: host and port */
	char path[108];
	char host[256];
	char port[16];
};

struct client_hello {
	const char *role;   /* kiosk, window, display, admin; NULL: admin */
	const char *device; /* a name for the logs; NULL: "PROGRAM-PID" */
	const char *token;  /* required over TCP */
	int window;         /* the window a "window" client acts for */
};

struct client;

int client_addr_unix(struct client_addr *, const char *path, struct qerr *);
int client_addr_data(struct client_addr *, const char *dir, struct qerr *);
int client_addr_tcp(struct client_addr *, const char *hostport, struct qerr *);

struct client *client_open(const struct client_addr *,
                           const struct client_hello *, struct qerr *);
void client_free(struct client *);
int client_fd(const struct client *);
json_t *client_welcome(const struct client *); /* hello's result, borrowed */

int client_call(struct client *, const char *op, json_t *params,
                json_t **result, struct qerr *);
/* The same, with the result as the text the daemon wrote (caller frees). */
int client_call_text(struct client *, const char *op, json_t *params,
                     char **text, size_t *len, struct qerr *);
int client_reply_text(struct client *, long long id, char **text, size_t *len,
                      struct qerr *);
int client_send(struct client *, const char *op, json_t *params, long long *id,
                struct qerr *);
int client_reply(struct client *, long long id, json_t **result, struct qerr *);
int client_event(struct client *, int timeout_ms, json_t **event,
                 struct qerr *);
void client_set_timeout(struct client *, int timeout_ms);
int client_next(struct client *, int timeout_ms, json_t **msg, struct qerr *);
const char *client_known_code(const char *code);

#endif
