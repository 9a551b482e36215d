/*
 * One client, one request at a time, each timed from just before it is
 * sent to when its reply is read: the latency of an op on an otherwise
 * idle daemon.
 */
#include "bench.h"
#include "proto.h"

/* Send op (no fields) count times; -1 at the first failure. */
int probe_ops(struct client *c, const char *op, int count, struct stats *st)
{
	struct qerr err = {0};

	for (int i = 0; i < count; i++) {
		json_t *result = NULL;
		int64_t t0 = stats_now();

		if (client_call(c, op, NULL, &result, &err)) {
			report_failure(op, &err);
			return -1;
		}
		stats_add(st, stats_now() - t0);
		json_decref(result);
	}
	return 0;
}

/* A window calls the next ticket and finishes it, count times. */
int probe_call_finish(struct client *c, int count, struct stats *call,
                      struct stats *finish)
{
	struct qerr err = {0};

	for (int i = 0; i < count; i++) {
		json_t *result = NULL;
		int64_t t0 = stats_now();

		if (client_call(c, "call", NULL, &result, &err)) {
			report_failure("call", &err);
			return -1;
		}
		stats_add(call, stats_now() - t0);
		if (!json_is_object(json_object_get(result, "ticket"))) {
			qerr_set(&err, PROTO_E_PROTOCOL,
			         "nobody was waiting to call");
			report_failure("call", &err);
			json_decref(result);
			return -1;
		}
		json_decref(result);
		if (probe_ops(c, "finish", 1, finish))
			return -1;
	}
	return 0;
}
