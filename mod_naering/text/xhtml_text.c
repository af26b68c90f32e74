/*
 * The plain text of a stored XHTML fragment, laid out as a browser would
 * read it aloud: blocks and br become line breaks, table cells are
 * separated, runs of white space collapse.  The search index and the
 * word diff both read pages through it.  A fragment that does not parse
 * (an old row, a hand-edited one) is read by a naive tag stripper rather
 * than lost.  A figure's caption is a line of its own; an image's alt
 * text is not read (the figure's caption says what a reader sees).  The
 * parser of stored fragments, which images.c shares, is here.  Pure.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "text/text.h"

/* Blank bytes a line may not end with (newlines are kept). */
static int naering_text_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

#define NAERING_TEXT_INLINE 0
#define NAERING_TEXT_BLOCK  1
#define NAERING_TEXT_BR     2
#define NAERING_TEXT_CELL   3

static int naering_text_tag_kind(const char *name, apr_size_t n)
{
    static const char *const blocks[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
        "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot",
        "caption", "blockquote", "pre", "figure", "figcaption", "section",
        "article", "header", "footer", "aside", "nav", "address", "hr", NULL
    };
    int i;

    if (n == 2 && strncasecmp(name, "br", 2) == 0)
        return NAERING_TEXT_BR;
    if (n == 2 && (strncasecmp(name, "td", 2) == 0
                   || strncasecmp(name, "th", 2) == 0))
        return NAERING_TEXT_CELL;
    for (i = 0; blocks[i]; i++)
        if (strlen(blocks[i]) == n && strncasecmp(name, blocks[i], n) == 0)
            return NAERING_TEXT_BLOCK;
    return NAERING_TEXT_INLINE;
}

static void naering_text_trim(naering_buf *o)
{
    while (o->len > 0 && naering_text_blank(o->s[o->len - 1]))
        o->len--;
}

/* One space, never at the start of a line or after another space. */
static void naering_text_space(naering_buf *o)
{
    if (o->len > 0 && o->s[o->len - 1] != ' ' && o->s[o->len - 1] != '\n')
        naering_buf_putc(o, ' ');
}

/* Ends the current line unless it is empty: blocks never stack blank
 * lines, br does (two br are an empty line on the page too). */
static void naering_text_break(naering_buf *o, int always)
{
    naering_text_trim(o);
    if (always || (o->len > 0 && o->s[o->len - 1] != '\n'))
        naering_buf_putc(o, '\n');
}

/* Text as a browser lays it out: whitespace and no-break spaces (U+00A0)
 * collapse to one space; in pre everything is kept. */
static void naering_text_text(naering_buf *o, const char *s,
                              apr_size_t n, int pre)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        int nbsp = (unsigned char)s[i] == 0xC2 && i + 1 < n
                   && (unsigned char)s[i + 1] == 0xA0;
        if (pre || (!nbsp && !apr_isspace(s[i])))
            naering_buf_putc(o, s[i]);
        else {
            i += nbsp;
            naering_text_space(o);
        }
    }
}

static void naering_text_walk(naering_buf *o, xmlNodePtr n, int pre);

static void naering_text_element(naering_buf *o, xmlNodePtr n, int pre)
{
    const char *name = (const char *)n->name;
    int kind = naering_text_tag_kind(name, strlen(name));

    if (kind == NAERING_TEXT_BR) {
        naering_text_break(o, 1);
        return;
    }
    if (kind == NAERING_TEXT_BLOCK)
        naering_text_break(o, 0);
    else if (kind == NAERING_TEXT_CELL)
        naering_text_space(o);
    naering_text_walk(o, n->children, pre || strcmp(name, "pre") == 0);
    if (kind == NAERING_TEXT_BLOCK)
        naering_text_break(o, 0);
}

/* Depth is bounded by the parser (256 levels without XML_PARSE_HUGE). */
static void naering_text_walk(naering_buf *o, xmlNodePtr n, int pre)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)n->content;
            naering_text_text(o, s, s ? strlen(s) : 0, pre);
        }
        else if (n->type == XML_ELEMENT_NODE)
            naering_text_element(o, n, pre);
    }
}

/* Parsed in the context of a wrapper element, as view/nodes.c does: no
 * DTD, only XML's own entities, nothing fetched, no messages on stderr.
 * Every reader of a stored fragment parses it here, so all read it
 * alike. */
