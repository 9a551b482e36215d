/*
 * The words of an announcement. espeak-ng's cmn-latn-pinyin voice reads
 * pinyin syllables with tone digits, and latin letters by name, so the
 * Mandarin sentence is built here in pinyin: the ticket number digit by
 * digit ("A 零零七", as halls read it, not "A 七"), the window as a count
 * ("十二号窗口").
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "announce.h"

static const char *const voice_digit_zh[10] = {
    "ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"};
static const char *const voice_digit_en[10] = {"zero",  "one",  "two", "three",
                                               "four",  "five", "six", "seven",
                                               "eight", "nine"};

/* Append word to out (space-separated); 0, or -1 when it does not fit. */
static int voice_word(char *out, size_t size, const char *word)
{
	size_t n = strlen(out), w = strlen(word);

	if (n + w + 2 > size)
		return -1;
	if (n > 0)
		out[n++] = ' ';
	memcpy(out + n, word, w + 1);
	return 0;
}

/* 0-999 as a Mandarin count in pinyin: 12 "shi2 er4", 105 "yi1 bai3 ling2
 * wu3", 200 "liang3 bai3". */
void voice_text_count_zh(char *out, size_t size, int n)
{
	int h = n / 100, t = n / 10 % 10, u = n % 10;

	out[0] = '\0';
	if (n < 0 || n > 999) {
		snprintf(out, size, "%d", n);
		return;
	}
	if (h > 0) {
		voice_word(out, size, h == 2 ? "liang3" : voice_digit_zh[h]);
		voice_word(out, size, "bai3");
		if (t == 0 && u != 0)
			voice_word(out, size, "ling2");
	}
	if (t > 0) {
		/* 十二 alone, but 一百一十 after hundreds. */
		if (t > 1 || h > 0)
			voice_word(out, size, voice_digit_zh[t]);
		voice_word(out, size, "shi2");
	}
	if (u > 0 || n == 0)
		voice_word(out, size, voice_digit_zh[u]);
}

/* The ticket number, letter by letter and digit by digit. */
static int voice_number(char *out, size_t size, const char *number,
                        const char *const digits[10])
{
	char letter[2] = {0, 0};
	int rc = 0;

	for (const char *p = number; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			rc |= voice_word(out, size, digits[*p - '0']);
		} else if (isalpha((unsigned char)*p)) {
			letter[0] = (char)toupper((unsigned char)*p);
			rc |= voice_word(out, size, letter);
		}
	}
	return rc;
}

/* "qing3 A ling2 ling2 qi1 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3";
 * a recall begins "zai4 ci4 hu1 jiao4" (再次呼叫), so that a citizen who
 * missed the first call knows this is the second. */
int voice_text_zh(char *out, size_t size, const char *number, int window,
                  int recall)
{
	char count[64];
	int rc = 0;

	if (size == 0)
		return -1;
	out[0] = '\0';
	voice_text_count_zh(count, sizeof count, window);
	if (recall)
		rc |= voice_word(out, size, "zai4 ci4 hu1 jiao4,");
	rc |= voice_word(out, size, "qing3");
	rc |= voice_number(out, size, number, voice_digit_zh);
	rc |= voice_word(out, size, "hao4 dao4");
	rc |= voice_word(out, size, count);
	rc |= voice_word(out, size, "hao4 chuang1 kou3 ban4 li3");
	return rc;
}

/* "Number A, zero zero seven, please go to window 3." The commas keep
 * espeak from reading a lone "A" as the article. */
int voice_text_en(char *out, size_t size, const char *number, int window,
                  int recall)
{
	char letters[16] = "", digits[128] = "";
	int rc = 0, n;
	const char *p = number;

	if (size == 0)
		return -1;
	for (; *p && !isdigit((unsigned char)*p); p++) {
		char letter[2] = {(char)toupper((unsigned char)*p), 0};
		if (isalpha((unsigned char)*p))
			rc |= voice_word(letters, sizeof letters, letter);
	}
	rc |= voice_number(digits, sizeof digits, p, voice_digit_en);
	n = snprintf(out, size, "%sNumber %s, %s, please go to window %d.",
	             recall ? "Calling again. " : "", letters, digits, window);
	return rc || n < 0 || (size_t)n >= size ? -1 : 0;
}
