/*
 * The three documents a ticket can travel as, each written through a
 * callback so the same code feeds a CUPS job (cupsWriteRequestData) or a
 * file: PWG raster with libcups' raster API (one sgray_8 page exactly as
 * tall as the ticket), PNG through SDL_image, ESC/POS through escpos.c.
 */
#include <SDL_image.h>
#include <cups/raster.h>
#include <stdio.h>
#include <string.h>

#include "escpos.h"
#include "log.h"
#include "print.h"
#include "proto.h"
#include "xmalloc.h"

struct print_image *print_image_new(int w, int h, int dpi)
{
	struct print_image *img = xcalloc(1, sizeof *img);

	img->w = w;
	img->h = h;
	img->dpi = dpi;
	img->pixels = xmalloc((size_t)w * (size_t)h);
	memset(img->pixels, 0xff, (size_t)w * (size_t)h);
	return img;
}

void print_image_free(struct print_image *img)
{
	if (img == NULL)
		return;
	free(img->pixels);
	free(img);
}

const char *print_doc_mime(enum print_format f)
{
	switch (f) {
	case PRINT_PWG:
		return "image/pwg-raster";
	case PRINT_PNG:
		return "image/png";
	default:
		return "application/octet-stream";
	}
}

struct doc_sink {
	print_write_fn write;
	void *ctx;
	int failed;
};

static ssize_t doc_raster_io(void *ctx, unsigned char *buf, size_t len)
{
	struct doc_sink *s = ctx;
	ssize_t n = s->write(s->ctx, buf, len);

	if (n < 0)
		s->failed = 1;
	return n;
}

/* One page, the ticket's own length: a roll has no fixed page size. */
static int doc_write_pwg(const struct print_image *img, struct doc_sink *s,
                         struct qerr *err)
{
	cups_page_header2_t h;
	cups_raster_t *r;
	pwg_media_t *media;
	/* Round up: libcups rounds the width in dots down. */
	int wmm = (img->w * 2540 + img->dpi - 1) / img->dpi;
	int lmm = (img->h * 2540 + img->dpi - 1) / img->dpi;
	int rc = 0;

	media = pwgMediaForSize(wmm, lmm);
	if (media == NULL ||
	    !cupsRasterInitPWGHeader(&h, media, "sgray_8", img->dpi, img->dpi,
	                             "one-sided", NULL))
		return qerr_set(err, PROTO_E_IO, "PWG header: %s",
		                cupsRasterErrorString());
	h.cupsWidth = (unsigned)img->w;
	h.cupsHeight = (unsigned)img->h;
	h.cupsBytesPerLine = (unsigned)img->w;
	snprintf(h.cupsPageSizeName, sizeof h.cupsPageSizeName, "%s",
	         media->pwg);
	r = cupsRasterOpenIO(doc_raster_io, s, CUPS_RASTER_WRITE_PWG);
	if (r == NULL)
		return qerr_set(err, PROTO_E_IO, "PWG raster: %s",
		                cupsRasterErrorString());
	if (!cupsRasterWriteHeader2(r, &h))
		rc = -1;
	for (int y = 0; rc == 0 && y < img->h; y++)
		if (cupsRasterWritePixels(
		        r, img->pixels + (size_t)y * (size_t)img->w,
		        (unsigned)img->w) != (unsigned)img->w)
			rc = -1;
	cupsRasterClose(r);
	if (rc || s->failed)
		return qerr_set(err, PROTO_E_IO, "writing PWG raster: %s",
		                s->failed ? "the printer stopped reading"
		                          : cupsRasterErrorString());
	return 0;
}

static size_t SDLCALL doc_rw_write(SDL_RWops *rw, const void *buf, size_t size,
                                   size_t num)
{
	struct doc_sink *s = rw->hidden.unknown.data1;

	if (s->failed || size * num == 0)
		return 0;
	if (s->write(s->ctx, buf, size * num) != (ssize_t)(size * num)) {
		s->failed = 1;
		return 0;
	}
	return num;
}

