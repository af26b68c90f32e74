/* The accessibility and klarspråk checks of a stored fragment: one test
 * per rule, each with a text that warns and one that does not. */
#include <string.h>
#include <unistr.h>
#include <apr_strings.h>
#include "tests.h"

/* The kinds of the warnings of xhtml, space-separated, in order. */
static const char *kinds(const char *xhtml)
{
    apr_array_header_t *w = naering_a11y_check(tp, xhtml);
    const char *s = "";
    int i;

    for (i = 0; i < w->nelts; i++)
        s = apr_pstrcat(tp, s, i ? " " : "",
                        APR_ARRAY_IDX(w, i, naering_a11y_warning).kind, NULL);
    return s;
}

static const naering_a11y_warning *first(const char *xhtml)
{
    apr_array_header_t *w = naering_a11y_check(tp, xhtml);

    ck_assert_int_ge(w->nelts, 1);
    return &APR_ARRAY_IDX(w, 0, naering_a11y_warning);
}

START_TEST(a_heading_that_skips_a_level_warns)
{
    const naering_a11y_warning *w = first(
        "<h2>Om oss</h2><p>Tekst.</p><h4>Styret</h4>");

    ck_assert_str_eq(w->kind, "heading-skip");
    ck_assert_str_eq(w->criterion, "1.3.1");
    ck_assert_str_eq(w->excerpt, "Styret");
    /* The page title is the h1: an h1 in the body, or h3 first, skips. */
    ck_assert_str_eq(kinds("<h1>Tittel igjen</h1>"), "heading-skip");
    ck_assert_str_eq(kinds("<h3>Først</h3>"), "heading-skip");
    ck_assert_str_eq(kinds("<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2>"
                           "<h3>E</h3>"), "");
}
END_TEST

START_TEST(an_empty_heading_warns)
{
    ck_assert_str_eq(kinds("<h2>A</h2><h3> <br/> </h3>"), "heading-empty");
    ck_assert_str_eq(first("<h2>\xc2\xa0</h2>")->excerpt, "");
    ck_assert_str_eq(kinds("<h2><strong>Full</strong> tittel</h2>"), "");
}
END_TEST

START_TEST(a_bold_paragraph_is_a_fake_heading)
{
    const naering_a11y_warning *w = first(
        "<p><strong>Søknadsfrist</strong></p><p>Fristen er 1. mai.</p>");

    ck_assert_str_eq(w->kind, "fake-heading");
    ck_assert_str_eq(w->criterion, "1.3.1");
    ck_assert_str_eq(w->excerpt, "Søknadsfrist");
    ck_assert_str_eq(kinds("<p> <b>Kontakt</b> </p>"), "fake-heading");
    ck_assert_str_eq(kinds("<p><strong>Merk:</strong> fristen er 1. mai.</p>"),
                     "");
    ck_assert_str_eq(kinds("<p><strong>Dette er en hel avsnittslang "
                           "utheving som er altfor lang til å være en "
                           "overskrift på siden her.</strong></p>"), "");
}
END_TEST

START_TEST(a_vague_link_text_warns)
{
    const naering_a11y_warning *w = first(
        "<p>Søknadsskjemaet finner du <a href=\"/skjema\">Klikk her!</a></p>");

    ck_assert_str_eq(w->kind, "link-vague");
    ck_assert_str_eq(w->criterion, "2.4.4");
    ck_assert_str_eq(w->excerpt, "Klikk her!");
    ck_assert_str_eq(kinds("<p><a href=\"/a\"> les  <em>mer</em>…</a></p>"),
                     "link-vague");
    ck_assert_str_eq(kinds("<p><a href=\"/a\">Les meir</a></p>"),
                     "link-vague");
    ck_assert_str_eq(kinds("<p><a href=\"/a\">Les mer om tilskudd</a> "
                           "<a href=\"/b\">Hermetikk</a></p>"), "");
}
END_TEST

