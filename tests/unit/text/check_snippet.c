/* Search snippets: the words around the hits, hits marked, cut with "…".
 * Marks are shown here as [ and ] for readability. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

/* The snippet of one text for what a visitor typed, marks as [ ]. */
static const char *snip_cols(const char *typed, const char *const *cols,
                             int n)
{
    const char *fts = naering_search_query(tp, typed);
    char *s = apr_pstrdup(tp, naering_snippet(tp, fts, cols, n)), *c;

    for (c = s; *c; c++)
        if (*c == '\001')
            *c = '[';
        else if (*c == '\002')
            *c = ']';
    return s;
}

static const char *snip(const char *typed, const char *text)
{
    return snip_cols(typed, &text, 1);
}

START_TEST(short_text_whole_with_marks)
{
    ck_assert_str_eq(snip("næringsplan", "Strategisk næringsplan for regionen."),
                     "Strategisk [næringsplan] for regionen.");
}
END_TEST

START_TEST(prefix_and_case_fold)
{
    /* "nærings" is a prefix term; Æ folds to æ as in FTS5's unicode61. */
    ck_assert_str_eq(snip("nærings", "NÆRINGSLIVET og næringsplanen"),
                     "[NÆRINGSLIVET] og [næringsplanen]");
    ck_assert_str_eq(snip("ØKONOMI", "økonomiplanen"), "[økonomiplanen]");
}
END_TEST

START_TEST(no_diacritics_removed)
{
    /* Norwegian: æ ø å are letters of their own, as in the index. */
    ck_assert_str_eq(snip("naering", "næringsplan"), "næringsplan");
}
END_TEST

START_TEST(long_text_cut_around_hit)
{
    const char *text = "en to tre fire fem seks sju åtte ni ti elleve tolv "
        "tretten fjorten femten seksten sytten atten nitten tjue tjueen "
        "tjueto tjuetre tjuefire tjuefem tjueseks tjuesju tjueåtte "
        "tjueni tretti Kristiansand trettien trettito trettitre "
        "trettifire trettifem trettiseks trettisju trettiåtte "
        "trettini førti førtien førtito førtitre førtifire førtifem "
        "førtiseks førtisju førtiåtte førtini femti slutt.";
    const char *s = snip("kristiansand", text);

    /* Three words of lead-in, 24 words in all, cut on both sides. */
    ck_assert_str_eq(s, "…tjueåtte tjueni tretti [Kristiansand] trettien "
                     "trettito "
                     "trettitre trettifire trettifem trettiseks trettisju "
                     "trettiåtte trettini førti førtien førtito førtitre "
                     "førtifire førtifem førtiseks førtisju førtiåtte "
                     "førtini femti…");
}
END_TEST

START_TEST(window_with_most_terms_wins)
{
    const char *text = "plan plan plan plan. a b c d e f g h i j k l m n o p "
        "q r s t u v w x y z æ ø å aa bb cc dd ee ff gg "
        "Here the plan meets the budsjett at last.";
    const char *s = snip("plan budsjett", text);

    ck_assert_msg(strstr(s, "[plan] meets the [budsjett]") != NULL, "%s", s);
    ck_assert_msg(strncmp(s, "…", 3) == 0, "%s", s);
}
END_TEST

START_TEST(best_column_chosen_in_order)
{
    const char *cols[] = { "Brødtekst uten treff.", "Sammendrag om havna.",
                           NULL, "Havna" };

    /* Body has no hit, the summary has: the summary is shown. */
    ck_assert_str_eq(snip_cols("havna", cols, 4), "Sammendrag om [havna].");
    /* Neither has: the start of the first text that has words. */
    ck_assert_str_eq(snip_cols("ferje", cols, 4), "Brødtekst uten treff.");
}
END_TEST

START_TEST(markers_in_text_cannot_forge_marks)
{
    const char *s = naering_snippet(tp, "\"plan\"*",
                                    (const char *[]){ "a\001b\002 plan" }, 1);

    ck_assert_str_eq(s, "a b  \001plan\002");
}
END_TEST

START_TEST(phrase_term_words_each_marked)
{
    /* The query builder keeps "næring–plan" as one term (a phrase to
     * FTS5); each of its words is marked. */
    ck_assert_str_eq(snip("næring–plan", "Om næring og planer."),
                     "Om [næring] og [planer].");
}
END_TEST

START_TEST(broken_utf8_and_empty)
{
    const char *cols[] = { "", NULL };

    ck_assert_str_eq(snip_cols("x", cols, 2), "");
    ck_assert_str_eq(naering_snippet(tp, NULL, cols, 2), "");
    /* Bytes that are not UTF-8 separate words and come out as they were. */
    ck_assert_str_eq(snip("plan", "a\xff plan \xc3"), "a\xff [plan]");
}
END_TEST

Suite *naering_snippet_suite(void)
{
    Suite *s = suite_create("snippet");
    TCase *tc = tcase_create("snippet");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, short_text_whole_with_marks);
    tcase_add_test(tc, prefix_and_case_fold);
    tcase_add_test(tc, no_diacritics_removed);
    tcase_add_test(tc, long_text_cut_around_hit);
    tcase_add_test(tc, window_with_most_terms_wins);
    tcase_add_test(tc, best_column_chosen_in_order);
    tcase_add_test(tc, markers_in_text_cannot_forge_marks);
    tcase_add_test(tc, phrase_term_words_each_marked);
    tcase_add_test(tc, broken_utf8_and_empty);
    suite_add_tcase(s, tc);
    return s;
}
