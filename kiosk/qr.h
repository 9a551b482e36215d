/* QR codes (libqrencode) for the ticket's status address. */
#ifndef QHALL_KIOSK_QR_H
#define QHALL_KIOSK_QR_H

#include "qerr.h"

#define QR_QUIET 4 /* modules of white around the code, as the spec asks */

struct qr {
	int width;           /* modules a side */
	unsigned char *dark; /* width * width, 1 = dark; owned */
};

struct qr *qr_encode(const char *text, struct qerr *);
void qr_free(struct qr *);

#endif