START_TEST(a_bare_url_as_link_text_warns)
{
    ck_assert_str_eq(kinds("<p><a href=\"https://www.regjeringen.no/\">"
                           "https://www.regjeringen.no/</a></p>"), "link-url");
    ck_assert_str_eq(kinds("<p><a href=\"https://www.nav.no\">www.nav.no"
                           "</a></p>"), "link-url");
    ck_assert_str_eq(kinds("<p><a href=\"https://www.nav.no\">NAV</a></p>"),
                     "");
}
END_TEST

START_TEST(the_same_link_text_to_two_places_warns_once)
{
    ck_assert_str_eq(kinds("<p><a href=\"/a\">Søknad</a> <a href=\"/b\">"
                           "søknad</a> <a href=\"/c\">Søknad</a></p>"),
                     "link-same-text");
    ck_assert_str_eq(first("<p><a href=\"/a\">Søknad</a> <a href=\"/b\">"
                           "søknad</a></p>")->excerpt, "søknad");
    /* The same place, written twice a little differently, is fine. */
    ck_assert_str_eq(kinds("<p><a href=\"/a\">Søknad</a> <a href=\"/a/#x\">"
                           "Søknad</a></p>"), "");
}
END_TEST

START_TEST(a_table_without_header_cells_warns)
{
    const naering_a11y_warning *w = first(
        "<table><tbody><tr><td>Mandag</td><td>9–15</td></tr></tbody></table>");

    ck_assert_str_eq(w->kind, "table-no-header");
    ck_assert_str_eq(w->criterion, "1.3.1");
    ck_assert_str_eq(w->excerpt, "Mandag 9–15");
    ck_assert_str_eq(kinds("<table><thead><tr><th>Dag</th><th>Tid</th></tr>"
                           "</thead><tbody><tr><td>Mandag</td><td>9–15</td>"
                           "</tr></tbody></table>"), "");
}
END_TEST

START_TEST(an_image_without_alt_text_warns)
{
    const naering_a11y_warning *w = first(
        "<figure><img src=\"/bilder/7\"/></figure>");

    ck_assert_str_eq(w->kind, "image-no-alt");
    ck_assert_str_eq(w->criterion, "1.1.1");
    ck_assert_str_eq(w->excerpt, "/bilder/7");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"\"/>"
                           "</figure>"), "image-no-alt");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"\" "
                           "role=\"presentation\"/></figure>"), "");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"Kart over "
                           "Kvadraturen\"/></figure>"), "");
}
END_TEST

START_TEST(an_alt_text_that_is_a_file_name_warns)
{
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"IMG_1234\"/>"
                           "</figure>"), "image-alt-file");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"DSC01234\"/>"
                           "</figure>"), "image-alt-file");
    ck_assert_str_eq(first("<figure><img src=\"/bilder/7\" alt=\"kart "
                           "sentrum.PNG\"/></figure>")->excerpt,
                     "kart sentrum.PNG");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"Images of "
                           "the harbour in 1920\"/></figure>"), "");
    ck_assert_str_eq(kinds("<figure><img src=\"/bilder/7\" alt=\"Bilde av "
                           "kartet.\"/></figure>"), "");
}
END_TEST

START_TEST(four_words_in_capitals_warn)
{
    const naering_a11y_warning *w = first(
        "<p>Husk: VIKTIG MELDING TIL ALLE SØKERE om fristen.</p>");

    ck_assert_str_eq(w->kind, "all-caps");
    ck_assert_str_eq(w->criterion, "3.1.5");
    ck_assert_str_eq(w->excerpt, "VIKTIG MELDING TIL ALLE SØKERE om fristen.");
    ck_assert_str_eq(kinds("<h2>ÅPNINGSTIDER I PÅSKEN OG JULEN</h2>"), "all-caps");
    /* Acronyms and short words in capitals are no shouting. */
    ck_assert_str_eq(kinds("<p>NAV, IKT og KS møtes; NAV OG KS.</p>"), "");
    ck_assert_str_eq(kinds("<p>A B C D E F er bokstaver.</p>"), "");
}
END_TEST

