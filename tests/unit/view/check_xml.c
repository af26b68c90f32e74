/* The XML document the templates see: shape, URLs, body parsing, escaping. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include "tests.h"

static xmlDocPtr build(const naering_view *v)
{
    xmlDocPtr doc = naering_test_keep(naering_xml_build(tp, v));

    ck_assert_ptr_nonnull(doc);
    return doc;
}

/* Serialises doc and parses the result again: NULL if not well-formed. */
static xmlDocPtr round_trip(xmlDocPtr doc, const char **text)
{
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocPtr again;

    xmlDocDumpMemory(doc, &mem, &len);
    ck_assert_ptr_nonnull(mem);
    if (text)
        *text = apr_pstrmemdup(tp, (const char *)mem, len);
    again = naering_test_keep(xmlReadMemory((const char *)mem, len, NULL, NULL,
                               XML_PARSE_NONET));
    xmlFree(mem);
    return again;
}

/* libxml2 reports a broken body fragment on stderr; keep the run readable. */
static void quiet(void *ctx, const char *msg, ...)
{
}

static apr_status_t loud(void *unused)
{
    xmlSetGenericErrorFunc(NULL, NULL);
    return APR_SUCCESS;
}

static void hush(void)
{
    xmlSetGenericErrorFunc(NULL, quiet);
    apr_pool_cleanup_register(tp, NULL, loud, apr_pool_cleanup_null);
}

static naering_page *page(sqlite3_int64 id, sqlite3_int64 parent,
                          const char *path, const char *title)
{
    naering_page *pg = apr_pcalloc(tp, sizeof(*pg));

    pg->id = id;
    pg->parent_id = parent;
    pg->revision = 10 + id;
    pg->path = path;
    pg->title = title;
    pg->summary = "";
    pg->body = "";
    pg->contact_name = pg->contact_email = pg->contact_phone = "";
    pg->author = "redaktor";
    pg->updated = apr_time_from_sec(1429176600);
    return pg;
}

static naering_view view(const naering_page *pg)
{
    naering_view v;

    memset(&v, 0, sizeof(v));
    v.kind = NAERING_VIEW_PAGE;
    v.site_name = "Knutepunkt Sørlandet";
    v.base = "";
    v.path = pg ? pg->path : "/";
    v.page = pg;
    return v;
}

static void item(apr_array_header_t *a, sqlite3_int64 id,
                 sqlite3_int64 parent, const char *path, const char *title)
{
    naering_menu_item it = { id, parent, path, title };

    APR_ARRAY_PUSH(a, naering_menu_item) = it;
}

static void document(apr_array_header_t *a, const char *filename,
                     const char *mime, apr_off_t size)
{
    naering_document d;

    memset(&d, 0, sizeof(d));
    d.id = a->nelts + 1;
    d.title = apr_pstrcat(tp, "Tittel ", filename, NULL);
    d.filename = filename;
    d.mime = mime;
    d.sha256 = "ba7816bf8f01cfea414140de5dae2223"
               "b00361a396177a9cb410ff61f20015ad";
    d.size = size;
    d.updated = apr_time_from_sec(1429176600);
    APR_ARRAY_PUSH(a, naering_document) = d;
}

/* The demo tree: / (1), /om (2), /om/styret (3), /samferdsel (4). */
static naering_view tree_view(const char *base)
{
    naering_view v = view(page(3, 2, "/om/styret", "Styret"));

    v.base = base;
    v.menu = apr_array_make(tp, 4, sizeof(naering_menu_item));
    item(v.menu, 2, 1, "/om", "Om oss");
    item(v.menu, 4, 1, "/samferdsel", "Samferdsel");
    item(v.menu, 3, 2, "/om/styret", "Styret");
    v.crumbs = apr_array_make(tp, 3, sizeof(naering_menu_item));
    item(v.crumbs, 1, 0, "/", "Forside");
    item(v.crumbs, 2, 1, "/om", "Om oss");
    item(v.crumbs, 3, 2, "/om/styret", "Styret");
    return v;
}

