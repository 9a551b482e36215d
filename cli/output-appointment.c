/*
 * Appointments as an operator reads them: the code large enough to read
 * out on the telephone, and a QR of it the citizen can photograph from the
 * screen (the kiosk's code pad takes the same six digits). The QR is drawn
 * with half blocks, two modules a character cell, dark on a light margin
 * so a phone reads it on dark terminals too.
 */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *field(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return output_safe(s ? s : "");
}

/* Module (x, y) dark? Outside the symbol is the quiet zone: light. */
static int qr_dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

static void qr_print(const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const int quiet = 2;

	if (q == NULL)
		return;
	for (int y = -quiet; y < q->width + quiet; y += 2) {
		for (int x = -quiet; x < q->width + quiet; x++) {
			int top = qr_dark(q, x, y),
			    bottom = qr_dark(q, x, y + 1);
			/* light is drawn, dark is the gap: on any background
			 * the light parts are white blocks. */
			fputs(top && bottom    ? " "
			      : top && !bottom ? "▄"
			      : !top && bottom ? "▀"
			                       : "█",
			      stdout);
		}
		putchar('\n');
	}
	QRcode_free(q);
}

void output_appointment(json_t *r)
{
	json_t *a = json_object_get(r, "appointment");

	if (json_object_get(a, "code")) {
		printf("appointment code %s: item %s, %s %s (queue %s)\n",
		       field(a, "code"), field(a, "item"), field(a, "day"),
		       field(a, "slot"), field(a, "queue"));
		qr_print(json_string_value(json_object_get(a, "code")));
		return;
	}
	printf("appointment %lld %s: item %s, %s %s\n",
	       (long long)json_integer_value(json_object_get(a, "id")),
	       field(a, "state"), field(a, "item"), field(a, "day"),
	       field(a, "slot"));
}

void output_appointments(json_t *r)
{
	size_t i;
	json_t *a;

	printf("day         slot   code    item  state       ticket\n");
	json_array_foreach(json_object_get(r, "appointments"), i, a)
	{
		printf("%-10s  %-5s  %-6s  %-4s  %-10s  %s\n", field(a, "day"),
		       field(a, "slot"), field(a, "code"), field(a, "item"),
		       field(a, "state"),
		       json_is_string(json_object_get(a, "number"))
		           ? field(a, "number")
		           : "-");
	}
}
