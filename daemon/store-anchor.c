/*
 * The trace's anchor, outside the database. The hash chain (store-trace.c)
 * finds an edited row, but not a deleted tail, and not a rewrite that
 * recomputes every hash: anyone who can write the file can do both. So
 * after every commit the daemon notes the hall's identity, the number of
 * events and the last event's hash in DATA/qhall.anchor, MACed (keyed
 * BLAKE2b) with a key in DATA/qhall.key that no database edit reaches.
 *
 * The anchor follows the commit and never leads it: it is written after
 * COMMIT returned, so it never claims an event the file does not hold, and
 * a crash between the two leaves it behind the file, which is fine: the
 * check asks only that the file's event N is the anchored one.
 *
 * Two slots of ANCHOR_SLOT bytes, written in turn in place with pwrite():
 * a torn write spoils one, the other holds the state before. The file is
 * made whole and synced once; afterwards a power loss can only leave it
 * behind. The newest slot whose MAC holds counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "proto.h"
#include "store-private.h"

#define ANCHOR_SLOT  256
#define ANCHOR_MAGIC "qhall-anchor 1"

static void anchor_hex(const unsigned char *bin, size_t len, char *out)
{
	sodium_bin2hex(out, len * 2 + 1, bin, len);
}

static int anchor_unhex(const char *hex, unsigned char *bin, size_t len)
{
	size_t got;

	return sodium_hex2bin(bin, len, hex, strlen(hex), NULL, &got, NULL) ||
	       got != len;
}

/* "qhall-anchor 1 hall=H events=N head=X" and its MAC under the key. */
static void anchor_mac(const struct store *s, const char *text,
                       char mac_hex[STORE_HASH_LEN * 2 + 1])
{
	unsigned char mac[STORE_HASH_LEN];

	crypto_generichash(mac, sizeof mac, (const unsigned char *)text,
	                   strlen(text), s->anchor_key, sizeof s->anchor_key);
	anchor_hex(mac, sizeof mac, mac_hex);
}

static char *anchor_put(char *at, const char *text)
{
	size_t n = strlen(text);

	memcpy(at, text, n);
	return at + n;
}

/*
 * Written by hand, not by snprintf(): this runs after every commit, and
 * printf's machinery was most of its cost (a twentieth of a take's
 * instructions at one kiosk).
 */
static void anchor_slot_text(const struct store *s, int64_t events,
                             const unsigned char *head, char slot[ANCHOR_SLOT])
{
	char digits[24], *at = slot;
	int n = 0;
	uint64_t v = events > 0 ? (uint64_t)events : 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	at = anchor_put(at, ANCHOR_MAGIC " hall=");
	at = anchor_put(at, s->hall_id);
	at = anchor_put(at, " events=");
	while (n > 0)
		*at++ = digits[--n];
	at = anchor_put(at, " head=");
	anchor_hex(head, STORE_HASH_LEN, at);
	at += STORE_HASH_LEN * 2;
	*at = '\0';
	anchor_mac(s, slot, at + 5);
	memcpy(at, " mac=", 5);
	at += 5 + STORE_HASH_LEN * 2;
	memset(at, ' ', (size_t)(slot + ANCHOR_SLOT - 1 - at));
	slot[ANCHOR_SLOT - 1] = '\n';
}

/* One slot, if its MAC holds: the hall, the count and the head. */
static int anchor_slot_read(const struct store *s, const char *slot,
                            char hall[STORE_HALL_ID_LEN + 1], int64_t *events,
                            unsigned char *head)
{
	char text[ANCHOR_SLOT], head_hex[STORE_HASH_LEN * 2 + 1];
	char mac_hex[STORE_HASH_LEN * 2 + 1], want[STORE_HASH_LEN * 2 + 1];
	char *m;

	memcpy(text, slot, ANCHOR_SLOT - 1);
	text[ANCHOR_SLOT - 1] = '\0';
	text[strcspn(text, "\n")] = '\0';
	if ((m = strstr(text, " mac=")) == NULL ||
	    sscanf(m, " mac=%64s", mac_hex) != 1)
		return -1;
	*m = '\0';
	anchor_mac(s, text, want);
	if (sodium_memcmp(want, mac_hex, sizeof want) != 0)
		return -1;
	if (sscanf(text, ANCHOR_MAGIC " hall=%32s events=%" SCNd64 " head=%64s",
	           hall, events, head_hex) != 3 ||
	    anchor_unhex(head_hex, head, STORE_HASH_LEN))
		return -1;
	return 0;
}

