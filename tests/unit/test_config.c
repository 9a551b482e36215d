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

static int load_text(const char *text, struct config *c, struct qerr *err)
{
	char path[] = "/tmp/qhall-config-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	config_defaults(c);
	rc = config_load(c, path, err);
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
	    cmocka_unit_test(missing_file_is_an_error),
	    cmocka_unit_test(unknown_timezone_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
