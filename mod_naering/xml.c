/*
 * The XML document: the contract between C and the templates.  Pure: it
 * turns the structs of one view into a document and knows nothing of HTTP,
 * SQL or HTML.  The same document is served as ?format=xml, so its shape is
 * public; docs/xml.md in README describes it.
 *
 * <naering view="page" status="200">
 *   <site name="…" url="/base/"/>
 *   <menu><item url="…" current="true"><title>…</title><item …/></item></menu>
 *   <breadcrumbs><crumb url="…">…</crumb></breadcrumbs>
 *   <page id="…" url="…" revision="…" draft="false">
 *     <title/> <summary/> <updated datetime="…" by="…"/> <body>XHTML</body>
 *     <contact><name/><email/><phone/></contact>
 *     <documents count="N"><document url filename mime size updated>
 *       <title/></document></documents>
 *   </page>
 *   <editor url="…"/>
 * </naering>
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_escape.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include "naering.h"

#define BAD_CAST_S(s) ((const xmlChar *)(s))

static xmlNodePtr naering_el(xmlNodePtr parent, const char *name,
                             const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST_S(name), BAD_CAST_S(text));
}

static void naering_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST_S(name), BAD_CAST_S(value));
}

/* URL of a page path below the mount point: base "" + "/a" = "/a". */
static const char *naering_url(apr_pool_t *p, const naering_view *v,
                               const char *path)
{
    if (strcmp(path, "/") == 0)
        return apr_pstrcat(p, v->base, "/", NULL);
    return apr_pstrcat(p, v->base, path, NULL);
}

static const char *naering_iso_time(apr_pool_t *p, apr_time_t t)
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
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA;

    /* Parsed in the context of the wrapper, so no DTD, no entities beyond
     * XML's five and nothing fetched: the stored body is plain XHTML. */
    if (xmlParseInNodeContext(wrap, xhtml, (int)strlen(xhtml), opts, &list)
        == XML_ERR_OK) {
        xmlAddChildList(wrap, list);
        return;
    }
    xmlFreeNodeList(list);
    naering_el(wrap, "p", xhtml);
}

/* ---- menu -------------------------------------------------------------- */

static int naering_in_crumbs(const naering_view *v, sqlite3_int64 id)
{
    int i;

    for (i = 0; v->crumbs && i < v->crumbs->nelts; i++)
        if (APR_ARRAY_IDX(v->crumbs, i, naering_menu_item).id == id)
            return 1;
    return 0;
}

static xmlNodePtr naering_menu_node(apr_pool_t *p, const naering_view *v,
                                    const naering_menu_item *it)
{
    xmlNodePtr n = xmlNewNode(NULL, BAD_CAST_S("item"));

    naering_attr(n, "url", naering_url(p, v, it->path));
    naering_attr(n, "path", it->path);
    if (v->page && it->id == v->page->id)
        naering_attr(n, "current", "true");
    else if (naering_in_crumbs(v, it->id))
        naering_attr(n, "ancestor", "true");
    naering_el(n, "title", it->title);
    return n;
}

/* Items come ordered by parent and position; each goes under its parent's
 * node, or at the top when its parent is not in the menu (the front page). */
static void naering_xml_menu(apr_pool_t *p, xmlNodePtr root,
                             const naering_view *v)
{
    xmlNodePtr menu = xmlNewChild(root, NULL, BAD_CAST_S("menu"), NULL);
    apr_hash_t *nodes = apr_hash_make(p);
    xmlNodePtr *made;
    int i, n = v->menu ? v->menu->nelts : 0;

    made = apr_pcalloc(p, sizeof(*made) * (n + 1));
    for (i = 0; i < n; i++) {
        naering_menu_item *it = &APR_ARRAY_IDX(v->menu, i, naering_menu_item);
        made[i] = naering_menu_node(p, v, it);
        apr_hash_set(nodes, &it->id, sizeof(it->id), made[i]);
    }
    for (i = 0; i < n; i++) {
        naering_menu_item *it = &APR_ARRAY_IDX(v->menu, i, naering_menu_item);
        xmlNodePtr parent = apr_hash_get(nodes, &it->parent_id,
                                         sizeof(it->parent_id));
        xmlAddChild(parent ? parent : menu, made[i]);
    }
}

static void naering_xml_crumbs(apr_pool_t *p, xmlNodePtr root,
                               const naering_view *v)
{
    xmlNodePtr bc = xmlNewChild(root, NULL, BAD_CAST_S("breadcrumbs"), NULL);
    int i;

    for (i = 0; v->crumbs && i < v->crumbs->nelts; i++) {
        naering_menu_item *it = &APR_ARRAY_IDX(v->crumbs, i,
                                               naering_menu_item);
        xmlNodePtr c = naering_el(bc, "crumb", it->title);
        naering_attr(c, "url", naering_url(p, v, it->path));
    }
}

