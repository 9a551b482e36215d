/*
 * The citizen's ticket, from the tap on "take" to the paper.
 *
 * The number is taken in the daemon first; only a number the daemon issued
 * is ever shown or printed (no ticket is invented while it is away). Then
 * the paper goes to the print thread and the screen shows the number and
 * its QR code at once, so a printer that fails costs the citizen nothing:
 * they keep the number on screen, and the daemon is told the ticket was
 * not printed (now, or after a reconnect) so no statistic counts a ghost.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"
#include "words.h"

static void citizen_new_request(struct kiosk *);
static void citizen_send_take(struct kiosk *, json_t *params);
static void citizen_send_take_op(struct kiosk *, const char *op,
                                 json_t *params);

/* A take given up on while its fate is unknown: ask about it when up. */
static void citizen_abandon(struct kiosk *k)
{
	if (k->take_lost && k->take_request[0])
		requests_add(&k->abandoned, k->take_request, 0);
	k->take_request[0] = '\0';
	k->take_lost = 0;
	json_decref(k->take_params);
	k->take_params = NULL;
}

void citizen_forget(struct kiosk *k)
{
	citizen_abandon(k);
	kiosk_forget_id(k);
	k->has_ticket = 0;
	memset(&k->ticket, 0, sizeof k->ticket);
	if (k->qr)
		SDL_DestroyTexture(k->qr);
	k->qr = NULL;
	k->url[0] = '\0';
	k->print_why[0] = '\0';
}

void citizen_take(struct kiosk *k, const char *queue, const char *item)
{
	const struct catalog_queue *cq = hall_queue(k, queue);
	json_t *p;

	/* A queue with a per-person limit: the ID number first. */
	if (cq && cq->person_daily_limit > 0 &&
	    strlen(k->id_number) != KIOSK_ID_LEN) {
		snprintf(k->id_item, sizeof k->id_item, "%s", item ? item : "");
		ui_app_go(&k->app, &screen_idnumber, NULL);
		return;
	}
	p = json_pack("{s:s}", "queue", queue);
	if (k->id_number[0])
		json_object_set_new(p, "id_number", json_string(k->id_number));
	if (item && item[0])
		json_object_set_new(p, "item", json_string(item));
	if (k->priority)
		json_object_set_new(p, "priority", json_true());
	citizen_forget(k);
	citizen_new_request(k);
	json_object_set_new(p, "request", json_string(k->take_request));
	k->take_params = json_deep_copy(p);
	k->phase = KIOSK_TAKING;
	citizen_send_take(k, p);
	ui_app_go(&k->app, &screen_ticket, NULL);
}

/*
 * The appointment's check-in takes the place of a take: its reply comes
 * back as a take's does and ends on the ticket screen. It is not asked
 * again after a lost reply (a check-in is no take the daemon can find by
 * its request id); the citizen typing the code again learns the number
 * the first one got ("already used for ticket A002").
 */
void citizen_checkin(struct kiosk *k, const char *code)
{
	json_t *p = json_pack("{s:s}", "code", code);

	citizen_forget(k);
	citizen_new_request(k);
	k->phase = KIOSK_TAKING;
	citizen_send_take_op(k, "appointment_checkin", p);
	ui_app_go(&k->app, &screen_ticket, NULL);
}

/* A request id no other kiosk or take will use: 16 random hex digits. */
static void citizen_new_request(struct kiosk *k)
{
	unsigned char raw[8];
	size_t n = 0;

	while (n < sizeof raw) {
		ssize_t got = getrandom(raw + n, sizeof raw - n, 0);
		if (got > 0)
			n += (size_t)got;
	}
	snprintf(k->take_request, sizeof k->take_request,
	         "kiosk-%02x%02x%02x%02x%02x%02x%02x%02x", raw[0], raw[1],
	         raw[2], raw[3], raw[4], raw[5], raw[6], raw[7]);
}

