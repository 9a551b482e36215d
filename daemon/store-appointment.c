/* Appointments (预约): booked, checked in, cancelled, missed. */
#include "store-private.h"

#include <stdio.h>
#include <string.h>

#include "proto.h"

_Static_assert(APPT_BOOKED == 0, "the index appointment_code names it");

#define APPT_COLUMNS                                                           \
	"a.id, a.code, a.item, a.queue, a.day, a.slot, a.slot_at, a.state, "   \
	"a.phone, a.booked_at, a.booked_by, a.ticket_id, a.checked_in_at, "    \
	"a.late, t.number FROM appointment a LEFT JOIN ticket t ON t.id = "    \
	"a.ticket_id "

static void appt_copy(char *out, size_t size, const unsigned char *text)
{
	snprintf(out, size, "%s", text ? (const char *)text : "");
}

static void appt_row(struct db_stmt *st, struct store_appointment *a)
{
	const void *phone = db_column_blob(st, 8);
	int n = db_column_bytes(st, 8);

	memset(a, 0, sizeof *a);
	a->id = db_column_int64(st, 0);
	appt_copy(a->code, sizeof a->code, db_column_text(st, 1));
	appt_copy(a->item, sizeof a->item, db_column_text(st, 2));
	appt_copy(a->queue, sizeof a->queue, db_column_text(st, 3));
	appt_copy(a->day, sizeof a->day, db_column_text(st, 4));
	appt_copy(a->slot, sizeof a->slot, db_column_text(st, 5));
	a->slot_at = db_column_int64(st, 6);
	a->state = (enum appt_state)db_column_int(st, 7);
	if (phone && n > 0 && (size_t)n <= sizeof a->phone) {
		memcpy(a->phone, phone, (size_t)n);
		a->phone_len = (size_t)n;
		a->has_phone = 1;
	}
	a->booked_at = db_column_int64(st, 9);
	appt_copy(a->booked_by, sizeof a->booked_by, db_column_text(st, 10));
	a->ticket_id = db_column_int64(st, 11);
	a->checked_in_at = db_column_int64(st, 12);
	a->late = db_column_int(st, 13);
	appt_copy(a->number, sizeof a->number, db_column_text(st, 14));
}

int store_appt_insert(struct store *s, struct store_appointment *a,
                      struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO appointment (code, item, queue, day, slot, "
	       "slot_at, state, phone, booked_at, booked_by) VALUES (?1, ?2, "
	       "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

	store_bind_text(st, 1, a->code);
	store_bind_text(st, 2, a->item);
	store_bind_text(st, 3, a->queue);
	store_bind_text(st, 4, a->day);
	store_bind_text(st, 5, a->slot);
	db_bind_int64(st, 6, a->slot_at);
	db_bind_int(st, 7, a->state);
	if (a->has_phone)
		db_bind_blob(st, 8, a->phone, (int)a->phone_len, DB_STATIC);
	else
		db_bind_null(st, 8);
	db_bind_int64(st, 9, a->booked_at);
	store_bind_text(st, 10, a->booked_by);
	if (store_step_done(s, st, "saving an appointment", err))
		return -1;
	a->id = db_last_insert_rowid(s->db);
	return 0;
}

static int appt_count(struct store *s, struct db_stmt *st, int *n,
                      const char *what, struct qerr *err)
{
	int rc = db_step(st);

	*n = rc == DB_ROW ? db_column_int(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW)
		return store_db_error(s, what, err);
	return 0;
}

/* Booked and checked-in hold their place; cancelled ones give it back. */
int store_appt_count_slot(struct store *s, const char *item, const char *day,
                          const char *slot, int *n, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT count(*) FROM appointment WHERE item = ?1 AND day = ?2 "
	       "AND slot = ?3 AND state IN (0, 1)");

	store_bind_text(st, 1, item);
	store_bind_text(st, 2, day);
	store_bind_text(st, 3, slot);
	return appt_count(s, st, n, "counting a slot's appointments", err);
}

int store_appt_code_used(struct store *s, const char *code, int *used,
                         struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s,
	    "SELECT count(*) FROM appointment WHERE code = ?1 AND state = 0");

	store_bind_text(st, 1, code);
	return appt_count(s, st, used, "looking for a code", err);
}

int store_appt_find(struct store *s, const char *code,
                    struct store_appointment *a, int *found, struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT " APPT_COLUMNS
	                  "WHERE a.code = ?1 ORDER BY a.state <> 0, "
	                  "a.id DESC LIMIT 1");
	int rc;

	store_bind_text(st, 1, code);
	rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		appt_row(st, a);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading an appointment", err);
	return 0;
}

int store_appt_put(struct store *s, const struct store_appointment *a,
                   struct qerr *err)
{
	struct db_stmt *st =
	    store_stmt(s, "UPDATE appointment SET state = ?2, ticket_id = ?3, "
	                  "checked_in_at = ?4, late = ?5 WHERE id = ?1");

	db_bind_int64(st, 1, a->id);
	db_bind_int(st, 2, a->state);
	if (a->ticket_id)
		db_bind_int64(st, 3, a->ticket_id);
	else
		db_bind_null(st, 3);
	if (a->checked_in_at)
		db_bind_int64(st, 4, a->checked_in_at);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, a->late);
	return store_step_done(s, st, "saving an appointment", err);
}

static int appt_each(struct store *s, struct db_stmt *st,
                     void (*fn)(void *, const struct store_appointment *),
                     void *arg, const char *what, struct qerr *err)
{
	struct store_appointment a;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		appt_row(st, &a);
		fn(arg, &a);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return store_db_error(s, what, err);
	return 0;
}

int store_appt_list(struct store *s, const char *day, const char *from_day,
                    void (*fn)(void *, const struct store_appointment *),
                    void *arg, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT " APPT_COLUMNS "WHERE (?1 <> '' AND a.day = ?1) OR "
	       "(?1 = '' AND a.day >= ?2) ORDER BY a.day, a.slot_at, a.id "
	       "LIMIT 2000");

	store_bind_text(st, 1, day);
	store_bind_text(st, 2, from_day);
	return appt_each(s, st, fn, arg, "listing appointments", err);
}

int store_appt_no_shows(struct store *s, const char *day,
                        void (*fn)(void *, const struct store_appointment *),
                        void *arg, struct qerr *err)
{
	struct db_stmt *sel = store_stmt(s, "SELECT " APPT_COLUMNS
	                                    "WHERE a.state = 0 AND a.day < ?1");
	struct db_stmt *up = store_stmt(
	    s, "UPDATE appointment SET state = 3 WHERE state = 0 AND day < ?1");

	store_bind_text(sel, 1, day);
	if (appt_each(s, sel, fn, arg, "finding missed appointments", err))
		return -1;
	store_bind_text(up, 1, day);
	return store_step_done(s, up, "marking missed appointments", err);
}
