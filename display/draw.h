/* Drawing shared by the display's two screens. */
#ifndef QHALL_DISPLAY_DRAW_H
#define QHALL_DISPLAY_DRAW_H

#include "display.h"

int draw_text_recorded(struct display *, struct drawn_text *, const char *,
                       int size, SDL_Color ink, SDL_Color bg, int x, int y);
void draw_link_down(struct display *, struct ui *, const char *key, int x,
                    int y, int size, int align);

#endif
