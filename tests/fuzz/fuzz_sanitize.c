/*
 * libFuzzer target for the HTML sanitizer.  For every input, in a pool of
 * its own, sanitized twice: without images (naering_sanitize) and keeping
 * the site's images under /bilder (naering_sanitize_site).  Each time:
 *   - invalid UTF-8 or NUL gives status 400 and no output; so does nesting
 *     deeper than libxml2's 256 levels (so at least that many tags);
 *     otherwise no error;
 *   - the output parses as XML inside <div> the way xml.c parses bodies;
 *   - every element and attribute in it is on the allow-list, every href
 *     has an allowed scheme, nesting stays within the limit, no namespace;
 *     with images, an img is only ever figure's first child, with a src of
 *     /bilder/<id> in canonical form, role only as alt="" role=
 *     "presentation", and a figcaption is text after it;
 *   - no "<script", "<iframe", "<svg", "<style" anywhere in the text;
 *   - sanitizing the output again (the same way) gives the output
 *     (idempotence);
 *   - an input without "img" in it comes out the same both ways.
 *
 *   make fuzz (tests/fuzz/run names the sources each target needs)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "core/core.h"
#include "text/text.h"


#define NAERING_FUZZ_MAX_DEPTH 100
#define NAERING_FUZZ_IMAGES "/bilder"

#define NAERING_FUZZ_CHECK(cond) do { \
        if (!(cond)) naering_fuzz_fail(#cond, __LINE__, out); \
    } while (0)

static void naering_fuzz_fail(const char *what, int line, const char *out)
{
    fprintf(stderr, "fuzz_sanitize.c:%d: %s\noutput: %s\n", line, what,
            out ? out : "(null)");
    abort();
}

/* Elements of the output; figure's own (figure, img, figcaption) only
 * with images, and checked by naering_fuzz_figure. */
static int naering_fuzz_allowed(const xmlChar *name, const char *images)
{
    static const char *const ok[] = {
        "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "br", "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "blockquote", "sub", "sup", "span", NULL
    };
    int i;

    for (i = 0; ok[i]; i++)
        if (xmlStrEqual(name, BAD_CAST ok[i]))
            return 1;
    return images && xmlStrEqual(name, BAD_CAST "figure");
}

/* /bilder/<id>: 1 to 2^53 - 1, no leading zero, nothing after it. */
static int naering_fuzz_src_ok(const char *v)
{
    size_t n = strlen(NAERING_FUZZ_IMAGES), digits;

    if (strncmp(v, NAERING_FUZZ_IMAGES "/", n + 1))
        return 0;
    v += n + 1;
    digits = strspn(v, "0123456789");
    return v[0] != '0' && digits >= 1 && !v[digits]
        && (digits < 16
            || (digits == 16 && strcmp(v, "9007199254740991") <= 0));
}

/* An href the sanitizer may keep: an allowed scheme or relative, never
 * //host, no control characters. */
static int naering_fuzz_href_ok(const char *h)
{
    size_t end = strcspn(h, "/?#");
    const char *colon = memchr(h, ':', end);
    const unsigned char *c;

    for (c = (const unsigned char *)h; *c; c++)
        if (*c < 0x20 || *c == 0x7F)
            return 0;
    if (!*h || h[0] == ' ' || ((h[0] == '/' || h[0] == '\\')
                               && (h[1] == '/' || h[1] == '\\')))
        return 0;
    if (!colon)
        return memchr(h, '&', end) == NULL;
    return (colon - h == 4 && !strncasecmp(h, "http", 4))
        || (colon - h == 5 && !strncasecmp(h, "https", 5))
        || (colon - h == 6 && !strncasecmp(h, "mailto", 6))
        || (colon - h == 3 && !strncasecmp(h, "tel", 3));
}

static int naering_fuzz_span_ok(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);

    return *v >= '1' && *v <= '9' && !*end && n >= 1 && n <= 100;
}

