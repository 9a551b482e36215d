/*
 * A test and automation hook: --input FIFO reads lines "tap X Y" (window
 * pixels, as a finger would land) and "quit", and pushes the same SDL
 * mouse events a touchscreen produces, so scripted touches take exactly
 * the path real ones do. The FIFO is opened read-write, so writers may
 * come and go without the reader ever seeing the end of the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"
#include "xmalloc.h"

struct input {
	int fd;
	int wake[2];
	SDL_Thread *thread;
	char buf[512];
	size_t used;
};

static void input_push_button(Uint32 type, int x, int y)
{
	SDL_Event ev = {0};

	ev.type = type;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.state =
	    type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	ev.button.clicks = 1;
	ev.button.x = x;
	ev.button.y = y;
	SDL_PushEvent(&ev);
}

static void input_line(const char *line)
{
	int x, y;
	char extra;

	if (sscanf(line, "tap %d %d %c", &x, &y, &extra) == 2) {
		input_push_button(SDL_MOUSEBUTTONDOWN, x, y);
		input_push_button(SDL_MOUSEBUTTONUP, x, y);
	} else if (strcmp(line, "quit") == 0) {
		SDL_Event ev = {.type = SDL_QUIT};
		SDL_PushEvent(&ev);
	} else if (line[0]) {
		log_warn("input", "ignored \"%.40s\" (want: tap X Y, quit)",
		         line);
	}
}

static void input_read(struct input *in)
{
	ssize_t n =
	    read(in->fd, in->buf + in->used, sizeof in->buf - 1 - in->used);
	char *nl;

	if (n <= 0)
		return;
	in->used += (size_t)n;
	in->buf[in->used] = '\0';
	while ((nl = strchr(in->buf, '\n')) != NULL) {
		*nl = '\0';
		input_line(in->buf);
		in->used -= (size_t)(nl + 1 - in->buf);
		memmove(in->buf, nl + 1, in->used + 1);
	}
	if (in->used == sizeof in->buf - 1)
		in->used = 0; /* a line this long is no command */
}

static int input_main(void *arg)
{
	struct input *in = arg;

	for (;;) {
		struct pollfd p[2] = {{in->wake[0], POLLIN, 0},
		                      {in->fd, POLLIN, 0}};
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			break;
		if (p[1].revents & POLLIN)
			input_read(in);
	}
	return 0;
}

struct input *input_start(const char *fifo, struct qerr *err)
{
	struct input *in = xcalloc(1, sizeof *in);

	in->fd = open(fifo, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (in->fd < 0) {
		qerr_set(err, PROTO_E_IO, "cannot open %s: %s", fifo,
		         strerror(errno));
		free(in);
		return NULL;
	}
	if (pipe2(in->wake, O_CLOEXEC) < 0 ||
	    (in->thread = SDL_CreateThread(input_main, "qhall-input", in)) ==
	        NULL)
		fatal("cannot read %s: %s", fifo, strerror(errno));
	return in;
}

void input_stop(struct input *in)
{
	if (in == NULL)
		return;
	if (write(in->wake[1], "x", 1) < 0)
		log_warn("input", "cannot stop the input thread");
	SDL_WaitThread(in->thread, NULL);
	close(in->wake[0]);
	close(in->wake[1]);
	close(in->fd);
	free(in);
}
