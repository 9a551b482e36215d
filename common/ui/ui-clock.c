/* The hall's clock without TZ (see ui-clock.h). */
#include "ui-clock.h"

#include <glib.h>
#include <string.h>

static GMutex clock_lock;
static GTimeZone *clock_zone; /* NULL: the local zone */

int ui_clock_set_zone(const char *zone)
{
	GTimeZone *z;

	/* GLib answers UTC for a name it cannot find: tell the two apart. */
	if (zone == NULL || zone[0] == '\0')
		return -1;
	z = g_time_zone_new_identifier(zone);
	if (z == NULL)
		return -1;
	g_mutex_lock(&clock_lock);
	if (clock_zone)
		g_time_zone_unref(clock_zone);
	clock_zone = z;
	g_mutex_unlock(&clock_lock);
	return 0;
}

void ui_clock_tm(int64_t t, struct tm *out)
{
	GDateTime *dt;
	GTimeZone *z;

	g_mutex_lock(&clock_lock);
	z = clock_zone ? g_time_zone_ref(clock_zone) : NULL;
	g_mutex_unlock(&clock_lock);
	if (z == NULL) {
		time_t tt = (time_t)t;
		localtime_r(&tt, out);
		return;
	}
	dt = g_date_time_new_from_unix_utc(t);
	{
		GDateTime *local = g_date_time_to_timezone(dt, z);
		memset(out, 0, sizeof *out);
		out->tm_year = g_date_time_get_year(local) - 1900;
		out->tm_mon = g_date_time_get_month(local) - 1;
		out->tm_mday = g_date_time_get_day_of_month(local);
		out->tm_hour = g_date_time_get_hour(local);
		out->tm_min = g_date_time_get_minute(local);
		out->tm_sec = g_date_time_get_second(local);
		out->tm_wday = g_date_time_get_day_of_week(local) % 7;
		out->tm_yday = g_date_time_get_day_of_year(local) - 1;
		out->tm_isdst = g_date_time_is_daylight_savings(local);
		out->tm_gmtoff =
		    g_date_time_get_utc_offset(local) / G_USEC_PER_SEC;
		g_date_time_unref(local);
	}
	g_date_time_unref(dt);
	g_time_zone_unref(z);
}

void ui_clock_reset(void)
{
	g_mutex_lock(&clock_lock);
	if (clock_zone)
		g_time_zone_unref(clock_zone);
	clock_zone = NULL;
	g_mutex_unlock(&clock_lock);
}
