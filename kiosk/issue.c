/*
 * --issue QUEUE: the hall's "test print". Takes one ticket from the daemon
 * as a kiosk would, draws it, prints it, and tells the daemon if the paper
 * failed, all with no screen. Prints one JSON object on stdout: the
 * ticket, its status address, and whether it printed. Exit 0 when it
 * printed (or printing is off), 1 when anything failed.
 */
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"
#include "ui-font.h"
#include "words.h"

static json_t *issue_take(struct client *c, const struct settings *set,
                          struct qerr *err)
{
	json_t *p = json_pack("{s:s}", "queue", set->issue_queue), *result;
	json_t *t;

	if (set->issue_item[0])
		json_object_set_new(p, "item", json_string(set->issue_item));
	if (set->issue_priority)
		json_object_set_new(p, "priority", json_true());
	if (client_call(c, "take", p, &result, err))
		return NULL;
	t = json_incref(json_object_get(result, "ticket"));
	json_decref(result);
	return t;
}

/* Print the image; on failure the daemon marks the ticket not printed. */
static int issue_print(struct client *c, const struct settings *set,
                       const struct ticket *ticket, struct print_image *img,
                       json_t *out)
{
	struct print_target target = {
	    {0}, set->format, set->print_timeout_s, NULL};
	const char *number = ticket->number, *day = ticket->day;
	struct print_outcome o;
	struct qerr err = {0};
	json_t *r;

	snprintf(target.printer, sizeof target.printer, "%s", set->printer);
	print_image(&target, img, day, number, &o);
	json_object_set_new(out, "printed", json_boolean(o.ok));
	json_object_set_new(out, "format",
	                    json_string(print_format_name(o.format)));
	json_object_set_new(out, "job", json_integer(o.job_id));
	if (o.ok) {
		/* The test print after paper was loaded: it ends the
		 * printer's out-of-paper alert. Nothing is lost if not told. */
		if (client_call(c, "printed",
		                json_pack("{s:s, s:s, s:b}", "number", number,
		                          "day", day, "ok", 1),
		                &r, &err) == 0)
			json_decref(r);
		return 0;
	}
	json_object_set_new(out, "reason", json_string(o.reason));
	json_object_set_new(out, "message", json_string(o.message));
	fprintf(stderr, "qhall-kiosk: %s not printed: %s\n", number, o.message);
	if (client_call(c, "printed",
	                json_pack("{s:s, s:s, s:b, s:s}", "number", number,
	                          "day", day, "ok", 0, "reason", o.reason),
	                &r, &err) == 0)
		json_decref(r);
	else
		fprintf(stderr, "qhall-kiosk: cannot tell qhalld: %s\n",
		        err.message);
	return -1;
}

int issue_run(const struct settings *set)
{
	struct client_hello hello = {"kiosk", set->device,
	                             set->token[0] ? set->token : NULL, 0};
	struct qerr err = {0};
	struct client *c = NULL;
	struct ui_fonts *fonts = NULL;
	struct print_image *img = NULL;
	struct catalog *catalog = NULL;
	struct ticket t;
	struct words words = {0};
	enum ui_lang lang = strcmp(set->lang, "en") == 0 ? UI_EN : UI_ZH;
	json_t *reply = NULL, *ticket = NULL, *out = NULL;
	char url[300];
	int rc = 1;

	/* The daemon's replies are read into the catalog and the ticket; the
	 * ticket's JSON is only echoed on stdout. */
	if ((c = client_open(&set->addr, &hello, &err)) == NULL ||
	    client_call(c, "catalog", NULL, &reply, &err) ||
	    (catalog = catalog_from_json(reply, &err)) == NULL ||
	    (ticket = issue_take(c, set, &err)) == NULL ||
	    ticket_from_json(ticket, &t, &err))
		goto fail;
	if (TTF_Init() < 0) {
		qerr_set(&err, PROTO_E_IO, "SDL_ttf: %s", TTF_GetError());
		goto fail;
	}
	if ((fonts = ui_fonts_open(&err)) == NULL ||
	    words_load(&words, lang, &err) ||
	    (img = paper_render(set, fonts, &words, catalog, &t, lang, url,
	                        sizeof url, &err)) == NULL)
		goto fail;
	out = json_pack("{s:O, s:s}", "ticket", ticket, "url", url);
	rc = 0;
	if (set->print && issue_print(c, set, &t, img, out))
		rc = 1;
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
	goto done;
fail:
	fprintf(stderr, "qhall-kiosk: %s\n", err.message);
done:
	json_decref(out);
	print_image_free(img);
	words_close(&words);
	ui_fonts_close(fonts);
	if (TTF_WasInit())
		TTF_Quit();
	json_decref(ticket);
	catalog_free(catalog);
	json_decref(reply);
	client_free(c);
	return rc;
}
