/*
 * The window and its scale, shapes, buttons and screenshots.
 *
 * Screens lay out in design units; ui_resized() finds the largest scale at
 * which the design fits the window and centres it, so a portrait kiosk
 * design stays whole on any panel.
 */
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "assets.h"
#include "log.h"
#include "proto.h"
#include "ui-private.h"
#include "xmalloc.h"

/* Every text on these reads at 7:1 or more (WCAG 2.2 AAA), and UI_EDGE,
 * a control's edge, at 3:1 on UI_BG: docs/ACCESSIBILITY.md. */
const SDL_Color UI_BG = {0xf3, 0xf5, 0xf8, 0xff};
const SDL_Color UI_PANEL = {0xff, 0xff, 0xff, 0xff};
const SDL_Color UI_INK = {0x1a, 0x22, 0x33, 0xff};
const SDL_Color UI_MUTED = {0x4a, 0x54, 0x62, 0xff};
const SDL_Color UI_ACCENT = {0xa3, 0x19, 0x20,
                             0xff}; /* 中国红, 7.7:1 to white */
const SDL_Color UI_ACCENT_INK = {0xff, 0xff, 0xff, 0xff};
const SDL_Color UI_WARN = {0x95, 0x32, 0x09, 0xff};
const SDL_Color UI_OK = {0x12, 0x60, 0x32, 0xff};
const SDL_Color UI_WHITE = {0xff, 0xff, 0xff, 0xff};
const SDL_Color UI_LINE = {0xc8, 0xcf, 0xd9, 0xff}; /* rules, not edges */
const SDL_Color UI_EDGE = {0x7b, 0x85, 0x94, 0xff}; /* 3.4:1 on UI_BG */
const SDL_Color UI_GREEN = {0x0b, 0x5f, 0x35, 0xff};

struct ui *ui_open(const struct ui_options *o, struct qerr *err)
{
	struct ui *ui = xcalloc(1, sizeof *ui);
	Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
	int w = o->width ? o->width : o->design_w;
	int h = o->height ? o->height : o->design_h;

	ui->design_w = o->design_w;
	ui->design_h = o->design_h;
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
	/* Touch arrives as mouse events too; one code path handles both. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) < 0) {
		qerr_set(err, PROTO_E_IO, "cannot start SDL video: %s",
		         SDL_GetError());
		goto fail;
	}
	if (TTF_Init() < 0 || !(IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG)) {
		qerr_set(err, PROTO_E_IO, "cannot start SDL_ttf/SDL_image: %s",
		         SDL_GetError());
		goto fail;
	}
	if ((ui->fonts = ui_fonts_open(err)) == NULL)
		goto fail;
	if ((ui->strings = ui_strings_load(assets_dir(), o->program, err)) ==
	    NULL)
		goto fail;
	if (o->fullscreen)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	ui->window = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED,
	                              SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (ui->window == NULL) {
		qerr_set(err, PROTO_E_IO, "cannot open a window: %s",
		         SDL_GetError());
		goto fail;
	}
	ui->renderer = SDL_CreateRenderer(ui->window, -1,
	                                  SDL_RENDERER_ACCELERATED |
	                                      SDL_RENDERER_PRESENTVSYNC);
	if (ui->renderer == NULL)
		ui->renderer =
		    SDL_CreateRenderer(ui->window, -1, SDL_RENDERER_SOFTWARE);
	if (ui->renderer == NULL) {
		qerr_set(err, PROTO_E_IO, "cannot draw in the window: %s",
		         SDL_GetError());
		goto fail;
	}
	SDL_SetRenderDrawBlendMode(ui->renderer, SDL_BLENDMODE_BLEND);
	ui->cache = ui_cache_new();
	ui_resized(ui);
	return ui;
fail:
	ui_close(ui);
	return NULL;
}

void ui_close(struct ui *ui)
{
	if (ui == NULL)
		return;
	ui_cache_free(ui->cache);
	json_decref(ui->drawn);
	ui_fonts_close(ui->fonts);
	ui_strings_free(ui->strings);
	if (ui->renderer)
		SDL_DestroyRenderer(ui->renderer);
	if (ui->window)
		SDL_DestroyWindow(ui->window);
	free(ui);
	IMG_Quit();
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
}

void ui_resized(struct ui *ui)
{
	float sx, sy;

	SDL_GetRendererOutputSize(ui->renderer, &ui->width, &ui->height);
	sx = (float)ui->width / (float)ui->design_w;
	sy = (float)ui->height / (float)ui->design_h;
	ui->scale = sx < sy ? sx : sy;
	ui->off_x = (int)((ui->width - ui->design_w * ui->scale) / 2);
	ui->off_y = (int)((ui->height - ui->design_h * ui->scale) / 2);
	/* Text was rendered at the old scale. */
	ui_cache_clear(ui->cache);
}

