/*
 * The lobby's announcements: "请 A 零零七 号 到 三 号窗口 办理", a chime
 * first, the Mandarin sentence REPEAT times, then the English one if
 * asked, spoken by the shared voice (common/voice) one after the other,
 * so a new call never cuts off the one being spoken.
 *
 * --voice-wav DIR also writes each announcement as
 * DIR/NNNN-NUMBER-wWINDOW.wav.
 */
#ifndef QHALL_ANNOUNCE_H
#define QHALL_ANNOUNCE_H

#include <stddef.h>

struct voice;

/* recall: the number called again, announced as 再次呼叫 first. */
void voice_announce(struct voice *, const char *number, int window, int recall,
                    int repeat, int english);

/* voice-text.c: the sentences, pinyin with tone digits for espeak-ng's
 * cmn-latn-pinyin voice (its Chinese-character voices misread 请). */
int voice_text_zh(char *out, size_t size, const char *number, int window,
                  int recall);
int voice_text_en(char *out, size_t size, const char *number, int window,
                  int recall);
void voice_text_count_zh(char *out, size_t size, int n);

#endif
