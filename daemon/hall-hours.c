/* Opening hours: the hall's calendar, and a queue's hours by it. */
#include "hall-private.h"

void hall_set_calendar(struct hall *h, const struct hall_calendar *c)
{
	h->calendar = *c;
}

void hall_queue_hours(const struct hall *h, const struct catalog_queue *q,
                      int64_t now, struct hall_hours *out)
{
	hall_rule_hours(q, &h->calendar, now, out);
}
