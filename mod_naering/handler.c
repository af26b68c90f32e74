/*
 * The request handler: declines what is not ours, checks the method,
 * routes, and answers.  Every error is logged once here and becomes a
 * themed error page with its status.  The views themselves are in
 * public.c (visitors) and, later, editor.c.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "mod_naering.h"

APLOG_USE_MODULE(naering);

#define NAERING_HTML "text/html; charset=utf-8"
#define NAERING_XML  "application/xml; charset=utf-8"
#define NAERING_ATOM "application/atom+xml; charset=utf-8"

void naering_view_init(naering_req *q, naering_view *v,
                       naering_view_kind kind)
{
    request_rec *r = q->r;
    const char *base = q->cfg->base ? q->cfg->base : "";

    memset(v, 0, sizeof(*v));
    v->kind = kind;
    v->site_name = naering_cfg_site_name(q->cfg);
    v->base = base;
    v->absolute = ap_construct_url(r->pool, apr_pstrcat(r->pool, base, "/",
                                                        NULL), r);
    /* The path as the visitor sent it may be anything: the document
     * only ever carries readable text. */
    v->path = naering_utf8_valid(r->uri, strlen(r->uri))
              ? naering_xml_chars(r->pool, r->uri) : "/";
}

static int naering_wants_xml(naering_req *q)
{
    const char *f = naering_query_get(q->r->pool, q->r->args, "format");
    return f && strcmp(f, "xml") == 0 && q->cfg->xml_output != 0;
}

static apr_status_t naering_doc_free(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

static const char *naering_content_type(const naering_view *v, int xml)
{
    if (v->kind == NAERING_VIEW_FEED)
        return NAERING_ATOM;
    return xml || v->kind == NAERING_VIEW_SITEMAP ? NAERING_XML
                                                  : NAERING_HTML;
}

/* Renders a view (or shows its XML) and sends it with the view's status. */
int naering_send_view(naering_req *q, const naering_view *v)
{
    request_rec *r = q->r;
    const naering_templates *t = naering_cfg_templates(q->cfg);
    xmlDocPtr doc = naering_xml_build(r->pool, v);
    int feed = v->kind == NAERING_VIEW_FEED || v->kind == NAERING_VIEW_SITEMAP;
    int xml = naering_wants_xml(q);
    const char *out;
    apr_size_t len;
    naering_err *e;

    apr_pool_cleanup_register(r->pool, doc, naering_doc_free,
                              apr_pool_cleanup_null);
    if (!xml && (!t || !t->site)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: no compiled "
                      "templates: set NaeringTemplates to the directory of "
                      "site.xsl");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    e = xml ? naering_render_xml(r->pool, doc, &out, &len)
            : naering_render(r->pool, t, feed ? NAERING_STYLE_FEED
                                              : NAERING_STYLE_SITE,
                             doc, &out, &len);
    if (e) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: %s", e->msg);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (v->status)
        r->status = v->status;
    else if (q->cache_key)
        naering_cache_put(q->cfg->site->cache, q->gen, q->cache_key, out, len,
                          naering_content_type(v, xml));
    return naering_http_send(r, naering_content_type(v, xml), out, len);
}

/* A themed error page: with the menu when the database answers.  Returns
 * DONE (httpd takes it as OK) so that no caller mistakes an answered
 * error for success and goes on. */
int naering_error_page(naering_req *q, int status)
{
    naering_view v;
    int rc;

    naering_view_init(q, &v, NAERING_VIEW_ERROR);
    v.status = status;
    apr_table_unset(q->r->headers_out, "ETag");
    apr_table_unset(q->r->headers_out, "Last-Modified");
    if (q->db && q->db_ok)
        naering_store_menu(q->db, q->r->pool, 0, &v.menu);
    rc = naering_send_view(q, &v);
    return rc == OK ? DONE : rc;
}

int naering_fail(naering_req *q, naering_err *e)
{
    ap_log_rerror(APLOG_MARK, e->status >= 500 ? APLOG_ERR : APLOG_INFO, 0,
                  q->r, "naering: %s", e->msg);
    q->db_ok = 0;
    return naering_error_page(q, e->status);
}

/* ETag and Last-Modified from the site's generation, which every write
 * bumps in its own transaction: anything a page shows (its menu too)
 * changes them.  The templates' compile time covers a template upgrade.
 * Returns OK, or 304/412 to send as it is. */
int naering_validate(naering_req *q, const char *variant)
{
    const naering_templates *t = naering_cfg_templates(q->cfg);
    sqlite3_int64 gen;
    apr_time_t changed;
    naering_err *e = naering_store_generation(q->db, q->r->pool, &gen,
                                              &changed);

    if (e)
        return naering_fail(q, e);
    q->gen = gen;
    apr_table_setn(q->r->headers_out, "ETag", apr_psprintf(q->r->pool,
                   "\"%" APR_INT64_T_FMT "-%" APR_TIME_T_FMT "-%s%s\"",
                   (apr_int64_t)gen, t ? apr_time_sec(t->compiled) : 0,
                   variant, naering_wants_xml(q) ? "x" : ""));
    ap_update_mtime(q->r, changed);
    ap_set_last_modified(q->r);
    return ap_meets_conditions(q->r);
}

/* Only the parameters the views read make a page differ; anything else
 * would let a visitor fill the cache with copies (such requests are
 * rendered, not kept). */
static int naering_cacheable_args(apr_pool_t *p, const char *args)
{
    static const char *const known[] = { "format", "q", "side" };
    char *copy, *pair, *state = NULL;
    size_t i;

    if (!args || !*args)
        return 1;
    copy = apr_pstrdup(p, args);
    for (pair = apr_strtok(copy, "&", &state); pair;
         pair = apr_strtok(NULL, "&", &state)) {
        char *eq = strchr(pair, '=');
        int ok = 0;
        if (eq)
            *eq = '\0';
        for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            ok |= strcmp(pair, known[i]) == 0;
        if (!ok)
            return 0;
    }
    return 1;
}

int naering_from_cache(naering_req *q)
{
    request_rec *r = q->r;
    const char *body, *ctype;
    apr_size_t len;

    if (!naering_cacheable_args(r->pool, r->args))
        return DECLINED;
    /* The page holds absolute URLs built from the request's host (the
     * canonical link, og:url, feeds): the host is part of the key, so one
     * visitor's Host header never reaches another's page. */
    q->cache_key = apr_pstrcat(r->pool, ap_http_scheme(r), "://",
                               r->hostname ? r->hostname : "", ":",
                               apr_itoa(r->pool, ap_get_server_port(r)),
                               r->unparsed_uri, NULL);
    if (!naering_cache_get(q->cfg->site->cache, q->gen, q->cache_key,
                           r->pool, &body, &len, &ctype))
        return DECLINED;
    q->cache_key = NULL;
    return naering_http_send(r, ctype, body, len);
}

/* The query as received, with bytes outside printable ASCII escaped: a
 * Location header carries only plain ASCII. */
static const char *naering_ascii_args(apr_pool_t *p, const char *args)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(args) * 3 + 1), *o = out;
    const unsigned char *s;

    for (s = (const unsigned char *)args; *s; s++) {
        if (*s > 0x20 && *s < 0x7f) {
            *o++ = (char)*s;
            continue;
        }
        *o++ = '%';
        *o++ = hex[*s >> 4];
        *o++ = hex[*s & 15];
    }
    *o = '\0';
    return out;
}

