/* Uploaded files: the type from the bytes against the name, and names. */
#include <string.h>
#include "tests.h"

static const char *sniff(const char *head, apr_size_t n, const char *name,
                         const char **why)
{
    return naering_sniff(tp, (const unsigned char *)head, n, name, why);
}

START_TEST(types_from_bytes_and_name)
{
    const char *why;

    ck_assert_str_eq(sniff("%PDF-1.7\n", 9, "Plan.pdf", &why),
                     "application/pdf");
    ck_assert_str_eq(sniff("%PDF-1.7\n", 9, "PLAN.PDF", &why),
                     "application/pdf");
    ck_assert_str_eq(sniff("\x89PNG\r\n\x1a\n", 8, "kart.png", &why),
                     "image/png");
    ck_assert_str_eq(sniff("\xff\xd8\xff\xe0", 4, "bilde.jpeg", &why),
                     "image/jpeg");
    ck_assert_str_eq(sniff("PK\x03\x04", 4, "referat.docx", &why),
                     "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document");
    ck_assert_str_eq(sniff("navn;telefon\n", 13, "liste.csv", &why),
                     "text/csv; charset=utf-8");
}
END_TEST

START_TEST(bytes_that_lie_are_refused)
{
    const char *why = NULL;

    ck_assert_ptr_null(sniff("<html><script>", 14, "plan.pdf", &why));
    ck_assert_str_eq(why, "mismatch");
    ck_assert_ptr_null(sniff("%PDF-1.7", 8, "plan.png", &why));
    ck_assert_str_eq(why, "mismatch");
    /* binary bytes named .txt */
    ck_assert_ptr_null(sniff("\x00\x01\x02", 3, "notat.txt", &why));
    ck_assert_str_eq(why, "mismatch");
}
END_TEST

START_TEST(types_off_the_list_are_refused)
{
    const char *why = NULL;

    ck_assert_ptr_null(sniff("<svg>", 5, "logo.svg", &why));
    ck_assert_str_eq(why, "type");
    ck_assert_ptr_null(sniff("MZ", 2, "setup.exe", &why));
    ck_assert_str_eq(why, "type");
    ck_assert_ptr_null(sniff("%PDF-", 5, "uten-endelse", &why));
    ck_assert_str_eq(why, "type");
}
END_TEST

START_TEST(text_cut_inside_a_character_is_text)
{
    const char *why;
    /* "æ" is c3 a6: a head that ends after c3 is still text */
    ck_assert_ptr_nonnull(sniff("notat \xc3", 7, "notat.txt", &why));
}
END_TEST

START_TEST(file_names_made_safe)
{
    ck_assert_str_eq(naering_filename_clean(tp, "C:\\Users\\x\\Plan.pdf"),
                     "Plan.pdf");
    ck_assert_str_eq(naering_filename_clean(tp, "../../etc/passwd"),
                     "passwd");
    ck_assert_str_eq(naering_filename_clean(tp, "a:b*c?.pdf"), "a-b-c-.pdf");
    ck_assert_str_eq(naering_filename_clean(tp, " .skjult. "), "skjult");
    ck_assert_str_eq(naering_filename_clean(tp, "linje\nskift.pdf"),
                     "linjeskift.pdf");
    /* a + combining ring (a Mac's å) becomes the one character å */
    ck_assert_str_eq(naering_filename_clean(tp, "a\xcc\x8arsplan.pdf"),
                     "\xc3\xa5rsplan.pdf");
    ck_assert_ptr_null(naering_filename_clean(tp, ".."));
    ck_assert_ptr_null(naering_filename_clean(tp, "mappe/"));
    ck_assert_ptr_null(naering_filename_clean(tp, "\xc3"));
    ck_assert_ptr_null(naering_filename_clean(tp, NULL));
}
END_TEST

START_TEST(long_names_keep_their_extension)
{
    char raw[400];
    const char *out;

    memset(raw, 'a', 300);
    strcpy(raw + 300, ".pdf");
    out = naering_filename_clean(tp, raw);
    ck_assert_uint_eq(strlen(out), 150);
    ck_assert_str_eq(out + 146, ".pdf");
    /* a cut never splits a character */
    memset(raw, 0, sizeof(raw));
    for (int i = 0; i < 100; i++)
        memcpy(raw + 2 * i, "\xc3\xa5", 2);
    out = naering_filename_clean(tp, raw);
    ck_assert(naering_utf8_valid(out, strlen(out)));
    ck_assert_uint_le(strlen(out), 150);
}
END_TEST

START_TEST(numbered_names)
{
    ck_assert_str_eq(naering_filename_numbered(tp, "Referat.pdf", 2),
                     "Referat-2.pdf");
    ck_assert_str_eq(naering_filename_numbered(tp, "Referat", 3),
                     "Referat-3");
    ck_assert_str_eq(naering_filename_numbered(tp, ".profil", 2),
                     ".profil-2");
    ck_assert_str_eq(naering_filename_numbered(tp, "a.b.tar", 10),
                     "a.b-10.tar");
}
END_TEST

Suite *naering_magic_suite(void)
{
    Suite *s = suite_create("magic");
    TCase *tc = tcase_create("magic");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, types_from_bytes_and_name);
    tcase_add_test(tc, bytes_that_lie_are_refused);
    tcase_add_test(tc, types_off_the_list_are_refused);
    tcase_add_test(tc, text_cut_inside_a_character_is_text);
    tcase_add_test(tc, file_names_made_safe);
    tcase_add_test(tc, long_names_keep_their_extension);
    tcase_add_test(tc, numbered_names);
    suite_add_tcase(s, tc);
    return s;
}
