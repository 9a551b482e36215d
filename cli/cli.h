/* The qhall command line: shared between its table of commands and output. */
#ifndef QHALL_CLI_H
#define QHALL_CLI_H

#include <jansson.h>

#include "client.h"

struct cli {
	struct client_addr addr;
	const char *token;
	int json; /* print exactly one JSON object per command/event */
	struct client *client;
};

/* What a command's params function returns to have its usage printed. */
#define CLI_USAGE (-1)

/* A command's reply is not printed; each event after it is (watch). */
#define CLI_EVENTS   1
#define CLI_OK_FIELD 2 /* exit 1 when the reply's "ok" is false */

/*
 * One command: its words, the op it sends, how its arguments become the
 * op's params, and how the reply (or each event) is printed. params fills
 * in the object it is given and returns 0, CLI_USAGE, or the exit code of
 * a failure it has reported itself.
 */
struct cli_command {
	const char *name;  /* "take", or "window set" */
	const char *usage; /* arguments, for --help */
	const char *op;
	int (*params)(int argc, char **argv, json_t *params);
	void (*print)(json_t *);
	int flags; /* CLI_EVENTS, CLI_OK_FIELD */
};

extern const struct cli_command cli_commands[];

void cli_usage(FILE *);
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* qhall migrate --to URL: runs qhalld --migrate-to (cli/migrate.c). */
int cli_migrate(const char *data, int argc, char **argv);

/* output.c: the human form of results and events */
void output_ticket_result(json_t *);
void output_window_result(json_t *);
void output_status(json_t *);
void output_event(json_t *);
void output_plain(json_t *);
void output_device(json_t *);
void output_backup(json_t *);
/* A daemon's string as a terminal may show it (control bytes escaped). */
const char *output_safe(const char *);

/* output-route.c */
void output_route(json_t *);
/* output-appointment.c */
void output_appointment(json_t *);
void output_appointments(json_t *);

/* output-ratings.c */
void output_rating(json_t *);
void output_ratings(json_t *);
void output_reviews(json_t *);
void output_review(json_t *);
void output_verify(json_t *);

/* output-alerts.c */
void output_alerts(json_t *);
void output_alert(json_t *);

#endif
