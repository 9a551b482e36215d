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

struct cli_command {
	const char *name;  /* "take", or "window set" */
	const char *usage; /* arguments, for --help */
	int (*run)(struct cli *, int argc, char **argv);
};

extern const struct cli_command cli_commands[];

int cli_connect(struct cli *);
int cli_request(struct cli *, const char *op, json_t *params,
                void (*print)(json_t *result));
void cli_usage(FILE *);
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* output.c: the human form of results and events */
void output_ticket_result(json_t *);
void output_window_result(json_t *);
void output_status(json_t *);
void output_event(json_t *);
void output_plain(json_t *);
void output_device(json_t *);

#endif
