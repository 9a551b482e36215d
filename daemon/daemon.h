/*
 * qhalld's state, shared by its files: one struct daemon, passed down.
 *
 * The loop's turn: read callbacks (priority 1, as are the listeners) decode
 * requests and run them inside one open transaction, each in its own
 * savepoint; their replies and events wait in daemon::pending. Once no read
 * is left, the turn event (priority 2) commits the batch and only then
 * sends the replies and fans out the events. So a reply about a change
 * always follows a durable commit, and requests that arrive together share
 * one flush of the disk. A client that never stops writing would keep the
 * turn from running: every line read while a batch is open counts, and at
 * max_batch lines the batch commits there and then. Signals have priority 0.
 *
 * Turns are fair: a client runs at most turn_requests requests in a turn,
 * and none more once its replies of the turn reached turn_reply_kib, so a
 * cheap request with a large answer counts for more. A client with lines
 * left over is parked in daemon::ready and served again, in order, in the
 * next pass of the loop, once what that pass read from the others has
 * been committed and answered; a client with more than read_pause_kib
 * unread is not read until it has read it.
 */
#ifndef QHALL_DAEMON_H
#define QHALL_DAEMON_H

#include <event2/event.h>
#include <event2/listener.h>
#include <jansson.h>
#include <stdint.h>
#include <sys/queue.h>

#include "catalog.h"
#include "config.h"
#include "qerr.h"
#include "hall.h"
#include "store.h"

#ifndef TAILQ_FOREACH_SAFE /* glibc's sys/queue.h lacks it */
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)                             \
	for ((var) = TAILQ_FIRST((head));                                      \
	     (var) && ((tvar) = TAILQ_NEXT((var), field), 1); (var) = (tvar))
#endif

enum role {
	ROLE_KIOSK = 1 << 0,
	ROLE_WINDOW = 1 << 1,
	ROLE_DISPLAY = 1 << 2,
	ROLE_ADMIN = 1 << 3,
	ROLE_RATER = 1 << 4, /* the evaluator (评价器) at one window */
	/* A ticket's own page (补评), set by the web face for one request
	 * that showed the ticket's key; never a device's, so not in ROLE_ANY.
	 */
	ROLE_TICKET = 1 << 5,
	/* The province's booking platform: appointments only. */
	ROLE_BOOKING = 1 << 6,
};
#define ROLE_ANY                                                               \
	(ROLE_KIOSK | ROLE_WINDOW | ROLE_DISPLAY | ROLE_ADMIN | ROLE_RATER)

struct conn {
	TAILQ_ENTRY(conn) link; /* daemon::conns, or daemon::dead */
	struct daemon *daemon;
	struct bufferevent *bev; /* NULL once closed */
	uint64_t id;
	char peer[64]; /* "unix uid 0" or "127.0.0.1:5555" */
	/* Who the peer is, for its share of the hello budget: the uid, or
	 * the address without the port. */
	char peer_key[64];
	int trusted; /* Unix peer of our uid: any role, no token */
	int hello;
	enum role role;
	int window; /* a window or rater client's own window */
	char device[64];
	int subscribed;
	int claimed_window;     /* the window this caller logged in at */
	int closing;            /* close once the output is written */
	int pending;            /* replies of this conn in daemon::pending */
	struct event *hello_ev; /* the hello deadline; NULL once said */

	TAILQ_ENTRY(conn) ready_link; /* daemon::ready, while parked */
	int parked;                   /* lines left over for the next turn */
	int paused;        /* not read until its output has drained */
	uint64_t turn;     /* the turn the two counts below are of */
	int turn_requests; /* requests it ran in that turn */
	size_t turn_bytes; /* bytes of reply it was sent in that turn */
	struct evbuffer_cb_entry *out_cb; /* output.c's count of its output */
};

/* A reply or an event held until the batch is committed. */
struct pending {
	TAILQ_ENTRY(pending) link; /* daemon::pending */
	struct conn *conn;         /* NULL: an event for every subscriber */
	char *line;                /* the reply or event, with its newline */
	size_t len;
	json_t *id; /* a reply's request id, for the error if need be */
	int change; /* if the commit fails, say so instead */
};

struct daemon {
	struct event_base *base;
	struct config config;
	char data_dir[1024];
	char socket_path[1100];
	struct store *store;
	struct hall *hall; /* the rules, above the store */
	struct catalog *catalog;
	/* The catalog encoded once: a 40 KB reply that would cost a deep
	 * copy and an encoding each time a screen asks. */
	char *catalog_text;
	/* A raw trace page's reply text (ops-trace.c), reused page to page:
	 * the reply copies it. */
	char *page_text;
	size_t page_cap;
	size_t catalog_len;

