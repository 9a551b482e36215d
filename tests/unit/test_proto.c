/* The protocol's decoder and field checks: what a peer can send us. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

static void decode_rejects_garbage_with_bad_json(void **state)
{
	struct qerr err = {0};
	json_t *msg;
	(void)state;

	assert_int_equal(proto_decode("{not json", 9, &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_JSON);
	assert_null(msg);
}

static void decode_requires_an_object_with_a_string_op(void **state)
{
	struct qerr err = {0};
	json_t *msg;
	(void)state;

	assert_int_equal(proto_decode("[1,2]", 5, &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_REQUEST);
	assert_int_equal(proto_decode("{\"op\":3}", 8, &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_REQUEST);
	json_decref(msg); /* kept for its id */
	assert_int_equal(proto_decode("42", 2, &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_REQUEST);
	assert_null(msg);
	assert_int_equal(proto_decode("{\"op\":\"take\"}", 13, &msg, &err), 0);
	assert_string_equal(json_string_value(json_object_get(msg, "op")),
	                    "take");
	json_decref(msg);
}

static void decode_rejects_duplicate_keys(void **state)
{
	struct qerr err = {0};
	json_t *msg;
	const char *s = "{\"op\":\"take\",\"op\":\"call\"}";
	(void)state;

	assert_int_equal(proto_decode(s, strlen(s), &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_BAD_JSON);
}

static void decode_rejects_an_over_long_line(void **state)
{
	struct qerr err = {0};
	json_t *msg;
	char *big = malloc(PROTO_MAX_LINE + 2);
	(void)state;

	memset(big, ' ', PROTO_MAX_LINE + 1);
	big[PROTO_MAX_LINE + 1] = '\0';
	assert_int_equal(proto_decode(big, PROTO_MAX_LINE + 1, &msg, &err), -1);
	assert_string_equal(err.code, PROTO_E_LINE_TOO_LONG);
	free(big);
}

static const struct proto_field fields[] = {
    {"queue", PROTO_STRING, 1, 1, 4},
    {"window", PROTO_INT, 0, 1, 999},
    {"priority", PROTO_BOOL, 0, 0, 0},
    {"queues", PROTO_STRINGS, 0, 1, 4},
    {NULL, 0, 0, 0, 0},
};

static int validate(const char *text, struct qerr *err)
{
	json_t *req = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(req);
	rc = proto_validate(req, fields, err);
	json_decref(req);
	return rc;
}

static void validate_checks_presence_type_and_range(void **state)
{
	struct qerr err = {0};
	(void)state;

	assert_int_equal(validate("{\"queue\":\"A\"}", &err), 0);
	assert_int_equal(validate("{}", &err), -1);
	assert_non_null(strstr(err.message, "missing field \"queue\""));
	assert_int_equal(validate("{\"queue\":1}", &err), -1);
	assert_int_equal(validate("{\"queue\":\"\"}", &err), -1);
	assert_int_equal(validate("{\"queue\":\"ABCDE\"}", &err), -1);
	assert_int_equal(validate("{\"queue\":\"A\",\"window\":0}", &err), -1);
	assert_int_equal(validate("{\"queue\":\"A\",\"window\":1000}", &err),
	                 -1);
	assert_int_equal(validate("{\"queue\":\"A\",\"window\":1e30}", &err),
	                 -1);
	assert_int_equal(validate("{\"queue\":\"A\",\"window\":\"3\"}", &err),
	                 -1);
	assert_int_equal(
	    validate("{\"queue\":\"A\",\"priority\":\"yes\"}", &err), -1);
	assert_int_equal(
	    validate("{\"queue\":\"A\",\"queues\":[\"A\",2]}", &err), -1);
	assert_int_equal(
	    validate("{\"queue\":\"A\",\"queues\":[\"A\",\"B\"]}", &err), 0);
	assert_string_equal(err.code, PROTO_E_BAD_REQUEST);
}

static void reply_carries_id_and_error_code(void **state)
{
	json_t *id = json_integer(7);
	json_t *r = proto_reply_error(id, PROTO_E_NO_QUEUE, "no queue Z");
	size_t len;
	char *line = proto_encode(r, &len);
	(void)state;

	assert_int_equal(line[len - 1], '\n');
	assert_non_null(strstr(line, "\"id\":7"));
	assert_non_null(strstr(line, "\"code\":\"no_such_queue\""));
	free(line);
	json_decref(r);
	json_decref(id);
}

/* A result written as text makes the very bytes of the jansson reply. */
static void reply_text_is_the_encoded_reply(void **state)
{
	static const char result[] =
	    "{\"ticket\":{\"number\":\"A007\",\"window\":null},"
	    "\"repeated\":false}";
	json_t *ids[] = {NULL, json_integer(7),
	                 json_integer(-9007199254740993LL), json_string("r-1"),
	                 json_string("q\"\\/\n\t\x01\x7f\u5e02")};
	(void)state;

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		json_t *r = proto_reply_ok(ids[i], json_loads(result, 0, NULL));
		size_t want_len, got_len;
		char *want = proto_encode(r, &want_len);
		char *got = proto_reply_ok_text(ids[i], result, strlen(result),
		                                &got_len);

		assert_string_equal(got, want);
		assert_int_equal(got_len, want_len);
		free(got);
		free(want);
		json_decref(r);
		json_decref(ids[i]);
	}
}

static void error_codes_are_listed_once(void **state)
{
	size_t n = 0;
	(void)state;

	for (const struct proto_error *a = proto_errors; a->code; a++, n++)
		for (const struct proto_error *b = a + 1; b->code; b++)
			assert_string_not_equal(a->code, b->code);
	assert_int_equal(n, 40); /* every PROTO_E_* of proto.h */
}

static void codes_from_the_daemon_are_kept_static(void **state)
{
	char sent[] = "no_such_queue"; /* as if just parsed off the wire */
	const char *code = proto_error_from_daemon(sent);
	(void)state;

	/* The table's own string, which outlives the reply it came in. */
	assert_string_equal(code, PROTO_E_NO_QUEUE);
	assert_ptr_not_equal(code, sent);
	assert_string_equal(proto_error_from_daemon("bad_config"),
	                    PROTO_E_CONFIG);
	/* Codes no daemon sends, and none at all, are a protocol error. */
	assert_string_equal(proto_error_from_daemon("io_error"),
	                    PROTO_E_PROTOCOL);
	assert_string_equal(proto_error_from_daemon("timeout"),
	                    PROTO_E_PROTOCOL);
	assert_string_equal(proto_error_from_daemon("made_up"),
	                    PROTO_E_PROTOCOL);
	assert_string_equal(proto_error_from_daemon(NULL), PROTO_E_PROTOCOL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decode_rejects_garbage_with_bad_json),
	    cmocka_unit_test(decode_requires_an_object_with_a_string_op),
	    cmocka_unit_test(decode_rejects_duplicate_keys),
	    cmocka_unit_test(decode_rejects_an_over_long_line),
	    cmocka_unit_test(validate_checks_presence_type_and_range),
	    cmocka_unit_test(reply_carries_id_and_error_code),
	    cmocka_unit_test(reply_text_is_the_encoded_reply),
	    cmocka_unit_test(error_codes_are_listed_once),
	    cmocka_unit_test(codes_from_the_daemon_are_kept_static),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
