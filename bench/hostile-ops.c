/*
 * Which requests each role may not make, from the daemon's own op table
 * (`qhalld --ops-json`): a new op is attacked by the hostile clients the
 * day it is added, and no list here can fall behind the daemon.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "proto.h"
#include "xmalloc.h"

#define HOSTILE_OPS_MAX 64

static struct {
	char name[32];
	unsigned roles; /* bit per role name below */
	int window;
} hostile_ops[HOSTILE_OPS_MAX];
static int hostile_nops;

static const char *const hostile_role_names[] = {"kiosk", "window", "display",
                                                 "admin"};

static unsigned hostile_role_bit(const char *name)
{
	for (unsigned i = 0; i < 4; i++)
		if (strcmp(name, hostile_role_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* Read the table once; -1 with err when the daemon cannot say it. */
int hostile_ops_load(const char *qhalld, struct qerr *err)
{
	char cmd[PATH_MAX + 32];
	json_error_t jerr;
	json_t *ops, *op;
	size_t i;
	FILE *f;

	if (hostile_nops > 0)
		return 0;
	snprintf(cmd, sizeof cmd, "'%s' --ops-json", qhalld);
	if ((f = popen(cmd, "r")) == NULL)
		return qerr_set(err, PROTO_E_IO, "cannot run %s", qhalld);
	ops = json_loadf(f, 0, &jerr);
	pclose(f);
	if (!json_is_array(ops)) {
		json_decref(ops);
		return qerr_set(err, PROTO_E_BAD_JSON, "%s --ops-json: %s",
		                qhalld, jerr.text);
	}
	json_array_foreach(ops, i, op)
	{
		json_t *roles = json_object_get(op, "roles"), *r;
		size_t k;

		if (hostile_nops == HOSTILE_OPS_MAX ||
		    json_is_true(json_object_get(op, "hello")))
			continue;
		snprintf(hostile_ops[hostile_nops].name,
		         sizeof hostile_ops[0].name, "%s",
		         json_string_value(json_object_get(op, "op")));
		json_array_foreach(roles, k, r) hostile_ops[hostile_nops]
		    .roles |= hostile_role_bit(json_string_value(r));
		hostile_ops[hostile_nops].window =
		    json_is_true(json_object_get(op, "window"));
		hostile_nops++;
	}
	json_decref(ops);
	return hostile_nops > 0
	           ? 0
	           : qerr_set(err, PROTO_E_BAD_JSON, "%s lists no ops", qhalld);
}

/*
 * An op `role` may not make at all, or (for a window client, half the
 * time) one of a window's ops, which it may make only for its own window.
 */
const char *hostile_ops_forbidden(uint64_t *rng, const char *role)
{
	unsigned bit = hostile_role_bit(role);
	int window_op =
	    bit == hostile_role_bit("window") && (hostile_random(rng) & 1);
	int pick[HOSTILE_OPS_MAX], n = 0;

	for (int i = 0; i < hostile_nops; i++)
		if (window_op ? hostile_ops[i].window
		              : !(hostile_ops[i].roles & bit))
			pick[n++] = i;
	if (n == 0)
		return "call"; /* an admin: nothing is forbidden it */
	return hostile_ops[pick[hostile_random(rng) % (uint64_t)n]].name;
}