SDL_Rect ui_rect(const struct ui *ui, int x, int y, int w, int h)
{
	SDL_Rect r;
	int x2 = ui->off_x + (int)((x + w) * ui->scale + 0.5f);
	int y2 = ui->off_y + (int)((y + h) * ui->scale + 0.5f);

	r.x = ui->off_x + (int)(x * ui->scale + 0.5f);
	r.y = ui->off_y + (int)(y * ui->scale + 0.5f);
	r.w = x2 - r.x;
	r.h = y2 - r.y;
	return r;
}

/* A window pixel (mouse, touch) in design units. */
void ui_to_design(const struct ui *ui, int px, int py, int *x, int *y)
{
	int ww, wh;

	/* Mouse events come in window points; the renderer may have more
	 * pixels than points on a high-density panel. */
	SDL_GetWindowSize(ui->window, &ww, &wh);
	if (ww > 0 && wh > 0) {
		px = px * ui->width / ww;
		py = py * ui->height / wh;
	}
	*x = (int)((px - ui->off_x) / ui->scale);
	*y = (int)((py - ui->off_y) / ui->scale);
}

int ui_in(const SDL_Rect *r, int x, int y)
{
	return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

int ui_button_at(const struct ui_button *b, int n, int x, int y)
{
	for (int i = 0; i < n; i++)
		if (b[i].enabled && ui_in(&b[i].r, x, y))
			return i;
	return -1;
}

static void ui_color(struct ui *ui, SDL_Color c)
{
	SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, c.a);
}

void ui_clear(struct ui *ui, SDL_Color c)
{
	ui_color(ui, c);
	SDL_RenderClear(ui->renderer);
}

void ui_fill(struct ui *ui, int x, int y, int w, int h, SDL_Color c)
{
	SDL_Rect r = ui_rect(ui, x, y, w, h);

	ui_color(ui, c);
	SDL_RenderFillRect(ui->renderer, &r);
}

/* A rounded rectangle, one horizontal span per pixel row of the corners. */
void ui_fill_round(struct ui *ui, int x, int y, int w, int h, int radius,
                   SDL_Color c)
{
	SDL_Rect r = ui_rect(ui, x, y, w, h);
	int rad = (int)(radius * ui->scale);

	if (rad * 2 > r.h)
		rad = r.h / 2;
	if (rad * 2 > r.w)
		rad = r.w / 2;
	ui_color(ui, c);
	SDL_Rect mid = {r.x, r.y + rad, r.w, r.h - 2 * rad};
	SDL_RenderFillRect(ui->renderer, &mid);
	for (int dy = 0; dy < rad; dy++) {
		float fy = (float)rad - (float)dy - 0.5f;
		int inset =
		    rad - (int)(SDL_sqrtf((float)(rad * rad) - fy * fy) + 0.5f);
		SDL_Rect top = {r.x + inset, r.y + dy, r.w - 2 * inset, 1};
		SDL_Rect bot = {r.x + inset, r.y + r.h - 1 - dy,
		                r.w - 2 * inset, 1};
		SDL_RenderFillRect(ui->renderer, &top);
		SDL_RenderFillRect(ui->renderer, &bot);
	}
}

void ui_outline(struct ui *ui, int x, int y, int w, int h, int thick,
                SDL_Color c)
{
	ui_fill(ui, x, y, w, thick, c);
	ui_fill(ui, x, y + h - thick, w, thick, c);
	ui_fill(ui, x, y, thick, h, c);
	ui_fill(ui, x + w - thick, y, thick, h, c);
}

/* Write what the renderer holds now (before SDL_RenderPresent) as a PNG. */
int ui_screenshot(struct ui *ui, const char *path, struct qerr *err)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(
	    0, ui->width, ui->height, 32, SDL_PIXELFORMAT_ARGB8888);
	int rc = 0;

	if (s == NULL)
		return qerr_set(err, PROTO_E_IO, "screenshot: %s",
		                SDL_GetError());
	if (SDL_RenderReadPixels(ui->renderer, NULL, SDL_PIXELFORMAT_ARGB8888,
	                         s->pixels, s->pitch) < 0 ||
	    IMG_SavePNG(s, path) < 0)
		rc = qerr_set(err, PROTO_E_IO, "cannot write %s: %s", path,
		              SDL_GetError());
	SDL_FreeSurface(s);
	return rc;
}
