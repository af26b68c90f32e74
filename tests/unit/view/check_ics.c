/* iCalendar (view/ics.c): what libical writes for the meetings. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

static naering_item meeting(sqlite3_int64 id, const char *title,
                            apr_int64_t starts, const char *status, int seq)
{
    naering_item it;

    memset(&it, 0, sizeof(it));
    it.id = id;
    it.path = apr_psprintf(tp, "/moter/m%d", (int)id);
    it.title = title;
    it.summary = "";
    it.kind = "meeting";
    it.starts = starts;
    it.ends = starts + 5400;
    it.place = "Rådhuset";
    it.event_status = status;
    it.sequence = seq;
    it.updated = 1768478400;
    it.author_name = "";
    it.body = "";
    return it;
}

START_TEST(calendar_with_zone_and_events)
{
    apr_array_header_t *items = apr_array_make(tp, 2, sizeof(naering_item));
    const char *out;
    apr_size_t len;

    naering_ics_init();
    *(naering_item *)apr_array_push(items) =
        meeting(7, "Rådsmøte, mars", 1774747800, "planned", 1);
    *(naering_item *)apr_array_push(items) =
        meeting(8, "Avlyst møte", 1792888200, "cancelled", 3);
    ck_assert_ptr_null(naering_ics_build(tp, "Møter", "example.org",
                                         "https://example.org/", items, &out,
                                         &len));
    ck_assert_uint_eq(strlen(out), len);
    ck_assert_ptr_nonnull(strstr(out, "BEGIN:VCALENDAR"));
    ck_assert_ptr_nonnull(strstr(out, "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo"));
    ck_assert_ptr_nonnull(strstr(out, "UID:meeting-7@example.org"));
    /* 01:30 UTC on 29 March 2026 is 03:30 summer time. */
    ck_assert_ptr_nonnull(strstr(out,
                                 "DTSTART;TZID=Europe/Oslo:20260329T033000"));
    /* 00:30 UTC on 25 October 2026 is the first 02:30. */
    ck_assert_ptr_nonnull(strstr(out,
                                 "DTSTART;TZID=Europe/Oslo:20261025T023000"));
    ck_assert_ptr_nonnull(strstr(out, "STATUS:CANCELLED"));
    ck_assert_ptr_nonnull(strstr(out, "SEQUENCE:2"));
    /* A comma in text is escaped by libical, not by us. */
    ck_assert_ptr_nonnull(strstr(out, "SUMMARY:Rådsmøte\\, mars"));
    ck_assert_ptr_nonnull(strstr(out, "URL:https://example.org/moter/m7"));
}
END_TEST

/* 01:30 UTC on 25 October 2026 is the second 02:30 (CET); written with
 * TZID it would read as the first (00:30 UTC), so it is written in UTC.
 * A meeting at the first 02:30 with no end ends at the second. */
START_TEST(second_half_hour_of_october_in_utc)
{
    apr_array_header_t *items = apr_array_make(tp, 2, sizeof(naering_item));
    naering_item first = meeting(9, "Natt", 1792888200, "planned", 1);
    const char *out;
    apr_size_t len;

    naering_ics_init();
    first.ends = 0;
    *(naering_item *)apr_array_push(items) = first;
    *(naering_item *)apr_array_push(items) =
        meeting(10, "Andre", 1792891800, "planned", 1);
    ck_assert_ptr_null(naering_ics_build(tp, "Møter\nUID:x", "example.org",
                                         "https://example.org/", items, &out,
                                         &len));
    ck_assert_ptr_nonnull(strstr(out,
                                 "DTSTART;TZID=Europe/Oslo:20261025T023000"));
    ck_assert_ptr_nonnull(strstr(out, "DTEND:20261025T013000Z"));
    ck_assert_ptr_nonnull(strstr(out, "DTSTART:20261025T013000Z"));
    ck_assert_ptr_null(strstr(out, "DTEND;TZID=Europe/Oslo:20261025T023000"));
    /* The calendar's name cannot start a property of its own. */
    ck_assert_ptr_nonnull(strstr(out, "X-WR-CALNAME:Møter\\nUID:x\r\n"));
    ck_assert_ptr_null(strstr(out, "\r\nUID:x"));
}
END_TEST

Suite *naering_ics_suite(void)
{
    Suite *s = suite_create("ics");
    TCase *tc = tcase_create("ics");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, calendar_with_zone_and_events);
    tcase_add_test(tc, second_half_hour_of_october_in_utc);
    suite_add_tcase(s, tc);
    return s;
}
