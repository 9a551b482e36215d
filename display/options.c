/* The display's command line: the connection options of qhall, and its own. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connopt.h"
#include "display.h"

/* An option's text into a field of o, cut to its size. */
#define OPTIONS_COPY(field) snprintf(o->field, sizeof o->field, "%s", optarg)

static const char options_help[] =
    "usage: qhall-display [options]\n"
    "\n"
    "The lobby screen: each call shown large (\"A007 → 3号窗口\"),\n"
    "blinking, and spoken in Mandarin; the recent calls; waiting per\n"
    "queue; the notice set by `qhall notice`. With --window N, the\n"
    "small screen above counter N. F9 or L switches Chinese and\n"
    "English; Ctrl+Q quits.\n"
    "\n"
    "  --data DIR          qhalld's folder ($QHALL_DATA, else ./data)\n"
    "  --socket PATH       qhalld's Unix socket\n"
    "  --connect HOST:PORT qhalld over TCP, with --token T\n"
    "  --token T           this device's token (qhall device add)\n"
    "  --token-file FILE   ... read from FILE (or $QHALL_TOKEN): a\n"
    "                      command line is readable by other users\n"
    "  --window N          the screen above counter N (silent unless\n"
    "                      --speak)\n"
    "  --windowed          a window, not the full screen\n"
    "  --size WxH          window size in pixels\n"
    "  --lang zh|en        the language to start in (default zh)\n"
    "  --repeat N          say each call N times (1-5, default 1)\n"
    "  --english           then say it once in English\n"
    "  --voice-rate WPM    speaking rate, 80-450 (default espeak's)\n"
    "  --mute              no sound (--voice-wav files still written)\n"
    "  --speak             a --window screen speaks its calls too\n"
    "  --voice-wav DIR     also write each announcement, in order, to\n"
    "                      DIR/NNNN-NUMBER-wWINDOW.wav\n"
    "  --input FILE        scripted input from a FIFO or a file, one\n"
    "                      line each: tap X Y (design units), key NAME,\n"
    "                      text STRING, quit\n"
    "  --screenshot FILE   a PNG after each change; in FILE, %s is the\n"
    "                      screen's name, %d a sequence number 0001...\n"
    "  --state-json FILE   what the screen shows, as JSON, after each\n"
    "                      change (for tests and debugging)\n";

/* Say how the display is started. */
static void options_usage(FILE *f)
{
	fputs(options_help, f);
}

/* An integer option in [min, max]; -1 (and why) if not. */
static int options_int(const char *arg, int min, int max, const char *name,
                       int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "qhall-display: %s is %d to %d\n", name, min,
		        max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Fill o from argv; 0 to run, 1 to exit with success, 2 on bad usage. */
int options_parse(struct display_options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CONNOPT_LONGOPTS,
	    {"window", required_argument, NULL, 'w'},
	    {"windowed", no_argument, NULL, 'W'},
	    {"size", required_argument, NULL, 'z'},
	    {"lang", required_argument, NULL, 'l'},
	    {"repeat", required_argument, NULL, 'r'},
	    {"english", no_argument, NULL, 'e'},
	    {"voice-rate", required_argument, NULL, 'R'},
	    {"mute", no_argument, NULL, 'm'},
	    {"speak", no_argument, NULL, 'k'},
	    {"voice-wav", required_argument, NULL, 'v'},
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
	o->repeat = 1;
	connopt_init(&conn);
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (connopt_option(&conn, ch, optarg))
			continue;
		switch (ch) {
		case 'w':
			bad |=
			    options_int(optarg, 1, 999, "--window", &o->window);
			break;
		case 'W':
			o->windowed = 1;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) !=
			        2 ||
			    o->width < 200 || o->height < 120) {
				fprintf(stderr, "qhall-display: --size WxH\n");
				bad = 1;
			}
			break;
		case 'l':
			if (strcmp(optarg, "en") && strcmp(optarg, "zh")) {
				fprintf(stderr,
				        "qhall-display: --lang zh|en\n");
				bad = 1;
			}
			o->lang_en = strcmp(optarg, "en") == 0;
			break;
		case 'r':
			bad |=
			    options_int(optarg, 1, 5, "--repeat", &o->repeat);
			break;
		case 'e':
			o->english = 1;
			break;
		case 'R':
			bad |= options_int(optarg, 80, 450, "--voice-rate",
			                   &o->rate);
			break;
		case 'm':
			o->mute = 1;
			break;
		case 'k':
			o->speak = 1;
			break;
		case 'v':
			OPTIONS_COPY(voice_wav);
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
			options_usage(stdout);
			return 1;
		default:
			options_usage(stderr);
			return 2;
		}
	}
	if (bad || optind != argc) {
		options_usage(stderr);
		return 2;
	}
	if (connopt_addr(&conn, &o->addr, &err)) {
		fprintf(stderr, "qhall-display: %s\n", err.message);
		return 2;
	}
	if (conn.token)
		snprintf(o->token, sizeof o->token, "%s", conn.token);
	return 0;
}
