/*
 * The voice thread. Utterances wait in a small queue under a mutex; the
 * thread takes them one at a time, synthesises the whole utterance into a
 * buffer (espeak-ng in synchronous mode, its samples collected by the
 * synth callback), writes the WAV file if asked, and appends the buffer
 * to SDL's audio queue: SDL plays queued audio in order, so the next
 * utterance waits for the end of this one instead of sounding over it.
 * A cut clears that queue and drops what waits here before queueing.
 */
#include <ctype.h>
#include <espeak-ng/espeak_ng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "log.h"
#include "qerr.h"
#include "voice.h"
#include "xmalloc.h"

#define VOICE_GAP_MS  600 /* between repeats and parts */
#define VOICE_TAIL_MS 400 /* after an utterance */

/* Samples of one utterance, grown as espeak-ng hands them over. */
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
	struct voice_utterance queue[VOICE_QUEUE_MAX]; /* under lock */
	int head, count;                               /* under lock */
	int stop;                                      /* under lock */
	unsigned cuts; /* under lock: VOICE_CUT and hushes so far */
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
static int voice_say_into(struct voice_pcm *p, const char *voice,
                          const char *text)
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

/* The WAV file's name: letters, digits and '-' of name only. */
static void voice_file_name(char *out, size_t size, const char *name)
{
	size_t n = 0;

	for (const char *q = name; *q && n + 1 < size; q++)
		if (isalnum((unsigned char)*q) || *q == '-')
			out[n++] = *q;
	out[n] = '\0';
}

/* One utterance: synthesise, write the WAV, queue the sound unless a cut
 * came while it was being made (it is stale then). */
static void voice_speak(struct voice *v, const struct voice_utterance *u,
                        unsigned cuts)
{
	struct voice_pcm p = {0};
	struct qerr err = {0};
	char path[1200], name[48];
	int said = 0, stale;

	if (u->chime)
		voice_chime(&p);
	for (int i = 0; i < VOICE_PARTS; i++) {
		const struct voice_part *part = &u->part[i];
		int repeat = part->repeat < 1 ? 1 : part->repeat;
		if (part->voice == NULL || part->text[0] == '\0')
			continue;
		for (int r = 0; r < repeat; r++) {
			if (said++ > 0)
				voice_silence(&p, VOICE_GAP_MS);
			voice_say_into(&p, part->voice, part->text);
		}
	}
	voice_silence(&p, VOICE_TAIL_MS);
	v->seq++;
	if (v->wav_dir[0]) {
		voice_file_name(name, sizeof name, u->name);
		snprintf(path, sizeof path, "%s/%04u-%s.wav", v->wav_dir,
		         v->seq, name[0] ? name : "say");
		if (wav_write(path, p.s, p.n, VOICE_RATE_HZ, &err))
			log_warn("voice", "%s", err.message);
	}
	/* Under the lock: a cut between the check and the queueing would
	 * let this stale one sound before the words that cut it. */
	SDL_LockMutex(v->lock);
	stale = v->cuts != cuts;
	if (v->device && !stale &&
	    SDL_QueueAudio(v->device, p.s, (Uint32)(p.n * sizeof *p.s)) < 0)
		log_warn("voice", "cannot play: %s", SDL_GetError());
	SDL_UnlockMutex(v->lock);
	log_info("voice", "said %s (%.1f s)%s", u->name[0] ? u->name : "words",
	         (double)p.n / VOICE_RATE_HZ,
	         stale ? ", cut before sounding" : "");
	free(p.s);
}

/* The thread: take utterances in order until stopped. */
static int voice_main(void *arg)
{
	struct voice *v = arg;
	int ok = voice_start_espeak(v) == 0;

	if (!ok)
		SDL_AtomicSet(&v->broken, 1);
	for (;;) {
		struct voice_utterance u;
		unsigned cuts;

		SDL_LockMutex(v->lock);
		while (v->count == 0 && !v->stop)
			SDL_CondWait(v->wake, v->lock);
		if (v->stop) {
			SDL_UnlockMutex(v->lock);
			break;
		}
		u = v->queue[v->head];
		v->head = (v->head + 1) % VOICE_QUEUE_MAX;
		v->count--;
		cuts = v->cuts;
		SDL_UnlockMutex(v->lock);
		if (ok)
			voice_speak(v, &u, cuts);
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
		log_warn("voice", "no audio (%s): nothing is heard",
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
		log_warn("voice", "no audio device (%s): nothing is heard",
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

/* Queue an utterance; returns at once. A cut first silences what is
 * sounding and drops what waits. */
void voice_say(struct voice *v, const struct voice_utterance *u,
               enum voice_how how)
{
	if (v == NULL)
		return;
	if (how == VOICE_CUT)
		voice_hush(v);
	SDL_LockMutex(v->lock);
	if (v->count == VOICE_QUEUE_MAX) {
		SDL_UnlockMutex(v->lock);
		log_warn("voice", "%d utterances waiting: %s not said",
		         VOICE_QUEUE_MAX, u->name);
		return;
	}
	v->queue[(v->head + v->count) % VOICE_QUEUE_MAX] = *u;
	v->count++;
	SDL_CondSignal(v->wake);
	SDL_UnlockMutex(v->lock);
}

/* Silence now: what sounds stops, what waits is dropped (and counted as
 * done, so the count still tells how many were handled). */
void voice_hush(struct voice *v)
{
	if (v == NULL)
		return;
	SDL_LockMutex(v->lock);
	v->cuts++;
	v->head = (v->head + v->count) % VOICE_QUEUE_MAX;
	v->count = 0;
	if (v->device)
		SDL_ClearQueuedAudio(v->device);
	SDL_UnlockMutex(v->lock);
}

/* How many utterances are done. */
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
