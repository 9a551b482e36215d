/* Between the files of common/ui only. */
#ifndef QHALL_UI_PRIVATE_H
#define QHALL_UI_PRIVATE_H

#include <SDL_ttf.h>

#include "ui-font.h"
#include "ui.h"

struct ui_cache *ui_cache_new(void);
void ui_cache_free(struct ui_cache *);
void ui_cache_clear(struct ui_cache *); /* after a resize: textures differ */

struct ui_strings *ui_strings_load(const char *dir, const char *program,
                                   struct qerr *);
void ui_strings_free(struct ui_strings *);

#endif
