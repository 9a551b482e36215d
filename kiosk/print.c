/*
 * A ticket's life in CUPS (the 2.4 API Debian 12 ships): find the
 * destination (a queue by name, the default, or a printer's own ipp://
 * URI), look at its state first so a stopped or empty printer fails at once
 * instead of swallowing the job, create the job, stream the document,
 * then ask for the job's state until it completes, fails, or time runs
 * out. The printer's state reasons are watched meanwhile: a printer that
 * runs out of paper mid-job holds the job forever, so a blocking reason
 * cancels it. On any failure the job is cancelled (as lp.c does), so a
 * ticket never comes out minutes later for someone who has left.
 */
#include <cups/cups.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "print.h"

#define PRINT_CONNECT_MS 5000
#define PRINT_POLL_MS    100
#define PRINT_STATE_MS   500
#define PRINT_CANCEL_MS  3000

/*
 * Reasons that stop a printer from printing, by their stem. The suffix
 * says how sure we can be. "-error" (or none) is the state now. "-report"
 * from a printer asked directly is the device's own word, but on a CUPS
 * queue it is what the backend last heard during a job, kept until the
 * next one: it may be stale (paper loaded since), so it fails a job under
 * way but never stops one from being tried. "-warning" matters only while
 * our job runs: a printer waiting for paper says media-needed-warning and
 * holds the job.
 */
static const struct {
	const char *stem, *word;
} print_blocking[] = {
    {"media-empty", "media-empty"}, {"media-needed", "media-empty"},
    {"media-jam", "media-jam"},     {"door-open", "door-open"},
    {"cover-open", "door-open"},    {"offline", "offline"},
    {"shutdown", "offline"},        {"paused", "stopped"},
};

enum print_when {
	PRINT_BEFORE_QUEUE,  /* before a job, a CUPS queue */
	PRINT_BEFORE_DEVICE, /* before a job, a printer asked directly */
	PRINT_DURING,        /* while our job runs */
};

const char *print_format_name(enum print_format f)
{
	static const char *const names[] = {"auto", "pwg", "png", "escpos"};
	return names[f];
}

int print_format_parse(const char *s, enum print_format *f)
{
	for (int i = PRINT_AUTO; i <= PRINT_ESCPOS; i++)
		if (strcmp(s, print_format_name((enum print_format)i)) == 0) {
			*f = (enum print_format)i;
			return 0;
		}
	return -1;
}

/*
 * The name a ticket's job and its document carry. Debian 12's cupsd
 * 2.4.2-3+deb12u10 dies (SIGSEGV in cupsdContinueJob) on a Send-Document
 * whose document-name holds ASCII whitespace, and any client may send one
 * (docs/PRINTING.md): so every byte but a letter, a digit, '-', '_' and '.'
 * becomes '-', whatever the day and number hold.
 */
void print_job_name(char *buf, size_t size, const char *day, const char *number)
{
	snprintf(buf, size, "qhall-%s-%s", day, number);
	for (char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      *p == '.'))
			*p = '-';
}

static int print_is_uri(const struct print_target *t)
{
	return strstr(t->printer, "://") != NULL;
}

static enum print_when print_before(const struct print_target *t)
{
	return print_is_uri(t) ? PRINT_BEFORE_DEVICE : PRINT_BEFORE_QUEUE;
}

