/*
 * Opening the file, its schema and migrations, statements, transactions and
 * settings. The file is in WAL mode with synchronous=FULL: a COMMIT that
 * returned has reached the disk, which is what lets the daemon answer.
 */
#include "store-private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "proto.h"
#include "xmalloc.h"

/*
 * Migrations, one per schema version: migrations[i] takes the file from
 * version i to i + 1. Never edit one that has shipped; add the next.
 */
static const char *const store_migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE queue ("
    "  prefix TEXT PRIMARY KEY,"
    "  avg_service_ms INTEGER NOT NULL,"
    "  served INTEGER NOT NULL DEFAULT 0,"
    "  closed INTEGER NOT NULL DEFAULT 0,"
    "  waiting INTEGER NOT NULL DEFAULT 0," /* kept by the triggers below */
    /* The day's counter, bumped in the same savepoint as its ticket; in
     * the queue's row so that a take writes one page fewer. */
    "  seq_day TEXT NOT NULL DEFAULT '',"
    "  last_seq INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE TABLE ticket ("
    "  id INTEGER PRIMARY KEY,"
    "  day TEXT NOT NULL,"
    "  number TEXT NOT NULL,"
    "  queue TEXT NOT NULL REFERENCES queue(prefix),"
    "  item TEXT,"
    "  priority INTEGER NOT NULL,"
    "  class INTEGER NOT NULL,"
    "  state INTEGER NOT NULL,"
    "  window INTEGER,"
    "  order_at INTEGER NOT NULL,"
    "  taken_at INTEGER NOT NULL,"
    "  called_at INTEGER,"
    "  served_at INTEGER,"
    "  finished_at INTEGER,"
    "  calls INTEGER NOT NULL DEFAULT 0,"
    "  printed INTEGER NOT NULL DEFAULT 1,"
    "  key TEXT NOT NULL,"
    "  request TEXT," /* the kiosk's id for this take, if it gave one */
    "  UNIQUE (day, number)"
    ") STRICT;"
    /* A take asked again after a lost reply finds its ticket here. */
    "CREATE UNIQUE INDEX ticket_request ON ticket (request)"
    "  WHERE request IS NOT NULL;"
    /*
     * Only waiting tickets are in this index, so "call next" and the
     * waiting counts cost the same after five million tickets of history.
     */
    "CREATE INDEX ticket_waiting ON ticket (queue, class, order_at, id)"
    "  WHERE state = " SQL_WAITING ";"
    /* Tickets at a counter: a handful, for the day's close. */
    "CREATE INDEX ticket_at_counter ON ticket (day) WHERE state IN "
    "(" SQL_CALLED ", " SQL_SERVING ");"
    /* Each queue's waiting count, kept in step with every ticket change
     * inside the same transaction: status and take read it, never count. */
    "CREATE TRIGGER ticket_waiting_new AFTER INSERT ON ticket "
    "WHEN new.state = " SQL_WAITING " BEGIN "
    "  UPDATE queue SET waiting = waiting + 1 WHERE prefix = new.queue; "
    "END;"
    "CREATE TRIGGER ticket_waiting_moved AFTER UPDATE OF state, queue ON "
    "ticket WHEN old.state = " SQL_WAITING " OR new.state = " SQL_WAITING
    " BEGIN "
    "  UPDATE queue SET waiting = waiting - 1 "
    "    WHERE prefix = old.queue AND old.state = " SQL_WAITING "; "
    "  UPDATE queue SET waiting = waiting + 1 "
    "    WHERE prefix = new.queue AND new.state = " SQL_WAITING "; "
    "END;"
    "CREATE TABLE window ("
    "  number INTEGER PRIMARY KEY,"
    "  state INTEGER NOT NULL DEFAULT " SQL_OPEN ","
    "  reason TEXT NOT NULL DEFAULT '',"
    "  ticket_id INTEGER REFERENCES ticket(id),"
    "  served_day TEXT NOT NULL DEFAULT '',"
    "  served INTEGER NOT NULL DEFAULT 0,"
    "  service_ms INTEGER NOT NULL DEFAULT 0,"
    "  staff TEXT REFERENCES staff(id)"
    ") STRICT;"
    "CREATE TABLE window_queue ("
    "  window INTEGER NOT NULL REFERENCES window(number),"
    "  rank INTEGER NOT NULL,"
    "  queue TEXT NOT NULL REFERENCES queue(prefix),"
    "  PRIMARY KEY (window, rank)"
    ") STRICT, WITHOUT ROWID;"
    /* Which windows serve a queue: every take's wait estimate asks. */
    "CREATE INDEX window_queue_by_queue ON window_queue (queue, window);"
    "CREATE TABLE staff ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  pin_hash TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE device ("
    "  token_id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL,"
    "  window INTEGER,"
    "  salt BLOB NOT NULL,"
    "  hash BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL"
    ") STRICT;"
    /* The trace (痕迹管理): body is the event as sent, hash chains it. */
    "CREATE TABLE event ("
    "  seq INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  hash BLOB NOT NULL"
    ") STRICT;"
    "CREATE TABLE setting ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") STRICT;",
    /*
     * 1 -> 2: each queue's count of open windows that serve it, kept in
     * its row by triggers as the waiting count is, so a take's estimate
     * reads one row instead of joining window_queue and window.
     */
    "ALTER TABLE queue ADD COLUMN windows_open INTEGER NOT NULL DEFAULT 0;"
    "UPDATE queue SET windows_open = (SELECT count(*) FROM window_queue wq "
    "  JOIN window w ON w.number = wq.window WHERE wq.queue = queue.prefix "
    "  AND w.state = " SQL_OPEN ");"
    "CREATE TRIGGER window_queue_added AFTER INSERT ON window_queue "
    "WHEN (SELECT state FROM window WHERE number = new.window) = " SQL_OPEN
    " BEGIN "
    "  UPDATE queue SET windows_open = windows_open + 1 "
    "    WHERE prefix = new.queue; "
    "END;"
    "CREATE TRIGGER window_queue_removed AFTER DELETE ON window_queue "
    "WHEN (SELECT state FROM window WHERE number = old.window) = " SQL_OPEN
    " BEGIN "
    "  UPDATE queue SET windows_open = windows_open - 1 "
    "    WHERE prefix = old.queue; "
    "END;"
    "CREATE TRIGGER window_queue_moved AFTER UPDATE OF window, queue ON "
    "window_queue BEGIN "
    "  UPDATE queue SET windows_open = windows_open - 1 "
    "    WHERE prefix = old.queue AND (SELECT state FROM window "
    "    WHERE number = old.window) = " SQL_OPEN "; "
    "  UPDATE queue SET windows_open = windows_open + 1 "
    "    WHERE prefix = new.queue AND (SELECT state FROM window "
    "    WHERE number = new.window) = " SQL_OPEN "; "
    "END;"
    "CREATE TRIGGER window_opened_or_shut AFTER UPDATE OF state ON window "
    "WHEN (old.state = " SQL_OPEN ") != (new.state = " SQL_OPEN ") BEGIN "
    "  UPDATE queue SET windows_open = windows_open + "
    "    CASE WHEN new.state = " SQL_OPEN " THEN 1 ELSE -1 END "
    "    WHERE prefix IN (SELECT queue FROM window_queue "
    "    WHERE window = new.number); "
    "END;",
    /*
     * 2 -> 3: the device that took each ticket, so an operator can cancel
     * what one misused token took today, and a kiosk reads the status keys
     * of its own takes only. Older tickets have none.
     */
    "ALTER TABLE ticket ADD COLUMN device TEXT;",
    /*
     * 3 -> 4: services and their ratings (好差评). A service is one ticket
     * at one window from call to finish, written at finish; a rating
     * belongs to one service (the primary key: one rating per service).
     * No row of rating means 未评: no level is ever assumed.
     */
    "CREATE TABLE service ("
    "  id INTEGER PRIMARY KEY,"
    "  ticket_id INTEGER NOT NULL REFERENCES ticket(id),"
    "  day TEXT NOT NULL,"
    "  window INTEGER NOT NULL,"
    "  staff TEXT,"
    "  queue TEXT NOT NULL,"
    "  item TEXT,"
    "  called_at INTEGER,"
    "  finished_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX service_by_ticket ON service (ticket_id);"
    "CREATE INDEX service_by_window ON service (window);"
    "CREATE INDEX service_by_day ON service (day);"
    "CREATE TABLE rating ("
    "  service_id INTEGER PRIMARY KEY REFERENCES service(id),"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),"
    "  channel TEXT NOT NULL,"
    "  reasons TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  at INTEGER NOT NULL,"
    "  device TEXT NOT NULL"
    ") STRICT;",
    /*
     * 4 -> 5: the follow-up ledger of 差评 (差评台账), one entry per 差评,
     * its deadlines fixed when it opens. Open entries are few: a partial
     * index finds them without walking the years of closed ones.
     */
    "CREATE TABLE review ("
    "  id INTEGER PRIMARY KEY,"
    "  service_id INTEGER NOT NULL UNIQUE REFERENCES rating(service_id),"
    "  state INTEGER NOT NULL,"
    "  verified INTEGER,"
    "  opened_at INTEGER NOT NULL,"
    "  reply_due INTEGER NOT NULL,"
    "  fix_due INTEGER NOT NULL,"
    "  replied_at INTEGER,"
    "  fixed_at INTEGER,"
    "  called_back_at INTEGER,"
    "  closed_at INTEGER,"
    "  callback TEXT NOT NULL DEFAULT '',"
    "  excluded TEXT NOT NULL DEFAULT '',"
    "  reviewer TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    /* the citizen's callback number, sealed; deleted after phone_until */
    "  phone BLOB,"
    "  phone_until INTEGER"
    ") STRICT;"
    "CREATE INDEX review_phone ON review (phone_until) WHERE phone IS NOT "
    "NULL;"
    "CREATE INDEX review_open ON review (id) WHERE state NOT IN (5, 7);",
    /*
     * 5 -> 6: each staff member's role: window (a caller), supervisor
     * (the web console) or admin. Staff made before are callers.
     */
    "ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'window';",
    /* 6 -> 7: reports find a period's first event by its time */
    "CREATE INDEX IF NOT EXISTS event_at ON event (at);",
    /*
     * 7 -> 8: sealed periods (封存). A seal's figures are sent in parts
     * (a protocol line is at most 64 KiB), kept in seal_part until the
     * seal row is written; from then on neither table lets that period's
     * rows change: the triggers refuse, whoever asks.
     */
    "CREATE TABLE seal ("
    "  period TEXT PRIMARY KEY,"
    "  from_day TEXT NOT NULL,"
    "  to_day TEXT NOT NULL,"
    "  upto INTEGER NOT NULL,"
    "  sealed_at INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  parts INTEGER NOT NULL,"
    "  hash TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE seal_part ("
    "  period TEXT NOT NULL,"
    "  idx INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (period, idx)"
    ") STRICT;"
    "CREATE TRIGGER seal_kept BEFORE UPDATE ON seal BEGIN "
    "  SELECT RAISE(ABORT, 'a sealed period is never edited'); END;"
    "CREATE TRIGGER seal_not_deleted BEFORE DELETE ON seal BEGIN "
    "  SELECT RAISE(ABORT, 'a sealed period is never edited'); END;"
    "CREATE TRIGGER seal_part_kept BEFORE UPDATE ON seal_part "
    "WHEN EXISTS (SELECT 1 FROM seal WHERE period = old.period) BEGIN "
    "  SELECT RAISE(ABORT, 'a sealed period is never edited'); END;"
    "CREATE TRIGGER seal_part_not_deleted BEFORE DELETE ON seal_part "
    "WHEN EXISTS (SELECT 1 FROM seal WHERE period = old.period) BEGIN "
    "  SELECT RAISE(ABORT, 'a sealed period is never edited'); END;"
    "CREATE TRIGGER seal_part_not_added BEFORE INSERT ON seal_part "
    "WHEN EXISTS (SELECT 1 FROM seal WHERE period = new.period) BEGIN "
    "  SELECT RAISE(ABORT, 'a sealed period is never edited'); END;",
    /* 8 -> 9: alerts, and each queue's longest wait by one seek */
    store_alert_migration,
    /*
     * 9 -> 10: routes (并联审批), one row per queue of each step of a
     * ticket's route (store-route.c). Legs that wait in a queue are in
     * their own partial index, as waiting tickets are, and in the queue's
     * waiting count.
     */
    "CREATE TABLE route_leg ("
    "  ticket_id INTEGER NOT NULL REFERENCES ticket(id),"
    "  step INTEGER NOT NULL,"
    "  pos INTEGER NOT NULL,"
    "  queue TEXT NOT NULL REFERENCES queue(prefix),"
    "  state INTEGER NOT NULL,"
    "  class INTEGER NOT NULL,"
    "  order_at INTEGER NOT NULL,"
    "  window INTEGER,"
    "  done_at INTEGER,"
    "  PRIMARY KEY (ticket_id, step, pos)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX route_leg_waiting ON route_leg "
    "  (queue, class, order_at, ticket_id) WHERE state = " SQL_LEG_WAITING ";"
    "CREATE TRIGGER route_leg_waiting_new AFTER INSERT ON route_leg "
    "WHEN new.state = " SQL_LEG_WAITING " BEGIN "
    "  UPDATE queue SET waiting = waiting + 1 WHERE prefix = new.queue; "
    "END;"
    "CREATE TRIGGER route_leg_waiting_moved AFTER UPDATE OF state ON "
    "route_leg WHEN (old.state = " SQL_LEG_WAITING
    ") != (new.state = " SQL_LEG_WAITING ") BEGIN "
    "  UPDATE queue SET waiting = waiting + "
    "    CASE WHEN new.state = " SQL_LEG_WAITING " THEN 1 ELSE -1 END "
    "    WHERE prefix = new.queue; "
    "END;",
    /*
     * 10 -> 11: takes by one person, for the per-person daily limit: a
     * keyed hash of the ID number (the key is outside the file), never
     * the number; rows older than the keeping period are deleted.
     */
    "CREATE TABLE person_take ("
    "  id INTEGER PRIMARY KEY,"
    "  hash BLOB NOT NULL,"
    "  queue TEXT NOT NULL,"
    "  day TEXT NOT NULL,"
    "  ticket_id INTEGER NOT NULL REFERENCES ticket(id)"
    ") STRICT;"
    "CREATE INDEX person_take_hash ON person_take (hash, queue, day);"
    "CREATE INDEX person_take_day ON person_take (day);"
    /*
     * and appointments (预约): a slot of an item on a day, a 6-digit
     * code unique among the booked ones, the citizen's phone sealed.
     */
    "CREATE TABLE appointment ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL,"
    "  item TEXT NOT NULL,"
    "  queue TEXT NOT NULL,"
    "  day TEXT NOT NULL,"
    "  slot TEXT NOT NULL,"
    "  slot_at INTEGER NOT NULL,"
    "  state INTEGER NOT NULL,"
    "  phone BLOB,"
    "  booked_at INTEGER NOT NULL,"
    "  booked_by TEXT NOT NULL,"
    "  ticket_id INTEGER REFERENCES ticket(id),"
    "  checked_in_at INTEGER,"
    "  late INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE UNIQUE INDEX appointment_code ON appointment (code)"
    "  WHERE state = 0;"
    "CREATE INDEX appointment_slot ON appointment (item, day, slot);"
    "CREATE INDEX appointment_day ON appointment (day, slot_at);",
};

