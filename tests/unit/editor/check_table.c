/*
 * The editor's tables (editor/table.c), alone: every view and action the
 * forms use is there with the flags the gate relies on, and a word that
 * is not there finds nothing (never a default).  The editor's functions
 * are stood in for by stubs that return their own number, so this links
 * table.c and nothing of httpd.
 */
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "editor/editor.h"

/* The module record server.h's log macros point at. */
module AP_MODULE_DECLARE_DATA naering_module;

#define STUB(name, n) int name(naering_edit_ctx *ec) { (void)ec; return n; }
STUB(naering_view_edit, 1) STUB(naering_view_new, 2)
STUB(naering_view_history, 3) STUB(naering_view_diff, 4)
STUB(naering_view_trash, 5) STUB(naering_view_changes, 6)
STUB(naering_view_logout, 7)
STUB(naering_act_save, 10) STUB(naering_act_preview, 11)
STUB(naering_act_create, 12) STUB(naering_act_move, 13)
STUB(naering_act_trash, 14) STUB(naering_act_restore, 15)
STUB(naering_act_untrash, 16) STUB(naering_act_up, 17)
STUB(naering_act_down, 18)
STUB(naering_docs_view, 20) STUB(naering_docs_version, 21)
STUB(naering_docs_upload, 22) STUB(naering_docs_replace, 23)
STUB(naering_docs_rename, 24) STUB(naering_docs_up, 25)
STUB(naering_docs_down, 26) STUB(naering_docs_trash, 27)
STUB(naering_docs_untrash, 28) STUB(naering_docs_restore, 29)
STUB(naering_site_view, 30) STUB(naering_site_save, 31)
STUB(naering_site_restore, 32)
STUB(naering_images_view, 40) STUB(naering_image_view, 41)
STUB(naering_images_upload, 42) STUB(naering_images_insert, 43)
STUB(naering_images_replace, 44) STUB(naering_images_trash, 45)
STUB(naering_images_untrash, 46)
STUB(naering_docs_checks_view, 47) STUB(naering_links_broken_view, 48)
STUB(naering_langs_link, 49) STUB(naering_langs_unlink, 50)
STUB(naering_a11y_view, 51)
STUB(naering_schedule_view, 60) STUB(naering_review_view, 61)
STUB(naering_schedule_add, 62) STUB(naering_schedule_edit, 63)
STUB(naering_schedule_cancel, 64) STUB(naering_review_done, 65)
STUB(naering_review_save, 66) STUB(naering_schedule_text_view, 67)

/* The stub an entry calls, by its number; 0 when there is no entry. */
static int which(const naering_edit_entry *table, const char *word)
{
    const naering_edit_entry *e = naering_edit_find(table, word);
    return e ? e->fn(NULL) : 0;
}

static int flags(const naering_edit_entry *table, const char *word)
{
    const naering_edit_entry *e = naering_edit_find(table, word);
    ck_assert_msg(e != NULL, "no entry %s", word);
    return e->flags;
}

START_TEST(views_by_word)
{
    ck_assert_int_eq(which(naering_edit_views, ""), 1);
    ck_assert_int_eq(which(naering_edit_views, "ny"), 2);
    ck_assert_int_eq(which(naering_edit_views, "historikk"), 3);
    ck_assert_int_eq(which(naering_edit_views, "diff"), 4);
    ck_assert_int_eq(which(naering_edit_views, "papirkurv"), 5);
    ck_assert_int_eq(which(naering_edit_views, "endringer"), 6);
    ck_assert_int_eq(which(naering_edit_views, "tilgjengelighet"), 51);
    ck_assert_int_eq(which(naering_edit_actions, "koble-oversettelse"), 49);
    ck_assert_int_eq(which(naering_edit_actions, "fjern-oversettelse"), 50);
    ck_assert_int_eq(flags(naering_edit_actions, "koble-oversettelse"),
                     NAERING_EDIT_PAGE | NAERING_EDIT_WRITES);
    ck_assert_int_eq(which(naering_edit_views, "logg-ut"), 7);
    ck_assert_int_eq(which(naering_edit_views, "dokumenter"), 20);
    ck_assert_int_eq(which(naering_edit_views, "dokumentversjon"), 21);
    ck_assert_int_eq(which(naering_edit_views, "nettsted"), 30);
    ck_assert_int_eq(which(naering_edit_views, "bilder"), 40);
    ck_assert_int_eq(which(naering_edit_views, "bilde"), 41);
    ck_assert_int_eq(which(naering_edit_views, "dokumentsjekk"), 47);
    ck_assert_int_eq(which(naering_edit_views, "brutte-lenker"), 48);
}
END_TEST

