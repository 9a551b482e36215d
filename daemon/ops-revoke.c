/*
 * An admin takes back what was given: a ticket (cancelled), the tickets a
 * device took today, a device's token (removed, or replaced by a new one,
 * the device's live connections closed either way).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ops.h"

static const struct proto_field ticket_cancel_fields[] = {
    {"number", PROTO_STRING, 1, 4, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {NULL, 0, 0, 0, 0},
};

/* One ticket leaves its queue (or the counter); its number stays used. */
static int ticket_cancel_exec(struct op_ctx *ctx, json_t **out,
                              struct qerr *err)
{
	const char *number = op_str(ctx, "number");
	char day[TICKET_DAY_LEN + 1];
	struct ticket t;
	(void)out;

	if (!ticket_number_valid(number))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "\"%s\" is not a ticket number like A007",
		                number);
	if (op_day(ctx, day, err) ||
	    hall_ticket_cancel(ctx->d->hall, day, number, ctx->now, &t, err))
		return -1;
	op_ticket_text(ctx, -1, &t, -1);
	return 0;
}

const struct op op_ticket_cancel = {
    "ticket_cancel",      ROLE_ADMIN,         0,
    ticket_cancel_fields, ticket_cancel_exec, 0};

static const struct proto_field device_fields[] = {
    {"name", PROTO_STRING, 1, 1, 63},
    {NULL, 0, 0, 0, 0},
};

static const struct proto_field device_cancel_fields[] = {
    {"name", PROTO_STRING, 1, 1, 63},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {NULL, 0, 0, 0, 0},
};

/* What a device took on a day (today unless told) that still waits or
 * could rejoin: cancelled in one change, one event. */
static int device_cancel_exec(struct op_ctx *ctx, json_t **out,
                              struct qerr *err)
{
	const char *name = op_str(ctx, "name");
	char day[TICKET_DAY_LEN + 1];
	int n;

	if (op_day(ctx, day, err) ||
	    hall_device_cancel(ctx->d->hall, name, day, ctx->now, &n, err))
		return -1;
	log_warn("qhalld", "%s cancelled %d tickets that %s took on %s",
	         ctx->conn->device, n, name, day);
	*out = json_pack("{s:s, s:s, s:i}", "name", name, "day", day,
	                 "cancelled", n);
	return 0;
}

const struct op op_device_cancel = {
    "device_cancel",      ROLE_ADMIN,         0,
    device_cancel_fields, device_cancel_exec, 0};

/*
 * Close every live connection of a device but the one asking: a removed
 * or re-keyed token must not stay in use on a socket it already opened.
 */
static int revoke_close(struct daemon *d, const struct conn *self,
                        const char *name)
{
	struct conn *c, *next;
	int n = 0;

	TAILQ_FOREACH_SAFE(c, &d->conns, link, next)
	{
		if (c != self && c->hello && strcmp(c->device, name) == 0) {
			conn_close(c, "its token was revoked");
			n++;
		}
	}
	return n;
}

/* Revoke a device: its token stops working, its connections close. */
static int device_remove_exec(struct op_ctx *ctx, json_t **out,
                              struct qerr *err)
{
	struct store_device dev;
	int closed;

	if (hall_device_remove(ctx->d->hall, op_str(ctx, "name"), ctx->now,
	                       &dev, err))
		return -1;
	closed = revoke_close(ctx->d, ctx->conn, dev.name);
	log_warn("qhalld",
	         "device %s (%s) removed by %s; %d connections closed",
	         dev.name, dev.role, ctx->conn->device, closed);
	*out = json_pack("{s:s, s:s, s:b, s:i}", "name", dev.name, "role",
	                 dev.role, "removed", 1, "closed", closed);
	return 0;
}

const struct op op_device_remove = {"device_remove", ROLE_ADMIN,         0,
                                    device_fields,   device_remove_exec, 0};

/* A new token for the same device; the old one stops working now. */
static int device_rotate_exec(struct op_ctx *ctx, json_t **out,
                              struct qerr *err)
{
	unsigned char salt[crypto_generichash_KEYBYTES];
	unsigned char hash[crypto_generichash_BYTES];
	char token[HELLO_TOKEN_LEN + 1], id[HELLO_TOKEN_ID_LEN + 1];
	struct store_device dev;
	int closed;

	hello_token_new(token, id, salt, hash);
	if (hall_device_rotate(ctx->d->hall, op_str(ctx, "name"), id, salt,
	                       hash, ctx->now, &dev, err)) {
		sodium_memzero(token, sizeof token);
		return -1;
	}
	closed = revoke_close(ctx->d, ctx->conn, dev.name);
	log_warn("qhalld",
	         "device %s (%s) has a new token from %s; %d connections "
	         "closed",
	         dev.name, dev.role, ctx->conn->device, closed);
	*out = json_pack("{s:s, s:s, s:s, s:i}", "name", dev.name, "role",
	                 dev.role, "token", token, "closed", closed);
	sodium_memzero(token, sizeof token);
	return 0;
}

const struct op op_device_rotate = {"device_rotate", ROLE_ADMIN,         0,
                                    device_fields,   device_rotate_exec, 0};