_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
                   STORE_SCHEMA_VERSION,
               "one migration per schema version");

int store_db_error(struct store *s, const char *what, struct qerr *err)
{
	int code = db_extended_errcode(s->db);

	if ((code & 0xff) == DB_FULL)
		return qerr_set(err, PROTO_E_STORE,
		                "%s: the disk holding %s is full", what,
		                s->path);
	return qerr_set(err, PROTO_E_STORE, "%s: %s (%s)", what,
	                db_errmsg(s->db), s->path);
}

/* The prepared statement for sql, made once and reset for reuse. */
struct db_stmt *store_stmt(struct store *s, const char *sql)
{
	struct store_stmt *e;

	for (int i = 0; i < s->nstmts; i++) {
		if (s->stmts[i].sql == sql) {
			db_reset(s->stmts[i].stmt);
			db_clear_bindings(s->stmts[i].stmt);
			return s->stmts[i].stmt;
		}
	}
	if (s->nstmts == STORE_STMT_MAX)
		fatal("store: more than %d statements", STORE_STMT_MAX);
	e = &s->stmts[s->nstmts];
	if (db_prepare(s->db, sql, DB_PREPARE_PERSISTENT, &e->stmt) != DB_OK)
		fatal("store: cannot prepare \"%s\": %s", sql,
		      db_errmsg(s->db));
	e->sql = sql;
	s->nstmts++;
	return e->stmt;
}

