#include "catalog.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
		if (catalog_queue_hours_read(q, cq, err))
			return -1;
		c->nqueues = i + 1;
	}
	return 0;
}

/* An optional text: "" when absent, an error when not a string. */
static int catalog_text_of(json_t *o, const char *field, struct catalog_text *t,
                           struct qerr *err)
{
	char key[64];
	const char **out[2] = {&t->zh, &t->en};
	static const char *const langs[2] = {"zh", "en"};

	for (int i = 0; i < 2; i++) {
		json_t *v;

		snprintf(key, sizeof key, "%s_%s", field, langs[i]);
		v = json_object_get(o, key);
		if (v != NULL && !json_is_string(v))
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: \"%s\" must be a string",
			                key);
		*out[i] = v ? json_string_value(v) : "";
	}
	return 0;
}

/* Optional lines: none when absent; every entry must be a string. */
static int catalog_lines_of(json_t *o, const char *field,
                            struct catalog_lines *l, struct qerr *err)
{
	char key[64];
	const char ***out[2] = {&l->zh, &l->en};
	size_t *count[2] = {&l->nzh, &l->nen};
	static const char *const langs[2] = {"zh", "en"};

	for (int i = 0; i < 2; i++) {
		json_t *v, *line;
		size_t j;

		snprintf(key, sizeof key, "%s_%s", field, langs[i]);
		v = json_object_get(o, key);
		if (v == NULL)
			continue;
		if (!json_is_array(v))
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: \"%s\" must be a list", key);
		*out[i] = xcalloc(json_array_size(v) + 1, sizeof(char *));
		json_array_foreach(v, j, line)
		{
			if (!json_is_string(line))
				return qerr_set(err, PROTO_E_CONFIG,
				                "catalog: \"%s\" must list "
				                "strings",
				                key);
			(*out[i])[j] = json_string_value(line);
			*count[i] = j + 1;
		}
	}
	return 0;
}

static int catalog_read_departments(struct catalog *c, json_t *arr,
                                    struct qerr *err)
{
	size_t i;
	json_t *d;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: \"departments\" must be an array");
	c->departments =
	    xcalloc(json_array_size(arr) + 1, sizeof *c->departments);
	json_array_foreach(arr, i, d)
	{
		struct catalog_department *cd = &c->departments[i];

		if (!(cd->id = catalog_string(d, "id", "department", i, err)) ||
		    !(cd->name_zh =
		          catalog_string(d, "name_zh", "department", i, err)) ||
		    !(cd->name_en =
		          catalog_string(d, "name_en", "department", i, err)))
			return -1;
		c->ndepartments = i + 1;
	}
	return 0;
}

/* What the screens show of the hall: its name, rules and the notice. */
static int catalog_read_hall(struct catalog *c, struct qerr *err)
{
	json_t *hall = json_object_get(c->root, "hall");

	c->demo = json_is_true(json_object_get(c->root, "demo"));
	if (hall != NULL && !json_is_object(hall))
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: \"hall\" must be an object");
	return catalog_text_of(hall, "name", &c->hall_name, err) ||
	               catalog_text_of(hall, "rules", &c->hall_rules, err) ||
	               catalog_text_of(c->root, "notice", &c->notice, err)
	           ? -1
	           : 0;
}

/*
 * "route": [["E"], ["D", "G"], ["E"]]: each step a non-empty set of known
 * queues, none twice in a step; the item's own queue is in the first step,
 * where its number comes from.
 */
static int catalog_read_route(struct catalog *c, struct catalog_item *ci,
                              json_t *route, struct qerr *err)
{
	size_t s, k;
	json_t *step, *q;
	int first = 0;

	if (route == NULL || json_is_null(route))
		return 0;
	if (!json_is_array(route) || json_array_size(route) == 0 ||
	    json_array_size(route) > CATALOG_ROUTE_STEPS)
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: item \"%s\": \"route\" must list 1 "
		                "to %d steps",
		                ci->id, CATALOG_ROUTE_STEPS);
	json_array_foreach(route, s, step)
	{
		if (!json_is_array(step) || json_array_size(step) == 0 ||
		    json_array_size(step) > CATALOG_ROUTE_SET)
			return qerr_set(err, PROTO_E_CONFIG,
			                "catalog: item \"%s\": route step %zu "
			                "must list 1 to %d queues",
			                ci->id, s + 1, CATALOG_ROUTE_SET);
		json_array_foreach(step, k, q)
		{
			const char *p = json_string_value(q);

			if (p == NULL || catalog_queue_find(c, p) == NULL)
				return qerr_set(err, PROTO_E_CONFIG,
				                "catalog: item \"%s\": route "
				                "step %zu names an unknown "
				                "queue",
				                ci->id, s + 1);
			for (size_t j = 0; j < k; j++)
				if (strcmp(ci->route.queues[s][j], p) == 0)
					return qerr_set(
					    err, PROTO_E_CONFIG,
					    "catalog: item \"%s\": route step "
					    "%zu lists %s twice",
					    ci->id, s + 1, p);
			if (s == 0 && strcmp(p, ci->queue) == 0)
				first = 1;
			ci->route.queues[s][k] = p;
		}
		ci->route.nqueues[s] = (int)json_array_size(step);
	}
	if (!first)
		return qerr_set(err, PROTO_E_CONFIG,
		                "catalog: item \"%s\": the route's first step "
		                "must include its queue %s",
		                ci->id, ci->queue);
	ci->route.nsteps = (int)json_array_size(route);
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
		if (catalog_text_of(it, "basis", &ci->basis, err) ||
		    catalog_text_of(it, "time_limit", &ci->time_limit, err) ||
		    catalog_text_of(it, "fees", &ci->fees, err) ||
		    catalog_lines_of(it, "materials", &ci->materials, err) ||
		    catalog_lines_of(it, "procedure", &ci->procedure, err))
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
		if (catalog_read_route(c, ci, json_object_get(it, "route"),
		                       err))
			return -1;
		if (catalog_item_appointment_read(
		        it, ci, catalog_queue_find(c, ci->queue), err))
			return -1;
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

