/*
 * The request handler: declines what is not ours, routes, reads the store,
 * builds the XML, renders, answers.  Every error is logged once here and
 * becomes a themed error page with its status.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_escape.h"
#include "apr_strings.h"
#include "mod_naering.h"

APLOG_USE_MODULE(naering);

#define NAERING_HTML "text/html; charset=utf-8"
#define NAERING_XML  "application/xml; charset=utf-8"

/* One request's working set. */
typedef struct {
    request_rec *r;
    const naering_dir_cfg *cfg;
    naering_db *db;
    int db_ok;                  /* the connection may go back to the pool */
} naering_req;

static void naering_doc_cleanup_register(apr_pool_t *p, xmlDocPtr doc);

static void naering_view_init(naering_req *q, naering_view *v,
                              naering_view_kind kind)
{
    memset(v, 0, sizeof(*v));
    v->kind = kind;
    v->site_name = naering_cfg_site_name(q->cfg);
    v->base = q->cfg->base ? q->cfg->base : "";
    v->path = q->r->uri;
}

static int naering_wants_xml(naering_req *q)
{
    const char *f = naering_query_get(q->r->pool, q->r->args, "format");
    return f && strcmp(f, "xml") == 0 && q->cfg->xml_output != 0;
}

/* Renders a view (or its XML) and sends it with the given status. */
static int naering_send_view(naering_req *q, const naering_view *v)
{
    request_rec *r = q->r;
    const naering_templates *t = naering_cfg_templates(q->cfg);
    xmlDocPtr doc = naering_xml_build(r->pool, v);
    const char *out;
    apr_size_t len;
    naering_err *e;
    int xml = naering_wants_xml(q);

    naering_doc_cleanup_register(r->pool, doc);
    if (!xml && (!t || !t->site)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: no compiled "
                      "templates: set NaeringTemplates to the directory of "
                      "site.xsl");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    e = xml ? naering_render_xml(r->pool, doc, &out, &len)
            : naering_render(r->pool, t, doc, &out, &len);
    if (e) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: %s", e->msg);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (v->status)
        r->status = v->status;
    return naering_http_send(r, xml ? NAERING_XML : NAERING_HTML, out, len);
}

static apr_status_t naering_doc_free(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

static void naering_doc_cleanup_register(apr_pool_t *p, xmlDocPtr doc)
{
    apr_pool_cleanup_register(p, doc, naering_doc_free,
                              apr_pool_cleanup_null);
}

/* A themed error page: with the menu when the database answers. */
static int naering_error_page(naering_req *q, int status)
{
    naering_view v;

    naering_view_init(q, &v, NAERING_VIEW_ERROR);
    v.status = status;
    if (q->db && q->db_ok)
        naering_store_menu(q->db, q->r->pool, 0, &v.menu);
    return naering_send_view(q, &v);
}

static int naering_fail(naering_req *q, naering_err *e)
{
    ap_log_rerror(APLOG_MARK, e->status >= 500 ? APLOG_ERR : APLOG_INFO, 0,
                  q->r, "naering: %s", e->msg);
    q->db_ok = 0;
    return naering_error_page(q, e->status);
}

static naering_err *naering_open(naering_req *q)
{
    naering_err *e = naering_site_acquire(q->cfg->site, q->r->pool, &q->db);
    q->db_ok = e == NULL;
    return e;
}

/* ---- views ------------------------------------------------------------- */

static int naering_page_view(naering_req *q, const char *path)
{
    apr_pool_t *p = q->r->pool;
    naering_page pg;
    naering_view v;
    naering_err *e;
    int found;

    if ((e = naering_store_page(q->db, p, path, &pg, &found)))
        return naering_fail(q, e);
    if (!found || pg.draft)
        return naering_error_page(q, HTTP_NOT_FOUND);
    naering_view_init(q, &v, NAERING_VIEW_PAGE);
    v.page = &pg;
    if ((e = naering_store_menu(q->db, p, pg.id, &v.menu))
        || (e = naering_store_breadcrumbs(q->db, p, pg.id, &v.crumbs))
        || (e = naering_store_documents(q->db, p, pg.id, &v.documents)))
        return naering_fail(q, e);
    return naering_send_view(q, &v);
}

static int naering_document_get(naering_req *q, const naering_route *rt)
{
    apr_pool_t *p = q->r->pool;
    naering_page pg;
    naering_document d;
    naering_err *e;
    int found;

    if ((e = naering_store_page(q->db, p, rt->page_path, &pg, &found)))
        return naering_fail(q, e);
    if (!found || pg.draft)
        return naering_error_page(q, HTTP_NOT_FOUND);
    if ((e = naering_store_document(q->db, p, pg.id, rt->name, &d, &found)))
        return naering_fail(q, e);
    if (!found)
        return naering_error_page(q, HTTP_NOT_FOUND);
    /* The bytes never change under a name: release the connection first. */
    naering_site_release(q->cfg->site, q->db, q->db_ok);
    q->db = NULL;
    if (naering_http_send_file(q->r, naering_files_path(p,
                               q->cfg->site->files, d.sha256), d.mime,
                               d.filename) == HTTP_NOT_FOUND) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r, "naering: the bytes of "
                      "%s (%s) are missing from %s", d.filename, d.sha256,
                      q->cfg->site->files);
        return naering_error_page(q, HTTP_INTERNAL_SERVER_ERROR);
    }
    return OK;
}