int store_step_done(struct store *s, struct db_stmt *st, const char *what,
                    struct qerr *err)
{
	int rc = db_step(st);

	if (rc == DB_DONE || rc == DB_ROW) {
		db_reset(st);
		return 0;
	}
	store_db_error(s, what, err);
	db_reset(st);
	return -1;
}

int store_step_id(struct store *s, struct db_stmt *st, int64_t *id,
                  const char *what, struct qerr *err)
{
	int rc = db_step(st);

	if (rc != DB_ROW) {
		store_db_error(s, what, err);
		db_reset(st);
		return -1;
	}
	*id = db_column_int64(st, 0);
	db_reset(st);
	return 0;
}

void store_bind_text(struct db_stmt *st, int col, const char *text)
{
	if (text == NULL)
		db_bind_null(st, col);
	else
		db_bind_text(st, col, text, -1, DB_STATIC);
}

static int store_exec(struct store *s, const char *sql, const char *what,
                      struct qerr *err)
{
	if (db_exec(s->db, sql) != DB_OK)
		return store_db_error(s, what, err);
	return 0;
}

/*
 * The schema's version: SQLite's user_version in the file's header; on
 * PostgreSQL the one row of qhall_schema, made on first use.
 */
static int store_user_version(struct store *s, int *version, struct qerr *err)
{
	struct db_stmt *st;
	int rc;

	if (s->pg &&
	    store_exec(s,
	               "CREATE TABLE IF NOT EXISTS qhall_schema (version "
	               "INTEGER NOT NULL);"
	               "INSERT INTO qhall_schema SELECT 0 WHERE NOT EXISTS "
	               "(SELECT 1 FROM qhall_schema)",
	               "reading the schema version", err))
		return -1;
	if (db_prepare(s->db,
	               s->pg ? "SELECT version FROM qhall_schema"
	                     : "PRAGMA user_version",
	               0, &st) != DB_OK)
		return store_db_error(s, "reading the schema version", err);
	rc = db_step(st);
	*version = rc == DB_ROW ? db_column_int(st, 0) : -1;
	db_finalize(st);
	if (rc != DB_ROW)
		return store_db_error(s, "reading the schema version", err);
	return 0;
}