/* Send the citizen's take (params, consumed), remembered by its tag. */
static void citizen_send_take_op(struct kiosk *k, const char *op,
                                 json_t *params)
{
	unsigned tag = requests_tag(k, KIOSK_TAG_TAKE);

	requests_add(&k->takes_sent, k->take_request, tag);
	ui_link_send(k->link, tag, op, params);
}

static void citizen_send_take(struct kiosk *k, json_t *params)
{
	citizen_send_take_op(k, "take", params);
}

/* Back in touch with the daemon: settle every take whose reply was lost. */
void citizen_on_link_up(struct kiosk *k)
{
	if (k->take_lost && k->phase == KIOSK_TAKING &&
	    k->app.screen == &screen_ticket && k->take_params) {
		log_info("kiosk", "asking again for take %s", k->take_request);
		k->take_lost = 0;
		citizen_send_take(k, json_deep_copy(k->take_params));
	}
	for (size_t i = 0; i < k->abandoned.n; i++) {
		const char *id = k->abandoned.v[i].id;
		unsigned tag = requests_tag(k, KIOSK_TAG_LOOKUP);
		requests_add(&k->lookups_sent, id, tag);
		ui_link_send(k->link, tag, "ticket",
		             json_pack("{s:s}", "request", id));
	}
	k->abandoned.n = 0;
}

/* What became of a take given up on: a number issued was never collected. */
void citizen_on_lookup(struct kiosk *k, struct ui_link_msg *m)
{
	struct kiosk_request r;
	struct ticket t;
	struct qerr err = {0};

	if (!requests_take(&k->lookups_sent, m->tag, &r))
		return; /* not one of ours: nothing to settle */
	if (m->ok &&
	    ticket_from_json(json_object_get(m->body, "ticket"), &t, &err))
		log_warn("kiosk", "a lookup's reply: %s", err.message);
	else if (m->ok) {
		log_warn("kiosk",
		         "%s was issued for a take whose reply was "
		         "lost; nobody collected it",
		         t.number);
		hall_report_print(k, t.number, t.day, "not-collected");
	} else if (!m->ok && m->err.code &&
	           strcmp(m->err.code, PROTO_E_IO) == 0) {
		requests_add(&k->abandoned, r.id, 0); /* ask again when up */
	}
}

static void citizen_print(struct kiosk *k)
{
	const char *number = k->ticket.number, *day = k->ticket.day;
	struct words words = {k->app.ui, NULL, k->app.ui->lang};
	struct qerr err = {0};
	struct print_image *img;

	/* The paper in the screen's language, from the screen's strings. */
	img = paper_render(k->set, k->app.ui->fonts, &words, k->catalog,
	                   &k->ticket, k->app.ui->lang, k->url, sizeof k->url,
	                   &err);
	if (img == NULL) {
		log_error("kiosk", "%s: %s", number, err.message);
		k->phase =
		    k->set->print ? KIOSK_PRINT_FAILED : KIOSK_NOT_PRINTED;
		snprintf(k->print_why, sizeof k->print_why, "failed");
		if (k->set->print)
			hall_report_print(k, number, day, "failed");
		return;
	}
	if (!k->set->print) {
		print_image_free(img);
		k->phase = KIOSK_NOT_PRINTED;
		return;
	}
	k->phase = KIOSK_PRINTING;
	print_thread_submit(k->printer, img, number, day);
}

/* A check-in refused: the code pad again, saying why in plain words. */
static int citizen_appt_refused(struct kiosk *k, const char *code)
{
	static const struct {
		const char *code, *key;
	} why[] = {
	    {PROTO_E_APPT_NOT_FOUND, "appt_not_found"},
	    {PROTO_E_APPT_USED, "appt_used"},
	    {PROTO_E_APPT_CANCELLED, "appt_cancelled"},
	    {PROTO_E_APPT_OTHER_DAY, "appt_other_day"},
	    {PROTO_E_APPT_EARLY, "appt_early"},
	    {PROTO_E_RATE_LIMITED, "appt_wait"},
	};

	for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
		if (strcmp(code, why[i].code) == 0) {
			ui_app_go(&k->app, &screen_appointment, why[i].key);
			return 1;
		}
	return 0;
}

