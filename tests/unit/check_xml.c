#include "tests.h"
START_TEST(placeholder_xml) { ck_assert(1); }
END_TEST
Suite *naering_xml_suite(void)
{
    Suite *s = suite_create("xml");
    TCase *tc = tcase_create("xml");
    tcase_add_test(tc, placeholder_xml);
    suite_add_tcase(s, tc);
    return s;
}
