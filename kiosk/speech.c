/*
 * 语音: the kiosk reads itself aloud for a citizen who cannot read the
 * screen. Off for each new citizen (kiosk.conf voice = yes turns it on),
 * on and off with the footer's 语音 button.
 *
 * While it is on, every turn of the loop compares what is on show (the
 * screen, the language, the chosen queue and item, the ticket's number
 * and its print outcome) with what was last read; when it changed, the
 * new screen's main text is read, cutting off what was still being said:
 * the citizen has moved on, and two voices never sound at once. A tap on
 * a queue or an item is read as the title of the screen it opens; the
 * ticket as its number, digit by digit, and its queue.
 *
 * Chinese is read in characters by espeak-ng's cmn voice, English by its
 * en voice. The speaking happens on the voice's own thread: no audio, or
 * no espeak-ng, never holds up the kiosk.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kiosk.h"
#include "voice.h"

static const char *const speech_digit_zh[10] = {"零", "一", "二", "三", "四",
                                                "五", "六", "七", "八", "九"};
static const char *const speech_digit_en[10] = {"zero",  "one",  "two", "three",
                                                "four",  "five", "six", "seven",
                                                "eight", "nine"};

void speech_open(struct kiosk *k)
{
	struct voice_options o = {
	    .sound = !k->set->mute,
	    .wav_dir = k->set->voice_wav[0] ? k->set->voice_wav : NULL,
	};

	k->voice = voice_open(&o);
	k->voice_on = k->set->voice;
}

void speech_close(struct kiosk *k)
{
	voice_close(k->voice);
	k->voice = NULL;
}

/* Append s to out, as far as it fits. */
static void speech_add(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);

	if (n + 1 < size)
		snprintf(out + n, size - n, "%s", s);
}

/* A ticket number to be read, not seen: "A 零 零 七", "A, zero zero
 * seven" (the comma keeps espeak from reading a lone A as the article). */
static void speech_number(char *out, size_t size, const char *number, int en)
{
	const char *p = number;
	char letter[3] = {0, ' ', 0};

	for (; *p && !isdigit((unsigned char)*p); p++) {
		letter[0] = (char)toupper((unsigned char)*p);
		if (isalpha((unsigned char)*p))
			speech_add(out, size, letter);
	}
	if (en)
		speech_add(out, size, ", ");
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		speech_add(out, size,
		           (en ? speech_digit_en : speech_digit_zh)[*p - '0']);
		speech_add(out, size, " ");
	}
}

/* The queue's name in the language on show, "" if unknown. */
static const char *speech_queue_name(struct kiosk *k, const char *prefix)
{
	const struct catalog_queue *q = hall_queue(k, prefix);

	return q ? ui_tr(k->app.ui, q->name_zh, q->name_en) : "";
}

/* What the ticket screen says: the number and its queue once issued,
 * then only a failed print (the number stays valid). */
static void speech_ticket(struct kiosk *k, char *out, size_t size)
{
	struct ui *ui = k->app.ui;
	int en = ui->lang == UI_EN;

	if (!k->has_ticket) {
		speech_add(out, size, ui_s(ui, "ticket_taking"));
		return;
	}
	speech_add(out, size, ui_s(ui, "ticket_your_number"));
	speech_add(out, size, en ? ": " : "，");
	speech_number(out, size, k->ticket.number, en);
	speech_add(out, size, en ? ". " : "。");
	speech_add(out, size, speech_queue_name(k, k->ticket.queue));
	speech_add(out, size, en ? ". " : "。");
	if (k->phase == KIOSK_PRINT_FAILED) {
		speech_add(out, size, ui_s(ui, "ticket_print_failed"));
		speech_add(out, size, en ? ". " : "。");
	}
}

