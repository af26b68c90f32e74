/* An editor's forms: a page's fields read, checked and the body
 * sanitized; the site's details read and checked. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

static const char *FULL = "title=Samferdsel&summary=Kort&body=%3Cp%3EHei%3C%2Fp%3E"
                          "&contact_name=Kari&contact_email=kari%40k.no"
                          "&contact_phone=%2B47+38+00+00+00&comment=Ny"
                          "&status=publisert&meny=vis";

static naering_err *read_form(const char *form, naering_page_fields *f,
                              apr_array_header_t **errors)
{
    *errors = apr_array_make(tp, 4, sizeof(naering_field_err));
    memset(f, 0, sizeof(*f));
    return naering_form_page(tp, form, "/bilder", f, *errors);
}

/* Whether errors holds key for field. */
static int has_error(apr_array_header_t *errors, const char *field,
                     const char *key)
{
    int i;

    for (i = 0; i < errors->nelts; i++) {
        naering_field_err *e = &APR_ARRAY_IDX(errors, i, naering_field_err);
        if (strcmp(e->field, field) == 0 && strcmp(e->key, key) == 0)
            return 1;
    }
    return 0;
}

START_TEST(text_fields)
{
    ck_assert_str_eq(naering_form_text(tp, "a=1&b=x+y", "b"), "x y");
    ck_assert_str_eq(naering_form_text(tp, "a=1", "b"), "");
    ck_assert_str_eq(naering_form_text(tp, "b=l1%0D%0Al2%0Dl3", "b"),
                     "l1\nl2\nl3");
    ck_assert_str_eq(naering_form_text(tp, "b=%0B", "b"), " ");
    ck_assert_ptr_null(naering_form_text(tp, "b=%C3", "b"));    /* not UTF-8 */
    ck_assert_ptr_null(naering_form_text(tp, "b=%zz", "b"));    /* bad escape */
    ck_assert_ptr_null(naering_form_text(tp, "b=%00", "b"));    /* NUL */
}
END_TEST

START_TEST(a_full_form_reads_clean)
{
    naering_page_fields f;
    apr_array_header_t *errors;

    ck_assert_ptr_null(read_form(FULL, &f, &errors));
    ck_assert_int_eq(errors->nelts, 0);
    ck_assert_str_eq(f.title, "Samferdsel");
    ck_assert_str_eq(f.body, "<p>Hei</p>");
    ck_assert_str_eq(f.contact_phone, "+47 38 00 00 00");
    ck_assert_int_eq(f.draft, 0);
    ck_assert_int_eq(f.menu, NAERING_MENU_SHOW);
}
END_TEST

START_TEST(problems_a_person_can_fix_are_field_errors)
{
    naering_page_fields f;
    apr_array_header_t *errors;
    char *title = apr_palloc(tp, 202);

    memset(title, 'x', 201);
    title[201] = '\0';
    ck_assert_ptr_null(read_form("title=+&contact_email=nei&contact_phone=abc",
                                 &f, &errors));
    ck_assert(has_error(errors, "title", "required"));
    ck_assert(has_error(errors, "contact_email", "bad-email"));
    ck_assert(has_error(errors, "contact_phone", "bad-phone"));
    ck_assert_ptr_null(read_form(apr_pstrcat(tp, "title=", title, NULL), &f,
                                 &errors));
    ck_assert(has_error(errors, "title", "too-long"));
    ck_assert_ptr_null(read_form("title=To%0Alinjer", &f, &errors));
    ck_assert(has_error(errors, "title", "one-line"));
}
END_TEST

START_TEST(a_broken_request_is_400_not_a_field_error)
{
    naering_page_fields f;
    apr_array_header_t *errors;
    naering_err *e;

    e = read_form("title=%C3%28", &f, &errors);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 400);
    e = read_form("title=A&status=kanskje", &f, &errors);
    ck_assert_int_eq(e->status, 400);
    e = read_form("title=A&meny=av", &f, &errors);
    ck_assert_int_eq(e->status, 400);
}
END_TEST

START_TEST(menu_choice_left_out_keeps_the_place)
{
    naering_page_fields f;
    apr_array_header_t *errors;

    ck_assert_ptr_null(read_form("title=A", &f, &errors));
    ck_assert_int_eq(f.menu, NAERING_MENU_KEEP);
    ck_assert_ptr_null(read_form("title=A&meny=skjul&status=utkast", &f,
                                 &errors));
    ck_assert_int_eq(f.menu, NAERING_MENU_HIDE);
    ck_assert_int_eq(f.draft, 1);
}
END_TEST

