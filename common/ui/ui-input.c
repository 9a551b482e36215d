/* Scripted input: see ui-input.h. */
#include "ui-input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "proto.h"
#include "ui-app.h"
#include "xmalloc.h"

struct ui_input {
	int fd;
	SDL_Thread *thread;
	SDL_atomic_t stop;
};

Uint32 ui_input_event_type(void)
{
	static Uint32 type = (Uint32)-1;

	if (type == (Uint32)-1)
		type = SDL_RegisterEvents(1);
	return type;
}

/* Post one line to the loop; the loop frees it. */
static void input_post(const char *line)
{
	SDL_Event ev = {0};

	ev.type = ui_input_event_type();
	ev.user.data1 = xstrdup(line);
	if (SDL_PushEvent(&ev) != 1)
		free(ev.user.data1);
}

/* Read lines until told to stop (or a plain file ends). */
static int input_main(void *arg)
{
	struct ui_input *in = arg;
	char buf[4096];
	size_t n = 0;

	while (!SDL_AtomicGet(&in->stop)) {
		struct pollfd p = {.fd = in->fd, .events = POLLIN};
		ssize_t got;
		char *nl;

		if (poll(&p, 1, 200) <= 0)
			continue;
		got = read(in->fd, buf + n, sizeof buf - 1 - n);
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (got <= 0)
			break; /* a plain file, read to its end */
		n += (size_t)got;
		buf[n] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			if (buf[0])
				input_post(buf);
			n -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, n + 1);
		}
		if (n == sizeof buf - 1)
			n = 0; /* a line too long to be a command */
	}
	return 0;
}

/* Start reading path; a FIFO is opened read-write (see above). */
struct ui_input *ui_input_start(const char *path, struct qerr *err)
{
	struct ui_input *in = xcalloc(1, sizeof *in);
	struct stat st;

	if (stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
		in->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	else
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		qerr_set(err, PROTO_E_IO, "cannot read input %s: %s", path,
		         strerror(errno));
		free(in);
		return NULL;
	}
	in->thread = SDL_CreateThread(input_main, "qhall-input", in);
	if (in->thread == NULL)
		fatal("cannot start the input thread: %s", SDL_GetError());
	return in;
}

/* Stop the thread and close the file. */
void ui_input_stop(struct ui_input *in)
{
	if (in == NULL)
		return;
	SDL_AtomicSet(&in->stop, 1);
	SDL_WaitThread(in->thread, NULL);
	close(in->fd);
	free(in);
}

/* A key pressed and released, as a keyboard gives it. */
static void input_key(struct ui_app *a, const char *name)
{
	SDL_Event ev = {0};
	Uint16 mod = 0;

	if (SDL_strncasecmp(name, "ctrl+", 5) == 0) {
		mod = KMOD_LCTRL;
		name += 5;
	}
	ev.key.keysym.sym = SDL_GetKeyFromName(name);
	if (ev.key.keysym.sym == SDLK_UNKNOWN) {
		log_warn("input", "no key named \"%s\"", name);
		return;
	}
	ev.key.keysym.scancode = SDL_GetScancodeFromKey(ev.key.keysym.sym);
	ev.key.keysym.mod = mod;
	ev.key.windowID = SDL_GetWindowID(a->ui->window);
	ev.type = SDL_KEYDOWN;
	ev.key.state = SDL_PRESSED;
	ui_app_dispatch(a, &ev);
	ev.type = SDL_KEYUP;
	ev.key.state = SDL_RELEASED;
	ui_app_dispatch(a, &ev);
}

/* A design point back to window points, as a finger would give it. */
static void input_tap(struct ui_app *a, int x, int y)
{
	SDL_Event ev = {0};
	int ww, wh;

	SDL_GetWindowSize(a->ui->window, &ww, &wh);
	ev.button.x = (int)(a->ui->off_x + (x + 0.5f) * a->ui->scale);
	ev.button.y = (int)(a->ui->off_y + (y + 0.5f) * a->ui->scale);
	if (a->ui->width > 0 && a->ui->height > 0) {
		ev.button.x = ev.button.x * ww / a->ui->width;
		ev.button.y = ev.button.y * wh / a->ui->height;
	}
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.clicks = 1;
	ev.button.windowID = SDL_GetWindowID(a->ui->window);
	ev.type = SDL_MOUSEBUTTONDOWN;
	ev.button.state = SDL_PRESSED;
	ui_app_dispatch(a, &ev);
	ev.type = SDL_MOUSEBUTTONUP;
	ev.button.state = SDL_RELEASED;
	ui_app_dispatch(a, &ev);
}

/* Turn one scripted line into the events it stands for. */
void ui_input_apply(struct ui_app *a, const SDL_Event *e)
{
	char *line = e->user.data1;
	int x, y;

	if (strncmp(line, "key ", 4) == 0) {
		input_key(a, line + 4);
	} else if (strncmp(line, "text ", 5) == 0) {
		SDL_Event ev = {0};
		ev.type = SDL_TEXTINPUT;
		ev.text.windowID = SDL_GetWindowID(a->ui->window);
		snprintf(ev.text.text, sizeof ev.text.text, "%s", line + 5);
		ui_app_dispatch(a, &ev);
	} else if (sscanf(line, "tap %d %d", &x, &y) == 2) {
		input_tap(a, x, y);
	} else if (strcmp(line, "quit") == 0) {
		a->quit = 1;
	} else {
		log_warn("input", "not understood: \"%.60s\"", line);
	}
	free(line);
}
