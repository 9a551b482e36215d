/* common/ui: Chinese text renders as glyphs, wraps, scales; PNGs are real. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui-clock.h"
#include "ui-font.h"
#include "ui.h"

static struct ui *open_ui(int w, int h)
{
	struct ui_options o = {"test", 1080, 1920, w, h, 0, NULL};
	struct qerr err = {0};
	struct ui *ui = ui_open(&o, &err);

	if (ui == NULL)
		fail_msg("ui_open: %s", err.message);
	return ui;
}

/* Dark pixels in a design rectangle of the last screenshot. */
static int dark_pixels(const char *png, SDL_Rect r)
{
	SDL_Surface *s = IMG_Load(png), *c;
	int n = 0;

	assert_non_null(s);
	c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	for (int y = r.y; y < r.y + r.h && y < c->h; y++)
		for (int x = r.x; x < r.x + r.w && x < c->w; x++) {
			Uint32 p = ((Uint32 *)c->pixels)[y * c->pitch / 4 + x];
			if (((p >> 16) & 0xff) < 100 && ((p >> 8) & 0xff) < 100)
				n++;
		}
	SDL_FreeSurface(c);
	SDL_FreeSurface(s);
	return n;
}

static void chinese_text_draws_distinct_glyphs(void **state)
{
	struct ui *ui = open_ui(540, 960);
	char png[] = "/tmp/qhall-ui-XXXXXX.png";
	struct qerr err = {0};
	int fd = mkstemps(png, 4);
	(void)state;

	close(fd);
	ui_clear(ui, UI_WHITE);
	int w =
	    ui_text(ui, "政务服务大厅", 80, UI_BOLD, UI_INK, 40, 100, UI_LEFT);
	assert_in_range(w, 400, 560); /* six full-width glyphs of 80 */
	assert_int_equal(ui_screenshot(ui, png, &err), 0);
	/* Glyphs, not boxes: the six glyphs differ from each other. */
	SDL_Rect first = ui_rect(ui, 40, 100, 80, 110);
	SDL_Rect second = ui_rect(ui, 120, 100, 80, 110);
	int a = dark_pixels(png, first), b = dark_pixels(png, second);
	assert_true(a > 50 && b > 50);
	assert_true(a != b);
	unlink(png);
	ui_close(ui);
}

static void text_wraps_chinese_and_english(void **state)
{
	struct ui *ui = open_ui(540, 960);
	(void)state;

	assert_int_equal(ui_text_lines(ui, "居民身份证", 40, UI_REGULAR, 1000),
	                 1);
	assert_int_equal(ui_text_lines(ui, "居民身份证申领、换领、补领", 40,
	                               UI_REGULAR, 250),
	                 3);
	assert_int_equal(
	    ui_text_lines(ui, "Identity card application", 40, UI_REGULAR, 300),
	    2);
	/* Closing punctuation never starts a line. */
	assert_true(ui_text_lines(ui, "一二三四，五", 40, UI_REGULAR, 170) >=
	            2);
	ui_close(ui);
}

/* The lines text wraps to at w pixels in 40-pixel type, "|" between. */
static void wrap(struct ui *ui, const char *text, int w, char *out, size_t size)
{
	TTF_Font *f = ui_fonts_get(ui->fonts, 40, UI_REGULAR);
	char line[256];

	out[0] = '\0';
	while (*text) {
		text = ui_font_next_line(f, text, w, line, sizeof line);
		if (out[0])
			strncat(out, "|", size - strlen(out) - 1);
		strncat(out, line, size - strlen(out) - 1);
	}
}