static int store_migrate(struct store *s, struct qerr *err)
{
	char sql[64];
	int version;

	if (store_user_version(s, &version, err))
		return -1;
	if (version > STORE_SCHEMA_VERSION)
		return qerr_set(err, PROTO_E_STORE,
		                "%s has schema version %d, newer than this "
		                "qhalld understands (%d): run a newer qhalld",
		                s->path, version, STORE_SCHEMA_VERSION);
	for (; version < STORE_SCHEMA_VERSION; version++) {
		log_info("store", "migrating %s to schema version %d", s->path,
		         version + 1);
		snprintf(sql, sizeof sql,
		         s->pg ? "UPDATE qhall_schema SET version = %d"
		               : "PRAGMA user_version = %d",
		         version + 1);
		if (store_exec(s, "BEGIN IMMEDIATE", "migrating", err))
			return -1;
		if (store_exec(s,
		               s->pg ? store_pg_migrations[version]
		                     : store_migrations[version],
		               "migrating", err) ||
		    store_exec(s, sql, "migrating", err) ||
		    store_exec(s, "COMMIT", "migrating", err)) {
			db_exec(s->db, "ROLLBACK");
			return -1;
		}
	}
	return 0;
}

int store_load_tail(struct store *s, struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1");
	int rc = db_step(st);

	memset(s->last_hash, 0, sizeof s->last_hash);
	s->last_seq = 0;
	if (rc == DB_ROW) {
		s->last_seq = db_column_int64(st, 0);
		if (db_column_bytes(st, 1) == STORE_HASH_LEN)
			memcpy(s->last_hash, db_column_blob(st, 1),
			       STORE_HASH_LEN);
	} else if (rc != DB_DONE) {
		db_reset(st);
		return store_db_error(s, "reading the trace", err);
	}
	db_reset(st);
	return 0;
}

