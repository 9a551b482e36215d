/*
 * Fonts: found once through fontconfig (Noto Sans CJK SC, else WenQuanYi,
 * else whatever covers zh-cn), opened per pixel size on demand. A .ttc holds
 * several faces; fontconfig's index picks the Simplified Chinese one, which
 * TTF_OpenFont (always face 0, Japanese forms) would not.
 */
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "proto.h"
#include "ui-font.h"
#include "xmalloc.h"

#define UI_FONTS_MAX 48

struct ui_font_slot {
	int px;
	enum ui_weight weight;
	TTF_Font *font;
};

struct ui_fonts {
	char path[2][1024]; /* by weight */
	int index[2];
	struct ui_font_slot slots[UI_FONTS_MAX];
	int nslots, next_evict;
};

static int ui_font_find(const char *pattern, char *path, size_t size,
                        int *index)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)pattern), *match;
	FcResult result;
	FcChar8 *file = NULL;
	FcLangSet *langs = NULL;
	int ok = 0;

	if (pat == NULL)
		return -1;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &result);
	if (match &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		/* A fallback without Chinese would draw empty boxes: refuse it.
		 */
		if (FcPatternGetLangSet(match, FC_LANG, 0, &langs) ==
		        FcResultMatch &&
		    FcLangSetHasLang(langs, (const FcChar8 *)"zh-cn") !=
		        FcLangDifferentLang) {
			snprintf(path, size, "%s", file);
			if (FcPatternGetInteger(match, FC_INDEX, 0, index) !=
			    FcResultMatch)
				*index = 0;
			ok = 1;
		}
	}
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return ok ? 0 : -1;
}

struct ui_fonts *ui_fonts_open(struct qerr *err)
{
	struct ui_fonts *f = xcalloc(1, sizeof *f);
	static const char *const regular[] = {"Noto Sans CJK SC:lang=zh-cn",
	                                      "WenQuanYi Micro Hei:lang=zh-cn",
	                                      ":lang=zh-cn"};
	static const char *const bold[] = {
	    "Noto Sans CJK SC:lang=zh-cn:weight=bold",
	    "WenQuanYi Micro Hei:lang=zh-cn:weight=bold",
	    ":lang=zh-cn:weight=bold"};
	int found = 0;

	if (!FcInit()) {
		free(f);
		qerr_set(err, PROTO_E_CONFIG, "fontconfig failed to start");
		return NULL;
	}
	for (size_t i = 0; i < 3 && !found; i++)
		found =
		    ui_font_find(regular[i], f->path[UI_REGULAR],
		                 sizeof f->path[0], &f->index[UI_REGULAR]) == 0;
	if (!found) {
		free(f);
		FcFini();
		qerr_set(err, PROTO_E_CONFIG,
		         "no font with Chinese found (install fonts-noto-cjk)");
		return NULL;
	}
	found = 0;
	for (size_t i = 0; i < 3 && !found; i++)
		found =
		    ui_font_find(bold[i], f->path[UI_BOLD], sizeof f->path[0],
		                 &f->index[UI_BOLD]) == 0;
	if (!found) {
		memcpy(f->path[UI_BOLD], f->path[UI_REGULAR],
		       sizeof f->path[0]);
		f->index[UI_BOLD] = f->index[UI_REGULAR];
	}
	log_debug("ui", "fonts: %s #%d, %s #%d", f->path[UI_REGULAR],
	          f->index[UI_REGULAR], f->path[UI_BOLD], f->index[UI_BOLD]);
	return f;
}

void ui_fonts_close(struct ui_fonts *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < f->nslots; i++)
		TTF_CloseFont(f->slots[i].font);
	free(f);
	/* fontconfig's own cache, so a clean exit leaves nothing behind. */
	FcFini();
}

/* The font at px pixels; fonts are few, so a small table will do. */
TTF_Font *ui_fonts_get(struct ui_fonts *f, int px, enum ui_weight weight)
{
	struct ui_font_slot *s;
	TTF_Font *font;

	if (px < 6)
		px = 6;
	if (px > 800)
		px = 800;
	for (int i = 0; i < f->nslots; i++)
		if (f->slots[i].px == px && f->slots[i].weight == weight)
			return f->slots[i].font;
	font = TTF_OpenFontIndex(f->path[weight], px, f->index[weight]);
	if (font == NULL)
		fatal("cannot open font %s: %s", f->path[weight],
		      TTF_GetError());
	if (f->nslots < UI_FONTS_MAX) {
		s = &f->slots[f->nslots++];
	} else {
		s = &f->slots[f->next_evict];
		f->next_evict = (f->next_evict + 1) % UI_FONTS_MAX;
		TTF_CloseFont(s->font);
	}
	s->px = px;
	s->weight = weight;
	s->font = font;
	return font;
}