/* An img's attributes: src first and canonical, alt, and role only as
 * alt="" role="presentation". */
static int naering_fuzz_img_ok(xmlNodePtr img)
{
    xmlAttrPtr a = img->properties;
    xmlChar *src, *alt, *role;
    int ok;

    if (!a || !xmlStrEqual(a->name, BAD_CAST "src"))
        return 0;
    for (; a; a = a->next)
        if (a->ns || (!xmlStrEqual(a->name, BAD_CAST "src")
                      && !xmlStrEqual(a->name, BAD_CAST "alt")
                      && !xmlStrEqual(a->name, BAD_CAST "role")))
            return 0;
    src = xmlGetProp(img, BAD_CAST "src");
    alt = xmlGetProp(img, BAD_CAST "alt");
    role = xmlGetProp(img, BAD_CAST "role");
    ok = naering_fuzz_src_ok((const char *)src) && img->children == NULL
        && (!role || (xmlStrEqual(role, BAD_CAST "presentation")
                      && alt && !*alt))
        && (!alt || *alt || role);
    xmlFree(src);
    xmlFree(alt);
    xmlFree(role);
    return ok;
}

/* figure: no attributes, an img, then at most a figcaption of text. */
static int naering_fuzz_figure(xmlNodePtr f)
{
    xmlNodePtr img = f->children, cap = img ? img->next : NULL;

    if (f->properties || !img || img->type != XML_ELEMENT_NODE
        || !xmlStrEqual(img->name, BAD_CAST "img")
        || !naering_fuzz_img_ok(img))
        return 0;
    if (!cap)
        return 1;
    return cap->next == NULL && cap->type == XML_ELEMENT_NODE
        && xmlStrEqual(cap->name, BAD_CAST "figcaption") && !cap->properties
        && cap->children && cap->children->type == XML_TEXT_NODE
        && cap->children->next == NULL;
}

static int naering_fuzz_attr_ok(xmlNodePtr el, xmlAttrPtr a)
{
    const char *n = (const char *)a->name, *e = (const char *)el->name;
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    int ok = 0;

    if (!strcmp(n, "lang"))     /* a passage's language: a tag, anywhere
                                 * but on an image, a line break or a
                                 * figure's parts */
        ok = naering_lang_tag_ok((const char *)v) && strcmp(e, "img")
            && strcmp(e, "br") && strcmp(e, "figure")
            && strcmp(e, "figcaption");
    else if (!strcmp(e, "a") && !strcmp(n, "href"))
        ok = naering_fuzz_href_ok((const char *)v);
    else if (!strcmp(e, "a") && !strcmp(n, "title"))
        ok = 1;
    else if ((!strcmp(e, "td") || !strcmp(e, "th"))
             && (!strcmp(n, "colspan") || !strcmp(n, "rowspan")))
        ok = naering_fuzz_span_ok((const char *)v);
    else if (!strcmp(e, "th") && !strcmp(n, "scope"))
        ok = !strcmp((const char *)v, "row") || !strcmp((const char *)v, "col")
            || !strcmp((const char *)v, "rowgroup")
            || !strcmp((const char *)v, "colgroup");
    xmlFree(v);
    return ok && a->ns == NULL;
}

static void naering_fuzz_tree(xmlNodePtr n, int depth, const char *out,
                              const char *images)
{
    xmlAttrPtr a;

    for (; n; n = n->next) {
        NAERING_FUZZ_CHECK(n->type == XML_ELEMENT_NODE
                           || n->type == XML_TEXT_NODE);
        if (n->type != XML_ELEMENT_NODE)
            continue;
        /* a figure's img and figcaption are one level below it */
        NAERING_FUZZ_CHECK(depth + xmlStrEqual(n->name, BAD_CAST "figure")
                           <= NAERING_FUZZ_MAX_DEPTH);
        NAERING_FUZZ_CHECK(naering_fuzz_allowed(n->name, images));
        NAERING_FUZZ_CHECK(n->ns == NULL && n->nsDef == NULL);
        if (xmlStrEqual(n->name, BAD_CAST "figure")) {
            NAERING_FUZZ_CHECK(naering_fuzz_figure(n));
            continue;
        }
        for (a = n->properties; a; a = a->next)
            NAERING_FUZZ_CHECK(naering_fuzz_attr_ok(n, a));
        naering_fuzz_tree(n->children, depth + 1, out, images);
    }
}

