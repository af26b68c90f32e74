/*
 * The HTML sanitizer: the server's line of defence against what editors
 * paste from Word, LibreOffice and Google Docs.  Nothing of the input is
 * copied through.  libxml2's HTML parser reads it into a tree; a walk
 * rebuilds a tree of our own from the elements and attributes on the
 * allow-list; that tree is brought into a normal form (inline runs in
 * paragraphs, li in lists, no block inside an inline element, no empty
 * paragraphs) and written out with our own escaping.  The normal form is
 * exactly what the HTML parser reads back, so sanitizing twice changes
 * nothing, and it is well-formed XML for the view's
 * xmlParseInNodeContext (view/nodes.c).
 *
 * Images: only the site's own (naering_sanitize_site), each a figure of
 * its own, <figure><img src alt role/><figcaption>text</figcaption>
 * </figure>, with nothing else in it.  A figure is a block: it stands
 * where blocks stand (the root, blockquote, li, td, th) and is lifted out
 * of p, headings and inline elements, which split around it; a table's
 * caption, which cannot split, loses it.  The HTML parser of libxml2 2.9
 * does not know figure, so it never closes a p or li around one and reads
 * our figures back as written.
 *
 * Pure and thread-safe: a parser context per call, no libxml2 globals,
 * everything else from the caller's pool.
 */
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <libxml/HTMLparser.h>
#include "text/text.h"

/* Deepest element in the output.  Elements at NAERING_SAN_FLAT_DEPTH keep
 * their text only, in at most two wrappers (table > tr > td). */
#define NAERING_SAN_MAX_DEPTH 100
#define NAERING_SAN_FLAT_DEPTH (NAERING_SAN_MAX_DEPTH - 2)
/* Input depth the walk recurses to; below it, text only.  Must stay above
 * the output limit plus html and body, or a second pass would differ. */
#define NAERING_SAN_WALK_DEPTH 200

/* RECOVER: without it an error libxml2 calls fatal (a tag named x:1)
 * silently drops the rest of the document.  No NOBLANKS: its heuristics
 * drop spaces between words; whitespace is normalised below instead.
 * IGNORE_ENC: the bytes are UTF-8 whatever a pasted <meta charset> says. */
#define NAERING_SAN_PARSE (HTML_PARSE_RECOVER | HTML_PARSE_NONET \
    | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC \
    | HTML_PARSE_NODEFDTD)

#define NAERING_SAN_X(s) ((const xmlChar *)(s))

/* Kinds of node in the rebuilt tree.  BREAK is a boundary left by a block
 * that was not kept (div): it ends a paragraph but writes nothing. */
enum {
    SAN_TEXT, SAN_BREAK, SAN_ROOT,
    SAN_P, SAN_H2, SAN_H3, SAN_H4, SAN_UL, SAN_OL, SAN_LI, SAN_BLOCKQUOTE,
    SAN_TABLE, SAN_CAPTION, SAN_THEAD, SAN_TBODY, SAN_TFOOT, SAN_TR,
    SAN_TH, SAN_TD, SAN_STRONG, SAN_EM, SAN_A, SAN_SUB, SAN_SUP, SAN_BR,
    SAN_FIGURE, SAN_SPAN,
    SAN_KINDS,
    /* what the walk does with an input element it does not keep as is */
    SAN_DROP, SAN_UNWRAP, SAN_SPLIT, SAN_B, SAN_I, SAN_STYLED, SAN_STRONG_EM,
    SAN_IMG, SAN_FIGURE_IN
};

static const char *const naering_san_names[SAN_KINDS] = {
    NULL, NULL, NULL, "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "strong", "em", "a", "sub", "sup", "br", "figure", "span"
};

typedef struct {
    const char *name;
    int kind;
} naering_san_map;

/* The parser lower-cases names and strips prefixes (o:p arrives as p). */
static const naering_san_map naering_san_elements[] = {
    {"p", SAN_P}, {"h1", SAN_H2}, {"h2", SAN_H2}, {"h3", SAN_H3},
    {"h4", SAN_H4}, {"h5", SAN_H4}, {"h6", SAN_H4}, {"ul", SAN_UL},
    {"ol", SAN_OL}, {"li", SAN_LI}, {"blockquote", SAN_BLOCKQUOTE},
    {"table", SAN_TABLE}, {"caption", SAN_CAPTION}, {"thead", SAN_THEAD},
    {"tbody", SAN_TBODY}, {"tfoot", SAN_TFOOT}, {"tr", SAN_TR},
    {"th", SAN_TH}, {"td", SAN_TD}, {"strong", SAN_STRONG}, {"em", SAN_EM},
    {"a", SAN_A}, {"sub", SAN_SUB}, {"sup", SAN_SUP}, {"br", SAN_BR},
    {"b", SAN_B}, {"i", SAN_I}, {"span", SAN_STYLED}, {"font", SAN_STYLED},
    /* with the site's images only: an img whose src is one becomes a
     * figure, any other is unwrapped; a figure splits, and its figcaption
     * may become such an image's caption */
    {"img", SAN_IMG}, {"figure", SAN_FIGURE_IN},
    /* gone with everything inside */
    {"script", SAN_DROP}, {"style", SAN_DROP}, {"iframe", SAN_DROP},
    {"frame", SAN_DROP}, {"frameset", SAN_DROP}, {"object", SAN_DROP},
    {"applet", SAN_DROP}, {"svg", SAN_DROP},
    {"math", SAN_DROP}, {"template", SAN_DROP}, {"noscript", SAN_DROP},
    {"form", SAN_DROP}, {"input", SAN_DROP}, {"button", SAN_DROP},
    {"select", SAN_DROP}, {"textarea", SAN_DROP}, {"link", SAN_DROP},
    {"meta", SAN_DROP}, {"base", SAN_DROP}, {"head", SAN_DROP},
    {"title", SAN_DROP}, {"xml", SAN_DROP}, {"noembed", SAN_DROP},
    {"noframes", SAN_DROP}, {"param", SAN_DROP}, {"audio", SAN_DROP},
    {"video", SAN_DROP}, {"canvas", SAN_DROP}, {"dialog", SAN_DROP},
    /* blocks not kept: their content stays, but ends a paragraph */
    {"div", SAN_SPLIT}, {"section", SAN_SPLIT}, {"article", SAN_SPLIT},
    {"center", SAN_SPLIT}, {"header", SAN_SPLIT}, {"footer", SAN_SPLIT},
    {"main", SAN_SPLIT}, {"nav", SAN_SPLIT}, {"aside", SAN_SPLIT},
    {"address", SAN_SPLIT}, {"pre", SAN_SPLIT}, {"dl", SAN_SPLIT},
    {"dt", SAN_SPLIT}, {"dd", SAN_SPLIT},
    {"figcaption", SAN_SPLIT}, {"hr", SAN_SPLIT}, {"fieldset", SAN_SPLIT},
    {"legend", SAN_SPLIT}, {"details", SAN_SPLIT}, {"summary", SAN_SPLIT},
    {"dir", SAN_SPLIT}, {"menu", SAN_SPLIT}, {"hgroup", SAN_SPLIT},
    {"listing", SAN_SPLIT}, {"xmp", SAN_SPLIT}, {"plaintext", SAN_SPLIT},
    /* void, but libxml2 2.9 takes what follows it for its content (as for
     * source, track, wbr, which are unknown and so unwrapped too) */
    {"embed", SAN_UNWRAP},
    {NULL, SAN_UNWRAP}
};

