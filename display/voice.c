/*
 * The voice thread. Announcements wait in a small queue under a mutex;
 * the thread takes them one at a time, synthesises the whole announcement
 * into a buffer (espeak-ng in synchronous mode, its samples collected by
 * the synth callback), writes the WAV file if asked, and appends the
 * buffer to SDL's audio queue: SDL plays queued audio in order, so the
 * next call waits for the end of this one instead of cutting it off.
 */
#include <ctype.h>
#include <espeak-ng/espeak_ng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "log.h"
#include "qerr.h"
#include "ticket.h"
#include "voice.h"
#include "xmalloc.h"

#define VOICE_ZH      "cmn-latn-pinyin"
#define VOICE_EN      "en"
#define VOICE_GAP_MS  600 /* between repeats */
#define VOICE_TAIL_MS 400 /* after an announcement */

struct voice_item {
	char number[TICKET_NUMBER_MAX];
	int window;
	int recall;
};

/* Samples of one announcement, grown as espeak-ng hands them over. */
struct voice_pcm {
	short *s;
	size_t n, cap;
};

struct voice {
	struct voice_options opt;
	char wav_dir[1024];
	SDL_AudioDeviceID device; /* 0: silent */

	SDL_Thread *thread;
	SDL_mutex *lock;
	SDL_cond *wake;
	struct voice_item queue[VOICE_QUEUE_MAX]; /* under lock */
	int head, count;                          /* under lock */
	int stop;                                 /* under lock */
	SDL_atomic_t spoken, broken;
	unsigned seq; /* thread only: WAV file numbers */
};

/* Append n samples (silence when s is NULL). */
static void voice_pcm_add(struct voice_pcm *p, const short *s, size_t n)
{
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2;
		p->s = xrealloc(p->s, p->cap * sizeof *p->s);
	}
	if (s)
		memcpy(p->s + p->n, s, n * sizeof *s);
	else
		memset(p->s + p->n, 0, n * sizeof *s);
	p->n += n;
}

/* Append ms of silence. */
static void voice_silence(struct voice_pcm *p, int ms)
{
	voice_pcm_add(p, NULL, (size_t)(VOICE_RATE_HZ * ms / 1000));
}

/* Two struck notes, high then low (叮咚): heads turn before the words. */
static void voice_chime(struct voice_pcm *p)
{
	static const double notes[2] = {659.25, 523.25}; /* E5, C5 */
	const size_t len = VOICE_RATE_HZ * 45 / 100;
	short buf[VOICE_RATE_HZ / 2];

	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < len; i++) {
			double t = (double)i / VOICE_RATE_HZ;
			double v = sin(2 * M_PI * notes[k] * t) +
			           0.3 * sin(4 * M_PI * notes[k] * t);
			buf[i] = (short)(9000 * v * exp(-5.0 * t));
		}
		voice_pcm_add(p, buf, len);
	}
	voice_silence(p, 150);
}

/* espeak-ng hands samples here; events[0].user_data is our buffer. */
static int voice_collect(short *wav, int n, espeak_EVENT *events)
{
	struct voice_pcm *p = events ? events->user_data : NULL;

	if (p && wav && n > 0)
		voice_pcm_add(p, wav, (size_t)n);
	return 0;
}

/* Append text spoken by voice. */
static int voice_say(struct voice_pcm *p, const char *voice, const char *text)
{
	espeak_ng_STATUS rc;

	if ((rc = espeak_ng_SetVoiceByName(voice)) != ENS_OK) {
		log_error("voice", "no espeak-ng voice %s (%d)", voice,
		          (int)rc);
		return -1;
	}
	rc = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	                          espeakCHARS_UTF8, NULL, p);
	if (rc == ENS_OK)
		rc = espeak_ng_Synchronize();
	if (rc != ENS_OK) {
		log_error("voice", "espeak-ng could not say \"%s\" (%d)", text,
		          (int)rc);
		return -1;
	}
	return 0;
}

/* Start espeak-ng for this thread: synchronous, into voice_collect. */
static int voice_start_espeak(struct voice *v)
{
	espeak_ng_ERROR_CONTEXT ctx = NULL;
	espeak_ng_STATUS rc;

	espeak_ng_InitializePath(NULL);
	if ((rc = espeak_ng_Initialize(&ctx)) != ENS_OK) {
		log_error("voice", "espeak-ng will not start (%d): no voice",
		          (int)rc);
		espeak_ng_ClearErrorContext(&ctx);
		return -1;
	}
	if ((rc = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0,
	                                     NULL)) != ENS_OK ||
	    espeak_ng_GetSampleRate() != VOICE_RATE_HZ) {
		log_error("voice", "espeak-ng output (%d, %d Hz): no voice",
		          (int)rc, espeak_ng_GetSampleRate());
		espeak_ng_Terminate();
		return -1;
	}
	espeak_SetSynthCallback(voice_collect);
	if (v->opt.rate > 0)
		espeak_ng_SetParameter(espeakRATE, v->opt.rate, 0);
	return 0;
}