START_TEST(errors_are_added_in_order)
{
    apr_array_header_t *errors = apr_array_make(tp, 1,
                                                sizeof(naering_field_err));

    naering_form_error(errors, "slug", "taken");
    naering_form_error(errors, "title", "required");
    ck_assert_int_eq(errors->nelts, 2);
    ck_assert(has_error(errors, "slug", "taken"));
    ck_assert_str_eq(APR_ARRAY_IDX(errors, 1, naering_field_err).key,
                     "required");
}
END_TEST

/* ---- the site's details ---------------------------------------------- */

static naering_err *read_site(const char *form, naering_site_fields *f,
                              apr_array_header_t **errors)
{
    *errors = apr_array_make(tp, 4, sizeof(naering_field_err));
    memset(f, 0, sizeof(*f));
    return naering_form_site(tp, form, f, *errors);
}

START_TEST(site_details_read_clean_and_trimmed)
{
    naering_site_fields f;
    apr_array_header_t *errors;

    ck_assert_ptr_null(read_site("organisation=+Knutepunkt+&about=Om+oss"
                                 "&address=R%C3%A5dhusgata+1%0D%0A4611+"
                                 "Kristiansand%0D%0A&phone=%2B47+38+00+00+00"
                                 "&email=post%40k.no&statement=%2F"
                                 "tilgjengelighet", &f, &errors));
    ck_assert_int_eq(errors->nelts, 0);
    ck_assert_str_eq(f.organisation, "Knutepunkt");
    ck_assert_str_eq(f.address, "Rådhusgata 1\n4611 Kristiansand");
    ck_assert_str_eq(f.statement, "/tilgjengelighet");
    /* Every field may be empty: the footer then leaves it out. */
    ck_assert_ptr_null(read_site("", &f, &errors));
    ck_assert_int_eq(errors->nelts, 0);
    ck_assert_str_eq(f.email, "");
}
END_TEST

/* The statement link is a path of the site or a web address: nothing a
 * browser would run or send elsewhere while looking local. */
START_TEST(site_statement_link_is_a_path_or_a_web_address)
{
    static const char *const good[] = { "%2Ftilgjengelighet",
        "https%3A%2F%2Fuustatus.no%2Fnb%2Ferklaringer%2Fpublisert%2F1",
        "http%3A%2F%2Fexample.no%2F", NULL };
    static const char *const bad[] = { "javascript%3Aalert(1)",
        "%2F%2Fevil.example%2F", "https%3A%2F%2F", "tilgjengelighet",
        "%2Fa+b", "%2Fa%22onmouseover%3D", "data%3Atext%2Fhtml%2Cx",
        "HTTPS%3A%2F%2Fx.no", NULL };
    naering_site_fields f;
    apr_array_header_t *errors;
    int i;

    for (i = 0; good[i]; i++) {
        ck_assert_ptr_null(read_site(apr_pstrcat(tp, "statement=", good[i],
                                                 NULL), &f, &errors));
        ck_assert_msg(errors->nelts == 0, "%s", good[i]);
    }
    for (i = 0; bad[i]; i++) {
        ck_assert_ptr_null(read_site(apr_pstrcat(tp, "statement=", bad[i],
                                                 NULL), &f, &errors));
        ck_assert_msg(has_error(errors, "statement", "bad-link"), "%s",
                      bad[i]);
    }
}
END_TEST

START_TEST(site_problems_are_field_errors)
{
    naering_site_fields f;
    apr_array_header_t *errors;

    ck_assert_ptr_null(read_site("email=nei&phone=ring+meg&organisation=A%0AB"
                                 "&about=En%0Ato&address=1%0A2%0A3%0A4%0A5"
                                 "%0A6%0A7", &f, &errors));
    ck_assert(has_error(errors, "email", "bad-email"));
    ck_assert(has_error(errors, "phone", "bad-phone"));
    ck_assert(has_error(errors, "organisation", "one-line"));
    ck_assert(has_error(errors, "about", "one-line"));
    ck_assert(has_error(errors, "address", "too-many-lines"));
    /* What was typed stays, for the form to show again. */
    ck_assert_str_eq(f.phone, "ring meg");
    ck_assert_ptr_nonnull(read_site("about=%C3%28", &f, &errors));
}
END_TEST

