/* The config file: defaults, good values, and clear refusals of bad ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "proto.h"

/* Write text to a temporary file; path receives its name. */
static void write_text(const char *text, char *path)
{
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int load_text(const char *text, struct config *c, struct qerr *err)
{
	char path[] = "/tmp/qhall-config-XXXXXX";
	int rc;

	write_text(text, path);
	config_defaults(c);
	rc = config_load(c, path, err);
	unlink(path);
	return rc;
}

/* A file of two sections, parsed through a table of its own. */
struct sample {
	char name[8];
	int count;
	int on;
	int odd; /* an odd number, checked by sample_odd */
};

static int sample_odd(void *into, const char *value, struct qerr *err)
{
	struct sample *s = into;

	if (config_parse_int("odd", value, 1, 99, &s->odd, err))
		return -1;
	if (s->odd % 2 == 0)
		return qerr_set(err, PROTO_E_CONFIG, "odd must be odd");
	return 0;
}

static const struct config_key sample_keys[] = {
    CONFIG_KEY_STR(struct sample, "a", "name", name),
    CONFIG_KEY_INT(struct sample, "a", "count", count, 1, 5),
    CONFIG_KEY_BOOL(struct sample, "b", "on", on),
    CONFIG_KEY_FUNC("b", "odd", sample_odd),
    CONFIG_KEY_END,
};

/* Parse text with sample_keys; the message (or "") into msg. */
static int load_sample(const char *text, struct sample *s, char *msg,
                       size_t size)
{
	char path[] = "/tmp/qhall-config-XXXXXX";
	struct qerr err = {0};
	int rc;

	write_text(text, path);
	memset(s, 0, sizeof *s);
	rc = config_parse_keys(path, sample_keys, s, &err);
	/* The message names the file: keep only what follows its name. */
	snprintf(msg, size, "%s", rc ? err.message + strlen(path) : "");
	if (rc)
		assert_string_equal(err.code, PROTO_E_CONFIG);
	unlink(path);
	return rc;
}

static void defaults_need_no_file(void **state)
{
	struct config c;
	(void)state;

	config_defaults(&c);
	assert_string_equal(c.timezone, "Asia/Shanghai");
	assert_int_equal(c.max_clients, 1024);
	assert_int_equal(c.rejoin_places, 3);
}

static void good_file_sets_values(void **state)
{
	struct config c;
	struct qerr err = {0};
	(void)state;

	assert_int_equal(load_text("; comment\n[hall]\ntimezone = UTC\n"
	                           "rejoin_places = 5\n[daemon]\n"
	                           "listen = tcp:127.0.0.1:7800\n"
	                           "max_clients = 10\nlog_level = debug\n",
	                           &c, &err),
	                 0);
	assert_string_equal(c.timezone, "UTC");
	assert_int_equal(c.rejoin_places, 5);
	assert_int_equal(c.max_clients, 10);
	assert_string_equal(c.listen, "tcp:127.0.0.1:7800");
	assert_int_equal(c.log_level, LOG_DEBUG);
}

static void bad_values_are_refused_with_line(void **state)
{
	struct config c;
	struct qerr err = {0};
	(void)state;

	assert_int_equal(load_text("[daemon]\nmax_clients = lots\n", &c, &err),
	                 -1);
	assert_string_equal(err.code, PROTO_E_CONFIG);
	assert_non_null(strstr(err.message, "line 2"));
	assert_non_null(strstr(err.message, "max_clients"));
	assert_int_equal(load_text("[daemon]\nmax_clients = 0\n", &c, &err),
	                 -1);
	assert_int_equal(load_text("[hall]\nflavour = mint\n", &c, &err), -1);
	assert_non_null(strstr(err.message, "unknown key"));
	assert_int_equal(load_text("[kitchen]\nx = 1\n", &c, &err), -1);
	assert_int_equal(load_text("[hall\ntimezone = UTC\n", &c, &err), -1);
	assert_int_equal(load_text("\x01\x02garbage\n", &c, &err), -1);
}

static void table_fills_each_type_of_field(void **state)
{
	struct sample s;
	char msg[QERR_MESSAGE_MAX];
	(void)state;

	assert_int_equal(load_sample("[a]\nname = abc\ncount = 5\n"
	                             "[b]\non = Yes\nodd = 7\n",
	                             &s, msg, sizeof msg),
	                 0);
	assert_string_equal(s.name, "abc");
	assert_int_equal(s.count, 5);
	assert_int_equal(s.on, 1);
	assert_int_equal(s.odd, 7);
}

static void table_errors_name_the_line_and_the_key(void **state)
{
	struct sample s;
	char msg[QERR_MESSAGE_MAX];
	(void)state;

	assert_int_equal(
	    load_sample("[a]\nname = x\nflavour = mint\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 3: unknown key \"flavour\" in [a]");
	/* A key of another section is unknown in this one. */
	assert_int_equal(load_sample("[a]\non = yes\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: unknown key \"on\" in [a]");
	assert_int_equal(load_sample("[c]\nname = x\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: unknown section [c]");
	assert_int_equal(load_sample("name = x\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 1: unknown section []");
	assert_int_equal(load_sample("[a]\nname = abcdefgh\n", &s, msg, 256),
	                 -1);
	assert_string_equal(msg, " line 2: name is too long");
	assert_int_equal(load_sample("[a]\ncount = 6\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: count must be a whole number from "
	                         "1 to 5, not \"6\"");
	assert_int_equal(load_sample("[a]\ncount = 2x\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: count must be a whole number from "
	                         "1 to 5, not \"2x\"");
	assert_int_equal(load_sample("[b]\non = maybe\n", &s, msg, 256), -1);
	assert_string_equal(msg,
	                    " line 2: on must be yes or no, not \"maybe\"");
	assert_int_equal(load_sample("[b]\nodd = 4\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: odd must be odd");
	assert_int_equal(load_sample("[a]\njunk\n", &s, msg, 256), -1);
	assert_string_equal(msg, " line 2: not a [section] or key = value");
}

static void first_bad_line_is_the_one_reported(void **state)
{
	struct sample s;
	char msg[QERR_MESSAGE_MAX];
	(void)state;

	assert_int_equal(load_sample("[a]\ncount = 9\nname = 123456789\n"
	                             "[z]\n",
	                             &s, msg, sizeof msg),
	                 -1);
	assert_string_equal(msg, " line 2: count must be a whole number from "
	                         "1 to 5, not \"9\"");
}

static void qhall_conf_errors_keep_their_words(void **state)
{
	struct config c;
	struct qerr err = {0};
	(void)state;

	assert_int_equal(load_text("[daemon]\nlog_level = loud\n", &c, &err),
	                 -1);
	assert_non_null(strstr(err.message,
	                       " line 2: log_level must be error, warn, info "
	                       "or debug, not \"loud\""));
	assert_int_equal(load_text("[hall]\nlisten = x\n", &c, &err), -1);
	assert_non_null(
	    strstr(err.message, " line 2: unknown key \"listen\" in [hall]"));
	assert_int_equal(load_text("[daemon]\nmax_output_kib = 63\n", &c, &err),
	                 -1);
	assert_int_equal(load_text("[hall]\nrejoin_places = 0\n"
	                           "[daemon]\nmax_batch = 100000\n"
	                           "max_output_kib = 64\n",
	                           &c, &err),
	                 0);
	assert_int_equal(c.rejoin_places, 0);
	assert_int_equal(c.max_batch, 100000);
	assert_int_equal(c.max_output_kib, 64);
}

static void missing_file_is_an_error(void **state)
{
	struct config c;
	struct qerr err = {0};
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load(&c, "/nonexistent/qhall.conf", &err), -1);
	assert_non_null(strstr(err.message, "/nonexistent/qhall.conf"));
}

static void unknown_timezone_is_refused(void **state)
{
	struct config c;
	(void)state;

	config_defaults(&c);
	snprintf(c.timezone, sizeof c.timezone, "Mars/Olympus");
	assert_int_equal(config_apply_timezone(&c), -1);
	snprintf(c.timezone, sizeof c.timezone, "../../etc/passwd");
	assert_int_equal(config_apply_timezone(&c), -1);
	snprintf(c.timezone, sizeof c.timezone, "Asia/Shanghai");
	assert_int_equal(config_apply_timezone(&c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_need_no_file),
	    cmocka_unit_test(good_file_sets_values),
	    cmocka_unit_test(bad_values_are_refused_with_line),
	    cmocka_unit_test(table_fills_each_type_of_field),
	    cmocka_unit_test(table_errors_name_the_line_and_the_key),
	    cmocka_unit_test(first_bad_line_is_the_one_reported),
	    cmocka_unit_test(qhall_conf_errors_keep_their_words),
	    cmocka_unit_test(missing_file_is_an_error),
	    cmocka_unit_test(unknown_timezone_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
