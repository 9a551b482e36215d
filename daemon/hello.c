/*
 * Who is calling: the hello that opens every connection, and device tokens.
 *
 * A client on the Unix socket running as our own user (or root) may take
 * any role without a token: it could read the database file anyway. Anyone
 * else presents a token made by "qhall device add"; the daemon keeps only
 * a salted hash of it and takes role and window from the device record.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "log.h"
#include "ops.h"

static const struct proto_field hello_fields[] = {
    {"version", PROTO_INT, 1, 0, 1000},
    {"role", PROTO_STRING, 0, 1, 16},
    {"device", PROTO_STRING, 0, 1, 63},
    {"token", PROTO_STRING, 0, 1, 128},
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {NULL, 0, 0, 0, 0},
};

static int hello_role(const char *name, enum role *out)
{
	static const struct {
		const char *name;
		enum role role;
	} roles[] = {{"kiosk", ROLE_KIOSK},     {"window", ROLE_WINDOW},
	             {"display", ROLE_DISPLAY}, {"admin", ROLE_ADMIN},
	             {"rater", ROLE_RATER},     {"booking", ROLE_BOOKING}};

	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (strcmp(name, roles[i].name) == 0) {
			*out = roles[i].role;
			return 0;
		}
	}
	return -1;
}

static void hello_hash(const char *token, const unsigned char *salt,
                       unsigned char *hash)
{
	crypto_generichash(hash, crypto_generichash_BYTES,
	                   (const unsigned char *)token, strlen(token), salt,
	                   crypto_generichash_KEYBYTES);
}

/* Check a token; fills in the device it belongs to. */
static int hello_token(struct daemon *d, const char *token,
                       struct store_device *dev, struct qerr *err)
{
	unsigned char salt[crypto_generichash_KEYBYTES];
	unsigned char want[crypto_generichash_BYTES], got[sizeof want];
	char id[HELLO_TOKEN_ID_LEN + 1];
	int found;

	if (strlen(token) != HELLO_TOKEN_LEN)
		return qerr_set(err, PROTO_E_UNAUTHORIZED, "wrong token");
	memcpy(id, token, HELLO_TOKEN_ID_LEN);
	id[HELLO_TOKEN_ID_LEN] = '\0';
	if (store_device_lookup(d->store, id, dev, salt, want, &found, err) ||
	    !found)
		return qerr_set(err, PROTO_E_UNAUTHORIZED, "wrong token");
	hello_hash(token, salt, got);
	if (sodium_memcmp(got, want, sizeof want) != 0)
		return qerr_set(err, PROTO_E_UNAUTHORIZED, "wrong token");
	return 0;
}

int hello_token_check(struct daemon *d, const char *token,
                      struct store_device *dev, struct qerr *err)
{
	return hello_token(d, token, dev, err);
}

/*
 * Wrong tokens are logged, but not one line each: a client can try a
 * thousand a second, and the log shares the database's disk. The first of
 * a minute is said at once; the rest are counted and said as one line
 * when the next minute's first comes.
 */
#define HELLO_LOG_WINDOW_MS 60000

static void hello_note_refusal(const char *peer, int64_t now)
{
	static int64_t window_start = -HELLO_LOG_WINDOW_MS;
	static long unsaid;
	static char last_peer[64];

	if (now - window_start < HELLO_LOG_WINDOW_MS) {
		unsaid++;
		snprintf(last_peer, sizeof last_peer, "%s", peer);
		return;
	}
	if (unsaid > 0)
		log_warn("hello",
		         "%ld more wrong tokens in the minute before (the "
		         "last from %s)",
		         unsaid, last_peer);
	log_warn("hello", "%s: refused a wrong token", peer);
	window_start = now;
	unsaid = 0;
}

