/* Unit tests of the kiosk's pieces that need no daemon and no printer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "escpos.h"
#include "kiosk.h"
#include "settings.h"
#include "ticket-render.h"
#include "words.h"

/* ESC @, GS v 0 bands of at most 128 rows, one bit a dot, feed and cut. */
static void escpos_bands_bits_and_cut(void **state)
{
	struct print_image *img = print_image_new(20, 300, 203);
	size_t len, bpl = 3;
	unsigned char *b;
	(void)state;

	img->pixels[0] = 0;              /* row 0, dot 0: black */
	img->pixels[299 * 20 + 19] = 10; /* last row, last dot: dark */
	img->pixels[5] = 200;            /* light gray: not printed */
	b = escpos_encode(img, &len);
	assert_memory_equal(b, "\x1b@\x1dv0\x00\x03\x00\x80\x00", 10);
	assert_int_equal(b[10], 0x80);
	assert_int_equal(b[10] & 0x04, 0); /* dot 5 */
	/* Three bands: 128 + 128 + 44 rows. */
	assert_int_equal(len, 2 + 3 * 8 + bpl * 300 + 3 + 4);
	assert_memory_equal(b + 2 + 8 + 128 * bpl, "\x1dv0\x00\x03\x00\x80\x00",
	                    8);
	assert_memory_equal(b + 2 + 16 + 256 * bpl,
	                    "\x1dv0\x00\x03\x00\x2c\x00", 8);
	/* Dot 19 of the last row: byte 2, bit 0x10. */
	assert_int_equal(b[len - 7 - 1] & 0x10, 0x10);
	assert_memory_equal(b + len - 7,
	                    "\x1b"
	                    "d\x04\x1dVB\x00",
	                    7);
	free(b);
	print_image_free(img);
}

/* A job's name never carries whitespace: Debian 12's cupsd dies on it. */
static void print_job_name_has_no_whitespace(void **state)
{
	char name[64];
	(void)state;

	print_job_name(name, sizeof name, "2026-12-02", "A001");
	assert_string_equal(name, "qhall-2026-12-02-A001");
	print_job_name(name, sizeof name, "2026 12\t02", "A 0\n1\r\v\f");
	assert_string_equal(name, "qhall-2026-12-02-A-0-1---");
	print_job_name(name, sizeof name, "\xe5\x8f\xb7", "x");
	assert_string_equal(name, "qhall-----x");
}

/* A translation's stray "%s" must never reach printf. */
static void words_format_fills_one_number(void **state)
{
	char out[64];
	(void)state;

	words_format(out, sizeof out, "前面还有 %d 人", 3);
	assert_string_equal(out, "前面还有 3 人");
	words_format(out, sizeof out, "%s ahead: %d", 12);
	assert_string_equal(out, "%s ahead: 12");
	words_format(out, sizeof out, "no number", 1);
	assert_string_equal(out, "no number");
}