static Sint64 SDLCALL doc_rw_size(SDL_RWops *rw)
{
	(void)rw;
	return -1;
}

static Sint64 SDLCALL doc_rw_seek(SDL_RWops *rw, Sint64 off, int whence)
{
	(void)rw;
	(void)off;
	(void)whence;
	return -1;
}

static int SDLCALL doc_rw_close(SDL_RWops *rw)
{
	SDL_FreeRW(rw);
	return 0;
}

/* The image as an 8-bit surface with a gray palette, sharing its pixels. */
static SDL_Surface *doc_surface(const struct print_image *img)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormatFrom(
	    img->pixels, img->w, img->h, 8, img->w, SDL_PIXELFORMAT_INDEX8);
	SDL_Color gray[256];

	if (surf == NULL)
		return NULL;
	for (int i = 0; i < 256; i++)
		gray[i] = (SDL_Color){(Uint8)i, (Uint8)i, (Uint8)i, 0xff};
	SDL_SetPaletteColors(surf->format->palette, gray, 0, 256);
	return surf;
}

static int doc_write_png(const struct print_image *img, struct doc_sink *s,
                         struct qerr *err)
{
	SDL_Surface *surf = doc_surface(img);
	SDL_RWops *rw;
	int rc;

	if (surf == NULL)
		return qerr_set(err, PROTO_E_IO, "PNG: %s", SDL_GetError());
	if ((rw = SDL_AllocRW()) == NULL) {
		SDL_FreeSurface(surf);
		return qerr_set(err, PROTO_E_IO, "PNG: %s", SDL_GetError());
	}
	rw->type = SDL_RWOPS_UNKNOWN;
	rw->write = doc_rw_write;
	rw->size = doc_rw_size;
	rw->seek = doc_rw_seek;
	rw->close = doc_rw_close;
	rw->hidden.unknown.data1 = s;
	rc = IMG_SavePNG_RW(surf, rw, 1);
	SDL_FreeSurface(surf);
	if (rc < 0 || s->failed)
		return qerr_set(err, PROTO_E_IO, "writing PNG: %s",
		                s->failed ? "the printer stopped reading"
		                          : SDL_GetError());
	return 0;
}

static int doc_write_escpos(const struct print_image *img, struct doc_sink *s,
                            struct qerr *err)
{
	size_t len;
	unsigned char *bytes = escpos_encode(img, &len);
	ssize_t n = s->write(s->ctx, bytes, len);

	free(bytes);
	if (n != (ssize_t)len)
		return qerr_set(err, PROTO_E_IO,
		                "writing ESC/POS: the printer stopped reading");
	return 0;
}

/* Write img as a document of format f (not PRINT_AUTO) through write. */
int print_doc_write(enum print_format f, const struct print_image *img,
                    print_write_fn write, void *ctx, struct qerr *err)
{
	struct doc_sink s = {write, ctx, 0};

	switch (f) {
	case PRINT_PWG:
		return doc_write_pwg(img, &s, err);
	case PRINT_PNG:
		return doc_write_png(img, &s, err);
	case PRINT_ESCPOS:
		return doc_write_escpos(img, &s, err);
	default:
		return qerr_set(err, PROTO_E_CONFIG,
		                "no document format chosen");
	}
}

/* The ticket as a PNG file: what --ticket-png writes. */
int print_image_png(const struct print_image *img, const char *path,
                    struct qerr *err)
{
	SDL_Surface *surf = doc_surface(img);
	int rc = 0;

	if (surf == NULL)
		return qerr_set(err, PROTO_E_IO, "PNG: %s", SDL_GetError());
	if (IMG_SavePNG(surf, path) < 0)
		rc = qerr_set(err, PROTO_E_IO, "cannot write %s: %s", path,
		              SDL_GetError());
	SDL_FreeSurface(surf);
	return rc;
}