START_TEST(actions_by_word)
{
    static const struct { const char *word; int fn; } all[] = {
        { "lagre", 10 }, { "forhandsvis", 11 }, { "opprett", 12 },
        { "flytt", 13 }, { "slett", 14 }, { "gjenopprett", 15 },
        { "angre-sletting", 16 }, { "opp", 17 }, { "ned", 18 },
        { "last-opp", 22 }, { "erstatt", 23 }, { "dok-tittel", 24 },
        { "dok-opp", 25 }, { "dok-ned", 26 }, { "dok-slett", 27 },
        { "dok-tilbake", 28 }, { "dok-versjon", 29 },
        { "lagre-nettsted", 31 }, { "nettsted-tilbake", 32 },
        { "last-opp-bilde", 42 }, { "sett-inn-bilde", 43 },
        { "erstatt-bilde", 44 }, { "slett-bilde", 45 },
        { "bilde-tilbake", 46 },
    };
    size_t i;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        ck_assert_msg(which(naering_edit_actions, all[i].word) == all[i].fn,
                      "%s", all[i].word);
}
END_TEST

START_TEST(unknown_words_find_nothing)
{
    static const char *const words[] = { "dok-", "dok-annet", "LAGRE",
        "lagre ", "slett\n", "x", "historikk", NULL };
    int i;

    for (i = 0; words[i]; i++)
        ck_assert_msg(which(naering_edit_actions, words[i]) == 0, "%s",
                      words[i]);
    ck_assert_int_eq(which(naering_edit_actions, ""), 0);
    ck_assert_ptr_null(naering_edit_find(naering_edit_actions, NULL));
    ck_assert_int_eq(which(naering_edit_views, "lagre"), 0);
    ck_assert_int_eq(which(naering_edit_views, "Historikk"), 0);
}
END_TEST

START_TEST(flags_say_what_each_needs)
{
    const naering_edit_entry *e;

    /* Only uploads take multipart; they write, on the URL's page. */
    for (e = naering_edit_actions; e->word; e++)
        if (e->flags & NAERING_EDIT_MULTIPART)
            ck_assert_msg(e->flags & NAERING_EDIT_WRITES
                          && e->flags & NAERING_EDIT_PAGE, "%s", e->word);
    ck_assert(flags(naering_edit_actions, "last-opp") & NAERING_EDIT_MULTIPART);
    ck_assert(flags(naering_edit_actions, "erstatt") & NAERING_EDIT_MULTIPART);
    ck_assert(flags(naering_edit_actions, "last-opp-bilde")
              & NAERING_EDIT_MULTIPART);
    ck_assert(flags(naering_edit_actions, "erstatt-bilde")
              & NAERING_EDIT_MULTIPART);
    ck_assert(!(flags(naering_edit_actions, "sett-inn-bilde")
                & NAERING_EDIT_MULTIPART));
    /* Images are reached through a page's editor: its Require holds. */
    ck_assert(flags(naering_edit_views, "bilder") & NAERING_EDIT_PAGE);
    ck_assert(flags(naering_edit_actions, "slett-bilde") & NAERING_EDIT_PAGE);
    ck_assert(!(flags(naering_edit_actions, "lagre")
                & NAERING_EDIT_MULTIPART));
    /* Every action writes but a preview; no view writes. */
    for (e = naering_edit_actions; e->word; e++)
        ck_assert_msg(!(e->flags & NAERING_EDIT_WRITES)
                      == !strcmp(e->word, "forhandsvis"), "%s", e->word);
    for (e = naering_edit_views; e->word; e++)
        ck_assert_msg(!(e->flags & (NAERING_EDIT_WRITES
                                    | NAERING_EDIT_MULTIPART)), "%s",
                      e->word);
    /* The site-wide lists need no page; restoring from the trash names
     * its page by id. */
    ck_assert(!(flags(naering_edit_views, "papirkurv") & NAERING_EDIT_PAGE));
    /* The site's details belong to no page (site.c asks for the front
     * page's rights itself). */
    ck_assert(!(flags(naering_edit_views, "nettsted") & NAERING_EDIT_PAGE));
    ck_assert(!(flags(naering_edit_actions, "lagre-nettsted")
                & NAERING_EDIT_PAGE));
    ck_assert(!(flags(naering_edit_actions, "angre-sletting")
                & NAERING_EDIT_PAGE));
    ck_assert(flags(naering_edit_views, "historikk") & NAERING_EDIT_PAGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("editor-table");
    TCase *tc = tcase_create("table");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, views_by_word);
    tcase_add_test(tc, actions_by_word);
    tcase_add_test(tc, unknown_words_find_nothing);
    tcase_add_test(tc, flags_say_what_each_needs);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
