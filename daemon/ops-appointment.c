/*
 * Ops on appointments (预约), for the hall's operators (admin), the
 * province's booking platform (role booking) and the kiosk's check-in:
 * appointment_add, appointment_list, appointment_cancel,
 * appointment_checkin. A 6-digit code is guessable by trying, so wrong
 * codes are counted per device: past the configured number in a minute,
 * a device gets rate_limited until the minute is over, right codes too.
 */
#include <string.h>

#include "log.h"
#include "ops.h"
#include "xmalloc.h"

#define CODE_GUARD_DEVICES 256
#define CODE_GUARD_MS      60000

struct code_guard_entry {
	char device[96];
	int64_t since; /* start of the minute counted */
	int wrong;
};

struct code_guard {
	int per_minute;
	struct code_guard_entry e[CODE_GUARD_DEVICES];
};

struct code_guard *code_guard_new(int wrong_per_minute)
{
	struct code_guard *g = xcalloc(1, sizeof *g);

	g->per_minute = wrong_per_minute;
	return g;
}

void code_guard_free(struct code_guard *g)
{
	free(g);
}

/* The device's entry: its own, else a free or stale one to reuse. */
static struct code_guard_entry *code_guard_of(struct code_guard *g,
                                              const char *device, int64_t now)
{
	struct code_guard_entry *free_e = NULL;

	for (int i = 0; i < CODE_GUARD_DEVICES; i++) {
		struct code_guard_entry *e = &g->e[i];
		if (strcmp(e->device, device) == 0)
			return e;
		if (free_e == NULL &&
		    (e->device[0] == '\0' || now - e->since > CODE_GUARD_MS))
			free_e = e;
	}
	if (free_e == NULL) /* every slot busy this minute: share the last */
		free_e = &g->e[CODE_GUARD_DEVICES - 1];
	snprintf(free_e->device, sizeof free_e->device, "%s", device);
	free_e->since = now;
	free_e->wrong = 0;
	return free_e;
}

static int code_guard_check(struct op_ctx *ctx, struct qerr *err)
{
	struct code_guard *g = ctx->d->code_guard;
	struct code_guard_entry *e;

	if (g == NULL || (ctx->conn->role & ROLE_ADMIN))
		return 0;
	e = code_guard_of(g, ctx->conn->device, ctx->now);
	if (ctx->now - e->since > CODE_GUARD_MS) {
		e->since = ctx->now;
		e->wrong = 0;
	}
	if (e->wrong < g->per_minute)
		return 0;
	return qerr_set(
	    err, PROTO_E_RATE_LIMITED,
	    "too many wrong appointment codes; try again in %lld s",
	    (long long)((e->since + CODE_GUARD_MS - ctx->now) / 1000 + 1));
}

static void code_guard_wrong(struct op_ctx *ctx, const struct qerr *err)
{
	struct code_guard *g = ctx->d->code_guard;

	if (g == NULL || (ctx->conn->role & ROLE_ADMIN) ||
	    strcmp(err->code, PROTO_E_APPT_NOT_FOUND) != 0)
		return;
	if (++code_guard_of(g, ctx->conn->device, ctx->now)->wrong ==
	    g->per_minute)
		log_warn("qhalld", "%s: %d wrong appointment codes in a minute",
		         ctx->conn->device, g->per_minute);
}

/* An appointment as replies show it; the phone stays sealed. */
static json_t *appt_json(const struct store_appointment *a, int with_code)
{
	static const char *const states[] = {"booked", "checked_in",
	                                     "cancelled", "no_show"};
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:b, s:b, s:I}", "id",
	    (json_int_t)a->id, "item", a->item, "queue", a->queue, "day",
	    a->day, "slot", a->slot, "slot_at", (json_int_t)a->slot_at, "state",
	    (unsigned)a->state < 4 ? states[a->state] : "unknown", "phone",
	    a->has_phone, "late", a->late, "booked_at",
	    (json_int_t)a->booked_at);

	if (with_code)
		json_object_set_new(o, "code", json_string(a->code));
	json_object_set_new(
	    o, "number", a->number[0] ? json_string(a->number) : json_null());
	return o;
}

static int code_valid(const char *code, struct qerr *err)
{
	if (strlen(code) != APPT_CODE_LEN ||
	    strspn(code, "0123456789") != APPT_CODE_LEN)
		return qerr_set(err, PROTO_E_APPT_NOT_FOUND,
		                "an appointment code is 6 digits");
	return 0;
}

