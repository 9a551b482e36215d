/*
 * The supervisors' console: /console logs a supervisor (or admin) in with
 * a staff number and PIN, checked as a caller's login is (the same
 * Argon2id hashes, the same lockout, counted as window 0, which "qhall
 * staff unlock ID" clears), and keeps a session on the server: a random
 * id in an HttpOnly, SameSite=Strict cookie (Secure when [http]
 * secure_cookie says the hall is behind TLS), ended by logout, after
 * HTTP_SESSION_IDLE_S idle or HTTP_SESSION_MAX_S in all. Every change is a
 * POST that carries the session's CSRF token in X-CSRF-Token, and runs as
 * the op it is, through the daemon's op table, with "staff:ID" as the
 * actor in the trace.
 */
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http-private.h"
#include "log.h"
#include "ops.h"
#include "phone.h"
#include "proto.h"
#include "staff-pin.h"
#include "xmalloc.h"

#define HTTP_SESSIONS       64
#define HTTP_SESSION_IDLE_S (30 * 60)
#define HTTP_SESSION_MAX_S  (12 * 3600)
#define HTTP_SECRET_HEX     64 /* 32 random bytes */
#define HTTP_CONSOLE_WINDOW 0  /* the lockout's "window" for the console */

struct http_session {
	char id[HTTP_SECRET_HEX + 1]; /* "" when free */
	char csrf[HTTP_SECRET_HEX + 1];
	char staff[33], name[97], role[16];
	int64_t started, seen;
};

struct http_sessions {
	struct http_session s[HTTP_SESSIONS];
};

struct http_sessions *http_sessions_new(void)
{
	return xcalloc(1, sizeof(struct http_sessions));
}

void http_sessions_free(struct http_sessions *ss)
{
	if (ss)
		sodium_memzero(ss, sizeof *ss);
	free(ss);
}

static void http_secret(char out[HTTP_SECRET_HEX + 1])
{
	unsigned char raw[HTTP_SECRET_HEX / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, HTTP_SECRET_HEX + 1, raw, sizeof raw);
}

static int http_session_live(const struct http_session *s, int64_t now)
{
	return s->id[0] && now - s->seen < HTTP_SESSION_IDLE_S * 1000LL &&
	       now - s->started < HTTP_SESSION_MAX_S * 1000LL;
}

/* The request's session, from its cookie; NULL when none is live. */
static struct http_session *http_session_of(struct http *h,
                                            struct evhttp_request *req)
{
	const char *cookie =
	    evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie");
	const char *at;
	char id[HTTP_SECRET_HEX + 1];
	int64_t now = ticket_now_ms();

	if (cookie == NULL || (at = strstr(cookie, "qhall_console=")) == NULL)
		return NULL;
	at += strlen("qhall_console=");
	if (strspn(at, "0123456789abcdef") < HTTP_SECRET_HEX)
		return NULL;
	memcpy(id, at, HTTP_SECRET_HEX);
	id[HTTP_SECRET_HEX] = '\0';
	for (int i = 0; i < HTTP_SESSIONS; i++) {
		struct http_session *s = &h->sessions->s[i];
		if (s->id[0] &&
		    sodium_memcmp(s->id, id, HTTP_SECRET_HEX) == 0) {
			if (!http_session_live(s, now)) {
				sodium_memzero(s, sizeof *s);
				return NULL;
			}
			s->seen = now;
			return s;
		}
	}
	return NULL;
}

static struct http_session *http_session_new(struct http *h)
{
	struct http_session *pick = &h->sessions->s[0];
	int64_t now = ticket_now_ms();

	/* A free or ended slot, else the one idle longest. */
	for (int i = 0; i < HTTP_SESSIONS; i++) {
		struct http_session *s = &h->sessions->s[i];
		if (!http_session_live(s, now)) {
			pick = s;
			break;
		}
		if (s->seen < pick->seen)
			pick = s;
	}
	sodium_memzero(pick, sizeof *pick);
	http_secret(pick->id);
	http_secret(pick->csrf);
	pick->started = pick->seen = now;
	return pick;
}

