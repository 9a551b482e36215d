/*
 * qhall-caller: the program at a window's counter (窗口叫号器).
 *
 * Staff log in with their staff number and PIN; the window then calls the
 * next citizen, recalls, marks a no-show, finishes, transfers to another
 * queue and pauses, by touch, mouse or the function keys F1-F7 of a caller
 * keypad. Everything it shows comes from qhalld (status and events over
 * ui_link), so after the daemon goes away and comes back it logs in again
 * and shows the window as it truly is.
 *
 * Start reading at caller.h, then caller.c (its hooks into the shared
 * loop of common/ui/ui-app.c), session.c (the daemon), actions.c (the
 * keys), window.c (this window in the last status), state.c (what is shown,
 * as JSON) and the screen-*.c files.
 */
#include <stdio.h>

#include "caller.h"

/* Options, window, loop, and out. */
int main(int argc, char **argv)
{
	struct caller c = {0};
	struct qerr err = {0};
	int rc;

	if ((rc = options_parse(&c.opt, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	if (caller_open(&c, &err)) {
		fprintf(stderr, "qhall-caller: %s\n", err.message);
		caller_close(&c);
		return 1;
	}
	ui_app_run(&c.app);
	caller_close(&c);
	return 0;
}
