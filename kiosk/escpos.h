/*
 * ESC/POS raster for raw thermal queues: the bitmap as GS v 0 bands, then
 * a feed and a partial cut. Dots darker than mid-gray print.
 */
#ifndef QHALL_KIOSK_ESCPOS_H
#define QHALL_KIOSK_ESCPOS_H

#include <stddef.h>

#include "print.h"

#define ESCPOS_BAND_ROWS 128 /* rows per GS v 0: small printers' buffers */

unsigned char *escpos_encode(const struct print_image *, size_t *len);

#endif
