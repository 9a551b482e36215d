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
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"

void citizen_forget(struct kiosk *k)
{
	json_decref(k->ticket);
	k->ticket = NULL;
	if (k->qr)
		SDL_DestroyTexture(k->qr);
	k->qr = NULL;
	k->url[0] = '\0';
	k->print_why[0] = '\0';
}

void citizen_take(struct kiosk *k, const char *queue, const char *item)
{
	json_t *p = json_pack("{s:s}", "queue", queue);

	if (item && item[0])
		json_object_set_new(p, "item", json_string(item));
	if (k->priority)
		json_object_set_new(p, "priority", json_true());
	citizen_forget(k);
	k->phase = KIOSK_TAKING;
	ui_link_send(k->link, KIOSK_TAG_TAKE, "take", p);
	kiosk_go(k, &screen_ticket, NULL);
}

static void citizen_print(struct kiosk *k)
{
	const char *number =
	    json_string_value(json_object_get(k->ticket, "number"));
	const char *day = json_string_value(json_object_get(k->ticket, "day"));
	struct qerr err = {0};
	struct print_image *img;

	img = paper_render(k->set, k->ui->fonts, k->words, k->catalog,
	                   k->ticket, k->ui->lang, k->url, sizeof k->url, &err);
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

void citizen_on_take(struct kiosk *k, struct ui_link_msg *m)
{
	json_t *t = json_object_get(m->body, "ticket");
	const char *number = json_string_value(json_object_get(t, "number"));
	const char *key = "notice_failed";

	if (k->screen != &screen_ticket || k->phase != KIOSK_TAKING) {
		/* The citizen gave up before the reply: nobody holds it. */
		if (m->ok && number) {
			log_warn("kiosk", "%s issued after the citizen left",
			         number);
			hall_report_print(
			    k, number,
			    json_string_value(json_object_get(t, "day")),
			    "not-collected");
		}
		return;
	}
	if (!m->ok || number == NULL) {
		log_warn("kiosk", "take refused: %s: %s",
		         m->err.code ? m->err.code : "?", m->err.message);
		if (m->err.code && strcmp(m->err.code, PROTO_E_QUEUE_FULL) == 0)
			key = "notice_queue_full";
		else if (m->err.code &&
		         strcmp(m->err.code, PROTO_E_QUEUE_CLOSED) == 0)
			key = "notice_queue_closed";
		hall_ask_status(k);
		kiosk_go(k, &screen_notice, key);
		return;
	}
	k->ticket = json_incref(t);
	log_info("kiosk", "%s taken (%s, %d ahead)", number,
	         json_string_value(json_object_get(t, "day")),
	         (int)json_integer_value(json_object_get(t, "ahead")));
	citizen_print(k);
	k->dirty = 1;
}

void citizen_on_print(struct kiosk *k, struct print_msg *m)
{
	const char *number =
	    json_string_value(json_object_get(k->ticket, "number"));
	const char *day = json_string_value(json_object_get(k->ticket, "day"));

	if (!m->outcome.ok)
		hall_report_print(k, m->number, m->day, m->outcome.reason);
	if (number == NULL || strcmp(number, m->number) != 0 || day == NULL ||
	    strcmp(day, m->day) != 0)
		return;
	k->phase = m->outcome.ok ? KIOSK_PRINTED : KIOSK_PRINT_FAILED;
	snprintf(k->print_why, sizeof k->print_why, "%s", m->outcome.reason);
	k->dirty = 1;
}
