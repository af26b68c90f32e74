/* The links of a stored fragment, and rewriting them after a move. */
#include <string.h>
#include "tests.h"

START_TEST(links_are_kept_decoded_without_fragment_or_slash)
{
    ck_assert_str_eq(naering_link_normal(tp, "/om/styret/#medlemmer"),
                     "/om/styret");
    ck_assert_str_eq(naering_link_normal(tp, "/s%C3%B8k?q=1"), "/søk");
    ck_assert_str_eq(naering_link_normal(tp, "/"), "/");
    ck_assert_str_eq(naering_link_normal(tp, "https://example.no/a/"),
                     "https://example.no/a/");
    ck_assert_ptr_null(naering_link_normal(tp, "mailto:post@example.no"));
    ck_assert_ptr_null(naering_link_normal(tp, "//evil.example/x"));
    ck_assert_ptr_null(naering_link_normal(tp, "relative/path"));
    ck_assert_ptr_null(naering_link_normal(tp, "/%ff%fe"));
}
END_TEST

START_TEST(a_fragment_lists_each_link_once_in_order)
{
    apr_array_header_t *l = naering_xhtml_links(tp,
        "<p><a href=\"/b\">B</a> <a href=\"/a#x\">A</a></p>"
        "<ul><li><a href=\"/b/\">B igjen</a></li></ul>"
        "<p><a href=\"tel:+4712345678\">Ring</a></p>");

    ck_assert_int_eq(l->nelts, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(l, 0, const char *), "/b");
    ck_assert_str_eq(APR_ARRAY_IDX(l, 1, const char *), "/a");
    ck_assert_int_eq(naering_xhtml_links(tp, "<p>Ingen</p>")->nelts, 0);
    ck_assert_int_eq(naering_xhtml_links(tp, "<p><a href=")->nelts, 0);
}
END_TEST

START_TEST(a_move_rewrites_links_to_the_page_and_below_only)
{
    int changed;
    const char *out = naering_xhtml_relink(tp,
        "<p><a href=\"/om/styret#m\">S</a> <a href=\"/om/styret/leder\">L"
        "</a> <a href=\"/om/styret-arkiv\">A</a> <a href=\"/om\">O</a>"
        " <a href=\"/om/styret/dokumenter/R%C3%A5d.pdf?x=1&amp;y=2\">D</a>"
        "</p>", "/om/styret", "/ny/styre", &changed);

    ck_assert(changed);
    ck_assert_str_eq(out,
        "<p><a href=\"/ny/styre#m\">S</a> <a href=\"/ny/styre/leder\">L"
        "</a> <a href=\"/om/styret-arkiv\">A</a> <a href=\"/om\">O</a>"
        " <a href=\"/ny/styre/dokumenter/R%c3%a5d.pdf?x=1&amp;y=2\">D</a>"
        "</p>");
    out = naering_xhtml_relink(tp, "<p><a href=\"/annet\">X</a></p>",
                               "/om/styret", "/ny/styre", &changed);
    ck_assert(!changed);
    ck_assert_str_eq(out, "<p><a href=\"/annet\">X</a></p>");
}
END_TEST

Suite *naering_links_suite(void)
{
    Suite *s = suite_create("links");
    TCase *tc = tcase_create("links");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, links_are_kept_decoded_without_fragment_or_slash);
    tcase_add_test(tc, a_fragment_lists_each_link_once_in_order);
    tcase_add_test(tc, a_move_rewrites_links_to_the_page_and_below_only);
    suite_add_tcase(s, tc);
    return s;
}
