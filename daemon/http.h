/*
 * The hall's web face: HTTP served from qhalld's own loop (libevent's
 * evhttp), off unless [http] listen or --http names an address. Pages are
 * static files of assets/web; what changes reaches them by Server-Sent
 * Events cut from the daemon's own event stream, after each commit.
 */
#ifndef QHALL_HTTP_H
#define QHALL_HTTP_H

#include <stddef.h>

#include "qerr.h"

struct daemon;
struct http;

/* Listen on "HOST:PORT"; NULL with err set. */
struct http *http_open(struct daemon *, const char *listen, struct qerr *);
void http_close(struct http *);
/* The turn's committed events (lines, each ending "\n"), for the streams. */
void http_fan_out(struct http *, const char *lines, size_t len);
/* The base of every ticket's address, for the kiosks' hello; NULL: off. */
const char *http_public_url(const struct http *);

#endif