	TAILQ_HEAD(, conn) conns;
	TAILQ_HEAD(, conn) dead; /* closed, freed when nothing points at them */
	int nconns;
	int nprehello; /* connections that have not said hello yet */
	uint64_t next_conn_id;

	TAILQ_HEAD(, pending) pending;
	int batch_lines; /* lines read while the batch is open */
	struct event *turn_ev;
	uint64_t turn;            /* turns so far: commits, or none to make */
	TAILQ_HEAD(, conn) ready; /* parked conns, served in this order */
	int nready;
	struct event *resume_ev; /* serves daemon::ready, beside the reads */
	int turn_most;           /* most requests of one client in a turn */

	size_t out_total;  /* output.c: bytes unread by all clients */
	size_t out_peak;   /* the most out_total was since memory was trimmed */
	uint64_t out_shed; /* clients dropped over max_output_total_mib */
	struct event *trim_ev; /* output.c: malloc_trim, a moment later */
	struct conn **fan;     /* server.c: the subscribers of one fan-out */
	int fan_cap;

	struct evconnlistener *unix_listener, *tcp_listener;
	struct event *accept_again_ev; /* after running out of descriptors */
	struct event *sigterm_ev, *sigint_ev;
	int lock_fd;

	int64_t day_second;           /* dispatch.c: the second day is of */
	char day[TICKET_DAY_LEN + 1]; /* its business day */

	struct guard *guard; /* login-guard.c: wrong PINs and lockouts */
	struct code_guard *code_guard; /* ops-appointment.c: wrong codes */
	struct limits *limits;      /* limits.c: requests a device may make */
	char test_clock[1100];      /* clock.c: DATA/test-clock, or "" */
	uint64_t requests, batches; /* since start, for the log */
	struct http *http;          /* http-*.c: the web face, NULL when off */
	struct event *alert_ev;     /* ops-alert.c: the timed look */
};

/* server.c */
int server_listen(struct daemon *, struct qerr *);
void server_stop(struct daemon *);
void server_reply(struct conn *, json_t *msg, int change);
void server_reply_line(struct conn *, json_t *id, char *line, size_t len,
                       int change);
void server_emit(void *daemon, const char *line, size_t len);
/* -1 when the batch's commit failed (nothing of it happened). */
int server_turn(struct daemon *);
void conn_close(struct conn *, const char *why);
void server_hello_done(struct conn *);
struct conn *server_window_holder(struct daemon *, struct conn *self,
                                  int window);

/* output.c */
void output_watch(struct conn *);
void output_forget(struct conn *);
void output_shed(struct daemon *, size_t more);
void output_trim(struct daemon *);
void output_close(struct daemon *);

/* dispatch.c */
void dispatch_line(struct conn *, const char *line, size_t len);
/* Run a decoded request as conn: role, fields, limits, a savepoint in the
 * batch (opened if need be). The web face's way in (http-server.c). */
struct op;
struct op_ctx;
int dispatch_op(struct conn *, const struct op *, struct op_ctx *,
                json_t **result, struct qerr *);

/* login-guard.c: wrong PINs counted per staff number and window. */
struct guard *guard_new(void);
void guard_free(struct guard *);
/* 1 while locked out; *wait_ms how much longer. */
int guard_locked(struct guard *, const char *staff, int window, int64_t now,
                 int64_t *wait_ms);
void guard_failed(struct guard *, const char *staff, int window, int64_t now);
void guard_passed(struct guard *, const char *staff, int window);
/* Forget a staff number's lockouts at one window (0: at every window);
 * returns how many were cleared. */
int guard_unlock(struct guard *, const char *staff, int window);
/* A PIN hash no PIN matches, made like a real one: an unknown staff
 * number costs a login the same time as a known one. */
const char *guard_dummy_hash(const struct guard *);

/* limits.c: rate limits per device and role. */
struct op;
struct limits *limits_new(const struct config *);
void limits_free(struct limits *);
/* 0, or -1 with rate_limited when this device is over its rate. */
int limits_check(struct limits *, const struct conn *, const struct op *,
                 int64_t now, struct qerr *);
/* [{"device", "refused", "last"}] of devices refused since start. */
json_t *limits_status(const struct limits *);
/* clock.c: the time every request and the start go by. */
void clock_init(struct daemon *, int test_clock);
int64_t clock_now_ms(const struct daemon *);

/* datadir.c */
int datadir_lock(struct daemon *, struct qerr *);
void datadir_unlock(struct daemon *);

#endif
