/* The editor's part of the XML document (view/xml_editor.c). */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

#define xp naering_test_xp
#define count naering_test_count

static naering_page *page(sqlite3_int64 id, const char *path,
                          const char *title)
{
    naering_page *pg = apr_pcalloc(tp, sizeof(*pg));

    pg->id = id;
    pg->revision = 7;
    pg->path = path;
    pg->title = title;
    pg->summary = pg->body = "";
    pg->contact_name = pg->contact_email = pg->contact_phone = "";
    pg->author = "redaktor";
    pg->updated = apr_time_from_sec(1429176600);
    return pg;
}

/* An editor view of kind for the page /om (id 3) below base. */
static naering_view editor_view(naering_view_kind kind,
                                naering_editor_view *ed, const char *base)
{
    naering_view v;

    memset(&v, 0, sizeof(v));
    memset(ed, 0, sizeof(*ed));
    v.kind = kind;
    v.site_name = "Knutepunkt";
    v.base = base;
    v.path = "/redigering/om";
    v.page = page(3, "/om", "Om oss");
    ed->user = "redaktor";
    ed->csrf = "123.abc";
    v.editor = ed;
    return v;
}

static xmlDocPtr build(const naering_view *v)
{
    xmlDocPtr doc = naering_test_keep(naering_xml_build(tp, v));

    ck_assert_ptr_nonnull(doc);
    return doc;
}

START_TEST(editor_element_carries_user_token_and_notice)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_HISTORY, &ed, "/s");
    xmlDocPtr doc;

    ed.notice = "lagret";
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "/naering/@view"), "history");
    ck_assert_str_eq(xp(doc, "/naering/editor/@url"), "/s/redigering/om");
    ck_assert_str_eq(xp(doc, "/naering/editor/@user"), "redaktor");
    ck_assert_str_eq(xp(doc, "/naering/editor/@csrf"), "123.abc");
    ck_assert_str_eq(xp(doc, "/naering/editor/@home"), "/s/redigering");
    ck_assert_str_eq(xp(doc, "/naering/editor/@notice"), "lagret");
    ck_assert_int_eq(count(doc, "/naering/editor"), 1);
    /* Editors see who wrote what by login. */
    ck_assert_str_eq(xp(doc, "/naering/page/updated/@by"), "redaktor");
}
END_TEST

START_TEST(public_views_have_no_editor_details)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_PAGE, &ed, "");
    xmlDocPtr doc;

    v.editor = NULL;
    doc = build(&v);
    ck_assert_int_eq(count(doc, "/naering/editor/@user"), 0);
    ck_assert_int_eq(count(doc, "/naering/editor/@csrf"), 0);
    ck_assert_int_eq(count(doc, "/naering/form"), 0);
}
END_TEST

START_TEST(form_keeps_values_and_errors)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_EDIT, &ed, "");
    naering_page_fields f;
    xmlDocPtr doc;

    memset(&f, 0, sizeof(f));
    f.title = "Ny <tittel>";
    f.summary = f.contact_name = f.contact_email = f.contact_phone = "";
    f.body = "<p>x</p>";
    f.comment = NULL;
    f.draft = 1;
    f.menu = NAERING_MENU_HIDE;
    ed.form = &f;
    ed.form_revision = 42;
    ed.errors = apr_array_make(tp, 1, sizeof(naering_field_err));
    naering_form_error(ed.errors, "title", "too-long");
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "/naering/form/@revision"), "42");
    ck_assert_str_eq(xp(doc, "/naering/form/title"), "Ny <tittel>");
    ck_assert_str_eq(xp(doc, "/naering/form/body"), "<p>x</p>");
    ck_assert_str_eq(xp(doc, "/naering/form/comment"), "");
    ck_assert_str_eq(xp(doc, "/naering/form/status"), "utkast");
    ck_assert_str_eq(xp(doc, "/naering/form/menu"), "skjul");
    ck_assert_str_eq(xp(doc, "/naering/form/error/@field"), "title");
    ck_assert_str_eq(xp(doc, "/naering/form/error/@key"), "too-long");
}
END_TEST

START_TEST(history_marks_the_current_revision)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_HISTORY, &ed, "");
    naering_revision r = { 7, "Om oss", "redaktor", "Rettet", 0, "" };
    naering_revision old = { 5, "Om", "annen", "", 0, "pending" };
    xmlDocPtr doc;

    ed.revisions = apr_array_make(tp, 2, sizeof(naering_revision));
    APR_ARRAY_PUSH(ed.revisions, naering_revision) = r;
    APR_ARRAY_PUSH(ed.revisions, naering_revision) = old;
    doc = build(&v);
    ck_assert_int_eq(count(doc, "/naering/history/revision"), 2);
    ck_assert_str_eq(xp(doc, "//revision[@current='true']/@id"), "7");
    ck_assert_str_eq(xp(doc, "//revision[@id='5']/@by"), "annen");
    ck_assert_str_eq(xp(doc, "//revision[@id='7']/comment"), "Rettet");
    /* A scheduled text not yet live says so. */
    ck_assert_str_eq(xp(doc, "//revision[@id='5']/@scheduled"), "pending");
    ck_assert_int_eq(count(doc, "//revision[@scheduled]"), 1);
}
END_TEST

