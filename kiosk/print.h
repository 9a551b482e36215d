/*
 * Printing a ticket with libcups. A ticket is a grayscale bitmap; it goes
 * to a CUPS destination (or straight to an IPP printer's URI) as one of
 * three documents: PWG raster for driverless IPP Everywhere queues, PNG for
 * queues with a driver, ESC/POS raster bytes for raw thermal queues. The
 * job is followed until it completes, fails or times out.
 *
 * print_image() blocks for as long as the printer takes: the screen calls
 * it only from its print thread (print-thread.c), --issue calls it directly.
 */
#ifndef QHALL_KIOSK_PRINT_H
#define QHALL_KIOSK_PRINT_H

#include <SDL.h>
#include <stddef.h>
#include <sys/types.h>

#include "qerr.h"

enum print_format { PRINT_AUTO, PRINT_PWG, PRINT_PNG, PRINT_ESCPOS };

/* 8-bit gray, one byte a dot, 0 black and 255 white (PWG's sgray_8). */
struct print_image {
	int w, h;
	int dpi;
	unsigned char *pixels; /* w * h, owned */
};

struct print_target {
	char printer[256]; /* destination name, ipp:// URI, "" default */
	enum print_format format;
	int timeout_s;      /* follow a job this long, then cancel it */
	SDL_atomic_t *stop; /* set: give up now (the kiosk is closing) */
};

/* reason: a short stable word for the daemon, the log and the screen:
 * media-empty, media-jam, door-open, offline, stopped, rejecting,
 * no-printer, timeout, aborted, failed. */
struct print_outcome {
	int ok;
	int job_id;
	enum print_format format;
	char reason[32];
	char message[256];
};

struct printer_state {
	int usable;
	char reasons[160]; /* printer-state-reasons, comma-separated */
	char blocking[32]; /* the reason word that makes it unusable */
};

/* print.c */
int print_image(const struct print_target *, const struct print_image *,
                const char *day, const char *number, struct print_outcome *);
void print_job_name(char *buf, size_t size, const char *day,
                    const char *number);
void print_probe(const struct print_target *, struct printer_state *);
const char *print_format_name(enum print_format);
int print_format_parse(const char *, enum print_format *);

/* print-doc.c: a document written through a callback. */
typedef ssize_t (*print_write_fn)(void *ctx, const void *buf, size_t len);
int print_doc_write(enum print_format, const struct print_image *,
                    print_write_fn, void *ctx, struct qerr *);
const char *print_doc_mime(enum print_format);
int print_image_png(const struct print_image *, const char *path,
                    struct qerr *);
struct print_image *print_image_new(int w, int h, int dpi);
void print_image_free(struct print_image *);

/* print-thread.c: printing off the UI thread; results as SDL events. */
enum print_msg_kind { PRINT_MSG_DONE, PRINT_MSG_STATE };

struct print_msg {
	enum print_msg_kind kind;
	char number[16], day[16];     /* DONE: whose ticket */
	struct print_outcome outcome; /* DONE */
	struct printer_state state;   /* both: the printer after it */
};

struct print_thread;

Uint32 print_event_type(void);
struct print_thread *print_thread_start(const struct print_target *,
                                        int check_s);
void print_thread_stop(struct print_thread *);
void print_thread_submit(struct print_thread *, struct print_image *,
                         const char *number, const char *day);
void print_thread_check(struct print_thread *); /* ask the state soon */

#endif
