/* The catalog: the demo loads whole, and broken catalogs are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "catalog.h"

static void demo_catalog_loads_whole(void **state)
{
	struct qerr err = {0};
	struct catalog *c =
	    catalog_load(QHALL_TEST_ASSETS "/" CATALOG_FILE, &err);
	(void)state;

	assert_non_null(c);
	assert_in_range(c->nqueues, 8, 12);
	assert_int_equal(c->nwindows, 12);
	assert_true(c->nitems >= c->nqueues * 2);
	/* Every queue has items and a window that serves it. */
	for (size_t i = 0; i < c->nqueues; i++) {
		int items = 0, served = 0;
		for (size_t k = 0; k < c->nitems; k++)
			items +=
			    strcmp(c->items[k].queue, c->queues[i].prefix) == 0;
		for (size_t w = 0; w < c->nwindows; w++)
			for (size_t q = 0; q < c->windows[w].nqueues; q++)
				served += strcmp(c->windows[w].queues[q],
				                 c->queues[i].prefix) == 0;
		assert_in_range(items, 2, 5);
		assert_true(served >= 1);
	}
	assert_true(json_is_true(json_object_get(c->root, "demo")));
	catalog_free(c);
}

static void refuse(const char *text, const char *needle)
{
	struct qerr err = {0};
	struct catalog *c = catalog_parse(text, strlen(text), &err);

	assert_null(c);
	if (strstr(err.message, needle) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, needle);
}

#define Q1                                                                     \
	"{\"prefix\":\"A\",\"department\":\"d\",\"name_zh\":\"甲\",\"name_"   \
	"en\":\"a\"}"

static void broken_catalogs_are_refused(void **state)
{
	(void)state;
	refuse("", "catalog");
	refuse("[]", "not a JSON object");
	refuse("{\"queues\":[]}", "queues");
	refuse("{\"queues\":[{\"prefix\":\"a1\",\"department\":\"d\","
	       "\"name_zh\":\"x\",\"name_en\":\"x\"}]}",
	       "capital letters");
	refuse("{\"queues\":[" Q1 "," Q1 "]}", "listed twice");
	refuse("{\"queues\":[" Q1 "],\"items\":[{\"id\":\"X1\",\"queue\":\"Z\","
	       "\"name_zh\":\"x\",\"name_en\":\"x\"}]}",
	       "unknown queue");
	refuse("{\"queues\":[" Q1 "],\"items\":[],\"windows\":[{\"number\":0,"
	       "\"queues\":[\"A\"]}]}",
	       "number");
	refuse("{\"queues\":[" Q1 "],\"items\":[],\"windows\":[{\"number\":1,"
	       "\"queues\":[\"B\"]}]}",
	       "unknown queue");
	refuse("{\"queues\":[{\"prefix\":\"A\"}]}", "department");
}

static void missing_file_names_the_path(void **state)
{
	struct qerr err = {0};
	(void)state;

	assert_null(catalog_load("/nonexistent/catalog.json", &err));
	assert_non_null(strstr(err.message, "/nonexistent/catalog.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(demo_catalog_loads_whole),
	    cmocka_unit_test(broken_catalogs_are_refused),
	    cmocka_unit_test(missing_file_names_the_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
