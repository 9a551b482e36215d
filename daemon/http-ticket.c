/*
 * The page behind every ticket's QR: /t/DAY/NUMBER?k=KEY, its state as
 * JSON (/state) and as a stream (/events). The key is the ticket's own
 * secret, compared in constant time; a wrong key and a number that does
 * not exist get the very same 404, and an address that keeps guessing is
 * told to wait (429) for the rest of its minute, right or wrong, so the
 * limit itself tells nothing either. The view shows the ticket and its
 * item, never anyone else's.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "hall-route.h"
#include "http-private.h"
#include "log.h"
#include "proto.h"

static json_t *http_lines(const char **lines, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(lines[i]));
	return a;
}

/*
 * What the page may offer for 补评: null before any service ended, else
 * whether the last service is rated, whether it may still be, until when,
 * and the hall's reasons for a 差评. The level given is never shown back.
 */
static json_t *http_ticket_rating(struct http *h, const struct ticket *t)
{
	const struct rating_policy *p = hall_rating_policy(h->d->hall);
	struct qerr err = {0};
	struct store_service svc;
	struct store_rating r;
	int found, rated;
	int64_t until;
	json_t *reasons;

	if (store_service_of_ticket(h->d->store, t->id, 0, &svc, &found,
	                            &err) ||
	    (found &&
	     store_rating_get(h->d->store, svc.id, &r, &rated, &err))) {
		/* The page still shows the ticket; it offers no rating. */
		log_warn("http", "the rating of %s %s: %s", t->day, t->number,
		         err.message);
		return json_null();
	}
	if (!found)
		return json_null();
	until = hall_rule_rate_until(p, &svc);
	reasons = json_array();
	for (int i = 0; i < p->nreasons; i++)
		json_array_append_new(reasons, json_string(p->reasons[i]));
	return json_pack("{s:b, s:b, s:I, s:i, s:o}", "rated", rated, "open",
	                 !rated && clock_now_ms(h->d) <= until, "until",
	                 (json_int_t)until, "window", svc.window, "reasons",
	                 reasons);
}

/* Queue prefixes as their names joined, {"zh": "税务综合、住房公积金"}. */
static json_t *http_ticket_names(const struct catalog *cat, json_t *prefixes)
{
	char zh[256] = "", en[256] = "";
	size_t i, az = 0, ae = 0;
	json_t *p;

	json_array_foreach(prefixes, i, p)
	{
		const struct catalog_queue *q =
		    catalog_queue_find(cat, json_string_value(p));
		const char *nz = q ? q->name_zh : json_string_value(p);
		const char *ne = q ? q->name_en : json_string_value(p);

		if (az < sizeof zh)
			az += (size_t)snprintf(zh + az, sizeof zh - az, "%s%s",
			                       i ? "、" : "", nz);
		if (ae < sizeof en)
			ae += (size_t)snprintf(en + ae, sizeof en - ae, "%s%s",
			                       i ? " / " : "", ne);
	}
	return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

/*
 * Where the citizen is on the item's route (并联审批), for the page: each
 * step as `qhall route` has it, with its queues' and its done queues'
 * names. null when the ticket has no route.
 */
static json_t *http_ticket_steps(struct http *h, const char *day,
                                 const char *number)
{
	struct qerr err = {0};
	json_t *r = NULL, *steps, *s;
	size_t i;

	if (hall_route_show(h->d->hall, day, number, &r, &err))
		return json_null();
	steps = json_incref(json_object_get(r, "steps"));
	json_decref(r);
	if (json_array_size(steps) == 0) {
		json_decref(steps);
		return json_null();
	}
	json_array_foreach(steps, i, s)
	{
		json_object_set_new(
		    s, "name",
		    http_ticket_names(h->d->catalog,
		                      json_object_get(s, "queues")));
		json_object_set_new(
		    s, "done_name",
		    http_ticket_names(h->d->catalog,
		                      json_object_get(s, "done")));
	}
	return steps;
}

json_t *http_ticket_view(struct http *h, const char *day, const char *number)
{
	const struct catalog *cat = h->d->catalog;
	struct qerr err = {0};
	struct ticket t;
	char today[TICKET_DAY_LEN + 1];
	const struct catalog_queue *q;
	const struct catalog_item *it;
	json_t *v;

	if (hall_ticket_find(h->d->hall, day, number, &t, &err))
		return NULL;
	ticket_day_of(ticket_now_ms(), today);
	q = catalog_queue_find(cat, t.queue);
	it = t.item[0] ? catalog_item_find(cat, t.item) : NULL;
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i}", "number",
	              t.number, "day", t.day, "queue", t.queue, "item", t.item,
	              "state", ticket_state_name(t.state), "today", today,
	              "window", t.window, "calls", t.calls, "priority",
	              t.priority);
	json_object_set_new(v, "ahead",
	                    t.state == TICKET_WAITING ? json_integer(t.ahead)
	                                              : json_null());
	json_object_set_new(v, "est_wait_s",
	                    t.state == TICKET_WAITING && t.est_wait_s >= 0
	                        ? json_integer(t.est_wait_s)
	                        : json_null());
	json_object_set_new(v, "can_rejoin",
	                    json_boolean(t.state == TICKET_NO_SHOW &&
	                                 strcmp(t.day, today) == 0));
	json_object_set_new(
	    v, "hall",
	    json_pack("{s:s, s:s, s:s, s:s}", "zh", cat->hall_name.zh, "en",
	              cat->hall_name.en, "rules_zh", cat->hall_rules.zh,
	              "rules_en", cat->hall_rules.en));
	json_object_set_new(v, "rating", http_ticket_rating(h, &t));
	json_object_set_new(v, "route",
	                    it && it->route.nsteps > 0
	                        ? http_ticket_steps(h, day, number)
	                        : json_null());
	if (q)
		json_object_set_new(v, "queue_name",
		                    json_pack("{s:s, s:s}", "zh", q->name_zh,
		                              "en", q->name_en));
	if (it) {
		json_object_set_new(v, "item_name",
		                    json_pack("{s:s, s:s}", "zh", it->name_zh,
		                              "en", it->name_en));
		json_object_set_new(
		    v, "materials",
		    json_pack("{s:o, s:o}", "zh",
		              http_lines(it->materials.zh, it->materials.nzh),
		              "en",
		              http_lines(it->materials.en, it->materials.nen)));
	}
	return v;
}

