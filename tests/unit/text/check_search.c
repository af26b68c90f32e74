/* The search-query builder: whatever a visitor types becomes quoted prefix
 * terms that FTS5 cannot read as operators. */
#include <string.h>
#include "tests.h"

static const char *q(const char *in)
{
    return naering_search_query(tp, in);
}

START_TEST(words_become_prefix_terms)
{
    ck_assert_str_eq(q("næring"), "\"næring\"*");
    ck_assert_str_eq(q("strategisk næringsplan"),
                     "\"strategisk\"* \"næringsplan\"*");
    ck_assert_str_eq(q("  KMD  2015 "), "\"KMD\"* \"2015\"*");
}
END_TEST

START_TEST(operators_are_text)
{
    ck_assert_str_eq(q("a AND b"), "\"a\"* \"AND\"* \"b\"*");
    ck_assert_str_eq(q("NEAR(a b)"), "\"NEAR\"* \"a\"* \"b\"*");
    ck_assert_str_eq(q("\"næring"), "\"næring\"*");
    ck_assert_str_eq(q("-plan*"), "\"plan\"*");
    ck_assert_str_eq(q("title:plan ^x"), "\"title\"* \"plan\"* \"x\"*");
}
END_TEST

START_TEST(nothing_searchable_is_null)
{
    ck_assert_ptr_null(q(NULL));
    ck_assert_ptr_null(q(""));
    ck_assert_ptr_null(q("   "));
    ck_assert_ptr_null(q("\"*-()^:"));
}
END_TEST

START_TEST(no_quote_survives)
{
    const char *out = q("a\"b'c\"\"d");
    const char *s;
    int quotes = 0;

    for (s = out; *s; s++)
        quotes += *s == '"';
    /* every term is exactly one pair of quotes */
    ck_assert_int_eq(quotes % 2, 0);
    ck_assert_ptr_null(strstr(out, "\"\"\""));
    ck_assert_str_eq(out, "\"a\"* \"b\"* \"c\"* \"d\"*");
}
END_TEST

START_TEST(huge_input_is_bounded)
{
    char *big = apr_palloc(tp, 10001);
    const char *out;
    int i;

    for (i = 0; i < 10000; i++)
        big[i] = i % 7 == 6 ? ' ' : 'a';
    big[10000] = '\0';
    out = q(big);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_lt(strlen(out), 2000);
    memset(big, 'x', 10000);
    out = q(big);
    /* one long word is cut to 64 bytes */
    ck_assert_int_eq(strlen(out), 64 + 3);
}
END_TEST

START_TEST(long_word_is_not_cut_inside_a_character)
{
    char word[200] = "";
    const char *out;
    int i;

    for (i = 0; i < 40; i++)
        strcat(word, "æ");
    out = q(word);
    /* 64 bytes would split the 33rd "æ"; the cut keeps whole ones */
    ck_assert_int_eq(strlen(out), 64 + 3);
    ck_assert(naering_utf8_valid(out, strlen(out)));
}
END_TEST

Suite *naering_search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("search");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, words_become_prefix_terms);
    tcase_add_test(tc, operators_are_text);
    tcase_add_test(tc, nothing_searchable_is_null);
    tcase_add_test(tc, no_quote_survives);
    tcase_add_test(tc, huge_input_is_bounded);
    tcase_add_test(tc, long_word_is_not_cut_inside_a_character);
    suite_add_tcase(s, tc);
    return s;
}
