/* diff.c: word-level diffs between revisions and the plain text of XHTML. */
#include <string.h>
#include <apr_strings.h>
#include <apr_time.h>
#include "tests.h"


Suite *naering_diff_suite(void);

/* Generous: the real cost is under 35 ms; this catches blow-ups.  Valgrind
 * runs the same code some 100 times slower and ASan several times, so they
 * get more room. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif
/* Not a speed test (tests/bench measures speed): a bound ten times above
 * what the fallback needs, to catch a quadratic blow-up on a busy CI. */
#define SLOW_MS (RUNNING_ON_VALGRIND ? 20000.0 : SANITIZED ? 10000.0 : 2000.0)

/* ---- helpers ----------------------------------------------------------- */

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

/* A <diff/> element in a document that lives as long as the test's pool. */
static xmlNodePtr new_parent(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "diff");

    xmlDocSetRootElement(doc, root);
    apr_pool_cleanup_register(tp, doc, free_doc, apr_pool_cleanup_null);
    return root;
}

static const char *text_of(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    const char *s = apr_pstrdup(tp, c ? (const char *)c : "");

    xmlFree(c);
    return s;
}

/* The result as "=[same]-[del]+[ins]", easy to compare whole. */
static const char *dump(xmlNodePtr parent)
{
    const char *out = "";
    xmlNodePtr n;

    for (n = parent->children; n; n = n->next) {
        const char *k = !strcmp((const char *)n->name, "same") ? "="
                        : !strcmp((const char *)n->name, "del") ? "-" : "+";
        out = apr_pstrcat(tp, out, k, "[", text_of(n), "]", NULL);
    }
    return out;
}

static int count_children(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n;
    int count = 0;

    for (n = parent->children; n; n = n->next)
        if (!name || !strcmp((const char *)n->name, name))
            count++;
    return count;
}

static const char *diff_dump(const char *a, const char *b, int *changed)
{
    xmlNodePtr parent = new_parent();

    *changed = naering_diff_words(tp, a, b, parent);
    return dump(parent);
}

/* Deterministic pseudo-random numbers (no rand(): its sequence differs
 * between C libraries). */
