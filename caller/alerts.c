/*
 * The alerts a caller shows: those about its own window, those about the
 * queues it serves, and, at a guide's caller (--guide: the staff who walk
 * the hall), the kiosks' calls for staff (呼叫工作人员). The list is the
 * daemon's: asked on connecting and again at each alert event, never kept
 * beyond what the last answer said. One is shown at a time, calls for
 * help first, with a button (F11) that acknowledges it.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "log.h"
#include "ui-format.h"

/* Ask the daemon which alerts stand. */
void alerts_ask(struct caller *c)
{
	if (c->link_up)
		ui_link_send(c->link, CALLER_TAG_ALERTS, "alerts", NULL);
}

/* Is this alert one this caller shows? */
static int alerts_mine(const struct caller *c, const struct caller_alert *a)
{
	const struct view_window *w = window_entry(c);

	if (strcmp(a->kind, "help") == 0 ||
	    strcmp(a->kind, "printer_paper") == 0)
		return c->opt.guide;
	if (a->window)
		return a->window == c->opt.window;
	for (size_t i = 0; w && i < w->nqueues; i++)
		if (strcmp(w->queues[i], a->subject) == 0)
			return 1;
	return 0;
}

static void alerts_copy(char *out, size_t size, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	snprintf(out, size, "%s", s ? s : "");
}

/* The daemon's answer: keep the ones shown here, calls for help first. */
void alerts_replied(struct caller *c, struct ui_link_msg *m)
{
	json_t *a;
	size_t i;

	if (!m->ok) {
		log_warn("caller", "alerts: %s", m->err.message);
		return;
	}
	c->nalerts = 0;
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(json_object_get(m->body, "alerts"), i, a)
		{
			struct caller_alert *x = &c->alerts[c->nalerts];
			if (c->nalerts == CALLER_ALERTS_MAX)
				break;
			memset(x, 0, sizeof *x);
			x->id = (int64_t)json_integer_value(
			    json_object_get(a, "id"));
			alerts_copy(x->kind, sizeof x->kind, a, "kind");
			if ((strcmp(x->kind, "help") == 0) != (pass == 0))
				continue;
			alerts_copy(x->subject, sizeof x->subject, a,
			            "subject");
			alerts_copy(x->screen, sizeof x->screen, a, "screen");
			x->window = (int)json_integer_value(
			    json_object_get(a, "window"));
			x->figure = (int64_t)json_integer_value(
			    json_object_get(a, "figure"));
			x->threshold = (int64_t)json_integer_value(
			    json_object_get(a, "threshold"));
			x->acked =
			    json_is_integer(json_object_get(a, "acked_at"));
			if (alerts_mine(c, x))
				c->nalerts++;
		}
	ui_app_changed(&c->app);
}

/* Acknowledge the alert on show; the events that follow refresh the list. */
int alerts_ack(struct caller *c)
{
	if (c->nalerts == 0 || !c->link_up)
		return 0;
	ui_link_send(c->link, CALLER_TAG_ALERT_ACK, "alert_ack",
	             json_pack("{s:I}", "alert", (json_int_t)c->alerts[0].id));
	return 1;
}

/* A figure in seconds as minutes:seconds. */
static void alerts_mmss(char *out, size_t size, int64_t s)
{
	snprintf(out, size, "%lld:%02lld", (long long)(s / 60),
	         (long long)(s % 60));
}

/* The alert on show in plain words; "" when none. */
const char *alerts_text(const struct caller *c, char *out, size_t size)
{
	const struct caller_alert *a = &c->alerts[0];
	const struct ui *ui = c->app.ui;
	char key[80], fig[24], lim[24], screen[80];

	out[0] = '\0';
	if (c->nalerts == 0)
		return out;
	snprintf(key, sizeof key, "alert_%s", a->kind);
	if (strcmp(a->kind, "queue_length") == 0) {
		snprintf(fig, sizeof fig, "%lld", (long long)a->figure);
		snprintf(lim, sizeof lim, "%lld", (long long)a->threshold);
	} else {
		alerts_mmss(fig, sizeof fig, a->figure);
		alerts_mmss(lim, sizeof lim, a->threshold);
	}
	if (strcmp(a->kind, "printer_paper") == 0)
		return ui_format(out, size, ui_s(ui, "alert_printer_paper"),
		                 a->subject, (const char *)NULL);
	if (strcmp(a->kind, "help") == 0) {
		snprintf(key, sizeof key, "screen_%s", a->screen);
		/* A screen with no name in the strings shows as it came. */
		snprintf(screen, sizeof screen, "%s",
		         strcmp(ui_s(ui, key), key) ? ui_s(ui, key)
		                                    : a->screen);
		return ui_format(out, size, ui_s(ui, "alert_help"), a->subject,
		                 screen, (const char *)NULL);
	}
	if (a->window)
		return ui_format(out, size, ui_s(ui, key), fig, lim,
		                 (const char *)NULL);
	return ui_format(out, size, ui_s(ui, key), a->subject, fig, lim,
	                 (const char *)NULL);
}
