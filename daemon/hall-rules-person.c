/*
 * The per-person limit (每人每日取号限制), on plain data: an ID number is
 * checked as GB 11643-1999 defines the citizen identity number (17 digits
 * and a check character, ISO 7064 MOD 11-2), and a count of today's takes
 * against the queue's limit says whether one more may be taken. The number
 * itself goes no further than the hash (person-id.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "hall.h"
#include "proto.h"

/* The check character of the first 17 digits. */
static char person_check_char(const char *id)
{
	static const int weight[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
	                               3, 7, 9,  10, 5, 8, 4, 2};
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

int hall_rule_id_number(const char *in, char out[HALL_ID_NUMBER_LEN + 1],
                        struct qerr *err)
{
	size_t n = 0;
	int y, m, d;

	/* Spaces a keypad or a reader may put in are not part of it. */
	for (const char *p = in; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == HALL_ID_NUMBER_LEN)
			goto bad;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
	if (n != HALL_ID_NUMBER_LEN)
		goto bad;
	for (int i = 0; i < 17; i++)
		if (!isdigit((unsigned char)out[i]))
			goto bad;
	if (!isdigit((unsigned char)out[17]) && out[17] != 'X')
		goto bad;
	/* Digits 7-14 are the birth date. */
	if (sscanf(out + 6, "%4d%2d%2d", &y, &m, &d) != 3 || y < 1900 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		goto bad;
	if (person_check_char(out) != out[17])
		goto bad;
	return 0;
bad:
	/* Never the number itself in a message: messages reach logs. */
	memset(out, 0, HALL_ID_NUMBER_LEN + 1);
	return qerr_set(err, PROTO_E_BAD_ID,
	                "that is not a valid ID number: 18 characters, the "
	                "last a check digit (0-9 or X); please check it");
}

int hall_rule_person_limit(const char *queue, int limit, int taken,
                           struct qerr *err)
{
	if (limit <= 0 || taken < limit)
		return 0;
	return qerr_set(err, PROTO_E_PERSON_LIMIT,
	                "this ID number has already taken %d number%s for "
	                "queue %s today, the most one person may",
	                taken, taken == 1 ? "" : "s", queue);
}