int store_url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 ||
	       strncmp(url, "postgres://", 11) == 0;
}

/* The URL for messages: a password in it is not for the log. */
static void store_url_show(const char *url, char *out, size_t size)
{
	const char *scheme = strstr(url, "://"), *at = strchr(url, '@');
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;

	if (scheme && at && colon && colon < at)
		snprintf(out, size, "%.*s:***%s", (int)(colon - url), url, at);
	else
		snprintf(out, size, "%s", url);
}

/*
 * A hall on PostgreSQL: commits wait for the server's disk (and for a
 * synchronous standby, where there is one), whatever the server's
 * default; and one qhalld at a time serves a hall. The lease is a
 * session advisory lock keyed by the schema the hall lives in: the server
 * drops it when this connection ends, however qhalld ended.
 */
static int store_pg_start(struct store *s, struct qerr *err)
{
	struct db_stmt *st;
	int rc, held = 0;

	if (store_exec(s,
	               "SET synchronous_commit = on;"
	               "SET client_min_messages = warning",
	               "opening", err))
		return -1;
	if (db_prepare(s->db,
	               "SELECT pg_try_advisory_lock(" STORE_PG_LEASE_KEY
	               ", hashtext(current_schema()))",
	               0, &st) != DB_OK)
		return store_db_error(s, "taking the hall's lease", err);
	rc = db_step(st);
	if (rc == DB_ROW)
		held = db_column_int(st, 0);
	else
		store_db_error(s, "taking the hall's lease", err);
	db_finalize(st);
	if (rc != DB_ROW)
		return -1;
	if (!held)
		return qerr_set(
		    err, PROTO_E_STORE,
		    "another qhalld serves the hall in %s (it holds "
		    "the hall's lease): only one may",
		    s->path);
	return 0;
}

