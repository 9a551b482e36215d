/*
 * What the kiosk knows of the hall: the daemon's catalog and its last
 * status, nothing of its own. Every event the daemon sends may change a
 * queue's waiting count or wait, so each one asks for the status again;
 * asks never pile up (one in flight, one more if events came meanwhile).
 * After a reconnect both are fetched afresh, and print failures the daemon
 * has not acknowledged are told again.
 */
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "log.h"
#include "proto.h"

void hall_ask_status(struct kiosk *k)
{
	if (k->status_asking) {
		k->status_again = 1;
		return;
	}
	k->status_asking = 1;
	k->status_again = 0;
	ui_link_send(k->link, KIOSK_TAG_STATUS, "status", NULL);
}

/* Send one report, remembered by its tag. */
static void hall_send_report(struct kiosk *k, struct kiosk_report *r)
{
	r->tag = requests_tag(k, KIOSK_TAG_PRINTED);
	ui_link_send(k->link, r->tag, "printed",
	             json_pack("{s:s, s:s, s:b, s:s}", "number", r->number,
	                       "day", r->day, "ok", 0, "reason", r->reason));
}

static void hall_forget_report(struct kiosk *k, size_t i)
{
	memmove(&k->unreported[i], &k->unreported[i + 1],
	        (k->nunreported - i - 1) * sizeof k->unreported[0]);
	k->nunreported--;
}

/* Tell the daemon a ticket did not print, now or after the reconnect. A
 * full list forgets its oldest report, and says so. */
void hall_report_print(struct kiosk *k, const char *number, const char *day,
                       const char *reason)
{
	struct kiosk_report *r;

	if (k->nunreported == KIOSK_REPORTS_MAX) {
		log_warn("kiosk",
		         "%s was not printed; the daemon will not hear",
		         k->unreported[0].number);
		hall_forget_report(k, 0);
	}
	r = &k->unreported[k->nunreported++];
	memset(r, 0, sizeof *r);
	snprintf(r->number, sizeof r->number, "%s", number);
	snprintf(r->day, sizeof r->day, "%s", day);
	snprintf(r->reason, sizeof r->reason, "%s", reason);
	if (ui_link_up(k->link))
		hall_send_report(k, r);
}

/*
 * Paper came out again after the daemon heard it had run out: a good
 * print reported clears the printer's alert. Only then: good prints are
 * otherwise nothing to tell. A report lost with the link leaves the alert
 * to the next good print.
 */
void hall_report_paper_back(struct kiosk *k, const char *number,
                            const char *day)
{
	if (!ui_link_up(k->link))
		return;
	k->paper_out_told = 0;
	ui_link_send(k->link, requests_tag(k, KIOSK_TAG_PRINTED), "printed",
	             json_pack("{s:s, s:s, s:b}", "number", number, "day", day,
	                       "ok", 1));
}

/* The daemon's answer to a report: heard, it needs no telling again. */
static void hall_reported(struct kiosk *k, struct ui_link_msg *m)
{
	size_t i = 0;

	while (i < k->nunreported && k->unreported[i].tag != m->tag)
		i++;
	if (i == k->nunreported)
		return; /* a reply to a send made before a reconnect */
	k->unreported[i].tag = 0;
	if (m->ok) {
		if (strcmp(k->unreported[i].reason, "media-empty") == 0)
			k->paper_out_told = 1;
		hall_forget_report(k, i);
	} else if (m->err.code && strcmp(m->err.code, PROTO_E_IO) != 0) {
		/* Refused: telling again will not help (the ticket is gone),
		 * so it is dropped. Down: kept for the reconnect. */
		log_warn("kiosk", "the daemon refused a print report: %s",
		         m->err.message);
		hall_forget_report(k, i);
	}
}

/* The catalog, read once into its typed form; a bad one is not taken. */
static void hall_on_catalog(struct kiosk *k, struct ui_link_msg *m)
{
	struct qerr err = {0};
	struct catalog *c;

	if (!m->ok)
		return;
	if ((c = catalog_from_json(m->body, &err)) == NULL) {
		log_warn("kiosk", "the daemon's catalog: %s", err.message);
		return;
	}
	catalog_free(k->catalog);
	k->catalog = c;
	k->app.dirty = 1;
}

