#include "tests.h"
START_TEST(placeholder_store) { ck_assert(1); }
END_TEST
Suite *naering_store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_add_test(tc, placeholder_store);
    suite_add_tcase(s, tc);
    return s;
}
