/* The templates and their string table: nb.xml is read once into a hash,
 * nb:s('key') finds each text, every key the templates name exists, and
 * a broken table stops the compile with a message that says where. */
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <libxml/parser.h>
#include "tests.h"

static naering_templates tpl;

static void compile_setup(void)
{
    naering_test_setup();
    memset(&tpl, 0, sizeof(tpl));
    tpl.dir = NAERING_TEST_XSLT;
}

static void compile_teardown(void)
{
    naering_templates_free(&tpl);
    naering_test_teardown();
}

/* A scratch template set: site.xsl and feed.xsl that print nb:s(key) of
 * the key in the input, and the nb.xml given. */
static const char *scratch_set(const char *strings)
{
    static const char sheet[] =
        "<xsl:stylesheet version='1.0' "
        "xmlns:xsl='http://www.w3.org/1999/XSL/Transform' "
        "xmlns:nb='" NAERING_STRINGS_NS "' exclude-result-prefixes='nb'>"
        "<xsl:output method='text'/>"
        "<xsl:template match='/'>[<xsl:value-of select='nb:s(k)'/>]"
        "</xsl:template></xsl:stylesheet>";
    char *dir = apr_pstrdup(tp, "/tmp/naering-render-XXXXXX");
    const char *names[] = { "site.xsl", "feed.xsl", "nb.xml" };
    const char *texts[] = { sheet, sheet, strings };
    int i;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    for (i = 0; i < 3; i++) {
        FILE *f = fopen(apr_pstrcat(tp, dir, "/", names[i], NULL), "w");
        ck_assert_ptr_nonnull(f);
        fputs(texts[i], f);
        fclose(f);
    }
    return dir;
}

static void scratch_remove(const char *dir)
{
    unlink(apr_pstrcat(tp, dir, "/site.xsl", NULL));
    unlink(apr_pstrcat(tp, dir, "/feed.xsl", NULL));
    unlink(apr_pstrcat(tp, dir, "/nb.xml", NULL));
    rmdir(dir);
}

/* Renders <k lang>key</k> with the scratch set's site.xsl: lang "nn"
 * renders nynorsk, "en" English, anything else (or NULL) bokmål. */
static const char *render_in(naering_templates *t, const char *lang,
                             const char *key)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr k = xmlNewDocNode(doc, NULL, BAD_CAST "k", BAD_CAST key);
    const char *out;
    apr_size_t len;
    naering_err *e;

    if (lang)
        xmlSetProp(k, BAD_CAST "lang", BAD_CAST lang);
    xmlDocSetRootElement(doc, k);
    e = naering_render(tp, t, NAERING_STYLE_SITE, doc, &out, &len);
    xmlFreeDoc(doc);
    ck_assert_msg(e == NULL, "%s", e ? e->msg : "");
    return apr_pstrmemdup(tp, out, len);
}

static const char *lookup_by_render(naering_templates *t, const char *key)
{
    return render_in(t, NULL, key);
}

START_TEST(shipped_table_loads)
{
    naering_err *e = naering_templates_compile(tp, &tpl);

    ck_assert_msg(e == NULL, "%s", e ? e->msg : "");
    ck_assert_str_eq(naering_string(&tpl, "login"), "Login for redigering");
    ck_assert_str_eq(naering_string(&tpl, "a11y-statement"),
                     "Tilgjengelighetserklæring");
    ck_assert_str_eq(naering_string(&tpl, "no-such-key"), "");
}
END_TEST

START_TEST(render_looks_up_text)
{
    const char *dir = scratch_set(
        "<strings><s key='a'>Søk på nettstedet</s><s key='b'/></strings>");
    naering_templates t = { .dir = dir };
    naering_err *e = naering_templates_compile(tp, &t);

    ck_assert_msg(e == NULL, "%s", e ? e->msg : "");
    ck_assert_str_eq(lookup_by_render(&t, "a"), "[Søk på nettstedet]");
    ck_assert_str_eq(lookup_by_render(&t, "b"), "[]");
    ck_assert_str_eq(lookup_by_render(&t, "missing"), "[]");
    naering_templates_free(&t);
    scratch_remove(dir);
}
END_TEST

static void assert_compile_fails(const char *strings, const char *needle)
{
    const char *dir = scratch_set(strings);
    naering_templates t = { .dir = dir };
    naering_err *e = naering_templates_compile(tp, &t);

    ck_assert_ptr_nonnull(e);
    ck_assert_msg(strstr(e->msg, needle) != NULL, "%s", e->msg);
    ck_assert_msg(strstr(e->msg, "nb.xml") != NULL, "%s", e->msg);
    naering_templates_free(&t);
    scratch_remove(dir);
}

