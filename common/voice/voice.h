/*
 * Speech for the screens: utterances spoken through libespeak-ng into SDL
 * audio, shared by the lobby display (its calls) and the kiosk (its
 * screens and tickets).
 *
 * voice_say() only queues; a thread of its own synthesises each utterance
 * (an optional chime, then its parts, each in its own espeak-ng voice)
 * into one buffer and appends it to SDL's audio queue. SDL plays that
 * queue in order, so two utterances never sound at once: the next waits
 * for the end of this one, or, said with VOICE_CUT, the one sounding is
 * cut off and what waits is dropped first. espeak-ng is used from that
 * thread only.
 *
 * No audio device, or no espeak-ng, is no error: the caller goes on,
 * silent. A wav_dir also gets each utterance as DIR/NNNN-NAME.wav.
 */
#ifndef QHALL_VOICE_H
#define QHALL_VOICE_H

#include <stddef.h>

#define VOICE_RATE_HZ   22050 /* what espeak-ng gives: mono, s16 */
#define VOICE_QUEUE_MAX 32    /* utterances waiting to be spoken */
#define VOICE_PARTS     3
#define VOICE_TEXT_MAX  512

/* espeak-ng voices: pinyin with tone digits reads better than characters
 * for the lobby's fixed sentences; the kiosk's screen texts are
 * characters, read by the cmn voice. */
#define VOICE_ZH_PINYIN "cmn-latn-pinyin"
#define VOICE_ZH        "cmn"
#define VOICE_EN        "en"

struct voice_options {
	int sound;           /* play through SDL audio */
	int rate;            /* words a minute; 0: espeak's own */
	const char *wav_dir; /* NULL: no files */
};

/* One part of an utterance: text in a voice, said repeat times. */
struct voice_part {
	const char *voice; /* VOICE_ZH, ...; NULL: unused */
	char text[VOICE_TEXT_MAX];
	int repeat; /* 0 counts as 1 */
};

struct voice_utterance {
	int chime; /* 叮咚 first, for heads to turn */
	struct voice_part part[VOICE_PARTS];
	char name[48]; /* of the WAV file: letters, digits, '-' kept */
};

enum voice_how {
	VOICE_QUEUE, /* after what is waiting */
	VOICE_CUT,   /* instead of what is sounding and waiting */
};

struct voice;

struct voice *voice_open(const struct voice_options *);
void voice_close(struct voice *);
void voice_say(struct voice *, const struct voice_utterance *, enum voice_how);
void voice_hush(struct voice *);         /* stop sounding, drop what waits */
unsigned voice_spoken(struct voice *);   /* utterances done so far */
const char *voice_state(struct voice *); /* "on", "silent", "broken" */

/* voice-wav.c */
struct qerr;
int wav_write(const char *path, const short *samples, size_t n, int rate,
              struct qerr *);

#endif