static const char *naering_asset_type(const char *name)
{
    const char *dot = strrchr(name, '.');

    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (dot && strcmp(dot, ".png") == 0)
        return "image/png";
    if (dot && strcmp(dot, ".ico") == 0)
        return "image/x-icon";
    return "application/octet-stream";
}

static int naering_asset(naering_req *q, const char *name)
{
    const naering_templates *t = naering_cfg_templates(q->cfg);
    int rc;

    if (!t)
        return naering_error_page(q, HTTP_NOT_FOUND);
    rc = naering_http_send_file(q->r, apr_pstrcat(q->r->pool, t->dir, "/"
                                NAERING_SEG_ASSETS "/", name, NULL),
                                naering_asset_type(name), NULL);
    return rc == HTTP_NOT_FOUND ? naering_error_page(q, rc) : rc;
}

static int naering_redirect(naering_req *q, const char *path)
{
    request_rec *r = q->r;
    const char *url = apr_pstrcat(r->pool, q->cfg->base,
                                  ap_escape_uri(r->pool, path),
                                  r->args ? "?" : "", r->args, NULL);

    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, url, r));
    return HTTP_MOVED_PERMANENTLY;
}

/* Editing arrives with the editing work; until then the editor path only
 * enforces its first rule: nobody without an authenticated user. */
static int naering_editor(naering_req *q)
{
    if (!q->r->user || !*q->r->user) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r, "naering: editor "
                      "request without an authenticated user: protect "
                      "%s/" NAERING_SEG_EDIT " with Apache auth (see "
                      "conf/naering-site.conf)", q->cfg->base);
        return naering_error_page(q, HTTP_FORBIDDEN);
    }
    return naering_error_page(q, HTTP_NOT_FOUND);
}

/* ---- dispatch ---------------------------------------------------------- */

/* The path below the mount point, or NULL when r->uri is outside it
 * (<Location /site> also matches "/sitemap"). */
static const char *naering_rel_path(request_rec *r, const char *base)
{
    size_t n = strlen(base);

    if (strncmp(r->uri, base, n) != 0 || (r->uri[n] && r->uri[n] != '/'))
        return NULL;
    return r->uri + n;
}

static int naering_has_double_slash(request_rec *r)
{
    const char *s = r->unparsed_uri, *q;

    if (!s)
        return 0;
    q = strchr(s, '?');
    s = strstr(s, "//");
    return s && (!q || s < q);
}

static int naering_dispatch(naering_req *q, const naering_route *rt)
{
    naering_err *e;

    switch (rt->action) {
    case NAERING_ROUTE_REDIRECT:
        return naering_redirect(q, rt->page_path);
    case NAERING_ROUTE_ASSET:
        return naering_asset(q, rt->name);
    case NAERING_ROUTE_EDIT:
        return naering_editor(q);
    case NAERING_ROUTE_PAGE:
    case NAERING_ROUTE_DOCUMENT:
        if ((e = naering_open(q)))
            return naering_fail(q, e);
        return rt->action == NAERING_ROUTE_PAGE
               ? naering_page_view(q, rt->page_path)
               : naering_document_get(q, rt);
    default:
        if (naering_open(q))
            q->db_ok = 0;
        return naering_error_page(q, HTTP_NOT_FOUND);
    }
}

int naering_handler(request_rec *r)
{
    naering_req q = { r, NULL, NULL, 0 };
    naering_route rt;
    const char *rel;
    int rc;

    if (!r->handler || strcmp(r->handler, NAERING_HANDLER) != 0)
        return DECLINED;
    q.cfg = ap_get_module_config(r->per_dir_config, &naering_module);
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_OPTIONS, -1);
    if (r->method_number == M_OPTIONS)
        return DECLINED;
    naering_http_headers(r, 1);
    if (!q.cfg->site) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: SetHandler "
                      "naering without NaeringDatabase for %s", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (r->method_number != M_GET)
        return HTTP_METHOD_NOT_ALLOWED;
    rel = naering_rel_path(r, q.cfg->base ? q.cfg->base : "");
    rt = rel ? naering_route_parse(r->pool, rel)
             : (naering_route){ NAERING_ROUTE_NOT_FOUND, NULL, NULL };
    /* httpd merges repeated slashes before we see r->uri; the URL the
     * visitor used still has them, and gets the canonical one. */
    if (rt.action == NAERING_ROUTE_PAGE && naering_has_double_slash(r))
        rt.action = NAERING_ROUTE_REDIRECT;
    rc = naering_dispatch(&q, &rt);
    naering_site_release(q.cfg->site, q.db, q.db_ok);
    return rc;
}
