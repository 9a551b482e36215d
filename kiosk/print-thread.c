/*
 * Printing off the UI thread. The screen hands a rendered ticket to
 * print_thread_submit() and goes on drawing; this thread prints it (which
 * may take as long as the printer likes, up to the job timeout) and posts
 * the outcome as an SDL event of type print_event_type() whose data1 is a
 * struct print_msg the receiver frees. Between jobs it asks the printer's
 * state every check_s seconds and posts it when it changed, so the kiosk
 * knows of an empty printer before the next citizen taps.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "print.h"
#include "xmalloc.h"

struct print_job {
	struct print_image *img;
	char number[16], day[16];
	struct print_job *next;
};

struct print_thread {
	struct print_target target;
	int check_ms;
	SDL_Thread *thread;
	SDL_mutex *lock;
	SDL_cond *cond;
	struct print_job *head, *tail; /* under lock */
	int check_now;                 /* under lock */
	SDL_atomic_t stop;

	/* thread-only */
	struct printer_state last;
	int told;
};

Uint32 print_event_type(void)
{
	static Uint32 type = (Uint32)-1;

	if (type == (Uint32)-1)
		type = SDL_RegisterEvents(1);
	return type;
}

static void print_post(struct print_msg *m)
{
	SDL_Event ev = {0};

	ev.type = print_event_type();
	ev.user.data1 = m;
	if (SDL_PushEvent(&ev) != 1)
		free(m);
}

/* Tell the screen the printer's state if it changed (or was never told). */
static void print_watch(struct print_thread *p)
{
	struct printer_state st;
	struct print_msg *m;

	print_probe(&p->target, &st);
	if (p->told && st.usable == p->last.usable &&
	    strcmp(st.reasons, p->last.reasons) == 0)
		return;
	if (!st.usable)
		log_warn("print", "the printer cannot print: %s (%s)",
		         st.blocking, st.reasons);
	else if (p->told)
		log_info("print", "the printer is back");
	p->last = st;
	p->told = 1;
	m = xcalloc(1, sizeof *m);
	m->kind = PRINT_MSG_STATE;
	m->state = st;
	print_post(m);
}

static void print_run_job(struct print_thread *p, struct print_job *j)
{
	struct print_msg *m = xcalloc(1, sizeof *m);

	m->kind = PRINT_MSG_DONE;
	snprintf(m->number, sizeof m->number, "%s", j->number);
	snprintf(m->day, sizeof m->day, "%s", j->day);
	if (print_image(&p->target, j->img, j->day, j->number, &m->outcome) ==
	    0)
		log_info("print", "%s printed (%s, job %d)", j->number,
		         print_format_name(m->outcome.format),
		         m->outcome.job_id);
	else
		log_warn("print", "%s not printed: %s: %s", j->number,
		         m->outcome.reason, m->outcome.message);
	print_probe(&p->target, &m->state);
	p->last = m->state;
	p->told = 1;
	print_post(m);
}

static int print_main(void *arg)
{
	struct print_thread *p = arg;

	print_watch(p);
	while (!SDL_AtomicGet(&p->stop)) {
		struct print_job *j;

		SDL_LockMutex(p->lock);
		if (p->head == NULL && !p->check_now &&
		    !SDL_AtomicGet(&p->stop))
			SDL_CondWaitTimeout(p->cond, p->lock,
			                    (Uint32)p->check_ms);
		j = p->head;
		if (j) {
			p->head = j->next;
			if (p->head == NULL)
				p->tail = NULL;
		}
		p->check_now = 0;
		SDL_UnlockMutex(p->lock);
		if (SDL_AtomicGet(&p->stop)) {
			if (j) {
				print_image_free(j->img);
				free(j);
			}
			break;
		}
		if (j) {
			print_run_job(p, j);
			print_image_free(j->img);
			free(j);
		} else {
			print_watch(p);
		}
	}
	return 0;
}

struct print_thread *print_thread_start(const struct print_target *t,
                                        int check_s)
{
	struct print_thread *p = xcalloc(1, sizeof *p);

	p->target = *t;
	p->target.stop = &p->stop;
	p->check_ms = (check_s > 0 ? check_s : 10) * 1000;
	p->lock = SDL_CreateMutex();
	p->cond = SDL_CreateCond();
	if (p->lock == NULL || p->cond == NULL)
		fatal("cannot start printing: %s", SDL_GetError());
	print_event_type();
	p->thread = SDL_CreateThread(print_main, "qhall-print", p);
	if (p->thread == NULL)
		fatal("cannot start printing: %s", SDL_GetError());
	return p;
}

void print_thread_stop(struct print_thread *p)
{
	struct print_job *j;

	if (p == NULL)
		return;
	SDL_AtomicSet(&p->stop, 1);
	SDL_LockMutex(p->lock);
	SDL_CondSignal(p->cond);
	SDL_UnlockMutex(p->lock);
	SDL_WaitThread(p->thread, NULL);
	while ((j = p->head) != NULL) {
		p->head = j->next;
		print_image_free(j->img);
		free(j);
	}
	SDL_DestroyCond(p->cond);
	SDL_DestroyMutex(p->lock);
	free(p);
}

/* Queue a ticket for printing; img is consumed. */
void print_thread_submit(struct print_thread *p, struct print_image *img,
                         const char *number, const char *day)
{
	struct print_job *j = xcalloc(1, sizeof *j);

	j->img = img;
	snprintf(j->number, sizeof j->number, "%s", number);
	snprintf(j->day, sizeof j->day, "%s", day);
	SDL_LockMutex(p->lock);
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	SDL_CondSignal(p->cond);
	SDL_UnlockMutex(p->lock);
}

void print_thread_check(struct print_thread *p)
{
	SDL_LockMutex(p->lock);
	p->check_now = 1;
	SDL_CondSignal(p->cond);
	SDL_UnlockMutex(p->lock);
}
