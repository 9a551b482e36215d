/* qhall's commands as data: each parses its arguments into one request. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static int cli_usage_of(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			fprintf(stderr, "usage: qhall %s %s\n", c->name,
			        c->usage);
	return 2;
}

/* A window number from the command line: 1..999 or a usage error. */
static int cli_window(const char *s, json_t *params)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || end == s || n < 1 || n > 999) {
		cli_fail("\"%s\" is not a window number (1-999)", s);
		return -1;
	}
	json_object_set_new(params, "window", json_integer(n));
	return 0;
}

/* Options of a command: getopt over its own words. */
static int cli_opts(int argc, char **argv, const char *shortopts,
                    const struct option *longopts, json_t *params,
                    int (*apply)(int ch, const char *arg, json_t *params))
{
	int ch;

	optind = 0; /* glibc: 0 re-initialises getopt */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	       -1) {
		if (ch == '?' || apply(ch, optarg, params))
			return -1;
	}
	return 0;
}

static int take_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'p')
		json_object_set_new(p, "priority", json_true());
	else if (ch == 'i')
		json_object_set_new(p, "item", json_string(arg));
	return 0;
}

static int cmd_take(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"priority", no_argument, NULL, 'p'},
	    {"item", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0}};
	json_t *p = json_object();

	if (cli_opts(argc, argv, "pi:", o, p, take_opt) || optind != argc - 1) {
		json_decref(p);
		return cli_usage_of("take");
	}
	json_object_set_new(p, "queue", json_string(argv[optind]));
	return cli_request(cli, "take", p, output_ticket_result);
}

/* call, recall, skip, serve, finish, resume: "N" and nothing else. */
static int cmd_window_op(struct cli *cli, int argc, char **argv)
{
	json_t *p = json_object();

	if (argc != 2) {
		json_decref(p);
		return cli_usage_of(argv[0]);
	}
	if (cli_window(argv[1], p)) {
		json_decref(p);
		return 2;
	}
	return cli_request(cli, argv[0], p,
	                   strcmp(argv[0], "resume") == 0 ||
	                           strcmp(argv[0], "logout") == 0
	                       ? output_plain
	                       : output_window_result);
}

static int transfer_opt(int ch, const char *arg, json_t *p)
{
	(void)arg;
	if (ch == 'b')
		json_object_set_new(p, "back", json_true());
	return 0;
}

static int cmd_transfer(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {{"back", no_argument, NULL, 'b'},
	                                  {"front", no_argument, NULL, 'f'},
	                                  {NULL, 0, NULL, 0}};
	json_t *p = json_object();

	if (cli_opts(argc, argv, "bf", o, p, transfer_opt) ||
	    optind != argc - 2 || cli_window(argv[optind], p)) {
		json_decref(p);
		return cli_usage_of("transfer");
	}
	json_object_set_new(p, "queue", json_string(argv[optind + 1]));
	return cli_request(cli, "transfer", p, output_window_result);
}

static int pause_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'r')
		json_object_set_new(p, "reason", json_string(arg));
	return 0;
}

static int cmd_pause(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"reason", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
	json_t *p = json_object();

	if (cli_opts(argc, argv, "r:", o, p, pause_opt) || optind != argc - 1 ||
	    cli_window(argv[optind], p)) {
		json_decref(p);
		return cli_usage_of("pause");
	}
	return cli_request(cli, "pause", p, output_plain);
}

static int day_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'D')
		json_object_set_new(p, "day", json_string(arg));
	return 0;
}

/* ticket and rejoin: NUMBER [--day YYYY-MM-DD] */
static int cmd_number_op(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {{"day", required_argument, NULL, 'D'},
	                                  {NULL, 0, NULL, 0}};
	const char *op = argv[0];
	json_t *p = json_object();

	if (cli_opts(argc, argv, "D:", o, p, day_opt) || optind != argc - 1) {
		json_decref(p);
		return cli_usage_of(op);
	}
	json_object_set_new(p, "number", json_string(argv[optind]));
	return cli_request(cli, op, p, output_ticket_result);
}

static int window_set_opt(int ch, const char *arg, json_t *p)
{
	json_t *list;
	char *copy, *tok, *save = NULL;

	if (ch != 'q')
		return 0;
	list = json_array();
	copy = strdup(arg);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		json_array_append_new(list, json_string(tok));
	free(copy);
	json_object_set_new(p, "queues", list);
	return 0;
}

static int cmd_window_set(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"queues", required_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};
	json_t *p = json_object();

	if (cli_opts(argc, argv, "q:", o, p, window_set_opt) ||
	    optind != argc - 1 || !json_object_get(p, "queues") ||
	    cli_window(argv[optind], p)) {
		json_decref(p);
		return cli_usage_of("window set");
	}
	return cli_request(cli, "window_set", p, output_plain);
}

static int cmd_status(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage_of("status");
	return cli_request(cli, "status", NULL, output_status);
}

static int cmd_simple(struct cli *cli, int argc, char **argv)
{
	const char *op =
	    strcmp(argv[0], "day-close") == 0 ? "day_close" : argv[0];

	if (argc != 1)
		return cli_usage_of(argv[0]);
	return cli_request(cli, op, NULL, output_plain);
}

static int cmd_notice(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_of("notice");
	return cli_request(cli, "notice", json_pack("{s:s}", "text", argv[1]),
	                   output_plain);
}