int naering_xhtml_parse(const char *xhtml, naering_xhtml_fn *fn, void *arg)
{
    xmlDocPtr doc;
    xmlNodePtr wrap, list = NULL;
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR
               | XML_PARSE_NOWARNING;
    size_t len = strlen(xhtml);
    int ok;

    if (len > INT_MAX)
        return 0;
    doc = xmlNewDoc((const xmlChar *)"1.0");
    wrap = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
    xmlDocSetRootElement(doc, wrap);
    ok = xmlParseInNodeContext(wrap, xhtml, (int)len, opts, &list)
         == XML_ERR_OK;
    if (ok)
        fn(list, arg);
    xmlFreeNodeList(list);
    xmlFreeDoc(doc);
    return ok;
}

static void naering_text_parsed(xmlNodePtr list, void *o)
{
    naering_text_walk(o, list, 0);
}

/* ---- the naive fallback for broken fragments --------------------------- */

static apr_size_t naering_text_utf8(unsigned long cp, char *out)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The entity name between & and ; as UTF-8 in out; 0 when unknown. */
static apr_size_t naering_text_entity(const char *s, apr_size_t n, char *out)
{
    static const char *const names[] = {
        "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
        "nbsp", "\xC2\xA0", NULL
    };
    char num[16], *digits, *end;
    unsigned long cp;
    int i, hex;

    for (i = 0; names[i]; i += 2)
        if (strlen(names[i]) == n && memcmp(s, names[i], n) == 0) {
            strcpy(out, names[i + 1]);
            return strlen(out);
        }
    if (n < 2 || n >= sizeof(num) || s[0] != '#')
        return 0;
    memcpy(num, s + 1, n - 1);
    num[n - 1] = '\0';
    hex = num[0] == 'x' || num[0] == 'X';
    digits = num + hex;
    /* strtoul alone would take spaces and signs too. */
    if (!(hex ? apr_isxdigit(*digits) : apr_isdigit(*digits)))
        return 0;
    cp = strtoul(digits, &end, hex ? 16 : 10);
    return *end ? 0 : naering_text_utf8(cp, out);
}

/* Text between tags, entities decoded; an unknown one stays as written. */
static void naering_text_entities(naering_buf *o, const char *s,
                                  apr_size_t n)
{
    apr_size_t i = 0, start = 0, k;
    char out[8];

    while (i < n) {
        const char *semi = s[i] == '&'
                           ? memchr(s + i, ';', n - i < 16 ? n - i : 16)
                           : NULL;
        if (semi && (k = naering_text_entity(s + i + 1,
                                             semi - s - i - 1, out))) {
            naering_text_text(o, s + start, i - start, 0);
            naering_text_text(o, out, k, 0);
            i = start = semi - s + 1;
        }
        else
            i++;
    }
    naering_text_text(o, s + start, n - start, 0);
}

/* Skips the tag at s (at its '<'), breaking the line for block tags. */
static const char *naering_text_naive_tag(naering_buf *o, const char *s)
{
    const char *name = s + 1 + (s[1] == '/'), *end = name, *gt;
    int kind;

    while (apr_isalnum(*end))
        end++;
    kind = naering_text_tag_kind(name, end - name);
    if (kind == NAERING_TEXT_BR)
        naering_text_break(o, 1);
    else if (kind == NAERING_TEXT_BLOCK)
        naering_text_break(o, 0);
    else if (kind == NAERING_TEXT_CELL)
        naering_text_space(o);
    gt = strchr(end, '>');
    return gt ? gt + 1 : end + strlen(end);
}

static void naering_text_naive(naering_buf *o, const char *s)
{
    while (*s) {
        const char *lt = strchr(s, '<');
        apr_size_t n = lt ? (apr_size_t)(lt - s) : strlen(s);

        naering_text_entities(o, s, n);
        if (!lt)
            return;
        s = naering_text_naive_tag(o, lt);
    }
}

const char *naering_xhtml_text(apr_pool_t *p, const char *xhtml)
{
    naering_buf o;

    if (!xhtml || !*xhtml)
        return "";
    naering_buf_init(&o, p, strlen(xhtml) + 16);
    if (!naering_xhtml_parse(xhtml, naering_text_parsed, &o)) {
        o.len = 0;
        naering_text_naive(&o, xhtml);
    }
    while (o.len > 0 && apr_isspace(o.s[o.len - 1]))
        o.len--;
    return naering_buf_str(&o);
}

const char *naering_xml_prop(apr_pool_t *p, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    const char *s;

    if (!v)
        return NULL;
    s = apr_pstrdup(p, (const char *)v);
    xmlFree(v);
    return s;
}