/* ---- root and site ----------------------------------------------------- */

START_TEST(page_view_root)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc = build(&v);

    ck_assert_str_eq(naering_test_xp(doc, "name(/*)"), "naering");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/@view"), "page");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/@status"), "200");
    ck_assert_int_eq(naering_test_count(doc, "/naering/page"), 1);
}
END_TEST

START_TEST(error_view_root)
{
    naering_view v = view(NULL);
    xmlDocPtr doc;

    v.kind = NAERING_VIEW_ERROR;
    v.status = 404;
    v.path = "/finnes-ikke";
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/@view"), "error");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/@status"), "404");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/@path"), "/finnes-ikke");
    ck_assert_int_eq(naering_test_count(doc, "/naering/page"), 0);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/site/@name"), "Knutepunkt Sørlandet");
}
END_TEST

START_TEST(site_at_server_root)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc = build(&v);

    ck_assert_str_eq(naering_test_xp(doc, "/naering/site/@name"), "Knutepunkt Sørlandet");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/site/@url"), "/");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@url"), "/");
}
END_TEST

START_TEST(site_below_base)
{
    naering_view v = tree_view("/site");
    xmlDocPtr doc = build(&v);

    ck_assert_str_eq(naering_test_xp(doc, "/naering/site/@url"), "/site/");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@url"), "/site/om/styret");
    ck_assert_str_eq(naering_test_xp(doc, "//menu/item[1]/@url"), "/site/om");
    ck_assert_str_eq(naering_test_xp(doc, "//breadcrumbs/crumb[1]/@url"), "/site/");
}
END_TEST

/* ---- menu and breadcrumbs ---------------------------------------------- */

START_TEST(menu_nests_children_under_parents)
{
    naering_view v = tree_view("");
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "/naering/menu/item"), 2);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/menu/item[1]/@path"), "/om");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/menu/item[1]/title"), "Om oss");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/menu/item[2]/@path"), "/samferdsel");
    ck_assert_int_eq(naering_test_count(doc, "/naering/menu/item[1]/item"), 1);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/menu/item[1]/item/@url"),
                     "/om/styret");
    ck_assert_int_eq(naering_test_count(doc, "/naering/menu/item[2]/item"), 0);
    ck_assert_int_eq(naering_test_count(doc, "//menu//item"), 3);
}
END_TEST

START_TEST(menu_child_listed_before_parent)
{
    naering_view v = view(page(4, 1, "/samferdsel", "Samferdsel"));
    xmlDocPtr doc;

    v.menu = apr_array_make(tp, 2, sizeof(naering_menu_item));
    item(v.menu, 3, 2, "/om/styret", "Styret");
    item(v.menu, 2, 1, "/om", "Om oss");
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/menu/item"), 1);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/menu/item/item/@path"), "/om/styret");
}
END_TEST

START_TEST(menu_marks_current_and_ancestors)
{
    naering_view v = tree_view("");
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "//item[@current='true']"), 1);
    ck_assert_str_eq(naering_test_xp(doc, "//item[@current='true']/@path"), "/om/styret");
    ck_assert_int_eq(naering_test_count(doc, "//item[@ancestor='true']"), 1);
    ck_assert_str_eq(naering_test_xp(doc, "//item[@ancestor='true']/@path"), "/om");
    ck_assert_int_eq(naering_test_count(doc, "//item[@path='/om/styret']/@ancestor"), 0);
    ck_assert_int_eq(naering_test_count(doc, "//item[@path='/samferdsel']/@*"
                                "[name()='current' or name()='ancestor']"), 0);
}
END_TEST

START_TEST(no_menu_without_items)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "//menu/item"), 0);
    ck_assert_int_eq(naering_test_count(doc, "//breadcrumbs/crumb"), 0);
}
END_TEST