static const char *words(int n, const char *end)
{
    const char *s = "";
    int i;

    for (i = 0; i < n; i++)
        s = apr_pstrcat(tp, s, i ? " ord" : "Ord", NULL);
    return apr_pstrcat(tp, s, end, NULL);
}

START_TEST(a_very_long_paragraph_warns)
{
    /* 16 sentences of 10 words: 160 words, no sentence too long. */
    const char *p = "<p>";
    int i;

    for (i = 0; i < 16; i++)
        p = apr_pstrcat(tp, p, i ? " " : "", words(10, "."), NULL);
    ck_assert_str_eq(kinds(apr_pstrcat(tp, p, "</p>", NULL)),
                     "long-paragraph");
    ck_assert_str_eq(first(apr_pstrcat(tp, p, "</p>", NULL))->criterion,
                     "3.1.5");
    p = "<p>";
    for (i = 0; i < 14; i++)
        p = apr_pstrcat(tp, p, i ? " " : "", words(10, "."), NULL);
    ck_assert_str_eq(kinds(apr_pstrcat(tp, p, "</p>", NULL)), "");
}
END_TEST

START_TEST(a_very_long_sentence_warns)
{
    const naering_a11y_warning *w;

    ck_assert_str_eq(kinds(apr_pstrcat(tp, "<p>Kort. ", words(31, "!"),
                                       " Kort igjen.</p>", NULL)),
                     "long-sentence");
    w = first(apr_pstrcat(tp, "<ul><li>", words(40, "?"), "</li></ul>",
                          NULL));
    ck_assert_str_eq(w->kind, "long-sentence");
    ck_assert(strstr(w->excerpt, "…") != NULL);
    /* Two sentences of 30 words each are long enough, not too long. */
    ck_assert_str_eq(kinds(apr_pstrcat(tp, "<p>", words(30, "."), " ",
                                       words(30, "."), "</p>", NULL)), "");
}
END_TEST

START_TEST(a_document_link_must_name_its_type)
{
    const naering_a11y_warning *w = first(
        "<p><a href=\"/om/dokumenter/Årsmelding%202025.pdf\">Årsmelding "
        "2025</a></p>");

    ck_assert_str_eq(w->kind, "document-type");
    ck_assert_str_eq(w->criterion, "2.4.4");
    ck_assert_str_eq(w->excerpt, "Årsmelding 2025");
    ck_assert_str_eq(kinds("<p><a href=\"https://example.no/skjema.DOCX?v=2\">"
                           "Søknadsskjema (PDF)</a></p>"), "document-type");
    ck_assert_str_eq(kinds("<p><a href=\"/om/dokumenter/vedtekter\">"
                           "Vedtekter</a></p>"), "document-type");
    ck_assert_str_eq(kinds("<p><a href=\"/om/dokumenter/Årsmelding.pdf\">"
                           "Årsmelding 2025 (pdf, 2 MB)</a> "
                           "<a href=\"/b.xlsx\">Budsjett i Excel</a> "
                           "<a href=\"/c.docx\">Skjema (Word)</a> "
                           "<a href=\"/dokumentasjon\">Dokumentasjon</a>"
                           "</p>"), "");
}
END_TEST

