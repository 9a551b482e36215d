/*
 * A WAV file of 16-bit mono PCM: the 44-byte RIFF header written byte by
 * byte (little-endian whatever the machine), then the samples. Written to
 * a temporary name and renamed, so a reader never sees half a file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "qerr.h"
#include "voice.h"

/* v little-endian into 4 bytes. */
static void wav_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* v little-endian into 2 bytes. */
static void wav_u16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

/* n samples at rate Hz as a WAV file at path. */
int wav_write(const char *path, const short *samples, size_t n, int rate,
              struct qerr *err)
{
	unsigned char h[44];
	uint32_t bytes = (uint32_t)(n * 2);
	char tmp[1100];
	FILE *f;
	int ok;

	memcpy(h, "RIFF", 4);
	wav_u32(h + 4, 36 + bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	wav_u32(h + 16, 16); /* fmt chunk size */
	wav_u16(h + 20, 1);  /* PCM */
	wav_u16(h + 22, 1);  /* mono */
	wav_u32(h + 24, (uint32_t)rate);
	wav_u32(h + 28, (uint32_t)rate * 2); /* bytes a second */
	wav_u16(h + 32, 2);                  /* bytes a frame */
	wav_u16(h + 34, 16);                 /* bits a sample */
	memcpy(h + 36, "data", 4);
	wav_u32(h + 40, bytes);

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "wb")) == NULL)
		return qerr_set(err, PROTO_E_IO, "cannot write %s: %s", tmp,
		                strerror(errno));
	ok = fwrite(h, sizeof h, 1, f) == 1;
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char s[2];
		wav_u16(s, (uint16_t)samples[i]);
		ok = fwrite(s, 2, 1, f) == 1;
	}
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) < 0) {
		qerr_set(err, PROTO_E_IO, "cannot write %s: %s", path,
		         strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
