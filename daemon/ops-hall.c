/* Ops about the whole hall: status, catalog, events, notice, day, trace. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "ops.h"

static const struct proto_field no_fields[] = {{NULL, 0, 0, 0, 0}};

static int status_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	if (hall_status(ctx->d->hall, ctx->day, ctx->now, out, err))
		return -1;
	/* The daemon's clock: screens time a service against it, not theirs. */
	json_object_set_new(*out, "now", json_integer(ctx->now));
	/* Who was refused over a rate limit: an admin's alert. */
	if (ctx->conn->role == ROLE_ADMIN)
		json_object_set_new(*out, "rate_limited",
		                    limits_status(ctx->d->limits));
	/* Tickets at the windows are other kiosks' takes too. */
	if (!(ctx->conn->role & ROLE_ADMIN)) {
		size_t i;
		json_t *w;
		json_array_foreach(json_object_get(*out, "windows"), i, w)
		    json_object_del(json_object_get(w, "ticket"), "key");
	}
	return 0;
}

const struct op op_status = {"status", ROLE_ANY, 0, no_fields, status_exec, 0};

static int catalog_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	(void)err;
	if (ctx->d->catalog_text) {
		ctx->text_ref = ctx->d->catalog_text;
		ctx->text_len = ctx->d->catalog_len;
		return 0;
	}
	*out = json_deep_copy(ctx->d->catalog->root);
	return 0;
}

const struct op op_catalog = {"catalog", ROLE_ANY,     0,
                              no_fields, catalog_exec, 0};

/* From the next committed change on, every event comes to this client. */
static int subscribe_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	(void)err;
	ctx->conn->subscribed = 1;
	*out = json_pack("{s:b, s:I}", "subscribed", 1, "seq",
	                 (json_int_t)store_trace_last_seq(ctx->d->store));
	return 0;
}

const struct op op_subscribe = {"subscribe", ROLE_ANY,       0,
                                no_fields,   subscribe_exec, 0};

static int day_close_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	int expired;

	if (hall_day_close(ctx->d->hall, ctx->day, ctx->now, &expired, err))
		return -1;
	*out = json_pack("{s:s, s:i}", "day", ctx->day, "expired", expired);
	return 0;
}

const struct op op_day_close = {"day_close", ROLE_ADMIN,     0,
                                no_fields,   day_close_exec, 0};

static const struct proto_field notice_fields[] = {
    {"text", PROTO_STRING, 1, 0, STORE_NOTICE_MAX * 4},
    {NULL, 0, 0, 0, 0},
};

static int notice_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	if (hall_notice_set(ctx->d->hall, op_str(ctx, "text"), ctx->now, err))
		return -1;
	*out = json_pack("{s:s}", "text", op_str(ctx, "text"));
	return 0;
}

const struct op op_notice = {"notice",      ROLE_ADMIN,  0,
                             notice_fields, notice_exec, 0};

/*
 * The file's structure, then the trace's hash chain, end to end, then the
 * chain against its anchor outside the file: a deleted tail or a rewrite
 * with every hash recomputed chains well but does not reach the anchor.
 */
static int verify_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	char check[256], problem[600] = "";
	int64_t events, bad, anchored;

	if (store_check(ctx->d->store, check, sizeof check, err) ||
	    store_trace_verify(ctx->d->store, &events, &bad, err) ||
	    store_anchor_verify(ctx->d->store, events, &anchored, problem,
	                        sizeof problem, err))
		return -1;
	if (strcmp(check, "ok") != 0)
		snprintf(problem, sizeof problem, "the file is damaged: %s",
		         check);
	else if (bad != 0)
		snprintf(problem, sizeof problem,
		         "event %lld does not chain onto the one before: it or "
		         "one before it was changed or deleted",
		         (long long)bad);
	*out =
	    json_pack("{s:b, s:s, s:I, s:I, s:I, s:s}", "ok", !problem[0],
	              "check", check, "events", (json_int_t)events, "first_bad",
	              (json_int_t)bad, "anchored", (json_int_t)anchored, "hall",
	              store_hall_id(ctx->d->store));
	if (problem[0])
		json_object_set_new(*out, "problem", json_string(problem));
	return 0;
}

const struct op op_verify = {"verify",  ROLE_ADMIN,  0,
                             no_fields, verify_exec, 0};

/*
 * An online backup into DATA/backups/NAME: a name, never a path, so an
 * admin's request cannot write anywhere else on the server (and the
 * packaged unit lets the daemon write nowhere else). An existing file is
 * not overwritten.
 */
static const struct proto_field backup_fields[] = {
    {"file", PROTO_STRING, 1, 1, 200},
    {NULL, 0, 0, 0, 0},
};

static int backup_name_ok(const char *name)
{
	if (name[0] == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_' ||
		      *p == '.'))
			return 0;
	return 1;
}

static int backup_exec(struct op_ctx *ctx, json_t **out, struct qerr *err)
{
	const char *name = op_str(ctx, "file");
	char dir[1100], path[1400];
	int64_t bytes = 0;

	if (!backup_name_ok(name))
		return qerr_set(
		    err, PROTO_E_BAD_REQUEST,
		    "backup: \"file\" is a name of letters, digits, "
		    "'-', '_' and '.', not a path");
	snprintf(dir, sizeof dir, "%s/backups", ctx->d->data_dir);
	if (mkdir(dir, 0750) < 0 && errno != EEXIST)
		return qerr_set(err, PROTO_E_IO, "cannot make %s: %s", dir,
		                strerror(errno));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, F_OK) == 0)
		return qerr_set(err, PROTO_E_EXISTS, "%s already exists", path);
	if (store_backup(ctx->d->store, path, &bytes, err))
		return -1;
	log_info("qhalld", "backup %s: %lld bytes", path, (long long)bytes);
	*out =
	    json_pack("{s:s, s:I}", "file", path, "bytes", (json_int_t)bytes);
	return 0;
}

const struct op op_backup = {"backup",      ROLE_ADMIN,  0,
                             backup_fields, backup_exec, 0};