typedef struct naering_san_node naering_san_node;
struct naering_san_node {
    int kind;
    int vis;                    /* has text that shows (not only spaces) */
    naering_san_node *parent, *first, *last, *prev, *next;
    char *text;                 /* SAN_TEXT: spaces collapsed, no NUL */
    apr_size_t len, cap;
    const char *href, *title;   /* a */
    const char *scope;          /* th */
    int colspan, rowspan;       /* th, td; 0 when absent */
    const char *src, *alt;      /* figure's img; alt NULL when absent */
    int decorative;             /* figure's img: alt="" role="presentation" */
    const char *caption;        /* figure: its figcaption's text, or NULL */
    const char *lang;           /* a valid BCP 47 tag, or NULL */
};

/* What the walk carries down besides its place: the site's image path,
 * and inside an input figure that keeps an image, the figcaption it took
 * (skipped where it stands) and the img that gets its text. */
typedef struct {
    const char *images;         /* "/bilder"; NULL keeps no image */
    xmlNodePtr caption, captioned;
    const char *caption_text;
} naering_san_ctx;


static void naering_san_norm(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *out);
static void naering_san_walk(apr_pool_t *p, naering_san_ctx *w,
                             xmlNodePtr c, naering_san_node *out, int depth,
                             int in_a);

/* ---- the tree ---------------------------------------------------------- */

static naering_san_node *naering_san_new(apr_pool_t *p, int kind)
{
    naering_san_node *n = apr_pcalloc(p, sizeof(*n));

    n->kind = kind;
    return n;
}

static int naering_san_is_inline(int kind)
{
    return kind == SAN_TEXT || kind == SAN_BR || kind == SAN_STRONG
        || kind == SAN_EM || kind == SAN_A || kind == SAN_SUB
        || kind == SAN_SUP || kind == SAN_SPAN;
}

static int naering_san_is_row(int kind)
{
    return kind == SAN_TR || kind == SAN_THEAD || kind == SAN_TBODY
        || kind == SAN_TFOOT;
}

/* Room for more bytes; doubling keeps a paste of many small runs linear. */
static void naering_san_grow(apr_pool_t *p, naering_san_node *t,
                             apr_size_t more)
{
    char *s;

    if (t->len + more <= t->cap)
        return;
    t->cap = (t->len + more) * 2 + 16;
    s = apr_palloc(p, t->cap);
    if (t->len)
        memcpy(s, t->text, t->len);
    t->text = s;
}

/* Appends s to text t, one space where both sides have one. */
static void naering_san_cat(apr_pool_t *p, naering_san_node *t,
                            const char *s, apr_size_t len)
{
    if (len && s[0] == ' ' && t->len && t->text[t->len - 1] == ' ') {
        s++;
        len--;
    }
    naering_san_grow(p, t, len);
    memcpy(t->text + t->len, s, len);
    t->len += len;
}

/* Appends n to owner's children: adjacent text merges, adjacent breaks
 * merge, empty text vanishes. */
static void naering_san_put(apr_pool_t *p, naering_san_node *owner,
                            naering_san_node *n)
{
    naering_san_node *last = owner->last;

    owner->vis |= n->vis;
    if (n->kind == SAN_TEXT && last && last->kind == SAN_TEXT) {
        naering_san_cat(p, last, n->text, n->len);
        last->vis |= n->vis;
        return;
    }
    if ((n->kind == SAN_TEXT && n->len == 0)
        || (n->kind == SAN_BREAK && last && last->kind == SAN_BREAK))
        return;
    n->parent = owner;
    n->prev = last;
    n->next = NULL;
    if (last)
        last->next = n;
    else
        owner->first = n;
    owner->last = n;
}

static void naering_san_unlink(naering_san_node *n)
{
    naering_san_node *o = n->parent;

    if (n->prev)
        n->prev->next = n->next;
    else
        o->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        o->last = n->prev;
    n->prev = n->next = NULL;
}

/* Detaches n's children (still linked by next) so they can be put again. */
static naering_san_node *naering_san_take(naering_san_node *n)
{
    naering_san_node *c = n->first;

    n->first = n->last = NULL;
    n->vis = 0;
    return c;
}

/* Puts every child of n into out, in order. */
static void naering_san_move(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *out)
{
    naering_san_node *c, *next;

    for (c = naering_san_take(n); c; c = next) {
        next = c->next;
        naering_san_put(p, out, c);
    }
}

static naering_san_node *naering_san_copy(apr_pool_t *p,
                                          const naering_san_node *n)
{
    naering_san_node *c = naering_san_new(p, n->kind);

    c->href = n->href;
    c->title = n->title;
    c->scope = n->scope;
    c->colspan = n->colspan;
    c->rowspan = n->rowspan;
    c->lang = n->lang;
    return c;
}

static int naering_san_has(const naering_san_node *n, int kind)
{
    const naering_san_node *c;

    for (c = n->first; c; c = c->next)
        if (c->kind == kind || naering_san_has(c, kind))
            return 1;
    return 0;
}

/* ---- text -------------------------------------------------------------- */

/* Characters that show nothing on their own: no-break space, soft hyphen,
 * zero-width space, word joiner, BOM.  Text of only these is empty. */
static int naering_san_blank(const unsigned char *u, apr_size_t n)
{
    if (n == 2)
        return u[0] == 0xC2 && (u[1] == 0xA0 || u[1] == 0xAD);
    return n == 3 && ((u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B)
                      || (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0xA0)
                      || (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF));
}

/* Length of the character at u; *keep says whether it may be written:
 * not a control (C0 but tab, LF, CR; DEL; C1) nor U+FFFE, U+FFFF, which
 * XML does not allow. */
static apr_size_t naering_san_xml_char(const unsigned char *u, int *keep)
{
    apr_size_t n = *u < 0x80 ? 1 : naering_utf8_seq(u, 4);

    if (n == 0) {
        *keep = 0;
        return 1;
    }
    *keep = !((*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r')
              || *u == 0x7F || (u[0] == 0xC2 && u[1] < 0xA0)
              || (u[0] == 0xEF && u[1] == 0xBF && u[2] >= 0xBE));
    return n;
}

/* Copies one character of u into t (room reserved); returns bytes read.
 * Whitespace collapses. */
static apr_size_t naering_san_char(naering_san_node *t,
                                   const unsigned char *u)
{
    apr_size_t n;
    int keep;

    if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r' || *u == '\f') {
        if (t->len == 0 || t->text[t->len - 1] != ' ')
            t->text[t->len++] = ' ';
        return 1;
    }
    if (!(n = naering_san_xml_char(u, &keep)) || !keep)
        return n;
    memcpy(t->text + t->len, u, n);
    t->len += n;
    if (!naering_san_blank(u, n))
        t->vis = 1;
    return n;
}

static void naering_san_fill(apr_pool_t *p, naering_san_node *t,
                             const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    naering_san_grow(p, t, strlen(s));
    while (*u)
        u += naering_san_char(t, u);
}

/* Adds parsed text to out, merged into a text node that ends it. */
static void naering_san_text(apr_pool_t *p, naering_san_node *out,
                             const char *s)
{
    naering_san_node *t = out->last;

    if (t && t->kind == SAN_TEXT) {
        naering_san_fill(p, t, s);
        out->vis |= t->vis;
        return;
    }
    t = naering_san_new(p, SAN_TEXT);
    naering_san_fill(p, t, s);
    naering_san_put(p, out, t);
}

/* s filtered like text and trimmed; NULL when nothing is left. */
static const char *naering_san_clean(apr_pool_t *p, const char *s)
{
    naering_san_node *t;
    apr_size_t start = 0;

    if (!s)
        return NULL;
    t = naering_san_new(p, SAN_TEXT);
    naering_san_fill(p, t, s);
    if (t->len && t->text[0] == ' ')
        start = 1;
    if (t->len > start && t->text[t->len - 1] == ' ')
        t->len--;
    return t->len > start ? apr_pstrmemdup(p, t->text + start,
                                           t->len - start) : NULL;
}