static unsigned next_rand(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

static const char *const vocab[] = {
    "Næringsnettverket", "kommunen", "og", "i", "på", "bedrifter,", "møte.",
    "Søknadsfrist:", "å", "tilskudd", "(2024)", "grønn", "omstilling"
};
#define VOCAB_N (sizeof(vocab) / sizeof(vocab[0]))

/* About len bytes of prose: words, spaces, now and then a paragraph. */
static char *make_text(apr_size_t len, unsigned seed)
{
    char *s = apr_palloc(tp, len + 64);
    apr_size_t n = 0;
    unsigned st = seed;

    while (n < len) {
        const char *w = vocab[next_rand(&st) % VOCAB_N];
        memcpy(s + n, w, strlen(w));
        n += strlen(w);
        s[n++] = next_rand(&st) % 40 == 0 ? '\n' : ' ';
    }
    s[n] = '\0';
    return s;
}

/* s with the word starting at or after byte at replaced by word. */
static char *replace_word(const char *s, apr_size_t at, const char *word)
{
    apr_size_t start = at, end;

    while (s[start] && s[start - 1] != ' ' && s[start - 1] != '\n')
        start++;
    for (end = start; s[end] && s[end] != ' ' && s[end] != '\n'; end++)
        ;
    return apr_pstrcat(tp, apr_pstrndup(tp, s, start), word, s + end, NULL);
}

static double ms_since(apr_time_t t0)
{
    return (double)(apr_time_now() - t0) / 1000.0;
}

/* Reading the result back must give both texts, with no empty elements,
 * no two neighbours of one kind and a change always del then ins. */
static void check_reconstructs(const char *a, const char *b)
{
    xmlNodePtr parent = new_parent(), n, prev = NULL;
    const char *ra = "", *rb = "";
    int changed = naering_diff_words(tp, a, b, parent);

    for (n = parent->children; n; prev = n, n = n->next) {
        const char *k = (const char *)n->name, *t = text_of(n);
        ck_assert_msg(*t, "empty <%s> for %s -> %s", k, a, b);
        if (prev)
            ck_assert_msg(strcmp((const char *)prev->name, k) != 0
                          && !(!strcmp((const char *)prev->name, "ins")
                               && !strcmp(k, "del")),
                          "%s after %s", k, (const char *)prev->name);
        if (strcmp(k, "ins"))
            ra = apr_pstrcat(tp, ra, t, NULL);
        if (strcmp(k, "del"))
            rb = apr_pstrcat(tp, rb, t, NULL);
    }
    ck_assert_str_eq(ra, a);
    ck_assert_str_eq(rb, b);
    ck_assert_int_eq(changed == 0, strcmp(a, b) == 0);
}

/* ---- naering_diff_words ------------------------------------------------ */

START_TEST(identical_is_one_same)
{
    int changed;
    const char *d = diff_dump("Hei og velkommen", "Hei og velkommen",
                              &changed);

    ck_assert_int_eq(changed, 0);
    ck_assert_str_eq(d, "=[Hei og velkommen]");
}
END_TEST

START_TEST(one_word_changed_in_the_middle)
{
    int changed;
    const char *d = diff_dump("Møtet er på tirsdag kl. 10",
                              "Møtet er på onsdag kl. 10", &changed);

    ck_assert_str_eq(d, "=[Møtet er på ]-[tirsdag]+[onsdag]=[ kl. 10]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(insertion_at_start)
{
    int changed;
    const char *d = diff_dump("kommunen har nytt nettsted",
                              "I dag kommunen har nytt nettsted", &changed);

    ck_assert_str_eq(d, "+[I dag ]=[kommunen har nytt nettsted]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(insertion_at_end)
{
    int changed;
    const char *d = diff_dump("Velkommen til oss", "Velkommen til oss i dag",
                              &changed);

    ck_assert_str_eq(d, "=[Velkommen til oss]+[ i dag]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(deletion_in_the_middle)
{
    int changed;
    const char *d = diff_dump("Søk om tilskudd innen fredag",
                              "Søk om tilskudd fredag", &changed);

    ck_assert_str_eq(d, "=[Søk om tilskudd ]-[innen ]=[fredag]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(norwegian_letters_stay_in_the_word)
{
    int changed;
    const char *d = diff_dump("Om Næringsnettverket i år",
                              "Om Næringsnettverk i år", &changed);

    ck_assert_str_eq(d,
        "=[Om ]-[Næringsnettverket]+[Næringsnettverk]=[ i år]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(neighbouring_words_change_as_one_run)
{
    int changed;
    const char *d = diff_dump("the quick brown fox", "the slow red fox",
                              &changed);

    ck_assert_str_eq(d, "=[the ]-[quick brown]+[slow red]=[ fox]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(whitespace_only_change_counts)
{
    int changed;
    const char *d = diff_dump("Hei du", "Hei  du", &changed);

    ck_assert_str_eq(d, "=[Hei]-[ ]+[  ]=[du]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(paragraphs_are_tokens)
{
    int changed;
    const char *d = diff_dump("Første avsnitt.\nAndre avsnitt.",
                              "Første avsnitt.\nNytt avsnitt.\n"
                              "Andre avsnitt.", &changed);

    ck_assert_str_eq(d, "=[Første avsnitt.\n]+[Nytt avsnitt.\n]"
                        "=[Andre avsnitt.]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(paragraph_break_stays_between_changes)
{
    int changed;
    const char *d = diff_dump("en\nto", "tre\nfire", &changed);

    ck_assert_str_eq(d, "-[en]+[tre]=[\n]-[to]+[fire]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(each_newline_is_a_token)
{
    int changed;
    const char *d = diff_dump("Hei\ndu", "Hei\n\ndu", &changed);

    ck_assert_str_eq(d, "=[Hei\n]+[\n]=[du]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(equal_hashes_are_not_equal_words)
{
    int changed;
    /* "glbvs" and "yacxa" share their 32-bit FNV-1a hash. */
    const char *d = diff_dump("en glbvs to", "en yacxa to", &changed);

    ck_assert_str_eq(d, "=[en ]-[glbvs]+[yacxa]=[ to]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

START_TEST(empty_a_is_one_insertion)
{
    int changed;
    const char *d = diff_dump("", "Ny side", &changed);

    ck_assert_str_eq(d, "+[Ny side]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(empty_b_is_one_deletion)
{
    int changed;
    const char *d = diff_dump("Gammel side", "", &changed);

    ck_assert_str_eq(d, "-[Gammel side]");
    ck_assert_int_eq(changed, 2);
}
END_TEST

START_TEST(both_empty_adds_nothing)
{
    int changed;
    const char *d = diff_dump("", "", &changed);

    ck_assert_str_eq(d, "");
    ck_assert_int_eq(changed, 0);
    ck_assert_int_eq(naering_diff_words(tp, NULL, NULL, NULL), 0);
}
END_TEST

START_TEST(null_parent_only_counts)
{
    ck_assert_int_eq(naering_diff_words(tp, "a b c", "a x c", NULL), 1);
}
END_TEST

START_TEST(output_is_deterministic)
{
    const char *a = make_text(3000, 7), *b = make_text(3000, 8);
    int c1, c2;
    const char *d1 = diff_dump(a, b, &c1), *d2 = diff_dump(a, b, &c2);

    ck_assert_int_eq(c1, c2);
    ck_assert(strcmp(d1, d2) == 0);
}
END_TEST

START_TEST(large_input_small_change_is_fast)
{
    const char *a = make_text(100 * 1024, 1);
    const char *b = replace_word(a, 50 * 1024, "ENDRET");
    xmlNodePtr parent = new_parent();
    apr_time_t t0 = apr_time_now();
    int changed = naering_diff_words(tp, a, b, parent);
    double ms = ms_since(t0);

    ck_assert_msg(ms < SLOW_MS, "took %.1f ms", ms);
    ck_assert_int_eq(changed, 1);
    ck_assert_int_eq(count_children(parent, NULL), 4);
    ck_assert_str_eq(text_of(parent->children->next->next), "ENDRET");
}
END_TEST

START_TEST(large_input_distant_changes_are_fast)
{
    const char *a = make_text(100 * 1024, 2);
    const char *b = replace_word(replace_word(a, 10 * 1024, "FØRST"),
                                 90 * 1024, "SIST");
    xmlNodePtr parent = new_parent();
    apr_time_t t0 = apr_time_now();
    int changed = naering_diff_words(tp, a, b, parent);
    double ms = ms_since(t0);

    ck_assert_msg(ms < SLOW_MS, "took %.1f ms", ms);
    ck_assert_int_eq(changed, 2);
    ck_assert_int_eq(count_children(parent, "del"), 2);
    ck_assert_int_eq(count_children(parent, "ins"), 2);
}
END_TEST

START_TEST(many_scattered_changes_stay_word_level)
{
    const char *a = make_text(100 * 1024, 3), *b = a;
    xmlNodePtr parent = new_parent();
    int i;

    for (i = 1; i <= 300; i++)
        b = replace_word(b, (apr_size_t)i * 300, apr_psprintf(tp, "NY%d", i));
    ck_assert_int_eq(naering_diff_words(tp, a, b, parent), 300);
    ck_assert_int_eq(count_children(parent, "ins"), 300);
    check_reconstructs(a, b);
}
END_TEST

/* Distinct words on both sides: far more than NAERING_DIFF_MAX_D edits. */
static char *numbered_words(const char *stem, int n)
{
    apr_array_header_t *parts = apr_array_make(tp, n, sizeof(char *));
    int i;

    for (i = 0; i < n; i++)
        APR_ARRAY_PUSH(parts, char *) = apr_psprintf(tp, "%s%d", stem, i);
    return apr_array_pstrcat(tp, parts, ' ');
}

static void check_fallback(const char *a, const char *b)
{
    xmlNodePtr parent = new_parent();
    apr_time_t t0 = apr_time_now();
    int changed = naering_diff_words(tp, a, b, parent);
    double ms = ms_since(t0);

    ck_assert_msg(ms < SLOW_MS, "took %.1f ms", ms);
    ck_assert_int_gt(changed, 0);
    ck_assert_int_eq(count_children(parent, NULL), 2);
    ck_assert_str_eq((const char *)parent->children->name, "del");
    ck_assert(strcmp(text_of(parent->children), a) == 0);
    ck_assert(strcmp(text_of(parent->children->next), b) == 0);
}

START_TEST(too_many_edits_fall_back)
{
    check_fallback(numbered_words("alfa", 20000),
                   numbered_words("beta", 20000));
}
END_TEST

START_TEST(too_many_tokens_fall_back)
{
    /* Only the first and last words differ, but what lies between is
     * 220,000 tokens (770 kB: under the byte limit). */
    const char *mid = numbered_words("a", 110000);

    check_fallback(apr_pstrcat(tp, "Før ", mid, " etter", NULL),
                   apr_pstrcat(tp, "Nå ", mid, " siden", NULL));
}
END_TEST

START_TEST(too_many_bytes_fall_back)
{
    check_fallback(numbered_words("alfa", 200000),
                   numbered_words("beta", 200000));
}
END_TEST

START_TEST(repetitive_text_hits_the_work_budget)
{
    /* Every token equal to every other: each diagonal of the search is one
     * long snake, the O(ND) worst case, cut short by the work budget. */
    char *a = apr_palloc(tp, 120001), *b = apr_palloc(tp, 120001);
    xmlNodePtr parent = new_parent();
    apr_time_t t0;
    double ms;
    int i;

    for (i = 0; i < 60000; i++) {
        a[2 * i] = 'x';
        b[2 * i] = i % 80 == 40 ? 'y' : 'x';
        a[2 * i + 1] = b[2 * i + 1] = ' ';
    }
    a[120000] = b[120000] = '\0';
    t0 = apr_time_now();
    naering_diff_words(tp, a, b, parent);
    ms = ms_since(t0);
    ck_assert_msg(ms < SLOW_MS, "took %.1f ms", ms);
    ck_assert_int_eq(count_children(parent, "del"), 1);
    ck_assert_int_eq(count_children(parent, "ins"), 1);
    check_reconstructs(a, b);
}
END_TEST

START_TEST(reconstructs_fixed_pairs)
{
    static const char *const pairs[][2] = {
        { "", "" }, { "a", "" }, { "", "a" }, { " ", "" }, { "\n", "\n\n" },
        { "a b", "b a" }, { "a  b", "a b" }, { " a", "a " },
        { "Hei\n\ndu", "Hei\ndu" }, { "æ ø å", "å ø æ" },
        { "x y z x y z", "z y x" }, { "en to tre", "en  to\ttre\n" },
        { "Næringsnettverket møtes", "Næringsnettverk møtes i dag" }
    };
    apr_size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        check_reconstructs(pairs[i][0], pairs[i][1]);
        check_reconstructs(pairs[i][1], pairs[i][0]);
    }
}
END_TEST

/* Up to max tokens: words, spaces, tabs and newlines. */
static char *random_text(unsigned *st, int max)
{
    static const char *const extra[] = { " ", " ", "  ", "\n", "\t" };
    int i, n = next_rand(st) % (max + 1);
    char *s = "";

    for (i = 0; i < n; i++) {
        if (next_rand(st) % 3)
            s = apr_pstrcat(tp, s, vocab[next_rand(st) % 5], NULL);
        else
            s = apr_pstrcat(tp, s, extra[next_rand(st) % 5], NULL);
    }
    return s;
}

/* b as a few random cuts and insertions at random bytes of a, so the two
 * share most of their text (and UTF-8 may be cut: bytes must survive). */
static char *mutate(const char *a, unsigned *st)
{
    char *b = apr_pstrdup(tp, a);
    int i, n = 1 + next_rand(st) % 3;

    for (i = 0; i < n; i++) {
        apr_size_t len = strlen(b), at = next_rand(st) % (len + 1);
        apr_size_t cut = next_rand(st) % (len - at + 1) % 8;
        b = apr_pstrcat(tp, apr_pstrndup(tp, b, at), random_text(st, 3),
                        b + at + cut, NULL);
    }
    return b;
}

START_TEST(reconstructs_random_pairs)
{
    unsigned st = 20240611u;
    int i;

    for (i = 0; i < 400; i++) {
        const char *a = random_text(&st, 30);
        const char *b = i % 4 ? mutate(a, &st) : random_text(&st, 30);
        check_reconstructs(a, b);
    }
}
END_TEST

/* Words one per line, now and then an empty line: no blank runs, so
 * nothing is merged and the tokens in <same> must be a longest common
 * subsequence. */
static char *random_lines(unsigned *st)
{
    int i, n = next_rand(st) % 40;
    char *s = "";

    for (i = 0; i < n; i++)
        s = apr_pstrcat(tp, s, vocab[next_rand(st) % 4],
                        next_rand(st) % 5 ? "\n" : "\n\n", NULL);
    return s;
}

/* Tokens of a text of words and newlines: words, and each newline. */
static int split_lines(const char *s, const char **tok)
{
    int n = 0;

    while (*s) {
        apr_size_t len = *s == '\n' ? 1 : strcspn(s, "\n");
        tok[n++] = apr_pstrndup(tp, s, len);
        s += len;
    }
    return n;
}

static int lcs_length(const char *a, const char *b)
{
    const char *ta[200], *tb[200];
    int na = split_lines(a, ta), nb = split_lines(b, tb), i, j;
    int *l = apr_pcalloc(tp, sizeof(int) * (na + 1) * (nb + 1));

    for (i = na - 1; i >= 0; i--)
        for (j = nb - 1; j >= 0; j--) {
            int *c = &l[i * (nb + 1) + j];
            if (!strcmp(ta[i], tb[j]))
                *c = 1 + l[(i + 1) * (nb + 1) + j + 1];
            else
                *c = l[(i + 1) * (nb + 1) + j] > l[i * (nb + 1) + j + 1]
                     ? l[(i + 1) * (nb + 1) + j] : l[i * (nb + 1) + j + 1];
        }
    return l[0];
}

START_TEST(random_diffs_are_minimal)
{
    unsigned st = 4711u;
    int i;

    for (i = 0; i < 400; i++) {
        const char *a = random_lines(&st), *b = random_lines(&st);
        const char *tok[200];
        xmlNodePtr parent = new_parent(), n;
        int same = 0;

        naering_diff_words(tp, a, b, parent);
        for (n = parent->children; n; n = n->next)
            if (!strcmp((const char *)n->name, "same"))
                same += split_lines(text_of(n), tok);
        ck_assert_int_eq(same, lcs_length(a, b));
    }
}
END_TEST

/* ---- naering_xhtml_text ------------------------------------------------ */

START_TEST(xhtml_blocks_become_lines)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>Hei <strong>du</strong></p>"
                     "<ul><li>en</li><li>to</li></ul>"), "Hei du\nen\nto");
}
END_TEST

START_TEST(xhtml_headings_br_and_quotes)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<h2>Tittel</h2><p>linje 1<br/>"
                     "linje 2</p><blockquote><p>sitat</p></blockquote>"
                     "<h3>Mer</h3>"),
                     "Tittel\nlinje 1\nlinje 2\nsitat\nMer");
}
END_TEST

START_TEST(xhtml_source_whitespace_collapses)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "\n<p>\n  Hei\n   du  </p>\n"
                     "  <p>x&#160;y</p>\n"), "Hei du\nx y");
}
END_TEST

START_TEST(xhtml_table_cells_are_separated)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<table><tr><td>a</td><td>b</td>"
                     "</tr><tr><th>c</th></tr></table>"), "a b\nc");
}
END_TEST

START_TEST(xhtml_pre_keeps_whitespace)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<pre>a  b\n c</pre><p>d</p>"),
                     "a  b\n c\nd");
}
END_TEST

START_TEST(xhtml_entities_decoded)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>Fisk &amp; vilt &lt;3 "
                     "&#229;&#xE6;</p>"), "Fisk & vilt <3 åæ");
}
END_TEST

START_TEST(xhtml_broken_fragment_is_stripped)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>Hei <b>du</p><p>Fisk &amp; "
                     "vilt &nbsp;&#229;</p"), "Hei du\nFisk & vilt å");
}
END_TEST

START_TEST(xhtml_garbage_does_not_crash)
{
    static const char *const bad[] = {
        "<", "<<<>>>", "&", "&#;", "&#x110000;", "&#0;", "&#-1;", "<p", "</",
        "<p>&unknown;</p>", "<![CDATA[", "<!--", "<p>\xff\xfe</p>",
        "<a href='x>y</a>", "&#99999999999999999999;"
    };
    apr_size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_ptr_nonnull(naering_xhtml_text(tp, bad[i]));
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>&unknown;</p>"),
                     "&unknown;");
}
END_TEST

START_TEST(xhtml_no_external_entities)
{
    const char *t = naering_xhtml_text(tp, "<!DOCTYPE p [<!ENTITY e SYSTEM "
                                       "\"file:///etc/passwd\">]><p>&e;</p>");

    ck_assert_ptr_null(strstr(t, "root:"));
    ck_assert_ptr_nonnull(strstr(t, "&e;"));
}
END_TEST

START_TEST(xhtml_figure_caption_is_a_line)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>Før</p><figure><img src=\""
                     "/bilder/1\" alt=\"Kart over Agder\"/><figcaption>Foto:"
                     " Kommunen</figcaption></figure><p>Etter</p>"),
                     "Før\nFoto: Kommunen\nEtter");
}
END_TEST