static void lines_break_by_uax14_and_chinese_rules(void **state)
{
	struct ui *ui = open_ui(1080, 1920);
	char out[512];
	(void)state;

	/* A comma a few characters back is where the line ends: not in
	 * the middle of 办理 when it would fit to there. */
	wrap(ui, "请您耐心等候，叫号后到窗口办理业务", 440, out, sizeof out);
	assert_string_equal(out, "请您耐心等候，|叫号后到窗口办理业务");
	/* An opening bracket never ends a line; a closing one never
	 * starts one. */
	wrap(ui, "原居民身份证（到期换领时交回）", 280, out, sizeof out);
	assert_null(strstr(out, "（|"));
	assert_null(strstr(out, "|）"));
	wrap(ui, "一二三四五六（七）", 280, out, sizeof out);
	assert_null(strstr(out, "（|"));
	assert_null(strstr(out, "|）"));
	/* A number and its unit stay together; Latin breaks at spaces. */
	wrap(ui, "工本费 20元", 200, out, sizeof out);
	assert_null(strstr(out, "2|0"));
	wrap(ui, "Identity card application", 300, out, sizeof out);
	assert_string_equal(out, "Identity card|application");
	ui_close(ui);
}

static void layout_scales_and_centres_the_design(void **state)
{
	struct ui *ui =
	    open_ui(1920, 1080); /* landscape panel, portrait design */
	int x, y;
	(void)state;

	assert_true(ui->scale > 0.55f && ui->scale < 0.57f);
	SDL_Rect r = ui_rect(ui, 0, 0, 1080, 1920);
	assert_int_equal(r.y, 0);
	assert_int_equal(r.h, 1080);
	assert_true(r.x > 600 && r.x < 700);
	ui_to_design(ui, r.x + r.w / 2, 540, &x, &y);
	assert_in_range(x, 530, 550);
	assert_in_range(y, 950, 970);
	ui_close(ui);
}

static void strings_follow_the_language(void **state)
{
	struct ui *ui = open_ui(540, 960);
	(void)state;

	ui->lang = UI_ZH;
	assert_string_equal(ui_s(ui, "back"), "返回");
	ui->lang = UI_EN;
	assert_string_equal(ui_s(ui, "back"), "Back");
	assert_string_equal(ui_s(ui, "no.such.key"), "no.such.key");
	json_t *q = json_pack("{s:s, s:s}", "name_zh", "户籍", "name_en", "");
	json_object_del(q, "name_en");
	assert_string_equal(ui_pick(ui, q, "name"), "户籍");
	json_decref(q);
	ui_close(ui);
}

/* The hall's clock follows the hall's zone without touching TZ, which
 * other threads may be reading. */
static void hall_clock_needs_no_tz(void **state)
{
	struct tm tm;
	const char *before = getenv("TZ");
	(void)state;

	assert_int_equal(ui_clock_set_zone("Asia/Shanghai"), 0);
	ui_clock_tm(0, &tm);
	assert_int_equal(tm.tm_year, 70);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(tm.tm_wday, 4); /* a Thursday */
	/* Summer time where there is some: 2026-07-01 12:00 UTC. */
	assert_int_equal(ui_clock_set_zone("America/New_York"), 0);
	ui_clock_tm(1782907200, &tm);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(tm.tm_isdst, 1);
	assert_int_equal(tm.tm_mon, 6);
	/* An unknown zone is refused and the last one kept. */
	assert_int_equal(ui_clock_set_zone("Nowhere/Atlantis"), -1);
	assert_int_equal(ui_clock_set_zone(""), -1);
	ui_clock_tm(1782907200, &tm);
	assert_int_equal(tm.tm_hour, 8);
	assert_true(getenv("TZ") == before);
	ui_clock_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(chinese_text_draws_distinct_glyphs),
	    cmocka_unit_test(text_wraps_chinese_and_english),
	    cmocka_unit_test(lines_break_by_uax14_and_chinese_rules),
	    cmocka_unit_test(layout_scales_and_centres_the_design),
	    cmocka_unit_test(strings_follow_the_language),
	    cmocka_unit_test(hall_clock_needs_no_tz),
	};
	setenv("SDL_VIDEODRIVER", "dummy", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
