/* Op "route": a ticket's route and where it is on it (并联审批). */
#include "hall-route.h"
#include "ops.h"

static const struct proto_field route_fields[] = {
    {"number", PROTO_STRING, 1, 4, TICKET_NUMBER_MAX - 1},
    {"day", PROTO_STRING, 0, TICKET_DAY_LEN, TICKET_DAY_LEN},
    {NULL, 0, 0, 0, 0},
};

/* {"ticket": {...}, "steps": [{"queues", "done", "state"}, ...]}; the
 * ticket's status key is never in it. */
static int route_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *number = op_str(ctx, "number");
	char day[TICKET_DAY_LEN + 1];

	if (!ticket_number_valid(number))
		return qerr_set(err, PROTO_E_BAD_REQUEST,
		                "\"%s\" is not a ticket number like A007",
		                number);
	if (op_day(ctx, day, err))
		return -1;
	return hall_route_show(ctx->d->hall, day, number, out, err);
}

const struct op op_route = {"route", ROLE_ANY, 0, route_fields, route_exec, 0};
