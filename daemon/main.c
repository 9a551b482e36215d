/*
 * qhalld: the hall's one source of truth.
 *
 * It owns the SQLite file in the data folder, listens on DATA/qhalld.sock
 * (and on TCP if asked), and serves kiosks, window callers, lobby displays
 * and the qhall command line. Read server.c for the loop and its batches,
 * dispatch.c and ops*.c (the table in ops.c) for what clients may ask,
 * hall*.c for the hall's rules (hall-rules.c the decisions themselves),
 * and store*.c for how the hall is kept (db.h: in a SQLite file, or in
 * PostgreSQL). Start reading main().
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "assets.h"
#include "daemon.h"
#include "hall-route.h"
#include "http.h"
#include "ops.h"
#include "person-id.h"
#include "phone.h"
#include "log.h"
#include "proto.h"
#include "ticket.h"
#include "xmalloc.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: qhalld --data DIR [--listen tcp:HOST:PORT] "
	        "[--config FILE]\n"
	        "              [--catalog FILE] [--log-level LEVEL] "
	        "[--http HOST:PORT]\n"
	        "              [--test-clock] [--new-hall | --restore] "
	        "[--store URL]\n"
	        "       qhalld --check-config --data DIR [--config FILE] "
	        "[--catalog FILE]\n"
	        "       qhalld --ops-json\n"
	        "       qhalld --data DIR --migrate-to postgresql://...\n"
	        "Keeps DIR/qhall.db and listens on DIR/qhalld.sock.\n"
	        "--check-config reads the config and the catalog, says what "
	        "is wrong\n"
	        "with file and line, and exits (0: both good).\n"
	        "--ops-json prints every op with its roles and fields.\n"
	        "--http serves the web pages (tickets, display) on "
	        "HOST:PORT.\n"
	        "--test-clock takes the time from DIR/test-clock (ms since "
	        "the epoch)\nwhile that file exists: for tests only.\n"
	        "--new-hall starts a hall anew where DIR/qhall.db is missing "
	        "or another's;\n"
	        "--restore starts on this hall's backup put in place as "
	        "DIR/qhall.db.\n"
	        "--store postgresql://... keeps the hall in PostgreSQL "
	        "instead of DIR/qhall.db.\n"
	        "--migrate-to copies the stopped hall in DIR/qhall.db, its "
	        "whole history,\ninto an empty PostgreSQL database, checks "
	        "the copy, and exits (qhall migrate).\n");
}

/* The op table, for the fuzzer's dictionary and the hostile clients. */
static void ops_print(void)
{
	json_t *ops = ops_describe();
	char *text = json_dumps(ops, JSON_INDENT(1));

	if (text == NULL)
		fatal("out of memory describing the ops");
	printf("%s\n", text);
	free(text);
	json_decref(ops);
}

