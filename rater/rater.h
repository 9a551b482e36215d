/*
 * qhall-rater: the evaluator (评价器) facing the citizen at one window.
 *
 * Idle, it shows the window and who serves there (name and staff number:
 * staff must be identifiable). When the daemon says the window finished a
 * service, it asks the citizen to rate it: five equal buttons, always in
 * the same order, none chosen beforehand (GB/T 39734: no rating is
 * suggested or forced). A 差评 opens the hall's list of reasons. Then
 * thanks, and back to idle. Nobody at the counter can start a rating:
 * only the daemon's "finished" event does, and a prompt left alone times
 * out as 未评, sending nothing.
 *
 *   rater.c          opening and closing; the loop's hooks; the chrome
 *                    (language and large-text buttons)
 *   session.c        the daemon: status (who serves), the policy
 *                    (reasons, how long to ask), finish events, the rating
 *   screen-idle.c    the window and its staff
 *   screen-rate.c    the five levels
 *   screen-reasons.c the reasons of a 差评
 *   screen-thanks.c  thanks, or why the rating did not go through
 *   output.c         the state dump (--state-json)
 *   options.c        the command line
 */
#ifndef QHALL_RATER_H
#define QHALL_RATER_H

#include <SDL.h>
#include <jansson.h>
#include <stdint.h>

#include "client.h"
#include "ticket.h"
#include "ui-app.h"
#include "ui-link.h"
#include "ui.h"

#define RATER_W            1280
#define RATER_H            800
#define RATER_REASONS_MAX  16
#define RATER_THANKS_MS    4000
#define RATER_LANG_BUTTON  100 /* chrome buttons on every screen */
#define RATER_LARGE_BUTTON 101

extern const struct screen screen_idle, screen_rate, screen_reasons,
    screen_thanks;

enum rater_tag {
	RATER_TAG_STATUS = 1,
	RATER_TAG_POLICY,
	RATER_TAG_RATE,
};

struct rater_options {
	struct client_addr addr;
	char token[129];
	int window;
	int windowed;
	int width, height;
	int lang_en;
	int large;
	int timeout_s; /* 0: the daemon's evaluator_s */
	char input[1024];
	char screenshot[1024];
	char state_json[1024];
};

struct rater {
	struct ui_app app; /* first: a screen's ui_app is its rater */
	struct rater_options opt;
	struct ui_link *link;
	int link_up;

	/* What the daemon said. */
	char staff_id[33], staff_name[97];
	int nreasons;
	char reasons[RATER_REASONS_MAX][65];
	int evaluator_s;

	/* The service being rated: its ticket, and the choice so far. */
	char number[TICKET_NUMBER_MAX];
	char day[TICKET_DAY_LEN + 1];
	uint32_t asked_at; /* SDL ticks the prompt came; 0: none */
	int level;         /* 0 until tapped */
	int chosen[RATER_REASONS_MAX];
	int sending;
	char result[16]; /* "rated", "unrated", "refused": the last outcome */
	char refusal[64];
	uint32_t thanks_at;
	int countdown_shown; /* the second the countdown last showed */
};

static inline struct rater *rater_of(struct ui_app *a)
{
	return (struct rater *)a;
}

/* rater.c */
int rater_open(struct rater *, struct qerr *);
void rater_close(struct rater *);
int rater_size(const struct rater *, int size); /* large text: 1.25x */
int rater_timeout_ms(const struct rater *);
void rater_chrome_draw(struct rater *, struct ui *);
int rater_chrome_tap(struct rater *, int id); /* 1: taken */
/* Back to idle; what happened to the prompt ("rated", "unrated"...). */
void rater_idle(struct rater *, const char *result);

/* screen-rate.c: the countdown both prompt screens show. */
void rater_countdown_tick(struct ui_app *, uint32_t now);
void rater_countdown_draw(struct rater *, struct ui *);

/* session.c */
void session_on_link(struct rater *, struct ui_link_msg *);
void session_rate(struct rater *);

/* output.c */
json_t *output_state(struct ui_app *);

/* options.c: 0 to run, 1 to exit with success, 2 on bad usage. */
int options_parse(struct rater_options *, int argc, char **argv);

/* The five levels, in the order they are always shown. */
extern const int rater_levels[5];
const char *rater_level_name(const struct ui *, int level);

#endif
