/*
 * Accessibility and plain-language ("klarspråk") checks of a stored
 * fragment: what would break the universal-design regulation (WCAG) or
 * make a text hard to read, found in the sanitized XHTML itself so that
 * the editor's save, the site report ("Tilgjengelighet", naering-admin
 * a11y) and the tests all give the same answer.  Warnings, never
 * refusals: each names a kind (the key of its explanation in the string
 * tables), the WCAG criterion and an excerpt of the text concerned.
 *
 * The page's title is its h1, so a body's headings start at h2: an h1 in
 * a body, or a heading more than one level below the one before it, is a
 * heading-skip.  Pure.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <unistr.h>
#include <unictype.h>
#include <unicase.h>
#include "text/text.h"

/* An excerpt is about a line of the editor's warning list. */
#define NAERING_A11Y_EXCERPT 80
/* A bold paragraph longer than a line is emphasis, not a heading. */
#define NAERING_A11Y_FAKE_HEADING 80
/* Klarspråk guidance (Språkrådet, Digdir) asks for short paragraphs and
 * sentences: these are generous limits, so a hint means a real outlier. */
#define NAERING_A11Y_PARAGRAPH_WORDS 150
#define NAERING_A11Y_SENTENCE_WORDS 30
/* Four words in capitals are shouting, not an acronym or a name. */
#define NAERING_A11Y_CAPS_WORDS 4
/* The page title is the h1: a body's first heading may be h2. */
#define NAERING_A11Y_TITLE_LEVEL 1

typedef struct {
    apr_pool_t *p;
    apr_array_header_t *warnings;
    int level;                   /* the last heading's level */
    apr_hash_t *links;           /* folded link text -> first href */
    apr_hash_t *said;            /* folded link texts already reported */
} naering_a11y_ctx;

static const char *const naering_a11y_inline[] = {
    "a", "strong", "em", "b", "i", "sub", "sup", "span", "br", "abbr",
    "code", "q", "small", "mark", "u", "s", "img", NULL
};

static int naering_a11y_is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE
           && xmlStrEqual(n->name, (const xmlChar *)name);
}

static int naering_a11y_inline_el(xmlNodePtr n)
{
    int i;

    for (i = 0; naering_a11y_inline[i]; i++)
        if (naering_a11y_is(n, naering_a11y_inline[i]))
            return 1;
    return 0;
}

static int naering_a11y_heading(xmlNodePtr n)
{
    const char *s = (const char *)n->name;

    return n->type == XML_ELEMENT_NODE && s[0] == 'h' && s[1] >= '1'
           && s[1] <= '6' && !s[2] ? s[1] - '0' : 0;
}

/* ---- plain text ------------------------------------------------------- */

/* Text with every run of white space (no-break space too) as one space. */
static void naering_a11y_add(naering_buf *b, const char *s)
{
    for (; *s; s++) {
        int nbsp = (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0;
        if (nbsp || apr_isspace(*s)) {
            s += nbsp;
            if (b->len && b->s[b->len - 1] != ' ')
                naering_buf_putc(b, ' ');
        }
        else
            naering_buf_putc(b, *s);
    }
}

/* The text below n; with own, only what is not in a nested block (a list
 * in a list item has its own text).  An image counts with its alt. */
static void naering_a11y_collect(naering_buf *b, xmlNodePtr n, int own)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content)
            naering_a11y_add(b, (const char *)n->content);
        else if (n->type != XML_ELEMENT_NODE)
            continue;
        else if (naering_a11y_is(n, "br"))
            naering_a11y_add(b, " ");
        else if (naering_a11y_is(n, "img")) {
            xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
            if (alt)
                naering_a11y_add(b, (const char *)alt);
            xmlFree(alt);
        }
        else if (naering_a11y_inline_el(n))
            naering_a11y_collect(b, n->children, own);
        else {
            naering_a11y_add(b, " ");
            if (!own)
                naering_a11y_collect(b, n->children, own);
            naering_a11y_add(b, " ");
        }
    }
}

