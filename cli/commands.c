/*
 * qhall's commands as data: a row of cli_commands[] names the command, the
 * op it sends, how its words become the op's params, and how the reply is
 * printed. main.c sends and prints; this file only reads arguments.
 */
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

/*
 * The citizen's ID number for a queue with a per-person limit: one line
 * of standard input, never a word of the command line (which other users
 * of the machine can read in ps and which shells keep in their history).
 */
static int take_id_number(json_t *p)
{
	char line[64];

	if (fgets(line, sizeof line, stdin) == NULL)
		return cli_fail("--id-number: give the ID number on standard "
		                "input");
	line[strcspn(line, "\r\n")] = '\0';
	json_object_set_new(p, "id_number", json_string(line));
	sodium_memzero(line, sizeof line);
	return 0;
}

static int take_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'p')
		json_object_set_new(p, "priority", json_true());
	else if (ch == 'i')
		json_object_set_new(p, "item", json_string(arg));
	else if (ch == 'n')
		return take_id_number(p);
	return 0;
}

/* take QUEUE [--priority] [--item ID] [--id-number] */
static int take_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"priority", no_argument, NULL, 'p'},
	    {"item", required_argument, NULL, 'i'},
	    {"id-number", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "pi:", o, p, take_opt) || optind != argc - 1)
		return CLI_USAGE;
	json_object_set_new(p, "queue", json_string(argv[optind]));
	return 0;
}

/* call, recall, skip, serve, finish, resume, logout: "N" and nothing else. */
static int window_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	return cli_window(argv[1], p) ? 2 : 0;
}

static int transfer_opt(int ch, const char *arg, json_t *p)
{
	(void)arg;
	if (ch == 'b')
		json_object_set_new(p, "back", json_true());
	return 0;
}

/* transfer WINDOW QUEUE [--back] */
static int transfer_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {{"back", no_argument, NULL, 'b'},
	                                  {"front", no_argument, NULL, 'f'},
	                                  {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "bf", o, p, transfer_opt) ||
	    optind != argc - 2 || cli_window(argv[optind], p))
		return CLI_USAGE;
	json_object_set_new(p, "queue", json_string(argv[optind + 1]));
	return 0;
}

static int pause_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'r')
		json_object_set_new(p, "reason", json_string(arg));
	return 0;
}

/* pause WINDOW [--reason TEXT] */
static int pause_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"reason", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "r:", o, p, pause_opt) || optind != argc - 1 ||
	    cli_window(argv[optind], p))
		return CLI_USAGE;
	return 0;
}

static int day_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'D')
		json_object_set_new(p, "day", json_string(arg));
	return 0;
}

/* ticket and rejoin: NUMBER [--day YYYY-MM-DD] */
static int number_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {{"day", required_argument, NULL, 'D'},
	                                  {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "D:", o, p, day_opt) || optind != argc - 1)
		return CLI_USAGE;
	json_object_set_new(p, "number", json_string(argv[optind]));
	return 0;
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

/* window set WINDOW --queues A,B */
static int window_set_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"queues", required_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "q:", o, p, window_set_opt) ||
	    optind != argc - 1 || !json_object_get(p, "queues") ||
	    cli_window(argv[optind], p))
		return CLI_USAGE;
	return 0;
}

/* status, watch, day-close, verify, catalog: no words of their own. */
static int no_params(int argc, char **argv, json_t *p)
{
	(void)argv;
	(void)p;
	return argc != 1 ? CLI_USAGE : 0;
}

/* notice TEXT */
static int notice_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "text", json_string(argv[1]));
	return 0;
}

/* backup NAME: the daemon writes DATA/backups/NAME */
static int backup_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "file", json_string(argv[1]));
	return 0;
}

static int device_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'r')
		json_object_set_new(p, "role", json_string(arg));
	else if (ch == 'w')
		return cli_window(arg, p);
	return 0;
}

/* device add NAME --role ROLE [--window N] */
static int device_add_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"window", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "r:w:", o, p, device_opt) ||
	    optind != argc - 1 || !json_object_get(p, "role"))
		return CLI_USAGE;
	json_object_set_new(p, "name", json_string(argv[optind]));
	return 0;
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

/* The PIN into the params, asked only once the words are right. */
static int cli_pin_param(json_t *p)
{
	char pin[64];

	if (cli_pin(pin, sizeof pin))
		return 1;
	json_object_set_new(p, "pin", json_string(pin));
	sodium_memzero(pin, sizeof pin);
	return 0;
}

