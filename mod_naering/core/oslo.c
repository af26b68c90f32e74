/*
 * Europe/Oslo's clock.  Norway follows the EU rule (since 1996): summer
 * time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October, else UTC+1.  It is computed here rather than
 * with localtime_r and TZ because a process has one TZ, set with a
 * setenv that is not thread-safe, and the module runs in threads of a
 * server that may serve sites of other zones; the rule is two lines and
 * the unit tests pin both nights.  Pure: no libc time zone state.
 */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "core/core.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static apr_int64_t naering_days(int y, int m, int d)
{
    apr_int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void naering_civil(apr_int64_t z, int *y, int *m, int *d)
{
    apr_int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1 Monday .. 7 Sunday; 1970-01-01 was a Thursday. */
static int naering_weekday(apr_int64_t days)
{
    apr_int64_t w = (days + 3) % 7;

    return (int)(w < 0 ? w + 7 : w) + 1;
}

/* The last Sunday of a month, as days since the epoch. */
static apr_int64_t naering_last_sunday(int y, int m)
{
    apr_int64_t last = naering_days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1,
                                    1) - 1;

    return last - (naering_weekday(last) % 7);
}

static int naering_summer(apr_int64_t secs, int year)
{
    apr_int64_t on = naering_last_sunday(year, 3) * 86400 + 3600;
    apr_int64_t off = naering_last_sunday(year, 10) * 86400 + 3600;

    return secs >= on && secs < off;
}

static void naering_utc_fields(apr_int64_t secs, naering_local *out)
{
    apr_int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    apr_int64_t rest = secs - days * 86400;

    naering_civil(days, &out->year, &out->month, &out->day);
    out->hour = (int)(rest / 3600);
    out->minute = (int)(rest % 3600 / 60);
    out->weekday = naering_weekday(days);
}

void naering_oslo(apr_int64_t secs, naering_local *out)
{
    naering_local utc;

    naering_utc_fields(secs, &utc);
    out->offset = naering_summer(secs, utc.year) ? 120 : 60;
    naering_utc_fields(secs + out->offset * 60, out);
    out->offset = naering_summer(secs, utc.year) ? 120 : 60;
}

int naering_oslo_parse(const char *s, apr_int64_t *secs)
{
    int y, mo, d, h, mi, n = 0, offsets[2] = { 120, 60 }, i;
    apr_int64_t wall;
    naering_local back;

    if (!s || strlen(s) != 16
        || sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5
        || n != 16 || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1
        || d > 31 || h > 23 || mi > 59 || h < 0 || mi < 0)
        return 0;
    wall = naering_days(y, mo, d) * 86400 + h * 3600 + mi * 60;
    naering_utc_fields(wall, &back);
    if (back.day != d)              /* 31 February */
        return 0;
    for (i = 0; i < 2; i++) {
        *secs = wall - offsets[i] * 60;
        naering_oslo(*secs, &back);
        if (back.offset == offsets[i])
            return 1;
    }
    *secs = wall - 3600;            /* the March gap: winter time */
    return NAERING_OSLO_GAP;
}

const char *naering_oslo_input(apr_pool_t *p, apr_int64_t secs)
{
    naering_local l;

    naering_oslo(secs, &l);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d", l.year, l.month,
                        l.day, l.hour, l.minute);
}

const char *naering_oslo_iso(apr_pool_t *p, apr_int64_t secs)
{
    naering_local l;

    naering_oslo(secs, &l);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:00+%02d:00", l.year,
                        l.month, l.day, l.hour, l.minute, l.offset / 60);
}
