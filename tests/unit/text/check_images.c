/* The images of a stored body (naering_xhtml_images): in document order,
 * with id, alt (absent or empty told apart), decorative and caption. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

static apr_array_header_t *img_read(const char *xhtml)
{
    apr_array_header_t *a = naering_xhtml_images(tp, xhtml);

    ck_assert_ptr_nonnull(a);
    return a;
}

static const naering_body_image *img_at(apr_array_header_t *a, int i)
{
    ck_assert_int_lt(i, a->nelts);
    return &APR_ARRAY_IDX(a, i, naering_body_image);
}

START_TEST(images_in_document_order)
{
    apr_array_header_t *a = img_read(
        "<p>a</p><figure><img src=\"/bilder/12\" alt=\"Kart\"/></figure>"
        "<ul><li>b<figure><img src=\"/bilder/3\" alt=\"c\"/></figure></li>"
        "</ul><table><tr><td><figure><img src=\"/bilder/9007199254740991\""
        " alt=\"d\"/></figure></td></tr></table>");

    ck_assert_int_eq(a->nelts, 3);
    ck_assert(img_at(a, 0)->id == 12);
    ck_assert(img_at(a, 1)->id == 3);
    ck_assert(img_at(a, 2)->id == APR_INT64_C(9007199254740991));
}
END_TEST

START_TEST(image_under_mount_point)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/site/bilder/7\" "
                                     "alt=\"k\"/></figure>");

    ck_assert_int_eq(a->nelts, 1);
    ck_assert(img_at(a, 0)->id == 7);
}
END_TEST

START_TEST(image_alt_kept)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/bilder/1\" alt=\""
                                     "Kart &amp; &lt;vei&gt;\"/></figure>");

    ck_assert_str_eq(img_at(a, 0)->alt, "Kart & <vei>");
    ck_assert_int_eq(img_at(a, 0)->decorative, 0);
}
END_TEST

START_TEST(image_alt_absent_is_null)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/bilder/1\"/>"
                                     "</figure>");

    ck_assert_ptr_null(img_at(a, 0)->alt);
    ck_assert_int_eq(img_at(a, 0)->decorative, 0);
}
END_TEST

START_TEST(image_decorative)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/bilder/1\" alt=\"\""
                                     " role=\"presentation\"/></figure>");

    ck_assert_str_eq(img_at(a, 0)->alt, "");
    ck_assert_int_eq(img_at(a, 0)->decorative, 1);
}
END_TEST

START_TEST(image_empty_alt_without_role_not_decorative)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/bilder/1\" alt=\"\""
                                     "/></figure>");

    ck_assert_str_eq(img_at(a, 0)->alt, "");
    ck_assert_int_eq(img_at(a, 0)->decorative, 0);
}
END_TEST

START_TEST(image_role_with_alt_not_decorative)
{
    apr_array_header_t *a = img_read("<figure><img src=\"/bilder/1\" alt=\"k\""
                                     " role=\"presentation\"/></figure>");

    ck_assert_int_eq(img_at(a, 0)->decorative, 0);
}
END_TEST

START_TEST(image_caption)
{
    apr_array_header_t *a = img_read(
        "<figure><img src=\"/bilder/1\" alt=\"a\"/><figcaption>Foto: "
        "Kommunen &amp; fylket</figcaption></figure><figure><img src=\""
        "/bilder/2\" alt=\"b\"/></figure>");

    ck_assert_int_eq(a->nelts, 2);
    ck_assert_str_eq(img_at(a, 0)->caption, "Foto: Kommunen & fylket");
    ck_assert_ptr_null(img_at(a, 1)->caption);
}
END_TEST

START_TEST(image_outside_figure_has_no_caption)
{
    apr_array_header_t *a = img_read("<p><img src=\"/bilder/4\" alt=\"a\"/>"
                                     "</p><figcaption>x</figcaption>");

    ck_assert_int_eq(a->nelts, 1);
    ck_assert(img_at(a, 0)->id == 4);
    ck_assert_ptr_null(img_at(a, 0)->caption);
}
END_TEST

START_TEST(image_src_without_number_is_id_0)
{
    apr_array_header_t *a = img_read("<img src=\"/bilder/x\" alt=\"a\"/>"
                                     "<img alt=\"b\"/><img src=\"12\"/>");

    ck_assert_int_eq(a->nelts, 3);
    ck_assert(img_at(a, 0)->id == 0);
    ck_assert(img_at(a, 1)->id == 0);
    ck_assert(img_at(a, 2)->id == 0);
}
END_TEST

START_TEST(no_images)
{
    ck_assert_int_eq(img_read("<p>a <strong>b</strong></p>")->nelts, 0);
    ck_assert_int_eq(img_read("")->nelts, 0);
    ck_assert_int_eq(img_read(NULL)->nelts, 0);
}
END_TEST

START_TEST(broken_fragment_has_none)
{
    ck_assert_int_eq(img_read("<p><img src=\"/bilder/1\" alt=\"a\">")->nelts,
                     0);
}
END_TEST

/* What the sanitizer writes is what this reads. */
START_TEST(sanitized_body_read_back)
{
    const char *html = "<p>x<img src=\"/bilder/5?w=1\" alt=\" Kart \">y</p>"
        "<figure><img src=\"/bilder/6\" alt=\"\" role=presentation>"
        "<figcaption> Foto </figcaption></figure><img src=\"https://"
        "x.example/7\" alt=\"borte\"><img src=\"/bilder/8\">";
    const char *out = NULL;
    apr_array_header_t *a;

    ck_assert_ptr_null(naering_sanitize_site(tp, html, strlen(html),
                                             "/bilder", &out));
    a = img_read(out);
    ck_assert_int_eq(a->nelts, 3);
    ck_assert(img_at(a, 0)->id == 5);
    ck_assert_str_eq(img_at(a, 0)->alt, "Kart");
    ck_assert(img_at(a, 1)->id == 6);
    ck_assert_int_eq(img_at(a, 1)->decorative, 1);
    ck_assert_str_eq(img_at(a, 1)->caption, "Foto");
    ck_assert(img_at(a, 2)->id == 8);
    ck_assert_ptr_null(img_at(a, 2)->alt);
}
END_TEST

Suite *naering_images_suite(void)
{
    Suite *s = suite_create("images");
    TCase *tc = tcase_create("images");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, images_in_document_order);
    tcase_add_test(tc, image_under_mount_point);
    tcase_add_test(tc, image_alt_kept);
    tcase_add_test(tc, image_alt_absent_is_null);
    tcase_add_test(tc, image_decorative);
    tcase_add_test(tc, image_empty_alt_without_role_not_decorative);
    tcase_add_test(tc, image_role_with_alt_not_decorative);
    tcase_add_test(tc, image_caption);
    tcase_add_test(tc, image_outside_figure_has_no_caption);
    tcase_add_test(tc, image_src_without_number_is_id_0);
    tcase_add_test(tc, no_images);
    tcase_add_test(tc, broken_fragment_has_none);
    tcase_add_test(tc, sanitized_body_read_back);
    suite_add_tcase(s, tc);
    return s;
}