static int staff_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'n')
		json_object_set_new(p, "name", json_string(arg));
	else if (ch == 'r')
		json_object_set_new(p, "role", json_string(arg));
	else if (ch == 's')
		json_object_set_new(p, "staff", json_string(arg));
	return 0;
}

/* staff add ID --name NAME, and the PIN */
static int staff_add_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"role", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "n:r:", o, p, staff_opt) ||
	    optind != argc - 1 || !json_object_get(p, "name"))
		return CLI_USAGE;
	json_object_set_new(p, "staff", json_string(argv[optind]));
	return cli_pin_param(p);
}

/* login WINDOW --staff ID, and the PIN */
static int login_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"staff", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "s:", o, p, staff_opt) || optind != argc - 1 ||
	    !json_object_get(p, "staff") || cli_window(argv[optind], p))
		return CLI_USAGE;
	return cli_pin_param(p);
}

/* device remove NAME, device rotate NAME */
static int device_name_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "name", json_string(argv[1]));
	return 0;
}

/* device cancel NAME [--day YYYY-MM-DD] */
static int device_cancel_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {{"day", required_argument, NULL, 'D'},
	                                  {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "D:", o, p, day_opt) || optind != argc - 1)
		return CLI_USAGE;
	json_object_set_new(p, "name", json_string(argv[optind]));
	return 0;
}

/* staff remove ID */
static int staff_id_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "staff", json_string(argv[1]));
	return 0;
}

/* staff pin ID, and the new PIN */
static int staff_pin_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "staff", json_string(argv[1]));
	return cli_pin_param(p);
}

static int unlock_opt(int ch, const char *arg, json_t *p)
{
	return ch == 'w' ? cli_window(arg, p) : 0;
}

/* staff unlock ID [--window N] */
static int staff_unlock_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"window", required_argument, NULL, 'w'}, {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "w:", o, p, unlock_opt) || optind != argc - 1)
		return CLI_USAGE;
	json_object_set_new(p, "staff", json_string(argv[optind]));
	return 0;
}

/* queue close A, queue open A */
static int queue_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "queue", json_string(argv[1]));
	return 0;
}

static int rate_opt(int ch, const char *arg, json_t *p)
{
	json_t *list;

	switch (ch) {
	case 'D':
		json_object_set_new(p, "day", json_string(arg));
		break;
	case 'r':
		if ((list = json_object_get(p, "reasons")) == NULL) {
			list = json_array();
			json_object_set_new(p, "reasons", list);
		}
		json_array_append_new(list, json_string(arg));
		break;
	case 'n':
		json_object_set_new(p, "note", json_string(arg));
		break;
	case 'c':
		json_object_set_new(p, "channel", json_string(arg));
		break;
	case 'w':
		return cli_window(arg, p);
	case 'P':
		json_object_set_new(p, "phone", json_string(arg));
		break;
	}
	return 0;
}

/* rate NUMBER LEVEL [--day DAY] [--reason R]... [--note TEXT] --channel C */
static int rate_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"day", required_argument, NULL, 'D'},
	    {"reason", required_argument, NULL, 'r'},
	    {"note", required_argument, NULL, 'n'},
	    {"channel", required_argument, NULL, 'c'},
	    {"window", required_argument, NULL, 'w'},
	    {"phone", required_argument, NULL, 'P'},
	    {NULL, 0, NULL, 0}};
	char *end;
	long level;

	if (cli_opts(argc, argv, "D:r:n:c:w:P:", o, p, rate_opt) ||
	    optind != argc - 2 || !json_object_get(p, "channel"))
		return CLI_USAGE;
	level = strtol(argv[optind + 1], &end, 10);
	if (*end || end == argv[optind + 1] || level < 1 || level > 5) {
		cli_fail("\"%s\" is not a level (1-5, 5 = 非常满意)",
		         argv[optind + 1]);
		return 2;
	}
	json_object_set_new(p, "number", json_string(argv[optind]));
	json_object_set_new(p, "level", json_integer(level));
	return 0;
}

static int ratings_opt(int ch, const char *arg, json_t *p)
{
	static const char *const keys[] = {"from", "to", "by"};

	if (ch >= 0 && ch < 3)
		json_object_set_new(p, keys[ch], json_string(arg));
	return 0;
}

/* ratings --from DAY --to DAY --by window|staff|queue|item|department */
static int ratings_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {{"from", required_argument, NULL, 0},
	                                  {"to", required_argument, NULL, 1},
	                                  {"by", required_argument, NULL, 2},
	                                  {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "", o, p, ratings_opt) || optind != argc ||
	    !json_object_get(p, "from") || !json_object_get(p, "to") ||
	    !json_object_get(p, "by"))
		return CLI_USAGE;
	return 0;
}