static const char *write_conf(const char *text)
{
	static char path[] = "/tmp/qhall-kiosk-conf-XXXXXX";
	int fd;

	strcpy(path, "/tmp/qhall-kiosk-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void settings_read_and_refuse(void **state)
{
	struct settings s;
	struct qerr err = {0};
	const char *p;
	(void)state;

	settings_defaults(&s);
	assert_int_equal(s.paper_dots, 576);
	assert_int_equal(s.idle_s, 60);
	assert_int_equal(s.ticket_idle_s, 120);
	assert_int_equal(s.idle_ask_s, 15);
	p = write_conf("[kiosk]\nprinter = none\nformat = escpos\n"
	               "top_items = A01, F01\nrequire_printer = yes\n"
	               "ticket_timeout = 200\nidle_ask = 20\n");
	assert_int_equal(settings_load(&s, p, 1, &err), 0);
	unlink(p);
	assert_false(s.print);
	assert_int_equal(s.format, PRINT_ESCPOS);
	assert_int_equal(s.ntop, 2);
	assert_string_equal(s.top_items[1], "F01");
	assert_true(s.require_printer);
	assert_int_equal(s.ticket_idle_s, 200);
	assert_int_equal(s.idle_ask_s, 20);
	p = write_conf("[kiosk]\npaper_dots = 12\n");
	assert_int_equal(settings_load(&s, p, 1, &err), -1);
	assert_non_null(strstr(err.message, "paper_dots"));
	unlink(p);
	p = write_conf("[hall]\ntimezone = UTC\n");
	assert_int_equal(settings_load(&s, p, 1, &err), -1);
	assert_non_null(strstr(err.message, "unknown section"));
	unlink(p);
	assert_int_equal(settings_load(&s, "/nonexistent/kiosk.conf", 0, &err),
	                 0);
	assert_int_equal(settings_load(&s, "/nonexistent/kiosk.conf", 1, &err),
	                 -1);
}

static void status_url_joins_day_number_key(void **state)
{
	struct settings s;
	char url[300];
	(void)state;

	settings_defaults(&s);
	snprintf(s.status_url, sizeof s.status_url, "https://hall.example/q/");
	settings_status_url(&s, "2026-11-27", "A007", "k3Y", url, sizeof url);
	assert_string_equal(url,
	                    "https://hall.example/q/2026-11-27/A007?k=k3Y");
	snprintf(s.status_url, sizeof s.status_url, "https://hall.example/q");
	settings_status_url(&s, "2026-11-27", "A007", "k3Y", url, sizeof url);
	assert_string_equal(url,
	                    "https://hall.example/q/2026-11-27/A007?k=k3Y");
}

/* Replies find their take by tag, whatever order they come in. */
static void requests_match_replies_by_tag_not_order(void **state)
{
	static struct kiosk k;
	struct kiosk_requests l = {0};
	struct kiosk_request r;
	unsigned t1, t2, t3;
	(void)state;

	t1 = requests_tag(&k, KIOSK_TAG_TAKE);
	t2 = requests_tag(&k, KIOSK_TAG_TAKE);
	t3 = requests_tag(&k, KIOSK_TAG_LOOKUP);
	assert_int_not_equal(t1, t2);
	assert_int_equal(KIOSK_TAG_KIND(t2), KIOSK_TAG_TAKE);
	assert_int_equal(KIOSK_TAG_KIND(t3), KIOSK_TAG_LOOKUP);
	requests_add(&l, "kiosk-1", t1);
	requests_add(&l, "kiosk-2", t2);
	requests_add(&l, "kiosk-3", t3);
	assert_true(requests_take(&l, t2, &r));
	assert_string_equal(r.id, "kiosk-2");
	assert_false(requests_take(&l, t2, &r));
	assert_true(requests_take(&l, t3, &r));
	assert_string_equal(r.id, "kiosk-3");
	assert_true(requests_take(&l, t1, &r));
	assert_string_equal(r.id, "kiosk-1");
	assert_int_equal(l.n, 0);
	/* A full list forgets its oldest. */
	for (int i = 0; i <= KIOSK_REQUESTS_MAX; i++)
		requests_add(&l, i == 0 ? "first" : "later", (unsigned)i + 1);
	assert_int_equal(l.n, KIOSK_REQUESTS_MAX);
	assert_false(requests_take(&l, 1, &r));
	assert_true(requests_take(&l, 2, &r));
}

/* Dark dots in rows [y0, y1). */
static int dark_rows(const struct print_image *img, int y0, int y1)
{
	int n = 0;

	for (int y = y0; y < y1 && y < img->h; y++)
		for (int x = 0; x < img->w; x++)
			n += img->pixels[y * img->w + x] < 128;
	return n;
}

/* The paper: 576 dots wide, ink in it, and wider paper scales. */
static void ticket_render_sizes(void **state)
{
	struct qerr err = {0};
	struct ui_fonts *fonts;
	struct catalog *catalog;
	struct words words;
	struct ticket ticket = {.number = "A007",
	                        .queue = "A",
	                        .item = "A01",
	                        .day = "2026-11-27",
	                        .ahead = 6,
	                        .est_wait_s = 720,
	                        .priority = 1,
	                        .taken_at = 1795802720277LL};
	struct print_image *img, *narrow;
	struct ticket_measure m = {0};
	(void)state;

	assert_int_equal(TTF_Init(), 0);
	fonts = ui_fonts_open(&err);
	assert_non_null(fonts);
	catalog = catalog_load(QHALL_SOURCE_ASSETS_DIR "/catalog.json", &err);
	assert_non_null(catalog);
	assert_int_equal(words_load(&words, UI_ZH, &err), 0);
	struct ticket_render in = {
	    fonts,   &words, catalog,
	    &ticket, UI_ZH,  "https://hall.example/q/2026-11-27/A007?k=x",
	    576,     203,    &m};
	img = ticket_render(&in, &err);
	assert_non_null(img);
	/* Every glyph 3.0 mm (28 dots at 203 dpi), QR modules 6 dots. */
	assert_true(m.least_glyph >= TICKET_GLYPH_DOTS);
	assert_true(m.qr_module >= TICKET_QR_MODULE);
	assert_int_equal(img->w, 576);
	assert_in_range(img->h, 900, 3000);
	assert_true(dark_rows(img, 0, img->h) > 20000);
	/* The hall's name sits at the top: ink in the first 60 rows. */
	assert_true(dark_rows(img, 0, 60) > 500);
	in.width = 384; /* 58 mm paper */
	narrow = ticket_render(&in, &err);
	assert_non_null(narrow);
	assert_true(m.least_glyph >= TICKET_GLYPH_DOTS);
	assert_true(m.qr_module >= TICKET_QR_MODULE);
	assert_int_equal(narrow->w, 384);
	/* Narrow paper wraps more, so it may be longer: its glyphs are
	 * not smaller. */
	assert_true(narrow->h > 600);
	in.width = 100;
	assert_null(ticket_render(&in, &err));
	print_image_free(narrow);
	print_image_free(img);
	words_close(&words);
	catalog_free(catalog);
	ui_fonts_close(fonts);
	TTF_Quit();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escpos_bands_bits_and_cut),
	    cmocka_unit_test(words_format_fills_one_number),
	    cmocka_unit_test(settings_read_and_refuse),
	    cmocka_unit_test(print_job_name_has_no_whitespace),
	    cmocka_unit_test(status_url_joins_day_number_key),
	    cmocka_unit_test(ticket_render_sizes),
	    cmocka_unit_test(requests_match_replies_by_tag_not_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
