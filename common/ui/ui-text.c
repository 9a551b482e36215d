/*
 * Text. Rendering a string with SDL_ttf costs far more than drawing a
 * texture, so each (string, pixel size, weight, colour) is rendered once
 * into a texture and kept; the least recently used go when the cache is
 * full. Where lines break is ui-wrap.c's, for screens and paper alike.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ui-private.h"
#include "xmalloc.h"

#define UI_CACHE_MAX 768

struct ui_cache_entry {
	char *text;
	int px;
	enum ui_weight weight;
	uint32_t rgba;
	SDL_Texture *tex;
	int w, h;
	uint64_t used;
};

struct ui_cache {
	struct ui_cache_entry e[UI_CACHE_MAX];
	int n;
	uint64_t clock;
};

struct ui_cache *ui_cache_new(void)
{
	return xcalloc(1, sizeof(struct ui_cache));
}

void ui_cache_clear(struct ui_cache *c)
{
	for (int i = 0; i < c->n; i++) {
		SDL_DestroyTexture(c->e[i].tex);
		free(c->e[i].text);
	}
	c->n = 0;
}

void ui_cache_free(struct ui_cache *c)
{
	if (c == NULL)
		return;
	ui_cache_clear(c);
	free(c);
}

static int ui_px_of(const struct ui *ui, int size)
{
	int px = (int)(size * ui->scale + 0.5f);
	return px < 6 ? 6 : px;
}

static struct ui_cache_entry *ui_cache_get(struct ui *ui, const char *text,
                                           int px, enum ui_weight weight,
                                           SDL_Color c)
{
	struct ui_cache *cache = ui->cache;
	uint32_t rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 |
	                (uint32_t)c.b << 8 | c.a;
	struct ui_cache_entry *e = NULL;
	SDL_Surface *surf;

	for (int i = 0; i < cache->n; i++) {
		e = &cache->e[i];
		if (e->px == px && e->weight == weight && e->rgba == rgba &&
		    strcmp(e->text, text) == 0) {
			e->used = ++cache->clock;
			return e;
		}
	}
	surf = TTF_RenderUTF8_Blended(ui_fonts_get(ui->fonts, px, weight), text,
	                              c);
	if (surf == NULL) {
		log_warn("ui", "cannot render \"%.40s\": %s", text,
		         TTF_GetError());
		return NULL;
	}
	if (cache->n < UI_CACHE_MAX) {
		e = &cache->e[cache->n++];
	} else {
		e = &cache->e[0];
		for (int i = 1; i < cache->n; i++)
			if (cache->e[i].used < e->used)
				e = &cache->e[i];
		SDL_DestroyTexture(e->tex);
		free(e->text);
	}
	e->text = xstrdup(text);
	e->px = px;
	e->weight = weight;
	e->rgba = rgba;
	e->tex = SDL_CreateTextureFromSurface(ui->renderer, surf);
	e->w = surf->w;
	e->h = surf->h;
	e->used = ++cache->clock;
	SDL_FreeSurface(surf);
	return e;
}

int ui_text_width(struct ui *ui, const char *text, int size,
                  enum ui_weight weight)
{
	int w = 0, h = 0;

	if (text == NULL || text[0] == '\0')
		return 0;
	TTF_SizeUTF8(ui_fonts_get(ui->fonts, ui_px_of(ui, size), weight), text,
	             &w, &h);
	return (int)(w / ui->scale + 0.5f);
}

/* A text drawn, kept for the state (ui->drawn). */
static void ui_text_keep(struct ui *ui, const char *text, int size,
                         enum ui_weight weight, SDL_Color c, const SDL_Rect *px)
{
	char ink[8];
	float s = ui->scale > 0 ? ui->scale : 1;

	snprintf(ink, sizeof ink, "#%02x%02x%02x", c.r, c.g, c.b);
	json_array_append_new(
	    ui->drawn,
	    json_pack("{s:s, s:i, s:b, s:s, s:[iiii]}", "text", text, "size",
	              size, "bold", weight == UI_BOLD, "ink", ink, "rect",
	              (int)((px->x - ui->off_x) / s),
	              (int)((px->y - ui->off_y) / s), (int)(px->w / s + 0.5f),
	              (int)(px->h / s + 0.5f)));
}

int ui_text(struct ui *ui, const char *text, int size, enum ui_weight weight,
            SDL_Color c, int x, int y, int align)
{
	struct ui_cache_entry *e;
	SDL_Rect dst;
	int px = ui_px_of(ui, size);

	if (text == NULL || text[0] == '\0')
		return 0;
	if ((e = ui_cache_get(ui, text, px, weight, c)) == NULL)
		return 0;
	dst.w = e->w;
	dst.h = e->h;
	dst.x = ui->off_x + (int)(x * ui->scale);
	dst.y = ui->off_y + (int)(y * ui->scale);
	if ((align & 3) == UI_CENTER)
		dst.x -= e->w / 2;
	else if ((align & 3) == UI_RIGHT)
		dst.x -= e->w;
	if (align & UI_MIDDLE)
		dst.y -= e->h / 2;
	SDL_RenderCopy(ui->renderer, e->tex, NULL, &dst);
	if (ui->drawn)
		ui_text_keep(ui, text, size, weight, c, &dst);
	return (int)(e->w / ui->scale + 0.5f);
}

int ui_text_fit(struct ui *ui, const char *text, int size,
                enum ui_weight weight, int max_w)
{
	while (size > 8 && ui_text_width(ui, text, size, weight) > max_w)
		size = size * 9 / 10;
	return size;
}

