/*
 * The XML document: the contract between C and the templates.  Pure: it
 * turns the structs of one view into a document and knows nothing of HTTP,
 * SQL or HTML.  The same document is served as ?format=xml, so its shape is
 * public; the sketch below is that shape, and mod_naering/README.md says
 * where it comes from.
 *
 * <naering view="page" status="200">
 *   <site name="…" url="/base/"/>
 *   <menu><item url="…" current="true"><title>…</title><item …/></item></menu>
 *   <breadcrumbs><crumb url="…">…</crumb></breadcrumbs>
 *   <page id="…" url="…" revision="…" draft="false" [hidden="true"]>
 *     <title/> <summary/> <updated datetime="…" by="…"/> <body>XHTML</body>
 *     <contact><name/><email/><phone/></contact>
 *     <documents count="N"><document url filename mime size updated>
 *       <title/></document></documents>
 *   </page>
 *   <search query total page pages first><hit url [kind="document" mime
 *     size]><title/><summary/><snippet/>[<page url>title</page>]</hit>
 *   </search>
 *   (a page also: kind="news|meeting|news-list|meeting-list"; an item
 *    <when><starts datetime year month day weekday hour minute/>
 *    <ends …/></when> <place/> and status="planned|held|cancelled")
 *   <items kind total page pages><item url kind upcoming status><title/>
 *     <summary/><when>…</when><place/></item></items>  (a listing)
 *   <latest><news><item …/></news><next-meeting><item …/></next-meeting>
 *   </latest>                                          (the front page)
 *   <images><image id src width height name alt>
 *     <variant url type width height size/></image></images>
 *                      (the images the shown text holds, by their src)
 *   <denied path="…"><title/></denied>      (403: what an editor may not edit)
 *   <editor url="…"/>
 * </naering>
 *
 * "by" is the login in editor views only; the public sees the author's
 * public name (NaeringDisplayName) or the site's name.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_escape.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include "view/view.h"

#define BAD_CAST_S(s) ((const xmlChar *)(s))

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

    naering_xml_attr(n, "url", naering_url_page(p, v->base, it->path));
    naering_xml_attr(n, "path", it->path);
    if (v->page && it->id == v->page->id)
        naering_xml_attr(n, "current", "true");
    else if (naering_in_crumbs(v, it->id))
        naering_xml_attr(n, "ancestor", "true");
    naering_xml_el(n, "title", it->title);
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
        xmlNodePtr c = naering_xml_el(bc, "crumb", it->title);
        naering_xml_attr(c, "url", naering_url_page(p, v->base, it->path));
    }
}

/* ---- page -------------------------------------------------------------- */

static void naering_xml_documents(apr_pool_t *p, xmlNodePtr page,
                                  const naering_view *v)
{
    xmlNodePtr docs = xmlNewChild(page, NULL, BAD_CAST_S("documents"), NULL);
    int i, n = v->documents ? v->documents->nelts : 0;

    naering_xml_attr(docs, "count", apr_itoa(p, n));
    for (i = 0; i < n; i++)
        naering_xml_document(p, docs, "document", v,
                             &APR_ARRAY_IDX(v->documents, i,
                                            naering_document));
}

static void naering_xml_contact(xmlNodePtr page, const naering_page *pg)
{
    xmlNodePtr c;

    if (!*pg->contact_name && !*pg->contact_email && !*pg->contact_phone)
        return;
    c = xmlNewChild(page, NULL, BAD_CAST_S("contact"), NULL);
    naering_xml_el(c, "name", pg->contact_name);
    naering_xml_el(c, "email", pg->contact_email);
    naering_xml_el(c, "phone", pg->contact_phone);
}

/* Who wrote something, as this view may name them: editors see the
 * login; the public sees the author's public name, or the site's. */
static const char *naering_author(const naering_view *v, const char *login,
                                  const char *name)
{
    if (v->editor)
        return login;
    return name && *name ? name : v->site_name;
}

