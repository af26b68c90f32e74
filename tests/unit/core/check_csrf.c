/* CSRF tokens: bound to user, secret and time; forged or stale ones fail. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

#define SECRET "0123456789abcdef0123456789abcdef"
#define HOUR (3600)

static apr_time_t at(long sec)
{
    return apr_time_from_sec(1764400000 + sec);
}

START_TEST(token_verifies_for_its_user)
{
    const char *t = naering_csrf_token(tp, SECRET, "redaktor", at(0));
    ck_assert_ptr_nonnull(t);
    ck_assert(naering_csrf_valid(tp, SECRET, "redaktor", t, at(60), HOUR));
}
END_TEST

START_TEST(token_is_bound_to_user_and_secret)
{
    const char *t = naering_csrf_token(tp, SECRET, "redaktor", at(0));
    ck_assert(!naering_csrf_valid(tp, SECRET, "annen", t, at(1), HOUR));
    ck_assert(!naering_csrf_valid(tp, "another secret", "redaktor", t, at(1),
                                  HOUR));
    /* "ab" + "c" must not collide with "a" + "bc" style joins */
    t = naering_csrf_token(tp, SECRET, "ab", at(0));
    ck_assert(!naering_csrf_valid(tp, SECRET, "a", t, at(1), HOUR));
}
END_TEST

START_TEST(token_expires)
{
    const char *t = naering_csrf_token(tp, SECRET, "redaktor", at(0));
    ck_assert(naering_csrf_valid(tp, SECRET, "redaktor", t, at(HOUR - 1),
                                 HOUR));
    ck_assert(!naering_csrf_valid(tp, SECRET, "redaktor", t, at(HOUR + 1),
                                  HOUR));
    /* from the future (clock skew beyond a minute) */
    ck_assert(!naering_csrf_valid(tp, SECRET, "redaktor", t, at(-120),
                                  HOUR));
}
END_TEST

START_TEST(forged_tokens_fail)
{
    const char *t = naering_csrf_token(tp, SECRET, "redaktor", at(0));
    char *bad = apr_pstrdup(tp, t);
    const char *junk[] = { "", ".", "1764400000", "1764400000.",
                           "x.00", "1764400000.zz", NULL };
    int i;

    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
    ck_assert(!naering_csrf_valid(tp, SECRET, "redaktor", bad, at(1), HOUR));
    for (i = 0; junk[i]; i++)
        ck_assert_msg(!naering_csrf_valid(tp, SECRET, "redaktor", junk[i],
                                          at(1), HOUR), "%s", junk[i]);
    ck_assert(!naering_csrf_valid(tp, SECRET, "redaktor", NULL, at(1), HOUR));
    /* a later time with the old MAC */
    bad = apr_psprintf(tp, "1764400100%s", strchr(t, '.'));
    ck_assert(!naering_csrf_valid(tp, SECRET, "redaktor", bad, at(200), HOUR));
}
END_TEST

Suite *naering_csrf_suite(void)
{
    Suite *s = suite_create("csrf");
    TCase *tc = tcase_create("csrf");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, token_verifies_for_its_user);
    tcase_add_test(tc, token_is_bound_to_user_and_secret);
    tcase_add_test(tc, token_expires);
    tcase_add_test(tc, forged_tokens_fail);
    suite_add_tcase(s, tc);
    return s;
}
