/*
 * Meetings as iCalendar (RFC 5545), written with libical rather than by
 * hand: its folding, escaping and Europe/Oslo VTIMEZONE are kept by
 * others.  The module only writes iCalendar, never parses what a visitor
 * sends, so linking it adds no decoder of untrusted input.
 *
 * One VEVENT per meeting: UID meeting-<page id>@<domain> (stable across
 * edits and moves), DTSTART/DTEND with TZID=Europe/Oslo, SEQUENCE the
 * number of the meeting's revisions less one (every save bumps it),
 * STATUS CANCELLED or CONFIRMED, DTSTAMP its last save.
 */
#include <dlfcn.h>
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <libical/ical.h>
#include "view/view.h"

#define NAERING_ICS_ZONE "Europe/Oslo"

/* libical loads a builtin zone on first use; done once before threads
 * run, it is read-only after.  httpd unloads the module, and with it
 * libical, between its configuration passes and at every restart: the
 * zone table would be orphaned each time (valgrind: "definitely lost").
 * As with libxslt (mod_naering.c), the library is pinned instead, so the
 * table is loaded once for the life of the process. */
void naering_ics_init(void)
{
    Dl_info info;

    if (dladdr((void *)icaltimezone_get_builtin_timezone, &info)
        && info.dli_fname)
        (void)dlopen(info.dli_fname, RTLD_LAZY | RTLD_NODELETE);
    (void)icaltimezone_get_builtin_timezone(NAERING_ICS_ZONE);
}

/* Whether Oslo's clock shows secs as a time it shows twice and that
 * reads back as the other one: the second 02:xx of the October night
 * (RFC 5545 3.3.5 takes a repeated local time as its first). */
static int naering_ics_ambiguous(apr_pool_t *p, apr_int64_t secs)
{
    apr_int64_t back = 0;

    naering_oslo_parse(naering_oslo_input(p, secs), &back);
    return back != secs - secs % 60;
}

static icalproperty *naering_ics_time(apr_pool_t *p,
                                      icalproperty *(*make)(struct
                                                            icaltimetype),
                                      apr_int64_t secs, icaltimezone *tz)
{
    struct icaltimetype t = icaltime_from_timet_with_zone(
        (time_t)secs, 0, icaltimezone_get_utc_timezone());
    icalproperty *prop;

    if (naering_ics_ambiguous(p, secs))
        return make(t);                 /* UTC, "...Z", no TZID */
    t = icaltime_convert_to_zone(t, tz);
    prop = make(t);
    /* The zone's name as the VTIMEZONE has it (naering_ics_zone). */
    icalproperty_remove_parameter_by_kind(prop, ICAL_TZID_PARAMETER);
    icalproperty_add_parameter(prop, icalparameter_new_tzid(NAERING_ICS_ZONE));
    return prop;
}

static icalcomponent *naering_ics_event(apr_pool_t *p, const char *domain,
                                        const char *absolute,
                                        const naering_item *it,
                                        icaltimezone *tz)
{
    icalcomponent *ev = icalcomponent_new_vevent();
    apr_int64_t ends = it->ends ? it->ends : it->starts + 3600;

    icalcomponent_add_property(ev, icalproperty_new_uid(apr_psprintf(p,
        "meeting-%" APR_INT64_T_FMT "@%s", (apr_int64_t)it->id, domain)));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(
        icaltime_from_timet_with_zone((time_t)it->updated, 0,
                                      icaltimezone_get_utc_timezone())));
    icalcomponent_add_property(ev, naering_ics_time(
        p, icalproperty_new_dtstart, it->starts, tz));
    icalcomponent_add_property(ev, naering_ics_time(
        p, icalproperty_new_dtend, ends, tz));
    icalcomponent_add_property(ev, icalproperty_new_sequence(
        it->sequence > 0 ? it->sequence - 1 : 0));
    icalcomponent_add_property(ev, icalproperty_new_summary(it->title));
    if (*it->summary)
        icalcomponent_add_property(ev,
                                   icalproperty_new_description(it->summary));
    if (*it->place)
        icalcomponent_add_property(ev, icalproperty_new_location(it->place));
    icalcomponent_add_property(ev, icalproperty_new_url(
        naering_url_absolute(p, absolute, it->path)));
    icalcomponent_add_property(ev, icalproperty_new_status(
        strcmp(it->event_status, "cancelled") == 0 ? ICAL_STATUS_CANCELLED
                                                   : ICAL_STATUS_CONFIRMED));
    return ev;
}

/* Europe/Oslo's VTIMEZONE as calendars expect it: TZID "Europe/Oslo"
 * (libical's own is prefixed), and only the rules since 2000 (libical
 * copies the zone's history back to 1895, whose wartime rules some
 * parsers refuse; the site has no meetings that old). */
static icalcomponent *naering_ics_zone(icaltimezone *tz)
{
    icalcomponent *vtz = icalcomponent_new_clone(
        icaltimezone_get_component(tz));

    icaltimezone_truncate_vtimezone(vtz, icaltime_from_timet_with_zone(
        946684800, 0, icaltimezone_get_utc_timezone()),
        icaltime_null_time(), 0);
    icalproperty_set_tzid(icalcomponent_get_first_property(
        vtz, ICAL_TZID_PROPERTY), NAERING_ICS_ZONE);
    return vtz;
}

naering_err *naering_ics_build(apr_pool_t *p, const char *name,
                               const char *domain, const char *absolute,
                               const apr_array_header_t *items,
                               const char **out, apr_size_t *len)
{
    icaltimezone *tz = icaltimezone_get_builtin_timezone(NAERING_ICS_ZONE);
    icalcomponent *cal;
    char *text;
    int i;

    if (!tz)
        return naering_err_make(p, 500, "libical has no %s zone",
                                NAERING_ICS_ZONE);
    cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(
        "-//mod_naering//" NAERING_VERSION "//NB"));
    icalcomponent_add_property(cal, icalproperty_new_method(
        ICAL_METHOD_PUBLISH));
    /* libical writes an x-property's value escaping backslash and line
     * breaks (nothing can start a property of its own); it leaves ';'
     * and ',' as they are, which readers of X-WR-CALNAME accept. */
    icalcomponent_add_property(cal, icalproperty_new_x(name));
    icalproperty_set_x_name(icalcomponent_get_first_property(
        cal, ICAL_X_PROPERTY), "X-WR-CALNAME");
    icalcomponent_add_component(cal, naering_ics_zone(tz));
    for (i = 0; i < items->nelts; i++) {
        const naering_item *it = &APR_ARRAY_IDX(items, i, naering_item);
        if (strcmp(it->kind, "meeting") == 0 && it->starts)
            icalcomponent_add_component(cal, naering_ics_event(p, domain,
                                                               absolute, it,
                                                               tz));
    }
    text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!text)
        return naering_err_make(p, 500, "libical wrote no calendar");
    *out = apr_pstrdup(p, text);
    *len = strlen(*out);
    free(text);
    return NULL;
}