static void naering_xml_page(apr_pool_t *p, xmlNodePtr root,
                             const naering_view *v)
{
    const naering_page *pg = v->page;
    xmlNodePtr page = xmlNewChild(root, NULL, BAD_CAST_S("page"), NULL);
    xmlNodePtr upd, body;

    naering_xml_attr(page, "id", apr_ltoa(p, (long)pg->id));
    naering_xml_attr(page, "url", naering_url_page(p, v->base, pg->path));
    naering_xml_attr(page, "path", pg->path);
    naering_xml_attr(page, "canonical", naering_url_absolute(p, v->absolute, pg->path));
    naering_xml_attr(page, "slug", strrchr(pg->path, '/') + 1);
    naering_xml_attr(page, "parent-path", naering_path_parent(p, pg->path));
    naering_xml_attr(page, "revision", apr_ltoa(p, (long)pg->revision));
    naering_xml_attr(page, "draft", pg->draft ? "true" : "false");
    /* its own language ("" the site's); the document's lang is the one
     * it is shown in */
    naering_xml_attr(page, "lang", pg->lang ? pg->lang : "");
    /* Only editors see hidden pages; a page below a draft says so. */
    if (pg->hidden && !pg->draft)
        naering_xml_attr(page, "hidden", "true");
    naering_xml_el(page, "title", pg->title);
    naering_xml_el(page, "summary", pg->summary);
    upd = xmlNewChild(page, NULL, BAD_CAST_S("updated"), NULL);
    naering_xml_attr(upd, "datetime", naering_xml_time(p, pg->updated));
    naering_xml_attr(upd, "by", naering_author(v, pg->author,
                                                pg->author_name));
    body = xmlNewChild(page, NULL, BAD_CAST_S("body"), NULL);
    naering_xml_add_fragment(body, pg->body);
    naering_xml_contact(page, pg);
    naering_xml_documents(p, page, v);
    naering_xml_item_of_page(p, page, pg);
}

/* Whether the page has a translation this view may show (a draft's only
 * in the editor): else no hreflang at all, not one to itself. */
static int naering_xml_translated(const naering_view *v)
{
    int i, shown = 0;

    for (i = 0; v->translations && i < v->translations->nelts; i++)
        if (v->editor || !APR_ARRAY_IDX(v->translations, i,
                                        naering_translation).hidden)
            shown++;
    return shown > 1;
}

/* The page in other languages: <translations><page lang url canonical
 * [current]>title</page></translations>, the page itself included;
 * pages the public cannot see only in editor views. */
static void naering_xml_translations(apr_pool_t *p, xmlNodePtr root,
                                     const naering_view *v)
{
    xmlNodePtr el = naering_xml_child(root, "translations");
    int i;

    for (i = 0; i < v->translations->nelts; i++) {
        const naering_translation *t = &APR_ARRAY_IDX(v->translations, i,
                                                      naering_translation);
        xmlNodePtr n;
        if (t->hidden && !v->editor)
            continue;
        n = naering_xml_el(el, "page", t->title);
        naering_xml_attr(n, "id", naering_xml_id(p, t->id));
        naering_xml_attr(n, "lang", naering_lang_of(t->lang, v->site_lang));
        naering_xml_attr(n, "url", naering_url_page(p, v->base, t->path));
        naering_xml_attr(n, "path", t->path);
        naering_xml_attr(n, "canonical",
                         naering_url_absolute(p, v->absolute, t->path));
        if (v->page && t->id == v->page->id)
            naering_xml_attr(n, "current", "true");
        if (t->hidden)
            naering_xml_attr(n, "hidden", "true");
    }
}

/* The images the shown text holds: the templates find each by its src. */
static void naering_xml_images(apr_pool_t *p, xmlNodePtr root,
                               const naering_view *v)
{
    xmlNodePtr el = naering_xml_child(root, "images");
    int i;

    for (i = 0; i < v->images->nelts; i++)
        naering_xml_image(p, el, v, &APR_ARRAY_IDX(v->images, i,
                                                   naering_image));
}

/* ---- search, feed, sitemap -------------------------------------------- */

/* The snippet's \001 and \002 markers become <mark> elements. */
static void naering_xml_snippet(xmlNodePtr parent, const char *s)
{
    xmlNodePtr sn = xmlNewChild(parent, NULL, BAD_CAST_S("snippet"), NULL);

    while (*s) {
        const char *open = strchr(s, '\001');
        const char *close = open ? strchr(open, '\002') : NULL;
        if (!open || !close) {
            xmlNodeAddContent(sn, BAD_CAST_S(s));
            return;
        }
        xmlNodeAddContentLen(sn, BAD_CAST_S(s), (int)(open - s));
        xmlNewTextChild(sn, NULL, BAD_CAST_S("mark"), NULL);
        xmlNodeAddContentLen(sn->last, BAD_CAST_S(open + 1),
                             (int)(close - open - 1));
        s = close + 1;
    }
}

/* A document's hit: its own URL, type and size, and its page. */
static void naering_xml_doc_hit(apr_pool_t *p, xmlNodePtr hit,
                                const naering_view *v, const naering_hit *h)
{
    xmlNodePtr pg;

    naering_xml_attr(hit, "kind", "document");
    naering_xml_attr(hit, "url", naering_url_doc(p, v->base, h->path,
                                                 h->filename));
    naering_xml_attr(hit, "mime", h->mime);
    naering_xml_attr(hit, "size", apr_off_t_toa(p, h->size));
    pg = naering_xml_el(hit, "page", h->page_title);
    naering_xml_attr(pg, "url", naering_url_page(p, v->base, h->path));
}