START_TEST(a_clean_body_has_no_warnings)
{
    ck_assert_str_eq(kinds(
        "<p>Knutepunkt Sørlandet hjelper bedrifter i Agder med å finne "
        "partnere. Vi samarbeider med kommunene og NAV.</p>"
        "<h2>Slik søker du</h2>"
        "<ol><li>Les <a href=\"/tilskudd/kriterier\">kriteriene for "
        "tilskudd</a>.</li><li>Fyll ut <a href=\"/tilskudd/dokumenter/"
        "skjema.pdf\">søknadsskjemaet (PDF, 120 kB)</a>.</li></ol>"
        "<h3>Frister</h3>"
        "<table><caption>Frister i 2026</caption><thead><tr><th scope=\"col\">"
        "Runde</th><th scope=\"col\">Frist</th></tr></thead><tbody><tr>"
        "<td>Vår</td><td>1. mars</td></tr></tbody></table>"
        "<figure><img src=\"/bilder/3\" alt=\"Havna i Kristiansand\"/>"
        "<figcaption>Foto: Agder fylkeskommune</figcaption></figure>"
        "<h2>Kontakt</h2><p><strong>Merk:</strong> svar innen tre dager. "
        "Se også <a href=\"https://www.nav.no/arbeidsgiver\">NAVs sider for "
        "arbeidsgivere</a>.</p>"), "");
    ck_assert_str_eq(kinds(""), "");
    ck_assert_str_eq(kinds(NULL), "");
}
END_TEST

START_TEST(a_fragment_that_does_not_parse_has_no_warnings)
{
    ck_assert_int_eq(naering_a11y_check(tp, "<h4>Klikk her<p>")->nelts, 0);
    ck_assert_int_eq(naering_a11y_check(tp, "<p><a href=\"/x\">her</p>")
                     ->nelts, 0);
}
END_TEST

START_TEST(excerpts_cut_between_letters)
{
    const char *long_heading = "<h3>ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ "
        "æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå "
        "ÆØÅæøåÆØÅæøåÆØÅæøå</h3>";
    const naering_a11y_warning *w = first(long_heading);
    const char *e = w->excerpt;
    size_t n = strlen(e);

    ck_assert_str_eq(w->kind, "heading-skip");
    ck_assert(n > 3 && strcmp(e + n - 3, "…") == 0);
    ck_assert(naering_utf8_valid(e, n));
    ck_assert_int_le(u8_mbsnlen((const uint8_t *)e, n), 80);
    /* Cut at a word, not in one. */
    ck_assert_int_eq(strncmp(long_heading + 4, e, n - 3), 0);
    ck_assert_int_eq(long_heading[4 + n - 3], ' ');
    /* Exactly 80 characters are kept whole. */
    e = "ÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøåÆØÅæøå"
        "ÆØÅæøåÆØÅæøåÆØÅæøåÆØ";
    ck_assert_int_eq(u8_mbsnlen((const uint8_t *)e, strlen(e)), 80);
    ck_assert_str_eq(first(apr_pstrcat(tp, "<h4>", e, "</h4>", NULL))
                     ->excerpt, e);
}
END_TEST

Suite *naering_a11y_suite(void)
{
    Suite *s = suite_create("a11y");
    TCase *tc = tcase_create("a11y");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, a_heading_that_skips_a_level_warns);
    tcase_add_test(tc, an_empty_heading_warns);
    tcase_add_test(tc, a_bold_paragraph_is_a_fake_heading);
    tcase_add_test(tc, a_vague_link_text_warns);
    tcase_add_test(tc, a_bare_url_as_link_text_warns);
    tcase_add_test(tc, the_same_link_text_to_two_places_warns_once);
    tcase_add_test(tc, a_table_without_header_cells_warns);
    tcase_add_test(tc, an_image_without_alt_text_warns);
    tcase_add_test(tc, an_alt_text_that_is_a_file_name_warns);
    tcase_add_test(tc, four_words_in_capitals_warn);
    tcase_add_test(tc, a_very_long_paragraph_warns);
    tcase_add_test(tc, a_very_long_sentence_warns);
    tcase_add_test(tc, a_document_link_must_name_its_type);
    tcase_add_test(tc, a_clean_body_has_no_warnings);
    tcase_add_test(tc, a_fragment_that_does_not_parse_has_no_warnings);
    tcase_add_test(tc, excerpts_cut_between_letters);
    suite_add_tcase(s, tc);
    return s;
}