/* ---- attributes -------------------------------------------------------- */

static int naering_san_scheme_ok(const char *s, apr_size_t n)
{
    static const char *const ok[] = {"http", "https", "mailto", "tel"};
    apr_size_t i;

    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strlen(ok[i]) == n
            && !xmlStrncasecmp(NAERING_SAN_X(s), NAERING_SAN_X(ok[i]), (int)n))
            return 1;
    return 0;
}

/* Whether a cleaned href may stay: http(s), mailto, tel or relative. */
static int naering_san_href_ok(const char *s)
{
    apr_size_t end = strcspn(s, "/?#");
    const char *colon = memchr(s, ':', end);

    if (!*s)
        return 0;
    if ((s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\'))
        return 0;               /* //host: another site, any scheme */
    if (colon)
        return naering_san_scheme_ok(s, (apr_size_t)(colon - s));
    /* Before the path an & could become a character reference the parser
     * does not know (&colon;) when the page is written out as HTML. */
    return memchr(s, '&', end) == NULL;
}

/* The href to keep, or NULL.  Entities are already decoded by the parser;
 * controls and what XML forbids go anywhere (URL parsers drop tab and
 * newline inside schemes), spaces at the ends. */
static const char *naering_san_href(apr_pool_t *p, const char *v)
{
    char *s, *d;
    const unsigned char *c;
    apr_size_t n;
    int keep;

    if (!v)
        return NULL;
    s = d = apr_palloc(p, strlen(v) + 1);
    for (c = (const unsigned char *)v; *c; c += n) {
        n = naering_san_xml_char(c, &keep);
        if (keep && *c >= 0x20) {
            memcpy(d, c, n);
            d += n;
        }
    }
    while (d > s && d[-1] == ' ')
        d--;
    *d = '\0';
    while (*s == ' ')
        s++;
    return naering_san_href_ok(s) ? s : NULL;
}

/* colspan, rowspan: digits only, 1 to 100; 0 drops the attribute. */
static int naering_san_span(const char *v)
{
    int n = 0;

    if (!v)
        return 0;
    while (*v == ' ')
        v++;
    if (!apr_isdigit(*v))
        return 0;
    for (; apr_isdigit(*v); v++)
        if ((n = n * 10 + (*v - '0')) > 100)
            return 0;
    while (*v == ' ')
        v++;
    return *v || n < 1 ? 0 : n;
}

static const char *naering_san_scope(apr_pool_t *p, const char *v)
{
    static const char *const ok[] = {"row", "col", "rowgroup", "colgroup"};
    const char *s = naering_san_clean(p, v);
    apr_size_t i;

    for (i = 0; s && i < sizeof(ok) / sizeof(ok[0]); i++)
        if (xmlStrcasecmp(NAERING_SAN_X(s), NAERING_SAN_X(ok[i])) == 0)
            return ok[i];
    return NULL;
}

/* A passage's language (WCAG 3.1.2): kept when it is a well-formed BCP 47
 * tag, in its usual case (language lower, script title, region upper:
 * Word writes EN-GB); anything else is removed.  Editors mark passages
 * with span lang; Word and LibreOffice put it on spans and paragraphs. */
static const char *naering_san_lang(apr_pool_t *p, xmlNodePtr c)
{
    const char *v = naering_san_clean(p, naering_xml_prop(p, c, "lang"));
    char *out, *t;
    int first = 1;

    if (!v || !naering_lang_tag_ok(v))
        return NULL;
    out = apr_pstrdup(p, v);
    for (t = out; *t; first = 0) {
        size_t n = strcspn(t, "-"), i;
        for (i = 0; i < n; i++)
            t[i] = (char)(!first && n == 2 ? apr_toupper(t[i])
                          : !first && n == 4 && i == 0 ? apr_toupper(t[i])
                          : apr_tolower(t[i]));
        t += n;
        if (*t == '-')
            t++;
        if (n == 1)             /* extensions and private use: as is */
            break;
    }
    return out;
}

static void naering_san_attrs(apr_pool_t *p, xmlNodePtr c,
                              naering_san_node *n)
{
    if (n->kind != SAN_BR)
        n->lang = naering_san_lang(p, c);
    if (n->kind == SAN_A) {
        n->href = naering_san_href(p, naering_xml_prop(p, c, "href"));
        n->title = naering_san_clean(p, naering_xml_prop(p, c, "title"));
    }
    else if (n->kind == SAN_TD || n->kind == SAN_TH) {
        n->colspan = naering_san_span(naering_xml_prop(p, c, "colspan"));
        n->rowspan = naering_san_span(naering_xml_prop(p, c, "rowspan"));
        if (n->kind == SAN_TH)
            n->scope = naering_san_scope(p, naering_xml_prop(p, c, "scope"));
    }
}

/* ---- styles: only what tells bold, italic and Word's list bullets ------ */

/* Where the value of declaration [s, end) starts if it sets prop. */
static const char *naering_san_decl(const char *s, const char *end,
                                    const char *prop)
{
    apr_size_t plen = strlen(prop);

    while (s < end && apr_isspace(*s))
        s++;
    if ((apr_size_t)(end - s) < plen
        || xmlStrncasecmp(NAERING_SAN_X(s), NAERING_SAN_X(prop), (int)plen))
        return NULL;
    for (s += plen; s < end && apr_isspace(*s); s++)
        ;
    return s < end && *s == ':' ? s + 1 : NULL;
}

/* The last value of prop in a style attribute, lower case, trimmed,
 * without !important; NULL when absent or empty. */
static const char *naering_san_css(apr_pool_t *p, const char *style,
                                   const char *prop)
{
    const char *s, *end, *val, *found = NULL, *found_end = NULL;
    char *v, *c;

    for (s = style; *s; s = *end ? end + 1 : end) {
        end = s + strcspn(s, ";");
        if ((val = naering_san_decl(s, end, prop)) != NULL) {
            found = val;
            found_end = end;
        }
    }
    if (!found)
        return NULL;
    v = apr_pstrmemdup(p, found, (apr_size_t)(found_end - found));
    for (c = v; *c; c++)
        *c = (char)apr_tolower(*c);
    if ((c = strstr(v, "!important")) != NULL)
        *c = '\0';
    return naering_san_clean(p, v);
}

static int naering_san_bold(const char *v)
{
    return v && (!strcmp(v, "bold") || !strcmp(v, "bolder")
                 || (apr_isdigit(*v) && strtol(v, NULL, 10) >= 600));
}

static int naering_san_italic(const char *v)
{
    return v && (!strcmp(v, "italic") || !strncmp(v, "oblique", 7));
}

/* b, i, span and font by their style: Google Docs wraps a whole paste in
 * <b style="font-weight:normal"> and marks bold as a span with 700. */
static int naering_san_restyle(apr_pool_t *p, int kind, const char *style,
                               const char *list)
{
    const char *fw = style ? naering_san_css(p, style, "font-weight") : NULL;
    const char *fs = style ? naering_san_css(p, style, "font-style") : NULL;

    switch (kind) {
    case SAN_P:     /* Word's list paragraphs: items, gathered into ul */
        return list && strcmp(list, "none") ? SAN_LI : kind;
    case SAN_B:
        return fw && !naering_san_bold(fw) ? SAN_UNWRAP : SAN_STRONG;
    case SAN_I:
        return fs && !strcmp(fs, "normal") ? SAN_UNWRAP : SAN_EM;
    case SAN_STYLED:
        if (naering_san_bold(fw))
            return naering_san_italic(fs) ? SAN_STRONG_EM : SAN_STRONG;
        return naering_san_italic(fs) ? SAN_EM : SAN_UNWRAP;
    }
    return kind;
}

/* ---- images: the site's own only, as figures ---------------------------- */

/* Ids above 2^53 - 1 would not stay exact where a number is a double
 * (XSLT 1.0, JSON); SQLite's rowids never get near it. */
#define NAERING_SAN_MAX_ID APR_INT64_C(9007199254740991)
#define NAERING_SAN_ALT_CHARS 300
#define NAERING_SAN_CAPTION_CHARS 500
#define NAERING_SAN_URL_SPACE " \t\n\r\f"

/* The id at s: decimal, 1 to NAERING_SAN_MAX_ID, no leading zero (one
 * spelling per image, so the output has one too); *end is set after it.
 * 0 when there is none. */
static apr_int64_t naering_san_image_id(const char *s, const char **end)
{
    apr_int64_t id = 0;
    int n;

    if (*s < '1' || *s > '9')
        return 0;
    for (n = 0; apr_isdigit(s[n]) && n < 17; n++)
        id = id * 10 + (s[n] - '0');
    if (n > 16 || id > NAERING_SAN_MAX_ID)
        return 0;
    *end = s + n;
    return id;
}

/* The canonical src, images/<id>, when v names one of the site's images:
 * that, or that followed by /anything or ?anything (a variant's URL, or
 * what a browser copies from a page), spaces around it as a browser
 * ignores them.  NULL for anything else: no decoding, so no escape can
 * make another path look like ours. */
static const char *naering_san_src(apr_pool_t *p, const char *images,
                                   const char *v)
{
    apr_size_t n = strlen(images);
    const char *end = NULL;
    apr_int64_t id;

    if (!v)
        return NULL;
    v += strspn(v, NAERING_SAN_URL_SPACE);
    if (strncmp(v, images, n) || v[n] != '/'
        || !(id = naering_san_image_id(v + n + 1, &end)))
        return NULL;
    if (*end != '/' && *end != '?'
        && end[strspn(end, NAERING_SAN_URL_SPACE)] != '\0')
        return NULL;
    return apr_psprintf(p, "%s/%" APR_INT64_T_FMT, images, id);
}

/* Bytes of the first max characters of s[0..len). */
static apr_size_t naering_san_cut(const char *s, apr_size_t len,
                                  apr_size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i = 0, n;

    for (; i < len && max > 0; max--) {
        n = u[i] < 0x80 ? 1 : naering_utf8_seq(u + i, len - i);
        i += n ? n : 1;
    }
    return i;
}

/* Whether s[0..len) has a character that shows (see naering_san_blank). */
static int naering_san_shows(const char *s, apr_size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i = 0, n;

    for (; i < len; i += n) {
        n = u[i] < 0x80 ? 1 : naering_utf8_seq(u + i, len - i);
        if (n == 0)
            n = 1;
        else if (u[i] != ' ' && !naering_san_blank(u + i, n))
            return 1;
    }
    return 0;
}

/* Text t (filled: controls gone, spaces collapsed) trimmed and cut to max
 * characters, never inside one; NULL when nothing in it shows.  Trimmed
 * again after the cut, so a second pass finds nothing to change. */
static const char *naering_san_plain(apr_pool_t *p, const naering_san_node *t,
                                     apr_size_t max)
{
    const char *s = t->text;
    apr_size_t len = t->len;

    if (len && *s == ' ') {
        s++;
        len--;
    }
    len = naering_san_cut(s, len, max);
    if (len && s[len - 1] == ' ')
        len--;
    return naering_san_shows(s, len) ? apr_pstrmemdup(p, s, len) : NULL;
}

static int naering_san_presentation(apr_pool_t *p, const char *role)
{
    const char *r = naering_san_clean(p, role);

    return r && xmlStrcasecmp(NAERING_SAN_X(r),
                              NAERING_SAN_X("presentation")) == 0;
}

/* alt as plain text.  Absent stays absent (the save refuses it: alt text
 * is the editor's to write); empty is decorative only with
 * role="presentation", said on purpose, and otherwise absent too. */
static void naering_san_alt(apr_pool_t *p, xmlNodePtr c, naering_san_node *f)
{
    const char *alt = naering_xml_prop(p, c, "alt");
    naering_san_node *t;

    if (!alt)
        return;
    t = naering_san_new(p, SAN_TEXT);
    naering_san_fill(p, t, alt);
    f->alt = naering_san_plain(p, t, NAERING_SAN_ALT_CHARS);
    if (!f->alt
        && naering_san_presentation(p, naering_xml_prop(p, c, "role"))) {
        f->alt = "";
        f->decorative = 1;
    }
}

/* The figure an img of the site's becomes; it shows, like text. */
static naering_san_node *naering_san_image(apr_pool_t *p,
                                           const naering_san_ctx *w,
                                           xmlNodePtr c)
{
    naering_san_node *f = naering_san_new(p, SAN_FIGURE);

    f->vis = 1;
    f->src = naering_san_src(p, w->images, naering_xml_prop(p, c, "src"));
    naering_san_alt(p, c, f);
    if (c == w->captioned)
        f->caption = w->caption_text;
    return f;
}

/* With images off an img is unwrapped and a figure split, as before
 * there were images; an img is kept only with a src of the site's. */
static int naering_san_media(apr_pool_t *p, const naering_san_ctx *w,
                             xmlNodePtr c, int kind)
{
    if (!w->images)
        return kind == SAN_IMG ? SAN_UNWRAP : SAN_SPLIT;
    if (kind == SAN_FIGURE_IN)
        return kind;
    return naering_san_src(p, w->images, naering_xml_prop(p, c, "src"))
        ? SAN_IMG : SAN_UNWRAP;
}

/* ---- the walk: libxml2's tree -> ours ---------------------------------- */

static int naering_san_lookup(const xmlChar *name)
{
    const naering_san_map *m;

    for (m = naering_san_elements; m->name; m++)
        if (xmlStrcasecmp(name, NAERING_SAN_X(m->name)) == 0)
            break;
    return m->kind;
}

/* Table parts stay only where they belong; elsewhere their content does. */
static int naering_san_place(int kind, int parent, int in_a)
{
    int group = parent == SAN_TABLE || parent == SAN_THEAD
        || parent == SAN_TBODY || parent == SAN_TFOOT;

    switch (kind) {
    case SAN_A:
        return in_a ? SAN_UNWRAP : kind;    /* the parser splits a in a */
    case SAN_CAPTION: case SAN_THEAD: case SAN_TBODY: case SAN_TFOOT:
        return parent == SAN_TABLE ? kind : SAN_SPLIT;
    case SAN_TR:
        return group ? kind : SAN_SPLIT;
    case SAN_TD: case SAN_TH:
        return group || parent == SAN_TR ? kind : SAN_SPLIT;
    }
    return kind;
}

static int naering_san_classify(apr_pool_t *p, const naering_san_ctx *w,
                                xmlNodePtr c, const naering_san_node *out,
                                int in_a)
{
    int kind = naering_san_lookup(c->name);
    const char *style, *list;

    if (kind == SAN_DROP)
        return kind;
    style = naering_xml_prop(p, c, "style");
    list = style ? naering_san_css(p, style, "mso-list") : NULL;
    if (list && !strcmp(list, "ignore"))
        return SAN_DROP;        /* Word's bullet or number, as text */
    if (kind == SAN_IMG || kind == SAN_FIGURE_IN)
        return naering_san_media(p, w, c, kind);
    /* a span (or font) that says only what language it is in stays */
    if (kind == SAN_STYLED && naering_san_restyle(p, kind, style, list)
                              == SAN_UNWRAP && naering_san_lang(p, c))
        return SAN_SPAN;
    kind = naering_san_restyle(p, kind, style, list);
    if (kind == SAN_A && !naering_san_href(p, naering_xml_prop(p, c, "href")))
        return SAN_UNWRAP;      /* no link left: keep the text */
    return naering_san_place(kind, out->kind, in_a);
}

/* Past the walk's depth: the text of the subtree, without recursion, a
 * space where an element that is not inline starts. */
static void naering_san_text_only(apr_pool_t *p, xmlNodePtr top,
                                  naering_san_node *out)
{
    xmlNodePtr n = top;
    int kind;

    for (;;) {
        if (n->type == XML_TEXT_NODE && n->content)
            naering_san_text(p, out, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && n->children
                 && (kind = naering_san_lookup(n->name)) != SAN_DROP) {
            if (kind == SAN_SPLIT || kind == SAN_FIGURE_IN
                || (kind < SAN_KINDS && !naering_san_is_inline(kind)))
                naering_san_text(p, out, " ");
            n = n->children;
            continue;
        }
        while (n != top && n->next == NULL)
            n = n->parent;
        if (n == top)
            return;
        n = n->next;
    }
}

/* What an input figure holds, as the walk will see it. */
typedef struct {
    xmlNodePtr cap, img;
    int cap_depth;
} naering_san_found;

/* Below an input figure, in document order: the first figcaption and the
 * first img of the site's outside it.  A figure inside is left to find
 * its own; what the walk drops or reads as text only (too deep) is not
 * looked at. */
static void naering_san_find(apr_pool_t *p, const naering_san_ctx *w,
                             xmlNodePtr c, int depth, naering_san_found *f)
{
    naering_san_node any = {0};
    int kind;

    any.kind = SAN_ROOT;        /* a place that moves no table part */
    for (; c && !(f->cap && f->img); c = c->next) {
        if (c->type != XML_ELEMENT_NODE || depth > NAERING_SAN_WALK_DEPTH)
            continue;
        kind = naering_san_classify(p, w, c, &any, 0);
        if (kind == SAN_IMG)
            f->img = f->img ? f->img : c;
        else if (kind == SAN_SPLIT && !f->cap
                 && xmlStrEqual(c->name, NAERING_SAN_X("figcaption"))) {
            f->cap = c;
            f->cap_depth = depth;
        }
        else if (kind != SAN_DROP && kind != SAN_FIGURE_IN)
            naering_san_find(p, w, c->children, depth + 1, f);
    }
}

static void naering_san_collect(apr_pool_t *p, naering_san_node *top,
                                naering_san_node *t);

/* A figcaption's text: walked as any content is (what the walk drops goes
 * here too; an img is only unwrapped), then flattened, a space where a
 * block or a line break was. */
static const char *naering_san_caption(apr_pool_t *p, xmlNodePtr cap,
                                       int depth)
{
    naering_san_ctx text = {NULL, NULL, NULL, NULL};
    naering_san_node *box = naering_san_new(p, SAN_ROOT);
    naering_san_node *t = naering_san_new(p, SAN_TEXT);

    naering_san_walk(p, &text, cap->children, box, depth, 0);
    naering_san_collect(p, box, t);
    return naering_san_plain(p, t, NAERING_SAN_CAPTION_CHARS);
}

/* A block not kept (or an unknown element): its content, between breaks
 * when it ended a paragraph. */
static void naering_san_unwrap(apr_pool_t *p, naering_san_ctx *w,
                               xmlNodePtr c, naering_san_node *out,
                               int depth, int in_a, int split)
{
    if (split)
        naering_san_put(p, out, naering_san_new(p, SAN_BREAK));
    naering_san_walk(p, w, c->children, out, depth, in_a);
    if (split)
        naering_san_put(p, out, naering_san_new(p, SAN_BREAK));
}

/* An input figure is split like any block not kept; when it holds an img
 * of the site's, its first figcaption becomes that image's caption and is
 * not read again as text.  Without one, the figcaption stays text. */
static void naering_san_figure_in(apr_pool_t *p, naering_san_ctx *w,
                                  xmlNodePtr c, naering_san_node *out,
                                  int depth, int in_a)
{
    naering_san_ctx outer = *w;
    naering_san_found f = {NULL, NULL, 0};

    naering_san_find(p, w, c->children, depth + 1, &f);
    w->captioned = f.img;
    w->caption = f.img ? f.cap : NULL;
    w->caption_text = w->caption
        ? naering_san_caption(p, f.cap, f.cap_depth) : NULL;
    naering_san_unwrap(p, w, c, out, depth, in_a, 1);
    *w = outer;
}

static void naering_san_element(apr_pool_t *p, naering_san_ctx *w,
                                xmlNodePtr c, naering_san_node *out,
                                int depth, int in_a)
{
    int kind;
    naering_san_node *n, *em;

    if (c == w->caption)
        return;                 /* read already, as the figure's caption */
    if (depth > NAERING_SAN_WALK_DEPTH) {
        naering_san_text_only(p, c, out);
        return;
    }
    kind = naering_san_classify(p, w, c, out, in_a);
    if (kind == SAN_DROP)
        return;
    if (kind == SAN_UNWRAP || kind == SAN_SPLIT) {
        naering_san_unwrap(p, w, c, out, depth, in_a, kind == SAN_SPLIT);
        return;
    }
    if (kind == SAN_FIGURE_IN) {
        naering_san_figure_in(p, w, c, out, depth, in_a);
        return;
    }
    if (kind == SAN_IMG) {
        naering_san_put(p, out, naering_san_image(p, w, c));
        return;
    }
    n = naering_san_new(p, kind == SAN_STRONG_EM ? SAN_STRONG : kind);
    naering_san_attrs(p, c, n);
    naering_san_put(p, out, n);
    if (kind == SAN_STRONG_EM) {
        naering_san_put(p, n, em = naering_san_new(p, SAN_EM));
        n = em;
    }
    if (kind != SAN_BR)
        naering_san_walk(p, w, c->children, n, depth, in_a || kind == SAN_A);
}

/* Text and elements only: comments (conditional ones too), processing
 * instructions and the DTD go. */
static void naering_san_walk(apr_pool_t *p, naering_san_ctx *w,
                             xmlNodePtr c, naering_san_node *out, int depth,
                             int in_a)
{
    for (; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content)
            naering_san_text(p, out, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            naering_san_element(p, w, c, out, depth + 1, in_a);
    }
}

/* ---- normal form ------------------------------------------------------- */

/* Removes a line break or an edge space at one end of a run; 1 if it did.
 * They show nothing there, and the normal form has none. */
static int naering_san_trim_end(naering_san_node *c, int tail)
{
    if (c->kind == SAN_BR) {
        naering_san_unlink(c);
        return 1;
    }
    if (c->kind != SAN_TEXT || c->len == 0
        || (tail ? c->text[c->len - 1] : c->text[0]) != ' ')
        return 0;
    if (!tail) {
        c->text++;
        c->cap--;
    }
    if (--c->len == 0)
        naering_san_unlink(c);
    return 1;
}

static void naering_san_trim(naering_san_node *n)
{
    while (n->first && naering_san_trim_end(n->first, 0))
        ;
    while (n->last && naering_san_trim_end(n->last, 1))
        ;
}

/* Ends an inline run (a p holding it) in n: dropped when it shows nothing,
 * the paragraph itself in a flow container, its nodes in a mixed one,
 * after a line break where a dropped block separated two runs. */
static int naering_san_flush(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *run, int mixed)
{
    naering_san_trim(run);
    if (!run->vis)
        return 0;
    if (!mixed) {
        naering_san_put(p, n, run);
        return 1;
    }
    if (n->last && naering_san_is_inline(n->last->kind))
        naering_san_put(p, n, naering_san_new(p, SAN_BR));
    naering_san_move(p, run, n);
    return 1;
}

/* Puts li into the list opened for the li before it, or a new ul. */
static naering_san_node *naering_san_gather(apr_pool_t *p,
                                            naering_san_node *n,
                                            naering_san_node *ul,
                                            naering_san_node *li)
{
    if (!ul) {
        ul = naering_san_new(p, SAN_UL);
        naering_san_put(p, n, ul);
    }
    naering_san_put(p, ul, li);
    n->vis |= li->vis;
    return ul;
}

/* The children of a flow container (body, blockquote) or, mixed, of li,
 * td, th, headings: inline runs between blocks become paragraphs (flow)
 * or stay inline (mixed); a stray li goes into a ul. */
static void naering_san_blocks(apr_pool_t *p, naering_san_node *n, int mixed)
{
    naering_san_node *c = naering_san_take(n), *next, *ul = NULL;
    naering_san_node *run = naering_san_new(p, SAN_P);

    for (; c; c = next) {
        next = c->next;
        if (naering_san_is_inline(c->kind)) {
            naering_san_put(p, run, c);
            continue;
        }
        if (naering_san_flush(p, n, run, mixed))
            ul = NULL;
        run = naering_san_new(p, SAN_P);
        if (c->kind == SAN_LI)
            ul = naering_san_gather(p, n, ul, c);
        else if (c->kind != SAN_BREAK) {
            naering_san_put(p, n, c);
            ul = NULL;
        }
    }
    naering_san_flush(p, n, run, mixed);
}

/* p holds inline content only: it splits around what came up into it. */
static void naering_san_para(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *out)
{
    naering_san_node *c = naering_san_take(n), *next, *run = n;

    for (; c; c = next) {
        next = c->next;
        if (naering_san_is_inline(c->kind)) {
            naering_san_put(p, run, c);
            continue;
        }
        naering_san_flush(p, out, run, 0);
        run = naering_san_copy(p, n);   /* the rest keeps its language */
        if (c->kind != SAN_BREAK)
            naering_san_put(p, out, c);
    }
    naering_san_flush(p, out, run, 0);
}

/* Moves c into h as inline content; a block leaves its text between
 * breaks (which become line breaks).  A figure stays whole, for
 * naering_san_heading to split around. */
static void naering_san_flatten(apr_pool_t *p, naering_san_node *c,
                                naering_san_node *h)
{
    naering_san_node *k, *next;

    if (naering_san_is_inline(c->kind) || c->kind == SAN_FIGURE) {
        naering_san_put(p, h, c);
        return;
    }
    naering_san_put(p, h, naering_san_new(p, SAN_BREAK));
    for (k = naering_san_take(c); k; k = next) {
        next = k->next;
        naering_san_flatten(p, k, h);
    }
    naering_san_put(p, h, naering_san_new(p, SAN_BREAK));
}

static void naering_san_end_heading(apr_pool_t *p, naering_san_node *h,
                                    naering_san_node *out)
{
    naering_san_blocks(p, h, 1);
    if (h->vis)
        naering_san_put(p, out, h);
}

/* Headings and captions keep a block's text rather than split; only a
 * figure splits a heading, and a table's caption, of which a table has
 * one, loses its figures instead. */
static void naering_san_heading(apr_pool_t *p, naering_san_node *n,
                                naering_san_node *out)
{
    naering_san_node *c = naering_san_take(n), *next, *run = n;

    for (; c; c = next) {
        next = c->next;
        naering_san_flatten(p, c, n);
    }
    for (c = naering_san_take(n); c; c = next) {
        next = c->next;
        if (c->kind != SAN_FIGURE)
            naering_san_put(p, run, c);
        else if (n->kind != SAN_CAPTION) {
            naering_san_end_heading(p, run, out);
            naering_san_put(p, out, c);
            run = naering_san_copy(p, n);
        }
    }
    naering_san_end_heading(p, run, out);
}

/* A run split off an inline element: kept if it shows something. */
static void naering_san_end_run(apr_pool_t *p, naering_san_node *run,
                                naering_san_node *out)
{
    if (run && run->vis)
        naering_san_put(p, out, run);
    else if (run)
        naering_san_move(p, run, out);
}

/* A block that came up inside inline element n goes out beside it; a
 * paragraph or heading takes n's formatting along (a link unless it
 * already has one: a in a does not survive the parser). */
static void naering_san_lift(apr_pool_t *p, const naering_san_node *n,
                             naering_san_node *c, naering_san_node *out)
{
    naering_san_node *wrap;

    if ((c->kind == SAN_P || c->kind == SAN_H2 || c->kind == SAN_H3
         || c->kind == SAN_H4)
        && !(n->kind == SAN_A && naering_san_has(c, SAN_A))) {
        wrap = naering_san_copy(p, n);
        naering_san_move(p, c, wrap);
        naering_san_put(p, c, wrap);
    }
    naering_san_put(p, out, c);
}

static int naering_san_all_inline(const naering_san_node *n)
{
    const naering_san_node *c;

    for (c = n->first; c; c = c->next)
        if (!naering_san_is_inline(c->kind))
            return 0;
    return 1;
}

/* strong, em, a, sub, sup: unwrapped when they show nothing, split around
 * blocks from inside them. */
static void naering_san_inline(apr_pool_t *p, naering_san_node *n,
                               naering_san_node *out)
{
    naering_san_node *c, *next, *run = NULL;

    if (!n->vis || naering_san_all_inline(n)) {
        if (n->vis)
            naering_san_put(p, out, n);
        else
            naering_san_move(p, n, out);
        return;
    }
    for (c = naering_san_take(n); c; c = next) {
        next = c->next;
        if (naering_san_is_inline(c->kind)) {
            if (!run)
                run = naering_san_copy(p, n);
            naering_san_put(p, run, c);
            continue;
        }
        naering_san_end_run(p, run, out);
        run = NULL;
        naering_san_lift(p, n, c, out);
    }
    naering_san_end_run(p, run, out);
}

/* Adds c to the stray content of a list or table part, opened (as a node
 * of kind wrap) by the first thing that shows or is an element. */
static naering_san_node *naering_san_stray(apr_pool_t *p,
                                           naering_san_node *stray,
                                           naering_san_node *c, int wrap)
{
    if (!stray && (c->kind == SAN_TEXT || c->kind == SAN_BREAK) && !c->vis)
        return NULL;
    if (!stray)
        stray = naering_san_new(p, wrap);
    naering_san_put(p, stray, c);
    return stray;
}

static void naering_san_finish(apr_pool_t *p, naering_san_node *n,
                               naering_san_node *out);

static void naering_san_end_stray(apr_pool_t *p, naering_san_node *stray,
                                  naering_san_node *n)
{
    if (stray)
        naering_san_finish(p, stray, n);
}

/* ul, ol: li only.  A list right in a list (Word, LibreOffice) belongs to
 * the item before it; anything else becomes an item of its own. */
static void naering_san_list(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *out)
{
    naering_san_node *c = naering_san_take(n), *next, *stray = NULL;

    for (; c; c = next) {
        next = c->next;
        if (c->kind == SAN_LI) {
            naering_san_end_stray(p, stray, n);
            stray = NULL;
            naering_san_put(p, n, c);
        }
        else if ((c->kind == SAN_UL || c->kind == SAN_OL) && !stray
                 && n->last) {
            naering_san_put(p, n->last, c);
            n->vis |= c->vis;
        }
        else
            stray = naering_san_stray(p, stray, c, SAN_LI);
    }
    naering_san_end_stray(p, stray, n);
    if (n->first)
        naering_san_put(p, out, n);
}

/* tr: cells only; thead, tbody, tfoot: rows only.  Stray content goes
 * into a cell or row of its own. */
static void naering_san_row(apr_pool_t *p, naering_san_node *n,
                            naering_san_node *out)
{
    naering_san_node *c = naering_san_take(n), *next, *stray = NULL;
    int cells = n->kind == SAN_TR;

    for (; c; c = next) {
        next = c->next;
        if (cells ? c->kind == SAN_TD || c->kind == SAN_TH
                  : c->kind == SAN_TR) {
            naering_san_end_stray(p, stray, n);
            stray = NULL;
            naering_san_put(p, n, c);
        }
        else
            stray = naering_san_stray(p, stray, c, cells ? SAN_TD : SAN_TR);
    }
    naering_san_end_stray(p, stray, n);
    if (n->first)
        naering_san_put(p, out, n);
}

/* A table without rows leaves its caption as a paragraph. */
static void naering_san_end_table(apr_pool_t *p, naering_san_node *n,
                                  naering_san_node *out)
{
    naering_san_node *cap = n->first;

    if (cap && cap->kind == SAN_CAPTION && cap == n->last) {
        naering_san_take(n);
        cap->kind = SAN_P;
        naering_san_put(p, out, cap);
    }
    else if (n->first)
        naering_san_put(p, out, n);
}

/* table: a caption first, then row groups and rows; a caption elsewhere
 * becomes a paragraph in a cell. */
static void naering_san_table(apr_pool_t *p, naering_san_node *n,
                              naering_san_node *out)
{
    naering_san_node *c = naering_san_take(n), *next, *stray = NULL;

    for (; c; c = next) {
        next = c->next;
        if (c->kind == SAN_CAPTION && !n->first && !stray)
            naering_san_put(p, n, c);
        else if (naering_san_is_row(c->kind)) {
            naering_san_end_stray(p, stray, n);
            stray = NULL;
            naering_san_put(p, n, c);
        }
        else {
            if (c->kind == SAN_CAPTION)
                c->kind = SAN_P;
            stray = naering_san_stray(p, stray, c, SAN_TR);
        }
    }
    naering_san_end_stray(p, stray, n);
    naering_san_end_table(p, n, out);
}

/* The rule of n's kind, its children already in normal form; what it
 * leaves goes into out. */
static void naering_san_finish(apr_pool_t *p, naering_san_node *n,
                               naering_san_node *out)
{
    switch (n->kind) {
    case SAN_BLOCKQUOTE: case SAN_LI: case SAN_TD: case SAN_TH:
        naering_san_blocks(p, n, n->kind != SAN_BLOCKQUOTE);
        if (n->vis || n->kind == SAN_TD || n->kind == SAN_TH)
            naering_san_put(p, out, n);     /* empty cells keep the grid */
        break;
    case SAN_P:
        naering_san_para(p, n, out);
        break;
    case SAN_H2: case SAN_H3: case SAN_H4: case SAN_CAPTION:
        naering_san_heading(p, n, out);
        break;
    case SAN_UL: case SAN_OL:
        naering_san_list(p, n, out);
        break;
    case SAN_TABLE:
        naering_san_table(p, n, out);
        break;
    case SAN_TR: case SAN_THEAD: case SAN_TBODY: case SAN_TFOOT:
        naering_san_row(p, n, out);
        break;
    default:
        naering_san_inline(p, n, out);
    }
}

/* Bottom-up: n's children first, then n's own rule. */
static void naering_san_norm(apr_pool_t *p, naering_san_node *n,
                             naering_san_node *out)
{
    naering_san_node *c, *next;

    if (n->kind == SAN_TEXT || n->kind == SAN_BREAK || n->kind == SAN_BR
        || n->kind == SAN_FIGURE) {
        naering_san_put(p, out, n);
        return;
    }
    for (c = naering_san_take(n); c; c = next) {
        next = c->next;
        naering_san_norm(p, c, n);
    }
    naering_san_finish(p, n, out);
}

/* ---- depth ------------------------------------------------------------- */

/* The text under top, a space where a line break or block was. */
static void naering_san_collect(apr_pool_t *p, naering_san_node *top,
                                naering_san_node *t)
{
    naering_san_node *n = top->first;

    while (n) {
        if (n->kind == SAN_TEXT)
            naering_san_cat(p, t, n->text, n->len);
        else if (!naering_san_is_inline(n->kind) || n->kind == SAN_BR)
            naering_san_cat(p, t, " ", 1);
        if (n->first) {
            n = n->first;
            continue;
        }
        while (n != top && n->next == NULL)
            n = n->parent;
        if (n == top)
            return;
        n = n->next;
    }
}

static naering_san_node *naering_san_wrap(apr_pool_t *p, naering_san_node *n,
                                          int kind)
{
    naering_san_node *w = naering_san_new(p, kind);

    naering_san_put(p, n, w);
    return w;
}

/* Too deep: n keeps its text only, in the fewest wrappers its kind needs
 * to stay in normal form.  1 when that text shows nothing: n showed an
 * image only, and the normal form would not keep it now. */
static int naering_san_flat(apr_pool_t *p, naering_san_node *n)
{
    naering_san_node *t = naering_san_new(p, SAN_TEXT), *in = n;

    naering_san_collect(p, n, t);
    naering_san_take(n);
    switch (n->kind) {
    case SAN_UL: case SAN_OL:
        in = naering_san_wrap(p, n, SAN_LI);
        break;
    case SAN_BLOCKQUOTE:
        in = naering_san_wrap(p, n, SAN_P);
        break;
    case SAN_TABLE: case SAN_THEAD: case SAN_TBODY: case SAN_TFOOT:
        in = naering_san_wrap(p, naering_san_wrap(p, n, SAN_TR), SAN_TD);
        break;
    case SAN_TR:
        in = naering_san_wrap(p, n, SAN_TD);
        break;
    }
    t->vis = naering_san_shows(t->text, t->len);
    naering_san_put(p, in, t);
    if (!naering_san_is_inline(n->kind))
        naering_san_trim(in);
    return !t->vis;
}

/* Flattens what lies too deep; returns how many of the elements it
 * flattened show nothing now. */
static int naering_san_clamp(apr_pool_t *p, naering_san_node *n, int depth)
{
    naering_san_node *c;
    int empty = 0;

    for (c = n->first; c; c = c->next) {
        /* a figure is two levels at most: it fits where flat text does */
        if (c->kind == SAN_TEXT || c->kind == SAN_BR || c->kind == SAN_FIGURE)
            continue;
        if (depth + 1 >= NAERING_SAN_FLAT_DEPTH)
            empty += naering_san_flat(p, c);
        else
            empty += naering_san_clamp(p, c, depth + 1);
    }
    return empty;
}

/* ---- output ------------------------------------------------------------ */

static void naering_san_esc(naering_buf *b, const char *s, apr_size_t n)
{
    apr_size_t i, from = 0;
    const char *e;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        default: continue;
        }
        naering_buf_add(b, s + from, i - from);
        naering_buf_add(b, e, strlen(e));
        from = i + 1;
    }
    naering_buf_add(b, s + from, n - from);
}