/* Parses out as xml.c does: in the context of a <div>, no DTD. */
static void naering_fuzz_xml(const char *out, const char *images)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr wrap = xmlNewNode(NULL, BAD_CAST "div"), list = NULL;
    xmlParserErrors rc;

    xmlDocSetRootElement(doc, wrap);
    rc = xmlParseInNodeContext(wrap, out, (int)strlen(out),
                               XML_PARSE_NONET | XML_PARSE_NOCDATA, &list);
    NAERING_FUZZ_CHECK(rc == XML_ERR_OK);
    naering_fuzz_tree(list, 1, out, images);
    xmlFreeNodeList(list);
    xmlFreeDoc(doc);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    apr_initialize();
    xmlInitParser();
    return 0;
}

static void naering_fuzz_output(apr_pool_t *p, const char *out,
                                const char *images)
{
    const char *again = NULL;

    NAERING_FUZZ_CHECK(naering_utf8_valid(out, strlen(out)));
    NAERING_FUZZ_CHECK(!strstr(out, "<script") && !strstr(out, "<iframe")
                       && !strstr(out, "<svg") && !strstr(out, "<style"));
    if (*out)
        naering_fuzz_xml(out, images);
    NAERING_FUZZ_CHECK(naering_sanitize_site(p, out, strlen(out), images,
                                             &again) == NULL);
    if (strcmp(out, again)) {
        fprintf(stderr, "again:  %s\n", again);
        NAERING_FUZZ_CHECK(!"idempotent");
    }
}

/* A refusal of valid input: only for depth, which takes many tags. */
static int naering_fuzz_too_deep(const naering_err *e, const uint8_t *data,
                                 size_t size)
{
    size_t i, tags = 0;

    for (i = 0; i < size; i++)
        tags += data[i] == '<';
    return e->status == 400 && strstr(e->msg, "deeper") && tags >= 250;
}

/* One way of sanitizing data; its output, or NULL when it was refused. */
static const char *naering_fuzz_one(apr_pool_t *p, const uint8_t *data,
                                    size_t size, const char *images)
{
    const char *out = NULL;
    naering_err *e;
    int valid = naering_utf8_valid((const char *)data, size);

    e = naering_sanitize_site(p, (const char *)data, size, images, &out);
    if (e) {
        NAERING_FUZZ_CHECK(out == NULL && (valid ? naering_fuzz_too_deep(
            e, data, size) : e->status == 400));
        return NULL;
    }
    NAERING_FUZZ_CHECK(valid && out != NULL);
    naering_fuzz_output(p, out, images);
    return out;
}

/* Whether "img" (any case) is in data: without it, keeping images has
 * nothing to keep. */
static int naering_fuzz_has_img(const uint8_t *data, size_t size)
{
    size_t i;

    for (i = 0; i + 3 <= size; i++)
        if ((data[i] | 0x20) == 'i' && (data[i + 1] | 0x20) == 'm'
            && (data[i + 2] | 0x20) == 'g')
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *plain, *site;

    if (apr_pool_create(&p, NULL) != APR_SUCCESS)
        abort();
    plain = naering_fuzz_one(p, data, size, NULL);
    site = naering_fuzz_one(p, data, size, NAERING_FUZZ_IMAGES);
    if (!naering_fuzz_has_img(data, size) && (plain || site)) {
        const char *out = site;
        NAERING_FUZZ_CHECK(plain && site && !strcmp(plain, site));
    }
    apr_pool_destroy(p);
    return 0;
}