/* The address's record for this minute; the oldest gives way. */
static struct http_peer *http_ticket_peer(struct http *h, const char *addr,
                                          int64_t minute)
{
	struct http_peer *oldest = &h->peers[0];

	for (int i = 0; i < HTTP_PEERS; i++) {
		struct http_peer *p = &h->peers[i];
		if (strcmp(p->addr, addr) == 0) {
			if (p->minute != minute) {
				p->minute = minute;
				p->wrong = 0;
			}
			return p;
		}
		if (p->minute < oldest->minute)
			oldest = p;
	}
	snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
	oldest->minute = minute;
	oldest->wrong = 0;
	return oldest;
}

/* 1 when the ticket exists and key is its key; the same work either way. */
static int http_ticket_key_ok(struct http *h, const char *day,
                              const char *number, const char *key)
{
	char want[TICKET_KEY_LEN + 1] = {0}, got[TICKET_KEY_LEN + 1] = {0};
	struct qerr err = {0};
	struct ticket t;
	int found;

	http_settle(h);
	if (store_ticket_find(h->d->store, day, number, &t, &found, &err))
		found = 0;
	if (found)
		memcpy(want, t.key, sizeof want);
	else
		memset(want, 0xff, TICKET_KEY_LEN); /* no key looks like this */
	if (strlen(key) <= TICKET_KEY_LEN)
		memcpy(got, key, strlen(key));
	return (sodium_memcmp(want, got, sizeof want) == 0) & found;
}

/* "DAY/NUMBER[/what]" after "/t/"; what is "" for the page. */
static int http_ticket_parse(const char *rest, char *day, char *number,
                             const char **what)
{
	const char *slash;
	size_t n;

	if (strlen(rest) < TICKET_DAY_LEN + 2 || rest[TICKET_DAY_LEN] != '/')
		return -1;
	memcpy(day, rest, TICKET_DAY_LEN);
	day[TICKET_DAY_LEN] = '\0';
	for (int i = 0; i < TICKET_DAY_LEN; i++)
		if (!(i == 4 || i == 7 ? day[i] == '-'
		                       : day[i] >= '0' && day[i] <= '9'))
			return -1;
	rest += TICKET_DAY_LEN + 1;
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (n == 0 || n >= TICKET_NUMBER_MAX)
		return -1;
	memcpy(number, rest, n);
	number[n] = '\0';
	*what = slash ? slash + 1 : "";
	return ticket_number_valid(number) ? 0 : -1;
}

