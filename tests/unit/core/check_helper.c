/* The image helper's answer, read strictly; image types by their bytes. */
#include <string.h>
#include "tests.h"

static naering_err *read_answer(const char *text, naering_helper_answer *a)
{
    return naering_helper_read(tp, text, a);
}

START_TEST(an_answer_with_variants_is_read)
{
    naering_helper_answer a;
    naering_image_variant *v;

    ck_assert_ptr_null(read_answer("image 4000 3000 image/jpeg\n"
                                   "variant 480 360 image/webp 480.webp\n"
                                   "variant 480 360 image/jpeg 480.jpg\n",
                                   &a));
    ck_assert_int_eq(a.width, 4000);
    ck_assert_int_eq(a.height, 3000);
    ck_assert_str_eq(a.mime, "image/jpeg");
    ck_assert_ptr_null(a.refused);
    ck_assert_int_eq(a.variants->nelts, 2);
    v = &APR_ARRAY_IDX(a.variants, 1, naering_image_variant);
    ck_assert_int_eq(v->width, 480);
    ck_assert_str_eq(v->mime, "image/jpeg");
    ck_assert_str_eq(v->file, "480.jpg");
}
END_TEST

START_TEST(a_refusal_is_read_as_one)
{
    naering_helper_answer a;

    ck_assert_ptr_null(read_answer("refused too-large\n", &a));
    ck_assert_str_eq(a.refused, "too-large");
    /* A refusal after a partial answer still refuses. */
    ck_assert_ptr_null(read_answer("image 10 10 image/png\n"
                                   "variant 10 10 image/webp 10.webp\n"
                                   "refused broken\n", &a));
    ck_assert_str_eq(a.refused, "broken");
}
END_TEST

START_TEST(answers_that_are_not_ours_are_500)
{
    static const char *const bad[] = {
        "",                                           /* nothing */
        "image 10 10 image/png\n",                    /* no variant */
        "variant 10 10 image/webp 10.webp\n",         /* no image line */
        "image 10 10 image/png\nvariant 10 10 image/webp ../x\n",
        "image 10 10 image/png\nvariant 10 10 image/webp /etc/passwd\n",
        "image 10 10 image/png\nvariant 10 10 image/webp .hidden\n",
        "image 10 10 image/png\nvariant 10 10 text/html 10.html\n",
        "image 10 10 image/png\nvariant 0 10 image/webp 10.webp\n",
        "image 10 10 image/png\nvariant 20001 10 image/webp 10.webp\n",
        "image 10 10 image/png\nvariant 10 10 image/webp 10.webp extra\n",
        "image -1 10 image/png\nvariant 10 10 image/webp 10.webp\n",
        "hello\n",
        "refused Not A Key\n",
        NULL
    };
    naering_helper_answer a;
    naering_err *e;
    int i;

    for (i = 0; bad[i]; i++) {
        e = read_answer(bad[i], &a);
        ck_assert_msg(e != NULL && e->status == 500, "%s", bad[i]);
    }
}
END_TEST

static const char *sniff(const char *head, apr_size_t n, const char *name,
                         const char **why)
{
    return naering_sniff_image(tp, (const unsigned char *)head, n, name, why);
}

START_TEST(image_types_by_their_bytes)
{
    const char *why;

    ck_assert_str_eq(sniff("\xff\xd8\xff\xe0", 4, "foto.JPG", &why),
                     "image/jpeg");
    ck_assert_str_eq(sniff("\x89PNG\r\n\x1a\n", 8, "kart.png", &why),
                     "image/png");
    ck_assert_str_eq(sniff("RIFF\x10\0\0\0WEBPVP8 ", 16, "a.webp", &why),
                     "image/webp");
    ck_assert_str_eq(sniff("\0\0\0\x18" "ftypheic", 12, "IMG_1.HEIC", &why),
                     "image/heic");
    ck_assert_str_eq(sniff("\0\0\0\x1c" "ftypavif", 12, "b.avif", &why),
                     "image/avif");
}
END_TEST

START_TEST(what_is_not_a_raster_image_is_refused)
{
    const char *why = NULL;

    ck_assert_ptr_null(sniff("<svg xmlns=", 11, "logo.svg", &why));
    ck_assert_str_eq(why, "type");
    ck_assert_ptr_null(sniff("GIF89a", 6, "anim.gif", &why));
    ck_assert_str_eq(why, "type");
    ck_assert_ptr_null(sniff("%PDF-1.7", 8, "plan.pdf", &why));
    ck_assert_str_eq(why, "type");
    /* A PNG named .jpg, and an SVG named .png. */
    ck_assert_ptr_null(sniff("\x89PNG\r\n\x1a\n", 8, "falsk.jpg", &why));
    ck_assert_str_eq(why, "mismatch");
    ck_assert_ptr_null(sniff("<svg xmlns=", 11, "logo.png", &why));
    ck_assert_str_eq(why, "type");
    ck_assert_ptr_null(sniff("\xff\xd8\xff", 3, "uten-endelse", &why));
}
END_TEST

Suite *naering_helper_suite(void)
{
    Suite *s = suite_create("helper");
    TCase *tc = tcase_create("helper");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, an_answer_with_variants_is_read);
    tcase_add_test(tc, a_refusal_is_read_as_one);
    tcase_add_test(tc, answers_that_are_not_ours_are_500);
    tcase_add_test(tc, image_types_by_their_bytes);
    tcase_add_test(tc, what_is_not_a_raster_image_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