int naering_redirect(naering_req *q, const char *path, int keep_args)
{
    request_rec *r = q->r;
    const char *url = apr_pstrcat(r->pool, q->cfg->base,
                                  ap_escape_uri(r->pool, path),
                                  keep_args && r->args ? "?" : "",
                                  keep_args && r->args
                                  ? naering_ascii_args(r->pool, r->args)
                                  : NULL, NULL);

    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, url, r));
    return HTTP_MOVED_PERMANENTLY;
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

/* httpd merges repeated slashes before we see r->uri; the URL the visitor
 * used still has them, and gets the canonical one. */
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
        return naering_redirect(q, rt->page_path, 1);
    case NAERING_ROUTE_ASSET:
        return naering_asset(q, rt->name);
    case NAERING_ROUTE_EDIT:
        return naering_editor(q, rt);
    default:
        break;
    }
    if ((e = naering_site_acquire(q->cfg->site, q->r->pool, &q->db)))
        return naering_fail(q, e);
    q->db_ok = 1;
    /* Public views only read; naering_site_release ends it. */
    if ((e = naering_store_read_begin(q->db, q->r->pool)))
        return naering_fail(q, e);
    switch (rt->action) {
    case NAERING_ROUTE_PAGE:
        return naering_page_view(q, rt->page_path);
    case NAERING_ROUTE_DOCUMENT:
        return naering_document_get(q, rt);
    case NAERING_ROUTE_SEARCH:
        return naering_search_page(q);
    case NAERING_ROUTE_FEED:
        return naering_feed_view(q, NAERING_VIEW_FEED);
    case NAERING_ROUTE_SITEMAP:
        return naering_feed_view(q, NAERING_VIEW_SITEMAP);
    default:
        return naering_error_page(q, HTTP_NOT_FOUND);
    }
}

int naering_handler(request_rec *r)
{
    naering_req q = { r, NULL, NULL, 0, 0, NULL };
    naering_route rt;
    const char *rel;
    int rc;

    if (!r->handler || strcmp(r->handler, NAERING_HANDLER) != 0)
        return DECLINED;
    q.cfg = ap_get_module_config(r->per_dir_config, &naering_module);
    rel = naering_rel_path(r, q.cfg->base ? q.cfg->base : "");
    rt = rel ? naering_route_parse(r->pool, rel)
             : (naering_route){ NAERING_ROUTE_NOT_FOUND, NULL, NULL };
    /* Only the editor takes POST; everything public is GET and HEAD. */
    if (rt.action == NAERING_ROUTE_EDIT)
        ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_POST, M_OPTIONS,
                                  -1);
    else
        ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_OPTIONS, -1);
    if (r->method_number == M_OPTIONS) {
        /* Our own answer: httpd's would offer methods we refuse. */
        apr_table_setn(r->headers_out, "Allow", rt.action == NAERING_ROUTE_EDIT
                       ? "GET,HEAD,POST,OPTIONS" : "GET,HEAD,OPTIONS");
        return naering_http_send(r, "text/plain; charset=utf-8", "", 0);
    }
    if (!q.cfg->site) {
        /* Only here: the header_parser hook set them for every site. */
        naering_http_headers(r, 1);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: SetHandler "
                      "naering without NaeringDatabase for %s", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (r->method_number != M_GET
        && !(r->method_number == M_POST && rt.action == NAERING_ROUTE_EDIT))
        return HTTP_METHOD_NOT_ALLOWED;
    if (rt.action == NAERING_ROUTE_PAGE && naering_has_double_slash(r))
        rt.action = NAERING_ROUTE_REDIRECT;
    rc = naering_dispatch(&q, &rt);
    naering_site_release(q.cfg->site, q.db, q.db_ok);
    return rc;
}