/* The file a store URL names: "sqlite:PATH", "file:PATH" or PATH. */
static const char *store_url_path(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	if (strncmp(url, "file:", 5) == 0)
		return url + 5;
	return url;
}

/* The file and its -wal as they are now, to notice them go. */
static void store_file_watch(struct store *s)
{
	char wal[1100];
	struct stat st;

	if (stat(s->path, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
	snprintf(wal, sizeof wal, "%s-wal", s->path);
	if (stat(wal, &st) == 0) {
		s->wal_dev = st.st_dev;
		s->wal_ino = st.st_ino;
	}
}

/*
 * SQLite writes on through its open descriptors into a file that was
 * unlinked: every number issued after would vanish with the process.
 */
int store_file_check(struct store *s, struct qerr *err)
{
	char wal[1100];
	struct stat st;
	const char *gone = NULL;

	if (!s->lost && s->ino) {
		snprintf(wal, sizeof wal, "%s-wal", s->path);
		if (stat(s->path, &st) != 0 || st.st_ino != s->ino ||
		    st.st_dev != s->dev)
			gone = s->path;
		else if (s->wal_ino &&
		         (stat(wal, &st) != 0 || st.st_ino != s->wal_ino ||
		          st.st_dev != s->wal_dev))
			gone = "its -wal";
		if (gone) {
			s->lost = 1;
			log_error("store",
			          "%s was deleted or replaced while qhalld "
			          "ran (%s): nothing more is written",
			          s->path, gone);
		}
	}
	if (s->lost)
		return qerr_set(err, PROTO_E_STORE,
		                "the database %s was deleted or replaced while "
		                "qhalld ran: no change is kept",
		                s->path);
	return 0;
}

struct store *store_open(const char *url, struct qerr *err)
{
	struct store *s = xcalloc(1, sizeof *s);
	const char *path = store_url_path(url);
	int rc;

	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	s->anchor_fd = -1;
	s->pg = store_url_is_pg(url);
	if (s->pg) {
		store_url_show(url, s->path, sizeof s->path);
		path = url;
	} else {
		snprintf(s->path, sizeof s->path, "%s", path);
		s->created = access(path, F_OK) != 0;
	}
	rc = db_open(path, &s->db,
	             DB_OPEN_READWRITE | DB_OPEN_CREATE | DB_OPEN_NOMUTEX);
	if (rc != DB_OK) {
		qerr_set(err, PROTO_E_STORE, "cannot open %s: %s", s->path,
		         s->db ? db_errmsg(s->db) : db_errstr(rc));
		goto fail;
	}
	if (s->pg) {
		int version;
		if (store_pg_start(s, err) ||
		    store_user_version(s, &version, err))
			goto fail;
		s->created = version == 0;
		if (store_migrate(s, err) || store_load_tail(s, err))
			goto fail;
		return s;
	}
	/* Another process holding the file (a backup, say) is waited for. */
	db_busy_timeout(s->db, 5000);
	if (store_exec(s, "PRAGMA journal_mode = WAL", "opening", err) ||
	    store_exec(s, "PRAGMA synchronous = FULL", "opening", err) ||
	    store_exec(s, "PRAGMA foreign_keys = ON", "opening", err) ||
	    store_migrate(s, err))
		goto fail;
	/* No full check here: on five million tickets it would keep the hall
	 * waiting after every restart. "qhall verify" runs one. */
	if (store_load_tail(s, err))
		goto fail;
	store_file_watch(s);
	return s;
fail:
	store_close(s);
	return NULL;
}

const char *store_engine(const struct store *s)
{
	return db_engine(s->db);
}

int store_set_durable(struct store *s, int durable, struct qerr *err)
{
	if (s->pg)
		return store_exec(s,
		                  durable ? "SET synchronous_commit = on"
		                          : "SET synchronous_commit = off",
		                  "setting durability", err);
	return store_exec(s,
	                  durable ? "PRAGMA synchronous = FULL"
	                          : "PRAGMA synchronous = OFF",
	                  "setting durability", err);
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->in_batch)
		store_batch_rollback(s);
	store_anchor_close(s);
	sodium_memzero(s->anchor_key, sizeof s->anchor_key);
	for (int i = 0; i < s->nstmts; i++)
		db_finalize(s->stmts[i].stmt);
	db_close(s->db);
	free(s);
}

int store_batch_begin(struct store *s, struct qerr *err)
{
	if (s->in_batch)
		return 0;
	if (db_step(store_stmt(s, "BEGIN IMMEDIATE")) != DB_DONE)
		return store_db_error(s, "starting a transaction", err);
	s->in_batch = 1;
	s->batch_seq = s->last_seq;
	memcpy(s->batch_hash, s->last_hash, STORE_HASH_LEN);
	return 0;
}

/* Make the batch durable. On failure it is rolled back: nothing happened. */
int store_batch_commit(struct store *s, struct qerr *err)
{
	if (!s->in_batch)
		return 0;
	if (s->doomed) {
		qerr_set(err, PROTO_E_STORE,
		         "a request could not be ended: the batch is undone");
		store_batch_rollback(s);
		return -1;
	}
	if (store_file_check(s, err)) {
		store_batch_rollback(s);
		return -1;
	}
	if (db_step(store_stmt(s, "COMMIT")) != DB_DONE) {
		store_db_error(s, "committing", err);
		store_batch_rollback(s);
		return -1;
	}
	s->in_batch = 0;
	store_anchor_commit(s);
	return 0;
}

void store_batch_rollback(struct store *s)
{
	if (!s->in_batch)
		return;
	/* A failed ROLLBACK means SQLite already rolled back (it does after
	 * some I/O errors): either way nothing of the batch remains. */
	if (db_step(store_stmt(s, "ROLLBACK")) != DB_DONE)
		log_warn("store", "rollback: %s", db_errmsg(s->db));
	s->in_batch = 0;
	s->in_request = 0;
	s->doomed = 0;
	s->last_seq = s->batch_seq;
	memcpy(s->last_hash, s->batch_hash, STORE_HASH_LEN);
}

int store_in_batch(const struct store *s)
{
	return s->in_batch;
}

int store_request_begin(struct store *s, struct qerr *err)
{
	if (s->doomed)
		return qerr_set(
		    err, PROTO_E_STORE,
		    "an earlier request of this batch failed to "
		    "end: nothing more is done until it rolls back");
	if (db_step(store_stmt(s, "SAVEPOINT request")) != DB_DONE)
		return store_db_error(s, "starting a request", err);
	s->in_request = 1;
	s->request_seq = s->last_seq;
	memcpy(s->request_hash, s->last_hash, STORE_HASH_LEN);
	return 0;
}

/*
 * Keep or undo the request. A savepoint that cannot be undone or released
 * leaves the batch in doubt: it is doomed, so its commit fails and rolls
 * it back whole, and no reply of it claims a change that may not hold.
 */
int store_request_end(struct store *s, int keep, struct qerr *err)
{
	if (!s->in_request)
		return 0;
	s->in_request = 0;
	if (!keep) {
		if (db_step(store_stmt(s, "ROLLBACK TO request")) != DB_DONE)
			goto fail;
		s->last_seq = s->request_seq;
		memcpy(s->last_hash, s->request_hash, STORE_HASH_LEN);
	}
	if (db_step(store_stmt(s, "RELEASE request")) != DB_DONE)
		goto fail;
	return 0;
fail:
	store_db_error(s, keep ? "keeping a request" : "undoing a request",
	               err);
	s->doomed = 1;
	return -1;
}

int store_setting_get(struct store *s, const char *key, char *out, size_t size)
{
	struct db_stmt *st =
	    store_stmt(s, "SELECT value FROM setting WHERE key = ?1");
	int found = 0;

	store_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW) {
		snprintf(out, size, "%s", db_column_text(st, 0));
		found = 1;
	}
	db_reset(st);
	return found;
}

