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
	/* What the screens show comes typed: the hall, departments, details. */
	assert_true(c->demo);
	assert_non_null(strstr(c->hall_name.zh, "政务服务大厅"));
	assert_true(strlen(c->hall_rules.en) > 0);
	assert_true(c->ndepartments >= 3);
	assert_non_null(catalog_department_find(c, c->queues[0].department));
	const struct catalog_item *a01 = catalog_item_find(c, "A01");
	assert_non_null(a01);
	assert_true(a01->materials.nzh >= 2);
	assert_int_equal(a01->materials.nzh, a01->materials.nen);
	assert_true(a01->procedure.nzh >= 2);
	assert_true(strlen(a01->fees.zh) > 0);
	assert_int_equal(catalog_queue_index(c, c->queues[1].prefix), 1);
	assert_int_equal(catalog_queue_index(c, "ZZ"), -1);
	/* The daemon's reply reads the same as the file. */
	struct catalog *r = catalog_from_json(c->root, &err);
	assert_non_null(r);
	assert_int_equal(r->nitems, c->nitems);
	catalog_free(r);
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

/* An item's details must be text where text is shown. */
static void broken_details_are_refused(void **state)
{
	(void)state;
	refuse("{\"queues\":[{\"prefix\":\"A\",\"department\":\"d\","
	       "\"name_zh\":\"甲\",\"name_en\":\"A\"}],\"items\":[{\"id\":"
	       "\"A01\",\"queue\":\"A\",\"name_zh\":\"x\",\"name_en\":\"x\","
	       "\"materials_zh\":[\"a\",3]}],\"windows\":[]}",
	       "materials_zh");
	refuse("{\"hall\":{\"name_zh\":5},\"queues\":[{\"prefix\":\"A\","
	       "\"department\":\"d\",\"name_zh\":\"甲\",\"name_en\":\"A\"}],"
	       "\"items\":[],\"windows\":[]}",
	       "name_zh");
}

/* A route's steps are sets of known queues, the item's own in the first. */
#define ROUTE_CATALOG(route)                                                   \
	"{\"queues\":[" Q1 ",{\"prefix\":\"B\",\"department\":\"d\","          \
	"\"name_zh\":\"乙\",\"name_en\":\"b\"}],\"items\":[{\"id\":"          \
	"\"A01\",\"queue\":\"A\",\"name_zh\":\"x\",\"name_en\":\"x\","         \
	"\"route\":" route "}],\"windows\":[]}"

static void broken_routes_are_refused(void **state)
{
	struct qerr err = {0};
	const char *good = ROUTE_CATALOG("[[\"A\"],[\"A\",\"B\"]]");
	struct catalog *c = catalog_parse(good, strlen(good), &err);
	(void)state;

	assert_non_null(c);
	assert_int_equal(c->items[0].route.nsteps, 2);
	assert_int_equal(c->items[0].route.nqueues[1], 2);
	assert_string_equal(c->items[0].route.queues[1][1], "B");
	catalog_free(c);
	refuse(ROUTE_CATALOG("[]"), "1 to 8 steps");
	refuse(ROUTE_CATALOG("\"A\""), "1 to 8 steps");
	refuse(ROUTE_CATALOG("[[\"A\"],[]]"), "step 2 must list");
	refuse(ROUTE_CATALOG("[[\"A\"],[\"Z\"]]"), "unknown queue");
	refuse(ROUTE_CATALOG("[[\"A\"],[3]]"), "unknown queue");
	refuse(ROUTE_CATALOG("[[\"A\",\"A\"]]"), "lists A twice");
	refuse(ROUTE_CATALOG("[[\"B\"],[\"A\"]]"), "first step must");
	/* the seed's second-hand house transfer: E, then D and G, then E */
	c = catalog_load(QHALL_TEST_ASSETS "/" CATALOG_FILE, &err);
	assert_non_null(c);
	const struct catalog_route *r = &catalog_item_find(c, "E01")->route;
	assert_int_equal(r->nsteps, 3);
	assert_string_equal(r->queues[1][0], "D");
	assert_string_equal(r->queues[1][1], "G");
	assert_string_equal(r->queues[2][0], "E");
	catalog_free(c);
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
	    cmocka_unit_test(broken_details_are_refused),
	    cmocka_unit_test(broken_routes_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
