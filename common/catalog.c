#include "catalog.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "log.h"
#include "xmalloc.h"

static const char *catalog_string(json_t *o, const char *key, const char *what,
                                  size_t i, struct qerr *err)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0) {
		qerr_set(err, PROTO_E_CONFIG,
		         "catalog: %s #%zu needs a non-empty string \"%s\"",
		         what, i + 1, key);
		return NULL;
	}
	return json_string_value(v);
}

static int catalog_prefix_valid(const char *p)
{
	size_t n = strlen(p);

	if (n < 1 || n > TICKET_PREFIX_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)p[i]))
			return 0;
	return 1;
}

static int catalog_read_queues(struct catalog *c, json_t *arr, struct qerr *err)
{
	size_t i;
	json_t *q;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > CATALOG_MAX_QUEUES)
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: \"queues\" must list 1 to %d queues",
		                CATALOG_MAX_QUEUES);
	c->queues = xcalloc(json_array_size(arr), sizeof *c->queues);
	json_array_foreach(arr, i, q)
	{
		struct catalog_queue *cq = &c->queues[i];
		json_int_t cap, avg;

		if (!(cq->prefix =
		          catalog_string(q, "prefix", "queue", i, err)) ||
		    !(cq->department =
		          catalog_string(q, "department", "queue", i, err)) ||
		    !(cq->name_zh =
		          catalog_string(q, "name_zh", "queue", i, err)) ||
		    !(cq->name_en =
		          catalog_string(q, "name_en", "queue", i, err)))
			return -1;
		if (!catalog_prefix_valid(cq->prefix))
			return qerr_set(
			    err, PROTO_E_CONFIG,
			    "catalog: queue prefix \"%s\" must be 1 "
			    "to %d capital letters",
			    cq->prefix, TICKET_PREFIX_MAX);
		if (catalog_queue_find(c, cq->prefix))
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: queue \"%s\" listed twice",
			                cq->prefix);
		cap = json_integer_value(json_object_get(q, "daily_cap"));
		avg = json_integer_value(json_object_get(q, "avg_service_min"));
		cq->daily_cap = (cap > 0 && cap <= TICKET_SEQ_MAX)
		                    ? (int)cap
		                    : TICKET_SEQ_MAX;
		cq->avg_service_s =
		    (avg > 0 && avg < 24 * 60) ? (int)avg * 60 : 300;
		c->nqueues = i + 1;
	}
	return 0;
}

static int catalog_read_items(struct catalog *c, json_t *arr, struct qerr *err)
{
	size_t i;
	json_t *it;

	if (!json_is_array(arr))
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: \"items\" must be an array");
	c->items = xcalloc(json_array_size(arr), sizeof *c->items);
	json_array_foreach(arr, i, it)
	{
		struct catalog_item *ci = &c->items[i];

		if (!(ci->id = catalog_string(it, "id", "item", i, err)) ||
		    !(ci->queue =
		          catalog_string(it, "queue", "item", i, err)) ||
		    !(ci->name_zh =
		          catalog_string(it, "name_zh", "item", i, err)) ||
		    !(ci->name_en =
		          catalog_string(it, "name_en", "item", i, err)))
			return -1;
		if (strlen(ci->id) > TICKET_ITEM_MAX)
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: item id \"%s\" is too long",
			                ci->id);
		if (catalog_queue_find(c, ci->queue) == NULL)
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: item \"%s\" names unknown "
			                "queue \"%s\"",
			                ci->id, ci->queue);
		if (catalog_item_find(c, ci->id))
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: item \"%s\" listed twice",
			                ci->id);
		c->nitems = i + 1;
	}
	return 0;
}

static int catalog_read_windows(struct catalog *c, json_t *arr,
                                struct qerr *err)
{
	size_t i, j;
	json_t *w, *q;

	if (!json_is_array(arr) || json_array_size(arr) > CATALOG_MAX_WINDOWS)
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: \"windows\" must be an array of at "
		                "most %d windows",
		                CATALOG_MAX_WINDOWS);
	c->windows = xcalloc(json_array_size(arr), sizeof *c->windows);
	json_array_foreach(arr, i, w)
	{
		struct catalog_window *cw = &c->windows[i];
		json_t *qs = json_object_get(w, "queues");
		json_int_t n = json_integer_value(json_object_get(w, "number"));

		if (n < 1 || n > CATALOG_MAX_WINDOWS)
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: window #%zu needs a number "
			                "from 1 to %d",
			                i + 1, CATALOG_MAX_WINDOWS);
		for (size_t k = 0; k < i; k++)
			if (c->windows[k].number == n)
				return qerr_set(err, PROTO_E_CONFIG,
				                "catalog: window %d listed "
				                "twice",
				                (int)n);
		cw->number = (int)n;
		if (!json_is_array(qs) ||
		    json_array_size(qs) > CATALOG_MAX_QUEUES)
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: window %d needs \"queues\"",
			                cw->number);
		json_array_foreach(qs, j, q)
		{
			if (!json_is_string(q) ||
			    !catalog_queue_find(c, json_string_value(q)))
				return qerr_set(err, PROTO_E_CONFIG,
				                "catalog: window %d serves an "
				                "unknown queue",
				                cw->number);
			cw->queues[cw->nqueues++] = json_string_value(q);
		}
		c->nwindows = i + 1;
	}
	return 0;
}

/* Parse and check a catalog held in memory (a file, or a fuzzer's input). */
struct catalog *catalog_parse(const char *text, size_t len, struct qerr *err)
{
	struct catalog *c = xcalloc(1, sizeof *c);
	json_error_t jerr;

	c->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (c->root == NULL) {
		qerr_set(err, PROTO_E_CONFIG, "catalog: line %d: %s", jerr.line,
		         jerr.text);
		goto fail;
	}
	if (!json_is_object(c->root)) {
		qerr_set(err, PROTO_E_CONFIG, "catalog: not a JSON object");
		goto fail;
	}
	if (catalog_read_queues(c, json_object_get(c->root, "queues"), err) ||
	    catalog_read_items(c, json_object_get(c->root, "items"), err) ||
	    catalog_read_windows(c, json_object_get(c->root, "windows"), err))
		goto fail;
	return c;
fail:
	catalog_free(c);
	return NULL;
}

struct catalog *catalog_load(const char *path, struct qerr *err)
{
	struct catalog *c = NULL;
	char msg[QERR_MESSAGE_MAX];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		qerr_set(err, PROTO_E_CONFIG, "cannot open catalog %s: %s",
		         path, strerror(errno));
		return NULL;
	}
	for (;;) {
		text = xrealloc(text, len + 65536);
		size_t n = fread(text + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
	}
	if (ferror(f))
		qerr_set(err, PROTO_E_CONFIG, "cannot read catalog %s", path);
	else if ((c = catalog_parse(text, len, err)) == NULL && err) {
		snprintf(msg, sizeof msg, "%s", err->message);
		qerr_set(err, PROTO_E_CONFIG, "%s: %s", path, msg);
	}
	fclose(f);
	free(text);
	return c;
}

void catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	free(c->queues);
	free(c->items);
	free(c->windows);
	json_decref(c->root);
	free(c);
}

const struct catalog_queue *catalog_queue_find(const struct catalog *c,
                                               const char *prefix)
{
	for (size_t i = 0; i < c->nqueues; i++)
		if (strcmp(c->queues[i].prefix, prefix) == 0)
			return &c->queues[i];
	return NULL;
}

const struct catalog_item *catalog_item_find(const struct catalog *c,
                                             const char *id)
{
	for (size_t i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i].id, id) == 0)
			return &c->items[i];
	return NULL;
}