static void naering_xml_search(apr_pool_t *p, xmlNodePtr root,
                               const naering_view *v)
{
    const naering_search_view *sv = v->search;
    xmlNodePtr se = xmlNewChild(root, NULL, BAD_CAST_S("search"), NULL);
    int i, pages = sv->per_page ? (sv->total + sv->per_page - 1)
                                  / sv->per_page : 0;

    naering_xml_attr(se, "query", sv->text ? sv->text : "");
    naering_xml_attr(se, "query-url", apr_pescape_urlencoded(p, sv->text ? sv->text
                                                                   : ""));
    naering_xml_attr(se, "total", apr_itoa(p, sv->total));
    naering_xml_attr(se, "page", apr_itoa(p, sv->page));
    naering_xml_attr(se, "pages", apr_itoa(p, pages));
    naering_xml_attr(se, "first", apr_itoa(p, (sv->page - 1) * sv->per_page + 1));
    for (i = 0; sv->hits && i < sv->hits->nelts; i++) {
        naering_hit *h = &APR_ARRAY_IDX(sv->hits, i, naering_hit);
        xmlNodePtr hit = xmlNewChild(se, NULL, BAD_CAST_S("hit"), NULL);
        if (h->document)
            naering_xml_doc_hit(p, hit, v, h);
        else
            naering_xml_attr(hit, "url", naering_url_page(p, v->base,
                                                          h->path));
        naering_xml_el(hit, "title", h->title);
        naering_xml_el(hit, "summary", h->summary);
        /* a hit in another language is read out in it */
        naering_xml_attr(hit, "lang", naering_lang_of(h->lang, v->site_lang));
        naering_xml_snippet(hit, h->snippet);
    }
}

/* Feed and sitemap entries carry absolute URLs. */
static void naering_xml_entries(apr_pool_t *p, xmlNodePtr root,
                                const naering_view *v)
{
    xmlNodePtr list = xmlNewChild(root, NULL, BAD_CAST_S("entries"), NULL);
    int i;

    naering_xml_attr(list, "updated", naering_xml_time(p, v->changed));
    for (i = 0; v->entries && i < v->entries->nelts; i++) {
        naering_entry *e = &APR_ARRAY_IDX(v->entries, i, naering_entry);
        xmlNodePtr el = xmlNewChild(list, NULL, BAD_CAST_S("entry"), NULL);
        naering_xml_attr(el, "id", apr_ltoa(p, (long)e->id));
        naering_xml_attr(el, "url", naering_url_absolute(p, v->absolute, e->path));
        naering_xml_attr(el, "updated", naering_xml_time(p, e->updated));
        if (*e->author)         /* the sitemap's entries have none */
            naering_xml_attr(el, "by", naering_author(v, e->author,
                                                      e->author_name));
        if (*e->title)
            naering_xml_el(el, "title", e->title);
        if (*e->summary)
            naering_xml_el(el, "summary", e->summary);
    }
}

static const char *const naering_view_names[] = {
    [NAERING_VIEW_PAGE] = "page",
    [NAERING_VIEW_ERROR] = "error",
    [NAERING_VIEW_SEARCH] = "search",
    [NAERING_VIEW_FEED] = "feed",
    [NAERING_VIEW_SITEMAP] = "sitemap",
    [NAERING_VIEW_EDIT] = "edit",
    [NAERING_VIEW_NEW] = "new",
    [NAERING_VIEW_HISTORY] = "history",
    [NAERING_VIEW_DIFF] = "diff",
    [NAERING_VIEW_CONFLICT] = "conflict",
    [NAERING_VIEW_TRASH] = "trash",
    [NAERING_VIEW_CHANGES] = "changes",
    [NAERING_VIEW_DOCUMENTS] = "documents",
    [NAERING_VIEW_SITE] = "site",
    [NAERING_VIEW_IMAGES] = "images",
    [NAERING_VIEW_IMAGE] = "image",
    [NAERING_VIEW_DOC_CHECKS] = "doc-checks",
    [NAERING_VIEW_BROKEN_LINKS] = "broken-links",
    [NAERING_VIEW_A11Y] = "a11y",
    [NAERING_VIEW_SCHEDULED] = "scheduled",
    [NAERING_VIEW_REVIEW] = "review",
};

