/* The words of an announcement: pinyin the cmn-latn-pinyin voice reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "announce.h"

static void window_numbers_read_as_counts(void **state)
{
	static const struct {
		int n;
		const char *pinyin;
	} cases[] = {
	    {1, "yi1"},
	    {3, "san1"},
	    {10, "shi2"},
	    {12, "shi2 er4"},
	    {20, "er4 shi2"},
	    {21, "er4 shi2 yi1"},
	    {100, "yi1 bai3"},
	    {105, "yi1 bai3 ling2 wu3"},
	    {110, "yi1 bai3 yi1 shi2"},
	    {200, "liang3 bai3"},
	    {999, "jiu3 bai3 jiu3 shi2 jiu3"},
	};
	char out[64];
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		voice_text_count_zh(out, sizeof out, cases[i].n);
		assert_string_equal(out, cases[i].pinyin);
	}
}

static void ticket_number_read_digit_by_digit(void **state)
{
	char out[256];
	(void)state;

	assert_int_equal(voice_text_zh(out, sizeof out, "A007", 3, 0), 0);
	assert_string_equal(out, "qing3 A ling2 ling2 qi1 hao4 dao4 san1 hao4 "
	                         "chuang1 kou3 ban4 li3");
	assert_int_equal(voice_text_zh(out, sizeof out, "vip120", 12, 0), 0);
	assert_string_equal(out, "qing3 V I P yi1 er4 ling2 hao4 dao4 shi2 "
	                         "er4 hao4 chuang1 kou3 ban4 li3");
}

static void english_sentence_spells_the_number(void **state)
{
	char out[256];
	(void)state;

	assert_int_equal(voice_text_en(out, sizeof out, "A007", 3, 0), 0);
	assert_string_equal(out, "Number A, zero zero seven, please go to "
	                         "window 3.");
}

static void recall_is_announced_as_called_again(void **state)
{
	char out[256];
	(void)state;

	assert_int_equal(voice_text_zh(out, sizeof out, "A007", 3, 1), 0);
	assert_string_equal(out, "zai4 ci4 hu1 jiao4, qing3 A ling2 ling2 qi1 "
	                         "hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3");
	assert_int_equal(voice_text_en(out, sizeof out, "A007", 3, 1), 0);
	assert_string_equal(out, "Calling again. Number A, zero zero seven, "
	                         "please go to window 3.");
}

static void too_small_a_buffer_is_refused(void **state)
{
	char out[16];
	(void)state;

	assert_int_equal(voice_text_zh(out, sizeof out, "A007", 3, 0), -1);
	assert_int_equal(voice_text_en(out, sizeof out, "A007", 3, 0), -1);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(window_numbers_read_as_counts),
	    cmocka_unit_test(ticket_number_read_digit_by_digit),
	    cmocka_unit_test(english_sentence_spells_the_number),
	    cmocka_unit_test(recall_is_announced_as_called_again),
	    cmocka_unit_test(too_small_a_buffer_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
