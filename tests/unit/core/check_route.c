/* The router: every public URL shape, canonical redirects, path tricks. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

static naering_route route(const char *rel)
{
    return naering_route_parse(tp, rel);
}

START_TEST(front_page)
{
    ck_assert_int_eq(route("").action, NAERING_ROUTE_PAGE);
    ck_assert_str_eq(route("").page_path, "/");
    ck_assert_int_eq(route("/").action, NAERING_ROUTE_PAGE);
    ck_assert_str_eq(route("/").page_path, "/");
}
END_TEST

START_TEST(page_paths)
{
    naering_route r = route("/om-knutepunkt-sorlandet/styret");
    ck_assert_int_eq(r.action, NAERING_ROUTE_PAGE);
    ck_assert_str_eq(r.page_path, "/om-knutepunkt-sorlandet/styret");
    r = route("/næringsnettverket");
    ck_assert_int_eq(r.action, NAERING_ROUTE_PAGE);
    ck_assert_str_eq(r.page_path, "/næringsnettverket");
}
END_TEST

START_TEST(redirects_to_canonical)
{
    naering_route r = route("/naeringsnettverket/");
    ck_assert_int_eq(r.action, NAERING_ROUTE_REDIRECT);
    ck_assert_str_eq(r.page_path, "/naeringsnettverket");
    r = route("//om//styret");
    ck_assert_int_eq(r.action, NAERING_ROUTE_REDIRECT);
    ck_assert_str_eq(r.page_path, "/om/styret");
    r = route("/Naeringsnettverket");
    ck_assert_int_eq(r.action, NAERING_ROUTE_REDIRECT);
    ck_assert_str_eq(r.page_path, "/naeringsnettverket");
    r = route("/NÆRINGSLIV");
    ck_assert_int_eq(r.action, NAERING_ROUTE_REDIRECT);
    ck_assert_str_eq(r.page_path, "/næringsliv");
    ck_assert_int_eq(route("//").action, NAERING_ROUTE_REDIRECT);
    ck_assert_str_eq(route("//").page_path, "/");
}
END_TEST

START_TEST(not_slugs)
{
    const char *bad[] = { "/a b", "/a.html", "/..", "/a/../b", "/%2e%2e",
                          "/-a", "/a-", "/a_b", "/dokumenter", "/a/\x01",
                          "/\xc3", "/\xff\xfe", "/a;b", "/index.php" };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(route(bad[i]).action == NAERING_ROUTE_NOT_FOUND,
                      "%s should be NOT_FOUND", bad[i]);
}
END_TEST

START_TEST(documents)
{
    naering_route r = route("/naeringsnettverket/dokumenter/Årsrapport 2015.pdf");
    ck_assert_int_eq(r.action, NAERING_ROUTE_DOCUMENT);
    ck_assert_str_eq(r.page_path, "/naeringsnettverket");
    ck_assert_str_eq(r.name, "Årsrapport 2015.pdf");
    r = route("/dokumenter/plan.pdf");
    ck_assert_int_eq(r.action, NAERING_ROUTE_DOCUMENT);
    ck_assert_str_eq(r.page_path, "/");
    ck_assert_int_eq(route("/a/dokumenter/..").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/a/dokumenter/x\\y").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/a/dokumenter/x\ry").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/A/dokumenter/x.pdf").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/a/dokumenter/").action, NAERING_ROUTE_NOT_FOUND);
}
END_TEST

START_TEST(special_urls)
{
    ck_assert_int_eq(route("/sok").action, NAERING_ROUTE_SEARCH);
    ck_assert_int_eq(route("/feed.atom").action, NAERING_ROUTE_FEED);
    ck_assert_int_eq(route("/sitemap.xml").action, NAERING_ROUTE_SITEMAP);
    ck_assert_int_eq(route("/ressurser/naering.css").action, NAERING_ROUTE_ASSET);
    ck_assert_str_eq(route("/ressurser/naering.css").name, "naering.css");
    ck_assert_int_eq(route("/ressurser/../x").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/ressurser/.htaccess").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/ressurser/a/b.css").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/a/sok").action, NAERING_ROUTE_PAGE);
    /* found by fuzzing: case folding must not redirect to a dead asset */
    ck_assert_int_eq(route("/ressurseR/").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/RESSURSER/x.css").action, NAERING_ROUTE_NOT_FOUND);
    /* and an upper-case editor path goes to the editor's own form */
    ck_assert_int_eq(route("/redigeRing/om/styre/").action,
                     NAERING_ROUTE_REDIRECT);
    ck_assert_int_eq(route(route("/redigeRing/om/styre/").page_path).action,
                     NAERING_ROUTE_EDIT);
}
END_TEST