struct options {
	const char *data, *config, *catalog, *listen, *log_level, *http;
	const char *store;      /* --store URL */
	const char *migrate_to; /* --migrate-to URL: copy, check, exit */
	int check;              /* --check-config: read, say, exit */
	int test_clock;         /* --test-clock: time from DATA/test-clock */
	enum store_anchor_start start; /* --new-hall, --restore */
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'c'},
	    {"catalog", required_argument, NULL, 'C'},
	    {"listen", required_argument, NULL, 'l'},
	    {"http", required_argument, NULL, 'H'},
	    {"log-level", required_argument, NULL, 'L'},
	    {"version", no_argument, NULL, 'V'},
	    {"ops-json", no_argument, NULL, 'O'},
	    {"check-config", no_argument, NULL, 'K'},
	    {"test-clock", no_argument, NULL, 'T'},
	    {"new-hall", no_argument, NULL, 'N'},
	    {"restore", no_argument, NULL, 'R'},
	    {"store", required_argument, NULL, 'S'},
	    {"migrate-to", required_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "d:c:C:l:L:Vh", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'd':
			o->data = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'C':
			o->catalog = optarg;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 'H':
			o->http = optarg;
			break;
		case 'S':
			o->store = optarg;
			break;
		case 'M':
			o->migrate_to = optarg;
			break;
		case 'L':
			o->log_level = optarg;
			break;
		case 'V':
			printf("qhalld %s\n", QHALL_VERSION);
			exit(0);
		case 'O':
			ops_print();
			exit(0);
		case 'K':
			o->check = 1;
			break;
		case 'T':
			o->test_clock = 1;
			break;
		case 'N':
		case 'R':
			if (o->start != STORE_ANCHOR_CHECK) {
				fprintf(stderr,
				        "qhalld: --new-hall and "
				        "--restore exclude each other\n");
				return -1;
			}
			o->start = ch == 'N' ? STORE_ANCHOR_NEW_HALL
			                     : STORE_ANCHOR_RESTORE;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (o->data == NULL || optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Config file, then command line over it. */
static int load_config(struct daemon *d, const struct options *o,
                       struct qerr *err)
{
	char path[1100];

	config_defaults(&d->config);
	snprintf(path, sizeof path, "%s/qhall.conf", d->data_dir);
	if (o->config ? config_load(&d->config, o->config, err)
	              : (access(path, F_OK) == 0 &&
	                 config_load(&d->config, path, err)))
		return -1;
	if (o->listen)
		snprintf(d->config.listen, sizeof d->config.listen, "%s",
		         o->listen);
	if (o->store)
		snprintf(d->config.store, sizeof d->config.store, "%s",
		         o->store);
	if (d->config.store[0] && !store_url_is_pg(d->config.store))
		return qerr_set(err, PROTO_E_CONFIG,
		                "store must be a postgresql:// URL (the SQLite "
		                "file is always DATA/" STORE_FILE ")");
	if (o->http)
		snprintf(d->config.http_listen, sizeof d->config.http_listen,
		         "%s", o->http);
	if (o->catalog)
		snprintf(d->config.catalog, sizeof d->config.catalog, "%s",
		         o->catalog);
	if (o->log_level && log_parse_level(o->log_level, &d->config.log_level))
		return qerr_set(err, PROTO_E_CONFIG,
		                "--log-level must be error, warn, info or "
		                "debug");
	log_set_level(d->config.log_level);
	if (config_apply_timezone(&d->config))
		return qerr_set(err, PROTO_E_CONFIG, "unknown time zone \"%s\"",
		                d->config.timezone);
	/* The [ratings] lists, so --check-config says what is wrong too. */
	struct rating_policy p;
	return hall_rule_rating_policy(&p, d->config.rating_reasons,
	                               d->config.holidays, err);
}

/* The catalog: configured, else DATA/catalog.json, else the demo's. */
static int load_catalog(struct daemon *d, struct qerr *err)
{
	char path[1100];

	if (d->config.catalog[0])
		snprintf(path, sizeof path, "%s", d->config.catalog);
	else {
		snprintf(path, sizeof path, "%s/%s", d->data_dir, CATALOG_FILE);
		if (access(path, F_OK) != 0)
			assets_path(path, sizeof path, CATALOG_FILE);
	}
	d->catalog = catalog_load(path, err);
	if (d->catalog == NULL)
		return -1;
	d->catalog_text = json_dumps(d->catalog->root, JSON_COMPACT);
	if (d->catalog_text == NULL)
		return qerr_set(err, PROTO_E_IO, "cannot encode the catalog");
	d->catalog_len = strlen(d->catalog_text);
	log_info("qhalld", "catalog %s: %zu queues, %zu items, %zu windows",
	         path, d->catalog->nqueues, d->catalog->nitems,
	         d->catalog->nwindows);
	return 0;
}

/* The configuration's [ratings] as the hall's rating policy. */
static int rating_policy(struct daemon *d, struct qerr *err)
{
	unsigned char key[PHONE_KEY_LEN];
	struct rating_policy p;

	if (hall_rule_rating_policy(&p, d->config.rating_reasons,
	                            d->config.holidays, err))
		return -1;
	p.rate_days = d->config.rating_days;
	p.evaluator_s = d->config.rating_evaluator_s;
	p.reply_days = d->config.review_reply_days;
	p.fix_days = d->config.review_fix_days;
	p.phone_keep_days = d->config.phone_keep_days;
	hall_set_rating_policy(d->hall, &p);
	if (phone_key_load(d->data_dir, key, err))
		return -1;
	hall_set_phone_key(d->hall, key);
	sodium_memzero(key, sizeof key);
	return 0;
}

/* Opening hours' working days, and the key ID numbers are hashed with. */
static int admit_policy(struct daemon *d, struct qerr *err)
{
	unsigned char key[PERSON_KEY_LEN];
	struct hall_calendar *cal = xmalloc(sizeof *cal);

	if (hall_rule_calendar(cal, d->config.holidays, d->config.workdays,
	                       err)) {
		free(cal);
		return -1;
	}
	hall_set_calendar(d->hall, cal);
	free(cal);
	if (person_key_load(d->data_dir, key, err))
		return -1;
	hall_set_person_policy(d->hall, key, d->config.id_keep_days);
	hall_set_appt_policy(d->hall, d->config.appt_early_min,
	                     d->config.appt_late_min);
	sodium_memzero(key, sizeof key);
	return 0;
}

/*
 * The store, checked against the trace's anchor (a missing, replaced or
 * cut-short file is refused), and the hall above it brought up to the
 * catalog and today.
 */
static int open_hall(struct daemon *d, enum store_anchor_start start,
                     struct qerr *err)
{
	char path[1100], url[1200], day[TICKET_DAY_LEN + 1], moved[1024];
	int64_t now = clock_now_ms(d);

	snprintf(path, sizeof path, "%s/%s", d->data_dir, STORE_FILE);
	snprintf(url, sizeof url, "sqlite:%s", path);
	if (d->config.store[0])
		snprintf(url, sizeof url, "%s", d->config.store);
	/* A database on a server cannot be looked at before it is opened:
	 * store_anchor_open() compares its hall with the anchor's. */
	if ((!d->config.store[0] &&
	     store_anchor_precheck(d->data_dir, path, start, err)) ||
	    (d->store = store_open(url, err)) == NULL ||
	    store_anchor_open(d->store, d->data_dir, start, err))
		return -1;
	if (!d->config.store[0] &&
	    store_setting_get(d->store, STORE_MOVED_SETTING, moved,
	                      sizeof moved))
		return qerr_set(err, PROTO_E_STORE,
		                "this hall was moved to %s (qhall migrate): "
		                "start qhalld with store = that URL in "
		                "[daemon], or --store",
		                moved);
	d->hall = hall_new(d->store, d->catalog, d->config.rejoin_places);
	hall_set_route_place(d->hall, d->config.route_place_taken);
	if (rating_policy(d, err) || admit_policy(d, err))
		return -1;
	ticket_day_of(now, day);
	hall_set_actor(d->hall, "qhalld");
	if (hall_batch_begin(d->hall, err))
		return -1;
	if (hall_catalog_sync(d->hall, now, err) ||
	    hall_day_roll(d->hall, day, now, err)) {
		hall_batch_rollback(d->hall);
		return -1;
	}
	return hall_batch_commit(d->hall, err);
}

/*
 * qhall migrate: the hall in DATA/qhall.db, which no daemon serves (the
 * folder's lock says so), copied whole into PostgreSQL and checked there
 * (store_copy_hall). The file then says where the hall went, so a daemon
 * started on it by mistake refuses rather than issue numbers twice.
 */
static int migrate(struct daemon *d, const char *to, struct qerr *err)
{
	struct store_copy_result r;
	char path[1100], url[1200];

	if (!store_url_is_pg(to))
		return qerr_set(err, PROTO_E_CONFIG,
		                "--migrate-to takes a postgresql:// URL");
	snprintf(path, sizeof path, "%s/%s", d->data_dir, STORE_FILE);
	snprintf(url, sizeof url, "sqlite:%s", path);
	if (access(path, F_OK) != 0)
		return qerr_set(err, PROTO_E_STORE, "%s: no hall to copy",
		                path);
	if ((d->store = store_open(url, err)) == NULL ||
	    store_anchor_open(d->store, d->data_dir, STORE_ANCHOR_CHECK, err) ||
	    store_copy_hall(d->store, to, &r, err) ||
	    store_setting_put(d->store, STORE_MOVED_SETTING, r.target, err))
		return -1;
	printf("qhalld: copied the hall in %s to %s: %lld tickets, %lld "
	       "events, every table and the trace checked\n",
	       path, r.target, (long long)r.tickets, (long long)r.events);
	return 0;
}

/*
 * Each client is a descriptor: raise the soft limit to the hard one, and
 * keep max_clients below it, with room for the database and listeners.
 */
static int fit_descriptors(struct daemon *d)
{
	struct rlimit rl;
	int room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	room = rl.rlim_cur > 100000 + 64 ? 100000 : (int)rl.rlim_cur - 64;
	if (d->config.max_clients > room) {
		log_warn("qhalld",
		         "max_clients %d lowered to %d: only %d "
		         "descriptors are allowed",
		         d->config.max_clients, room, (int)rl.rlim_cur);
		d->config.max_clients = room;
	}
	return 0;
}

/*
 * A database deleted or replaced under the running daemon: stop rather
 * than issue numbers into a file nobody will find (store_file_check()
 * said why in the log; commits are refused from then on).
 */
static void on_file_check(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct qerr err = {0};
	(void)fd;
	(void)what;

	if (store_file_check(d->store, &err) == 0)
		return;
	log_error("qhalld", "stopping: %s", err.message);
	event_base_loopexit(d->base, NULL);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	(void)what;

	log_info("qhalld", "signal %d: stopping", (int)sig);
	event_base_loopexit(d->base, NULL);
}

int main(int argc, char **argv)
{
	struct daemon d = {.lock_fd = -1};
	struct options o = {0};
	struct qerr err = {0};
	struct event *file_ev = NULL;
	int rc = 1;

	if (parse_args(argc, argv, &o))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	/* The database holds PIN and token hashes: the daemon's user's alone,
	 * whoever started it and with what umask (datadir.c closes up what
	 * was made before). */
	umask(077);
	/*
	 * Each request's savepoint makes SQLite allocate and free ~150 KiB;
	 * with glibc's default trim threshold that was two brk() calls and a
	 * page fault per take. Keep the heap's top instead.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	snprintf(d.data_dir, sizeof d.data_dir, "%s", o.data);
	snprintf(d.socket_path, sizeof d.socket_path, "%s/qhalld.sock",
	         d.data_dir);

	if (o.check) {
		/* Nothing opened, locked or listened on: safe beside a
		 * running daemon, before a restart. */
		if (load_config(&d, &o, &err) || load_catalog(&d, &err))
			goto out;
		printf("qhalld: the config and the catalog are good\n");
		rc = 0;
		goto out;
	}
	if (load_config(&d, &o, &err))
		goto out;
	if (o.migrate_to) {
		if (datadir_lock(&d, &err) || migrate(&d, o.migrate_to, &err))
			goto out;
		rc = 0;
		goto out;
	}
	clock_init(&d, o.test_clock);
	if (fit_descriptors(&d) || datadir_lock(&d, &err) ||
	    load_catalog(&d, &err) || open_hall(&d, o.start, &err))
		goto out;

	d.guard = guard_new();
	d.code_guard = code_guard_new(d.config.appt_wrong_codes);
	d.limits = limits_new(&d.config);
	d.base = event_base_new();
	if (d.base == NULL || event_base_priority_init(d.base, 3) < 0) {
		qerr_set(&err, PROTO_E_IO, "cannot start the event loop");
		goto out;
	}
	hall_set_sink(d.hall, &(struct hall_sink){server_emit, &d});
	if (server_listen(&d, &err))
		goto out;
	if (d.config.http_listen[0] &&
	    (d.http = http_open(&d, d.config.http_listen, &err)) == NULL)
		goto out;
	d.sigterm_ev = evsignal_new(d.base, SIGTERM, on_signal, &d);
	d.sigint_ev = evsignal_new(d.base, SIGINT, on_signal, &d);
	/* Before anything a busy client could keep coming back with. */
	event_priority_set(d.sigterm_ev, 0);
	event_priority_set(d.sigint_ev, 0);
	event_add(d.sigterm_ev, NULL);
	event_add(d.sigint_ev, NULL);
	file_ev = event_new(d.base, -1, EV_PERSIST, on_file_check, &d);
	event_add(file_ev, &(struct timeval){2, 0});
	if (alert_timer_start(&d)) {
		qerr_set(&err, PROTO_E_IO, "cannot start the alerts' timer");
		goto out;
	}

	log_info("qhalld", "ready on %s%s%s (pid %ld)", d.socket_path,
	         d.config.listen[0] ? " and " : "", d.config.listen,
	         (long)getpid());
	/* Under systemd (Type=notify): the units that need the hall start
	 * only now that it answers. Nothing happens without NOTIFY_SOCKET. */
	sd_notify(0, "READY=1");
	event_base_dispatch(d.base);
	sd_notify(0, "STOPPING=1");
	log_info("qhalld",
	         "%llu requests in %llu commits; at most %d of one client in "
	         "a turn; %llu clients dropped over max_output_total_mib",
	         (unsigned long long)d.requests, (unsigned long long)d.batches,
	         d.turn_most, (unsigned long long)d.out_shed);
	rc = store_file_check(d.store, &err) ? 1 : 0;
out:
	if (rc)
		fprintf(stderr, "qhalld: %s\n", err.message);
	if (d.base)
		server_stop(&d);
	http_close(d.http);
	if (d.sigterm_ev)
		event_free(d.sigterm_ev);
	if (d.sigint_ev)
		event_free(d.sigint_ev);
	if (file_ev)
		event_free(file_ev);
	alert_timer_stop(&d);
	hall_free(d.hall);
	store_close(d.store);
	free(d.catalog_text);
	free(d.page_text);
	catalog_free(d.catalog);
	guard_free(d.guard);
	code_guard_free(d.code_guard);
	limits_free(d.limits);
	if (d.base)
		event_base_free(d.base);
	datadir_unlock(&d);
	return rc;
}