/* The digits of a phone number, with its leading +: a tel: link. */
static const char *naering_tel(apr_pool_t *p, const char *phone)
{
    char *out = apr_palloc(p, strlen(phone) + 1), *o = out;

    for (; *phone; phone++)
        if ((*phone >= '0' && *phone <= '9') || (*phone == '+' && o == out))
            *o++ = *phone;
    *o = '\0';
    return out;
}

/* The site's details for the footer; only what is filled in.  A
 * statement path is below the site's mount point. */
static void naering_xml_footer(apr_pool_t *p, xmlNodePtr site,
                               const naering_view *v)
{
    const naering_site_fields *f = &v->details->f;
    xmlNodePtr el = naering_xml_child(site, "footer");
    const char *line, *next;

    /* uustatus (NaeringStatementURL) comes before the site's own page */
    if (v->statement_url)
        naering_xml_attr(el, "statement", v->statement_url);
    else if (*f->statement)
        naering_xml_attr(el, "statement", *f->statement == '/'
                         ? apr_pstrcat(p, v->base, f->statement, NULL)
                         : f->statement);
    if (*f->statement == '/')       /* the local page, wherever it is */
        naering_xml_attr(el, "statement-page", f->statement);
    if (*f->organisation)
        naering_xml_el(el, "organisation", f->organisation);
    if (*f->about)
        naering_xml_el(el, "about", f->about);
    if (*f->address) {
        xmlNodePtr a = naering_xml_child(el, "address");
        for (line = f->address; line; line = next) {
            next = strchr(line, '\n');
            if (next ? next > line : *line != '\0')
                naering_xml_el(a, "line", next ? apr_pstrndup(p, line,
                               next - line) : line);
            next = next ? next + 1 : NULL;
        }
    }
    if (*f->phone)
        naering_xml_attr(naering_xml_el(el, "phone", f->phone), "tel",
                         naering_tel(p, f->phone));
    if (*f->email)
        naering_xml_el(el, "email", f->email);
}

xmlDocPtr naering_xml_build(apr_pool_t *p, const naering_view *v)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST_S("1.0"));
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST_S("naering"));
    xmlNodePtr site, ed;
    const char *edit_path = v->page ? v->page->path : "/";

    xmlDocSetRootElement(doc, root);
    naering_xml_attr(root, "view", naering_view_names[v->kind]);
    naering_xml_attr(root, "status", apr_itoa(p, v->status ? v->status : 200));
    naering_xml_attr(root, "path", v->path ? v->path : "/");
    naering_xml_attr(root, "lang", naering_lang_of(v->lang, v->site_lang));
    site = xmlNewChild(root, NULL, BAD_CAST_S("site"), NULL);
    naering_xml_attr(site, "name", v->site_name);
    naering_xml_attr(site, "url", apr_pstrcat(p, v->base, "/", NULL));
    naering_xml_attr(site, "absolute", v->absolute ? v->absolute : "");
    naering_xml_attr(site, "lang", naering_lang_of(v->site_lang, NULL));
    naering_xml_attr(site, "feed", naering_url_site(p, v->base,
                                                    NAERING_SEG_FEED));
    naering_xml_attr(site, "assets", naering_url_site(p, v->base,
                                                      NAERING_SEG_ASSETS));
    naering_xml_attr(site, "search", naering_url_site(p, v->base,
                                                      NAERING_SEG_SEARCH));
    if (v->details)
        naering_xml_footer(p, site, v);
    if (v->menu)
        naering_xml_menu(p, root, v);
    if (v->crumbs)
        naering_xml_crumbs(p, root, v);
    if (v->page)
        naering_xml_page(p, root, v);
    if (v->images && v->images->nelts)
        naering_xml_images(p, root, v);
    if (naering_xml_translated(v))
        naering_xml_translations(p, root, v);
    if (v->denied_path || v->denied_title) {
        xmlNodePtr d = naering_xml_el(root, "denied", NULL);
        if (v->denied_path)
            naering_xml_attr(d, "path", v->denied_path);
        if (v->denied_title)
            naering_xml_el(d, "title", v->denied_title);
    }
    if (v->search)
        naering_xml_search(p, root, v);
    naering_xml_items(p, root, v);
    if (v->kind == NAERING_VIEW_FEED || v->kind == NAERING_VIEW_SITEMAP)
        naering_xml_entries(p, root, v);
    ed = xmlNewChild(root, NULL, BAD_CAST_S("editor"), NULL);
    naering_xml_attr(ed, "url", naering_url_edit(p, v->base, edit_path));
    if (v->editor)
        naering_xml_editor(p, root, ed, v);
    return doc;
}