START_TEST(duplicate_key_refused)
{
    assert_compile_fails("<strings>\n<s key='a'>x</s>\n<s key='a'>y</s>\n"
                         "</strings>", "line 3: a key given twice");
}
END_TEST

START_TEST(key_missing_refused)
{
    assert_compile_fails("<strings><s>x</s></strings>", "without key");
}
END_TEST

START_TEST(wrong_root_refused)
{
    assert_compile_fails("<texts><s key='a'>x</s></texts>", "not <strings>");
}
END_TEST

START_TEST(broken_xml_refused)
{
    assert_compile_fails("<strings>\n<s key='a'>x</strings>",
                         "line 2: cannot read the string table: ");
}
END_TEST

/* Every nb:s('literal') in the shipped templates names a key of nb.xml:
 * a typo would otherwise render as an empty label. */
START_TEST(every_literal_key_exists)
{
    DIR *d = opendir(NAERING_TEST_XSLT);
    struct dirent *ent;
    int files = 0, keys = 0;

    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_null(naering_templates_compile(tp, &tpl));
    while ((ent = readdir(d))) {
        char *text, *at;
        apr_size_t n = strlen(ent->d_name);
        apr_file_t *f;
        apr_finfo_t fi;

        if (n < 5 || strcmp(ent->d_name + n - 4, ".xsl") != 0)
            continue;
        ck_assert_int_eq(apr_file_open(&f, apr_pstrcat(tp, NAERING_TEST_XSLT,
                         "/", ent->d_name, NULL), APR_READ, 0, tp), 0);
        apr_file_info_get(&fi, APR_FINFO_SIZE, f);
        text = apr_pcalloc(tp, (apr_size_t)fi.size + 1);
        apr_file_read_full(f, text, (apr_size_t)fi.size, NULL);
        apr_file_close(f);
        files++;
        for (at = strstr(text, "nb:s('"); at; at = strstr(at, "nb:s('")) {
            char *key = at + 6, *end = strchr(key, '\'');

            ck_assert_ptr_nonnull(end);
            key = apr_pstrmemdup(tp, key, (apr_size_t)(end - key));
            ck_assert_msg(naering_string(&tpl, key)[0] != '\0',
                          "%s: nb:s('%s') is not in nb.xml", ent->d_name, key);
            keys++;
            at = end;
        }
    }
    closedir(d);
    ck_assert_int_ge(files, 6);
    ck_assert_int_ge(keys, 100);
}
END_TEST

/* The three shipped tables hold the same keys, none of them empty where
 * bokmål has a text: a key missing in nn.xml or en.xml would show
 * bokmål on a nynorsk or English page. */
static void free_text(void *payload, const xmlChar *name)
{
    (void)name;
    xmlFree(payload);
}

static void collect_key(void *payload, void *data, const xmlChar *name)
{
    apr_array_header_t *keys = data;

    (void)payload;
    APR_ARRAY_PUSH(keys, const char *) = apr_pstrdup(tp, (const char *)name);
}

START_TEST(tables_have_the_same_keys)
{
    static const char *const langs[] = { "nn", "en" };
    xmlHashTablePtr nb, other;
    apr_array_header_t *keys = apr_array_make(tp, 400, sizeof(const char *));
    int i, j;

    ck_assert_ptr_null(naering_strings_file(tp, NAERING_TEST_XSLT "/nb.xml",
                                            &nb));
    xmlHashScan(nb, collect_key, keys);
    ck_assert_int_ge(keys->nelts, 300);
    for (i = 0; i < 2; i++) {
        const char *file = apr_pstrcat(tp, NAERING_TEST_XSLT "/", langs[i],
                                       ".xml", NULL);
        ck_assert_ptr_null(naering_strings_file(tp, file, &other));
        ck_assert_int_eq(xmlHashSize(other), xmlHashSize(nb));
        for (j = 0; j < keys->nelts; j++) {
            const char *k = APR_ARRAY_IDX(keys, j, const char *);
            const char *v = xmlHashLookup(other, BAD_CAST k);
            const char *b = xmlHashLookup(nb, BAD_CAST k);
            ck_assert_msg(v != NULL, "%s has no key %s", file, k);
            ck_assert_msg(!*b || *v, "%s: %s is empty", file, k);
        }
        xmlHashFree(other, free_text);
    }
    xmlHashFree(nb, free_text);
}
END_TEST