/* In a list item the figure still breaks the line around its caption. */
START_TEST(xhtml_figure_in_item_breaks_lines)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<ul><li>a<figure><img src=\""
                     "/bilder/1\" alt=\"\" role=\"presentation\"/><figcaption>"
                     "c</figcaption></figure>b</li></ul>"), "a\nc\nb");
}
END_TEST

START_TEST(xhtml_figure_without_caption_adds_nothing)
{
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>Før</p><figure><img src=\""
                     "/bilder/1\" alt=\"Kart\"/></figure><p>Etter</p>"),
                     "Før\nEtter");
}
END_TEST

START_TEST(xhtml_empty_and_null)
{
    ck_assert_str_eq(naering_xhtml_text(tp, ""), "");
    ck_assert_str_eq(naering_xhtml_text(tp, NULL), "");
    ck_assert_str_eq(naering_xhtml_text(tp, "<p>  </p><p/>"), "");
}
END_TEST

START_TEST(xhtml_text_diffs_by_paragraph)
{
    const char *a = naering_xhtml_text(tp, "<p>Møte i <em>dag</em></p>"
                                       "<p>Alle er velkomne</p>");
    const char *b = naering_xhtml_text(tp, "<p>Møte i <em>morgen</em></p>"
                                       "<p>Alle er velkomne</p>");
    int changed;

    ck_assert_str_eq(diff_dump(a, b, &changed),
                     "=[Møte i ]-[dag]+[morgen]=[\nAlle er velkomne]");
    ck_assert_int_eq(changed, 1);
}
END_TEST