static void naering_san_attr(naering_buf *b, const char *name,
                             const char *v)
{
    if (!v)
        return;
    naering_buf_add(b, " ", 1);
    naering_buf_add(b, name, strlen(name));
    naering_buf_add(b, "=\"", 2);
    naering_san_esc(b, v, strlen(v));
    naering_buf_add(b, "\"", 1);
}

static void naering_san_open(naering_buf *b, const naering_san_node *n)
{
    const char *name = naering_san_names[n->kind];

    naering_buf_add(b, "<", 1);
    naering_buf_add(b, name, strlen(name));
    naering_san_attr(b, "href", n->href);
    naering_san_attr(b, "title", n->title);
    naering_san_attr(b, "colspan", n->colspan
                     ? apr_itoa(b->p, n->colspan) : NULL);
    naering_san_attr(b, "rowspan", n->rowspan
                     ? apr_itoa(b->p, n->rowspan) : NULL);
    naering_san_attr(b, "scope", n->scope);
    naering_san_attr(b, "lang", n->lang);
    naering_buf_add(b, ">", 1);
}

/* Attributes in a fixed order: src, alt, role. */
static void naering_san_figure(naering_buf *b, const naering_san_node *f)
{
    naering_buf_add(b, "<figure><img", 12);
    naering_san_attr(b, "src", f->src);
    naering_san_attr(b, "alt", f->alt);
    naering_san_attr(b, "role", f->decorative ? "presentation" : NULL);
    naering_buf_add(b, "/>", 2);
    if (f->caption) {
        naering_buf_add(b, "<figcaption>", 12);
        naering_san_esc(b, f->caption, strlen(f->caption));
        naering_buf_add(b, "</figcaption>", 13);
    }
    naering_buf_add(b, "</figure>", 9);
}

