/*
 * A raw connection to qhalld's Unix socket, for the hostile clients: it
 * sends whatever bytes it is given and reads back one line at a time,
 * each step with a time limit, and never says hello on its own.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench.h"

/* Connect to the daemon's socket, not blocking; -1 if it refused. */
int rawsock_open(struct rawsock *r, const struct client_addr *a)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	r->len = 0;
	r->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (r->fd < 0)
		return -1;
	memcpy(sun.sun_path, a->path, strlen(a->path) + 1);
	/* A Unix connect is done at once, or refused (EAGAIN: backlog full). */
	if (connect(r->fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
		rawsock_close(r);
		return -1;
	}
	return 0;
}

/* Wait for fd to be ready for `events`; 1 ready, 0 timed out, -1 error. */
static int rawsock_wait(int fd, short events, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = events};
	int rc;

	do
		rc = poll(&p, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	return rc;
}

/*
 * Send all of data: 0 when sent, -1 when the daemon hung up (as it may,
 * for a line too long), 1 when it stopped reading for timeout_ms.
 */
int rawsock_send(struct rawsock *r, const char *data, size_t len,
                 int timeout_ms)
{
	while (len > 0) {
		ssize_t n = send(r->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		n = rawsock_wait(r->fd, POLLOUT, timeout_ms);
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
	}
	return 0;
}

/*
 * The next line (without its newline, cut to fit out): its length, -1
 * when the daemon hung up first, -2 when none came within timeout_ms.
 */
int rawsock_line(struct rawsock *r, char *out, size_t size, int timeout_ms)
{
	for (;;) {
		char *nl = memchr(r->buf, '\n', r->len);
		ssize_t n;

		if (nl != NULL) {
			size_t len = (size_t)(nl - r->buf);
			size_t keep = len < size - 1 ? len : size - 1;
			memcpy(out, r->buf, keep);
			out[keep] = '\0';
			r->len -= len + 1;
			memmove(r->buf, nl + 1, r->len);
			return (int)keep;
		}
		if (r->len == sizeof r->buf)
			r->len = 0; /* a line longer than we care to keep */
		n = recv(r->fd, r->buf + r->len, sizeof r->buf - r->len,
		         MSG_DONTWAIT);
		if (n > 0) {
			r->len += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return -1;
		n = rawsock_wait(r->fd, POLLIN, timeout_ms);
		if (n < 0)
			return -1;
		if (n == 0)
			return -2;
	}
}

/* Hang up, if not already. */
void rawsock_close(struct rawsock *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	r->len = 0;
}