/* One announcement: synthesise, write the WAV, queue the sound. */
static void voice_speak(struct voice *v, const struct voice_item *it)
{
	struct voice_pcm p = {0};
	struct qerr err = {0};
	char text[512], path[1200];

	voice_chime(&p);
	if (voice_text_zh(text, sizeof text, it->number, it->window,
	                  it->recall) == 0) {
		for (int i = 0; i < v->opt.repeat; i++) {
			if (i > 0)
				voice_silence(&p, VOICE_GAP_MS);
			voice_say(&p, VOICE_ZH, text);
		}
	}
	if (v->opt.english && voice_text_en(text, sizeof text, it->number,
	                                    it->window, it->recall) == 0) {
		voice_silence(&p, VOICE_GAP_MS);
		voice_say(&p, VOICE_EN, text);
	}
	voice_silence(&p, VOICE_TAIL_MS);
	v->seq++;
	if (v->wav_dir[0]) {
		/* The number names the file: letters and digits only. */
		char name[TICKET_NUMBER_MAX] = "";
		size_t n = 0;
		for (const char *q = it->number; *q && n + 1 < sizeof name; q++)
			if (isalnum((unsigned char)*q))
				name[n++] = *q;
		name[n] = '\0';
		snprintf(path, sizeof path, "%s/%04u-%s-w%d.wav", v->wav_dir,
		         v->seq, name, it->window);
		if (wav_write(path, p.s, p.n, VOICE_RATE_HZ, &err))
			log_warn("voice", "%s", err.message);
	}
	if (v->device &&
	    SDL_QueueAudio(v->device, p.s, (Uint32)(p.n * sizeof *p.s)) < 0)
		log_warn("voice", "cannot play: %s", SDL_GetError());
	log_info("voice", "announced %s%s to window %d (%.1f s)",
	         it->recall ? "again " : "", it->number, it->window,
	         (double)p.n / VOICE_RATE_HZ);
	free(p.s);
}

/* The thread: take announcements in order until stopped. */
static int voice_main(void *arg)
{
	struct voice *v = arg;
	int ok = voice_start_espeak(v) == 0;

	if (!ok)
		SDL_AtomicSet(&v->broken, 1);
	for (;;) {
		struct voice_item it;

		SDL_LockMutex(v->lock);
		while (v->count == 0 && !v->stop)
			SDL_CondWait(v->wake, v->lock);
		if (v->stop) {
			SDL_UnlockMutex(v->lock);
			break;
		}
		it = v->queue[v->head];
		v->head = (v->head + 1) % VOICE_QUEUE_MAX;
		v->count--;
		SDL_UnlockMutex(v->lock);
		if (ok)
			voice_speak(v, &it);
		SDL_AtomicIncRef(&v->spoken);
	}
	if (ok)
		espeak_ng_Terminate();
	return 0;
}

/* The audio device, if there is one: none is not an error. */
static SDL_AudioDeviceID voice_open_audio(void)
{
	SDL_AudioSpec want = {0}, have;
	SDL_AudioDeviceID dev;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		log_warn("voice", "no audio (%s): calls are shown, not spoken",
		         SDL_GetError());
		return 0;
	}
	want.freq = VOICE_RATE_HZ;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	/* No changes allowed: SDL converts, and queued audio is ours. */
	dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (dev == 0) {
		log_warn("voice",
		         "no audio device (%s): calls are shown, not "
		         "spoken",
		         SDL_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return 0;
	}
	SDL_PauseAudioDevice(dev, 0);
	return dev;
}

/* Start the voice; without espeak-ng or audio it stays quiet. */
struct voice *voice_open(const struct voice_options *o)
{
	struct voice *v = xcalloc(1, sizeof *v);

	v->opt = *o;
	if (v->opt.repeat < 1)
		v->opt.repeat = 1;
	snprintf(v->wav_dir, sizeof v->wav_dir, "%s",
	         o->wav_dir ? o->wav_dir : "");
	v->opt.wav_dir = NULL;
	if (o->sound)
		v->device = voice_open_audio();
	v->lock = SDL_CreateMutex();
	v->wake = SDL_CreateCond();
	if (v->lock == NULL || v->wake == NULL)
		fatal("voice: %s", SDL_GetError());
	v->thread = SDL_CreateThread(voice_main, "qhall-voice", v);
	if (v->thread == NULL)
		fatal("cannot start the voice thread: %s", SDL_GetError());
	return v;
}

/* Stop the thread (what is still queued is dropped) and the audio. */
void voice_close(struct voice *v)
{
	if (v == NULL)
		return;
	SDL_LockMutex(v->lock);
	v->stop = 1;
	SDL_CondSignal(v->wake);
	SDL_UnlockMutex(v->lock);
	SDL_WaitThread(v->thread, NULL);
	if (v->device) {
		SDL_CloseAudioDevice(v->device);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	SDL_DestroyCond(v->wake);
	SDL_DestroyMutex(v->lock);
	free(v);
}

/* Queue an announcement; returns at once. */
void voice_announce(struct voice *v, const char *number, int window, int recall)
{
	struct voice_item *it;

	if (v == NULL)
		return;
	SDL_LockMutex(v->lock);
	if (v->count == VOICE_QUEUE_MAX) {
		SDL_UnlockMutex(v->lock);
		log_warn("voice", "%d announcements waiting: %s not spoken",
		         VOICE_QUEUE_MAX, number);
		return;
	}
	it = &v->queue[(v->head + v->count) % VOICE_QUEUE_MAX];
	snprintf(it->number, sizeof it->number, "%s", number);
	it->window = window;
	it->recall = recall;
	v->count++;
	SDL_CondSignal(v->wake);
	SDL_UnlockMutex(v->lock);
}

/* How many announcements are done. */
unsigned voice_spoken(struct voice *v)
{
	return v ? (unsigned)SDL_AtomicGet(&v->spoken) : 0;
}

/* Whether the voice is heard, silent (no device) or broken. */
const char *voice_state(struct voice *v)
{
	if (v == NULL)
		return "off";
	if (SDL_AtomicGet(&v->broken))
		return "broken";
	return v->device ? "on" : "silent";
}
