/* Query strings: one parameter by name, decoded. */
#include <string.h>
#include "tests.h"

static const char *get(const char *args, const char *name)
{
    return naering_query_get(tp, args, name);
}

START_TEST(plain_value)
{
    ck_assert_str_eq(get("q=samferdsel", "q"), "samferdsel");
    ck_assert_str_eq(get("side=2&q=helse", "q"), "helse");
    ck_assert_str_eq(get("q=helse&side=2", "side"), "2");
}
END_TEST

START_TEST(plus_is_space)
{
    ck_assert_str_eq(get("q=helse+og+omsorg", "q"), "helse og omsorg");
}
END_TEST

START_TEST(percent_decoding)
{
    ck_assert_str_eq(get("q=a%20b%2Bc%26d%3de", "q"), "a b+c&d=e");
    ck_assert_str_eq(get("q=n%C3%A6ring", "q"), "n\xc3\xa6ring");
    ck_assert_str_eq(get("q=%c3%a6%c3%b8%c3%a5", "q"), "æøå");
    ck_assert_str_eq(get("q=%41", "q"), "A");
}
END_TEST

START_TEST(name_matches_whole)
{
    ck_assert_ptr_null(get("qq=1", "q"));
    ck_assert_str_eq(get("qq=1&q=2", "q"), "2");
    ck_assert_ptr_null(get("q=1", "qq"));
    ck_assert_ptr_null(get("xformat=xml", "format"));
    ck_assert_ptr_null(get("formatx=xml", "format"));
    ck_assert_str_eq(get("xformat=html&format=xml", "format"), "xml");
}
END_TEST

START_TEST(bare_name_is_empty)
{
    ck_assert_str_eq(get("q", "q"), "");
    ck_assert_str_eq(get("a=1&q&b=2", "q"), "");
}
END_TEST

START_TEST(empty_value_is_empty)
{
    ck_assert_str_eq(get("q=", "q"), "");
    ck_assert_str_eq(get("q=&b=2", "q"), "");
}
END_TEST

START_TEST(missing_is_null)
{
    ck_assert_ptr_null(get("a=1&b=2", "q"));
    ck_assert_ptr_null(get("", "q"));
    ck_assert_ptr_null(get("&&", "q"));
    ck_assert_ptr_null(get("a=q", "q"));
}
END_TEST

START_TEST(null_args_is_null)
{
    ck_assert_ptr_null(get(NULL, "q"));
}
END_TEST

START_TEST(first_occurrence_wins)
{
    ck_assert_str_eq(get("q=first&q=second", "q"), "first");
    ck_assert_str_eq(get("q&q=second", "q"), "");
}
END_TEST

START_TEST(malformed_escape_is_null)
{
    const char *bad[] = { "q=%", "q=%4", "q=%zz", "q=a%", "q=a%4", "q=%4g",
                          "q=%g4", "q=%%41" };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(get(bad[i], "q") == NULL, "%s should be NULL", bad[i]);
    /* the escape ends at the '&': "%4" followed by the next parameter */
    ck_assert_ptr_null(get("q=%4&b=1", "q"));
}
END_TEST

START_TEST(encoded_nul_is_null)
{
    ck_assert_ptr_null(get("q=%00", "q"));
    ck_assert_ptr_null(get("q=a%00b", "q"));
}
END_TEST

START_TEST(long_value)
{
    size_t n = 100 * 1024;
    char *args = apr_palloc(tp, n + 3);
    const char *v;

    memcpy(args, "q=", 2);
    memset(args + 2, 'x', n);
    args[n + 2] = '\0';
    v = get(args, "q");
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(strlen(v), n);
    ck_assert_int_eq(v[0], 'x');
    ck_assert_int_eq(v[n - 1], 'x');
}
END_TEST

Suite *naering_query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("query");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, plain_value);
    tcase_add_test(tc, plus_is_space);
    tcase_add_test(tc, percent_decoding);
    tcase_add_test(tc, name_matches_whole);
    tcase_add_test(tc, bare_name_is_empty);
    tcase_add_test(tc, empty_value_is_empty);
    tcase_add_test(tc, missing_is_null);
    tcase_add_test(tc, null_args_is_null);
    tcase_add_test(tc, first_occurrence_wins);
    tcase_add_test(tc, malformed_escape_is_null);
    tcase_add_test(tc, encoded_nul_is_null);
    tcase_add_test(tc, long_value);
    suite_add_tcase(s, tc);
    return s;
}
