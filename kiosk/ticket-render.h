/*
 * The paper ticket as a grayscale bitmap, for 80 mm thermal paper (576
 * dots at 203 dpi by default; any width, sizes scale with it). Drawn with
 * SDL_ttf on a plain surface: it needs no window, so --issue can use it.
 */
#ifndef QHALL_KIOSK_TICKET_RENDER_H
#define QHALL_KIOSK_TICKET_RENDER_H

#include <jansson.h>

#include "catalog.h"
#include "print.h"
#include "ticket.h"
#include "ui-font.h"
#include "ui.h"
#include "words.h"

struct ticket_render {
	struct ui_fonts *fonts;
	const struct words *words;     /* in the ticket's language */
	const struct catalog *catalog; /* the daemon's */
	const struct ticket *ticket;   /* as the daemon issued it */
	enum ui_lang lang;
	const char *url; /* the status address, for the QR code */
	int width, dpi;
	struct ticket_measure *measure; /* filled in when not NULL */
};

/* What elderly readers need of paper: every glyph 3.0 mm or more
 * (TICKET_GLYPH_DOTS at 203 dpi), QR modules TICKET_QR_MODULE dots or more
 * (docs/ACCESSIBILITY.md). What a render came to, in dots: */
#define TICKET_GLYPH_DOTS 28
#define TICKET_QR_MODULE  6
struct ticket_measure {
	int least_glyph; /* the smallest text's size */
	int qr_module;
};

struct print_image *ticket_render(const struct ticket_render *, struct qerr *);

#endif