static void naering_san_write(naering_buf *b, const naering_san_node *n)
{
    const naering_san_node *c;
    const char *name;

    for (c = n->first; c; c = c->next) {
        if (c->kind == SAN_TEXT)
            naering_san_esc(b, c->text, c->len);
        else if (c->kind == SAN_BR)
            naering_buf_add(b, "<br/>", 5);
        else if (c->kind == SAN_FIGURE)
            naering_san_figure(b, c);
        else if (c->kind < SAN_KINDS && (name = naering_san_names[c->kind])) {
            naering_san_open(b, c);
            naering_san_write(b, c);
            naering_buf_add(b, "</", 2);
            naering_buf_add(b, name, strlen(name));
            naering_buf_add(b, ">", 1);
        }
    }
}

/* ---- entry ------------------------------------------------------------- */

/* Length of a downlevel-revealed conditional comment at s ("<![if
 * !supportLists]>", "<![endif]>"), 0 if none.  Word writes them bare
 * around its list bullets and images; the parser would keep them as text.
 * Strict, so "<![endif]-->" closing a real comment is left alone. */
static apr_size_t naering_san_marker(const char *s, apr_size_t avail)
{
    const xmlChar *x = NAERING_SAN_X(s);
    apr_size_t i;

    if (avail >= 10 && !xmlStrncasecmp(x, NAERING_SAN_X("<![endif]>"), 10))
        return 10;
    if (avail < 7 || xmlStrncasecmp(x, NAERING_SAN_X("<![if "), 6))
        return 0;
    for (i = 6; i < avail && i < 128 && s[i] != '<' && s[i] != '>'; i++)
        ;
    return i < avail && s[i] == '>' && s[i - 1] == ']' ? i + 1 : 0;
}