static int hello_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct conn *c = ctx->conn;
	const char *role = op_str(ctx, "role");
	const char *token = op_str(ctx, "token");
	const char *device = op_str(ctx, "device");
	int window = op_int(ctx, "window", 0);
	struct store_device dev = {{0}, {0}, 0};
	enum role r = ROLE_ADMIN;

	if (op_int(ctx, "version", 0) != PROTO_VERSION)
		return qerr_set(err, PROTO_E_VERSION,
		                "this qhalld speaks protocol %d, not %d",
		                PROTO_VERSION, op_int(ctx, "version", 0));
	if (role && hello_role(role, &r))
		return qerr_set(
		    err, PROTO_E_BAD_REQUEST,
		    "role must be kiosk, window, display, admin or rater");
	if (token) {
		if (hello_token(ctx->d, token, &dev, err)) {
			hello_note_refusal(c->peer, ctx->now);
			return -1;
		}
		if (role && strcmp(role, dev.role) != 0)
			return qerr_set(err, PROTO_E_FORBIDDEN,
			                "device %s has role %s, not %s",
			                dev.name, dev.role, role);
		hello_role(dev.role, &r);
		device = dev.name;
		window = dev.window;
	} else if (c->trusted) {
		if (role == NULL)
			r = ROLE_ADMIN;
	} else {
		return qerr_set(err, PROTO_E_UNAUTHORIZED,
		                "a token is required (qhall device add)");
	}
	if ((r == ROLE_WINDOW || r == ROLE_RATER) && window <= 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a window or rater client must say which "
		                "window");
	c->hello = 1;
	c->role = r;
	c->window = r == ROLE_WINDOW || r == ROLE_RATER ? window : 0;
	snprintf(c->device, sizeof c->device, "%s", device ? device : c->peer);
	log_debug("hello", "%s is %s (%s%s)", c->peer, c->device,
	          role          ? role
	          : dev.role[0] ? dev.role
	                        : "admin",
	          token ? ", token" : "");
	/* The hall's zone, so every screen's clock shows the hall's time. */
	*out = json_pack("{s:i, s:s, s:s, s:s, s:s}", "version", PROTO_VERSION,
	                 "server", "qhalld " QHALL_VERSION, "device", c->device,
	                 "timezone", ctx->d->config.timezone, "role",
	                 r == ROLE_KIOSK     ? "kiosk"
	                 : r == ROLE_WINDOW  ? "window"
	                 : r == ROLE_DISPLAY ? "display"
	                 : r == ROLE_RATER   ? "rater"
	                 : r == ROLE_BOOKING ? "booking"
	                                     : "admin");
	/* Where the QR of every ticket leads, told once to every kiosk. */
	if (http_public_url(ctx->d->http))
		json_object_set_new(
		    *out, "status_url",
		    json_sprintf("%s/t", http_public_url(ctx->d->http)));
	return 0;
}

/* Any role may say hello: it is how a client gets one. */
const struct op op_hello = {"hello", ROLE_ANY, 0, hello_fields, hello_exec, 1};

static const struct proto_field device_add_fields[] = {
    {"name", PROTO_STRING, 1, 1, 63},
    {"role", PROTO_STRING, 1, 1, 16},
    {"window", PROTO_INT, 0, 1, CATALOG_MAX_WINDOWS},
    {NULL, 0, 0, 0, 0},
};

/* A fresh token, its lookup id, and the salted hash that is all we keep. */
void hello_token_new(char token[HELLO_TOKEN_LEN + 1],
                     char id[HELLO_TOKEN_ID_LEN + 1], unsigned char *salt,
                     unsigned char *hash)
{
	unsigned char raw[HELLO_TOKEN_LEN / 2];

	randombytes_buf(raw, sizeof raw);
	randombytes_buf(salt, crypto_generichash_KEYBYTES);
	sodium_bin2hex(token, HELLO_TOKEN_LEN + 1, raw, sizeof raw);
	memcpy(id, token, HELLO_TOKEN_ID_LEN);
	id[HELLO_TOKEN_ID_LEN] = '\0';
	hello_hash(token, salt, hash);
	sodium_memzero(raw, sizeof raw);
}

/* Make a device and its token; the token is shown once and kept hashed. */
static int device_add_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	unsigned char salt[crypto_generichash_KEYBYTES];
	unsigned char hash[crypto_generichash_BYTES];
	char token[HELLO_TOKEN_LEN + 1], id[HELLO_TOKEN_ID_LEN + 1];
	struct store_device dev = {{0}, {0}, 0};
	enum role r;

	snprintf(dev.name, sizeof dev.name, "%s", op_str(ctx, "name"));
	snprintf(dev.role, sizeof dev.role, "%s", op_str(ctx, "role"));
	dev.window = op_int(ctx, "window", 0);
	if (hello_role(dev.role, &r))
		return qerr_set(
		    err, PROTO_E_BAD_REQUEST,
		    "role must be kiosk, window, display, admin or rater");
	if ((r == ROLE_WINDOW || r == ROLE_RATER) && dev.window <= 0)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "a window or rater device needs --window N");
	if (r != ROLE_WINDOW && r != ROLE_RATER)
		dev.window = 0;
	hello_token_new(token, id, salt, hash);
	if (hall_device_add(ctx->d->hall, &dev, id, salt, hash, ctx->now, err))
		return -1;
	*out = json_pack("{s:s, s:s, s:s}", "name", dev.name, "role", dev.role,
	                 "token", token);
	return 0;
}

const struct op op_device_add = {"device_add",      ROLE_ADMIN,      0,
                                 device_add_fields, device_add_exec, 0};
