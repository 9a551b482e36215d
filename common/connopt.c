#include "connopt.h"

#include <stdlib.h>
#include <string.h>

/* Nothing given yet: the data folder from $QHALL_DATA, else ./data. */
void connopt_init(struct connopt *c)
{
	const char *env = getenv("QHALL_DATA");

	memset(c, 0, sizeof *c);
	c->data = env ? env : "data";
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
	}
	return 0;
}

/* Where the options say qhalld is; -1 and why if they say it badly. */
int connopt_addr(const struct connopt *c, struct client_addr *a,
                 struct qerr *err)
{
	if (c->connect)
		return client_addr_tcp(a, c->connect, err);
	if (c->socket)
		return client_addr_unix(a, c->socket, err);
	return client_addr_data(a, c->data, err);
}
