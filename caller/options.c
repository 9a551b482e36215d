/* The caller's command line: the connection options of qhall, and its own. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caller.h"
#include "connopt.h"

/* An option's text into a field of o, cut to its size. */
#define OPTIONS_COPY(field) snprintf(o->field, sizeof o->field, "%s", optarg)

static const char options_help[] =
    "usage: qhall-caller --window N [options]\n"
    "\n"
    "The program at a window's counter: staff log in, then call the\n"
    "next citizen (F1), recall (F2), no-show (F3), finish (F4),\n"
    "transfer (F5), pause or resume (F6), citizen here (F7 or Enter).\n"
    "F9 switches Chinese and English, F10 logs out, F11 acknowledges\n"
    "the alert on show, Ctrl+Q quits.\n"
    "\n"
    "  --window N          the window this counter is (required)\n"
    "  --staff ID          log in as ID with the PIN in $QHALL_PIN\n"
    "  --data DIR          qhalld's folder ($QHALL_DATA, else ./data)\n"
    "  --socket PATH       qhalld's Unix socket\n"
    "  --connect HOST:PORT qhalld over TCP, with --token T\n"
    "  --token T           this device's token (qhall device add)\n"
    "  --token-file FILE   ... read from FILE (or $QHALL_TOKEN): a\n"
    "                      command line is readable by other users\n"
    "  --guide             a guide's caller (导办): show the kiosks'\n"
    "                      calls for staff (呼叫工作人员) too\n"
    "  --lang zh|en        the language to start in (default zh)\n"
    "  --fullscreen        fill the screen\n"
    "  --size WxH          window size in pixels (default 800x480)\n"
    "  --screenshot FILE   a PNG after each change; in FILE, %s is the\n"
    "                      screen's name, %d a sequence number 0001...\n"
    "  --state-json FILE   what the screen shows, as JSON, after each\n"
    "                      change (for tests and debugging)\n"
    "  --input FILE        scripted input from a FIFO or a file, one\n"
    "                      per line: \"key F1\", \"text 1234\", \"tap X Y\"\n"
    "                      (800x480 design units), \"quit\"\n";

/* Say how the caller is started. */
static void options_usage(FILE *f)
{
	fputs(options_help, f);
}

/* Fill o from argv; 0 to run, 1 to exit with success, 2 on bad usage. */
int options_parse(struct caller_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"window", required_argument, NULL, 'w'},
	    {"staff", required_argument, NULL, 'S'},
	    CONNOPT_LONGOPTS,
	    {"lang", required_argument, NULL, 'l'},
	    {"fullscreen", no_argument, NULL, 'f'},
	    {"size", required_argument, NULL, 'z'},
	    {"screenshot", required_argument, NULL, 'p'},
	    {"state-json", required_argument, NULL, 'j'},
	    {"input", required_argument, NULL, 'i'},
	    {"guide", no_argument, NULL, 'g'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct connopt conn;
	struct qerr err = {0};
	int ch;

	memset(o, 0, sizeof *o);
	connopt_init(&conn);
	while ((ch = getopt_long(argc, argv, "w:h", longopts, NULL)) != -1) {
		if (connopt_option(&conn, ch, optarg))
			continue;
		switch (ch) {
		case 'w':
			o->window = atoi(optarg);
			break;
		case 'S':
			OPTIONS_COPY(staff);
			break;
		case 'l':
			if (strcmp(optarg, "en") && strcmp(optarg, "zh")) {
				fprintf(stderr, "qhall-caller: --lang zh|en\n");
				return 2;
			}
			o->lang_en = strcmp(optarg, "en") == 0;
			break;
		case 'f':
			o->fullscreen = 1;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) !=
			        2 ||
			    o->width < 200 || o->height < 120) {
				fprintf(stderr, "qhall-caller: --size WxH\n");
				return 2;
			}
			break;
		case 'p':
			OPTIONS_COPY(screenshot);
			break;
		case 'j':
			OPTIONS_COPY(state_json);
			break;
		case 'i':
			OPTIONS_COPY(input);
			break;
		case 'g':
			o->guide = 1;
			break;
		case 'h':
			options_usage(stdout);
			return 1;
		default:
			options_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || o->window < 1 || o->window > 999) {
		fprintf(stderr,
		        "qhall-caller: --window N (1-999) is required\n");
		options_usage(stderr);
		return 2;
	}
	if (o->staff[0]) {
		const char *pin = getenv("QHALL_PIN");
		if (pin == NULL || pin[0] == '\0') {
			fprintf(stderr,
			        "qhall-caller: --staff needs the PIN in "
			        "$QHALL_PIN\n");
			return 2;
		}
		snprintf(o->pin, sizeof o->pin, "%s", pin);
	}
	if (connopt_addr(&conn, &o->addr, &err)) {
		fprintf(stderr, "qhall-caller: %s\n", err.message);
		return 2;
	}
	if (conn.token)
		snprintf(o->token, sizeof o->token, "%s", conn.token);
	return 0;
}
