/*
 * qhall-kiosk: the touchscreen where citizens take a number, and the
 * ticket it prints through CUPS.
 *
 * How it fits together (start here, then kiosk.h):
 *   main.c          options, then either the screen or --issue
 *   settings.c      DATA/kiosk.conf and the defaults
 *   kiosk.c         the hooks into the shared loop (common/ui/ui-app.h):
 *                   daemon and printer events, the idle return, the
 *                   offline screen, the --state-json of what is shown
 *   hall.c          the daemon's catalog and status, read into typed
 *                   views (catalog.h, hall-view.h), via ui_link's thread;
 *                   print failures told to the daemon
 *   citizen.c       a ticket from the tap to the paper
 *   requests.c      takes by request id; replies matched by their tag
 *   chrome.c        header, buttons, footer shared by the screens
 *   screen-*.c      home, priority, queue, item, ticket, notice, offline
 *   paper.c         ticket-render.c, qr.c: the ticket as a bitmap
 *   words.c         the paper's strings: the screen's, or with no window
 *                   (--issue) the strings files read here
 *   print*.c        libcups: PWG raster, PNG, ESC/POS (escpos.c); the
 *                   print thread, so a slow printer never freezes the screen
 *   issue.c         --issue: one ticket taken and printed, no screen
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connopt.h"
#include "kiosk.h"
#include "log.h"
#include "proto.h"

static void main_usage(FILE *f)
{
	static const char *const lines[] = {
	    "usage: qhall-kiosk [--data DIR | --socket PATH |",
	    "                    --connect HOST:PORT --token T]",
	    "                   [--config FILE] [options]",
	    "       qhall-kiosk --issue QUEUE [--item ID] [--priority]",
	    "                   [--printer DEST]",
	    "",
	    "The touchscreen where citizens take a number (a 1080x1920",
	    "portrait design, fullscreen unless --windowed); with --issue,",
	    "one ticket taken and printed with no screen (the hall's test",
	    "print), reported as one JSON line.",
	    "",
	    "Connection, as for qhall: --data DIR (default $QHALL_DATA, else",
	    "./data), --socket PATH, or --connect HOST:PORT with --token T,",
	    "or the token from --token-file FILE or $QHALL_TOKEN (a command",
	    "line is readable by other users).",
	    "Settings come from DIR/kiosk.conf (a [kiosk] section) or",
	    "--config FILE; these options override them:",
	    "  --device NAME      the kiosk's name in the daemon's log",
	    "  --windowed         a window instead of fullscreen",
	    "  --size WxH         window size in pixels (default 1080x1920)",
	    "  --lang zh|en       language for each new citizen (default zh)",
	    "  --large            large text for each new citizen",
	    "  --voice            语音 on for each new citizen (off unless",
	    "                     asked: the citizen turns it on)",
	    "  --mute             no sound at all (--voice-wav still written)",
	    "  --voice-wav DIR    also write each utterance, in order, to",
	    "                     DIR/NNNN-WHAT.wav",
	    "  --printer DEST     CUPS destination, an ipp:// printer URI, or",
	    "                     none; default: the system's default",
	    "  --format F         auto, pwg, png or escpos; auto: PWG raster",
	    "                     for driverless queues, ESC/POS for raw",
	    "                     queues, PNG for queues with a driver",
	    "  --no-print         draw tickets but print nothing",
	    "  --ticket-png FILE  also write each ticket as a PNG (%s in FILE:",
	    "                     the ticket's number)",
	    "  --screenshot FILE  a PNG of the screen after each change: %s in",
	    "                     FILE becomes the screen's name (home,",
	    "                     priority, queue, item, ticket, notice,",
	    "                     offline), %d a sequence number; else FILE",
	    "                     is overwritten",
	    "  --state-json FILE  what the screen shows, as JSON, rewritten",
	    "                     with each screenshot",
	    "  --input FIFO       test and automation hook: lines \"tap X Y\"",
	    "                     (design units of the 1080x1920 layout),",
	    "                     \"key NAME\", \"text STRING\" and \"quit\"",
	    "                     read from FIFO arrive as touches and keys",
	    "  --issue QUEUE      take a number in QUEUE and print it",
	    "  --item ID          ... for this item",
	    "  --priority         ... as a priority (绿色通道) ticket",
	    "  -v, --verbose      log debug lines",
	    "",
	    "kiosk.conf keys: device token lang large_text voice mute",
	    "  idle_timeout ticket_timeout idle_ask top_items timezone",
	    "  printer format",
	    "  paper_dots dpi print_timeout printer_check require_printer",
	    "  status_url (kiosk/settings.c).",
	};

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		fputs(lines[i], f);
		fputc('\n', f);
	}
}

/* What the command line said, applied over the settings file. */
struct main_opts {
	struct connopt conn;
	const char *config, *device;
	const char *size, *lang, *printer, *format, *screenshot, *ticket_png;
	const char *state_json;
	const char *input, *issue, *item, *voice_wav;
	int windowed, large, voice, mute, no_print, priority, verbose;
};

