/*
 * The small builders of the XML document, shared by xml.c and
 * xml_editor.c: elements, attributes, ids, times, a stored XHTML fragment
 * and a document's element.  Pure.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include "view/view.h"

#define BAD_CAST_S(s) ((const xmlChar *)(s))

xmlNodePtr naering_xml_el(xmlNodePtr parent, const char *name,
                          const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST_S(name), BAD_CAST_S(text));
}

void naering_xml_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST_S(name), BAD_CAST_S(value));
}

xmlNodePtr naering_xml_child(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, BAD_CAST_S(name), NULL);
}

const char *naering_xml_id(apr_pool_t *p, sqlite3_int64 id)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)id);
}

const char *naering_xml_time(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t x;

    apr_time_exp_lt(&x, t);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                        x.tm_year + 1900, x.tm_mon + 1, x.tm_mday, x.tm_hour,
                        x.tm_min, x.tm_sec, x.tm_gmtoff < 0 ? '-' : '+',
                        abs(x.tm_gmtoff) / 3600, abs(x.tm_gmtoff) / 60 % 60);
}

void naering_xml_add_fragment(xmlNodePtr parent, const char *xhtml)
{
    xmlNodePtr list = NULL;
    xmlNodePtr wrap = xmlNewChild(parent, NULL, BAD_CAST_S("div"), NULL);
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR
               | XML_PARSE_NOWARNING;

    if (!*xhtml)
        return;
    /* Parsed in the context of the wrapper, so no DTD, no entities beyond
     * XML's five and nothing fetched: the stored body is plain XHTML. */
    if (xmlParseInNodeContext(wrap, xhtml, (int)strlen(xhtml), opts, &list)
        == XML_ERR_OK) {
        xmlAddChildList(wrap, list);
        return;
    }
    xmlFreeNodeList(list);
    naering_xml_el(wrap, "p", xhtml);
}

/* One document's attributes, shared with the editor's list. */
xmlNodePtr naering_xml_document(apr_pool_t *p, xmlNodePtr parent,
                                const char *name, const naering_view *v,
                                const naering_document *d)
{
    xmlNodePtr el = xmlNewChild(parent, NULL, BAD_CAST_S(name), NULL);
    const char *page = d->page_path ? d->page_path : v->page->path;

    naering_xml_attr(el, "id", apr_ltoa(p, (long)d->id));
    naering_xml_attr(el, "url", naering_url_doc(p, v->base, page,
                                                d->filename));
    naering_xml_attr(el, "filename", d->filename);
    naering_xml_attr(el, "mime", d->mime);
    naering_xml_attr(el, "size", apr_off_t_toa(p, d->size));
    naering_xml_attr(el, "updated", naering_xml_time(p, d->updated));
    /* What the text helper found: for editors only (and a PDF's checks
     * for visitors too, when the admin says so). */
    if (v->editor && d->text_state && *d->text_state)
        naering_xml_attr(el, "text", d->text_state);
    if ((v->editor || v->public_doc_checks) && d->checks && *d->checks)
        naering_xml_attr(el, "checks", d->checks);
    if (v->editor && d->page_path) {
        naering_xml_attr(el, "page", d->page_path);
        naering_xml_attr(el, "edit", naering_url_edit(p, v->base, page));
    }
    naering_xml_el(el, "title", d->title);
    return el;
}


/* <image id src width height name alt [trashed] [uses]>
 *   <variant url type width height size/>...</image>
 * src is the URL a page's text holds for it; the templates find the
 * element by it.  width and height are the original's, upright. */
xmlNodePtr naering_xml_image(apr_pool_t *p, xmlNodePtr parent,
                             const naering_view *v, const naering_image *im)
{
    xmlNodePtr el = xmlNewChild(parent, NULL, BAD_CAST_S("image"), NULL);
    int i, n = im->variants ? im->variants->nelts : 0;

    naering_xml_attr(el, "id", naering_xml_id(p, im->id));
    naering_xml_attr(el, "src", naering_url_image(p, v->base, im->id));
    naering_xml_attr(el, "width", apr_itoa(p, im->width));
    naering_xml_attr(el, "height", apr_itoa(p, im->height));
    naering_xml_attr(el, "name", im->name);
    naering_xml_attr(el, "alt", im->alt);
    if (v->editor) {
        naering_xml_attr(el, "mime", im->mime);
        naering_xml_attr(el, "size", apr_off_t_toa(p, im->size));
        naering_xml_attr(el, "updated", naering_xml_time(p, im->updated));
        naering_xml_attr(el, "by", im->author);
        naering_xml_attr(el, "uses", apr_itoa(p, im->uses));
        if (im->trashed)
            naering_xml_attr(el, "trashed", "true");
    }
    for (i = 0; i < n; i++) {
        const naering_image_variant *x = &APR_ARRAY_IDX(im->variants, i,
                                                        naering_image_variant);
        xmlNodePtr var = xmlNewChild(el, NULL, BAD_CAST_S("variant"), NULL);
        naering_xml_attr(var, "url", naering_url_image_variant(p, v->base,
                         im->id, x->sha256, x->mime));
        naering_xml_attr(var, "type", x->mime);
        naering_xml_attr(var, "width", apr_itoa(p, x->width));
        naering_xml_attr(var, "height", apr_itoa(p, x->height));
        naering_xml_attr(var, "size", apr_off_t_toa(p, x->size));
    }
    return el;
}