/* Read c->root into the typed catalog; frees c and says why on error. */
static struct catalog *catalog_check(struct catalog *c, struct qerr *err)
{
	if (!json_is_object(c->root)) {
		qerr_set(err, PROTO_E_CONFIG, "catalog: not a JSON object");
		goto fail;
	}
	if (catalog_read_hall(c, err) ||
	    catalog_read_departments(c, json_object_get(c->root, "departments"),
	                             err) ||
	    catalog_read_queues(c, json_object_get(c->root, "queues"), err) ||
	    catalog_read_items(c, json_object_get(c->root, "items"), err) ||
	    catalog_read_windows(c, json_object_get(c->root, "windows"), err))
		goto fail;
	return c;
fail:
	catalog_free(c);
	return NULL;
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
	return catalog_check(c, err);
fail:
	catalog_free(c);
	return NULL;
}

struct catalog *catalog_from_json(json_t *root, struct qerr *err)
{
	struct catalog *c = xcalloc(1, sizeof *c);

	c->root = json_incref(root);
	return catalog_check(c, err);
}

struct catalog *catalog_load(const char *path, struct qerr *err)
{
	struct catalog *c = NULL;
	char msg[QERR_MESSAGE_MAX];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	struct stat st;

	if ((f = fopen(path, "r")) == NULL) {
		qerr_set(err, PROTO_E_CONFIG, "cannot open catalog %s: %s",
		         path, strerror(errno));
		return NULL;
	}
	/* A device or a huge file is no catalog: /dev/zero would be read
	 * until memory ran out. */
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CATALOG_MAX_BYTES) {
		qerr_set(err, PROTO_E_CONFIG,
		         "catalog %s must be a regular file of at most %d MiB",
		         path, CATALOG_MAX_BYTES >> 20);
		fclose(f);
		return NULL;
	}
	for (;;) {
		text = xrealloc(text, len + 65536);
		size_t n = fread(text + len, 1, 65536, f);
		len += n;
		if (n < 65536 || len > CATALOG_MAX_BYTES)
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
	/* Every item's lines, also of an item that failed its checks. */
	for (size_t i = 0;
	     c->items && i < json_array_size(json_object_get(c->root, "items"));
	     i++) {
		free(c->items[i].materials.zh);
		free(c->items[i].materials.en);
		free(c->items[i].procedure.zh);
		free(c->items[i].procedure.en);
	}
	free(c->items);
	free(c->departments);
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

void catalog_route_step_text(const struct catalog *c,
                             const struct catalog_route *r, int step, int en,
                             char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	if (step < 0 || step >= r->nsteps)
		return;
	for (int k = 0; k < r->nqueues[step] && at < size; k++) {
		const struct catalog_queue *q =
		    catalog_queue_find(c, r->queues[step][k]);
		const char *name =
		    q ? (en ? q->name_en : q->name_zh) : r->queues[step][k];
		int n = snprintf(out + at, size - at, "%s%s",
		                 k == 0 ? ""
		                 : en   ? " / "
		                        : "、",
		                 name);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

const struct catalog_item *catalog_item_find(const struct catalog *c,
                                             const char *id)
{
	for (size_t i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i].id, id) == 0)
			return &c->items[i];
	return NULL;
}

const struct catalog_department *
catalog_department_find(const struct catalog *c, const char *id)
{
	for (size_t i = 0; i < c->ndepartments; i++)
		if (strcmp(c->departments[i].id, id) == 0)
			return &c->departments[i];
	return NULL;
}

int catalog_queue_index(const struct catalog *c, const char *prefix)
{
	for (size_t i = 0; i < c->nqueues; i++)
		if (strcmp(c->queues[i].prefix, prefix) == 0)
			return (int)i;
	return -1;
}