static const char *naering_a11y_text(apr_pool_t *p, xmlNodePtr n, int own)
{
    naering_buf b;
    char *s;
    apr_size_t len;

    naering_buf_init(&b, p, 128);
    naering_a11y_collect(&b, n->children, own);
    s = (char *)naering_buf_str(&b);
    len = strlen(s);
    while (len && s[len - 1] == ' ')
        s[--len] = '\0';
    return s[0] == ' ' ? s + 1 : s;
}

/* At most NAERING_A11Y_EXCERPT characters, cut between characters (at a
 * word when one ends near) with "…" where cut. */
static const char *naering_a11y_excerpt(apr_pool_t *p, const char *s)
{
    const char *end = s, *space = NULL;
    size_t n = 0;

    if (u8_mbsnlen((const uint8_t *)s, strlen(s)) <= NAERING_A11Y_EXCERPT)
        return s;
    while (*end && n < NAERING_A11Y_EXCERPT - 1) {
        if (*end == ' ')
            space = end;
        end++;
        while ((*end & 0xC0) == 0x80)
            end++;
        n++;
    }
    if (space && space - s > (end - s) / 2)
        end = space;
    return apr_pstrcat(p, apr_pstrndup(p, s, (apr_size_t)(end - s)), "…",
                       NULL);
}

static void naering_a11y_warn(naering_a11y_ctx *c, const char *kind,
                              const char *criterion, const char *text)
{
    naering_a11y_warning *w = apr_array_push(c->warnings);

    w->kind = kind;
    w->criterion = criterion;
    w->excerpt = naering_a11y_excerpt(c->p, text ? text : "");
}

/* Lower case, for comparing words and texts. */
static const char *naering_a11y_fold(apr_pool_t *p, const char *s)
{
    size_t n = 0;
    uint8_t *low = u8_tolower((const uint8_t *)s, strlen(s), NULL, NULL,
                              NULL, &n);
    char *out;

    if (!low)
        return apr_pstrdup(p, s);
    out = apr_pstrndup(p, (const char *)low, n);
    free(low);
    return out;
}

/* ---- words ------------------------------------------------------------ */

/* The next word of *s (up to white space), or NULL at the end. */
static const char *naering_a11y_word(apr_pool_t *p, const char **s)
{
    const char *a = *s, *e;

    while (*a == ' ')
        a++;
    if (!*a)
        return NULL;
    for (e = a; *e && *e != ' '; e++)
        ;
    *s = e;
    return apr_pstrndup(p, a, (apr_size_t)(e - a));
}

/* 1 when word has at least two capitals (Æ, Ø, Å as any) and no small
 * letter; -1 when it has no letters or is one capital (a number, a dash,
 * "I": neither breaks nor makes a run); 0 otherwise. */
static int naering_a11y_caps_word(const char *w)
{
    const uint8_t *s = (const uint8_t *)w;
    ucs4_t u;
    int letters = 0, upper = 0, lower = 0, len;

    while (*s && (len = u8_mbtouc(&u, s, u8_strlen(s))) > 0) {
        if (uc_is_property_alphabetic(u)) {
            letters++;
            upper += uc_is_property_uppercase(u) || uc_tolower(u) != u;
            lower += uc_is_property_lowercase(u) || uc_toupper(u) != u;
        }
        s += len;
    }
    if (!letters || (!lower && upper < 2))
        return -1;
    return !lower;
}

static int naering_a11y_count_words(apr_pool_t *p, const char *s)
{
    int n = 0;

    while (naering_a11y_word(p, &s))
        n++;
    return n;
}

/* ---- the rules -------------------------------------------------------- */