static void print_fail(struct print_outcome *o, const char *reason,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void print_fail(struct print_outcome *o, const char *reason,
                       const char *fmt, ...)
{
	va_list ap;

	o->ok = 0;
	snprintf(o->reason, sizeof o->reason, "%s", reason);
	va_start(ap, fmt);
	vsnprintf(o->message, sizeof o->message, fmt, ap);
	va_end(ap);
}

static cups_dest_t *print_find(const struct print_target *t)
{
	if (print_is_uri(t))
		return cupsGetDestWithURI(NULL, t->printer);
	return cupsGetNamedDest(CUPS_HTTP_DEFAULT,
	                        t->printer[0] ? t->printer : NULL, NULL);
}

/*
 * A printer's own URI: cupsConnectDest reaches the device. A queue: talk to
 * the scheduler we were pointed at (cupsServer(): CUPS_SERVER, client.conf,
 * or the default socket), as lp does; cupsConnectDest would dial the host
 * and port in the queue's URI, which a scheduler reached through a socket
 * names as localhost:631 whether or not anything listens there.
 */
static http_t *print_connect(const struct print_target *t, cups_dest_t *dest,
                             char *resource, size_t size)
{
	const char *uri = cupsGetOption("printer-uri-supported",
	                                dest->num_options, dest->options);
	char scheme[32], user[64], host[256];
	int port;

	if (print_is_uri(t))
		return cupsConnectDest(dest, CUPS_DEST_FLAGS_DEVICE,
		                       PRINT_CONNECT_MS, NULL, resource, size,
		                       NULL, NULL);
	if (uri == NULL ||
	    httpSeparateURI(HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme,
	                    user, sizeof user, host, sizeof host, &port,
	                    resource, (int)size) < HTTP_URI_STATUS_OK)
		snprintf(resource, size, "/printers/%s", dest->name);
	return httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC,
	                    cupsEncryption(), 1, PRINT_CONNECT_MS, NULL);
}

/* The URI to ask about the printer and its jobs: a queue's own, or the
 * device's for a printer reached directly. */
static const char *print_uri(cups_dest_t *dest)
{
	const char *uri = cupsGetOption("printer-uri-supported",
	                                dest->num_options, dest->options);

	return uri ? uri
	           : cupsGetOption("device-uri", dest->num_options,
	                           dest->options);
}

/* The word for one printer-state-reasons keyword, or NULL: not blocking. */
static const char *print_reason_word(const char *kw, enum print_when when)
{
	size_t n = strlen(kw);

	if (when != PRINT_DURING && n > 8 &&
	    strcmp(kw + n - 8, "-warning") == 0)
		return NULL;
	if (when == PRINT_BEFORE_QUEUE && n > 7 &&
	    strcmp(kw + n - 7, "-report") == 0)
		return NULL;
	for (size_t i = 0; i < sizeof print_blocking / sizeof print_blocking[0];
	     i++) {
		size_t s = strlen(print_blocking[i].stem);
		if (strncmp(kw, print_blocking[i].stem, s) == 0 &&
		    (kw[s] == '\0' || kw[s] == '-'))
			return print_blocking[i].word;
	}
	return NULL;
}

/* Ask the printer (or the queue) how it is, before a job or during one. */
static void print_ask_state(http_t *http, const char *uri, const char *resource,
                            enum print_when when, struct printer_state *st)
{
	static const char *const want[] = {"printer-state",
	                                   "printer-state-reasons",
	                                   "printer-is-accepting-jobs"};
	ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES), *resp;
	ipp_attribute_t *a;
	const char *word = NULL;
	size_t used = 0;

	memset(st, 0, sizeof *st);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
	             uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME,
	             "requesting-user-name", NULL, cupsUser());
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
	              "requested-attributes", 3, NULL, want);
	resp = cupsDoRequest(http, req, resource);
	if (resp == NULL ||
	    ippGetStatusCode(resp) > IPP_STATUS_OK_CONFLICTING) {
		snprintf(st->blocking, sizeof st->blocking, "offline");
		snprintf(st->reasons, sizeof st->reasons, "%s",
		         cupsLastErrorString());
		ippDelete(resp);
		return;
	}
	if ((a = ippFindAttribute(resp, "printer-state-reasons",
	                          IPP_TAG_KEYWORD)) != NULL) {
		for (int i = 0; i < ippGetCount(a); i++) {
			const char *kw = ippGetString(a, i, NULL);
			const char *w = print_reason_word(kw, when);
			if (w && word == NULL)
				word = w;
			if (used < sizeof st->reasons)
				used +=
				    (size_t)snprintf(st->reasons + used,
				                     sizeof st->reasons - used,
				                     "%s%s", i ? "," : "", kw);
		}
	}
	if (word == NULL &&
	    (a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)) &&
	    ippGetInteger(a, 0) == IPP_PSTATE_STOPPED)
		word = "stopped";
	if (word == NULL &&
	    (a = ippFindAttribute(resp, "printer-is-accepting-jobs",
	                          IPP_TAG_BOOLEAN)) &&
	    !ippGetBoolean(a, 0))
		word = "rejecting";
	if (word)
		snprintf(st->blocking, sizeof st->blocking, "%s", word);
	st->usable = word == NULL;
	ippDelete(resp);
}