START_TEST(breadcrumbs_root_first)
{
    naering_view v = tree_view("");
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "/naering/breadcrumbs/crumb"), 3);
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[1]"), "Forside");
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[1]/@url"), "/");
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[2]"), "Om oss");
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[2]/@url"), "/om");
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[3]"), "Styret");
    ck_assert_str_eq(naering_test_xp(doc, "//crumb[3]/@url"), "/om/styret");
}
END_TEST

/* ---- page -------------------------------------------------------------- */

START_TEST(page_fields)
{
    naering_page *pg = page(2, 1, "/naeringsnettverket", "Næringsnettverket");
    naering_view v = view(pg);
    xmlDocPtr doc;

    pg->summary = "Samordner næringsinnsatsen.";
    pg->body = "<p>Brødtekst</p>";
    pg->draft = 1;
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@id"), "2");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@path"), "/naeringsnettverket");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@revision"), "12");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@draft"), "true");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/title"), "Næringsnettverket");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/summary"),
                     "Samordner næringsinnsatsen.");
    /* The public never sees a login: the site's name, or the name the
     * admin's NaeringDisplayName gave the author. */
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/updated/@by"),
                     "Knutepunkt Sørlandet");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body/div/p"), "Brødtekst");
    pg->author_name = "Kari Nordmann";
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/updated/@by"),
                     "Kari Nordmann");
}
END_TEST

START_TEST(a_page_below_a_draft_says_so)
{
    naering_page *pg = page(3, 2, "/om/styret", "Styret");
    naering_view v = view(pg);
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "/naering/page/@hidden"), 0);
    pg->hidden = 1;
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/@hidden"), "true");
    pg->draft = 1;      /* the draft itself says draft="true" */
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/page/@hidden"), 0);
}
END_TEST

START_TEST(a_refusal_names_the_page)
{
    naering_view v = view(NULL);
    xmlDocPtr doc;

    v.kind = NAERING_VIEW_ERROR;
    v.status = 403;
    v.denied_path = "/om/styret";
    v.denied_title = "Styret";
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/denied/@path"),
                     "/om/styret");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/denied/title"), "Styret");
    v.denied_path = NULL;
    v.denied_title = NULL;
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/denied"), 0);
}
END_TEST

START_TEST(body_xhtml_becomes_elements)
{
    naering_page *pg = page(1, 0, "/", "Forside");
    naering_view v = view(pg);
    xmlDocPtr doc;

    pg->body = "<p>Hei <a href=\"mailto:x@y.no\">x</a></p><h2>Æ</h2>";
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/page/body/div/*"), 2);
    ck_assert_str_eq(naering_test_xp(doc, "name(/naering/page/body/div/*[1])"), "p");
    ck_assert_str_eq(naering_test_xp(doc, "name(/naering/page/body/div/*[2])"), "h2");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body/div/p/a/@href"),
                     "mailto:x@y.no");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body/div/p"), "Hei x");
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body/div/h2"), "Æ");
}
END_TEST

/* A page without body text (the column's default) shows no paragraph. */
START_TEST(empty_body_adds_nothing)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "/naering/page/body/div"), 1);
    ck_assert_int_eq(naering_test_count(doc, "/naering/page/body/div/node()"), 0);
}
END_TEST

static void assert_broken_body_is_text(const char *body)
{
    naering_page *pg = page(1, 0, "/", "Forside");
    naering_view v = view(pg);
    xmlDocPtr doc, again;

    pg->body = body;
    hush();
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/page/body/div//*"
                                "[not(self::p)]"), 0);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body"), body);
    again = round_trip(doc, NULL);
    ck_assert_msg(again != NULL, "%s broke the document", body);
    ck_assert_str_eq(naering_test_xp(again, "/naering/page/body"), body);
    ck_assert_str_eq(naering_test_xp(again, "/naering/page/title"), "Forside");
    ck_assert_int_eq(naering_test_count(again, "/naering/editor"), 1);
}

START_TEST(broken_body_unclosed_is_text)
{
    assert_broken_body_is_text("<p>unclosed");
}
END_TEST

