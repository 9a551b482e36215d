/* The connection options: what each program's command line makes of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "connopt.h"
#include "proto.h"

/*
 * Parse argv as a program does: the connection options among its own (here
 * --json), through getopt_long. Returns the address's status; the options
 * stay in *c.
 */
static int parse(struct connopt *c, struct client_addr *a, struct qerr *err,
                 int argc, char **argv)
{
	static const struct option longopts[] = {
	    CONNOPT_LONGOPTS,
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	optind = 0; /* glibc: 0 re-initialises getopt */
	opterr = 0;
	connopt_init(c);
	while ((ch = getopt_long(argc, argv, "d:s:c:t:j", longopts, NULL)) !=
	       -1) {
		if (connopt_option(c, ch, optarg))
			continue;
		assert_int_equal(ch, 'j'); /* ours, not a connection option */
	}
	return connopt_addr(c, a, err);
}

#define ARGC(argv) ((int)(sizeof argv / sizeof argv[0]))

static void data_folder_defaults_to_env_then_dot_data(void **state)
{
	struct connopt c;
	struct client_addr a;
	struct qerr err = {0};
	char *argv[] = {"prog"};
	(void)state;

	unsetenv("QHALL_DATA");
	assert_int_equal(parse(&c, &a, &err, ARGC(argv), argv), 0);
	assert_string_equal(c.data, "data");
	assert_int_equal(a.tcp, 0);
	assert_string_equal(a.path, "data/qhalld.sock");
	assert_null(c.token);

	setenv("QHALL_DATA", "/srv/hall", 1);
	assert_int_equal(parse(&c, &a, &err, ARGC(argv), argv), 0);
	assert_string_equal(a.path, "/srv/hall/qhalld.sock");
	unsetenv("QHALL_DATA");
}

static void data_option_beats_the_environment(void **state)
{
	struct connopt c;
	struct client_addr a;
	struct qerr err = {0};
	char *argv[] = {"prog", "--data", "/var/q", "--json"};
	(void)state;

	setenv("QHALL_DATA", "/srv/hall", 1);
	assert_int_equal(parse(&c, &a, &err, ARGC(argv), argv), 0);
	assert_string_equal(c.data, "/var/q");
	assert_string_equal(a.path, "/var/q/qhalld.sock");
	unsetenv("QHALL_DATA");
}

static void connect_beats_socket_beats_data_in_any_order(void **state)
{
	struct connopt c;
	struct client_addr a;
	struct qerr err = {0};
	char *sock_then_data[] = {"prog", "--socket", "/run/q.sock", "--data",
	                          "/var/q"};
	char *connect_first[] = {"prog", "--connect", "hall.lan:7800",
	                         "--socket", "/run/q.sock"};
	char *connect_last[] = {"prog", "-s", "/run/q.sock", "-c",
	                        "[fe80::1]:7800"};
	(void)state;

	assert_int_equal(
	    parse(&c, &a, &err, ARGC(sock_then_data), sock_then_data), 0);
	assert_int_equal(a.tcp, 0);
	assert_string_equal(a.path, "/run/q.sock");
	assert_string_equal(c.data, "/var/q"); /* still there, for kiosk.conf */

	assert_int_equal(
	    parse(&c, &a, &err, ARGC(connect_first), connect_first), 0);
	assert_int_equal(a.tcp, 1);
	assert_string_equal(a.host, "hall.lan");
	assert_string_equal(a.port, "7800");

	assert_int_equal(parse(&c, &a, &err, ARGC(connect_last), connect_last),
	                 0);
	assert_int_equal(a.tcp, 1);
	assert_string_equal(a.host, "fe80::1");
}

static void last_of_an_option_given_twice_counts(void **state)
{
	struct connopt c;
	struct client_addr a;
	struct qerr err = {0};
	char *argv[] = {"prog",   "--token", "one", "--token=two",
	                "--sock", "/a.sock", "-s",  "/b.sock",
	                "--conn", "h:1",     "-t",  ""};
	(void)state;

	assert_int_equal(parse(&c, &a, &err, ARGC(argv), argv), 0);
	assert_string_equal(c.token, ""); /* given, though empty */
	assert_string_equal(c.socket, "/b.sock");
	assert_string_equal(a.host, "h");
}

static void bad_addresses_say_what_was_wrong(void **state)
{
	struct connopt c;
	struct client_addr a;
	struct qerr err = {0};
	char path[200];
	char *no_port[] = {"prog", "--connect", "hall.lan"};
	char *empty_host[] = {"prog", "--connect", "[]:7800"};
	char *long_socket[] = {"prog", "--socket", path};
	char *long_data[] = {"prog", "--data", path};
	(void)state;

	assert_int_equal(parse(&c, &a, &err, ARGC(no_port), no_port), -1);
	assert_string_equal(err.message,
	                    "expected HOST:PORT, not \"hall.lan\"");
	assert_int_equal(parse(&c, &a, &err, ARGC(empty_host), empty_host), -1);
	assert_string_equal(err.message, "expected HOST:PORT, not \"[]:7800\"");

	memset(path, 'x', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	assert_int_equal(parse(&c, &a, &err, ARGC(long_socket), long_socket),
	                 -1);
	assert_non_null(strstr(err.message, "socket path too long: /xxx"));
	assert_int_equal(parse(&c, &a, &err, ARGC(long_data), long_data), -1);
	assert_non_null(strstr(err.message, "xxx/qhalld.sock"));
}

/* A token kept off the command line: from a file, else the environment;
 * a file that cannot be read is said at once, not sent as no token. */
static void token_from_a_file_or_the_environment(void **state)
{
	char path[] = "/tmp/qhall-token-XXXXXX";
	char arg[64], missing[] = "/nonexistent/token";
	struct client_addr a;
	struct qerr err = {0};
	struct connopt c;
	int fd = mkstemp(path);
	(void)state;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "s3cret\nsecond line\n", 19), 19);
	close(fd);
	setenv("QHALL_TOKEN", "from-env", 1);
	char *none[] = {"x", "--connect", "127.0.0.1:7800"};
	assert_int_equal(parse(&c, &a, &err, ARGC(none), none), 0);
	assert_string_equal(c.token, "from-env");
	snprintf(arg, sizeof arg, "--token-file=%s", path);
	char *file[] = {"x", "--connect", "127.0.0.1:7800", arg};
	assert_int_equal(parse(&c, &a, &err, ARGC(file), file), 0);
	assert_string_equal(c.token, "s3cret");
	char *both[] = {"x", arg, "--token", "on-the-line"};
	assert_int_equal(parse(&c, &a, &err, ARGC(both), both), 0);
	assert_string_equal(c.token, "on-the-line"); /* the last counts */
	unsetenv("QHALL_TOKEN");
	char *bad[] = {"x", "--token-file", missing};
	assert_int_equal(parse(&c, &a, &err, ARGC(bad), bad), -1);
	assert_non_null(strstr(err.message, missing));
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	char *empty[] = {"x", arg};
	assert_int_equal(parse(&c, &a, &err, ARGC(empty), empty), -1);
	assert_non_null(strstr(err.message, "holds no token"));
	unlink(path);
}

static void other_options_are_left_to_the_program(void **state)
{
	struct connopt c;
	(void)state;

	connopt_init(&c);
	assert_int_equal(connopt_option(&c, 'j', "x"), 0);
	assert_int_equal(connopt_option(&c, 'w', "3"), 0);
	assert_int_equal(connopt_option(&c, CONNOPT_TOKEN, "t"), 1);
	assert_string_equal(c.token, "t");
	assert_null(c.socket);
	assert_null(c.connect);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(data_folder_defaults_to_env_then_dot_data),
	    cmocka_unit_test(data_option_beats_the_environment),
	    cmocka_unit_test(connect_beats_socket_beats_data_in_any_order),
	    cmocka_unit_test(last_of_an_option_given_twice_counts),
	    cmocka_unit_test(bad_addresses_say_what_was_wrong),
	    cmocka_unit_test(other_options_are_left_to_the_program),
	    cmocka_unit_test(token_from_a_file_or_the_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