static int anchor_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 ? -1 : fsync(fd);

	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * The key: made once (random, 0600), whole or not at all: written under a
 * temporary name, synced and renamed, so a crash never leaves a short key.
 */
static int anchor_key_load(struct store *s, int make, struct qerr *err)
{
	char hex[STORE_HASH_LEN * 2 + 2] = "", tmp[1200];
	unsigned char key[sizeof s->anchor_key];
	ssize_t n;
	int fd = open(s->key_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && make) {
		randombytes_buf(key, sizeof key);
		anchor_hex(key, sizeof key, hex);
		strcat(hex, "\n");
		snprintf(tmp, sizeof tmp, "%s.part", s->key_path);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 ||
		    write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) ||
		    fsync(fd) < 0 || rename(tmp, s->key_path) < 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			unlink(tmp);
			sodium_memzero(hex, sizeof hex);
			return qerr_set(err, PROTO_E_IO, "cannot write %s: %s",
			                s->key_path, strerror(e));
		}
		close(fd);
		sodium_memzero(hex, sizeof hex);
		memcpy(s->anchor_key, key, sizeof key);
		sodium_memzero(key, sizeof key);
		return 0;
	}
	if (fd < 0)
		return qerr_set(err, PROTO_E_CONFIG,
		                "cannot read the trace's key " STORE_KEY_FILE
		                ": %s; without it the anchor cannot be checked "
		                "(put it back, or start with --new-hall)",
		                strerror(errno));
	n = read(fd, hex, sizeof hex - 1);
	close(fd);
	hex[n > 0 ? n : 0] = '\0';
	hex[strcspn(hex, "\n")] = '\0';
	if (anchor_unhex(hex, s->anchor_key, sizeof s->anchor_key))
		return qerr_set(err, PROTO_E_CONFIG,
		                "%s is not a trace key (64 hex digits)",
		                s->key_path);
	return 0;
}

/* Both slots with the store's state now, synced with the folder. */
static int anchor_write_whole(struct store *s, struct qerr *err)
{
	char slots[2 * ANCHOR_SLOT], tmp[1200];
	int fd;

	anchor_slot_text(s, s->last_seq, s->last_hash, slots);
	memcpy(slots + ANCHOR_SLOT, slots, ANCHOR_SLOT);
	snprintf(tmp, sizeof tmp, "%s.part", s->anchor_path);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, slots, sizeof slots) != (ssize_t)sizeof slots ||
	    fsync(fd) < 0 || rename(tmp, s->anchor_path) < 0 ||
	    anchor_sync_dir(s->dir) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return qerr_set(err, PROTO_E_IO, "cannot write %s: %s",
		                s->anchor_path, strerror(e));
	}
	if (s->anchor_fd >= 0)
		close(s->anchor_fd);
	s->anchor_fd = fd;
	s->anchor_seq = s->last_seq;
	memcpy(s->anchor_hash, s->last_hash, STORE_HASH_LEN);
	s->anchor_slot = 0;
	return 0;
}

/* The newest slot whose MAC holds; -1 if neither does. */
static int anchor_read(struct store *s, char hall[STORE_HALL_ID_LEN + 1],
                       struct qerr *err)
{
	char slots[2 * ANCHOR_SLOT];
	char h[2][STORE_HALL_ID_LEN + 1];
	int64_t ev[2];
	unsigned char head[2][STORE_HASH_LEN];
	int ok[2], best;
	ssize_t n;
	int fd = open(s->anchor_path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return qerr_set(err, PROTO_E_IO, "cannot open %s: %s",
		                s->anchor_path, strerror(errno));
	n = pread(fd, slots, sizeof slots, 0);
	for (int i = 0; i < 2; i++)
		ok[i] = n >= (ssize_t)((i + 1) * ANCHOR_SLOT) &&
		        anchor_slot_read(s, slots + i * ANCHOR_SLOT, h[i],
		                         &ev[i], head[i]) == 0;
	if (!ok[0] && !ok[1]) {
		close(fd);
		return qerr_set(err, PROTO_E_STORE,
		                "the trace's anchor " STORE_ANCHOR_FILE
		                " does not match its key " STORE_KEY_FILE
		                ": one of them was altered or replaced");
	}
	best = !ok[0] || (ok[1] && ev[1] > ev[0]) ? 1 : 0;
	memcpy(hall, h[best], STORE_HALL_ID_LEN + 1);
	s->anchor_seq = ev[best];
	memcpy(s->anchor_hash, head[best], STORE_HASH_LEN);
	s->anchor_slot = best;
	s->anchor_fd = fd;
	return 0;
}

/* The hash the file holds for event seq (zeros before the first). */
static int anchor_row_hash(struct store *s, int64_t seq, unsigned char *out,
                           int *found, struct qerr *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, STORE_HASH_LEN);
	*found = 1;
	if (seq == 0)
		return 0;
	st = store_stmt(s, "SELECT hash FROM event WHERE seq = ?1");
	db_bind_int64(st, 1, seq);
	rc = db_step(st);
	*found = rc == DB_ROW && db_column_bytes(st, 0) == STORE_HASH_LEN;
	if (*found)
		memcpy(out, db_column_blob(st, 0), STORE_HASH_LEN);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_error(s, "reading the trace", err);
	return 0;
}

