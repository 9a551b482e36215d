/*
 * The hall's configuration: an INI file (DATA/qhall.conf by default), read
 * with inih. Every key has a default, so a hall runs with no file at all.
 */
#ifndef QHALL_CONFIG_H
#define QHALL_CONFIG_H

#include <stddef.h>

#include "log.h"
#include "qerr.h"

#define CONFIG_PATH_MAX 1024

/* The 差评 reasons a hall offers unless its [ratings] reasons say others. */
#define CONFIG_RATING_REASONS                                                  \
	"服务态度,办事效率,一次性告知不清,材料要求不合理,等候时间长,其他"

struct config {
	/* [hall] */
	char timezone[64];             /* business day; Asia/Shanghai */
	char catalog[CONFIG_PATH_MAX]; /* "" = DATA/catalog.json, else demo */
	int rejoin_places;             /* a late citizen rejoins N back */
	int route_place_taken; /* route_place: 0 front, 1 by time taken */
	int pin_min_length;    /* digits a new PIN has at least */
	char workdays[1024];   /* weekend days worked (调休), comma list */
	int id_keep_days;      /* hashed ID numbers of takes kept so long */
	/* [daemon] */
	char listen[256];   /* "tcp:HOST:PORT" or "" */
	char store[512];    /* "" = DATA/qhall.db, or "postgresql://..." */
	int max_clients;    /* connections beyond are refused */
	int max_output_kib; /* unread replies+events per client */
	int max_batch;      /* requests that share one commit */
	int turn_requests;  /* requests of one client in a turn, at most */
	int turn_reply_kib; /* its replies in a turn, after which it waits */
	int read_pause_kib; /* unread output above which it is not read */
	int max_output_total_mib; /* unread output of all clients */
	enum log_level log_level;
	/* [limits]: requests a device's token may make; 0 = no limit */
	int kiosk_takes_per_minute;  /* take */
	int window_calls_per_minute; /* call, recall, skip */
	/* [ratings] 好差评 */
	char rating_reasons[1024]; /* the 差评 reasons, comma-separated */
	int rating_days;           /* 补评 within N days of the service */
	int rating_evaluator_s;    /* the evaluator asks this long */
	char holidays[2048];       /* days off besides weekends, comma list */
	int review_reply_days;     /* working days to a 差评's first reply */
	int review_fix_days;       /* working days to its fix */
	int phone_keep_days;       /* a closed 差评's callback number kept */
	/* [http]: the web face (daemon/http-*.c); off while listen is "" */
	char http_listen[256];     /* "HOST:PORT" */
	char http_public_url[200]; /* the QR's base; "" = http://LISTEN */
	int http_display_public;   /* /display without a display token */
	int http_secure_cookie;    /* behind TLS: the session cookie's Secure */
	/* [appointments] 预约 */
	int appt_early_min;   /* check in from N minutes before the slot */
	int appt_late_min;    /* later than N past its start: a walk-in */
	int appt_wrong_codes; /* wrong codes a device may try a minute */
	/* [reports] */
	int report_wait_min;  /* 超时等候: a wait longer than this */
	int report_open_min;  /* opening hours, minutes after midnight */
	int report_close_min; /* closing, the same; after open_min */
	/* [alerts]: thresholds, 0 = that alert is off */
	int alert_wait_min;     /* a queue's longest wait, minutes */
	int alert_queue_length; /* a queue's waiting citizens */
	int alert_service_min;  /* a ticket at a window since its call */
	int alert_idle_min;     /* a window idle while its queues wait */
	int alert_pause_min;    /* a window paused */
	int alert_check_s;      /* how often the daemon looks */
};

void config_defaults(struct config *);
int config_load(struct config *, const char *path, struct qerr *);
int config_apply_timezone(const struct config *);
/* 0 when zone names a compiled zone of the zone database. */
int config_timezone_valid(const char *zone);

/*
 * INI files of ours (qhall.conf, kiosk.conf) are read against a table of
 * the keys they may hold: a key's section and name, its type, and the
 * field of the struct parsed into that takes its value. A key or section
 * not in the table, or a bad value, stops the file with "PATH line N: ...".
 */
enum config_type {
	CONFIG_STR,  /* char[size], the value as it is */
	CONFIG_INT,  /* int, a whole number from min to max */
	CONFIG_BOOL, /* int: yes/no, true/false, on/off, 1/0 */
	CONFIG_FUNC, /* parse() checks the value and stores it */
};

/* One key a file may hold; a table of these ends with name NULL. */
struct config_key {
	const char *section;
	const char *name;
	enum config_type type;
	size_t offset, size; /* the field, in the struct parsed into */
	int min, max;        /* CONFIG_INT */
	int (*parse)(void *into, const char *value, struct qerr *);
};

/* Table rows; type is the struct that the file is parsed into. */
#define CONFIG_FIELD(type, field)                                              \
	offsetof(type, field), sizeof(((type *)0)->field)
#define CONFIG_KEY_STR(type, section, name, field)                             \
	{                                                                      \
		section, name, CONFIG_STR, CONFIG_FIELD(type, field), 0, 0,    \
		    NULL                                                       \
	}
#define CONFIG_KEY_INT(type, section, name, field, min, max)                   \
	{                                                                      \
		section, name, CONFIG_INT, CONFIG_FIELD(type, field), min,     \
		    max, NULL                                                  \
	}
#define CONFIG_KEY_BOOL(type, section, name, field)                            \
	{                                                                      \
		section, name, CONFIG_BOOL, CONFIG_FIELD(type, field), 0, 0,   \
		    NULL                                                       \
	}
#define CONFIG_KEY_FUNC(section, name, parse)                                  \
	{                                                                      \
		section, name, CONFIG_FUNC, 0, 0, 0, 0, parse                  \
	}
#define CONFIG_KEY_END                                                         \
	{                                                                      \
		NULL, NULL, CONFIG_STR, 0, 0, 0, 0, NULL                       \
	}

int config_parse_keys(const char *path, const struct config_key *keys,
                      void *into, struct qerr *);

/* One value, for a CONFIG_FUNC parser; name is for the message. */
int config_parse_int(const char *name, const char *value, int lo, int hi,
                     int *out, struct qerr *);
int config_parse_str(const char *name, const char *value, char *out,
                     size_t size, struct qerr *);
int config_parse_bool(const char *name, const char *value, int *out,
                      struct qerr *);

#endif