static TCase *words_case(void)
{
    TCase *tc = tcase_create("words");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, identical_is_one_same);
    tcase_add_test(tc, one_word_changed_in_the_middle);
    tcase_add_test(tc, insertion_at_start);
    tcase_add_test(tc, insertion_at_end);
    tcase_add_test(tc, deletion_in_the_middle);
    tcase_add_test(tc, norwegian_letters_stay_in_the_word);
    tcase_add_test(tc, neighbouring_words_change_as_one_run);
    tcase_add_test(tc, whitespace_only_change_counts);
    tcase_add_test(tc, paragraphs_are_tokens);
    tcase_add_test(tc, paragraph_break_stays_between_changes);
    tcase_add_test(tc, each_newline_is_a_token);
    tcase_add_test(tc, equal_hashes_are_not_equal_words);
    tcase_add_test(tc, empty_a_is_one_insertion);
    tcase_add_test(tc, empty_b_is_one_deletion);
    tcase_add_test(tc, both_empty_adds_nothing);
    tcase_add_test(tc, null_parent_only_counts);
    tcase_add_test(tc, output_is_deterministic);
    tcase_add_test(tc, large_input_small_change_is_fast);
    tcase_add_test(tc, large_input_distant_changes_are_fast);
    tcase_add_test(tc, many_scattered_changes_stay_word_level);
    tcase_add_test(tc, too_many_edits_fall_back);
    tcase_add_test(tc, too_many_tokens_fall_back);
    tcase_add_test(tc, too_many_bytes_fall_back);
    tcase_add_test(tc, repetitive_text_hits_the_work_budget);
    tcase_add_test(tc, reconstructs_fixed_pairs);
    tcase_add_test(tc, reconstructs_random_pairs);
    tcase_add_test(tc, random_diffs_are_minimal);
    return tc;
}