static void naering_a11y_caps(naering_a11y_ctx *c, const char *text)
{
    const char *s = text, *w, *start = NULL;
    int run = 0, k;

    while ((w = naering_a11y_word(c->p, &s))) {
        k = naering_a11y_caps_word(w);
        if (k == 1 && !run++)
            start = s - strlen(w);
        else if (k == 0)
            run = 0;
        if (run >= NAERING_A11Y_CAPS_WORDS) {
            naering_a11y_warn(c, "all-caps", "3.1.5", start);
            return;
        }
    }
}

/* Sentences end at . ! or ? before a space or the end. */
static void naering_a11y_sentences(naering_a11y_ctx *c, const char *text)
{
    const char *s = text;

    while (*s) {
        const char *e = s;
        while (*e && !(strchr(".!?", *e) && (e[1] == ' ' || !e[1])))
            e++;
        if (*e)
            e++;
        {
            const char *sentence = apr_pstrndup(c->p, s,
                                                (apr_size_t)(e - s));
            if (naering_a11y_count_words(c->p, sentence)
                > NAERING_A11Y_SENTENCE_WORDS)
                naering_a11y_warn(c, "long-sentence", "3.1.5", sentence);
        }
        s = e;
        while (*s == ' ')
            s++;
    }
}

/* Only bold text (and white space) in the paragraph. */
static int naering_a11y_all_bold(xmlNodePtr n)
{
    int bold = 0;

    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            const char *s = (const char *)n->content;
            if (s && s[strspn(s, " \t\r\n")])
                return 0;
        }
        else if (naering_a11y_is(n, "strong") || naering_a11y_is(n, "b"))
            bold = 1;
        else if (n->type == XML_ELEMENT_NODE && !naering_a11y_is(n, "br"))
            return 0;
    }
    return bold;
}

static void naering_a11y_paragraph(naering_a11y_ctx *c, xmlNodePtr n,
                                   const char *text)
{
    if (text[0] && naering_a11y_all_bold(n->children)
        && u8_mbsnlen((const uint8_t *)text, strlen(text))
           <= NAERING_A11Y_FAKE_HEADING)
        naering_a11y_warn(c, "fake-heading", "1.3.1", text);
    if (naering_a11y_count_words(c->p, text) > NAERING_A11Y_PARAGRAPH_WORDS)
        naering_a11y_warn(c, "long-paragraph", "3.1.5", text);
}

static void naering_a11y_heading_rule(naering_a11y_ctx *c, int level,
                                      const char *text)
{
    if (!text[0])
        naering_a11y_warn(c, "heading-empty", "1.3.1", text);
    if (level == NAERING_A11Y_TITLE_LEVEL || level > c->level + 1)
        naering_a11y_warn(c, "heading-skip", "1.3.1", text);
    c->level = level;
}

/* ---- links ------------------------------------------------------------ */

static const char *const naering_a11y_vague[] = {
    "klikk her", "trykk her", "her", "les mer", "mer", "link", "lenke",
    "denne lenken", "click here", "here", "read more", "more", "les meir",
    "klikk", "meir", NULL
};

