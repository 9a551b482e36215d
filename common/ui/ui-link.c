/*
 * The link's thread: a blocking client (common/client.c) driven by poll()
 * over its socket and a wake-up pipe. Requests come in through a queue under
 * a mutex; replies and events go out through SDL_PushEvent, which SDL makes
 * safe to call from any thread.
 */
#include "ui-link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "proto.h"
#include "ui-clock.h"
#include "xmalloc.h"

#define LINK_BACKOFF_MIN_MS 200
#define LINK_BACKOFF_MAX_MS 3000

/* A request the screen asked for, not yet sent. Owns params. */
struct link_request {
	struct link_request *next;
	unsigned tag;
	char op[32];
	json_t *params;
};

/* A request sent, waiting for the reply with its id. */
struct link_waiting {
	struct link_waiting *next;
	long long id;
	unsigned tag;
	Uint64 sent_ms;
};

struct ui_link {
	struct client_addr addr;
	char role[16], device[64], token[129];
	int window, subscribe;

	SDL_Thread *thread;
	SDL_mutex *lock;
	/* Asked and not yet sent, oldest first; under lock. */
	struct link_request *queue, **queue_tail;
	int wake[2]; /* pipe: a request is queued, or stop */
	SDL_atomic_t stop, up;

	/* thread-only */
	struct client *client;
	struct link_waiting *waiting; /* sent, newest first */
};

Uint32 ui_link_event_type(void)
{
	static Uint32 type = (Uint32)-1;

	if (type == (Uint32)-1)
		type = SDL_RegisterEvents(1);
	return type;
}

static void link_post(enum ui_link_kind kind, unsigned tag, int ok,
                      json_t *body, const struct qerr *err)
{
	struct ui_link_msg *m = xcalloc(1, sizeof *m);
	SDL_Event ev = {0};

	m->kind = kind;
	m->tag = tag;
	m->ok = ok;
	m->body = body;
	if (err)
		m->err = *err;
	ev.type = ui_link_event_type();
	ev.user.data1 = m;
	if (SDL_PushEvent(&ev) != 1) {
		json_decref(body);
		free(m);
	}
}

void ui_link_msg_free(struct ui_link_msg *m)
{
	if (m == NULL)
		return;
	json_decref(m->body);
	free(m);
}

void ui_link_hall_clock(const struct ui_link_msg *m)
{
	const char *zone;

	if (m->kind != UI_LINK_UP)
		return;
	zone = json_string_value(json_object_get(m->body, "timezone"));
	if (zone && ui_clock_set_zone(zone))
		log_warn("ui", "the hall's time zone %s is unknown here", zone);
}

static void link_fail(unsigned tag, const char *code, const char *message)
{
	struct qerr err = {0};

	qerr_set(&err, code, "%s", message);
	link_post(UI_LINK_REPLY, tag, 0, NULL, &err);
}

/* Lost the daemon: every request in flight fails, and we say we are down. */
static void link_drop(struct ui_link *l, const struct qerr *why)
{
	client_free(l->client);
	l->client = NULL;
	while (l->waiting) {
		struct link_waiting *w = l->waiting;
		l->waiting = w->next;
		link_fail(w->tag, PROTO_E_IO,
		          "the connection to qhalld was lost");
		free(w);
	}
	SDL_AtomicSet(&l->up, 0);
	link_post(UI_LINK_DOWN, 0, 0, NULL, why);
}

/*
 * A daemon that answers nothing for CLIENT_TIMEOUT_MS is as good as gone:
 * drop the link, so every request waiting fails and the link reconnects.
 */
static void link_check_deadlines(struct ui_link *l)
{
	Uint64 now = SDL_GetTicks64();

	for (struct link_waiting *w = l->waiting; w; w = w->next) {
		if (now - w->sent_ms > CLIENT_TIMEOUT_MS) {
			struct qerr err = {0};
			qerr_set(&err, PROTO_E_TIMEOUT,
			         "qhalld did not answer within %d ms",
			         CLIENT_TIMEOUT_MS);
			link_drop(l, &err);
			return;
		}
	}
}

static void link_connect(struct ui_link *l)
{
	struct client_hello h = {l->role[0] ? l->role : NULL,
	                         l->device[0] ? l->device : NULL,
	                         l->token[0] ? l->token : NULL, l->window};
	struct qerr err = {0};
	json_t *result;

	l->client = client_open(&l->addr, &h, &err);
	if (l->client == NULL) {
		link_post(UI_LINK_DOWN, 0, 0, NULL, &err);
		return;
	}
	if (l->subscribe &&
	    client_call(l->client, "subscribe", NULL, &result, &err)) {
		client_free(l->client);
		l->client = NULL;
		link_post(UI_LINK_DOWN, 0, 0, NULL, &err);
		return;
	}
	if (l->subscribe)
		json_decref(result);
	SDL_AtomicSet(&l->up, 1);
	link_post(UI_LINK_UP, 0, 1, json_deep_copy(client_welcome(l->client)),
	          NULL);
}

static void link_drain_wake(struct ui_link *l)
{
	char buf[64];

	while (read(l->wake[0], buf, sizeof buf) > 0)
		;
}

