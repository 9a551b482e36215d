/* QR codes: error correction M, 8-bit mode, the smallest version that fits. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "proto.h"
#include "xmalloc.h"

struct qr *qr_encode(const char *text, struct qerr *err)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct qr *q;
	size_t n;

	if (code == NULL) {
		qerr_set(err, PROTO_E_IO,
		         "cannot make a QR code of \"%.60s\": %s", text,
		         strerror(errno));
		return NULL;
	}
	q = xcalloc(1, sizeof *q);
	q->width = code->width;
	n = (size_t)code->width * (size_t)code->width;
	q->dark = xmalloc(n);
	/* libqrencode keeps flags in the other bits; bit 0 is the colour. */
	for (size_t i = 0; i < n; i++)
		q->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return q;
}

void qr_free(struct qr *q)
{
	if (q == NULL)
		return;
	free(q->dark);
	free(q);
}
