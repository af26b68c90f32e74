/*
 * The front door: declines what is not ours, checks the method, routes,
 * and hands the request to the visitor views (public.c) or the editor
 * (editor/).  It decides and calls down; answering is httpd/respond.c's.
 * Only the handler hook (mod_naering.c) calls it.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "editor/editor.h"
#include "mod_naering.h"

/* The path below the mount point, or NULL when r->uri is outside it
 * (<Location /site> also matches "/sitemap"). */
static const char *naering_rel_path(request_rec *r, const char *base)
{
    size_t n = strlen(base);

    if (strncmp(r->uri, base, n) != 0 || (r->uri[n] && r->uri[n] != '/'))
        return NULL;
    return r->uri + n;
}

/* httpd merges repeated slashes before we see r->uri (and in
 * r->parsed_uri); the path the visitor sent still has them, and gets the
 * canonical one.  An absolute-form request line (GET http://host/a
 * HTTP/1.1) has "//" after its scheme: only its path counts. */
static int naering_has_double_slash(request_rec *r)
{
    const char *s = r->unparsed_uri, *q, *scheme;

    if (s && *s != '/') {
        scheme = strstr(s, "://");
        s = scheme ? strchr(scheme + 3, '/') : NULL;
    }
    if (!s)
        return 0;
    q = strchr(s, '?');
    s = strstr(s, "//");
    return s && (!q || s < q);
}

/* The route a path that is not canonical takes: pages and editor pages
 * answer 301 to their canonical form; a POST to an editor page is 404
 * instead (nothing is done on a path Apache's <Location> may not have
 * guarded), and then this returns 1. */
static int naering_canonical(request_rec *r, naering_route *rt)
{
    if (naering_has_double_slash(r)) {
        if (rt->action == NAERING_ROUTE_EDIT)
            rt->page_path = naering_url_edit(r->pool, "", rt->page_path);
        if (rt->action == NAERING_ROUTE_PAGE
            || rt->action == NAERING_ROUTE_EDIT)
            rt->action = NAERING_ROUTE_REDIRECT;
    }
    if (rt->action != NAERING_ROUTE_REDIRECT || r->method_number != M_POST
        || !naering_path_within(rt->page_path, "/" NAERING_SEG_EDIT))
        return 0;
    rt->action = NAERING_ROUTE_NOT_FOUND;
    return 1;
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
    q->reading = 1;
    switch (rt->action) {
    case NAERING_ROUTE_PAGE:
        return naering_page_view(q, rt->page_path);
    case NAERING_ROUTE_DOCUMENT:
        return naering_document_get(q, rt);
    case NAERING_ROUTE_IMAGE:
        return naering_image_get(q, rt);
    case NAERING_ROUTE_SEARCH:
        return naering_search_page(q);
    case NAERING_ROUTE_FEED:
        return naering_feed_view(q, NAERING_VIEW_FEED);
    case NAERING_ROUTE_SITEMAP:
        return naering_feed_view(q, NAERING_VIEW_SITEMAP);
    case NAERING_ROUTE_HEALTH:
        return q->cfg->health == 1 ? naering_health(q)
                                   : naering_error_page(q, HTTP_NOT_FOUND);
    default:
        return naering_error_page(q, HTTP_NOT_FOUND);
    }
}

int naering_handler(request_rec *r)
{
    naering_req q = { r, NULL, NULL, 0, 0, NULL, 0 };
    naering_route rt;
    const char *rel;
    int rc, refused;

    if (!r->handler || strcmp(r->handler, NAERING_HANDLER) != 0)
        return DECLINED;
    q.cfg = ap_get_module_config(r->per_dir_config, &naering_module);
    rel = naering_rel_path(r, q.cfg->base ? q.cfg->base : "");
    rt = rel ? naering_route_parse(r->pool, rel)
             : (naering_route){ NAERING_ROUTE_NOT_FOUND, NULL, NULL, 0 };
    refused = naering_canonical(r, &rt);
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
        naering_log(r, APLOG_ERR, "SetHandler naering without "
                    "NaeringDatabase for %s", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (r->method_number != M_GET
        && !(r->method_number == M_POST
             && (rt.action == NAERING_ROUTE_EDIT || refused)))
        return HTTP_METHOD_NOT_ALLOWED;
    rc = naering_dispatch(&q, &rt);
    naering_site_release(q.cfg->site, q.db, q.db_ok);
    return rc;
}
