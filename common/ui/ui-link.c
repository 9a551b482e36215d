/*
 * The link's thread: a blocking client (common/client.c) driven by poll()
 * over its socket and a wake-up pipe. Requests come in through a queue under
 * a mutex; replies and events go out through SDL_PushEvent, which SDL makes
 * safe to call from any thread.
 */
#include "ui-link.h"

#include "ui-clock.h"

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

struct ui_link {
	struct client_addr addr;
	char role[16], device[64], token[129];
	int window, subscribe;

	SDL_Thread *thread;
	SDL_mutex *lock;
	json_t *queue; /* [[tag, op, params], ...] under lock */
	int wake[2];   /* pipe: a request is queued, or stop */
	SDL_atomic_t stop, up;

	/* thread-only */
	struct client *client;
	json_t *waiting; /* {"<id>": [tag, sent ms]} of requests sent */
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
	const char *key;
	json_t *tag;

	client_free(l->client);
	l->client = NULL;
	json_object_foreach(l->waiting, key, tag)
	    link_fail((unsigned)json_integer_value(json_array_get(tag, 0)),
	              PROTO_E_IO, "the connection to qhalld was lost");
	json_object_clear(l->waiting);
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
	const char *key;
	json_t *w;

	json_object_foreach(l->waiting, key, w)
	{
		Uint64 sent = (Uint64)json_integer_value(json_array_get(w, 1));
		if (now - sent > CLIENT_TIMEOUT_MS) {
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
	json_t *q;
	size_t i;
	json_t *r;

	SDL_LockMutex(l->lock);
	q = l->queue;
	l->queue = json_array();
	SDL_UnlockMutex(l->lock);
	json_array_foreach(q, i, r)
	{
		unsigned tag =
		    (unsigned)json_integer_value(json_array_get(r, 0));
		const char *op = json_string_value(json_array_get(r, 1));
		json_t *params = json_incref(json_array_get(r, 2));
		struct qerr err = {0};
		long long id;
		char key[32];

		if (l->client == NULL) {
			json_decref(params);
			link_fail(tag, PROTO_E_IO, "qhalld is not reachable");
			continue;
		}
		if (client_send(l->client, op, params, &id, &err)) {
			link_fail(tag, err.code, err.message);
			link_drop(l, &err);
			continue;
		}
		snprintf(key, sizeof key, "%lld", id);
		json_object_set_new(l->waiting, key,
		                    json_pack("[I, I]", (json_int_t)tag,
		                              (json_int_t)SDL_GetTicks64()));
	}
	json_decref(q);
}

static void link_receive(struct ui_link *l)
{
	struct qerr err = {0};
	json_t *msg;
	int rc;

	while ((rc = client_next(l->client, 0, &msg, &err)) == 0) {
		if (json_object_get(msg, "event")) {
			link_post(UI_LINK_EVENT, 0, 1, msg, NULL);
			continue;
		}
		char key[32];
		snprintf(
		    key, sizeof key, "%lld",
		    (long long)json_integer_value(json_object_get(msg, "id")));
		json_t *tag = json_object_get(l->waiting, key);
		if (tag == NULL) {
			json_decref(msg);
			continue;
		}
		unsigned t =
		    (unsigned)json_integer_value(json_array_get(tag, 0));
		json_object_del(l->waiting, key);
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
	l->queue = json_array();
	l->waiting = json_object();
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
	json_decref(l->queue);
	json_decref(l->waiting);
	free(l);
}

int ui_link_up(const struct ui_link *l)
{
	return SDL_AtomicGet((SDL_atomic_t *)&l->up);
}

void ui_link_send(struct ui_link *l, unsigned tag, const char *op,
                  json_t *params)
{
	if (!ui_link_up(l)) {
		json_decref(params);
		link_fail(tag, PROTO_E_IO, "qhalld is not reachable");
		return;
	}
	SDL_LockMutex(l->lock);
	json_array_append_new(l->queue,
	                      json_pack("[I, s, o]", (json_int_t)tag, op,
	                                params ? params : json_object()));
	SDL_UnlockMutex(l->lock);
	if (write(l->wake[1], "x", 1) < 0 && errno != EAGAIN)
		log_warn("ui", "cannot wake the daemon link: %s",
		         strerror(errno));
}
