/*
 * A crew of worker threads that start and stop together: every worker
 * connects first, then the clock starts for all at once, so connecting and
 * saying hello never count as load.
 */
#include <stdint.h>

#include "bench.h"

/* Ready a crew for `workers` threads plus the thread that starts them. */
void crew_init(struct crew *c, int workers)
{
	pthread_barrier_init(&c->ready, NULL, (unsigned)workers + 1);
	pthread_barrier_init(&c->go, NULL, (unsigned)workers + 1);
	c->start = 0;
	c->deadline = INT64_MAX;
	atomic_init(&c->stop, 0);
	c->at_go = NULL;
	c->at_go_arg = NULL;
}

/*
 * The starter: once every worker is connected, run the at_go hook if any
 * (say, to switch a profiler on), then start the clock. Seconds 0 means no
 * deadline: the workers stop on their own.
 */
void crew_start(struct crew *c, int seconds)
{
	pthread_barrier_wait(&c->ready);
	if (c->at_go)
		c->at_go(c->at_go_arg);
	c->start = stats_now();
	if (seconds > 0)
		c->deadline = c->start + (int64_t)seconds * 1000000000;
	pthread_barrier_wait(&c->go);
}

/* A worker: report connected (or not), and wait for the start. */
void crew_wait(struct crew *c)
{
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);
}

/* A worker: whether to send another request. */
int crew_running(struct crew *c)
{
	return !atomic_load(&c->stop) && stats_now() < c->deadline;
}

/* Free the barriers once every worker is joined. */
void crew_destroy(struct crew *c)
{
	pthread_barrier_destroy(&c->ready);
	pthread_barrier_destroy(&c->go);
}
