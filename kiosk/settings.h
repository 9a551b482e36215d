/*
 * The kiosk's own settings: DATA/kiosk.conf ([kiosk] section, read with
 * inih), then command-line options over it. A separate file because
 * qhalld refuses sections it does not know in qhall.conf.
 */
#ifndef QHALL_KIOSK_SETTINGS_H
#define QHALL_KIOSK_SETTINGS_H

#include "client.h"
#include "print.h"
#include "qerr.h"

#define SETTINGS_TOP_MAX 6

struct settings {
	/* connection */
	struct client_addr addr;
	char device[64];
	char token[129];

	/* the screen */
	int windowed;
	int width, height; /* window pixels; 0: the design size */
	char lang[4];      /* zh or en: what a new citizen sees */
	int large_text;    /* large text by default */
	int voice;         /* 语音 on by default */
	int mute;          /* no audio device opened */
	int idle_s;        /* no touch this long: back home */
	int ticket_idle_s; /* ... from the ticket screen */
	int idle_ask_s;    /* "more time?" asked this long before */
	char top_items[SETTINGS_TOP_MAX][40]; /* items on the home screen */
	int ntop;
	char timezone[64];

	/* the ticket and the printer */
	char printer[256]; /* CUPS destination or ipp:// URI; "" default */
	int print;         /* 0: --no-print or printer = none */
	enum print_format format;
	int paper_dots; /* 576 for 80 mm paper at 203 dpi */
	int dpi;
	int print_timeout_s;
	int printer_check_s;  /* how often the printer's state is asked */
	int require_printer;  /* no ticket offered while none prints */
	char status_url[200]; /* the QR: URL/DAY/NUMBER?k=KEY; "": the hall's */
	char hall_status_url[200]; /* what qhalld's hello says, if anything */

	/* tests, automation, reviewers */
	char screenshot[1024]; /* PNG per screen: %s name, %d sequence */
	char state_json[1024]; /* what the screen shows, as JSON */
	char ticket_png[1024]; /* the rendered ticket: %s number */
	char input[1024];      /* FIFO of scripted input (ui-input.h) */
	char voice_wav[1024];  /* each utterance also as DIR/NNNN-NAME.wav */
	char issue_queue[8];   /* --issue: take and print, no screen */
	char issue_item[40];
	int issue_priority;
};

void settings_defaults(struct settings *);
int settings_load(struct settings *, const char *path, int must_exist,
                  struct qerr *);
int settings_apply_timezone(const struct settings *, struct qerr *);
/* The QR's base when neither kiosk.conf nor qhalld names one. */
#define SETTINGS_STATUS_URL "http://qhall.local/t"
void settings_status_url(const struct settings *, const char *day,
                         const char *number, const char *key, char *out,
                         size_t size);

#endif