/* Bytes to leave out at s: a marker, or U+FFFE or U+FFFF, errors libxml2
 * calls fatal (in an attribute, a comment).  In valid UTF-8 0xEF only
 * ever starts a character. */
static apr_size_t naering_san_skip(const char *s, apr_size_t avail)
{
    const unsigned char *u = (const unsigned char *)s;

    if (*u == '<')
        return naering_san_marker(s, avail);
    if (*u == 0xEF && avail >= 3 && u[1] == 0xBF && u[2] >= 0xBE)
        return 3;
    return 0;
}

/* The input without what naering_san_skip finds.  Done on the source, not
 * on text: our own output has none of it, so the second pass removes
 * nothing and cannot differ. */
static const char *naering_san_prepare(apr_pool_t *p, const char *html,
                                       apr_size_t *len)
{
    char *copy = apr_palloc(p, *len + 1), *d = copy;
    apr_size_t i = 0, n;

    while (i < *len) {
        if ((n = naering_san_skip(html + i, *len - i)) != 0)
            i += n;
        else
            *d++ = html[i++];
    }
    *len = (apr_size_t)(d - copy);
    return copy;
}

/* Parses into root; libxml2's tree is freed before returning.  Even in
 * recovery libxml2 gives up at depth 256 ("Excessive depth", hidden by
 * NOERROR) and returns what it had: refused rather than stored cut short.
 * Its limit stays: lifted (XML_PARSE_HUGE), its end-tag search goes
 * quadratic. */