/* The state of the configured printer, for the kiosk's watch. */
void print_probe(const struct print_target *t, struct printer_state *st)
{
	char resource[256];
	cups_dest_t *dest = print_find(t);
	http_t *http;

	memset(st, 0, sizeof *st);
	if (dest == NULL) {
		snprintf(st->blocking, sizeof st->blocking, "no-printer");
		snprintf(st->reasons, sizeof st->reasons, "%s",
		         cupsLastErrorString());
		return;
	}
	http = print_connect(t, dest, resource, sizeof resource);
	if (http == NULL) {
		snprintf(st->blocking, sizeof st->blocking, "offline");
		snprintf(st->reasons, sizeof st->reasons, "%s",
		         cupsLastErrorString());
	} else {
		print_ask_state(http, print_uri(dest), resource,
		                print_before(t), st);
		httpClose(http);
	}
	cupsFreeDests(1, dest);
}

/*
 * The automatic choice: a raw queue gets ESC/POS, a driverless queue (or a
 * printer's own URI) PWG raster, a queue with a driver PNG (its filters
 * rasterise it for the model); else whatever the destination takes.
 */
static enum print_format print_pick(const struct print_target *t, http_t *http,
                                    cups_dest_t *dest, cups_dinfo_t *info)
{
	const char *model = cupsGetOption("printer-make-and-model",
	                                  dest->num_options, dest->options);
	int pwg = cupsCheckDestSupported(http, dest, info, "document-format",
	                                 "image/pwg-raster");
	int png = cupsCheckDestSupported(http, dest, info, "document-format",
	                                 "image/png");

	if (model && strcasecmp(model, "Local Raw Printer") == 0)
		return PRINT_ESCPOS;
	if (pwg &&
	    (print_is_uri(t) || (model && (strstr(model, "IPP Everywhere") ||
	                                   strcasestr(model, "driverless")))))
		return PRINT_PWG;
	if (png)
		return PRINT_PNG;
	if (pwg)
		return PRINT_PWG;
	return PRINT_ESCPOS;
}

static ssize_t print_write(void *ctx, const void *buf, size_t len)
{
	if (cupsWriteRequestData(ctx, buf, len) != HTTP_STATUS_CONTINUE)
		return -1;
	return (ssize_t)len;
}

/*
 * A job's state, and (into word, when asked) why a job that ended did not
 * really print. A CUPS queue marks a job "completed" when its backend
 * finished, even when the printer behind it gave up on the job (out of
 * paper): then only job-printer-state-reasons, the printer's reasons CUPS
 * saved as the job ended, or a job-state-reasons of errors tells.
 */
static ipp_jstate_t print_job_state(http_t *http, const char *uri,
                                    const char *resource, int job_id,
                                    char *word, size_t size)
{
	static const char *const want[] = {"job-state", "job-state-reasons",
	                                   "job-printer-state-reasons"};
	ipp_t *req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES), *resp;
	ipp_attribute_t *a;
	ipp_jstate_t state = IPP_JSTATE_PENDING;

	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
	             uri);
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id",
	              job_id);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME,
	             "requesting-user-name", NULL, cupsUser());
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
	              "requested-attributes", word ? 3 : 1, NULL, want);
	resp = cupsDoRequest(http, req, resource);
	if (resp && (a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM)))
		state = (ipp_jstate_t)ippGetInteger(a, 0);
	if (word && resp) {
		word[0] = '\0';
		if ((a = ippFindAttribute(resp, "job-printer-state-reasons",
		                          IPP_TAG_KEYWORD)) != NULL)
			for (int i = 0; i < ippGetCount(a) && !word[0]; i++) {
				const char *w = print_reason_word(
				    ippGetString(a, i, NULL), PRINT_DURING);
				if (w)
					snprintf(word, size, "%s", w);
			}
		if ((a = ippFindAttribute(resp, "job-state-reasons",
		                          IPP_TAG_KEYWORD)) != NULL)
			for (int i = 0; i < ippGetCount(a) && !word[0]; i++) {
				const char *kw = ippGetString(a, i, NULL);
				if (strcmp(kw, "job-completed-with-errors") ==
				        0 ||
				    strcmp(kw, "aborted-by-system") == 0)
					snprintf(word, size, "aborted");
			}
	}
	ippDelete(resp);
	return state;
}