static int main_parse(int argc, char **argv, struct main_opts *o)
{
	static const struct option longopts[] = {
	    CONNOPT_LONGOPTS,
	    {"config", required_argument, NULL, 'C'},
	    {"device", required_argument, NULL, 'D'},
	    {"windowed", no_argument, NULL, 'w'},
	    {"size", required_argument, NULL, 'S'},
	    {"lang", required_argument, NULL, 'l'},
	    {"large", no_argument, NULL, 'L'},
	    {"voice", no_argument, NULL, 'V'},
	    {"mute", no_argument, NULL, 'M'},
	    {"voice-wav", required_argument, NULL, 'W'},
	    {"printer", required_argument, NULL, 'p'},
	    {"format", required_argument, NULL, 'f'},
	    {"no-print", no_argument, NULL, 'n'},
	    {"screenshot", required_argument, NULL, 'o'},
	    {"ticket-png", required_argument, NULL, 'T'},
	    {"state-json", required_argument, NULL, 'J'},
	    {"input", required_argument, NULL, 'i'},
	    {"issue", required_argument, NULL, 'I'},
	    {"item", required_argument, NULL, 'm'},
	    {"priority", no_argument, NULL, 'P'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	connopt_init(&o->conn);
	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		if (connopt_option(&o->conn, ch, optarg))
			continue;
		switch (ch) {
		case 'C':
			o->config = optarg;
			break;
		case 'D':
			o->device = optarg;
			break;
		case 'w':
			o->windowed = 1;
			break;
		case 'S':
			o->size = optarg;
			break;
		case 'l':
			o->lang = optarg;
			break;
		case 'L':
			o->large = 1;
			break;
		case 'V':
			o->voice = 1;
			break;
		case 'M':
			o->mute = 1;
			break;
		case 'W':
			o->voice_wav = optarg;
			break;
		case 'p':
			o->printer = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'n':
			o->no_print = 1;
			break;
		case 'o':
			o->screenshot = optarg;
			break;
		case 'T':
			o->ticket_png = optarg;
			break;
		case 'J':
			o->state_json = optarg;
			break;
		case 'i':
			o->input = optarg;
			break;
		case 'I':
			o->issue = optarg;
			break;
		case 'm':
			o->item = optarg;
			break;
		case 'P':
			o->priority = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			main_usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static void main_copy(char *dst, size_t size, const char *src)
{
	if (src)
		snprintf(dst, size, "%s", src);
}

/* The command line over the file; 2 for bad usage. */
static int main_apply(struct settings *s, const struct main_opts *o,
                      struct qerr *err)
{
	char conf[1100];

	snprintf(conf, sizeof conf, "%s/kiosk.conf", o->conn.data);
	if (settings_load(s, o->config ? o->config : conf, o->config != NULL,
	                  err))
		return -1;
	main_copy(s->device, sizeof s->device, o->device);
	main_copy(s->token, sizeof s->token, o->conn.token);
	main_copy(s->lang, sizeof s->lang, o->lang);
	main_copy(s->screenshot, sizeof s->screenshot, o->screenshot);
	main_copy(s->ticket_png, sizeof s->ticket_png, o->ticket_png);
	main_copy(s->state_json, sizeof s->state_json, o->state_json);
	main_copy(s->input, sizeof s->input, o->input);
	main_copy(s->voice_wav, sizeof s->voice_wav, o->voice_wav);
	main_copy(s->issue_queue, sizeof s->issue_queue, o->issue);
	main_copy(s->issue_item, sizeof s->issue_item, o->item);
	s->windowed |= o->windowed;
	s->large_text |= o->large;
	s->voice |= o->voice;
	s->mute |= o->mute;
	s->issue_priority = o->priority;
	if (o->printer) {
		s->print = strcmp(o->printer, "none") != 0;
		main_copy(s->printer, sizeof s->printer,
		          s->print ? o->printer : "");
	}
	if (o->no_print)
		s->print = 0;
	if (o->format && print_format_parse(o->format, &s->format))
		return qerr_set(err, PROTO_E_CONFIG,
		                "--format takes auto, pwg, png or escpos");
	if (strcmp(s->lang, "zh") && strcmp(s->lang, "en"))
		return qerr_set(err, PROTO_E_CONFIG, "--lang takes zh or en");
	if (o->size && (sscanf(o->size, "%dx%d", &s->width, &s->height) != 2 ||
	                s->width < 100 || s->height < 100))
		return qerr_set(err, PROTO_E_CONFIG,
		                "--size wants WxH, e.g. "
		                "540x960");
	if (connopt_addr(&o->conn, &s->addr, err))
		return -1;
	return settings_apply_timezone(s, err);
}

static int main_screen(struct settings *set)
{
	struct qerr err = {0};
	struct kiosk *k = kiosk_open(set, &err);
	int rc;

	if (k == NULL) {
		fprintf(stderr, "qhall-kiosk: %s\n", err.message);
		return 1;
	}
	rc = kiosk_run(k);
	kiosk_close(k);
	return rc;
}

int main(int argc, char **argv)
{
	struct main_opts o = {0};
	struct settings set;
	struct qerr err = {0};

	if (main_parse(argc, argv, &o)) {
		main_usage(stderr);
		return 2;
	}
	if (o.verbose)
		log_set_level(LOG_DEBUG);
	settings_defaults(&set);
	if (main_apply(&set, &o, &err)) {
		fprintf(stderr, "qhall-kiosk: %s\n", err.message);
		return 2;
	}
	if (set.issue_queue[0])
		return issue_run(&set);
	return main_screen(&set);
}
