/*
 * Fonts with Chinese, found through fontconfig. Public because a ticket is
 * rendered to a bitmap with no window at all.
 */
#ifndef QHALL_UI_FONT_H
#define QHALL_UI_FONT_H

#include <SDL_ttf.h>

#include "qerr.h"
#include "ui.h"

struct ui_fonts *ui_fonts_open(struct qerr *); /* after TTF_Init() */
void ui_fonts_close(struct ui_fonts *);
TTF_Font *ui_fonts_get(struct ui_fonts *, int px, enum ui_weight);
/* Bytes of the next line of s that fit w pixels (a line ends at '\n'). */
size_t ui_font_line_fit(TTF_Font *, const char *s, int w);
/* The next line of s that fits w pixels, copied into line (cut to size);
 * returns where the text after it starts, past the spaces and the newline
 * the break consumed. The one wrapping loop of screens and paper. */
const char *ui_font_next_line(TTF_Font *, const char *s, int w, char *line,
                              size_t size);

#endif
