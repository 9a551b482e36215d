/* The human form of ratings (好差评): one rating, and the figures table. */
#include <stdio.h>

#include "cli.h"

static const char *const level_names[6] = {
    "", "非常不满意", "不满意", "基本满意", "满意", "非常满意"};

void output_rating(json_t *result)
{
	json_t *r = json_object_get(result, "rating");
	json_t *reasons = json_object_get(r, "reasons");
	int level = (int)json_integer_value(json_object_get(r, "level"));
	size_t i;
	json_t *v;

	printf("%s (%s) at window %lld: %d %s, %s",
	       output_safe(json_string_value(json_object_get(r, "number"))),
	       output_safe(json_string_value(json_object_get(r, "day"))),
	       (long long)json_integer_value(json_object_get(r, "window")),
	       level, level >= 1 && level <= 5 ? level_names[level] : "",
	       output_safe(json_string_value(json_object_get(r, "channel"))));
	json_array_foreach(reasons, i, v)
	    printf("%s%s", i ? ", " : " — ", output_safe(json_string_value(v)));
	putchar('\n');
}

static void output_rate(json_t *rate)
{
	if (json_is_number(rate))
		printf(" %6.1f%%", json_number_value(rate) * 100);
	else
		printf(" %7s", "-");
}

static void output_figures(const char *subject, json_t *row)
{
	json_t *levels = json_object_get(row, "levels");
	static const char *const keys[] = {"5", "4", "3", "2", "1"};

	printf("%-10s %8lld %8lld %8lld", subject,
	       (long long)json_integer_value(json_object_get(row, "services")),
	       (long long)json_integer_value(json_object_get(row, "rated")),
	       (long long)json_integer_value(json_object_get(row, "unrated")));
	output_rate(json_object_get(row, "rated_rate"));
	output_rate(json_object_get(row, "good_rate"));
	printf(" %6lld ",
	       (long long)json_integer_value(json_object_get(row, "bad")));
	for (int i = 0; i < 5; i++)
		printf(" %5lld", (long long)json_integer_value(
		                     json_object_get(levels, keys[i])));
	putchar('\n');
}

void output_ratings(json_t *result)
{
	json_t *row;
	size_t i;

	printf("%s to %s, by %s\n",
	       output_safe(json_string_value(json_object_get(result, "from"))),
	       output_safe(json_string_value(json_object_get(result, "to"))),
	       output_safe(json_string_value(json_object_get(result, "by"))));
	printf("%-10s %8s %8s %8s %8s %8s %6s  %5s %5s %5s %5s %5s\n",
	       "subject", "services", "rated", "unrated", "rated%", "good%",
	       "bad", "5", "4", "3", "2", "1");
	json_array_foreach(json_object_get(result, "rows"), i, row)
	{
		const char *s =
		    json_string_value(json_object_get(row, "subject"));
		output_figures(s ? output_safe(s) : "-", row);
	}
	output_figures("total", json_object_get(result, "total"));
}

/* One ledger entry on a line; OVERDUE where it is. */
static void output_one_review(json_t *r)
{
	json_t *staff = json_object_get(r, "staff");
	json_t *callback = json_object_get(r, "callback");

	printf("#%lld %-12s %s %s window %lld staff %s level %lld%s%s%s\n",
	       (long long)json_integer_value(json_object_get(r, "id")),
	       output_safe(json_string_value(json_object_get(r, "state"))),
	       output_safe(json_string_value(json_object_get(r, "day"))),
	       output_safe(json_string_value(json_object_get(r, "number"))),
	       (long long)json_integer_value(json_object_get(r, "window")),
	       staff ? output_safe(json_string_value(staff)) : "-",
	       (long long)json_integer_value(json_object_get(r, "level")),
	       json_is_string(callback) ? " callback " : "",
	       json_is_string(callback)
	           ? output_safe(json_string_value(callback))
	           : "",
	       json_is_true(json_object_get(r, "overdue")) ? "  OVERDUE" : "");
}

void output_reviews(json_t *result)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(result, "reviews"), i, r)
	    output_one_review(r);
	if (json_array_size(json_object_get(result, "reviews")) == 0)
		printf("no entries\n");
}

void output_review(json_t *result)
{
	output_one_review(json_object_get(result, "review"));
}
