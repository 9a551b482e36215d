/* Ops on tickets: take a number, look one up, rejoin, report a print. */
#include <string.h>

#include "jsontext.h"
#include "log.h"
#include "ops.h"

const char *op_str(const struct op_ctx *ctx, const char *field)
{
	return json_string_value(json_object_get(ctx->req, field));
}

int op_int(const struct op_ctx *ctx, const char *field, int fallback)
{
	json_t *v = json_object_get(ctx->req, field);

	return json_is_integer(v) ? (int)json_integer_value(v) : fallback;
}

int op_bool(const struct op_ctx *ctx, const char *field)
{
	return json_is_true(json_object_get(ctx->req, field));
}

/*
 * The status key is for the citizen's paper and for operators: an admin
 * reads every key, a kiosk only those of its own takes, for a while after
 * (a reply lost, a print reported), never another kiosk's or an old one.
 */
#define OP_KIOSK_KEY_MS (15 * 60 * 1000)

static int op_key_shown(struct op_ctx *ctx, const struct ticket *t,
                        int repeated)
{
	char taker[sizeof ctx->conn->device];
	struct qerr err = {0};

	if (ctx->conn->role & ROLE_ADMIN)
		return 1;
	if (!(ctx->conn->role & ROLE_KIOSK))
		return 0;
	if (repeated == 0) /* this very take */
		return 1;
	if (t->taken_at < ctx->now - OP_KIOSK_KEY_MS)
		return 0;
	if (store_ticket_taker(ctx->d->store, t->id, taker, sizeof taker,
	                       &err)) {
		log_warn("qhalld", "%s", err.message);
		return 0;
	}
	return taker[0] && strcmp(taker, ctx->conn->device) == 0;
}

void op_ticket_text(struct op_ctx *ctx, int window, const struct ticket *t,
                    int repeated)
{
	char *out = ctx->text;
	size_t size = sizeof ctx->text, at = 0;
	int n, rc;

	if (window >= 0)
		rc = jsontext_lit(out, size, &at, "{\"window\":") ||
		     jsontext_int(out, size, &at, window) ||
		     jsontext_lit(out, size, &at, ",\"ticket\":");
	else
		rc = jsontext_lit(out, size, &at, "{\"ticket\":");
	if (!rc && t == NULL) {
		rc = jsontext_lit(out, size, &at, "null");
	} else if (!rc) {
		n = ticket_json_write(out + at, size - at, t,
		                      op_key_shown(ctx, t, repeated));
		if (n < 0)
			rc = -1;
		else
			at += (size_t)n;
	}
	if (!rc && repeated >= 0)
		rc = jsontext_lit(out, size, &at,
		                  repeated ? ",\"repeated\":true"
		                           : ",\"repeated\":false");
	rc = rc || jsontext_lit(out, size, &at, "}");
	if (rc) /* a ticket's fields are bounded: it always fits */
		fatal("a ticket's reply outgrew %d bytes", OP_TEXT_MAX);
	ctx->text_len = at;
}

/* "day" of the request, or today. */
int op_day(const struct op_ctx *ctx, char out[TICKET_DAY_LEN + 1],
           struct qerr *err)
{
	const char *day = op_str(ctx, "day");

	if (day == NULL) {
		memcpy(out, ctx->day, TICKET_DAY_LEN + 1);
		return 0;
	}
	return op_day_text(day, out, err);
}

/* A day as a request writes it, checked. */
int op_day_text(const char *day, char out[TICKET_DAY_LEN + 1], struct qerr *err)
{
	int y, m, dd;
	char tail;

	if (strlen(day) != TICKET_DAY_LEN ||
	    sscanf(day, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 || m < 1 ||
	    m > 12 || dd < 1 || dd > 31)
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "day must look like 2026-11-27");
	memcpy(out, day, TICKET_DAY_LEN + 1);
	return 0;
}

#define REQUEST_FIELD                                                          \
	{                                                                      \
		"request", PROTO_STRING, 0, 8, 64                              \
	}

static const struct proto_field take_fields[] = {
    {"queue", PROTO_STRING, 1, 1, TICKET_PREFIX_MAX},
    {"item", PROTO_STRING, 0, 1, TICKET_ITEM_MAX},
    {"priority", PROTO_BOOL, 0, 0, 0},
    REQUEST_FIELD, /* makes the take safe to ask again */
    /* a queue with a per-person limit: hashed, never kept (hall-admit.c) */
    {"id_number", PROTO_STRING, 0, 1, 32},
    {NULL, 0, 0, 0, 0},
};