static int reviews_opt(int ch, const char *arg, json_t *p)
{
	if (ch == 'o')
		json_object_set_new(p, "open", json_true());
	else if (ch == 'd')
		json_object_set_new(p, "overdue", json_true());
	else if (ch == 'w')
		return cli_window(arg, p);
	return 0;
}

/* reviews [--open] [--overdue] [--window N] */
static int reviews_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"open", no_argument, NULL, 'o'},
	    {"overdue", no_argument, NULL, 'd'},
	    {"window", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "", o, p, reviews_opt) || optind != argc)
		return CLI_USAGE;
	return 0;
}

static int review_opt(int ch, const char *arg, json_t *p)
{
	static const char *const keys[] = {"result", "excluded", "reviewer",
	                                   "note"};

	if (ch == 'v') {
		if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
			return -1;
		json_object_set_new(p, "verified",
		                    json_boolean(strcmp(arg, "yes") == 0));
	} else if (ch >= 0 && ch < 4) {
		json_object_set_new(p, keys[ch], json_string(arg));
	}
	return 0;
}

/* review ID verify|fix|callback|appeal|close [--verified yes|no] ... */
static int review_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"result", required_argument, NULL, 0},
	    {"excluded", required_argument, NULL, 1},
	    {"reviewer", required_argument, NULL, 2},
	    {"note", required_argument, NULL, 3},
	    {"verified", required_argument, NULL, 'v'},
	    {NULL, 0, NULL, 0}};
	char *end;
	long long id;

	if (cli_opts(argc, argv, "", o, p, review_opt) || optind != argc - 2)
		return CLI_USAGE;
	id = strtoll(argv[optind], &end, 10);
	if (*end || end == argv[optind] || id < 1) {
		cli_fail("\"%s\" is not a review number", argv[optind]);
		return 2;
	}
	json_object_set_new(p, "review", json_integer(id));
	json_object_set_new(p, "step", json_string(argv[optind + 1]));
	return 0;
}

/* alert ack ID */
static int alert_ack_params(int argc, char **argv, json_t *p)
{
	char *end;
	long long id;

	if (argc != 2)
		return CLI_USAGE;
	id = strtoll(argv[1], &end, 10);
	if (*end || end == argv[1] || id < 1) {
		cli_fail("\"%s\" is not an alert number", argv[1]);
		return 2;
	}
	json_object_set_new(p, "alert", json_integer(id));
	return 0;
}

static int appt_opt(int ch, const char *arg, json_t *p)
{
	static const char *const keys[] = {
	    ['i'] = "item", ['D'] = "day", ['s'] = "slot", ['P'] = "phone"};

	if (ch >= 0 && (size_t)ch < sizeof keys / sizeof keys[0] && keys[ch])
		json_object_set_new(p, keys[ch], json_string(arg));
	return 0;
}

/* appointment add --item ID --day DAY --slot HH:MM [--phone P] */
static int appt_add_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {
	    {"item", required_argument, NULL, 'i'},
	    {"day", required_argument, NULL, 'D'},
	    {"slot", required_argument, NULL, 's'},
	    {"phone", required_argument, NULL, 'P'},
	    {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "", o, p, appt_opt) || optind != argc ||
	    !json_object_get(p, "item") || !json_object_get(p, "day") ||
	    !json_object_get(p, "slot"))
		return CLI_USAGE;
	return 0;
}

/* appointment list [--day DAY] */
static int appt_list_params(int argc, char **argv, json_t *p)
{
	static const struct option o[] = {{"day", required_argument, NULL, 'D'},
	                                  {NULL, 0, NULL, 0}};

	if (cli_opts(argc, argv, "", o, p, day_opt) || optind != argc)
		return CLI_USAGE;
	return 0;
}

/* appointment cancel|checkin CODE */
static int appt_code_params(int argc, char **argv, json_t *p)
{
	if (argc != 2)
		return CLI_USAGE;
	json_object_set_new(p, "code", json_string(argv[1]));
	return 0;
}

#define PIN_NOTE "   (PIN from $QHALL_PIN or the terminal)"

