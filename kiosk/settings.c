/*
 * DATA/kiosk.conf, all keys optional:
 *
 *   [kiosk]
 *   device = kiosk-1            ; the name the daemon logs
 *   token = ...                 ; from "qhall device add", for TCP
 *   lang = zh                   ; zh or en, for each new citizen
 *   large_text = no
 *   idle_timeout = 20           ; seconds of no touch: back home
 *   top_items = A01,F01,D01,J01 ; on the home screen, two taps away
 *   timezone = Asia/Shanghai    ; the clock on screen and on paper
 *   printer =                   ; CUPS queue, ipp://... URI, or none
 *   format = auto               ; auto, pwg, png, escpos
 *   paper_dots = 576            ; 80 mm paper at 203 dpi
 *   dpi = 203
 *   print_timeout = 30          ; seconds before a job counts as failed
 *   printer_check = 10          ; seconds between printer state checks
 *   require_printer = no        ; yes: no tickets while none can print
 *   status_url = http://qhall.local/t
 */
#include "settings.h"

#include <errno.h>
#include <ini.h>
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
	s->idle_s = 20;
	snprintf(s->timezone, sizeof s->timezone, "Asia/Shanghai");
	s->print = 1;
	s->format = PRINT_AUTO;
	s->paper_dots = 576;
	s->dpi = 203;
	s->print_timeout_s = 30;
	s->printer_check_s = 10;
	snprintf(s->status_url, sizeof s->status_url, "http://qhall.local/t");
}

struct settings_parse {
	struct settings *s;
	struct qerr *err;
	int failed;
};

static int settings_int(struct settings_parse *p, const char *name,
                        const char *value, int lo, int hi, int *out)
{
	return config_parse_int(name, value, lo, hi, out, p->err);
}

static int settings_bool(struct settings_parse *p, const char *name,
                         const char *value, int *out)
{
	return config_parse_bool(name, value, out, p->err);
}

static int settings_str(struct settings_parse *p, const char *name,
                        const char *value, char *out, size_t size)
{
	return config_parse_str(name, value, out, size, p->err);
}

static int settings_top(struct settings_parse *p, const char *value)
{
	char buf[512], *save = NULL;

	if (settings_str(p, "top_items", value, buf, sizeof buf))
		return -1;
	p->s->ntop = 0;
	for (char *id = strtok_r(buf, ", ", &save); id;
	     id = strtok_r(NULL, ", ", &save)) {
		if (p->s->ntop == SETTINGS_TOP_MAX)
			return qerr_set(p->err, PROTO_E_CONFIG,
			                "top_items lists at most %d items",
			                SETTINGS_TOP_MAX);
		if (settings_str(p, "top_items", id,
		                 p->s->top_items[p->s->ntop],
		                 sizeof p->s->top_items[0]))
			return -1;
		p->s->ntop++;
	}
	return 0;
}

/* The printer: a name, a URI, or "none" (render only, never print). */
static int settings_printer(struct settings_parse *p, const char *value)
{
	if (strcmp(value, "none") == 0) {
		p->s->print = 0;
		p->s->printer[0] = '\0';
		return 0;
	}
	p->s->print = 1;
	return settings_str(p, "printer", value, p->s->printer,
	                    sizeof p->s->printer);
}

static int settings_key(struct settings_parse *p, const char *name,
                        const char *value)
{
	struct settings *s = p->s;

	if (strcmp(name, "device") == 0)
		return settings_str(p, name, value, s->device,
		                    sizeof s->device);
	if (strcmp(name, "token") == 0)
		return settings_str(p, name, value, s->token, sizeof s->token);
	if (strcmp(name, "lang") == 0) {
		if (strcmp(value, "zh") && strcmp(value, "en"))
			return qerr_set(p->err, PROTO_E_CONFIG,
			                "lang must be zh or en, not \"%s\"",
			                value);
		return settings_str(p, name, value, s->lang, sizeof s->lang);
	}
	if (strcmp(name, "large_text") == 0)
		return settings_bool(p, name, value, &s->large_text);
	if (strcmp(name, "idle_timeout") == 0)
		return settings_int(p, name, value, 5, 3600, &s->idle_s);
	if (strcmp(name, "top_items") == 0)
		return settings_top(p, value);
	if (strcmp(name, "timezone") == 0)
		return settings_str(p, name, value, s->timezone,
		                    sizeof s->timezone);
	if (strcmp(name, "printer") == 0)
		return settings_printer(p, value);
	if (strcmp(name, "format") == 0) {
		if (print_format_parse(value, &s->format))
			return qerr_set(p->err, PROTO_E_CONFIG,
			                "format must be auto, pwg, png or "
			                "escpos, not \"%s\"",
			                value);
		return 0;
	}
	if (strcmp(name, "paper_dots") == 0)
		return settings_int(p, name, value, 200, 2400, &s->paper_dots);
	if (strcmp(name, "dpi") == 0)
		return settings_int(p, name, value, 100, 1200, &s->dpi);
	if (strcmp(name, "print_timeout") == 0)
		return settings_int(p, name, value, 1, 600,
		                    &s->print_timeout_s);
	if (strcmp(name, "printer_check") == 0)
		return settings_int(p, name, value, 1, 3600,
		                    &s->printer_check_s);
	if (strcmp(name, "require_printer") == 0)
		return settings_bool(p, name, value, &s->require_printer);
	if (strcmp(name, "status_url") == 0)
		return settings_str(p, name, value, s->status_url,
		                    sizeof s->status_url);
	return qerr_set(p->err, PROTO_E_CONFIG, "unknown key \"%s\" in [kiosk]",
	                name);
}

/* inih calls this per key; returning 0 stops it with our message kept. */
static int settings_handler(void *user, const char *section, const char *name,
                            const char *value)
{
	struct settings_parse *p = user;

	if (strcmp(section, "kiosk") != 0) {
		qerr_set(p->err, PROTO_E_CONFIG, "unknown section [%s]",
		         section);
		p->failed = 1;
		return 0;
	}
	if (settings_key(p, name, value)) {
		p->failed = 1;
		return 0;
	}
	return 1;
}

/* Read path over what s holds; a missing file is fine unless must_exist. */
int settings_load(struct settings *s, const char *path, int must_exist,
                  struct qerr *err)
{
	struct settings_parse p = {s, err, 0};

	if (!must_exist && access(path, F_OK) != 0)
		return 0;
	return config_parse_file(path, settings_handler, &p, &p.failed, err);
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
	size_t n = strlen(s->status_url);
	const char *sep = n > 0 && s->status_url[n - 1] == '/' ? "" : "/";

	snprintf(out, size, "%s%s%s/%s?k=%s", s->status_url, sep,
	         day ? day : "", number ? number : "", key ? key : "");
}
