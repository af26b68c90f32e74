#include "tests.h"
START_TEST(placeholder_query) { ck_assert(1); }
END_TEST
Suite *naering_query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("query");
    tcase_add_test(tc, placeholder_query);
    suite_add_tcase(s, tc);
    return s;
}
