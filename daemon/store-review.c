/* The follow-up ledger of 差评 (差评台账): its entries and their steps. */
#include "store-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "xmalloc.h"

_Static_assert(REVIEW_CLOSED == 5 && REVIEW_EXCLUDED == 7,
               "the partial index review_open names these states");

#define REVIEW_SELECT                                                          \
	"SELECT v.id, v.state, v.verified, v.opened_at, v.reply_due, "         \
	"v.fix_due, v.replied_at, v.fixed_at, v.called_back_at, v.closed_at, " \
	"v.callback, v.excluded, v.reviewer, v.note, r.level, s.id, "          \
	"s.ticket_id, s.day, t.number, s.window, s.staff, s.queue, s.item, "   \
	"s.called_at, s.finished_at, v.phone, v.phone_until FROM review v "    \
	"JOIN rating r ON r.service_id = v.service_id "                        \
	"JOIN service s ON s.id = v.service_id "                               \
	"JOIN ticket t ON t.id = s.ticket_id "

static void review_copy(char *out, size_t size, const unsigned char *text)
{
	snprintf(out, size, "%s", text ? (const char *)text : "");
}

static void review_row(struct db_stmt *st, struct store_review *r)
{
	struct store_service *s = &r->service;

	memset(r, 0, sizeof *r);
	r->id = db_column_int64(st, 0);
	r->state = (enum review_state)db_column_int(st, 1);
	r->verified =
	    db_column_type(st, 2) == DB_NULL ? -1 : db_column_int(st, 2);
	r->opened_at = db_column_int64(st, 3);
	r->reply_due = db_column_int64(st, 4);
	r->fix_due = db_column_int64(st, 5);
	r->replied_at = db_column_int64(st, 6);
	r->fixed_at = db_column_int64(st, 7);
	r->called_back_at = db_column_int64(st, 8);
	r->closed_at = db_column_int64(st, 9);
	review_copy(r->callback, sizeof r->callback, db_column_text(st, 10));
	review_copy(r->excluded, sizeof r->excluded, db_column_text(st, 11));
	review_copy(r->reviewer, sizeof r->reviewer, db_column_text(st, 12));
	review_copy(r->note, sizeof r->note, db_column_text(st, 13));
	r->level = db_column_int(st, 14);
	s->id = db_column_int64(st, 15);
	s->ticket_id = db_column_int64(st, 16);
	review_copy(s->day, sizeof s->day, db_column_text(st, 17));
	review_copy(s->number, sizeof s->number, db_column_text(st, 18));
	s->window = db_column_int(st, 19);
	review_copy(s->staff, sizeof s->staff, db_column_text(st, 20));
	review_copy(s->queue, sizeof s->queue, db_column_text(st, 21));
	review_copy(s->item, sizeof s->item, db_column_text(st, 22));
	s->called_at = db_column_int64(st, 23);
	s->finished_at = db_column_int64(st, 24);
	if (db_column_bytes(st, 25) <= (int)sizeof r->phone) {
		r->phone_len = db_column_bytes(st, 25);
		if (r->phone_len)
			memcpy(r->phone, db_column_blob(st, 25),
			       (size_t)r->phone_len);
	}
	r->phone_until = db_column_int64(st, 26);
}

static void review_bind_time(struct db_stmt *st, int col, int64_t ms)
{
	if (ms)
		db_bind_int64(st, col, ms);
	else
		db_bind_null(st, col);
}

int store_review_add(struct store *s, struct store_review *r, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO review (service_id, state, opened_at, reply_due, "
	       "fix_due, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

	db_bind_int64(st, 1, r->service.id);
	db_bind_int(st, 2, r->state);
	db_bind_int64(st, 3, r->opened_at);
	db_bind_int64(st, 4, r->reply_due);
	db_bind_int64(st, 5, r->fix_due);
	if (r->phone_len)
		db_bind_blob(st, 6, r->phone, r->phone_len, DB_STATIC);
	if (store_step_done(s, st, "opening a review", err))
		return -1;
	r->id = db_last_insert_rowid(s->db);
	return 0;
}

int store_review_get(struct store *s, int64_t id, struct store_review *r,
                     int *found, struct qerr *err)
{
	struct db_stmt *st = store_stmt(s, REVIEW_SELECT "WHERE v.id = ?1");
	int rc;

	db_bind_int64(st, 1, id);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		review_row(st, r);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading a review", err);
	return 0;
}

int store_review_put(struct store *s, const struct store_review *r,
                     struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE review SET state = ?2, verified = ?3, replied_at = ?4, "
	       "fixed_at = ?5, called_back_at = ?6, closed_at = ?7, "
	       "callback = ?8, excluded = ?9, reviewer = ?10, note = ?11, "
	       "phone_until = ?12 WHERE id = ?1");

	db_bind_int64(st, 1, r->id);
	db_bind_int(st, 2, r->state);
	if (r->verified >= 0)
		db_bind_int(st, 3, r->verified);
	review_bind_time(st, 4, r->replied_at);
	review_bind_time(st, 5, r->fixed_at);
	review_bind_time(st, 6, r->called_back_at);
	review_bind_time(st, 7, r->closed_at);
	store_bind_text(st, 8, r->callback);
	store_bind_text(st, 9, r->excluded);
	store_bind_text(st, 10, r->reviewer);
	store_bind_text(st, 11, r->note);
	review_bind_time(st, 12, r->phone_until);
	return store_step_done(s, st, "saving a review", err);
}

int store_review_list(struct store *s, const char *from, const char *to,
                      int open_only, int window, struct store_review **rows,
                      int *n, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, REVIEW_SELECT
	    "WHERE (?1 = '' OR s.day BETWEEN ?1 AND ?2) AND (?3 = 0 OR "
	    "v.state NOT IN (5, 7)) AND (?4 = 0 OR s.window = ?4) "
	    "ORDER BY v.id");
	int cap = 16, rc;

	*n = 0;
	*rows = xcalloc((size_t)cap, sizeof **rows);
	store_bind_text(st, 1, from);
	store_bind_text(st, 2, to);
	db_bind_int(st, 3, open_only);
	db_bind_int(st, 4, window);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap *= 2;
			*rows = xrealloc(*rows, (size_t)cap * sizeof **rows);
		}
		review_row(st, &(*rows)[(*n)++]);
	}
	db_reset(st);
	if (rc != DB_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return store_db_error(s, "listing reviews", err);
	}
	return 0;
}

int store_review_forget_phones(struct store *s, int64_t now, int *forgotten,
                               struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "UPDATE review SET phone = NULL WHERE phone IS NOT NULL AND "
	       "phone_until <= ?1");

	db_bind_int64(st, 1, now);
	if (store_step_done(s, st, "deleting phone numbers", err))
		return -1;
	*forgotten = db_changes(s->db);
	return 0;
}