static void link_send_queued(struct ui_link *l)
{
	struct link_request *q;

	SDL_LockMutex(l->lock);
	q = l->queue;
	l->queue = NULL;
	l->queue_tail = &l->queue;
	SDL_UnlockMutex(l->lock);
	while (q) {
		struct link_request *r = q;
		struct qerr err = {0};
		struct link_waiting *w;
		long long id;

		q = r->next;
		if (l->client == NULL) {
			link_fail(r->tag, PROTO_E_IO,
			          "qhalld is not reachable");
		} else if (client_send(l->client, r->op, json_incref(r->params),
		                       &id, &err)) {
			link_fail(r->tag, err.code, err.message);
			link_drop(l, &err);
		} else {
			w = xcalloc(1, sizeof *w);
			w->id = id;
			w->tag = r->tag;
			w->sent_ms = SDL_GetTicks64();
			w->next = l->waiting;
			l->waiting = w;
		}
		json_decref(r->params);
		free(r);
	}
}

/* The request a reply answers, taken off the list; NULL if none. */
static struct link_waiting *link_answered(struct ui_link *l, long long id)
{
	for (struct link_waiting **at = &l->waiting; *at; at = &(*at)->next) {
		struct link_waiting *w = *at;
		if (w->id == id) {
			*at = w->next;
			return w;
		}
	}
	return NULL;
}

static void link_receive(struct ui_link *l)
{
	struct qerr err = {0};
	json_t *msg;
	int rc;

	while ((rc = client_next(l->client, 0, &msg, &err)) == 0) {
		struct link_waiting *w;
		unsigned t;

		if (json_object_get(msg, "event")) {
			link_post(UI_LINK_EVENT, 0, 1, msg, NULL);
			continue;
		}
		w = link_answered(l, (long long)json_integer_value(
		                         json_object_get(msg, "id")));
		if (w == NULL) {
			json_decref(msg);
			continue;
		}
		t = w->tag;
		free(w);
		if (json_is_true(json_object_get(msg, "ok"))) {
			link_post(UI_LINK_REPLY, t, 1,
			          json_incref(json_object_get(msg, "result")),
			          NULL);
		} else {
			json_t *e = json_object_get(msg, "error");
			const char *text =
			    json_string_value(json_object_get(e, "message"));
			link_fail(t,
			          client_known_code(json_string_value(
			              json_object_get(e, "code"))),
			          text ? text : "refused");
		}
		json_decref(msg);
	}
	if (rc < 0)
		link_drop(l, &err);
}

static int link_main(void *arg)
{
	struct ui_link *l = arg;
	int backoff = LINK_BACKOFF_MIN_MS;

	while (!SDL_AtomicGet(&l->stop)) {
		struct pollfd p[2] = {{.fd = l->wake[0], .events = POLLIN},
		                      {.fd = -1, .events = POLLIN}};
		int timeout = 1000;

		if (l->client == NULL) {
			link_connect(l);
			if (l->client == NULL) {
				timeout = backoff;
				backoff = backoff * 2 > LINK_BACKOFF_MAX_MS
				              ? LINK_BACKOFF_MAX_MS
				              : backoff * 2;
			} else {
				backoff = LINK_BACKOFF_MIN_MS;
			}
		}
		if (l->client)
			p[1].fd = client_fd(l->client);
		if (poll(p, 2, timeout) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN) {
			link_drain_wake(l);
			link_send_queued(l);
		}
		if (l->client && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			link_receive(l);
		if (l->client)
			link_check_deadlines(l);
	}
	client_free(l->client);
	l->client = NULL;
	return 0;
}

struct ui_link *ui_link_start(const struct client_addr *addr,
                              const struct client_hello *h, int subscribe)
{
	struct ui_link *l = xcalloc(1, sizeof *l);

	l->addr = *addr;
	snprintf(l->role, sizeof l->role, "%s", h && h->role ? h->role : "");
	snprintf(l->device, sizeof l->device, "%s",
	         h && h->device ? h->device : "");
	snprintf(l->token, sizeof l->token, "%s",
	         h && h->token ? h->token : "");
	l->window = h ? h->window : 0;
	l->subscribe = subscribe;
	l->queue_tail = &l->queue;
	l->lock = SDL_CreateMutex();
	if (l->lock == NULL || pipe2(l->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("cannot start the daemon link: %s", SDL_GetError());
	ui_link_event_type();
	l->thread = SDL_CreateThread(link_main, "qhall-link", l);
	if (l->thread == NULL)
		fatal("cannot start the daemon link: %s", SDL_GetError());
	return l;
}

void ui_link_stop(struct ui_link *l)
{
	if (l == NULL)
		return;
	SDL_AtomicSet(&l->stop, 1);
	if (write(l->wake[1], "x", 1) < 0)
		log_warn("ui", "cannot wake the daemon link");
	SDL_WaitThread(l->thread, NULL);
	close(l->wake[0]);
	close(l->wake[1]);
	SDL_DestroyMutex(l->lock);
	while (l->queue) {
		struct link_request *r = l->queue;
		l->queue = r->next;
		json_decref(r->params);
		free(r);
	}
	while (l->waiting) {
		struct link_waiting *w = l->waiting;
		l->waiting = w->next;
		free(w);
	}
	free(l);
}

int ui_link_up(const struct ui_link *l)
{
	return SDL_AtomicGet((SDL_atomic_t *)&l->up);
}

void ui_link_send(struct ui_link *l, unsigned tag, const char *op,
                  json_t *params)
{
	struct link_request *r;

	if (!ui_link_up(l)) {
		json_decref(params);
		link_fail(tag, PROTO_E_IO, "qhalld is not reachable");
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->tag = tag;
	snprintf(r->op, sizeof r->op, "%s", op);
	r->params = params ? params : json_object();
	SDL_LockMutex(l->lock);
	*l->queue_tail = r;
	l->queue_tail = &r->next;
	SDL_UnlockMutex(l->lock);
	if (write(l->wake[1], "x", 1) < 0 && errno != EAGAIN)
		log_warn("ui", "cannot wake the daemon link: %s",
		         strerror(errno));
}