static int print_stopping(const struct print_target *t)
{
	return t->stop && SDL_AtomicGet(t->stop);
}

/* Follow a job until it ends; 0 when it completed. */
static int print_follow(const struct print_target *t, http_t *http,
                        cups_dest_t *dest, const char *resource, int job_id,
                        struct print_outcome *o)
{
	const char *uri = print_uri(dest);
	Uint32 start = SDL_GetTicks(), last_state = start;
	struct printer_state st;

	for (;;) {
		char word[32] = "";
		ipp_jstate_t js = print_job_state(http, uri, resource, job_id,
		                                  word, sizeof word);
		Uint32 now = SDL_GetTicks();

		if (js == IPP_JSTATE_COMPLETED && word[0] == '\0')
			return 0;
		if (js == IPP_JSTATE_COMPLETED) {
			print_fail(o, word,
			           "the job ended but the printer reported %s",
			           word);
			return -1;
		}
		if (js == IPP_JSTATE_CANCELED || js == IPP_JSTATE_ABORTED) {
			print_ask_state(http, uri, resource, PRINT_DURING, &st);
			print_fail(o, st.blocking[0] ? st.blocking : "aborted",
			           "the printer gave up on the job (%s)",
			           st.reasons);
			return -1;
		}
		if (now - last_state >= PRINT_STATE_MS) {
			last_state = now;
			print_ask_state(http, uri, resource, PRINT_DURING, &st);
			if (!st.usable) {
				print_fail(o, st.blocking,
				           "the printer cannot print (%s)",
				           st.reasons);
				return -1;
			}
		}
		if (print_stopping(t)) {
			print_fail(o, "failed", "%s", "the kiosk is stopping");
			return -1;
		}
		if (now - start >= (Uint32)t->timeout_s * 1000) {
			print_fail(o, "timeout", "%s",
			           "the job did not finish in time");
			return -1;
		}
		SDL_Delay(PRINT_POLL_MS);
	}
}

/* Send the document of an open job; 0 on success. */
static int print_send(http_t *http, cups_dest_t *dest, cups_dinfo_t *info,
                      int job_id, const char *title,
                      const struct print_image *img, struct print_outcome *o)
{
	struct qerr err = {0};
	int rc;

	if (cupsStartDestDocument(http, dest, info, job_id, title,
	                          print_doc_mime(o->format), 0, NULL,
	                          1) != HTTP_STATUS_CONTINUE) {
		print_fail(o, "failed", "cannot send the ticket: %s",
		           cupsLastErrorString());
		return -1;
	}
	rc = print_doc_write(o->format, img, print_write, http, &err);
	if (cupsFinishDestDocument(http, dest, info) >
	        IPP_STATUS_OK_CONFLICTING &&
	    rc == 0) {
		print_fail(o, "failed", "the printer refused the ticket: %s",
		           cupsLastErrorString());
		return -1;
	}
	if (rc) {
		print_fail(o, "failed", "%s", err.message);
		return -1;
	}
	return 0;
}

/* 1 while the printer (or queue) says it is processing a job. */
static int print_processing(http_t *http, const char *uri, const char *resource)
{
	static const char *const want[] = {"printer-state"};
	ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES), *resp;
	ipp_attribute_t *a;
	int busy = 0;

	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
	             uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
	              "requested-attributes", 1, NULL, want);
	resp = cupsDoRequest(http, req, resource);
	if (resp && (a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)))
		busy = ippGetInteger(a, 0) == IPP_PSTATE_PROCESSING;
	ippDelete(resp);
	return busy;
}

