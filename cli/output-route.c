/* qhall route: a ticket's route (并联审批) and where it is on it. */
#include <stdio.h>

#include "cli.h"

/*
 * E001  queue D  waiting  step 2 of 3
 *   1  E      done
 *   2  D + G  waiting  (done: D)
 *   3  E      pending
 */
void output_route(json_t *r)
{
	json_t *t = json_object_get(r, "ticket");
	json_t *steps = json_object_get(r, "steps"), *s, *q;
	size_t i, k;

	printf("%s  queue %s  %s",
	       output_safe(json_string_value(json_object_get(t, "number"))),
	       output_safe(json_string_value(json_object_get(t, "queue"))),
	       output_safe(json_string_value(json_object_get(t, "state"))));
	if (json_array_size(steps) == 0) {
		printf("  (no route)\n");
		return;
	}
	if (json_is_integer(json_object_get(t, "route_step")))
		printf("  step %lld of %zu",
		       (long long)json_integer_value(
		           json_object_get(t, "route_step")),
		       json_array_size(steps));
	putchar('\n');
	json_array_foreach(steps, i, s)
	{
		json_t *done = json_object_get(s, "done");
		int col = 0;

		printf("  %zu  ", i + 1);
		json_array_foreach(json_object_get(s, "queues"), k, q) col +=
		    printf("%s%s", k ? " + " : "",
		           output_safe(json_string_value(q)));
		printf("%*s  %s", col < 8 ? 8 - col : 0, "",
		       output_safe(
		           json_string_value(json_object_get(s, "state"))));
		if (json_array_size(done) > 0 &&
		    json_array_size(done) <
		        json_array_size(json_object_get(s, "queues"))) {
			printf("  (done:");
			json_array_foreach(done, k, q)
			    printf(" %s", output_safe(json_string_value(q)));
			putchar(')');
		}
		putchar('\n');
	}
}