static int take_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *queue = op_str(ctx, "queue");
	const char *item = op_str(ctx, "item");
	struct ticket t;
	struct hall_take a = {queue,
	                      item,
	                      op_bool(ctx, "priority"),
	                      ctx->day,
	                      ctx->now,
	                      op_str(ctx, "request"),
	                      op_str(ctx, "id_number")};
	int repeated;
	(void)out;

	if (hall_take(ctx->d->hall, &a, &t, &repeated, err))
		return -1;
	op_ticket_text(ctx, -1, &t, repeated);
	return 0;
}

const struct op op_take = {
    "take", ROLE_KIOSK | ROLE_ADMIN, 0, take_fields, take_exec, 0};

static const struct proto_field number_fields[] = {
    {"number", PROTO_STRING, 1, 4, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {NULL, 0, 0, 0, 0},
};

static const struct proto_field lookup_fields[] = {
    {"number", PROTO_STRING, 0, 4, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    REQUEST_FIELD,
    {NULL, 0, 0, 0, 0},
};

static int op_number(const struct op_ctx *ctx, char *day, struct qerr *err)
{
	const char *number = op_str(ctx, "number");

	if (!ticket_number_valid(number))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "\"%s\" is not a ticket number like A007",
		                number);
	return op_day(ctx, day, err);
}

/* A ticket by its number (today's, or a day's), or by the take's request. */
static int ticket_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	char day[TICKET_DAY_LEN + 1];
	struct ticket t;
	(void)out;

	if (op_str(ctx, "number") == NULL) {
		if (op_str(ctx, "request") == NULL)
			return qerr_set(err, PROTO_E_BAD_REQUEST,
			                "give a \"number\" or a \"request\"");
		if (hall_ticket_by_request(ctx->d->hall, op_str(ctx, "request"),
		                           &t, err))
			return -1;
		op_ticket_text(ctx, -1, &t, -1);
		return 0;
	}
	if (op_number(ctx, day, err) ||
	    hall_ticket_find(ctx->d->hall, day, op_str(ctx, "number"), &t, err))
		return -1;
	op_ticket_text(ctx, -1, &t, -1);
	return 0;
}

const struct op op_ticket = {"ticket",      ROLE_ANY,    0,
                             lookup_fields, ticket_exec, 0};

static int rejoin_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	char day[TICKET_DAY_LEN + 1];
	struct ticket t;
	(void)out;

	if (op_number(ctx, day, err) ||
	    hall_rejoin(ctx->d->hall, day, op_str(ctx, "number"), ctx->now, &t,
	                err))
		return -1;
	op_ticket_text(ctx, -1, &t, -1);
	return 0;
}

const struct op op_rejoin = {
    "rejoin", ROLE_WINDOW | ROLE_ADMIN, 0, number_fields, rejoin_exec, 0};

static const struct proto_field printed_fields[] = {
    {"number", PROTO_STRING, 1, 4, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"ok", PROTO_BOOL, 1, 0, 0},
    {"reason", PROTO_STRING, 0, 0, 200},
    {NULL, 0, 0, 0, 0},
};

/* The kiosk reports how printing went; only a failure changes anything. */
static int printed_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	char day[TICKET_DAY_LEN + 1];
	struct ticket t;
	(void)out;

	if (op_number(ctx, day, err))
		return -1;
	if (op_bool(ctx, "ok")) {
		/* Paper came out: an out-of-paper alert of its printer ends. */
		if (hall_ticket_find(ctx->d->hall, day, op_str(ctx, "number"),
		                     &t, err) ||
		    hall_alert_printer(ctx->d->hall, ctx->conn->device, 0,
		                       ctx->now, err))
			return -1;
	} else if (hall_print_failed(ctx->d->hall, day, op_str(ctx, "number"),
	                             op_str(ctx, "reason"), ctx->now, &t,
	                             err)) {
		return -1;
	}
	op_ticket_text(ctx, -1, &t, -1);
	return 0;
}

const struct op op_printed = {
    "printed", ROLE_KIOSK | ROLE_ADMIN, 0, printed_fields, printed_exec, 0};
