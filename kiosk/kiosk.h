/*
 * qhall-kiosk: the touchscreen where citizens take a number.
 *
 * One state struct (struct kiosk) is passed to every part; it begins with
 * the shared skeleton's struct ui_app (common/ui/ui-app.h), whose loop
 * runs the screen on show (struct screen, one screen-NAME.c each) and
 * calls the kiosk's hooks (kiosk.c) for daemon messages (hall.c, through
 * ui_link's thread), print outcomes (print-thread.c), the idle return and
 * the offline screen. Scripted input (--input) and the screenshots are
 * the skeleton's.
 *
 * What the kiosk knows of the hall is what the daemon told it: the catalog
 * and the last status, read once into typed views (catalog.h,
 * hall-view.h) as they arrive; no screen reads the daemon's JSON.
 */
#ifndef QHALL_KIOSK_H
#define QHALL_KIOSK_H

#include <SDL.h>
#include <jansson.h>
#include <stdint.h>

#include "catalog.h"
#include "hall-view.h"
#include "print.h"
#include "settings.h"
#include "ui-app.h"
#include "ui-link.h"
#include "ui.h"

struct voice;

#define KIOSK_DESIGN_W 1080
#define KIOSK_DESIGN_H 1920

extern const struct screen screen_home, screen_priority, screen_queue,
    screen_item, screen_ticket, screen_notice, screen_offline, screen_idnumber,
    screen_appointment;
/* An ID number (GB 11643): 17 digits and a check digit or X. */
#define KIOSK_ID_LEN 18

/* Where the citizen's ticket is, from the tap on "take" to the paper. */
enum kiosk_phase {
	KIOSK_TAKING,   /* asked the daemon, no reply yet */
	KIOSK_PRINTING, /* have the number, the printer is at work */
	KIOSK_PRINTED,
	KIOSK_PRINT_FAILED,
	KIOSK_NOT_PRINTED, /* printing is switched off */
};

/*
 * Request tags for ui_link replies: the kind in the low byte, and for the
 * requests a reply must be matched to (takes, lookups, print reports) a
 * serial above it (requests_tag()), so a reply finds its own request
 * whatever order replies come in.
 */
enum kiosk_tag {
	KIOSK_TAG_CATALOG = 1,
	KIOSK_TAG_STATUS,
	KIOSK_TAG_TAKE,
	KIOSK_TAG_PRINTED,
	KIOSK_TAG_LOOKUP, /* what became of a take whose reply was lost */
	KIOSK_TAG_HELP,   /* 呼叫工作人员 */
	KIOSK_TAG_ALERTS, /* does our call still stand (after a reconnect) */
};

/* A call for staff (help.c), from the tap to staff answering it. */
enum kiosk_help {
	HELP_NONE,
	HELP_CALLING, /* sent, the daemon has not answered */
	HELP_COMING,  /* committed: someone is coming */
	HELP_FAILED,  /* could not be made */
};
#define KIOSK_TAG_KIND(tag) ((tag)&0xffu)

#define KIOSK_REQUESTS_MAX 16 /* takes in one list at a time */
#define KIOSK_REPORTS_MAX  32 /* print failures waiting to be told */
#define KIOSK_REQUEST_LEN  40
#define KIOSK_SAID_MAX     8 /* texts said, kept for the state dump */
#define VOICE_SAID_LEN     512

/* A take known by its request id, and the send awaiting a reply. */
struct kiosk_request {
	char id[KIOSK_REQUEST_LEN];
	unsigned tag; /* 0: no reply awaited */
};

/* A short list of takes, oldest first. */
struct kiosk_requests {
	struct kiosk_request v[KIOSK_REQUESTS_MAX];
	size_t n;
};

/* A print failure the daemon has not heard of yet. */
struct kiosk_report {
	char number[TICKET_NUMBER_MAX];
	char day[TICKET_DAY_LEN + 1];
	char reason[32];
	unsigned tag; /* the report's send awaiting a reply, 0 none */
};

struct kiosk {
	struct ui_app app; /* first: screens get it, kiosk_of() casts back */
	struct settings *set;
	struct ui_link *link;
	struct print_thread *printer;

	uint32_t touched_ms; /* last touch: the idle timer */
	int asking;          /* 还需要更多时间吗？ on screen */
	int ask_left_s;      /* seconds it says are left */
	int clock_minute;    /* the minute the clock shows */
	int page;            /* of the home screen's queues */
	int list_page;       /* of the queue screen's items */
	int card_page;       /* of the item screen's card */
	int card_pages;      /* ... of how many, as last laid out */
	int anim;            /* frame of a small animation */

	/* What the daemon told us; NULL until it did. Owned. */
	struct catalog *catalog;
	struct view_status *status;
	int status_asking, status_again;

