/*
 * DATA/kiosk.conf, all keys optional:
 *
 *   [kiosk]
 *   device = kiosk-1            ; the name the daemon logs
 *   token = ...                 ; from "qhall device add", for TCP
 *   lang = zh                   ; zh or en, for each new citizen
 *   large_text = no
 *   voice = no                  ; yes: 语音 on for each new citizen
 *   mute = no                   ; yes: never a sound (no audio device)
 *   idle_timeout = 60           ; seconds of no touch: back home
 *   ticket_timeout = 120        ; ... from the ticket screen (never while
 *                               ; printing, nor after a failed print)
 *   idle_ask = 15               ; ask 还需要更多时间吗？ this long before
 *   top_items = A01,F01,D01,J01 ; on the home screen, two taps away
 *   timezone = Asia/Shanghai    ; the clock on screen and on paper
 *   printer =                   ; CUPS queue, ipp://... URI, or none
 *   format = auto               ; auto, pwg, png, escpos
 *   paper_dots = 576            ; 80 mm paper at 203 dpi
 *   dpi = 203
 *   print_timeout = 30          ; seconds before a job counts as failed
 *   printer_check = 10          ; seconds between printer state checks
 *   require_printer = no        ; yes: no tickets while none can print
 *   status_url = https://hall.example/t ; the QR's base; default: what
 *                 ; qhalld's hello says, else http://qhall.local/t
 */
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "proto.h"

void settings_defaults(struct settings *s)
{
	char host[40] = "";

	memset(s, 0, sizeof *s);
	gethostname(host, sizeof host - 1);
	snprintf(s->device, sizeof s->device, "kiosk-%s", host[0] ? host : "1");
	snprintf(s->lang, sizeof s->lang, "zh");
	s->idle_s = 60;
	s->ticket_idle_s = 120;
	s->idle_ask_s = 15;
	snprintf(s->timezone, sizeof s->timezone, "Asia/Shanghai");
	s->print = 1;
	s->format = PRINT_AUTO;
	s->paper_dots = 576;
	s->dpi = 203;
	s->print_timeout_s = 30;
	s->printer_check_s = 10;
	/* Empty: the base qhalld's hello gives (its [http] public_url). */
	s->status_url[0] = '\0';
}

/* lang: zh or en, what a new citizen sees first. */
static int settings_lang(void *into, const char *value, struct qerr *err)
{
	struct settings *s = into;

	if (strcmp(value, "zh") && strcmp(value, "en"))
		return qerr_set(err, PROTO_E_CONFIG,
		                "lang must be zh or en, not \"%s\"", value);
	return config_parse_str("lang", value, s->lang, sizeof s->lang, err);
}

/* top_items: up to SETTINGS_TOP_MAX item ids, split by commas or spaces. */
static int settings_top(void *into, const char *value, struct qerr *err)
{
	struct settings *s = into;
	char buf[512], *save = NULL;

	if (config_parse_str("top_items", value, buf, sizeof buf, err))
		return -1;
	s->ntop = 0;
	for (char *id = strtok_r(buf, ", ", &save); id;
	     id = strtok_r(NULL, ", ", &save)) {
		if (s->ntop == SETTINGS_TOP_MAX)
			return qerr_set(err, PROTO_E_CONFIG,
			                "top_items lists at most %d items",
			                SETTINGS_TOP_MAX);
		if (config_parse_str("top_items", id, s->top_items[s->ntop],
		                     sizeof s->top_items[0], err))
			return -1;
		s->ntop++;
	}
	return 0;
}

/* The printer: a name, a URI, or "none" (render only, never print). */
static int settings_printer(void *into, const char *value, struct qerr *err)
{
	struct settings *s = into;

	if (strcmp(value, "none") == 0) {
		s->print = 0;
		s->printer[0] = '\0';
		return 0;
	}
	s->print = 1;
	return config_parse_str("printer", value, s->printer, sizeof s->printer,
	                        err);
}

static int settings_format(void *into, const char *value, struct qerr *err)
{
	struct settings *s = into;

	if (print_format_parse(value, &s->format))
		return qerr_set(err, PROTO_E_CONFIG,
		                "format must be auto, pwg, png or escpos, not "
		                "\"%s\"",
		                value);
	return 0;
}

#define KEY_STR(name, field)                                                   \
	CONFIG_KEY_STR(struct settings, "kiosk", name, field)
#define KEY_INT(name, field, min, max)                                         \
	CONFIG_KEY_INT(struct settings, "kiosk", name, field, min, max)
#define KEY_BOOL(name, field)                                                  \
	CONFIG_KEY_BOOL(struct settings, "kiosk", name, field)

/* Every key of kiosk.conf. */
static const struct config_key settings_keys[] = {
    KEY_STR("device", device),
    KEY_STR("token", token),
    CONFIG_KEY_FUNC("kiosk", "lang", settings_lang),
    KEY_BOOL("large_text", large_text),
    KEY_BOOL("voice", voice),
    KEY_BOOL("mute", mute),
    KEY_INT("idle_timeout", idle_s, 5, 3600),
    KEY_INT("ticket_timeout", ticket_idle_s, 5, 3600),
    KEY_INT("idle_ask", idle_ask_s, 1, 600),
    CONFIG_KEY_FUNC("kiosk", "top_items", settings_top),
    KEY_STR("timezone", timezone),
    CONFIG_KEY_FUNC("kiosk", "printer", settings_printer),
    CONFIG_KEY_FUNC("kiosk", "format", settings_format),
    KEY_INT("paper_dots", paper_dots, 200, 2400),
    KEY_INT("dpi", dpi, 100, 1200),
    KEY_INT("print_timeout", print_timeout_s, 1, 600),
    KEY_INT("printer_check", printer_check_s, 1, 3600),
    KEY_BOOL("require_printer", require_printer),
    KEY_STR("status_url", status_url),
    CONFIG_KEY_END,
};

/* Read path over what s holds; a missing file is fine unless must_exist. */
int settings_load(struct settings *s, const char *path, int must_exist,
                  struct qerr *err)
{
	if (!must_exist && access(path, F_OK) != 0)
		return 0;
	return config_parse_keys(path, settings_keys, s, err);
}

/* The hall's clock: the zone the daemon counts business days in. */
int settings_apply_timezone(const struct settings *s, struct qerr *err)
{
	struct config c;

	config_defaults(&c);
	snprintf(c.timezone, sizeof c.timezone, "%s", s->timezone);
	if (config_apply_timezone(&c))
		return qerr_set(err, PROTO_E_CONFIG, "unknown timezone \"%s\"",
		                s->timezone);
	return 0;
}

/*
 * The ticket's status address: BASE/DAY/NUMBER?k=KEY. The key is the
 * ticket's own secret, so nobody can read another citizen's ticket by
 * counting numbers.
 */
void settings_status_url(const struct settings *s, const char *day,
                         const char *number, const char *key, char *out,
                         size_t size)
{
	const char *base = s->status_url[0]        ? s->status_url
	                   : s->hall_status_url[0] ? s->hall_status_url
	                                           : SETTINGS_STATUS_URL;
	size_t n = strlen(base);
	const char *sep = n > 0 && base[n - 1] == '/' ? "" : "/";

	snprintf(out, size, "%s%s%s/%s?k=%s", base, sep, day ? day : "",
	         number ? number : "", key ? key : "");
}