void citizen_on_take(struct kiosk *k, struct ui_link_msg *m)
{
	struct ticket t;
	struct qerr err = {0};
	int have = m->ok && ticket_from_json(json_object_get(m->body, "ticket"),
	                                     &t, &err) == 0;
	const char *key = "notice_failed";
	struct kiosk_request sent;
	int known = requests_take(&k->takes_sent, m->tag, &sent);
	int mine = known && strcmp(sent.id, k->take_request) == 0;
	int lost =
	    !m->ok && m->err.code && strcmp(m->err.code, PROTO_E_IO) == 0;

	if (lost) {
		/* Issued or not, nobody can say until the daemon is back. */
		if (mine && k->app.screen == &screen_ticket &&
		    k->phase == KIOSK_TAKING)
			k->take_lost = 1;
		else if (known)
			requests_add(&k->abandoned, sent.id, 0);
		return;
	}
	if (!mine || k->app.screen != &screen_ticket ||
	    k->phase != KIOSK_TAKING) {
		/* The citizen gave up before the reply: nobody holds it. */
		if (have) {
			log_warn("kiosk", "%s issued after the citizen left",
			         t.number);
			hall_report_print(k, t.number, t.day, "not-collected");
		}
		return;
	}
	if (!have) {
		if (m->ok)
			log_warn("kiosk", "a take's reply: %s", err.message);
		else
			log_warn("kiosk", "take refused: %s: %s",
			         m->err.code ? m->err.code : "?",
			         m->err.message);
		if (m->err.code && strcmp(m->err.code, PROTO_E_QUEUE_FULL) == 0)
			key = "notice_queue_full";
		else if (m->err.code &&
		         strcmp(m->err.code, PROTO_E_QUEUE_CLOSED) == 0)
			key = "notice_queue_closed";
		else if (m->err.code &&
		         strcmp(m->err.code, PROTO_E_PERSON_LIMIT) == 0)
			key = "notice_person_limit";
		if (m->err.code && citizen_appt_refused(k, m->err.code))
			return;
		if (m->err.code &&
		    (strcmp(m->err.code, PROTO_E_BAD_ID) == 0 ||
		     strcmp(m->err.code, PROTO_E_ID_REQUIRED) == 0)) {
			ui_app_go(&k->app, &screen_idnumber, "idnum_bad");
			return;
		}
		hall_ask_status(k);
		snprintf(k->notice_queue, sizeof k->notice_queue, "%s",
		         k->queue);
		ui_app_go(&k->app, &screen_notice, key);
		return;
	}
	k->ticket = t;
	k->has_ticket = 1;
	k->take_request[0] = '\0';
	json_decref(k->take_params);
	k->take_params = NULL;
	log_info("kiosk", "%s taken (%s, %d ahead)", t.number, t.day, t.ahead);
	citizen_print(k);
	k->app.dirty = 1;
}

void citizen_on_print(struct kiosk *k, struct print_msg *m)
{
	if (!m->outcome.ok)
		hall_report_print(k, m->number, m->day, m->outcome.reason);
	else if (k->paper_out_told)
		hall_report_paper_back(k, m->number, m->day);
	if (!k->has_ticket || strcmp(k->ticket.number, m->number) != 0 ||
	    strcmp(k->ticket.day, m->day) != 0)
		return;
	k->phase = m->outcome.ok ? KIOSK_PRINTED : KIOSK_PRINT_FAILED;
	idle_restart(k); /* the outcome is news: time to read it */
	snprintf(k->print_why, sizeof k->print_why, "%s", m->outcome.reason);
	k->app.dirty = 1;
}