	/* The citizen at the screen now. */
	char queue[8];        /* chosen queue prefix, "" none */
	char item[40];        /* chosen item id, "" none */
	int priority;         /* 绿色通道 */
	const char *notice;   /* strings key of the notice screen */
	char notice_queue[8]; /* the queue a notice_queue_hours is about */
	/* The ID number typed for a queue with a per-person limit, until
	 * its take is sent (screen-idnumber.c); the item it is for. */
	char id_number[KIOSK_ID_LEN + 1];
	char id_item[40];
	const char *id_why; /* strings key: why the pad asks again */
	/* 预约取号 (screen-appointment.c): the code typed, and why the pad
	 * asks again (a strings key), or NULL. */
	char appt_code[8];
	const char *appt_why;

	/* The ticket in hand, as the daemon issued it; its QR on screen. */
	int has_ticket;
	struct ticket ticket;
	enum kiosk_phase phase;
	char print_why[32]; /* reason word of a print failure */
	char url[300];      /* the ticket's status address */
	SDL_Texture *qr;    /* owned; NULL until drawn once */

	/* 语音 (speech.c): the voice, on for this citizen, what was last
	 * read (a key of what was on show) and the texts said, newest
	 * first. */
	struct voice *voice; /* owned */
	int voice_on;
	char said_key[256];
	char said[KIOSK_SAID_MAX][VOICE_SAID_LEN];
	unsigned nsaid;

	/* The printer as last seen. */
	int printer_usable;
	char printer_reasons[32]; /* the word that makes it unusable */

	/* Print failures the daemon has not heard of yet, oldest first.
	 * Sent again after every reconnect, so none is lost. */
	struct kiosk_report unreported[KIOSK_REPORTS_MAX];
	size_t nunreported;
	unsigned serial; /* of the last tag given (requests_tag) */

	/*
	 * Takes and their request ids. A take's reply can be lost with the
	 * daemon (was the number issued or not?). The citizen still waiting
	 * gets the same take asked again with the same id, which the daemon
	 * answers with the ticket it may already have issued; a take whose
	 * citizen has gone is looked up by its id, and a number found is
	 * reported not collected, so no ghost counts in the statistics.
	 */
	char take_request[KIOSK_REQUEST_LEN]; /* the citizen's take, "" none */
	json_t *take_params; /* its request, to ask again; owned */
	int take_lost;       /* its reply was lost: ask again when up */
	struct kiosk_requests takes_sent;   /* awaiting their replies */
	struct kiosk_requests abandoned;    /* lost and given up on */
	struct kiosk_requests lookups_sent; /* looked up, awaiting replies */

	/* 呼叫工作人员 (help.c): the kiosk's, not the citizen's: it stands
	 * past the idle return until staff answer. */
	int paper_out_told; /* the daemon heard of no paper: tell it of paper */
	enum kiosk_help help;
	int help_card;      /* the card over the screen */
	int64_t help_alert; /* the daemon's alert of the call */
};

/* The kiosk a screen's callbacks are given (app is its first member). */
static inline struct kiosk *kiosk_of(struct ui_app *a)
{
	return (struct kiosk *)a;
}

/* kiosk.c: the loop's hooks and moving between screens. */
struct kiosk *kiosk_open(struct settings *, struct qerr *);
void kiosk_close(struct kiosk *);
int kiosk_run(struct kiosk *);
void kiosk_home(struct kiosk *);      /* and forget the citizen's choices */
void kiosk_forget_id(struct kiosk *); /* wipe the ID number typed */
void kiosk_reset(struct kiosk *);     /* home as the next citizen finds it */
int kiosk_can_issue(const struct kiosk *);

/* idle.c: home after no touch, asking first; never while printing. */
#define KIOSK_IDLE_GO 2000 /* the 继续 button, for its pressed look */
int idle_limit_s(const struct kiosk *);
void idle_tick(struct kiosk *, uint32_t now);
void idle_restart(struct kiosk *);
int idle_event(struct kiosk *, const SDL_Event *);
void idle_draw(struct kiosk *, struct ui *);

/* help.c: 呼叫工作人员 on every screen. */
#define KIOSK_HELP    2001 /* the header's button, for its pressed look */
#define KIOSK_HELP_OK 2002 /* the card's 好的 */
int help_event(struct kiosk *, const SDL_Event *);
int help_shown(const struct kiosk *);
void help_draw_button(struct kiosk *, struct ui *);
void help_draw(struct kiosk *, struct ui *);
void help_on_reply(struct kiosk *, struct ui_link_msg *);
void help_on_event(struct kiosk *, json_t *ev);
void help_on_link_up(struct kiosk *);
json_t *help_state(const struct kiosk *);

/* chips.c: the frequent items, on home and on 绿色通道's screen. */
#define CHIPS_LABEL 56 /* the line over the chips */
size_t chips_items(struct kiosk *, const struct catalog_item **out, size_t max);
size_t chips_count(const struct kiosk *);
int chips_h(const struct kiosk *);
int chips_block_h(const struct kiosk *);
void chips_layout(struct kiosk *, int y, size_t n, int first_id);
void chips_label(struct kiosk *, struct ui *, int y);
void chips_draw(struct kiosk *, struct ui *, int i,
                const struct catalog_item *);
void chips_tap(struct kiosk *, const struct catalog_item *);

