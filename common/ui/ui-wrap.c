/*
 * Where a line of text may end: the Unicode line breaking algorithm
 * (UAX #14) by libunibreak, which knows what a hand-made rule forgets
 * (no break before closing punctuation or after an opening bracket, none
 * inside a number, and the rest of 禁则), then one preference of Chinese
 * typesetting on top: a line that can end at punctuation ends there when
 * that fills most of it, so a phrase is not cut in two (办/理, 进/度)
 * when a comma a few characters back would do. The same code wraps the
 * screens and the paper.
 */
#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#include "ui-font.h"
#include "xmalloc.h"

/* A break at punctuation is taken if the line is at least this full. */
#define UI_WRAP_PUNCT_FILL 0.6

/* Bytes in the UTF-8 sequence that starts at s. */
static size_t ui_wrap_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Punctuation a line may well end after: Chinese and Latin stops,
 * commas, colons, the enumeration comma, closing brackets. */
static int ui_wrap_punct(const char *s, size_t n)
{
	static const char *const marks[] = {
	    "，", "。", "、", "；", "：", "？", "！", "）", "」", "》",
	    "”",  ",",  ".",  ";",  ":",  ")",  "!",  "?",  "·"};

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strlen(marks[i]) == n && memcmp(s, marks[i], n) == 0)
			return 1;
	return 0;
}

/* The width of the first n bytes of s in font, in pixels. */
static int ui_wrap_width(TTF_Font *font, const char *s, size_t n, char *buf)
{
	int w = 0, h = 0;

	memcpy(buf, s, n);
	buf[n] = '\0';
	TTF_SizeUTF8(font, buf, &w, &h);
	return w;
}

/* The length of s up to before its trailing spaces. */
static size_t ui_wrap_trim(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/*
 * The byte length of the next line of s that fits w pixels, ending where
 * UAX #14 allows, at punctuation when that fills UI_WRAP_PUNCT_FILL of w.
 * A word longer than the line is cut where it must be: always at least
 * one character.
 */
size_t ui_font_line_fit(TTF_Font *font, const char *s, int w)
{
	size_t len = strcspn(s, "\n"), i = 0, best = 0, punct = 0, fit = 0;
	int punct_w = 0;
	char *brks, *buf;

	static int ready;

	if (!ready) { /* the library's index: once, on the drawing thread */
		init_linebreak();
		ready = 1;
	}
	if (len == 0)
		return 0;
	brks = xmalloc(len);
	buf = xmalloc(len + 1);
	set_linebreaks_utf8((const utf8_t *)s, len, "zh", brks);
	while (i < len) {
		size_t n = ui_wrap_len(s + i), end = i + n > len ? len : i + n;
		size_t trimmed = ui_wrap_trim(s, end);
		int tw = ui_wrap_width(font, s, trimmed, buf);

		if (tw > w && fit > 0)
			break;
		fit = end;
		if (end == len || brks[end - 1] == LINEBREAK_ALLOWBREAK) {
			best = end;
			if (ui_wrap_punct(s + i, n) ||
			    (s[i] == ' ' && i > 0 &&
			     ui_wrap_punct(s + i - 1, 1))) {
				punct = end;
				punct_w = tw;
			}
		}
		i = end;
	}
	free(brks);
	free(buf);
	if (fit == len)
		return len;
	if (punct > 0 && punct_w >= (int)(w * UI_WRAP_PUNCT_FILL))
		return ui_wrap_trim(s, punct);
	if (best > 0)
		return ui_wrap_trim(s, best) > 0 ? ui_wrap_trim(s, best) : best;
	return fit;
}

const char *ui_font_next_line(TTF_Font *font, const char *s, int w, char *line,
                              size_t size)
{
	size_t n = ui_font_line_fit(font, s, w);

	if (n >= size)
		n = size - 1;
	memcpy(line, s, n);
	line[n] = '\0';
	s += n;
	while (*s == ' ' || *s == '\n')
		s++;
	return s;
}