/*
 * Cancel a failed job and wait (briefly) until it is gone. CUPS marks the
 * job cancelled at once but holds it while its backend dies; a queue
 * modified in that moment (the printer fixed) restarts it, and a ticket
 * the daemon was told did not print would come out after all.
 */
static void print_cancel(http_t *http, cups_dest_t *dest, const char *resource,
                         int job_id)
{
	Uint32 start = SDL_GetTicks();
	const char *uri = print_uri(dest);

	/* A job that ended already cannot be cancelled: not worth a word. */
	if (cupsCancelDestJob(http, dest, job_id) > IPP_STATUS_OK_CONFLICTING)
		log_debug("print", "cancel job %d: %s", job_id,
		          cupsLastErrorString());
	do {
		if (print_job_state(http, uri, resource, job_id, NULL, 0) >=
		        IPP_JSTATE_CANCELED &&
		    !print_processing(http, uri, resource))
			return;
		SDL_Delay(PRINT_POLL_MS);
	} while (SDL_GetTicks() - start < PRINT_CANCEL_MS);
	log_warn("print", "job %d: the printer is still busy with it", job_id);
}

/*
 * Create the job. A printer busy with someone else's job (an IPP printer
 * without a spooler says server-error-busy) is asked again until the
 * timeout; any other refusal is final.
 */
static int print_create(const struct print_target *t, http_t *http,
                        cups_dest_t *dest, cups_dinfo_t *info,
                        const char *title, int *job_id, struct print_outcome *o)
{
	Uint32 start = SDL_GetTicks();
	ipp_status_t st;

	while ((st = cupsCreateDestJob(http, dest, info, job_id, title, 0,
	                               NULL)) == IPP_STATUS_ERROR_BUSY &&
	       SDL_GetTicks() - start < (Uint32)t->timeout_s * 1000 &&
	       !print_stopping(t))
		SDL_Delay(PRINT_STATE_MS);
	if (st <= IPP_STATUS_OK_CONFLICTING)
		return 0;
	print_fail(o, st == IPP_STATUS_ERROR_BUSY ? "timeout" : "rejecting",
	           "the printer took no job: %s", cupsLastErrorString());
	return -1;
}

/*
 * Print one image and follow the job to its end. Returns 0 when the
 * printer says it printed; otherwise -1 with o->reason and o->message.
 */
int print_image(const struct print_target *t, const struct print_image *img,
                const char *day, const char *number, struct print_outcome *o)
{
	char resource[256], title[64];
	cups_dest_t *dest;
	cups_dinfo_t *info = NULL;
	http_t *http = NULL;
	struct printer_state st;
	int job_id = 0, rc = -1;

	memset(o, 0, sizeof *o);
	print_job_name(title, sizeof title, day, number);
	if ((dest = print_find(t)) == NULL) {
		print_fail(o, "no-printer", "no printer \"%s\"",
		           t->printer[0] ? t->printer : "(default)");
		return -1;
	}
	if ((http = print_connect(t, dest, resource, sizeof resource)) ==
	    NULL) {
		print_fail(o, "offline", "cannot reach the printer: %s",
		           cupsLastErrorString());
		goto done;
	}
	print_ask_state(http, print_uri(dest), resource, print_before(t), &st);
	if (!st.usable) {
		print_fail(o, st.blocking, "the printer cannot print (%s)",
		           st.reasons);
		goto done;
	}
	if ((info = cupsCopyDestInfo(http, dest)) == NULL) {
		print_fail(o, "offline", "cannot ask the printer: %s",
		           cupsLastErrorString());
		goto done;
	}
	o->format = t->format == PRINT_AUTO ? print_pick(t, http, dest, info)
	                                    : t->format;
	if (print_create(t, http, dest, info, title, &job_id, o))
		goto done;
	o->job_id = job_id;
	if (print_send(http, dest, info, job_id, title, img, o) == 0 &&
	    print_follow(t, http, dest, resource, job_id, o) == 0) {
		o->ok = 1;
		rc = 0;
	}
done:
	if (rc && job_id > 0)
		print_cancel(http, dest, resource, job_id);
	cupsFreeDestInfo(info);
	if (http)
		httpClose(http);
	cupsFreeDests(1, dest);
	return rc;
}