START_TEST(image_words_need_alt_text_or_decorative)
{
    apr_array_header_t *errors = apr_array_make(tp, 4,
                                                sizeof(naering_field_err));
    naering_image_fields f = { "  Kart over Agder  ", "", 0 };

    naering_form_image(tp, &f, errors);
    ck_assert_int_eq(errors->nelts, 0);
    ck_assert_str_eq(f.alt, "Kart over Agder");
    f = (naering_image_fields){ " \t ", "Foto", 0 };
    naering_form_image(tp, &f, errors);
    ck_assert_int_eq(errors->nelts, 1);
    ck_assert_str_eq(APR_ARRAY_IDX(errors, 0, naering_field_err).key,
                     "required-alt");
    /* Decorative: no alt text needed, and any typed is dropped. */
    apr_array_clear(errors);
    f = (naering_image_fields){ "Strek", "", 1 };
    naering_form_image(tp, &f, errors);
    ck_assert_int_eq(errors->nelts, 0);
    ck_assert_str_eq(f.alt, "");
    /* One line each, and limits. */
    f = (naering_image_fields){ "to\nlinjer", "a\nb", 0 };
    naering_form_image(tp, &f, errors);
    ck_assert_int_eq(errors->nelts, 2);
}
END_TEST

START_TEST(a_figure_is_what_the_sanitizer_keeps)
{
    naering_image_fields f = { "Kart \"sør\" & <nord>", "Foto: K&S", 0 };
    const char *html = naering_figure_html(tp, "/bilder/3", &f), *clean;

    ck_assert_ptr_null(naering_sanitize_site(tp, html, strlen(html),
                                             "/bilder", &clean));
    ck_assert_str_eq(clean, "<figure><img src=\"/bilder/3\" alt=\"Kart "
                     "&quot;sør&quot; &amp; &lt;nord&gt;\"/><figcaption>"
                     "Foto: K&amp;S</figcaption></figure>");
    f = (naering_image_fields){ "", "", 1 };
    html = naering_figure_html(tp, "/bilder/3", &f);
    ck_assert_ptr_null(naering_sanitize_site(tp, html, strlen(html),
                                             "/bilder", &clean));
    ck_assert_str_eq(clean, "<figure><img src=\"/bilder/3\" alt=\"\" "
                     "role=\"presentation\"/></figure>");
}
END_TEST

START_TEST(a_page_whose_image_lacks_alt_text_is_refused)
{
    apr_array_header_t *errors;
    naering_page_fields f;

    ck_assert_ptr_null(read_form("title=T&body=%3Cp%3EA%3Cimg+src%3D%22"
                                 "%2Fbilder%2F4%22%3E%3C%2Fp%3E", &f,
                                 &errors));
    ck_assert_int_eq(errors->nelts, 1);
    ck_assert_str_eq(APR_ARRAY_IDX(errors, 0, naering_field_err).key,
                     "image-alt");
    ck_assert_ptr_null(read_form("title=T&body=%3Cimg+src%3D%22%2Fbilder"
                                 "%2F4%22+alt%3D%22Bru%22%3E", &f, &errors));
    ck_assert_int_eq(errors->nelts, 0);
}
END_TEST

Suite *naering_form_suite(void)
{
    Suite *s = suite_create("form");
    TCase *tc = tcase_create("form");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, text_fields);
    tcase_add_test(tc, a_full_form_reads_clean);
    tcase_add_test(tc, problems_a_person_can_fix_are_field_errors);
    tcase_add_test(tc, a_broken_request_is_400_not_a_field_error);
    tcase_add_test(tc, menu_choice_left_out_keeps_the_place);
    tcase_add_test(tc, errors_are_added_in_order);
    tcase_add_test(tc, site_details_read_clean_and_trimmed);
    tcase_add_test(tc, site_statement_link_is_a_path_or_a_web_address);
    tcase_add_test(tc, site_problems_are_field_errors);
    tcase_add_test(tc, image_words_need_alt_text_or_decorative);
    tcase_add_test(tc, a_figure_is_what_the_sanitizer_keeps);
    tcase_add_test(tc, a_page_whose_image_lacks_alt_text_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