/* What is wrong between the file's trace and the anchor, or "". */
static int anchor_compare(struct store *s, int64_t events, char *problem,
                          size_t size, struct qerr *err)
{
	unsigned char hash[STORE_HASH_LEN];
	int found;

	problem[0] = '\0';
	if (events < s->anchor_seq) {
		snprintf(problem, size,
		         "the trace ends at event %" PRId64
		         ", its anchor at %" PRId64 ": events %" PRId64
		         " to %" PRId64 " are missing "
		         "from " STORE_FILE " (rows deleted, its -wal deleted, "
		         "or an older copy put back)",
		         events, s->anchor_seq, events + 1, s->anchor_seq);
		return 0;
	}
	if (anchor_row_hash(s, s->anchor_seq, hash, &found, err))
		return -1;
	if (!found || sodium_memcmp(hash, s->anchor_hash, STORE_HASH_LEN))
		snprintf(problem, size,
		         "the trace was rewritten: event %" PRId64
		         " of " STORE_FILE
		         " is not the one in " STORE_ANCHOR_FILE
		         "; events up to it were changed and their hashes "
		         "recomputed",
		         s->anchor_seq);
	return 0;
}

/* The hall's identity in the file; if it has none and make, `given` or a
 * new one. */
static int anchor_hall_id(struct store *s, int make, const char *given,
                          struct qerr *err)
{
	unsigned char id[STORE_HALL_ID_LEN / 2];

	if (store_setting_get(s, "hall_id", s->hall_id, sizeof s->hall_id))
		return 0;
	s->hall_id[0] = '\0';
	if (!make)
		return 0;
	randombytes_buf(id, sizeof id);
	anchor_hex(id, sizeof id, s->hall_id);
	if (given)
		snprintf(s->hall_id, sizeof s->hall_id, "%s", given);
	if (db_exec(s->db, "BEGIN IMMEDIATE") != DB_OK ||
	    store_setting_put(s, "hall_id", s->hall_id, err) ||
	    db_exec(s->db, "COMMIT") != DB_OK) {
		db_exec(s->db, "ROLLBACK");
		s->hall_id[0] = '\0';
		return err->message[0]
		           ? -1
		           : store_db_error(s, "naming the hall", err);
	}
	return 0;
}

int store_anchor_precheck(const char *dir, const char *db_path,
                          enum store_anchor_start start, struct qerr *err)
{
	char anchor[1100];
	int have_db = access(db_path, F_OK) == 0;

	snprintf(anchor, sizeof anchor, "%s/%s", dir, STORE_ANCHOR_FILE);
	if (have_db || access(anchor, F_OK) != 0)
		return start == STORE_ANCHOR_RESTORE && !have_db
		           ? qerr_set(err, PROTO_E_CONFIG,
		                      "--restore: put the backup in place as "
		                      "%s first",
		                      db_path)
		           : 0;
	if (start == STORE_ANCHOR_NEW_HALL)
		return 0;
	return qerr_set(err, PROTO_E_STORE,
	                STORE_FILE
	                " is missing from %s, which held a hall "
	                "(see " STORE_ANCHOR_FILE "): put its last backup in "
	                "place and start with --restore, or start a new hall "
	                "with --new-hall",
	                dir);
}

int store_anchor_open(struct store *s, const char *dir,
                      enum store_anchor_start start, struct qerr *err)
{
	char hall[STORE_HALL_ID_LEN + 1] = "", problem[600];

