/*
 * qhall export --from DAY --to DAY -o FILE: the hall's trace of those
 * days with its chain, for the city's roll-up (qhall report --halls).
 *
 * The file is text, one line each:
 *   {"qhall_export": 1, "hall", "hall_name", "from", "to", "first",
 *    "upto", "prev_hash", "timezone", "open_s", "close_s",
 *    "wait_threshold_s", "from_at", "to_at", "now"}
 *   HASH BODY          (every event from seq first to upto, in order)
 *   {"end": true, "events": N, "head": HASH}
 * HASH is the event's chain hash in hex, BODY its text exactly as the
 * trace holds it: BLAKE2b-256(previous hash || BODY) = HASH, starting
 * from prev_hash, so the reader checks the chain with nothing but the
 * file (docs/REPORTS.md, "City roll-up"). The export checks the chain as
 * it writes, and writes FILE whole or not at all (a temporary, renamed).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

struct export_args {
	const char *from, *to, *out;
};

static int export_usage(void)
{
	fprintf(stderr, "usage: qhall export --from DAY --to DAY -o FILE\n");
	return 2;
}

static int export_args_parse(int argc, char **argv, struct export_args *a)
{
	static const struct option o[] = {
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	struct report_period p;
	int ch;

	memset(a, 0, sizeof *a);
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", o, NULL)) != -1) {
		if (ch == 'F')
			a->from = optarg;
		else if (ch == 'T')
			a->to = optarg;
		else if (ch == 'o')
			a->out = optarg;
		else
			return export_usage();
	}
	if (optind != argc || !a->from || !a->to || !a->out)
		return export_usage();
	if (report_period_range(a->from, a->to, &p)) {
		cli_fail("--from %s --to %s is not a range of days", a->from,
		         a->to);
		return 2;
	}
	return 0;
}

/* One page's events, checked against the chain, onto f. */
static int export_page(json_t *events, FILE *f, unsigned char *prev,
                       int64_t *expect, int64_t *n)
{
	size_t i;
	json_t *ev;

	json_array_foreach(events, i, ev)
	{
		int64_t seq = json_integer_value(json_array_get(ev, 0));
		const char *hex = json_string_value(json_array_get(ev, 1));
		json_t *body = json_array_get(ev, 2);
		unsigned char want[32], got[32];
		crypto_generichash_state st;
		size_t bin;

		crypto_generichash_init(&st, NULL, 0, sizeof got);
		crypto_generichash_update(&st, prev, 32);
		crypto_generichash_update(
		    &st, (const unsigned char *)json_string_value(body),
		    json_string_length(body));
		crypto_generichash_final(&st, got, sizeof got);
		if (seq != *expect || hex == NULL ||
		    sodium_hex2bin(want, sizeof want, hex, strlen(hex), NULL,
		                   &bin, NULL) ||
		    bin != sizeof want || memcmp(want, got, sizeof got) ||
		    memchr(json_string_value(body), '\n',
		           json_string_length(body)))
			return cli_fail("the hall's trace does not chain at "
			                "event %lld (qhall verify says more)",
			                (long long)*expect);
		fprintf(f, "%s ", hex);
		fwrite(json_string_value(body), 1, json_string_length(body), f);
		fputc('\n', f);
		memcpy(prev, got, sizeof got);
		(*expect)++;
		(*n)++;
	}
	return 0;
}

static int export_write(struct cli *cli, const struct export_args *a, FILE *f)
{
	struct qerr err = {0};
	json_int_t after = -1, upto = 0;
	unsigned char prev[32];
	int64_t expect = 0, n = 0;
	char hex[65];
	size_t bin;

	for (;;) {
		json_t *params = json_pack("{s:s, s:s}", "from", a->from, "to",
		                           a->to),
		       *res;
		int rc;

		if (after >= 0) {
			json_object_set_new(params, "after",
			                    json_integer(after));
			json_object_set_new(params, "upto", json_integer(upto));
		}
		if (client_call(cli->client, "trace_export", params, &res,
		                &err))
			return cli_fail("%s: %s", err.code, err.message);
		if (after < 0) {
			const char *ph = json_string_value(
			    json_object_get(res, "prev_hash"));
			json_t *head = json_deep_copy(res);

			if (ph == NULL ||
			    sodium_hex2bin(prev, sizeof prev, ph, strlen(ph),
			                   NULL, &bin, NULL) ||
			    bin != sizeof prev) {
				json_decref(head);
				json_decref(res);
				return cli_fail(
				    "the daemon sent no chain hash");
			}
			upto = json_integer_value(json_object_get(res, "upto"));
			expect =
			    json_integer_value(json_object_get(res, "first"));
			json_object_del(head, "events");
			json_object_del(head, "last");
			json_object_del(head, "more");
			json_object_set_new(head, "qhall_export",
			                    json_integer(1));
			json_object_set_new(head, "from", json_string(a->from));
			json_object_set_new(head, "to", json_string(a->to));
			json_dumpf(head, f, JSON_COMPACT | JSON_SORT_KEYS);
			fputc('\n', f);
			json_decref(head);
		}
		rc = export_page(json_object_get(res, "events"), f, prev,
		                 &expect, &n);
		after = json_integer_value(json_object_get(res, "last"));
		if (rc || !json_is_true(json_object_get(res, "more"))) {
			json_decref(res);
			if (rc)
				return rc;
			break;
		}
		json_decref(res);
	}
	sodium_bin2hex(hex, sizeof hex, prev, sizeof prev);
	fprintf(f, "{\"end\":true,\"events\":%lld,\"head\":\"%s\"}\n",
	        (long long)n, hex);
	if (!cli->json)
		printf("%s: %lld events, %s to %s, chain head %s\n", a->out,
		       (long long)n, a->from, a->to, hex);
	else
		printf("{\"file\":\"%s\",\"events\":%lld,\"head\":\"%s\"}\n",
		       a->out, (long long)n, hex);
	return 0;
}

int export_main(struct cli *cli, int argc, char **argv)
{
	struct client_hello hello = {.token = cli->token};
	struct export_args a;
	struct qerr err = {0};
	char tmp[4096];
	FILE *f;
	int rc;

	if ((rc = export_args_parse(argc, argv, &a)))
		return rc;
	cli->client = client_open(&cli->addr, &hello, &err);
	if (cli->client == NULL)
		return cli_fail("%s", err.message);
	snprintf(tmp, sizeof tmp, "%s.part", a.out);
	if ((f = fopen(tmp, "w")) == NULL)
		return cli_fail("cannot write %s", tmp);
	rc = export_write(cli, &a, f);
	if (fclose(f) && rc == 0)
		rc = cli_fail("writing %s failed", tmp);
	if (rc == 0 && rename(tmp, a.out))
		rc = cli_fail("cannot write %s", a.out);
	if (rc)
		unlink(tmp);
	return rc;
}
