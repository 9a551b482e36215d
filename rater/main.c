/*
 * qhall-rater: the evaluator (评价器) at one window's counter, facing the
 * citizen. Start reading at rater.h (a map of the files), then rater.c
 * (the loop's hooks), session.c (the daemon) and the screen-*.c files.
 */
#include <stdio.h>

#include "rater.h"

int main(int argc, char **argv)
{
	struct rater r = {0};
	struct qerr err = {0};
	int rc;

	if ((rc = options_parse(&r.opt, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	if (rater_open(&r, &err)) {
		fprintf(stderr, "qhall-rater: %s\n", err.message);
		rater_close(&r);
		return 1;
	}
	ui_app_run(&r.app);
	rater_close(&r);
	return 0;
}