	snprintf(s->dir, sizeof s->dir, "%s", dir);
	snprintf(s->anchor_path, sizeof s->anchor_path, "%s/%s", dir,
	         STORE_ANCHOR_FILE);
	snprintf(s->key_path, sizeof s->key_path, "%s/%s", dir, STORE_KEY_FILE);
	if (access(s->anchor_path, F_OK) != 0) {
		/* A new hall, or a file from before anchors (an upgrade, a
		 * backup restored into an empty folder): anchored as it is. */
		if (access(s->key_path, F_OK) == 0)
			log_warn("store",
			         "%s is missing though its key %s is there: "
			         "deleted, or the first start was cut short; "
			         "%s is anchored anew as it stands",
			         s->anchor_path, s->key_path, s->path);
		else if (!s->created)
			log_info("store",
			         "anchoring the trace of %s: %" PRId64
			         " events, in %s",
			         s->path, s->last_seq, s->anchor_path);
		return anchor_key_load(s, 1, err) ||
		       anchor_hall_id(s, 1, NULL, err) ||
		       anchor_write_whole(s, err);
	}
	if (start == STORE_ANCHOR_NEW_HALL) {
		log_warn("store",
		         "--new-hall: %s (%" PRId64 " events) is "
		         "anchored as a hall of its own; the old anchor is "
		         "dropped",
		         s->path, s->last_seq);
		return anchor_key_load(s, 1, err) ||
		       anchor_hall_id(s, 1, NULL, err) ||
		       anchor_write_whole(s, err);
	}
	/* A backup from before halls had an identity is taken as this
	 * hall's when the admin says it is one. */
	if (anchor_key_load(s, 0, err) || anchor_read(s, hall, err) ||
	    anchor_hall_id(s, start == STORE_ANCHOR_RESTORE, hall, err))
		return -1;
	if (s->hall_id[0] == '\0')
		return qerr_set(
		    err, PROTO_E_STORE,
		    "this hall's records are missing from " STORE_FILE
		    " (a new file, or its -wal deleted); the anchor "
		    "says %" PRId64 " events. Restore the last backup "
		    "(--restore), or start with --new-hall",
		    s->anchor_seq);
	if (strcmp(hall, s->hall_id) != 0)
		return qerr_set(err, PROTO_E_STORE,
		                STORE_FILE
		                " is not this folder's hall: it is "
		                "hall %s, the anchor's is %s. Put this hall's "
		                "backup in place (--restore), or start with "
		                "--new-hall",
		                s->hall_id, hall);
	if (start == STORE_ANCHOR_RESTORE) {
		if (s->last_seq < s->anchor_seq)
			log_warn("store",
			         "restored %s: its trace ends at event "
			         "%" PRId64 ", the hall had reached %" PRId64
			         "; what happened in between is not in it",
			         s->path, s->last_seq, s->anchor_seq);
		else
			log_info("store", "restored %s: %" PRId64 " events",
			         s->path, s->last_seq);
		return anchor_write_whole(s, err);
	}
	if (anchor_compare(s, s->last_seq, problem, sizeof problem, err))
		return -1;
	if (problem[0])
		return qerr_set(err, PROTO_E_STORE,
		                "%s. Not starting: restore the last backup "
		                "(--restore), or start with --new-hall",
		                problem);
	return 0;
}

/* After a commit: the anchor moves up to it, in the older slot. */
void store_anchor_commit(struct store *s)
{
	char slot[ANCHOR_SLOT];
	int next = !s->anchor_slot;

	if (s->anchor_fd < 0 || s->last_seq == s->anchor_seq)
		return;
	anchor_slot_text(s, s->last_seq, s->last_hash, slot);
	if (pwrite(s->anchor_fd, slot, sizeof slot,
	           (off_t)next * ANCHOR_SLOT) != (ssize_t)sizeof slot) {
		log_warn("store", "cannot update %s: %s", s->anchor_path,
		         strerror(errno));
		return;
	}
	s->anchor_slot = next;
	s->anchor_seq = s->last_seq;
	memcpy(s->anchor_hash, s->last_hash, STORE_HASH_LEN);
}

int store_anchor_verify(struct store *s, int64_t events, int64_t *anchored,
                        char *problem, size_t size, struct qerr *err)
{
	*anchored = s->anchor_seq;
	problem[0] = '\0';
	if (s->anchor_fd < 0)
		return 0;
	return anchor_compare(s, events, problem, size, err);
}

const char *store_hall_id(const struct store *s)
{
	return s->hall_id;
}

void store_anchor_close(struct store *s)
{
	if (s->anchor_fd < 0)
		return;
	if (fsync(s->anchor_fd) < 0)
		log_warn("store", "cannot sync %s: %s", s->anchor_path,
		         strerror(errno));
	close(s->anchor_fd);
	s->anchor_fd = -1;
}