/* name, usage, op, params, print, flags */
const struct cli_command cli_commands[] = {
    {"take",
     "QUEUE [--priority] [--item ID] [--id-number]   (ID number on stdin)",
     "take", take_params, output_ticket_result, 0},
    {"call", "WINDOW", "call", window_params, output_window_result, 0},
    {"appointment add", "--item ID --day YYYY-MM-DD --slot HH:MM [--phone P]",
     "appointment_add", appt_add_params, output_appointment, 0},
    {"appointment list", "[--day YYYY-MM-DD]", "appointment_list",
     appt_list_params, output_appointments, 0},
    {"appointment cancel", "CODE", "appointment_cancel", appt_code_params,
     output_appointment, 0},
    {"appointment checkin", "CODE   (as the kiosk: a ticket)",
     "appointment_checkin", appt_code_params, output_ticket_result, 0},
    {"recall", "WINDOW", "recall", window_params, output_window_result, 0},
    {"skip", "WINDOW", "skip", window_params, output_window_result, 0},
    {"serve", "WINDOW", "serve", window_params, output_window_result, 0},
    {"finish", "WINDOW", "finish", window_params, output_window_result, 0},
    {"transfer", "WINDOW QUEUE [--back]", "transfer", transfer_params,
     output_window_result, 0},
    {"pause", "WINDOW [--reason TEXT]", "pause", pause_params, output_plain, 0},
    {"resume", "WINDOW", "resume", window_params, output_plain, 0},
    {"rejoin", "NUMBER [--day YYYY-MM-DD]", "rejoin", number_params,
     output_ticket_result, 0},
    {"ticket", "NUMBER [--day YYYY-MM-DD]", "ticket", number_params,
     output_ticket_result, 0},
    {"route", "NUMBER [--day YYYY-MM-DD]   (its route and progress)", "route",
     number_params, output_route, 0},
    {"cancel", "NUMBER [--day YYYY-MM-DD]", "ticket_cancel", number_params,
     output_ticket_result, 0},
    {"status", "", "status", no_params, output_status, 0},
    {"watch", "", "subscribe", no_params, output_event, CLI_EVENTS},
    {"window set", "WINDOW --queues A,B", "window_set", window_set_params,
     output_plain, 0},
    {"device add",
     "NAME --role kiosk|window|display|admin|rater|booking [--window N]",
     "device_add", device_add_params, output_device, 0},
    {"device remove", "NAME   (revoke: its token stops, it is cut off)",
     "device_remove", device_name_params, output_plain, 0},
    {"device rotate", "NAME   (a new token; the old one stops)",
     "device_rotate", device_name_params, output_device, 0},
    {"device cancel", "NAME [--day YYYY-MM-DD]   (cancel what it took)",
     "device_cancel", device_cancel_params, output_plain, 0},
    {"staff add", "ID --name NAME [--role window|supervisor|admin]" PIN_NOTE,
     "staff_add", staff_add_params, output_plain, 0},
    {"staff remove", "ID", "staff_remove", staff_id_params, output_plain, 0},
    {"staff pin", "ID" PIN_NOTE, "staff_pin", staff_pin_params, output_plain,
     0},
    {"staff unlock", "ID [--window N]", "staff_unlock", staff_unlock_params,
     output_plain, 0},
    {"login", "WINDOW --staff ID" PIN_NOTE, "login", login_params, output_plain,
     0},
    {"logout", "WINDOW", "logout", window_params, output_plain, 0},
    {"queue close", "QUEUE", "queue_close", queue_params, output_plain, 0},
    {"queue open", "QUEUE", "queue_open", queue_params, output_plain, 0},
    {"notice", "TEXT", "notice", notice_params, output_plain, 0},
    {"day-close", "", "day_close", no_params, output_plain, 0},
    {"verify", "", "verify", no_params, output_verify, CLI_OK_FIELD},
    {"catalog", "", "catalog", no_params, output_plain, 0},
    {"backup", "NAME   (the server writes DATA/backups/NAME)", "backup",
     backup_params, output_backup, 0},
    {"rate",
     "NUMBER LEVEL [--day YYYY-MM-DD] [--window N] [--reason R]... "
     "[--note TEXT] [--phone N] --channel paper",
     "rate", rate_params, output_rating, 0},
    {"ratings",
     "--from YYYY-MM-DD --to YYYY-MM-DD --by "
     "window|staff|queue|item|department",
     "ratings", ratings_params, output_ratings, 0},
    {"reviews", "[--open] [--overdue] [--window N]", "reviews", reviews_params,
     output_reviews, 0},
    {"review",
     "ID verify|fix|callback|appeal|close [--verified yes|no] "
     "[--result 满意|基本满意|不满意] [--excluded 误评|恶意差评] "
     "[--reviewer NAME] [--note TEXT]",
     "review", review_params, output_review, 0},
    {"alerts", "", "alerts", no_params, output_alerts, 0},
    {"alert ack", "ID", "alert_ack", alert_ack_params, output_alert, 0},
    {NULL, NULL, NULL, NULL, NULL, 0},
};