static int device_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'r')
		json_object_set_new(p, "role", json_string(arg));
	else if (ch == 'w')
		return cli_window(arg, p);
	return 0;
}

static int cmd_device_add(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"window", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0}};
	json_t *p = json_object();

	if (cli_opts(argc, argv, "r:w:", o, p, device_opt) ||
	    optind != argc - 1 || !json_object_get(p, "role")) {
		json_decref(p);
		return cli_usage_of("device add");
	}
	json_object_set_new(p, "name", json_string(argv[optind]));
	return cli_request(cli, "device_add", p, output_device);
}

/* Print events as they come, until the daemon goes away or we are killed. */
static int cmd_watch(struct cli *cli, int argc, char **argv)
{
	struct qerr err = {0};
	json_t *result, *ev;

	(void)argv;
	if (argc != 1)
		return cli_usage_of("watch");
	if (cli_connect(cli))
		return 1;
	if (client_call(cli->client, "subscribe", NULL, &result, &err))
		return cli_fail("%s: %s", err.code, err.message);
	json_decref(result);
	for (;;) {
		int rc = client_event(cli->client, -1, &ev, &err);
		if (rc < 0)
			return cli_fail("%s", err.message);
		if (cli->json) {
			json_dumpf(ev, stdout, JSON_COMPACT);
			putchar('\n');
		} else {
			output_event(ev);
		}
		fflush(stdout);
		json_decref(ev);
	}
}

/* A PIN from $QHALL_PIN, else typed at the terminal without echo. */
static int cli_pin(char *out, size_t size)
{
	const char *env = getenv("QHALL_PIN");
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);

	if (env) {
		snprintf(out, size, "%s", env);
		return 0;
	}
	fputs("PIN: ", stderr);
	if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(out, (int)size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL)
		return cli_fail("no PIN given (type it, or set QHALL_PIN)");
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int staff_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'n')
		json_object_set_new(p, "name", json_string(arg));
	else if (ch == 's')
		json_object_set_new(p, "staff", json_string(arg));
	return 0;
}

static int cmd_staff_add(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"name", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	json_t *p = json_object();
	char pin[64];

	if (cli_opts(argc, argv, "n:", o, p, staff_opt) || optind != argc - 1 ||
	    !json_object_get(p, "name")) {
		json_decref(p);
		return cli_usage_of("staff add");
	}
	if (cli_pin(pin, sizeof pin)) {
		json_decref(p);
		return 1;
	}
	json_object_set_new(p, "staff", json_string(argv[optind]));
	json_object_set_new(p, "pin", json_string(pin));
	sodium_memzero(pin, sizeof pin);
	return cli_request(cli, "staff_add", p, output_plain);
}

static int cmd_login(struct cli *cli, int argc, char **argv)
{
	static const struct option o[] = {
	    {"staff", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
	json_t *p = json_object();
	char pin[64];

	if (cli_opts(argc, argv, "s:", o, p, staff_opt) || optind != argc - 1 ||
	    !json_object_get(p, "staff") || cli_window(argv[optind], p)) {
		json_decref(p);
		return cli_usage_of("login");
	}
	if (cli_pin(pin, sizeof pin)) {
		json_decref(p);
		return 1;
	}
	json_object_set_new(p, "pin", json_string(pin));
	sodium_memzero(pin, sizeof pin);
	return cli_request(cli, "login", p, output_plain);
}

/* queue close A / queue open A */
static int cmd_queue_state(struct cli *cli, int argc, char **argv)
{
	const char *op =
	    strcmp(argv[0], "close") == 0 ? "queue_close" : "queue_open";

	if (argc != 2)
		return cli_usage_of(strcmp(argv[0], "close") == 0
		                        ? "queue close"
		                        : "queue open");
	return cli_request(cli, op, json_pack("{s:s}", "queue", argv[1]),
	                   output_plain);
}

const struct cli_command cli_commands[] = {
    {"take", "QUEUE [--priority] [--item ID]", cmd_take},
    {"call", "WINDOW", cmd_window_op},
    {"recall", "WINDOW", cmd_window_op},
    {"skip", "WINDOW", cmd_window_op},
    {"serve", "WINDOW", cmd_window_op},
    {"finish", "WINDOW", cmd_window_op},
    {"transfer", "WINDOW QUEUE [--back]", cmd_transfer},
    {"pause", "WINDOW [--reason TEXT]", cmd_pause},
    {"resume", "WINDOW", cmd_window_op},
    {"rejoin", "NUMBER [--day YYYY-MM-DD]", cmd_number_op},
    {"ticket", "NUMBER [--day YYYY-MM-DD]", cmd_number_op},
    {"status", "", cmd_status},
    {"watch", "", cmd_watch},
    {"window set", "WINDOW --queues A,B", cmd_window_set},
    {"device add", "NAME --role kiosk|window|display|admin [--window N]",
     cmd_device_add},
    {"staff add", "ID --name NAME   (PIN from $QHALL_PIN or the terminal)",
     cmd_staff_add},
    {"login", "WINDOW --staff ID   (PIN from $QHALL_PIN or the terminal)",
     cmd_login},
    {"logout", "WINDOW", cmd_window_op},
    {"queue close", "QUEUE", cmd_queue_state},
    {"queue open", "QUEUE", cmd_queue_state},
    {"notice", "TEXT", cmd_notice},
    {"day-close", "", cmd_simple},
    {"verify", "", cmd_simple},
    {"catalog", "", cmd_simple},
    {NULL, NULL, NULL},
};
