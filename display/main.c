/*
 * qhall-display: the lobby screen (叫号显示屏) that shows each call in large
 * type and speaks it in Mandarin, or with --window N the small screen
 * above one counter.
 *
 * It only listens: status and events from qhalld come in over ui_link,
 * calls go on the board and into the voice's queue. When the daemon goes
 * away the screen says so discreetly and keeps showing the last state;
 * when it returns the display asks status and shows the truth.
 *
 * Start reading at display.h (a map of the files), then display.c (the
 * loop's hooks), session.c (the daemon), hall.c (the board), announce.c
 * (speech) and the screen-*.c files.
 */
#include <stdio.h>

#include "display.h"

/* Options, window, loop, and out. */
int main(int argc, char **argv)
{
	struct display d = {0};
	struct qerr err = {0};
	int rc;

	if ((rc = options_parse(&d.opt, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	if (display_open(&d, &err)) {
		fprintf(stderr, "qhall-display: %s\n", err.message);
		display_close(&d);
		return 1;
	}
	ui_app_run(&d.app);
	display_close(&d);
	return 0;
}
