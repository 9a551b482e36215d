/*
 * The SDL2 pieces the three screens share: a window laid out in design
 * units and scaled to whatever size it has, fonts found through fontconfig,
 * a cache of text textures, buttons, strings in zh-CN and en, and a PNG of
 * what is on screen. No toolkit: a screen is its own draw and event code.
 *
 * Coordinates passed to ui_* are design units (the kiosk is 1080x1920, the
 * display 1920x1080, the caller 800x480); ui scales them to pixels and
 * centres the design in the window (letterboxed when the aspect differs).
 */
#ifndef QHALL_UI_H
#define QHALL_UI_H

#include <SDL.h>
#include <jansson.h>

#include "qerr.h"

enum ui_lang { UI_ZH, UI_EN };

enum ui_align {
	UI_LEFT = 0,
	UI_CENTER = 1,
	UI_RIGHT = 2,
	UI_MIDDLE = 4, /* vertical: y is the middle of the line, not its top */
};

enum ui_weight { UI_REGULAR, UI_BOLD };

struct ui_options {
	const char *title;
	int design_w, design_h; /* layout units */
	int width, height;      /* window pixels; 0: the design size */
	int fullscreen;
	const char *program; /* also loads assets/strings-PROGRAM.json */
};

struct ui_fonts;
struct ui_cache;
struct ui_strings;

struct ui {
	SDL_Window *window;
	SDL_Renderer *renderer;
	int design_w, design_h;
	int width, height; /* pixels */
	float scale;       /* pixels per design unit */
	int off_x, off_y;  /* where the design starts, in pixels */
	enum ui_lang lang;
	int large; /* large-text mode (大字模式): text 3/2 where asked */
	struct ui_fonts *fonts;
	struct ui_cache *cache;
	struct ui_strings *strings;
	/* Every text drawn in the frame, for --state-json: what it says,
	 * its size and ink, and where (design units); NULL: not kept. The
	 * measures of docs/ACCESSIBILITY.md are taken from it. Owned. */
	json_t *drawn;
};

struct ui *ui_open(const struct ui_options *, struct qerr *);
void ui_close(struct ui *);
void ui_resized(struct ui *); /* after SDL_WINDOWEVENT_SIZE_CHANGED */

/* Layout */
SDL_Rect ui_rect(const struct ui *, int x, int y, int w, int h);
void ui_to_design(const struct ui *, int px, int py, int *x, int *y);
int ui_in(const SDL_Rect *design, int x, int y); /* design point in rect */

/* Drawing */
void ui_clear(struct ui *, SDL_Color);
void ui_fill(struct ui *, int x, int y, int w, int h, SDL_Color);
void ui_fill_round(struct ui *, int x, int y, int w, int h, int radius,
                   SDL_Color);
void ui_outline(struct ui *, int x, int y, int w, int h, int thick, SDL_Color);

/* Text: size in design units. Returns the width drawn, in design units. */
int ui_text(struct ui *, const char *utf8, int size, enum ui_weight, SDL_Color,
            int x, int y, int align);
int ui_text_width(struct ui *, const char *utf8, int size, enum ui_weight);
int ui_text_fit(struct ui *, const char *utf8, int size, enum ui_weight,
                int max_w); /* the largest size <= size that fits max_w */
int ui_text_box(struct ui *, const char *utf8, int size, enum ui_weight,
                SDL_Color, int x, int y, int w, int max_lines);
int ui_text_lines(struct ui *, const char *utf8, int size, enum ui_weight,
                  int w); /* how many lines ui_text_box would use */
/* As large as fits box (wrapped), from size down to floor, never below;
 * left or centred (align); returns the size drawn. */
int ui_text_block(struct ui *, const char *utf8, int size, int floor,
                  enum ui_weight, SDL_Color, SDL_Rect box, int align);

/* Strings: a key of assets/strings.json in the current language. */
const char *ui_s(const struct ui *, const char *key);
/* zh or en by the current language, falling back to the other. */
const char *ui_tr(const struct ui *, const char *zh, const char *en);
/* obj["<field>_zh"] or obj["<field>_en"], falling back to the other. */
const char *ui_pick(const struct ui *, json_t *obj, const char *field);

/* A PNG of the current frame; call before SDL_RenderPresent. */
int ui_screenshot(struct ui *, const char *path, struct qerr *);

/* Buttons: design rectangles, hit-tested on the design point. */
struct ui_button {
	SDL_Rect r;
	int id;
	int enabled;
};
int ui_button_at(const struct ui_button *, int n, int x, int y); /* -1 */

/* The palette: high contrast, readable across a hall. */
extern const SDL_Color UI_BG, UI_PANEL, UI_INK, UI_MUTED, UI_ACCENT,
    UI_ACCENT_INK, UI_WARN, UI_OK, UI_WHITE, UI_LINE, UI_EDGE, UI_GREEN;

#endif
