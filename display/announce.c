/*
 * A call as an utterance of the shared voice: chime, the pinyin sentence
 * repeated, the English one. Queued behind what is being said: a burst of
 * calls is spoken in order, none cut off.
 */
#include <ctype.h>
#include <stdio.h>

#include "announce.h"
#include "voice.h"

void voice_announce(struct voice *v, const char *number, int window, int recall,
                    int repeat, int english)
{
	struct voice_utterance u = {.chime = 1};
	char name[24] = "";
	size_t n = 0;

	if (v == NULL)
		return;
	if (voice_text_zh(u.part[0].text, sizeof u.part[0].text, number, window,
	                  recall) == 0) {
		u.part[0].voice = VOICE_ZH_PINYIN;
		u.part[0].repeat = repeat;
	}
	if (english && voice_text_en(u.part[1].text, sizeof u.part[1].text,
	                             number, window, recall) == 0)
		u.part[1].voice = VOICE_EN;
	/* The number names the file: letters and digits only. */
	for (const char *q = number; *q && n + 1 < sizeof name; q++)
		if (isalnum((unsigned char)*q))
			name[n++] = *q;
	name[n] = '\0';
	snprintf(u.name, sizeof u.name, "%s-w%d", name, window);
	voice_say(v, &u, VOICE_QUEUE);
}