static naering_err *naering_san_parse(apr_pool_t *p, naering_san_ctx *w,
                                      const char *html, apr_size_t len,
                                      naering_san_node *root)
{
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    htmlDocPtr doc;
    int halted;

    if (!ctxt)
        return naering_err_make(p, 500, "sanitize: no HTML parser context");
    doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
                             NAERING_SAN_PARSE);
    halted = ctxt->disableSAX != 0;
    if (doc && !halted)
        naering_san_walk(p, w, doc->children, root, 0, 0);
    xmlFreeDoc(doc);
    htmlFreeParserCtxt(ctxt);
    if (halted)
        return naering_err_make(p, 400, "sanitize: HTML nested deeper than "
                                "the parser's 256 levels");
    return NULL;
}

/* The tree under root brought into normal form, bottom-up. */
static void naering_san_normal(apr_pool_t *p, naering_san_node *root)
{
    naering_san_node *c, *next;

    for (c = naering_san_take(root); c; c = next) {
        next = c->next;
        naering_san_norm(p, c, root);
    }
    naering_san_blocks(p, root, 0);
}

naering_err *naering_sanitize(apr_pool_t *p, const char *html,
                              apr_size_t len, const char **out)
{
    return naering_sanitize_site(p, html, len, NULL, out);
}

