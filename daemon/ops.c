/*
 * The table of every op the daemon answers, and its description for tools
 * (`qhalld --ops-json`): the fuzzer's dictionary and the hostile clients
 * take their op names, roles and fields from here, so a new op is fuzzed
 * and attacked without anyone remembering to add it.
 */
#include <string.h>

#include "ops.h"

static const struct op *const ops_table[] = {
    &op_hello,         &op_take,          &op_ticket,        &op_rejoin,
    &op_printed,       &op_call,          &op_recall,        &op_skip,
    &op_serve,         &op_finish,        &op_transfer,      &op_pause,
    &op_resume,        &op_window_set,    &op_status,        &op_catalog,
    &op_subscribe,     &op_day_close,     &op_notice,        &op_verify,
    &op_backup,        &op_device_add,    &op_staff_add,     &op_login,
    &op_logout,        &op_queue_close,   &op_queue_open,    &op_ticket_cancel,
    &op_device_cancel, &op_device_remove, &op_device_rotate, &op_staff_remove,
    &op_staff_pin,     &op_staff_unlock,  &op_rate,          &op_ratings,
    &op_reviews,       &op_review,        &op_rating_policy, &op_trace_page,
    &op_appt_add,      &op_appt_list,     &op_appt_cancel,   &op_appt_checkin,
    &op_seal_part,     &op_seal,          &op_sealed,        &op_trace_export,
    &op_alerts,        &op_alert_ack,     &op_help,          &op_route,
};

#define OPS_COUNT (sizeof ops_table / sizeof ops_table[0])

const struct op *ops_find(const char *name)
{
	for (size_t i = 0; i < OPS_COUNT; i++)
		if (strcmp(ops_table[i]->name, name) == 0)
			return ops_table[i];
	return NULL;
}

static json_t *ops_roles(unsigned roles)
{
	static const struct {
		enum role role;
		const char *name;
	} names[] = {{ROLE_KIOSK, "kiosk"},     {ROLE_WINDOW, "window"},
	             {ROLE_DISPLAY, "display"}, {ROLE_ADMIN, "admin"},
	             {ROLE_RATER, "rater"},     {ROLE_TICKET, "ticket"},
	             {ROLE_BOOKING, "booking"}};
	json_t *out = json_array();

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (roles & names[i].role)
			json_array_append_new(out, json_string(names[i].name));
	return out;
}

static json_t *ops_fields(const struct proto_field *f)
{
	static const char *const types[] = {"string", "int", "bool", "strings",
	                                    "scalar"};
	json_t *out = json_array();

	for (; f->name; f++)
		json_array_append_new(
		    out, json_pack("{s:s, s:s, s:b, s:I, s:I}", "name", f->name,
		                   "type", types[f->type], "required",
		                   f->required, "min", (json_int_t)f->min,
		                   "max", (json_int_t)f->max));
	return out;
}

/* [{"op", "roles": [...], "window": bool, "hello": bool, "fields": [...]}] */
json_t *ops_describe(void)
{
	json_t *out = json_array();

	for (size_t i = 0; i < OPS_COUNT; i++) {
		const struct op *op = ops_table[i];
		json_array_append_new(
		    out, json_pack("{s:s, s:o, s:b, s:b, s:o}", "op", op->name,
		                   "roles",
		                   ops_roles(op->hello ? ROLE_ANY : op->roles),
		                   "window", op->window, "hello", op->hello,
		                   "fields", ops_fields(op->fields)));
	}
	return out;
}
