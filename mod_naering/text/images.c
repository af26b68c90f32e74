/*
 * The images of a stored body, read from the sanitizer's normal form,
 * <figure><img src alt role/><figcaption>text</figcaption></figure>: what
 * a save checks (each image the site's, with alt text or said to be
 * decorative) and what a page lists.  Any img counts, wherever it
 * stands, so a fragment not in normal form hides none.  Pure.
 */
#include <string.h>
#include <apr_strings.h>
#include "text/text.h"

#define NAERING_IMAGES_X(s) ((const xmlChar *)(s))

typedef struct {
    apr_pool_t *p;
    apr_array_header_t *images;
} naering_images_ctx;

/* The number after the src's last slash ("/bilder/12" -> 12); 0 when
 * that is not a number. */
static apr_int64_t naering_images_id(const char *src)
{
    const char *last = src ? strrchr(src, '/') : NULL;

    return last ? naering_query_id(last + 1) : 0;
}

static int naering_images_named(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE
        && xmlStrEqual(n->name, NAERING_IMAGES_X(name));
}

/* The text of the first figcaption of the figure img stands in. */
static const char *naering_images_caption(apr_pool_t *p, xmlNodePtr img)
{
    xmlNodePtr c;
    xmlChar *text;
    const char *s;

    if (!naering_images_named(img->parent, "figure"))
        return NULL;
    for (c = img->parent->children; c; c = c->next)
        if (naering_images_named(c, "figcaption"))
            break;
    if (!c)
        return NULL;
    text = xmlNodeGetContent(c);
    s = apr_pstrdup(p, text ? (const char *)text : "");
    xmlFree(text);
    return s;
}

static void naering_images_one(naering_images_ctx *x, xmlNodePtr img)
{
    naering_body_image *i = apr_array_push(x->images);
    const char *role = naering_xml_prop(x->p, img, "role");

    i->id = naering_images_id(naering_xml_prop(x->p, img, "src"));
    i->alt = naering_xml_prop(x->p, img, "alt");
    i->decorative = i->alt && !*i->alt && role
        && xmlStrcasecmp(NAERING_IMAGES_X(role),
                         NAERING_IMAGES_X("presentation")) == 0;
    i->caption = naering_images_caption(x->p, img);
}

/* Depth is bounded by the parser (256 levels without XML_PARSE_HUGE). */
static void naering_images_walk(xmlNodePtr n, void *arg)
{
    for (; n; n = n->next) {
        if (naering_images_named(n, "img"))
            naering_images_one(arg, n);
        else if (n->type == XML_ELEMENT_NODE)
            naering_images_walk(n->children, arg);
    }
}

apr_array_header_t *naering_xhtml_images(apr_pool_t *p, const char *xhtml)
{
    naering_images_ctx x;

    x.p = p;
    x.images = apr_array_make(p, 4, sizeof(naering_body_image));
    if (xhtml && *xhtml)
        naering_xhtml_parse(xhtml, naering_images_walk, &x);
    return x.images;
}