static void http_session_cookie(struct http *h, struct evhttp_request *req,
                                const char *id, int max_age)
{
	char cookie[256];

	snprintf(cookie, sizeof cookie,
	         "qhall_console=%s; Path=/console; HttpOnly; SameSite=Strict; "
	         "Max-Age=%d%s",
	         id, max_age,
	         h->d->config.http_secure_cookie ? "; Secure" : "");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie",
	                  cookie);
}

/* The request's body as a JSON object; NULL when it is not one. */
json_t *http_body_json(struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	json_t *j;

	if (len == 0 || len > HTTP_MAX_BODY)
		return NULL;
	j = json_loadb((const char *)evbuffer_pullup(in, -1), len,
	               JSON_REJECT_DUPLICATES, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static void http_console_error(struct evhttp_request *req, int code,
                               const char *what, const char *message)
{
	http_send_json(
	    req, code,
	    json_pack("{s:s, s:s}", "code", what, "message", message));
}

/* A staff number and PIN, as a caller's login checks them. */
static void http_console_login(struct http *h, struct evhttp_request *req)
{
	struct daemon *d = h->d;
	json_t *body = http_body_json(req);
	const char *staff =
	    body ? json_string_value(json_object_get(body, "staff")) : NULL;
	const char *pin =
	    body ? json_string_value(json_object_get(body, "pin")) : NULL;
	char id[33];
	struct store_staff who = {{0}, {0}, {0}};
	struct http_session *s;
	struct qerr err = {0};
	char role[16] = "";
	int64_t now = ticket_now_ms(), wait_ms;
	int ok;

	if (staff == NULL || pin == NULL || strlen(staff) == 0 ||
	    strlen(staff) >= sizeof id || strlen(pin) > STAFF_PIN_MAX ||
	    strspn(staff, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                  "0123456789-_") != strlen(staff)) {
		json_decref(body);
		http_console_error(req, 400, PROTO_E_BAD_REQUEST,
		                   "give a staff number and a PIN");
		return;
	}
	/* Checked above: no newline or escape of a client's reaches the log. */
	snprintf(id, sizeof id, "%s", staff);
	if (guard_locked(d->guard, id, HTTP_CONSOLE_WINDOW, now, &wait_ms)) {
		json_decref(body);
		http_console_error(req, 429, PROTO_E_UNAUTHORIZED,
		                   "too many wrong PINs: wait and try again");
		return;
	}
	http_settle(h);
	if (hall_staff_get(d->hall, id, &who, &err)) {
		/* The same work and answer as a wrong PIN. */
		snprintf(who.pin_hash, sizeof who.pin_hash, "%s",
		         guard_dummy_hash(d->guard));
		who.id[0] = '\0';
	}
	ok = crypto_pwhash_str_verify(who.pin_hash, pin, strlen(pin)) == 0 &&
	     who.id[0] != '\0';
	json_decref(body);
	if (!ok) {
		guard_failed(d->guard, id, HTTP_CONSOLE_WINDOW, now);
		log_warn("http",
		         "%s: wrong staff number or PIN for %s at the "
		         "console",
		         http_peer_addr(req), id);
		http_console_error(req, 401, PROTO_E_UNAUTHORIZED,
		                   "wrong staff number or PIN");
		return;
	}
	guard_passed(d->guard, id, HTTP_CONSOLE_WINDOW);
	if (hall_staff_role(d->hall, id, role, sizeof role, &err) ||
	    (strcmp(role, "supervisor") != 0 && strcmp(role, "admin") != 0)) {
		http_console_error(req, 403, PROTO_E_FORBIDDEN,
		                   "the console is for supervisors");
		return;
	}
	s = http_session_new(h);
	snprintf(s->staff, sizeof s->staff, "%s", who.id);
	snprintf(s->name, sizeof s->name, "%s", who.name);
	snprintf(s->role, sizeof s->role, "%s", role);
	log_info("http", "%s logged in to the console from %s", s->staff,
	         http_peer_addr(req));
	http_session_cookie(h, req, s->id, HTTP_SESSION_MAX_S);
	http_send_json(req, 200,
	               json_pack("{s:s, s:s, s:s, s:s}", "staff", s->staff,
	                         "name", s->name, "role", s->role, "csrf",
	                         s->csrf));
}

/* The console's own view: the hall, with who is behind the console. */
static json_t *http_console_view(struct http *h, struct http_session *s)
{
	json_t *v = http_display_view(h);

	json_object_set_new(v, "me",
	                    json_pack("{s:s, s:s, s:s, s:s}", "staff", s->staff,
	                              "name", s->name, "role", s->role, "csrf",
	                              s->csrf));
	return v;
}

/* GET /console: the page; its script asks /console/state who is in. */
void http_console_route(struct http *h, struct evhttp_request *req,
                        const char *path)
{
	(void)h;
	(void)path;
	http_static_send(req, "console.html", 200);
}

void http_console_state(struct http *h, struct evhttp_request *req,
                        const char *path)
{
	struct http_session *s = http_session_of(h, req);
	(void)path;

	/* No session is no error: the page then asks for a login. */
	if (s == NULL) {
		http_send_json(req, 200, json_pack("{s:n}", "me"));
		return;
	}
	http_settle(h);
	http_send_json(req, 200, http_console_view(h, s));
}

void http_console_events(struct http *h, struct evhttp_request *req,
                         const char *path)
{
	struct http_session *s = http_session_of(h, req);
	json_t *v;
	char *text;
	(void)path;

	if (s == NULL) {
		http_send_error(req, 401, "Unauthorized");
		return;
	}
	http_settle(h);
	if (http_stream_open(h, req, HTTP_STREAM_CONSOLE, NULL, NULL))
		return;
	v = http_display_view(h);
	text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (text == NULL)
		fatal("out of memory for a status");
	http_stream_write(TAILQ_LAST(&h->streams, http_streams), "status", text,
	                  strlen(text));
	free(text);
}

/*
 * GET /console/reviews[?open=1][&overdue=1]: the 差评 ledger, as the
 * reviews op gives it to an admin, for the console's ledger list. A list
 * is seen across the room: its phone numbers are masked.
 */
void http_console_reviews(struct http *h, struct evhttp_request *req,
                          const char *path)
{
	struct http_session *s = http_session_of(h, req);
	json_t *op_req, *result = NULL, *e;
	struct qerr err = {0};
	char flag[4];
	struct conn c;
	size_t i;
	(void)path;

	if (s == NULL) {
		http_console_error(req, 401, PROTO_E_UNAUTHORIZED,
		                   "log in first");
		return;
	}
	op_req = json_object();
	if (http_query(req, "open", flag, sizeof flag) == 0 &&
	    strcmp(flag, "1") == 0)
		json_object_set_new(op_req, "open", json_true());
	if (http_query(req, "overdue", flag, sizeof flag) == 0 &&
	    strcmp(flag, "1") == 0)
		json_object_set_new(op_req, "overdue", json_true());
	memset(&c, 0, sizeof c);
	c.daemon = h->d;
	c.hello = 1;
	c.role = ROLE_ADMIN; /* a read, the console's to make */
	snprintf(c.device, sizeof c.device, "staff:%s", s->staff);
	snprintf(c.peer, sizeof c.peer, "console %s", http_peer_addr(req));
	if (http_run_op(h, &c, "reviews", op_req, &result, &err)) {
		json_decref(op_req);
		http_console_error(req, 500, err.code, err.message);
		return;
	}
	json_decref(op_req);
	json_array_foreach(json_object_get(result, "reviews"), i, e)
	{
		const char *phone =
		    json_string_value(json_object_get(e, "phone"));
		if (phone) {
			char masked[PHONE_MAX + 1];
			phone_mask(phone, masked);
			json_object_set_new(e, "phone", json_string(masked));
		}
	}
	http_send_json(req, 200, result ? result : json_object());
}

/*
 * GET /console/alerts: the standing alerts, as the alerts op gives them to
 * an admin (the hall is looked at first). The page asks again whenever an
 * alert event comes down its stream.
 */
void http_console_alerts(struct http *h, struct evhttp_request *req,
                         const char *path)
{
	struct http_session *s = http_session_of(h, req);
	json_t *result = NULL, *op_req;
	struct qerr err = {0};
	struct conn c;
	int rc;
	(void)path;

	if (s == NULL) {
		http_console_error(req, 401, PROTO_E_UNAUTHORIZED,
		                   "log in first");
		return;
	}
	memset(&c, 0, sizeof c);
	c.daemon = h->d;
	c.hello = 1;
	c.role = ROLE_ADMIN;
	snprintf(c.device, sizeof c.device, "staff:%s", s->staff);
	snprintf(c.peer, sizeof c.peer, "console %s", http_peer_addr(req));
	op_req = json_object();
	rc = http_run_op(h, &c, "alerts", op_req, &result, &err);
	json_decref(op_req);
	if (rc) {
		http_console_error(req, 500, err.code, err.message);
		return;
	}
	http_send_json(req, 200, result ? result : json_object());
}

/* What a supervisor may do: an action's name, its op, and its fields. */
static const struct {
	const char *action, *op;
	const char *fields[3];
} http_console_actions[] = {
    {"pause", "pause", {"window", "reason", NULL}},
    {"resume", "resume", {"window", NULL, NULL}},
    {"queue-close", "queue_close", {"queue", NULL, NULL}},
    {"queue-open", "queue_open", {"queue", NULL, NULL}},
    {"notice", "notice", {"text", NULL, NULL}},
    {"alert-ack", "alert_ack", {"alert", NULL, NULL}},
};

#define HTTP_NACTIONS                                                          \
	(sizeof http_console_actions / sizeof http_console_actions[0])

/* POST /console/ACTION: login, logout, or a change with its CSRF token. */
void http_console_action(struct http *h, struct evhttp_request *req,
                         const char *path)
{
	const char *action = path + strlen("/console/");
	const char *csrf = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "X-CSRF-Token");
	struct http_session *s;
	json_t *body, *op_req, *result = NULL;
	struct qerr err = {0};
	struct conn c;
	size_t i;

	if (strcmp(action, "login") == 0) {
		http_console_login(h, req);
		return;
	}
	s = http_session_of(h, req);
	if (s == NULL) {
		http_console_error(req, 401, PROTO_E_UNAUTHORIZED,
		                   "log in first");
		return;
	}
	if (csrf == NULL || strlen(csrf) != HTTP_SECRET_HEX ||
	    sodium_memcmp(csrf, s->csrf, HTTP_SECRET_HEX) != 0) {
		log_warn("http",
		         "%s: a console request for %s without its "
		         "CSRF token",
		         http_peer_addr(req), s->staff);
		http_console_error(req, 403, PROTO_E_FORBIDDEN,
		                   "missing or wrong CSRF token");
		return;
	}
	if (strcmp(action, "logout") == 0) {
		log_info("http", "%s logged out of the console", s->staff);
		sodium_memzero(s, sizeof *s);
		http_session_cookie(h, req, "", 0);
		http_send_json(req, 200, json_pack("{s:b}", "ok", 1));
		return;
	}
	for (i = 0; i < HTTP_NACTIONS; i++)
		if (strcmp(action, http_console_actions[i].action) == 0)
			break;
	if (i == HTTP_NACTIONS) {
		http_console_error(req, 404, PROTO_E_UNKNOWN_OP,
		                   "no such action");
		return;
	}
	body = http_body_json(req);
	if (body == NULL) {
		http_console_error(req, 400, PROTO_E_BAD_JSON,
		                   "the body must be a JSON object");
		return;
	}
	/* Only the action's own fields reach the op. */
	op_req = json_object();
	for (int f = 0; f < 3 && http_console_actions[i].fields[f]; f++) {
		json_t *v =
		    json_object_get(body, http_console_actions[i].fields[f]);
		if (v)
			json_object_set(op_req,
			                http_console_actions[i].fields[f], v);
	}
	json_decref(body);
	memset(&c, 0, sizeof c);
	c.daemon = h->d;
	c.hello = 1;
	c.role = ROLE_ADMIN; /* the ops above are the console's to send */
	snprintf(c.device, sizeof c.device, "staff:%s", s->staff);
	snprintf(c.peer, sizeof c.peer, "console %s", http_peer_addr(req));
	if (http_run_op(h, &c, http_console_actions[i].op, op_req, &result,
	                &err)) {
		json_decref(op_req);
		http_console_error(
		    req, strcmp(err.code, PROTO_E_STORE) == 0 ? 500 : 409,
		    err.code, err.message);
		return;
	}
	json_decref(op_req);
	log_info("http", "%s: %s", c.device, action);
	http_send_json(req, 200, result ? result : json_object());
}
