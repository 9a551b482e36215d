/*
 * The hall's clock on a screen. The daemon names the hall's time zone in
 * its hello; a screen learns it only after its threads run (the link, the
 * printer, the voice, SDL's own), and setting TZ then is not thread-safe:
 * setenv() may free the string another thread's localtime_r() is reading.
 * So the zone is kept here, as a GLib time zone read from the zone files
 * (immutable once made), and times are converted through it without ever
 * touching the environment. Before any zone is known, the local zone.
 */
#ifndef QHALL_UI_CLOCK_H
#define QHALL_UI_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Use zone (an IANA name, "Asia/Shanghai") from now on; -1 if unknown. */
int ui_clock_set_zone(const char *zone);
/* The moment t (seconds since the epoch) on the hall's clock. */
void ui_clock_tm(int64_t t, struct tm *out);
/* Free the zone (at exit). */
void ui_clock_reset(void);

#endif