static const struct proto_field add_fields[] = {
    {"item", PROTO_STRING, 1, 1, TICKET_ITEM_MAX},
    {"day", PROTO_STRING, 1, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {"slot", PROTO_STRING, 1, 5, 5},
    {"phone", PROTO_STRING, 0, 0, 24},
    {NULL, 0, 0, 0, 0},
};

static int add_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct hall_appt_add r = {
	    op_str(ctx, "item"),  op_str(ctx, "day"), op_str(ctx, "slot"),
	    op_str(ctx, "phone"), ctx->day,           ctx->now};
	char day[TICKET_DAY_LEN + 1];
	struct store_appointment a;

	if (op_day_text(r.day, day, err) ||
	    hall_appt_add(ctx->d->hall, &r, &a, err))
		return -1;
	*out = json_pack("{s:o}", "appointment", appt_json(&a, 1));
	return 0;
}

const struct op op_appt_add = {
    "appointment_add", ROLE_ADMIN | ROLE_BOOKING, 0, add_fields, add_exec, 0};

static const struct proto_field list_fields[] = {
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {NULL, 0, 0, 0, 0},
};

static void list_one(void *arg, const struct store_appointment *a)
{
	json_array_append_new(arg, appt_json(a, 1));
}

/* A day's appointments, or all from today on. */
static int list_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	char day[TICKET_DAY_LEN + 1] = "";
	json_t *list = json_array();

	if ((op_str(ctx, "day") && op_day(ctx, day, err)) ||
	    store_appt_list(ctx->d->store, day, ctx->day, list_one, list,
	                    err)) {
		json_decref(list);
		return -1;
	}
	*out = json_pack("{s:o}", "appointments", list);
	return 0;
}

const struct op op_appt_list = {"appointment_list",
                                ROLE_ADMIN | ROLE_BOOKING,
                                0,
                                list_fields,
                                list_exec,
                                0};

static const struct proto_field code_fields[] = {
    {"code", PROTO_STRING, 1, 1, 16},
    {NULL, 0, 0, 0, 0},
};

static int cancel_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_appointment a;

	if (code_guard_check(ctx, err))
		return -1;
	if (code_valid(op_str(ctx, "code"), err) ||
	    hall_appt_cancel(ctx->d->hall, op_str(ctx, "code"), ctx->now, &a,
	                     err)) {
		code_guard_wrong(ctx, err);
		return -1;
	}
	*out = json_pack("{s:o}", "appointment", appt_json(&a, 0));
	return 0;
}

const struct op op_appt_cancel = {"appointment_cancel",
                                  ROLE_ADMIN | ROLE_BOOKING,
                                  0,
                                  code_fields,
                                  cancel_exec,
                                  0};

/* What the kiosk does with a code: a ticket, as take answers. */
static int checkin_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	struct store_appointment a;
	struct ticket t;
	(void)out;

	if (code_guard_check(ctx, err))
		return -1;
	if (code_valid(op_str(ctx, "code"), err) ||
	    hall_appt_checkin(ctx->d->hall, op_str(ctx, "code"), ctx->day,
	                      ctx->now, &a, &t, err)) {
		code_guard_wrong(ctx, err);
		return -1;
	}
	op_ticket_text(ctx, -1, &t, 0);
	/* The appointment beside the ticket: {"ticket":…, "appointment":…} */
	{
		json_t *o = appt_json(&a, 0);
		char *text = json_dumps(o, JSON_COMPACT);
		size_t n = strlen(text);

		if (ctx->text_len + n + 20 < sizeof ctx->text) {
			ctx->text_len--; /* the closing brace */
			memcpy(ctx->text + ctx->text_len,
			       ",\"appointment\":", 15);
			ctx->text_len += 15;
			memcpy(ctx->text + ctx->text_len, text, n);
			ctx->text_len += n;
			ctx->text[ctx->text_len++] = '}';
		}
		free(text);
		json_decref(o);
	}
	return 0;
}

const struct op op_appt_checkin = {"appointment_checkin",
                                   ROLE_ADMIN | ROLE_KIOSK,
                                   0,
                                   code_fields,
                                   checkin_exec,
                                   0};
