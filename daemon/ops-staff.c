/*
 * Staff at windows, and opening and closing queues.
 *
 * A window is claimed by the connection that logged in there: while that
 * caller is connected, a second caller on the same window is told it is
 * taken. The claim lives with the connection (a daemon restart ends it and
 * the caller logs in again); who is logged in is kept in the store.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ops.h"
#include "staff-pin.h"

static int staff_id_valid(const char *id)
{
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

/* A new PIN: digits only, from the configured floor to STAFF_PIN_MAX. */
static int staff_pin_check(const struct op_ctx *ctx, const char *pin,
                           struct qerr *err)
{
	int min = ctx->d->config.pin_min_length;
	size_t n = strlen(pin);

	if (min < STAFF_PIN_MIN)
		min = STAFF_PIN_MIN;
	if (n < (size_t)min || n > STAFF_PIN_MAX)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a PIN is %d to %d digits", min, STAFF_PIN_MAX);
	for (const char *p = pin; *p; p++)
		if (!isdigit((unsigned char)*p))
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "a PIN is digits only");
	return 0;
}

/* Argon2id, salted: what the store keeps of a PIN. */
static void staff_pin_hash(char out[crypto_pwhash_STRBYTES], const char *pin)
{
	if (crypto_pwhash_str(out, pin, strlen(pin), STAFF_PWHASH_OPS,
	                      STAFF_PWHASH_MEM) != 0)
		fatal("out of memory hashing a PIN");
}

static const struct proto_field staff_add_fields[] = {
    {"staff", PROTO_STRING, 1, 1, 32},
    {"name", PROTO_STRING, 1, 1, 96},
    {"pin", PROTO_STRING, 1, STAFF_PIN_MIN, STAFF_PIN_MAX},
    {"role", PROTO_STRING, 0, 1, 16}, /* window (default), supervisor, admin */
    {NULL, 0, 0, 0, 0},
};

static int staff_add_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *id = op_str(ctx, "staff"), *pin = op_str(ctx, "pin");
	struct store_staff who = {{0}, {0}, {0}};

	if (!staff_id_valid(id))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff id is letters, digits, - and _");
	if (staff_pin_check(ctx, pin, err))
		return -1;
	_Static_assert(sizeof who.pin_hash >= crypto_pwhash_STRBYTES,
	               "a PIN hash fits");
	staff_pin_hash(who.pin_hash, pin);
	snprintf(who.id, sizeof who.id, "%s", id);
	snprintf(who.name, sizeof who.name, "%s", op_str(ctx, "name"));
	if (hall_staff_add(ctx->d->hall, &who, ctx->now, err))
		return -1;
	if (op_str(ctx, "role") &&
	    hall_staff_set_role(ctx->d->hall, id, op_str(ctx, "role"), ctx->now,
	                        err))
		return -1;
	*out = json_pack("{s:s, s:s, s:s}", "staff", id, "name",
	                 op_str(ctx, "name"), "role",
	                 op_str(ctx, "role") ? op_str(ctx, "role") : "window");
	return 0;
}

const struct op op_staff_add = {"staff_add",      ROLE_ADMIN,     0,
                                staff_add_fields, staff_add_exec, 0};

static const struct proto_field login_fields[] = {
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {"staff", PROTO_STRING, 1, 1, 32},
    {"pin", PROTO_STRING, 1, 1, STAFF_PIN_MAX},
    {NULL, 0, 0, 0, 0},
};

/* How long a lockout still lasts, as a person would say it. */
static void staff_wait_text(char *out, size_t size, int64_t ms)
{
	int64_t minutes = (ms + 59999) / 60000;

	if (minutes <= 1)
		snprintf(out, size, "wait a minute");
	else
		snprintf(out, size, "wait %lld minutes", (long long)minutes);
}

static int login_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct daemon *d = ctx->d;
	const char *id = op_str(ctx, "staff"), *pin = op_str(ctx, "pin");
	int window = op_int(ctx, "window", 0);
	struct store_staff who = {{0}, {0}, {0}};
	struct qerr lookup;
	struct window_info w;
	struct conn *other;
	char wait[32];
	int64_t wait_ms;

	/* Checked before anything logs it: no newline or escape of a
	 * client's reaches the log, and no id that staff_add refuses can be
	 * locked out either. */
	if (!staff_id_valid(id))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff id is letters, digits, - and _");
	if (hall_window_get(d->hall, window, &w, err))
		return -1;
	if ((other = server_window_holder(d, ctx->conn, window)) != NULL)
		return qerr_set(err, PROTO_E_WINDOW_BUSY,
		                "window %d is taken by %s", window,
		                other->device);
	if (guard_locked(d->guard, id, window, ctx->now, &wait_ms)) {
		staff_wait_text(wait, sizeof wait, wait_ms);
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "too many wrong PINs for %s: %s", id, wait);
	}
	/* An unknown number is checked against a dummy hash: the same
	 * work, the same time, the same answer as a wrong PIN. */
	if (hall_staff_get(d->hall, id, &who, &lookup)) {
		if (strcmp(lookup.code, PROTO_E_NOT_FOUND) != 0) {
			*err = lookup;
			return -1;
		}
		snprintf(who.pin_hash, sizeof who.pin_hash, "%s",
		         guard_dummy_hash(d->guard));
		who.id[0] = '\0';
	}
	if (crypto_pwhash_str_verify(who.pin_hash, pin, strlen(pin)) != 0 ||
	    who.id[0] == '\0') {
		guard_failed(d->guard, id, window, ctx->now);
		log_warn("staff",
		         "%s: wrong staff id or PIN for %s at window %d",
		         ctx->conn->peer, id, window);
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "wrong staff number or PIN");
	}
	guard_passed(d->guard, id, window);
	if (hall_login(d->hall, window, &who, ctx->now, err))
		return -1;
	ctx->conn->claimed_window = window;
	*out = json_pack("{s:i, s:{s:s, s:s}}", "window", window, "staff", "id",
	                 who.id, "name", who.name);
	return 0;
}

