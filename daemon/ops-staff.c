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

#define STAFF_PIN_MIN    4
#define STAFF_PIN_MAX    12
#define STAFF_FAILS_MAX  5
#define STAFF_LOCKOUT_MS 60000
/* A PIN hash that costs ~10 ms: the loop must not stall on a login. */
#define STAFF_PWHASH_OPS 2
#define STAFF_PWHASH_MEM (8u << 20)

static int staff_id_valid(const char *id)
{
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static int staff_pin_valid(const char *pin)
{
	size_t n = strlen(pin);

	if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX)
		return 0;
	for (const char *p = pin; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

static const struct proto_field staff_add_fields[] = {
    {"staff", PROTO_STRING, 1, 1, 32},
    {"name", PROTO_STRING, 1, 1, 96},
    {"pin", PROTO_STRING, 1, STAFF_PIN_MIN, STAFF_PIN_MAX},
    {NULL, 0, 0, 0, 0},
};

static int staff_add_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *id = op_str(ctx, "staff"), *pin = op_str(ctx, "pin");
	struct store_staff who = {{0}, {0}, {0}};

	if (!staff_id_valid(id))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff id is letters, digits, - and _");
	if (!staff_pin_valid(pin))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a PIN is %d to %d digits", STAFF_PIN_MIN,
		                STAFF_PIN_MAX);
	_Static_assert(sizeof who.pin_hash >= crypto_pwhash_STRBYTES,
	               "a PIN hash fits");
	if (crypto_pwhash_str(who.pin_hash, pin, strlen(pin), STAFF_PWHASH_OPS,
	                      STAFF_PWHASH_MEM) != 0)
		fatal("out of memory hashing a PIN");
	snprintf(who.id, sizeof who.id, "%s", id);
	snprintf(who.name, sizeof who.name, "%s", op_str(ctx, "name"));
	if (hall_staff_add(ctx->d->hall, &who, ctx->now, err))
		return -1;
	*out =
	    json_pack("{s:s, s:s}", "staff", id, "name", op_str(ctx, "name"));
	return 0;
}

const struct op op_staff_add = {"staff_add",      ROLE_ADMIN,     0,
                                staff_add_fields, staff_add_exec, 0};

/* Wrong PINs: after STAFF_FAILS_MAX in a row, that staff id waits a minute. */
/*
 * Wrong PINs are counted per staff number and window: a window's token
 * that guesses (or a peer that means harm) locks that staff number out of
 * that window only, never out of the counter where they really work.
 */
static void staff_fail_key(char *out, size_t size, const char *id, int window)
{
	snprintf(out, size, "%s@%d", id, window);
}

static int staff_locked_out(struct daemon *d, const char *key, int64_t now)
{
	json_t *f = json_object_get(d->login_failures, key);

	return f &&
	       json_integer_value(json_array_get(f, 0)) >= STAFF_FAILS_MAX &&
	       now < json_integer_value(json_array_get(f, 1));
}

static void staff_failed(struct daemon *d, const char *key, int64_t now)
{
	json_t *f = json_object_get(d->login_failures, key);
	json_int_t n = f ? json_integer_value(json_array_get(f, 0)) : 0;

	json_object_set_new(
	    d->login_failures, key,
	    json_pack("[I, I]", n + 1, (json_int_t)(now + STAFF_LOCKOUT_MS)));
}

static const struct proto_field login_fields[] = {
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {"staff", PROTO_STRING, 1, 1, 32},
    {"pin", PROTO_STRING, 1, 1, STAFF_PIN_MAX},
    {NULL, 0, 0, 0, 0},
};

static int login_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct daemon *d = ctx->d;
	const char *id = op_str(ctx, "staff"), *pin = op_str(ctx, "pin");
	int window = op_int(ctx, "window", 0);
	struct store_staff who = {{0}, {0}, {0}};
	struct window_info w;
	struct conn *other;
	char fail_key[64];

	/* Checked before anything logs it: no newline or escape of a
	 * client's reaches the log, and no id that staff_add refuses can be
	 * locked out either. */
	if (!staff_id_valid(id))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a staff id is letters, digits, - and _");
	staff_fail_key(fail_key, sizeof fail_key, id, window);
	if (hall_window_get(d->hall, window, &w, err))
		return -1;
	if ((other = server_window_holder(d, ctx->conn, window)) != NULL)
		return qerr_set(err, PROTO_E_WINDOW_BUSY,
		                "window %d is taken by %s", window,
		                other->device);
	if (staff_locked_out(d, fail_key, ctx->now))
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "too many wrong PINs for %s: wait a minute",
		                id);
	if (hall_staff_get(d->hall, id, &who, err) ||
	    crypto_pwhash_str_verify(who.pin_hash, pin, strlen(pin)) != 0) {
		/* Counted for real staff only: the table stays as small as
		 * the staff list, and no flood of made-up ids can clear it. */
		if (who.id[0])
			staff_failed(d, fail_key, ctx->now);
		log_warn("staff",
		         "%s: wrong staff id or PIN for %s at window %d",
		         ctx->conn->peer, id, window);
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "wrong staff number or PIN");
	}
	json_object_del(d->login_failures, fail_key);
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
