/*
 * The streaming reader: a client that may ask for the catalog (a 17-byte
 * request, a 41 KB reply) and does so as fast as the daemon answers, in
 * bursts of pipelined requests read back whole. Nothing it does is
 * forbidden; what it must not do is slow the good clients down.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "bench.h"

/*
 * Send n catalog requests at once, then read until n replies came: 0 when
 * all did, -1 when the daemon hung up, -2 when one was later than
 * timeout_ms. *replies counts the lines read.
 */
int hostile_stream_burst(struct rawsock *r, int n, int timeout_ms,
                         long long *replies)
{
	static const char req[] = "{\"op\":\"catalog\"}\n";
	char out[HOSTILE_STREAM_MAX * (sizeof req - 1)] = "";
	char in[65536];
	int got = 0;

	if (n > HOSTILE_STREAM_MAX)
		n = HOSTILE_STREAM_MAX;
	for (int i = 0; i < n; i++)
		memcpy(out + (size_t)i * (sizeof req - 1), req, sizeof req - 1);
	if (rawsock_send(r, out, (size_t)n * (sizeof req - 1), timeout_ms))
		return -1;
	while (got < n) {
		struct pollfd p = {.fd = r->fd, .events = POLLIN};
		ssize_t len = recv(r->fd, in, sizeof in, MSG_DONTWAIT);

		if (len > 0) {
			for (const char *s = in, *end = in + len;
			     (s = memchr(s, '\n', (size_t)(end - s))) != NULL;
			     s++) {
				got++;
				(*replies)++;
			}
			continue;
		}
		if (len == 0 || (errno != EAGAIN && errno != EINTR))
			return -1;
		if (poll(&p, 1, timeout_ms) == 0)
			return -2;
	}
	return 0;
}