/* The main text of the screen on show. */
static void speech_text(struct kiosk *k, char *out, size_t size)
{
	const struct screen *s = k->app.screen;
	struct ui *ui = k->app.ui;
	const char *stop = ui->lang == UI_EN ? ". " : "。";
	char key[64];

	out[0] = '\0';
	if (k->asking) {
		speech_add(out, size, ui_s(ui, "idle_ask"));
		speech_add(out, size, stop);
		speech_add(out, size, ui_s(ui, "idle_more"));
	} else if (s == &screen_home) {
		speech_add(out, size, ui_s(ui, "home_prompt"));
	} else if (s == &screen_priority) {
		speech_add(out, size, ui_s(ui, "priority_intro"));
	} else if (s == &screen_queue) {
		speech_add(out, size, speech_queue_name(k, k->queue));
		speech_add(out, size, stop);
		speech_add(out, size, ui_s(ui, "queue_prompt"));
	} else if (s == &screen_item) {
		const struct catalog_item *it = hall_item(k, k->item);
		if (it)
			speech_add(out, size,
			           ui_tr(ui, it->name_zh, it->name_en));
		speech_add(out, size, stop);
		speech_add(
		    out, size,
		    ui_s(ui, k->priority ? "item_take_priority" : "item_take"));
	} else if (s == &screen_notice && k->notice &&
	           strcmp(k->notice, "notice_queue_closed") == 0 &&
	           hours_closed_by_hours(k, k->notice_queue)) {
		char hours[512];
		hours_notice_text(k, hours, sizeof hours);
		speech_add(out, size, ui_s(ui, "notice_queue_hours_title"));
		speech_add(out, size, stop);
		speech_add(out, size, hours);
	} else if (s == &screen_idnumber) {
		/* The prompt and why, never what is typed. */
		speech_add(out, size, ui_s(ui, "idnum_title"));
		speech_add(out, size, stop);
		speech_add(out, size,
		           ui_s(ui, k->id_why ? k->id_why : "idnum_privacy"));
	} else if (s == &screen_appointment) {
		speech_add(out, size, ui_s(ui, "appt_title"));
		speech_add(out, size, stop);
		speech_add(out, size,
		           ui_s(ui, k->appt_why ? k->appt_why : "appt_prompt"));
	} else if (s == &screen_notice && k->notice) {
		snprintf(key, sizeof key, "%s_title", k->notice);
		speech_add(out, size, ui_s(ui, key));
		speech_add(out, size, stop);
		speech_add(out, size, ui_s(ui, k->notice));
	} else if (s == &screen_offline) {
		speech_add(out, size, ui_s(ui, "unavailable_title"));
	} else if (s == &screen_ticket) {
		speech_ticket(k, out, size);
	}
}

/* What is on show, as far as reading it aloud goes. */
static void speech_key(struct kiosk *k, char *out, size_t size)
{
	const struct screen *s = k->app.screen;
	int failed = k->phase == KIOSK_PRINT_FAILED;

	snprintf(out, size, "%s|%d|%s|%s|%d|%s|%s|%d|%d|%s|%s",
	         s ? s->name : "", (int)k->app.ui->lang, k->queue, k->item,
	         k->priority, k->notice ? k->notice : "",
	         k->has_ticket ? k->ticket.number : "", failed, k->asking,
	         k->id_why ? k->id_why : "", k->appt_why ? k->appt_why : "");
}

/* Say text, cutting off whatever is still being said; keep it for the
 * state dump. */
static void speech_say(struct kiosk *k, const char *text, const char *name)
{
	struct voice_utterance u = {0};

	u.part[0].voice = k->app.ui->lang == UI_EN ? VOICE_EN : VOICE_ZH;
	snprintf(u.part[0].text, sizeof u.part[0].text, "%s", text);
	/* The file names the utterance by its count and screen: a test finds
	 * the one it waits for, whatever was cut before it. */
	snprintf(u.name, sizeof u.name, "%u-%s", k->nsaid + 1, name);
	voice_say(k->voice, &u, VOICE_CUT);
	memmove(k->said[1], k->said[0], sizeof k->said - sizeof k->said[0]);
	snprintf(k->said[0], sizeof k->said[0], "%s", text);
	k->nsaid++;
	ui_app_changed(&k->app);
}

/* Read the screen aloud when what is on show changed. */
void speech_tick(struct kiosk *k)
{
	char key[sizeof k->said_key], text[VOICE_TEXT_MAX];

	if (!k->voice_on || k->app.screen == NULL)
		return;
	speech_key(k, key, sizeof key);
	if (strcmp(key, k->said_key) == 0)
		return;
	snprintf(k->said_key, sizeof k->said_key, "%s", key);
	speech_text(k, text, sizeof text);
	if (text[0])
		speech_say(k, text, k->app.screen->name);
}

/* The 语音 button: on says so and reads the screen; off is silent at
 * once. */
void speech_toggle(struct kiosk *k)
{
	speech_set(k, !k->voice_on);
	if (k->voice_on) {
		char text[VOICE_TEXT_MAX];
		speech_key(k, k->said_key, sizeof k->said_key);
		snprintf(text, sizeof text, "%s%s",
		         ui_s(k->app.ui, "voice_is_on"),
		         k->app.ui->lang == UI_EN ? ". " : "。");
		speech_text(k, text + strlen(text), sizeof text - strlen(text));
		speech_say(k, text, k->app.screen ? k->app.screen->name : "");
	}
}

/* On or off, as the toggle or the next citizen's reset sets it. */
void speech_set(struct kiosk *k, int on)
{
	if (!on)
		voice_hush(k->voice);
	k->voice_on = on;
	k->said_key[0] = '\0';
	k->app.dirty = 1;
}

/* For --state-json: whether it is on, how the voice is, what it said
 * (newest first) and how many utterances are done. */
json_t *speech_state(const struct kiosk *k)
{
	json_t *said = json_array();

	for (unsigned i = 0; i < k->nsaid && i < KIOSK_SAID_MAX; i++)
		json_array_append_new(said, json_string(k->said[i]));
	return json_pack("{s:b, s:s, s:o, s:i}", "on", k->voice_on, "state",
	                 voice_state(k->voice), "said", said, "spoken",
	                 (int)voice_spoken(k->voice));
}
