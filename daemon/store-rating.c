/* Services and their ratings (好差评): rows, lookups, counts by subject. */
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "xmalloc.h"

#define SERVICE_COLUMNS                                                        \
	"s.id, s.ticket_id, s.day, t.number, s.window, s.staff, s.queue, "     \
	"s.item, s.called_at, s.finished_at"

static void store_copy(char *out, size_t size, const unsigned char *text)
{
	snprintf(out, size, "%s", text ? (const char *)text : "");
}

int store_service_add(struct store *s, struct store_service *svc,
                      struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO service (ticket_id, day, window, staff, queue, "
	       "item, called_at, finished_at) "
	       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	db_bind_int64(st, 1, svc->ticket_id);
	store_bind_text(st, 2, svc->day);
	db_bind_int(st, 3, svc->window);
	store_bind_text(st, 4, svc->staff[0] ? svc->staff : NULL);
	store_bind_text(st, 5, svc->queue);
	store_bind_text(st, 6, svc->item[0] ? svc->item : NULL);
	if (svc->called_at)
		db_bind_int64(st, 7, svc->called_at);
	db_bind_int64(st, 8, svc->finished_at);
	if (store_step_done(s, st, "saving a service", err))
		return -1;
	svc->id = db_last_insert_rowid(s->db);
	return 0;
}

static int store_service_fetch(struct store *s, struct db_stmt *st,
                               struct store_service *svc, int *found,
                               struct qerr *err)
{
	int rc = db_step(st);

	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		memset(svc, 0, sizeof *svc);
		svc->id = db_column_int64(st, 0);
		svc->ticket_id = db_column_int64(st, 1);
		store_copy(svc->day, sizeof svc->day, db_column_text(st, 2));
		store_copy(svc->number, sizeof svc->number,
		           db_column_text(st, 3));
		svc->window = db_column_int(st, 4);
		store_copy(svc->staff, sizeof svc->staff,
		           db_column_text(st, 5));
		store_copy(svc->queue, sizeof svc->queue,
		           db_column_text(st, 6));
		store_copy(svc->item, sizeof svc->item, db_column_text(st, 7));
		svc->called_at = db_column_int64(st, 8);
		svc->finished_at = db_column_int64(st, 9);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a service", err);
	return 0;
}

int store_service_of_ticket(struct store *s, int64_t ticket_id, int window,
                            struct store_service *svc, int *found,
                            struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT " SERVICE_COLUMNS " FROM service s JOIN ticket t ON "
	       "t.id = s.ticket_id WHERE s.ticket_id = ?1 AND (?2 = 0 OR "
	       "s.window = ?2) ORDER BY s.id DESC LIMIT 1");

	db_bind_int64(st, 1, ticket_id);
	db_bind_int(st, 2, window);
	return store_service_fetch(s, st, svc, found, err);
}

int store_service_last_at(struct store *s, int window,
                          struct store_service *svc, int *found,
                          struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT " SERVICE_COLUMNS " FROM service s JOIN ticket t ON "
	       "t.id = s.ticket_id WHERE s.window = ?1 ORDER BY s.id DESC "
	       "LIMIT 1");

	db_bind_int(st, 1, window);
	return store_service_fetch(s, st, svc, found, err);
}

int store_rating_get(struct store *s, int64_t service_id,
                     struct store_rating *r, int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT level, channel, reasons, note, at, device FROM rating "
	       "WHERE service_id = ?1");
	int rc;

	db_bind_int64(st, 1, service_id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		memset(r, 0, sizeof *r);
		r->service_id = service_id;
		r->level = db_column_int(st, 0);
		store_copy(r->channel, sizeof r->channel,
		           db_column_text(st, 1));
		store_copy(r->reasons, sizeof r->reasons,
		           db_column_text(st, 2));
		store_copy(r->note, sizeof r->note, db_column_text(st, 3));
		r->at = db_column_int64(st, 4);
		store_copy(r->device, sizeof r->device, db_column_text(st, 5));
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a rating", err);
	return 0;
}

/* One rating per service: the primary key says so, *exists reports it. */
int store_rating_add(struct store *s, const struct store_rating *r, int *exists,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO rating (service_id, level, channel, reasons, note, "
	       "at, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	db_bind_int64(st, 1, r->service_id);
	db_bind_int(st, 2, r->level);
	store_bind_text(st, 3, r->channel);
	store_bind_text(st, 4, r->reasons);
	store_bind_text(st, 5, r->note);
	db_bind_int64(st, 6, r->at);
	store_bind_text(st, 7, r->device);
	*exists = 0;
	if (db_step(st) != DB_DONE) {
		int ext = db_extended_errcode(s->db);
		db_reset(st);
		if (ext == DB_CONSTRAINT_PRIMARYKEY) {
			*exists = 1;
			return 0;
		}
		return store_db_error(s, "saving a rating", err);
	}
	db_reset(st);
	return 0;
}

/* One statement per subject: the statement cache keys on the literal. */
#define RATING_COUNTS(COLUMN)                                                  \
	"SELECT " COLUMN ", count(*), count(r.level), "                        \
	"sum(r.level = 1), sum(r.level = 2), sum(r.level = 3), "               \
	"sum(r.level = 4), sum(r.level = 5) FROM service s "                   \
	"LEFT JOIN rating r ON r.service_id = s.id "                           \
	"WHERE s.day BETWEEN ?1 AND ?2 GROUP BY " COLUMN " ORDER BY " COLUMN

int store_rating_counts(struct store *s, enum store_by by, const char *from,
                        const char *to, struct store_rating_count **rows,
                        int *n, struct qerr *err)
{
	static const char *const sql[] = {
	    [STORE_BY_WINDOW] = RATING_COUNTS("s.window"),
	    [STORE_BY_STAFF] = RATING_COUNTS("s.staff"),
	    [STORE_BY_QUEUE] = RATING_COUNTS("s.queue"),
	    [STORE_BY_ITEM] = RATING_COUNTS("s.item"),
	};
	struct db_stmt *st = store_stmt(s, sql[by]);
	int cap = 16, rc;

	*n = 0;
	*rows = xcalloc((size_t)cap, sizeof **rows);
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_rating_count *c;

		if (*n == cap) {
			cap *= 2;
			*rows = xrealloc(*rows, (size_t)cap * sizeof **rows);
		}
		c = &(*rows)[(*n)++];
		memset(c, 0, sizeof *c);
		c->subject_null = db_column_type(st, 0) == DB_NULL;
		store_copy(c->subject, sizeof c->subject,
		           db_column_text(st, 0));
		c->services = db_column_int64(st, 1);
		c->rated = db_column_int64(st, 2);
		for (int l = 1; l <= 5; l++)
			c->levels[l] = db_column_int64(st, 2 + l);
	}
	db_reset(st);
	if (rc != DB_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return store_db_error(s, "counting ratings", err);
	}
	return 0;
}
