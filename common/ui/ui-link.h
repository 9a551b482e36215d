/*
 * A screen's link to qhalld, kept by a thread of its own so that drawing
 * never waits on the network. It connects, says hello, subscribes, and
 * reconnects by itself (with backoff) whenever the daemon goes away.
 * Everything it learns arrives as an SDL event of type ui_link_event_type()
 * whose user.data1 is a struct ui_link_msg, freed by the receiver.
 *
 * After UI_LINK_UP a screen asks "status" again: what happened while it was
 * away reached it only as state, never as a replayed change.
 */
#ifndef QHALL_UI_LINK_H
#define QHALL_UI_LINK_H

#include <SDL.h>
#include <jansson.h>

#include "client.h"
#include "qerr.h"

enum ui_link_kind {
	UI_LINK_UP,    /* connected; body: hello's result */
	UI_LINK_DOWN,  /* lost or refused; err says why */
	UI_LINK_REPLY, /* to ui_link_send(tag); ok, body or err */
	UI_LINK_EVENT, /* body: the event */
};

struct ui_link_msg {
	enum ui_link_kind kind;
	unsigned tag;
	int ok;
	json_t *body;
	struct qerr err;
};

struct ui_link;

Uint32 ui_link_event_type(void);
struct ui_link *ui_link_start(const struct client_addr *,
                              const struct client_hello *, int subscribe);
void ui_link_stop(struct ui_link *);
int ui_link_up(const struct ui_link *);
/* Send a request; params is consumed. Fails at once (a REPLY with ok 0)
 * while the link is down, so a screen never waits on a dead daemon. */
void ui_link_send(struct ui_link *, unsigned tag, const char *op,
                  json_t *params);
void ui_link_msg_free(struct ui_link_msg *);
/* On UI_LINK_UP: the hall's zone for ui_clock_tm (ui-clock.h). */
void ui_link_hall_clock(const struct ui_link_msg *);

#endif