/* ---- page -------------------------------------------------------------- */

static void naering_xml_documents(apr_pool_t *p, xmlNodePtr page,
                                  const naering_view *v)
{
    xmlNodePtr docs = xmlNewChild(page, NULL, BAD_CAST_S("documents"), NULL);
    const char *dir = strcmp(v->page->path, "/") == 0 ? "" : v->page->path;
    int i, n = v->documents ? v->documents->nelts : 0;

    naering_attr(docs, "count", apr_itoa(p, n));
    for (i = 0; i < n; i++) {
        naering_document *d = &APR_ARRAY_IDX(v->documents, i,
                                             naering_document);
        xmlNodePtr el = xmlNewChild(docs, NULL, BAD_CAST_S("document"), NULL);
        const char *esc = apr_pescape_path_segment(p, d->filename);
        naering_attr(el, "url", apr_pstrcat(p, v->base, dir, "/"
                     NAERING_SEG_DOCUMENTS "/", esc, NULL));
        naering_attr(el, "filename", d->filename);
        naering_attr(el, "mime", d->mime);
        naering_attr(el, "size", apr_off_t_toa(p, d->size));
        naering_attr(el, "updated", naering_iso_time(p, d->updated));
        naering_el(el, "title", d->title);
    }
}

static void naering_xml_contact(xmlNodePtr page, const naering_page *pg)
{
    xmlNodePtr c;

    if (!*pg->contact_name && !*pg->contact_email && !*pg->contact_phone)
        return;
    c = xmlNewChild(page, NULL, BAD_CAST_S("contact"), NULL);
    naering_el(c, "name", pg->contact_name);
    naering_el(c, "email", pg->contact_email);
    naering_el(c, "phone", pg->contact_phone);
}

static void naering_xml_page(apr_pool_t *p, xmlNodePtr root,
                             const naering_view *v)
{
    const naering_page *pg = v->page;
    xmlNodePtr page = xmlNewChild(root, NULL, BAD_CAST_S("page"), NULL);
    xmlNodePtr upd, body;

    naering_attr(page, "id", apr_ltoa(p, (long)pg->id));
    naering_attr(page, "url", naering_url(p, v, pg->path));
    naering_attr(page, "path", pg->path);
    naering_attr(page, "revision", apr_ltoa(p, (long)pg->revision));
    naering_attr(page, "draft", pg->draft ? "true" : "false");
    naering_el(page, "title", pg->title);
    naering_el(page, "summary", pg->summary);
    upd = xmlNewChild(page, NULL, BAD_CAST_S("updated"), NULL);
    naering_attr(upd, "datetime", naering_iso_time(p, pg->updated));
    naering_attr(upd, "by", pg->author);
    body = xmlNewChild(page, NULL, BAD_CAST_S("body"), NULL);
    naering_xml_add_fragment(body, pg->body);
    naering_xml_contact(page, pg);
    naering_xml_documents(p, page, v);
}

xmlDocPtr naering_xml_build(apr_pool_t *p, const naering_view *v)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST_S("1.0"));
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST_S("naering"));
    xmlNodePtr site, ed;
    const char *edit_path = v->page ? v->page->path : "/";

    xmlDocSetRootElement(doc, root);
    naering_attr(root, "view", v->kind == NAERING_VIEW_PAGE ? "page"
                                                            : "error");
    naering_attr(root, "status", apr_itoa(p, v->status ? v->status : 200));
    naering_attr(root, "path", v->path ? v->path : "/");
    site = xmlNewChild(root, NULL, BAD_CAST_S("site"), NULL);
    naering_attr(site, "name", v->site_name);
    naering_attr(site, "url", apr_pstrcat(p, v->base, "/", NULL));
    naering_attr(site, "assets", apr_pstrcat(p, v->base, "/"
                                             NAERING_SEG_ASSETS, NULL));
    naering_attr(site, "search", apr_pstrcat(p, v->base, "/"
                                             NAERING_SEG_SEARCH, NULL));
    if (v->menu)
        naering_xml_menu(p, root, v);
    if (v->crumbs)
        naering_xml_crumbs(p, root, v);
    if (v->page)
        naering_xml_page(p, root, v);
    ed = xmlNewChild(root, NULL, BAD_CAST_S("editor"), NULL);
    naering_attr(ed, "url", apr_pstrcat(p, v->base, "/" NAERING_SEG_EDIT,
                                        strcmp(edit_path, "/") ? edit_path
                                                               : "", NULL));
    return doc;
}