/* citizen.c: the citizen's ticket, from the tap to the paper. */
void citizen_take(struct kiosk *, const char *queue, const char *item);
/* 预约取号: check in with an appointment's code; a ticket as take gives. */
void citizen_checkin(struct kiosk *, const char *code);
void citizen_on_take(struct kiosk *, struct ui_link_msg *);
void citizen_on_print(struct kiosk *, struct print_msg *);
void citizen_forget(struct kiosk *);
void citizen_on_link_up(struct kiosk *);
void citizen_on_lookup(struct kiosk *, struct ui_link_msg *);

/* speech.c: 语音, the screen and the ticket read aloud. */
void speech_open(struct kiosk *);
void speech_close(struct kiosk *);
void speech_tick(struct kiosk *);
void speech_toggle(struct kiosk *);
void speech_set(struct kiosk *, int on);
json_t *speech_state(const struct kiosk *);

/* requests.c: the lists of takes by request id. */
unsigned requests_tag(struct kiosk *, enum kiosk_tag);
void requests_add(struct kiosk_requests *, const char *id, unsigned tag);
int requests_take(struct kiosk_requests *, unsigned tag,
                  struct kiosk_request *out);

/* chrome.c: what every screen shares: header, buttons, footer. */
enum chrome_id {
	CHROME_BACK = 1000,
	CHROME_HOME,
	CHROME_LANG,
	CHROME_LARGE,
	CHROME_VOICE,
};

#define CHROME_HEADER_H 210
#define CHROME_FOOTER_Y 1760
#define CHROME_FOOTER_H 140
#define CHROME_MARGIN   56
#define CHROME_TARGET_H 120 /* the least height of anything to tap */
#define CHROME_GAP      24  /* the least space between two of them */

int chrome_sz(const struct kiosk *, int size);
int chrome_label(struct kiosk *, struct ui *, const char *text, int base,
                 enum ui_weight, SDL_Color ink, const SDL_Rect *r, int pad,
                 int align);
int chrome_label_floor(struct kiosk *, struct ui *, const char *text, int base,
                       int floor, enum ui_weight, SDL_Color ink,
                       const SDL_Rect *r, int pad, int align);
int chrome_line_h(struct ui *, int size, enum ui_weight);
void chrome_reset(struct kiosk *);
void chrome_header(struct kiosk *, struct ui *);
void chrome_footer_layout(struct kiosk *, int with_back);
int chrome_footer_tail(struct kiosk *, int y, int h);
void chrome_footer(struct kiosk *, struct ui *);
int chrome_common(struct kiosk *, int id); /* 1: handled */
void chrome_button(struct kiosk *, struct ui *, const struct ui_button *,
                   SDL_Color bg, SDL_Color edge);
const SDL_Rect *chrome_rect(struct kiosk *, int id);
int chrome_clock_tick(struct kiosk *);
void chrome_say(struct kiosk *, char *out, size_t size, const char *key,
                long n);
void chrome_badge(struct kiosk *, struct ui *, const char *prefix, int x, int y,
                  int side, SDL_Color bg);
void chrome_wait_text(struct kiosk *, const struct view_queue *qs,
                      char *waiting, size_t wsize, char *wait, size_t size);

/* hall.c: the daemon's catalog and status. */
void hall_on_link(struct kiosk *, struct ui_link_msg *);
void hall_ask_status(struct kiosk *);
const struct catalog_queue *hall_queue(const struct kiosk *,
                                       const char *prefix);
const struct view_queue *hall_queue_status(const struct kiosk *,
                                           const char *prefix);
const struct catalog_item *hall_item(const struct kiosk *, const char *id);
const struct catalog_department *hall_department(const struct kiosk *,
                                                 const char *id);
size_t hall_nqueues(const struct kiosk *);
int hall_queue_open(const struct kiosk *, const char *prefix);

/* hours.c: opening hours in the citizen's words. "14:00 开始取号" (1) or
 * 暂停取号 (0) for a closed queue. */
int hours_closed_text(const struct kiosk *, const struct view_queue *,
                      char *out, size_t size);
int hours_closed_by_hours(const struct kiosk *, const char *prefix);
/* The notice's text for k->notice_queue, closed by its hours. */
void hours_notice_text(const struct kiosk *, char *out, size_t size);
void hall_choose_queue(struct kiosk *, const struct catalog_queue *);
size_t hall_items_of(const struct kiosk *, const char *prefix,
                     const struct catalog_item **out, size_t max);
void hall_report_print(struct kiosk *, const char *number, const char *day,
                       const char *reason);
void hall_report_paper_back(struct kiosk *, const char *number,
                            const char *day);

/* paper.c: from a taken ticket to the image for the printer. */
struct ui_fonts;
struct words;
struct print_image *paper_render(const struct settings *, struct ui_fonts *,
                                 const struct words *, const struct catalog *,
                                 const struct ticket *, enum ui_lang, char *url,
                                 size_t url_size, struct qerr *);

/* issue.c: --issue, a ticket taken and printed with no screen. */
int issue_run(const struct settings *);

#endif
