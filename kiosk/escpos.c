/*
 * ESC/POS: ESC @ (reset), then for each band of rows GS v 0 m xL xH yL yH
 * with one bit a dot (1 prints, leftmost dot in the high bit) and the width
 * in bytes, then ESC d 4 (feed past the cutter) and GS V 66 0 (feed and
 * partial cut). Any width works; it is rounded up to whole bytes with
 * white dots.
 */
#include "escpos.h"

#include <string.h>

#include "xmalloc.h"

/* The bytes for one image; the caller frees them. */
unsigned char *escpos_encode(const struct print_image *img, size_t *len)
{
	size_t bpl = (size_t)(img->w + 7) / 8;
	size_t bands =
	    (size_t)(img->h + ESCPOS_BAND_ROWS - 1) / ESCPOS_BAND_ROWS;
	size_t cap = 2 + bands * 8 + bpl * (size_t)img->h + 3 + 4;
	unsigned char *out = xcalloc(1, cap), *p = out;

	*p++ = 0x1b;
	*p++ = '@';
	for (int y0 = 0; y0 < img->h; y0 += ESCPOS_BAND_ROWS) {
		int rows = img->h - y0 < ESCPOS_BAND_ROWS ? img->h - y0
		                                          : ESCPOS_BAND_ROWS;
		*p++ = 0x1d;
		*p++ = 'v';
		*p++ = '0';
		*p++ = 0;
		*p++ = (unsigned char)(bpl & 0xff);
		*p++ = (unsigned char)(bpl >> 8);
		*p++ = (unsigned char)(rows & 0xff);
		*p++ = (unsigned char)(rows >> 8);
		for (int y = y0; y < y0 + rows; y++) {
			const unsigned char *row =
			    img->pixels + (size_t)y * (size_t)img->w;
			memset(p, 0, bpl);
			for (int x = 0; x < img->w; x++)
				if (row[x] < 128)
					p[x / 8] |=
					    (unsigned char)(0x80 >> (x % 8));
			p += bpl;
		}
	}
	*p++ = 0x1b;
	*p++ = 'd';
	*p++ = 4;
	*p++ = 0x1d;
	*p++ = 'V';
	*p++ = 66;
	*p++ = 0;
	*len = (size_t)(p - out);
	return out;
}
