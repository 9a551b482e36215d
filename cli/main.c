/*
 * qhall: every daemon op from a shell, for operators and scripts.
 *
 *   qhall [--data DIR | --socket PATH | --connect HOST:PORT --token T]
 *         [--json] COMMAND ...
 *
 * With --json each command prints exactly one JSON object (watch: one per
 * event). Exit 0 on success; otherwise one line on stderr and exit 1 (the
 * daemon refused or could not be reached) or 2 (bad usage).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "connopt.h"
#include "log.h"
#include "report.h"

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("qhall: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

void cli_usage(FILE *f)
{
	fprintf(f, "usage: qhall [--data DIR | --socket PATH | --connect "
	           "HOST:PORT --token T] [--json] COMMAND\n\ncommands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %s %s\n", c->name, c->usage);
	fprintf(f, "  report PERIOD|--from DAY --to DAY --by "
	           "window|staff|queue|department|item "
	           "[--format table|csv|json|html|pdf] [-o FILE]\n"
	           "  report seal|verify PERIOD\n"
	           "  report PERIOD|--from DAY --to DAY --halls FILE... "
	           "[--format table|csv|json|html|pdf] [-o FILE]\n"
	           "  export --from DAY --to DAY -o FILE\n");
	fprintf(f, "\nDIR defaults to $QHALL_DATA, else ./data. The token may "
	           "come from\n--token-file FILE or $QHALL_TOKEN instead: "
	           "other users can read a\ncommand line.\n");
}

/* The usage line of one command; 2, the exit code of bad usage. */
static int cli_usage_of(const struct cli_command *c)
{
	fprintf(stderr, "usage: qhall %s %s\n", c->name, c->usage);
	return 2;
}

/* A reply or an event: one JSON line (--json), or the command's own form. */
static void cli_print(const struct cli *cli, const struct cli_command *c,
                      json_t *msg)
{
	if (cli->json) {
		json_dumpf(msg, stdout, JSON_COMPACT);
		putchar('\n');
	} else {
		c->print(msg);
	}
}

/*
 * Send the command's op and print the reply (JSON or human); a CLI_EVENTS
 * command then prints events as they come, until the daemon goes away or
 * we are killed. Returns the exit code; params is consumed.
 */
static int cli_request(struct cli *cli, const struct cli_command *c,
                       json_t *params)
{
	struct client_hello hello = {.token = cli->token};
	struct qerr err = {0};
	json_t *result, *ev;
	int rc;

	cli->client = client_open(&cli->addr, &hello, &err);
	if (cli->client == NULL) {
		json_decref(params);
		return cli_fail("%s", err.message);
	}
	if (client_call(cli->client, c->op, params, &result, &err))
		return cli_fail("%s: %s", err.code, err.message);
	if (!(c->flags & CLI_EVENTS)) {
		cli_print(cli, c, result);
		/* A check that found something wrong fails, for scripts. */
		rc = (c->flags & CLI_OK_FIELD) &&
		     !json_is_true(json_object_get(result, "ok"));
		json_decref(result);
		return rc;
	}
	json_decref(result);
	for (;;) {
		if (client_event(cli->client, -1, &ev, &err) < 0)
			return cli_fail("%s", err.message);
		cli_print(cli, c, ev);
		fflush(stdout);
		json_decref(ev);
	}
}

/* A command's words into its params, then the request; the exit code. */
static int cli_run(struct cli *cli, const struct cli_command *c, int argc,
                   char **argv)
{
	json_t *params = json_object();
	int rc = c->params(argc, argv, params);

	if (rc == 0)
		return cli_request(cli, c, params);
	json_decref(params);
	return rc == CLI_USAGE ? cli_usage_of(c) : rc;
}

static const struct cli_command *cli_find(int argc, char **argv, int *used)
{
	/* Two-word commands ("window set") before one-word ones. */
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		size_t n = strlen(argv[0]);
		if (argc >= 2 && strncmp(c->name, argv[0], n) == 0 &&
		    c->name[n] == ' ' &&
		    strcmp(c->name + n + 1, argv[1]) == 0) {
			*used = 2;
			return c;
		}
	}
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, argv[0]) == 0) {
			*used = 1;
			return c;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    CONNOPT_LONGOPTS,
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cli cli = {0};
	struct connopt conn;
	const struct cli_command *cmd;
	struct qerr err = {0};
	int ch, used, rc;

	connopt_init(&conn);
	/* Options stop at the command: its own flags are its own. */
	while ((ch = getopt_long(argc, argv, "+d:s:c:t:jh", longopts, NULL)) !=
	       -1) {
		if (connopt_option(&conn, ch, optarg))
			continue;
		switch (ch) {
		case 'j':
			cli.json = 1;
			break;
		case 'h':
			cli_usage(stdout);
			return 0;
		default:
			cli_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		cli_usage(stderr);
		return 2;
	}
	if (connopt_addr(&conn, &cli.addr, &err)) {
		cli_fail("%s", err.message);
		return 2;
	}
	cli.token = conn.token;
	if (strcmp(argv[optind], "report") == 0 ||
	    strcmp(argv[optind], "export") == 0) {
		rc = (argv[optind][0] == 'r' ? report_main : export_main)(
		    &cli, argc - optind, argv + optind);
		client_free(cli.client);
		return rc;
	}
	if ((cmd = cli_find(argc - optind, argv + optind, &used)) == NULL) {
		cli_fail("unknown command \"%s\" (qhall --help lists them)",
		         argv[optind]);
		return 2;
	}
	optind += used;
	/* Let the command parse its own options from a fresh start. */
	rc = cli_run(&cli, cmd, argc - optind + 1, argv + optind - 1);
	client_free(cli.client);
	return rc;
}
