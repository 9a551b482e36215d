/*
 * Voice announcements: "请 A 零零七 号 到 三 号窗口 办理", spoken through
 * libespeak-ng into SDL audio.
 *
 * voice_announce() only queues; a thread of its own synthesises each
 * announcement (a chime, the Mandarin sentence REPEAT times, then the
 * English one if asked) into one buffer and appends it to SDL's audio
 * queue, so a new call never cuts off the one being spoken and a burst is
 * spoken in order. espeak-ng is used from that thread only.
 *
 * No audio device is no error: the display goes on, silent. --voice-wav
 * DIR also writes each announcement as DIR/NNNN-NUMBER-wWINDOW.wav.
 */
#ifndef QHALL_VOICE_H
#define QHALL_VOICE_H

#include <stddef.h>

#define VOICE_RATE_HZ   22050 /* what espeak-ng gives: mono, s16 */
#define VOICE_QUEUE_MAX 32    /* announcements waiting to be spoken */

struct voice_options {
	int sound;           /* play through SDL audio */
	int repeat;          /* Mandarin sentence this many times, 1-5 */
	int english;         /* then once in English */
	int rate;            /* words a minute; 0: espeak's own */
	const char *wav_dir; /* NULL: no files */
};

struct voice;

struct voice *voice_open(const struct voice_options *);
void voice_close(struct voice *);
/* recall: the number called again, announced as 再次呼叫 first. */
void voice_announce(struct voice *, const char *number, int window, int recall);
unsigned voice_spoken(struct voice *);   /* announcements done so far */
const char *voice_state(struct voice *); /* "on", "silent", "broken" */

/* voice-text.c: the sentences, pinyin with tone digits for espeak-ng's
 * cmn-latn-pinyin voice (its Chinese-character voices misread 请). */
int voice_text_zh(char *out, size_t size, const char *number, int window,
                  int recall);
int voice_text_en(char *out, size_t size, const char *number, int window,
                  int recall);
void voice_text_count_zh(char *out, size_t size, int n);

/* wav.c */
struct qerr;
int wav_write(const char *path, const short *samples, size_t n, int rate,
              struct qerr *);

#endif