const struct op op_login = {
    "login", ROLE_WINDOW | ROLE_ADMIN, 1, login_fields, login_exec, 0};

static const struct proto_field logout_fields[] = {
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {NULL, 0, 0, 0, 0},
};

static int logout_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	int window = op_int(ctx, "window", 0);
	struct conn *other = server_window_holder(ctx->d, ctx->conn, window);

	if (other && ctx->conn->role != ROLE_ADMIN)
		return qerr_set(err, PROTO_E_WINDOW_BUSY,
		                "window %d is held by %s", window,
		                other->device);
	if (hall_logout(ctx->d->hall, window, ctx->now, err))
		return -1;
	if (other)
		other->claimed_window = 0;
	ctx->conn->claimed_window = 0;
	*out = json_pack("{s:i, s:n}", "window", window, "staff");
	return 0;
}

const struct op op_logout = {
    "logout", ROLE_WINDOW | ROLE_ADMIN, 1, logout_fields, logout_exec, 0};

static const struct proto_field queue_fields[] = {
    {"queue", PROTO_STRING, 1, 1, TICKET_PREFIX_MAX},
    {NULL, 0, 0, 0, 0},
};

static int queue_state(struct op_ctx *ctx, int closed, json_t **out,
                       struct qerr *err)
{
	if (hall_queue_close(ctx->d->hall, op_str(ctx, "queue"), closed,
	                     ctx->now, err))
		return -1;
	*out = json_pack("{s:s, s:b}", "queue", op_str(ctx, "queue"), "open",
	                 !closed);
	return 0;
}

static int queue_close_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	return queue_state(ctx, 1, out, err);
}

static int queue_open_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	return queue_state(ctx, 0, out, err);
}

const struct op op_queue_close = {"queue_close", ROLE_ADMIN,       0,
                                  queue_fields,  queue_close_exec, 0};
const struct op op_queue_open = {"queue_open", ROLE_ADMIN,      0,
                                 queue_fields, queue_open_exec, 0};

static const struct proto_field staff_fields[] = {
    {"staff", PROTO_STRING, 1, 1, 32},
    {NULL, 0, 0, 0, 0},
};

/* Staff who leave: logged out wherever they are, then gone. */
static int staff_remove_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *id = op_str(ctx, "staff");
	struct conn *c;

	if (hall_staff_remove(ctx->d->hall, id, ctx->now, err))
		return -1;
	guard_unlock(ctx->d->guard, id, 0);
	/* The callers that held their windows hold nobody's login now. */
	TAILQ_FOREACH(c, &ctx->d->conns, link)
	{
		struct window_info w;
		struct qerr ignored;
		if (c->claimed_window > 0 &&
		    hall_window_get(ctx->d->hall, c->claimed_window, &w,
		                    &ignored) == 0 &&
		    w.staff_id[0] == '\0')
			c->claimed_window = 0;
	}
	log_info("staff", "staff %s removed by %s", id, ctx->conn->device);
	*out = json_pack("{s:s, s:b}", "staff", id, "removed", 1);
	return 0;
}

const struct op op_staff_remove = {"staff_remove", ROLE_ADMIN,        0,
                                   staff_fields,   staff_remove_exec, 0};

static const struct proto_field staff_pin_fields[] = {
    {"staff", PROTO_STRING, 1, 1, 32},
    {"pin", PROTO_STRING, 1, STAFF_PIN_MIN, STAFF_PIN_MAX},
    {NULL, 0, 0, 0, 0},
};

/* A new PIN; the old one stops working and lockouts are forgotten. */
static int staff_pin_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *id = op_str(ctx, "staff"), *pin = op_str(ctx, "pin");
	char hash[crypto_pwhash_STRBYTES];

	if (staff_pin_check(ctx, pin, err))
		return -1;
	staff_pin_hash(hash, pin);
	if (hall_staff_pin(ctx->d->hall, id, hash, ctx->now, err))
		return -1;
	guard_unlock(ctx->d->guard, id, 0);
	log_info("staff", "PIN of %s changed by %s", id, ctx->conn->device);
	*out = json_pack("{s:s, s:b}", "staff", id, "pin_changed", 1);
	return 0;
}

const struct op op_staff_pin = {"staff_pin",      ROLE_ADMIN,     0,
                                staff_pin_fields, staff_pin_exec, 0};

static const struct proto_field staff_unlock_fields[] = {
    {"staff", PROTO_STRING, 1, 1, 32},
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {NULL, 0, 0, 0, 0},
};

/* An admin ends a lockout: at one window, or (no window) at all of them. */
static int staff_unlock_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *id = op_str(ctx, "staff");
	int window = op_int(ctx, "window", 0), cleared;

	if (!staff_id_valid(id))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff id is letters, digits, - and _");
	cleared = guard_unlock(ctx->d->guard, id, window);
	if (hall_staff_unlocked(ctx->d->hall, id, window, cleared, ctx->now,
	                        err))
		return -1;
	log_info("staff", "%s unlocked %s (%d lockouts cleared)",
	         ctx->conn->device, id, cleared);
	*out = json_pack("{s:s, s:i}", "staff", id, "cleared", cleared);
	return 0;
}

const struct op op_staff_unlock = {"staff_unlock",      ROLE_ADMIN,        0,
                                   staff_unlock_fields, staff_unlock_exec, 0};