static int ui_text_wrap(struct ui *ui, const char *text, int size,
                        enum ui_weight weight, SDL_Color c, int x, int y, int w,
                        int max_lines, int draw)
{
	int px = ui_px_of(ui, size);
	TTF_Font *font = ui_fonts_get(ui->fonts, px, weight);
	int line_h = (int)(TTF_FontLineSkip(font) / ui->scale + 0.5f);
	const char *s = text ? text : "";
	char line[1024];
	int lines = 0;

	while (*s && (max_lines <= 0 || lines < max_lines)) {
		size_t n;

		s = ui_font_next_line(font, s, (int)(w * ui->scale), line,
		                      sizeof line);
		n = strlen(line);
		/* The last line allowed ends with an ellipsis if cut. */
		if (*s && max_lines > 0 && lines == max_lines - 1 && n > 3) {
			size_t cut = n;
			do {
				while (cut > 0 &&
				       ((unsigned char)line[cut - 1] & 0xc0) ==
				           0x80)
					cut--;
				if (cut > 0)
					cut--;
				snprintf(line + cut, sizeof line - cut, "…");
			} while (cut > 0 &&
			         ui_text_width(ui, line, size, weight) > w);
		}
		if (draw)
			ui_text(ui, line, size, weight, c, x,
			        y + lines * line_h, UI_LEFT);
		lines++;
	}
	return lines * line_h;
}

/* Wrap into w; returns the height used, in design units. */
int ui_text_box(struct ui *ui, const char *text, int size,
                enum ui_weight weight, SDL_Color c, int x, int y, int w,
                int max_lines)
{
	return ui_text_wrap(ui, text, size, weight, c, x, y, w, max_lines, 1);
}

int ui_text_lines(struct ui *ui, const char *text, int size,
                  enum ui_weight weight, int w)
{
	TTF_Font *font = ui_fonts_get(ui->fonts, ui_px_of(ui, size), weight);
	int line_h = (int)(TTF_FontLineSkip(font) / ui->scale + 0.5f);
	SDL_Color none = {0, 0, 0, 0};

	return ui_text_wrap(ui, text, size, weight, none, 0, 0, w, 0, 0) /
	       (line_h ? line_h : 1);
}

/* The height of size's lines, in design units. */
static int ui_line_h(struct ui *ui, int size, enum ui_weight weight)
{
	TTF_Font *font = ui_fonts_get(ui->fonts, ui_px_of(ui, size), weight);

	return (int)(TTF_FontLineSkip(font) / ui->scale + 0.5f);
}

/* Whether every line text wraps to at size is within w (a word longer
 * than the line is not broken, so it may not be). */
static int ui_lines_within(struct ui *ui, const char *text, int size,
                           enum ui_weight weight, int w)
{
	TTF_Font *font = ui_fonts_get(ui->fonts, ui_px_of(ui, size), weight);
	const char *s = text;
	char line[1024];

	while (*s) {
		s = ui_font_next_line(font, s, (int)(w * ui->scale), line,
		                      sizeof line);
		if (ui_text_width(ui, line, size, weight) > w)
			return 0;
	}
	return 1;
}

/*
 * Text in a box, as large as it fits: size first, on as many lines as
 * the box holds, then a tenth smaller at a time, never below floor (the
 * size that must stay readable). A text still too long at floor keeps
 * floor and ends with an ellipsis on the box's last line. Lines are
 * aligned left, centred or right (align), the block centred in the box's
 * height.
 */
int ui_text_block(struct ui *ui, const char *text, int size, int floor,
                  enum ui_weight weight, SDL_Color c, SDL_Rect box, int align)
{
	TTF_Font *font;
	const char *s;
	char line[1024];
	int lines, line_h, max_lines, y;

	if (text == NULL || text[0] == '\0')
		return size;
	if (floor > size)
		floor = size;
	for (;;) {
		line_h = ui_line_h(ui, size, weight);
		lines = ui_text_lines(ui, text, size, weight, box.w);
		if ((lines * line_h <= box.h || lines == 1) &&
		    ui_lines_within(ui, text, size, weight, box.w))
			break;
		if (size <= floor)
			break;
		size = size * 9 / 10 < floor ? floor : size * 9 / 10;
	}
	max_lines = line_h > 0 ? box.h / line_h : 1;
	if (max_lines < 1)
		max_lines = 1;
	if (lines > max_lines)
		lines = max_lines;
	if ((align & 3) == UI_LEFT) {
		y = box.y + (box.h - lines * line_h) / 2;
		ui_text_box(ui, text, size, weight, c, box.x, y, box.w,
		            max_lines);
		return size;
	}
	font = ui_fonts_get(ui->fonts, ui_px_of(ui, size), weight);
	y = box.y + (box.h - lines * line_h) / 2;
	s = text;
	for (int i = 0; *s && i < lines; i++) {
		const char *rest = s;
		s = ui_font_next_line(font, s, (int)(box.w * ui->scale), line,
		                      sizeof line);
		if (*s && i == lines - 1) /* cut: its ellipsis, from the left */
			ui_text_box(ui, rest, size, weight, c, box.x, y, box.w,
			            1);
		else
			ui_text(ui, line, size, weight, c,
			        (align & 3) == UI_CENTER ? box.x + box.w / 2
			                                 : box.x + box.w,
			        y, align & 3);
		y += line_h;
	}
	return size;
}
