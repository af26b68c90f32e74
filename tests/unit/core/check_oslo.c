/* Europe/Oslo's clock (core/oslo.c), pinned on the nights it changes. */
#include "tests.h"

static apr_int64_t parse(const char *s)
{
    apr_int64_t t = -1;

    ck_assert_msg(naering_oslo_parse(s, &t), "%s did not parse", s);
    return t;
}

START_TEST(winter_and_summer)
{
    /* 2026-02-03 09:00 CET = 08:00 UTC; 2026-06-01 12:00 CEST = 10:00. */
    ck_assert_int_eq(parse("2026-02-03T09:00"), 1770105600);
    ck_assert_int_eq(parse("2026-06-01T12:00"), 1780308000);
    ck_assert_str_eq(naering_oslo_iso(tp, 1770105600),
                     "2026-02-03T09:00:00+01:00");
    ck_assert_str_eq(naering_oslo_input(tp, 1780308000), "2026-06-01T12:00");
}
END_TEST

START_TEST(march_night)
{
    naering_local l;

    /* On 29 March 2026 the clock jumps at 01:00 UTC from 02:00 CET to
     * 03:00 CEST. */
    naering_oslo(1774745999, &l);           /* 00:59:59 UTC */
    ck_assert_int_eq(l.offset, 60);
    ck_assert_int_eq(l.hour, 1);
    naering_oslo(1774746000, &l);           /* 01:00:00 UTC */
    ck_assert_int_eq(l.offset, 120);
    ck_assert_int_eq(l.hour, 3);
    ck_assert_int_eq(l.weekday, 7);
    /* 02:30 does not exist: read with the offset before the gap
     * (RFC 5545 3.3.5), 01:30 UTC, which the site shows as 03:30. */
    ck_assert_int_eq(parse("2026-03-29T02:30"), 1774747800);
    {
        apr_int64_t t = 0;  /* ...and says so, for a form to refuse it */
        ck_assert_int_eq(naering_oslo_parse("2026-03-29T02:30", &t),
                         NAERING_OSLO_GAP);
        ck_assert_int_eq(naering_oslo_parse("2026-03-29T03:30", &t), 1);
    }
    ck_assert_str_eq(naering_oslo_input(tp, 1774747800), "2026-03-29T03:30");
}
END_TEST

START_TEST(october_night)
{
    naering_local l;

    /* The clock goes back at 01:00 UTC on 25 October 2026, from 03:00
     * CEST to 02:00 CET: 02:30 comes twice; the first is meant. */
    ck_assert_int_eq(parse("2026-10-25T02:30"), 1792888200); /* 00:30Z */
    naering_oslo(1792888200, &l);
    ck_assert_int_eq(l.offset, 120);
    naering_oslo(1792888200 + 3600, &l);    /* the second 02:30 */
    ck_assert_int_eq(l.offset, 60);
    ck_assert_int_eq(l.hour, 2);
    ck_assert_int_eq(l.minute, 30);
    ck_assert_int_eq(parse("2026-10-25T03:30"), 1792895400); /* 02:30Z */
}
END_TEST

START_TEST(not_a_time)
{
    apr_int64_t t;
    static const char *const bad[] = {
        "", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00",
        "2026-01-01 10:00", "2026-01-01T10:00:00", "26-01-01T10:00",
        "2026-01-01T1O:00", "1969-12-31T23:00", NULL
    };
    int i;

    for (i = 0; bad[i]; i++)
        ck_assert_msg(!naering_oslo_parse(bad[i], &t), "%s parsed", bad[i]);
    ck_assert(!naering_oslo_parse(NULL, &t));
}
END_TEST

START_TEST(weekdays_and_leap_years)
{
    naering_local l;

    naering_oslo(parse("2028-02-29T12:00"), &l);
    ck_assert_int_eq(l.day, 29);
    ck_assert_int_eq(l.weekday, 2);         /* a Tuesday */
    naering_oslo(0, &l);
    ck_assert_int_eq(l.year, 1970);
    ck_assert_int_eq(l.weekday, 4);         /* a Thursday */
    ck_assert_int_eq(l.hour, 1);
}
END_TEST

Suite *naering_oslo_suite(void)
{
    Suite *s = suite_create("oslo");
    TCase *tc = tcase_create("oslo");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, winter_and_summer);
    tcase_add_test(tc, march_night);
    tcase_add_test(tc, october_night);
    tcase_add_test(tc, not_a_time);
    tcase_add_test(tc, weekdays_and_leap_years);
    suite_add_tcase(s, tc);
    return s;
}