START_TEST(broken_body_script_is_text)
{
    assert_broken_body_is_text("<script>");
    assert_broken_body_is_text("<p>a</p></div></body><script>x()");
    assert_broken_body_is_text("Tom & Jerry <b");
}
END_TEST

START_TEST(body_entities_never_read_files)
{
    const char *bodies[] = {
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><p>&e;</p>",
        "<p>&e;</p>",
        "<!DOCTYPE p SYSTEM \"file:///etc/passwd\"><p>x</p>",
    };
    size_t i;

    hush();
    for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        naering_page *pg = page(1, 0, "/", "Forside");
        naering_view v = view(pg);
        const char *text;
        xmlDocPtr doc;

        pg->body = bodies[i];
        doc = build(&v);
        ck_assert_ptr_nonnull(round_trip(doc, &text));
        ck_assert_msg(strstr(text, "root:") == NULL,
                      "/etc/passwd read through %s", bodies[i]);
        ck_assert_str_eq(naering_test_xp(doc, "/naering/page/body"), bodies[i]);
    }
}
END_TEST

START_TEST(contact_only_when_set)
{
    naering_page *pg = page(1, 0, "/", "Forside");
    naering_view v = view(pg);
    xmlDocPtr doc = build(&v);

    ck_assert_int_eq(naering_test_count(doc, "//contact"), 0);
    pg->contact_phone = "38 00 00 00";
    doc = build(&v);
    ck_assert_int_eq(naering_test_count(doc, "/naering/page/contact"), 1);
    ck_assert_str_eq(naering_test_xp(doc, "//contact/phone"), "38 00 00 00");
    ck_assert_str_eq(naering_test_xp(doc, "//contact/name"), "");
    pg->contact_phone = "";
    pg->contact_name = "Lukas Wedemeyer";
    pg->contact_email = "lukas@example.no";
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "//contact/name"), "Lukas Wedemeyer");
    ck_assert_str_eq(naering_test_xp(doc, "//contact/email"), "lukas@example.no");
}
END_TEST

/* ---- documents --------------------------------------------------------- */

START_TEST(documents_count_and_fields)
{
    naering_view v = view(page(2, 1, "/naeringsnettverket", "N"));
    xmlDocPtr doc;

    v.documents = apr_array_make(tp, 2, sizeof(naering_document));
    document(v.documents, "plan.pdf", "application/pdf", 12345);
    document(v.documents, "Årsrapport 2015.pdf", "application/pdf", 7);
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/documents/@count"), "2");
    ck_assert_int_eq(naering_test_count(doc, "//documents/document"), 2);
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/@url"),
                     "/naeringsnettverket/dokumenter/plan.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/@filename"), "plan.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/@size"), "12345");
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/@mime"), "application/pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/title"), "Tittel plan.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[2]/@filename"),
                     "Årsrapport 2015.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[2]/@size"), "7");
}
END_TEST

START_TEST(document_urls_are_escaped)
{
    naering_view v = view(page(2, 1, "/naeringsnettverket", "N"));
    xmlDocPtr doc;

    v.documents = apr_array_make(tp, 3, sizeof(naering_document));
    document(v.documents, "Årsrapport 2015.pdf", "application/pdf", 1);
    document(v.documents, "æøå.pdf", "application/pdf", 1);
    document(v.documents, "a#b?c/d%e.pdf", "application/pdf", 1);
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "//document[1]/@url"),
                     "/naeringsnettverket/dokumenter/"
                     "%c3%85rsrapport%202015.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[2]/@url"),
                     "/naeringsnettverket/dokumenter/"
                     "%c3%a6%c3%b8%c3%a5.pdf");
    ck_assert_str_eq(naering_test_xp(doc, "//document[3]/@url"),
                     "/naeringsnettverket/dokumenter/a%23b%3fc%2fd%25e.pdf");
}
END_TEST

START_TEST(document_urls_front_page_and_base)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc;

    v.base = "/site";
    v.documents = apr_array_make(tp, 1, sizeof(naering_document));
    document(v.documents, "plan.pdf", "application/pdf", 1);
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "//document/@url"), "/site/dokumenter/plan.pdf");
}
END_TEST