START_TEST(image_urls)
{
    static const char sha[] = "0123456789abcdef0123456789abcdef"
                              "0123456789abcdef0123456789abcdef";
    naering_route r = route("/bilder/12");

    ck_assert_int_eq(r.action, NAERING_ROUTE_IMAGE);
    ck_assert_int_eq(r.id, 12);
    ck_assert_ptr_null(r.name);
    r = route(apr_pstrcat(tp, "/bilder/12/", sha, ".webp", NULL));
    ck_assert_int_eq(r.action, NAERING_ROUTE_IMAGE);
    ck_assert_str_eq(r.name, apr_pstrcat(tp, sha, ".webp", NULL));
    ck_assert_int_eq(route(apr_pstrcat(tp, "/bilder/12/", sha, ".png",
                                       NULL)).action, NAERING_ROUTE_IMAGE);
    /* Nothing else below /bilder: never a page, never a guess. */
    static const char *const bad[] = { "/bilder", "/bilder/0", "/bilder/012",
        "/bilder/-1", "/bilder/1x", "/bilder/99999999999999999",
        "/bilder/1/", "/bilder//1", "/bilder/1/abc.webp", "/bilder/1/2/3",
        "/bilder/1/0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
        "0123456789ABCDEF.webp", NULL };
    int i;
    for (i = 0; bad[i]; i++)
        ck_assert_msg(route(bad[i]).action == NAERING_ROUTE_NOT_FOUND, "%s",
                      bad[i]);
    ck_assert_int_eq(route(apr_pstrcat(tp, "/bilder/1/", sha, ".svg",
                                       NULL)).action,
                     NAERING_ROUTE_NOT_FOUND);
    ck_assert(!naering_slug_usable("/", "bilder"));
    /* found by fuzzing: case folding must not redirect to a dead image */
    ck_assert_int_eq(route("bIlder").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/Bilder").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert_int_eq(route("/BILDER/1").action, NAERING_ROUTE_NOT_FOUND);
    ck_assert(naering_slug_usable("/om", "bilder"));
    ck_assert_str_eq(naering_url_image(tp, "/s", 7), "/s/bilder/7");
    ck_assert_str_eq(naering_url_image_variant(tp, "", 7, sha, "image/jpeg"),
                     apr_pstrcat(tp, "/bilder/7/", sha, ".jpg", NULL));
}
END_TEST

START_TEST(editor_paths)
{
    naering_route r = route("/redigering/naeringsnettverket");
    ck_assert_int_eq(r.action, NAERING_ROUTE_EDIT);
    ck_assert_str_eq(r.page_path, "/naeringsnettverket");
    r = route("/redigering");
    ck_assert_int_eq(r.action, NAERING_ROUTE_EDIT);
    ck_assert_str_eq(r.page_path, "/");
    ck_assert_int_eq(route("/redigering/a b").action, NAERING_ROUTE_NOT_FOUND);
}
END_TEST

START_TEST(slug_rules)
{
    ck_assert(naering_slug_valid("samferdsel"));
    ck_assert(naering_slug_valid("helse-og-omsorg"));
    ck_assert(naering_slug_valid("årsrapport-2015"));
    ck_assert(!naering_slug_valid(""));
    ck_assert(!naering_slug_valid("Samferdsel"));
    ck_assert(!naering_slug_valid("dokumenter"));
    char longslug[130];
    memset(longslug, 'a', sizeof(longslug) - 1);
    longslug[sizeof(longslug) - 1] = '\0';
    ck_assert(!naering_slug_valid(longslug));
}
END_TEST

START_TEST(urls_the_site_writes)
{
    ck_assert_str_eq(naering_url_page(tp, "", "/"), "/");
    ck_assert_str_eq(naering_url_page(tp, "/site", "/"), "/site/");
    ck_assert_str_eq(naering_url_page(tp, "/site", "/om/styret"),
                     "/site/om/styret");
    ck_assert_str_eq(naering_url_edit(tp, "", "/"), "/redigering");
    ck_assert_str_eq(naering_url_edit(tp, "/site", "/om"),
                     "/site/redigering/om");
    ck_assert_str_eq(naering_url_doc(tp, "", "/", "Plan 1.pdf"),
                     "/dokumenter/Plan%201.pdf");
    ck_assert_str_eq(naering_url_doc(tp, "/s", "/om", "æ/ø?.pdf"),
                     "/s/om/dokumenter/%c3%a6%2f%c3%b8%3f.pdf");
    ck_assert_str_eq(naering_url_site(tp, "/s", NAERING_SEG_FEED),
                     "/s/feed.atom");
    ck_assert_str_eq(naering_url_absolute(tp, "http://h/", "/om/ærend"),
                     "http://h/om/%c3%a6rend");
    ck_assert_str_eq(naering_url_absolute(tp, "http://h/", "/"), "http://h/");
}
END_TEST

START_TEST(paths_and_their_parts)
{
    ck_assert_str_eq(naering_path_parent(tp, "/om/styret"), "/om");
    ck_assert_str_eq(naering_path_parent(tp, "/om"), "/");
    ck_assert(naering_path_within("/om", "/om"));
    ck_assert(naering_path_within("/om/styret", "/om"));
    ck_assert(!naering_path_within("/omsorg", "/om"));
    ck_assert(!naering_path_within("/o", "/om"));
    ck_assert(naering_path_within("/alt", "/"));
    ck_assert(naering_path_within("/", "/"));
}
END_TEST

Suite *naering_route_suite(void)
{
    Suite *s = suite_create("route");
    TCase *tc = tcase_create("route");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, front_page);
    tcase_add_test(tc, page_paths);
    tcase_add_test(tc, redirects_to_canonical);
    tcase_add_test(tc, not_slugs);
    tcase_add_test(tc, documents);
    tcase_add_test(tc, special_urls);
    tcase_add_test(tc, editor_paths);
    tcase_add_test(tc, slug_rules);
    tcase_add_test(tc, image_urls);
    tcase_add_test(tc, urls_the_site_writes);
    tcase_add_test(tc, paths_and_their_parts);
    suite_add_tcase(s, tc);
    return s;
}