int store_setting_put(struct store *s, const char *key, const char *value,
                      struct qerr *err)
{
	struct db_stmt *st = store_stmt(
	    s, "INSERT INTO setting (key, value) VALUES (?1, ?2) "
	       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	return store_step_done(s, st, "saving a setting", err);
}

/* SQLite's own check of the file's structure: "ok", or what is wrong.
 * PostgreSQL checks its pages as it reads them (and its checksums, where
 * the cluster has them): a walk of the trace's index and table is what a
 * check can ask of it here. */
int store_check(struct store *s, char *out, size_t size, struct qerr *err)
{
	struct db_stmt *st;
	int rc;

	if (s->pg) {
		if (db_prepare(s->db, "SELECT count(*) FROM event", 0, &st) !=
		    DB_OK)
			return store_db_error(s, "checking the database", err);
		rc = db_step(st);
		snprintf(out, size, "%s",
		         rc == DB_ROW ? "ok" : db_errmsg(s->db));
		db_finalize(st);
		return 0;
	}

	if (db_prepare(s->db, "PRAGMA quick_check", 0, &st) != DB_OK)
		return store_db_error(s, "checking the file", err);
	rc = db_step(st);
	snprintf(out, size, "%s",
	         rc == DB_ROW ? (const char *)db_column_text(st, 0)
	                      : db_errmsg(s->db));
	db_finalize(st);
	return 0;
}