/* The folded link text without the punctuation a link may end with. */
static const char *naering_a11y_link_key(apr_pool_t *p, const char *text)
{
    char *s = (char *)naering_a11y_fold(p, text);
    apr_size_t n = strlen(s);

    for (;;) {
        if (n && strchr(".,:;!?»\"')> ", s[n - 1]))
            n--;
        else if (n >= 3 && !strncmp(s + n - 3, "…", 3))
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

static int naering_a11y_in(const char *key, const char *const *list)
{
    int i;

    for (i = 0; list[i]; i++)
        if (!strcmp(key, list[i]))
            return 1;
    return 0;
}

/* name as a word of the folded text s (not "doc" in "dokument"). */
static int naering_a11y_names(const char *s, const char *name)
{
    size_t n = strlen(name);
    const char *h;

    for (h = strstr(s, name); h; h = strstr(h + 1, name))
        if ((h == s || !apr_isalnum(h[-1])) && !apr_isalnum(h[n]))
            return 1;
    return 0;
}

/* What a link to a document of each type may call it. */
static const struct {
    const char *ext;
    const char *names[4];
} naering_a11y_types[] = {
    { "pdf", { "pdf", NULL } },
    { "docx", { "docx", "word", NULL } },
    { "doc", { "doc", "word", NULL } },
    { "odt", { "odt", "opendocument", NULL } },
    { "xlsx", { "xlsx", "excel", NULL } },
    { "xls", { "xls", "excel", NULL } },
    { "ods", { "ods", "opendocument", NULL } },
    { "pptx", { "pptx", "powerpoint", NULL } },
    { "ppt", { "ppt", "powerpoint", NULL } },
};
#define NAERING_A11Y_TYPES \
    (int)(sizeof(naering_a11y_types) / sizeof(naering_a11y_types[0]))

static int naering_a11y_type_named(const char *key, int t)
{
    int j;

    for (j = 0; naering_a11y_types[t].names[j]; j++)
        if (naering_a11y_names(key, naering_a11y_types[t].names[j]))
            return 1;
    return 0;
}

/* A document link (by its extension, or under a page's "dokumenter")
 * whose text says nothing of its type. */
static int naering_a11y_doc_unnamed(apr_pool_t *p, const char *href,
                                    const char *key)
{
    char *path = (char *)naering_a11y_fold(p, href);
    const char *dot;
    int t, any = 0;

    path[strcspn(path, "?#")] = '\0';
    dot = strrchr(path, '.');
    for (t = 0; t < NAERING_A11Y_TYPES; t++)
        if (dot && !strchr(dot, '/') && !strcmp(dot + 1,
                                                naering_a11y_types[t].ext))
            return !naering_a11y_type_named(key, t);
    if (!strstr(path, "/dokumenter/"))
        return 0;
    for (t = 0; t < NAERING_A11Y_TYPES; t++)
        any |= naering_a11y_type_named(key, t);
    return !any;
}

static void naering_a11y_link(naering_a11y_ctx *c, xmlNodePtr n)
{
    const char *href = naering_xml_prop(c->p, n, "href");
    const char *text = naering_a11y_text(c->p, n, 0);
    const char *key = naering_a11y_link_key(c->p, text), *first, *to;

    if (!href)
        return;
    to = naering_link_normal(c->p, href);
    if (!to)
        to = href;
    if (naering_a11y_in(key, naering_a11y_vague))
        naering_a11y_warn(c, "link-vague", "2.4.4", text);
    if (!strncmp(key, "http://", 7) || !strncmp(key, "https://", 8)
        || !strncmp(key, "www.", 4))
        naering_a11y_warn(c, "link-url", "2.4.4", text);
    if (key[0] && (first = apr_hash_get(c->links, key, APR_HASH_KEY_STRING))
        && strcmp(first, to)
        && !apr_hash_get(c->said, key, APR_HASH_KEY_STRING)) {
        apr_hash_set(c->said, key, APR_HASH_KEY_STRING, "");
        naering_a11y_warn(c, "link-same-text", "2.4.4", text);
    }
    else if (key[0] && !first)
        apr_hash_set(c->links, key, APR_HASH_KEY_STRING, to);
    if (naering_a11y_doc_unnamed(c->p, href, key))
        naering_a11y_warn(c, "document-type", "2.4.4", text);
}

/* ---- images and tables ------------------------------------------------ */

static const char *const naering_a11y_image_ext[] = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".avif", ".svg",
    NULL
};

/* "IMG_1234", "DSC01234", "kart.png": a camera's or a file's name. */
static int naering_a11y_file_name(apr_pool_t *p, const char *alt)
{
    static const char *const camera[] = {
        "img", "dsc", "dscn", "dscf", "pxl", NULL
    };
    const char *s = naering_a11y_fold(p, alt);
    size_t n = strlen(s), e;
    int i;

    for (i = 0; naering_a11y_image_ext[i]; i++) {
        e = strlen(naering_a11y_image_ext[i]);
        if (n > e && !strcmp(s + n - e, naering_a11y_image_ext[i]))
            return 1;
    }
    for (i = 0; camera[i]; i++) {
        const char *d = s + strlen(camera[i]);
        if (strncmp(s, camera[i], strlen(camera[i])))
            continue;
        if (*d == '_' || *d == '-')
            d++;
        if (strspn(d, "0123456789") >= 3)
            return 1;
    }
    return 0;
}

static void naering_a11y_image(naering_a11y_ctx *c, xmlNodePtr n)
{
    const char *alt = naering_xml_prop(c->p, n, "alt");
    const char *role = naering_xml_prop(c->p, n, "role");
    const char *src = naering_xml_prop(c->p, n, "src");

    if (!alt || (!alt[strspn(alt, " ")]
                 && !(role && !strcmp(role, "presentation"))))
        naering_a11y_warn(c, "image-no-alt", "1.1.1", src);
    else if (naering_a11y_file_name(c->p, alt))
        naering_a11y_warn(c, "image-alt-file", "1.1.1", alt);
}

static int naering_a11y_has_th(xmlNodePtr n)
{
    for (; n; n = n->next)
        if (naering_a11y_is(n, "th")
            || (n->type == XML_ELEMENT_NODE && !naering_a11y_is(n, "table")
                && naering_a11y_has_th(n->children)))
            return 1;
    return 0;
}

/* ---- the walk --------------------------------------------------------- */

/* Elements whose own text is read for capitals and sentences. */
static const char *const naering_a11y_blocks[] = {
    "p", "li", "td", "th", "caption", "figcaption", "blockquote", "dt",
    "dd", NULL
};

static void naering_a11y_walk(naering_a11y_ctx *c, xmlNodePtr n);

static void naering_a11y_element(naering_a11y_ctx *c, xmlNodePtr n)
{
    int level = naering_a11y_heading(n), i;
    const char *text = NULL;

    if (level)
        naering_a11y_heading_rule(c, level,
                                  text = naering_a11y_text(c->p, n, 1));
    for (i = 0; !level && naering_a11y_blocks[i]; i++)
        if (naering_a11y_is(n, naering_a11y_blocks[i]))
            text = naering_a11y_text(c->p, n, 1);
    if (naering_a11y_is(n, "p"))
        naering_a11y_paragraph(c, n, text);
    else if (naering_a11y_is(n, "table") && !naering_a11y_has_th(n->children))
        naering_a11y_warn(c, "table-no-header", "1.3.1",
                          naering_a11y_text(c->p, n, 0));
    else if (naering_a11y_is(n, "a"))
        naering_a11y_link(c, n);
    else if (naering_a11y_is(n, "img"))
        naering_a11y_image(c, n);
    if (text) {
        naering_a11y_caps(c, text);
        if (naering_a11y_is(n, "p") || naering_a11y_is(n, "li"))
            naering_a11y_sentences(c, text);
    }
    naering_a11y_walk(c, n->children);
}

/* Depth is bounded by the parser (256 levels without XML_PARSE_HUGE). */
static void naering_a11y_walk(naering_a11y_ctx *c, xmlNodePtr n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            naering_a11y_element(c, n);
}

static void naering_a11y_of(xmlNodePtr nodes, void *arg)
{
    naering_a11y_walk(arg, nodes);
}

apr_array_header_t *naering_a11y_check(apr_pool_t *p, const char *xhtml)
{
    naering_a11y_ctx c;

    c.p = p;
    c.warnings = apr_array_make(p, 4, sizeof(naering_a11y_warning));
    c.level = NAERING_A11Y_TITLE_LEVEL;
    c.links = apr_hash_make(p);
    c.said = apr_hash_make(p);
    if (xhtml && *xhtml)
        naering_xhtml_parse(xhtml, naering_a11y_of, &c);
    return c.warnings;
}