START_TEST(diff_counts_changed_words)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_DIFF, &ed, "");
    naering_page *from = page(3, "/om", "Om oss");
    naering_page *to = page(3, "/om", "Om oss i dag");
    xmlDocPtr doc;

    from->revision = 5;
    from->body = "<p>Gammel tekst</p>";
    to->body = "<p>Ny tekst</p>";
    ed.from = from;
    ed.to = to;
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "/naering/diff/@from"), "5");
    ck_assert_str_eq(xp(doc, "/naering/diff/@to"), "7");
    ck_assert_str_eq(xp(doc, "normalize-space(/naering/diff/title/ins)"),
                     "i dag");
    ck_assert_str_eq(xp(doc, "/naering/diff/body/del"), "Gammel");
    ck_assert_str_eq(xp(doc, "/naering/diff/body/ins"), "Ny");
    ck_assert_int_ge(atoi(xp(doc, "/naering/diff/@changes")), 3);
}
END_TEST

START_TEST(document_list_links_each_version)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_DOCUMENTS, &ed, "/s");
    naering_document d;
    naering_doc_version cur = { 12, 4, "ab", "application/pdf", "redaktor",
                                100, 0, 1 };
    naering_doc_version old = { 9, 4, "cd", "application/pdf", "annen", 90, 0,
                                0 };
    xmlDocPtr doc;

    memset(&d, 0, sizeof(d));
    d.id = 4;
    d.title = "Plan";
    d.filename = "Plan 2.pdf";
    d.mime = "application/pdf";
    d.trashed = 1;
    ed.all_documents = apr_array_make(tp, 1, sizeof(d));
    APR_ARRAY_PUSH(ed.all_documents, naering_document) = d;
    ed.doc_versions = apr_array_make(tp, 2, sizeof(cur));
    APR_ARRAY_PUSH(ed.doc_versions, naering_doc_version) = cur;
    APR_ARRAY_PUSH(ed.doc_versions, naering_doc_version) = old;
    ed.refused = "mismatch";
    ed.refused_file = "virus.pdf";
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "//doc-list/doc/@url"),
                     "/s/om/dokumenter/Plan%202.pdf");
    ck_assert_str_eq(xp(doc, "//doc-list/doc/@trashed"), "true");
    ck_assert_int_eq(count(doc, "//doc-list/doc/version"), 2);
    ck_assert_str_eq(xp(doc, "//version[@current='true']/@id"), "12");
    ck_assert_str_eq(xp(doc, "//version[@id='9']/@url"),
                     "/s/redigering/om?vis=dokumentversjon&versjon=9");
    ck_assert_str_eq(xp(doc, "/naering/refused/@key"), "mismatch");
    ck_assert_str_eq(xp(doc, "/naering/refused/@file"), "virus.pdf");
}
END_TEST

START_TEST(trash_changes_and_targets)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_TRASH, &ed, "");
    naering_entry gone = { 8, "/om/styret", "Styret", "", "redaktor", 0, "", 0 };
    naering_change c = { 20, 3, "/om", "Om oss", "annen", "Ny", 0, 1, 0, "" };
    xmlDocPtr doc;

    ed.trash = apr_array_make(tp, 1, sizeof(gone));
    APR_ARRAY_PUSH(ed.trash, naering_entry) = gone;
    ed.pages = apr_array_make(tp, 1, sizeof(gone));
    APR_ARRAY_PUSH(ed.pages, naering_entry) = gone;
    ed.changes = apr_array_make(tp, 1, sizeof(c));
    APR_ARRAY_PUSH(ed.changes, naering_change) = c;
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "/naering/trash/entry/@id"), "8");
    ck_assert_str_eq(xp(doc, "/naering/trash/entry/title"), "Styret");
    ck_assert_str_eq(xp(doc, "/naering/targets/entry/@path"), "/om/styret");
    ck_assert_str_eq(xp(doc, "/naering/changes/change/@edit-url"),
                     "/redigering/om");
    ck_assert_str_eq(xp(doc, "/naering/changes/change/@draft"), "true");
    ck_assert_str_eq(xp(doc, "/naering/changes/change/@by"), "annen");
}
END_TEST

START_TEST(preview_is_parsed_xhtml)
{
    naering_editor_view ed;
    naering_view v = editor_view(NAERING_VIEW_EDIT, &ed, "");
    xmlDocPtr doc;

    ed.preview = "<h2>Overskrift</h2><p>Tekst</p>";
    doc = build(&v);
    ck_assert_str_eq(xp(doc, "/naering/preview/div/h2"), "Overskrift");
    ck_assert_int_eq(count(doc, "/naering/preview/div/p"), 1);
}
END_TEST

Suite *naering_xml_editor_suite(void)
{
    Suite *s = suite_create("xml_editor");
    TCase *tc = tcase_create("xml_editor");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, editor_element_carries_user_token_and_notice);
    tcase_add_test(tc, public_views_have_no_editor_details);
    tcase_add_test(tc, form_keeps_values_and_errors);
    tcase_add_test(tc, history_marks_the_current_revision);
    tcase_add_test(tc, diff_counts_changed_words);
    tcase_add_test(tc, document_list_links_each_version);
    tcase_add_test(tc, trash_changes_and_targets);
    tcase_add_test(tc, preview_is_parsed_xhtml);
    suite_add_tcase(s, tc);
    return s;
}