/*
 * POST /t/DAY/NUMBER/rate?k=KEY {"level", "reasons", "note", "phone"}: the
 * citizen's 补评, run as the rate op under the ticket page's role, which
 * rates this ticket's last service on channel web by the same rules.
 */
static void http_ticket_rate(struct http *h, struct evhttp_request *req,
                             const char *day, const char *number)
{
	static const char *const fields[] = {"level", "reasons", "note",
	                                     "phone"};
	json_t *body = http_body_json(req), *op_req, *result = NULL;
	struct qerr err = {0};
	struct conn c;

	if (body == NULL) {
		http_send_json(req, 400,
		               json_pack("{s:s, s:s}", "code", PROTO_E_BAD_JSON,
		                         "message",
		                         "the body must be a JSON object"));
		return;
	}
	/* Only the rating's own fields: the ticket is the address's. */
	op_req = json_pack("{s:s, s:s}", "day", day, "number", number);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		json_t *v = json_object_get(body, fields[i]);
		if (v)
			json_object_set(op_req, fields[i], v);
	}
	json_decref(body);
	memset(&c, 0, sizeof c);
	c.daemon = h->d;
	c.hello = 1;
	c.role = ROLE_TICKET;
	snprintf(c.device, sizeof c.device, "ticket:%s/%s", day, number);
	snprintf(c.peer, sizeof c.peer, "web %s", http_client_addr(req));
	if (http_run_op(h, &c, "rate", op_req, &result, &err)) {
		json_decref(op_req);
		http_send_json(req,
		               strcmp(err.code, PROTO_E_STORE) == 0 ? 500
		               : strcmp(err.code, PROTO_E_BAD_REQUEST) == 0
		                   ? 400
		                   : 409,
		               json_pack("{s:s, s:s}", "code", err.code,
		                         "message", err.message));
		return;
	}
	json_decref(op_req);
	log_info("http", "%s: rated on the ticket's page", c.device);
	http_send_json(req, 200, result ? result : json_object());
}

static void http_not_found(struct evhttp_request *req)
{
	if (http_static_send(req, "404.html", 404))
		http_send_error(req, 404, "Not Found");
}

void http_ticket_route(struct http *h, struct evhttp_request *req,
                       const char *path)
{
	char day[TICKET_DAY_LEN + 1], number[TICKET_NUMBER_MAX], key[64];
	const char *addr = http_client_addr(req), *what;
	int64_t minute = ticket_now_ms() / 60000;
	struct http_peer *peer = http_ticket_peer(h, addr, minute);
	int post = evhttp_request_get_command(req) == EVHTTP_REQ_POST;
	json_t *view;

	if (peer->wrong >= HTTP_WRONG_KEYS) {
		char wait[16];
		snprintf(wait, sizeof wait, "%d",
		         (int)(60 - (ticket_now_ms() / 1000) % 60));
		evhttp_add_header(evhttp_request_get_output_headers(req),
		                  "Retry-After", wait);
		http_send_error(req, 429, "Too Many Requests");
		return;
	}
	if (http_ticket_parse(path + strlen("/t/"), day, number, &what) ||
	    (post ? strcmp(what, "rate") != 0
	          : strcmp(what, "") && strcmp(what, "state") &&
	                strcmp(what, "events"))) {
		http_not_found(req);
		return;
	}
	if (http_query(req, "k", key, sizeof key) ||
	    !http_ticket_key_ok(h, day, number, key)) {
		if (++peer->wrong == HTTP_WRONG_KEYS)
			log_warn("http", "%s: %d wrong ticket keys this minute",
			         addr, HTTP_WRONG_KEYS);
		http_not_found(req);
		return;
	}
	if (post) {
		http_ticket_rate(h, req, day, number);
		return;
	}
	if (strcmp(what, "") == 0) {
		http_static_send(req, "ticket.html", 200);
		return;
	}
	if (strcmp(what, "events") == 0) {
		struct http_stream *s;
		if (http_stream_open(h, req, HTTP_STREAM_TICKET, day, number))
			return;
		/* The state now: a reconnect never shows what was. */
		s = TAILQ_LAST(&h->streams, http_streams);
		view = http_ticket_view(h, day, number);
		if (view) {
			s->last =
			    json_dumps(view, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(view);
			http_stream_write(s, "ticket", s->last,
			                  strlen(s->last));
		}
		return;
	}
	view = http_ticket_view(h, day, number);
	if (view == NULL) {
		http_not_found(req);
		return;
	}
	http_send_json(req, 200, view);
}
