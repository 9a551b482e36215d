/*
 * From a ticket the daemon issued to the image the printer gets: the
 * status address for its QR code, the drawing, and (with --ticket-png) a
 * PNG copy for tests and reviewers. The screen and --issue share it, so
 * the paper is the same however the ticket was taken.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "ticket-render.h"

static void paper_png(const struct settings *set, const struct print_image *img,
                      const char *number)
{
	const char *pat = set->ticket_png, *at = strstr(pat, "%s");
	char path[1100];
	struct qerr err = {0};

	if (at)
		snprintf(path, sizeof path, "%.*s%s%s", (int)(at - pat), pat,
		         number, at + 2);
	else
		snprintf(path, sizeof path, "%s", pat);
	if (print_image_png(img, path, &err))
		log_warn("kiosk", "%s", err.message);
}

/* The ticket's paper image (the caller owns it) and its status address. */
struct print_image *paper_render(const struct settings *set,
                                 struct ui_fonts *fonts,
                                 const struct words *words,
                                 const struct catalog *catalog,
                                 const struct ticket *ticket, enum ui_lang lang,
                                 char *url, size_t url_size, struct qerr *err)
{
	struct ticket_render in = {fonts,           words,    catalog,
	                           ticket,          lang,     url,
	                           set->paper_dots, set->dpi, NULL};
	struct print_image *img;

	settings_status_url(set, ticket->day, ticket->number, ticket->key, url,
	                    url_size);
	if ((img = ticket_render(&in, err)) == NULL)
		return NULL;
	if (set->ticket_png[0])
		paper_png(set, img,
		          ticket->number[0] ? ticket->number : "ticket");
	return img;
}