START_TEST(no_documents_count_zero)
{
    naering_view v = view(page(1, 0, "/", "Forside"));
    xmlDocPtr doc = build(&v);

    ck_assert_str_eq(naering_test_xp(doc, "/naering/page/documents/@count"), "0");
    ck_assert_int_eq(naering_test_count(doc, "//document"), 0);
}
END_TEST

/* ---- editor and escaping ----------------------------------------------- */

START_TEST(editor_url)
{
    naering_view v = view(page(2, 1, "/naeringsnettverket", "N"));
    xmlDocPtr doc = build(&v);

    ck_assert_str_eq(naering_test_xp(doc, "/naering/editor/@url"),
                     "/redigering/naeringsnettverket");
    v = view(page(1, 0, "/", "Forside"));
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/editor/@url"), "/redigering");
    v.base = "/site";
    doc = build(&v);
    ck_assert_str_eq(naering_test_xp(doc, "/naering/editor/@url"), "/site/redigering");
}
END_TEST

START_TEST(special_characters_round_trip)
{
    const char *t = "Tom & Jerry <\"æøå\"> 'ÆØÅ' &amp; ]]>";
    naering_page *pg = page(3, 2, "/om/styret", t);
    naering_view v = view(pg);
    xmlDocPtr again;

    v.site_name = t;
    pg->summary = t;
    v.menu = apr_array_make(tp, 1, sizeof(naering_menu_item));
    item(v.menu, 3, 2, "/om/styret", t);
    v.crumbs = apr_array_make(tp, 1, sizeof(naering_menu_item));
    item(v.crumbs, 3, 2, "/om/styret", t);
    v.documents = apr_array_make(tp, 1, sizeof(naering_document));
    document(v.documents, t, "application/pdf", 1);
    again = round_trip(build(&v), NULL);
    ck_assert_ptr_nonnull(again);
    ck_assert_str_eq(naering_test_xp(again, "/naering/site/@name"), t);
    ck_assert_str_eq(naering_test_xp(again, "/naering/page/title"), t);
    ck_assert_str_eq(naering_test_xp(again, "/naering/page/summary"), t);
    ck_assert_str_eq(naering_test_xp(again, "//menu/item/title"), t);
    ck_assert_str_eq(naering_test_xp(again, "//crumb"), t);
    ck_assert_str_eq(naering_test_xp(again, "//document/@filename"), t);
}
END_TEST

Suite *naering_xml_suite(void)
{
    Suite *s = suite_create("xml");
    TCase *tc = tcase_create("xml");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, page_view_root);
    tcase_add_test(tc, error_view_root);
    tcase_add_test(tc, site_at_server_root);
    tcase_add_test(tc, site_below_base);
    tcase_add_test(tc, menu_nests_children_under_parents);
    tcase_add_test(tc, menu_child_listed_before_parent);
    tcase_add_test(tc, menu_marks_current_and_ancestors);
    tcase_add_test(tc, no_menu_without_items);
    tcase_add_test(tc, breadcrumbs_root_first);
    tcase_add_test(tc, page_fields);
    tcase_add_test(tc, a_page_below_a_draft_says_so);
    tcase_add_test(tc, a_refusal_names_the_page);
    tcase_add_test(tc, body_xhtml_becomes_elements);
    tcase_add_test(tc, empty_body_adds_nothing);
    tcase_add_test(tc, broken_body_unclosed_is_text);
    tcase_add_test(tc, broken_body_script_is_text);
    tcase_add_test(tc, body_entities_never_read_files);
    tcase_add_test(tc, contact_only_when_set);
    tcase_add_test(tc, documents_count_and_fields);
    tcase_add_test(tc, document_urls_are_escaped);
    tcase_add_test(tc, document_urls_front_page_and_base);
    tcase_add_test(tc, no_documents_count_zero);
    tcase_add_test(tc, editor_url);
    tcase_add_test(tc, special_characters_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