static void hall_on_status(struct kiosk *k, struct ui_link_msg *m)
{
	struct qerr err = {0};
	struct view_status *s;

	if (!m->ok)
		return;
	if ((s = view_status_parse(m->body, &err)) == NULL) {
		log_warn("kiosk", "the daemon's status: %s", err.message);
		return;
	}
	view_status_free(k->status);
	k->status = s;
	k->app.dirty = 1;
}

static void hall_on_reply(struct kiosk *k, struct ui_link_msg *m)
{
	switch (KIOSK_TAG_KIND(m->tag)) {
	case KIOSK_TAG_CATALOG:
		hall_on_catalog(k, m);
		break;
	case KIOSK_TAG_STATUS:
		k->status_asking = 0;
		hall_on_status(k, m);
		if (k->status_again && ui_link_up(k->link))
			hall_ask_status(k);
		break;
	case KIOSK_TAG_PRINTED:
		hall_reported(k, m);
		break;
	case KIOSK_TAG_LOOKUP:
		citizen_on_lookup(k, m);
		break;
	case KIOSK_TAG_HELP:
	case KIOSK_TAG_ALERTS:
		help_on_reply(k, m);
		break;
	default:
		break;
	}
}

void hall_on_link(struct kiosk *k, struct ui_link_msg *m)
{
	switch (m->kind) {
	case UI_LINK_UP: {
		const char *url =
		    json_string_value(json_object_get(m->body, "status_url"));
		ui_link_hall_clock(m);
		/* The hall's web face, for the QR (kiosk.conf's own wins). */
		snprintf(k->set->hall_status_url,
		         sizeof k->set->hall_status_url, "%s", url ? url : "");
		log_info("kiosk", "connected to qhalld");
		ui_link_send(k->link, KIOSK_TAG_CATALOG, "catalog", NULL);
		k->status_asking = 0;
		hall_ask_status(k);
		for (size_t i = 0; i < k->nunreported; i++)
			hall_send_report(k, &k->unreported[i]);
		citizen_on_link_up(k);
		help_on_link_up(k);
		break;
	}
	case UI_LINK_DOWN:
		/* While it stays down the link retries quietly; say it once. */
		if (k->status)
			log_warn("kiosk", "lost qhalld: %s", m->err.message);
		view_status_free(k->status);
		k->status = NULL;
		k->status_asking = 0;
		k->app.dirty = 1;
		break;
	case UI_LINK_REPLY:
		hall_on_reply(k, m);
		break;
	case UI_LINK_EVENT:
		help_on_event(k, m->body);
		hall_ask_status(k);
		break;
	}
}

/* A queue tapped: its items, or a calm word that it issues no numbers. */
void hall_choose_queue(struct kiosk *k, const struct catalog_queue *q)
{
	snprintf(k->notice_queue, sizeof k->notice_queue, "%s", q->prefix);
	if (hall_queue_open(k, q->prefix))
		ui_app_go(&k->app, &screen_queue, q->prefix);
	else
		ui_app_go(&k->app, &screen_notice, "notice_queue_closed");
}

const struct catalog_queue *hall_queue(const struct kiosk *k,
                                       const char *prefix)
{
	return k->catalog && prefix ? catalog_queue_find(k->catalog, prefix)
	                            : NULL;
}

const struct catalog_item *hall_item(const struct kiosk *k, const char *id)
{
	return k->catalog && id ? catalog_item_find(k->catalog, id) : NULL;
}

const struct catalog_department *hall_department(const struct kiosk *k,
                                                 const char *id)
{
	return k->catalog && id ? catalog_department_find(k->catalog, id)
	                        : NULL;
}

size_t hall_nqueues(const struct kiosk *k)
{
	return k->catalog ? k->catalog->nqueues : 0;
}

/* The queue's line of the last status: waiting, est_wait_s, open. */
const struct view_queue *hall_queue_status(const struct kiosk *k,
                                           const char *prefix)
{
	return k->status && prefix ? view_status_queue(k->status, prefix)
	                           : NULL;
}

int hall_queue_open(const struct kiosk *k, const char *prefix)
{
	const struct view_queue *q = hall_queue_status(k, prefix);

	return q == NULL || q->open;
}

/* The items of a queue, in catalog order. */
size_t hall_items_of(const struct kiosk *k, const char *prefix,
                     const struct catalog_item **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; k->catalog && i < k->catalog->nitems; i++)
		if (strcmp(k->catalog->items[i].queue, prefix) == 0 && n < max)
			out[n++] = &k->catalog->items[i];
	return n;
}
