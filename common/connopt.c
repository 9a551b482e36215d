#include "connopt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

/* Nothing given yet: the data folder from $QHALL_DATA, else ./data; the
 * token from $QHALL_TOKEN, if set. */
void connopt_init(struct connopt *c)
{
	const char *env = getenv("QHALL_DATA");
	const char *token = getenv("QHALL_TOKEN");

	memset(c, 0, sizeof *c);
	c->data = env ? env : "data";
	c->token = token && token[0] ? token : NULL;
}

/* The token in path: its first line, without the line's end. */
static void connopt_token_file(struct connopt *c, const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n;

	c->failed[0] = '\0';
	if (f == NULL) {
		snprintf(c->failed, sizeof c->failed,
		         "cannot read the token file %s: %s", path,
		         strerror(errno));
		return;
	}
	if (fgets(c->token_buf, sizeof c->token_buf, f) == NULL)
		c->token_buf[0] = '\0';
	fclose(f);
	n = strcspn(c->token_buf, "\r\n");
	c->token_buf[n] = '\0';
	if (n == 0) {
		snprintf(c->failed, sizeof c->failed,
		         "the token file %s holds no token", path);
		return;
	}
	c->token = c->token_buf;
}

/* Take one option if it is a connection option: 1 if it was, else 0. */
int connopt_option(struct connopt *c, int ch, const char *arg)
{
	switch (ch) {
	case CONNOPT_DATA:
		c->data = arg;
		return 1;
	case CONNOPT_SOCKET:
		c->socket = arg;
		return 1;
	case CONNOPT_CONNECT:
		c->connect = arg;
		return 1;
	case CONNOPT_TOKEN:
		c->token = arg;
		return 1;
	case CONNOPT_TOKEN_FILE:
		connopt_token_file(c, arg);
		return 1;
	}
	return 0;
}

/* Where the options say qhalld is; -1 and why if they say it badly. */
int connopt_addr(const struct connopt *c, struct client_addr *a,
                 struct qerr *err)
{
	if (c->failed[0])
		return qerr_set(err, PROTO_E_CONFIG, "%s", c->failed);
	if (c->connect)
		return client_addr_tcp(a, c->connect, err);
	if (c->socket)
		return client_addr_unix(a, c->socket, err);
	return client_addr_data(a, c->data, err);
}