static TCase *xhtml_case(void)
{
    TCase *tx = tcase_create("xhtml_text");

    tcase_add_checked_fixture(tx, naering_test_setup, naering_test_teardown);
    tcase_add_test(tx, xhtml_blocks_become_lines);
    tcase_add_test(tx, xhtml_headings_br_and_quotes);
    tcase_add_test(tx, xhtml_source_whitespace_collapses);
    tcase_add_test(tx, xhtml_table_cells_are_separated);
    tcase_add_test(tx, xhtml_pre_keeps_whitespace);
    tcase_add_test(tx, xhtml_entities_decoded);
    tcase_add_test(tx, xhtml_broken_fragment_is_stripped);
    tcase_add_test(tx, xhtml_garbage_does_not_crash);
    tcase_add_test(tx, xhtml_no_external_entities);
    tcase_add_test(tx, xhtml_empty_and_null);
    tcase_add_test(tx, xhtml_text_diffs_by_paragraph);
    tcase_add_test(tx, xhtml_figure_caption_is_a_line);
    tcase_add_test(tx, xhtml_figure_in_item_breaks_lines);
    tcase_add_test(tx, xhtml_figure_without_caption_adds_nothing);
    return tx;
}

Suite *naering_diff_suite(void)
{
    Suite *s = suite_create("diff");

    suite_add_tcase(s, words_case());
    suite_add_tcase(s, xhtml_case());
    return s;
}