naering_err *naering_sanitize_site(apr_pool_t *p, const char *html,
                                   apr_size_t len, const char *images,
                                   const char **out)
{
    naering_san_node *root = naering_san_new(p, SAN_ROOT);
    naering_san_ctx w = {NULL, NULL, NULL, NULL};
    naering_buf b;
    naering_err *e;

    *out = NULL;
    w.images = images && *images ? images : NULL;
    if (len > INT_MAX)      /* libxml2 takes an int */
        return naering_err_make(p, 413, "sanitize: body of %" APR_SIZE_T_FMT
                                " bytes is too large", len);
    if (!naering_utf8_valid(html, len))
        return naering_err_make(p, 400, "sanitize: body is not valid UTF-8 "
                                "or contains a NUL byte");
    html = naering_san_prepare(p, html, &len);
    if (len && (e = naering_san_parse(p, &w, html, len, root)) != NULL)
        return e;
    naering_san_normal(p, root);
    /* What flattening left showing nothing (an image was all there was)
     * the normal form drops, as the second pass would: once more, which
     * only removes, so nothing comes out deeper. */
    if (naering_san_clamp(p, root, 0))
        naering_san_normal(p, root);
    naering_buf_init(&b, p, len + 64);
    naering_san_write(&b, root);
    *out = naering_buf_str(&b);
    return NULL;
}