START_TEST(render_in_the_page_language)
{
    const char *dir = scratch_set(
        "<strings><s key='a'>Søk på nettstedet</s><s key='b'>bare nb</s>"
        "</strings>");
    naering_templates t = { .dir = dir };
    FILE *f = fopen(apr_pstrcat(tp, dir, "/nn.xml", NULL), "w");
    naering_err *e;

    ck_assert_ptr_nonnull(f);
    fputs("<strings><s key='a'>Søk på nettstaden</s></strings>", f);
    fclose(f);
    e = naering_templates_compile(tp, &t);
    ck_assert_msg(e == NULL, "%s", e ? e->msg : "");
    ck_assert_str_eq(render_in(&t, "nn", "a"), "[Søk på nettstaden]");
    ck_assert_str_eq(render_in(&t, "nn", "b"), "[bare nb]");
    /* no en.xml in this set: English pages get bokmål's strings */
    ck_assert_str_eq(render_in(&t, "en", "a"), "[Søk på nettstedet]");
    ck_assert_str_eq(render_in(&t, "xx", "a"), "[Søk på nettstedet]");
    ck_assert_str_eq(render_in(&t, NULL, "a"), "[Søk på nettstedet]");
    naering_templates_free(&t);
    unlink(apr_pstrcat(tp, dir, "/nn.xml", NULL));
    scratch_remove(dir);
}
END_TEST

static apr_int64_t identity_of(const char *dir)
{
    apr_int64_t id = 0;
    apr_time_t newest = 0;
    naering_err *e = naering_files_identity(tp, dir, &id, &newest);

    ck_assert_msg(e == NULL, "%s", e ? e->msg : "");
    ck_assert(newest > 0);
    return id;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    FILE *f = fopen(apr_pstrcat(tp, dir, "/", name, NULL), "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* What renders is known by its files, not by when it was compiled: two
 * folders with the same files (two servers) have one identity; a changed
 * byte, a renamed file or a new file in a subfolder changes it. */
START_TEST(identity_of_the_files)
{
    const char *a = scratch_set("<strings/>"), *b = scratch_set("<strings/>");
    apr_int64_t first = identity_of(a);
    apr_time_t newest;
    apr_int64_t id;

    ck_assert(first == identity_of(b));
    write_file(b, "nb.xml", "<strings/> ");
    ck_assert(first != identity_of(b));
    write_file(b, "nb.xml", "<strings/>");
    ck_assert(first == identity_of(b));
    rename(apr_pstrcat(tp, b, "/nb.xml", NULL),
           apr_pstrcat(tp, b, "/nn.xml", NULL));
    ck_assert(first != identity_of(b));
    rename(apr_pstrcat(tp, b, "/nn.xml", NULL),
           apr_pstrcat(tp, b, "/nb.xml", NULL));
    ck_assert_int_eq(mkdir(apr_pstrcat(tp, b, "/ressurser", NULL), 0700), 0);
    write_file(apr_pstrcat(tp, b, "/ressurser", NULL), "x.css", "p{}");
    ck_assert(first != identity_of(b));
    unlink(apr_pstrcat(tp, b, "/ressurser/x.css", NULL));
    rmdir(apr_pstrcat(tp, b, "/ressurser", NULL));
    ck_assert(first == identity_of(b));
    ck_assert_ptr_nonnull(naering_files_identity(tp, "/nonexistent-naering",
                                                 &id, &newest));
    scratch_remove(a);
    scratch_remove(b);
}
END_TEST

Suite *naering_render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("strings");

    tcase_add_checked_fixture(tc, compile_setup, compile_teardown);
    tcase_add_test(tc, shipped_table_loads);
    tcase_add_test(tc, render_looks_up_text);
    tcase_add_test(tc, duplicate_key_refused);
    tcase_add_test(tc, key_missing_refused);
    tcase_add_test(tc, wrong_root_refused);
    tcase_add_test(tc, broken_xml_refused);
    tcase_add_test(tc, every_literal_key_exists);
    tcase_add_test(tc, tables_have_the_same_keys);
    tcase_add_test(tc, render_in_the_page_language);
    tcase_add_test(tc, identity_of_the_files);
    suite_add_tcase(s, tc);
    return s;
}
