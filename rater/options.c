/* The rater's command line: the connection options of qhall, and its own. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connopt.h"
#include "rater.h"

#define OPTIONS_COPY(field) snprintf(o->field, sizeof o->field, "%s", optarg)

static const char options_help[] =
    "usage: qhall-rater --window N [options]\n"
    "\n"
    "The evaluator (评价器) facing the citizen at window N: after each\n"
    "finish it asks for a rating (非常满意 to 非常不满意), a 差评 with its\n"
    "reasons; unanswered, the service stays unrated. F9 or L switches\n"
    "Chinese and English, F8 large text; Ctrl+Q quits.\n"
    "\n"
    "  --window N          the window this evaluator stands at (required)\n"
    "  --data DIR          qhalld's folder ($QHALL_DATA, else ./data)\n"
    "  --socket PATH       qhalld's Unix socket\n"
    "  --connect HOST:PORT qhalld over TCP, with --token T\n"
    "  --token T           this device's token (qhall device add NAME\n"
    "                      --role rater --window N)\n"
    "  --token-file FILE   ... read from FILE (or $QHALL_TOKEN)\n"
    "  --timeout S         ask for S seconds (default: the hall's\n"
    "                      evaluator_s, 60)\n"
    "  --windowed          a window, not the full screen\n"
    "  --size WxH          window size in pixels (1280x800, 800x480)\n"
    "  --lang zh|en        the language to start in (default zh)\n"
    "  --large             large text\n"
    "  --input FILE        scripted input from a FIFO or a file, one\n"
    "                      line each: tap X Y (design units), key NAME,\n"
    "                      quit\n"
    "  --screenshot FILE   a PNG after each change; in FILE, %s is the\n"
    "                      screen's name, %d a sequence number\n"
    "  --state-json FILE   what the screen shows, as JSON, after each\n"
    "                      change\n";

static int options_int(const char *arg, int min, int max, const char *name,
                       int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "qhall-rater: %s is %d to %d\n", name, min,
		        max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int options_parse(struct rater_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CONNOPT_LONGOPTS,
	    {"window", required_argument, NULL, 'w'},
	    {"timeout", required_argument, NULL, 'T'},
	    {"windowed", no_argument, NULL, 'W'},
	    {"size", required_argument, NULL, 'z'},
	    {"lang", required_argument, NULL, 'l'},
	    {"large", no_argument, NULL, 'L'},
	    {"input", required_argument, NULL, 'i'},
	    {"screenshot", required_argument, NULL, 'p'},
	    {"state-json", required_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct connopt conn;
	struct qerr err = {0};
	int ch, bad = 0;

	memset(o, 0, sizeof *o);
	connopt_init(&conn);
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (connopt_option(&conn, ch, optarg))
			continue;
		switch (ch) {
		case 'w':
			bad |=
			    options_int(optarg, 1, 999, "--window", &o->window);
			break;
		case 'T':
			bad |= options_int(optarg, 5, 3600, "--timeout",
			                   &o->timeout_s);
			break;
		case 'W':
			o->windowed = 1;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) !=
			        2 ||
			    o->width < 320 || o->height < 200) {
				fprintf(stderr, "qhall-rater: --size is WxH\n");
				bad = 1;
			}
			break;
		case 'l':
			if (strcmp(optarg, "zh") != 0 &&
			    strcmp(optarg, "en") != 0) {
				fprintf(stderr,
				        "qhall-rater: --lang is zh or en\n");
				bad = 1;
			}
			o->lang_en = strcmp(optarg, "en") == 0;
			break;
		case 'L':
			o->large = 1;
			break;
		case 'i':
			OPTIONS_COPY(input);
			break;
		case 'p':
			OPTIONS_COPY(screenshot);
			break;
		case 'j':
			OPTIONS_COPY(state_json);
			break;
		case 'h':
			fputs(options_help, stdout);
			return 1;
		default:
			fputs(options_help, stderr);
			return 2;
		}
	}
	if (bad || optind != argc)
		return 2;
	if (o->window <= 0) {
		fprintf(stderr, "qhall-rater: --window N is required\n");
		return 2;
	}
	if (connopt_addr(&conn, &o->addr, &err)) {
		fprintf(stderr, "qhall-rater: %s\n", err.message);
		return 2;
	}
	if (conn.token)
		snprintf(o->token, sizeof o->token, "%s", conn.token);
	return 0;
}
