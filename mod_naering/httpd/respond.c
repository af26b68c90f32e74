/*
 * Answering a request: a view rendered (or its XML), a themed error page,
 * validators and surrogate keys from the response's dependencies, the
 * render cache, redirects.
 * Every error is logged here, once, with the "naering:" prefix of
 * server.h, and becomes a page with its status.  The visitor views, the
 * editor and the front door all answer through this file; it calls only
 * what lies below it (view, store, core) and http.c.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "httpd/server.h"

#define NAERING_HTML "text/html; charset=utf-8"
#define NAERING_XML  "application/xml; charset=utf-8"
#define NAERING_ATOM "application/atom+xml; charset=utf-8"
/* Where a response came from, for the access log (%{naering-cache}n):
 * "process" (this process's cache), "shared" (the server's, shared.c),
 * "miss" (rendered and kept). */
#define NAERING_CACHE_NOTE "naering-cache"

void naering_view_init(naering_req *q, naering_view *v,
                       naering_view_kind kind)
{
    request_rec *r = q->r;
    const char *base = q->cfg->base ? q->cfg->base : "";

    memset(v, 0, sizeof(*v));
    v->kind = kind;
    v->site_name = naering_cfg_site_name(q->cfg);
    v->base = base;
    v->public_doc_checks = q->cfg->public_doc_checks == 1;
    v->site_lang = naering_lang_of(q->cfg->language, NULL);
    v->lang = v->site_lang;
    v->statement_url = q->cfg->statement_url;
    v->absolute = ap_construct_url(r->pool, apr_pstrcat(r->pool, base, "/",
                                                        NULL), r);
    /* The path as the visitor sent it may be anything: the document
     * only ever carries readable text. */
    v->path = naering_utf8_valid(r->uri, strlen(r->uri))
              ? naering_xml_chars(r->pool, r->uri) : "/";
}

int naering_wants_xml(naering_req *q)
{
    const char *f = naering_query_get(q->r->pool, q->r->args,
                                      NAERING_Q_FORMAT);
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

/* v with the site's details for the footer.  A page that reports a
 * broken database goes without them (the footer shows the site's name)
 * rather than fail twice. */
static const naering_view *naering_with_footer(naering_req *q,
                                               const naering_view *v)
{
    naering_site_details *d;
    naering_view *with;

    if (v->details || !q->db || !q->db_ok)
        return v;
    d = apr_palloc(q->r->pool, sizeof(*d));
    if (naering_store_site(q->db, q->r->pool, d))
        return v;
    with = apr_pmemdup(q->r->pool, v, sizeof(*v));
    with->details = d;
    return with;
}

/* Everything a public view shows has been read: its snapshot goes now,
 * not after rendering and sending (a slow client would hold it, and a
 * held snapshot keeps SQLite from emptying the WAL). */
static void naering_read_done(naering_req *q)
{
    if (q->reading && q->db) {
        naering_store_read_end(q->db);
        q->reading = 0;
    }
}

/* Renders a view (or shows its XML) and sends it with the view's status. */
int naering_send_view(naering_req *q, const naering_view *given)
{
    request_rec *r = q->r;
    const naering_templates *t = naering_cfg_templates(q->cfg);
    const naering_view *v = naering_with_footer(q, given);
    xmlDocPtr doc = naering_xml_build(r->pool, v);
    int feed = v->kind == NAERING_VIEW_FEED || v->kind == NAERING_VIEW_SITEMAP;
    int xml = naering_wants_xml(q);
    const char *out;
    apr_size_t len;
    naering_err *e;

    apr_pool_cleanup_register(r->pool, doc, naering_doc_free,
                              apr_pool_cleanup_null);
    naering_read_done(q);
    if (!xml && (!t || !t->site)) {
        naering_log(r, APLOG_ERR, "no compiled templates: set "
                    "NaeringTemplates to the directory of site.xsl");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    e = xml ? naering_render_xml(r->pool, doc, &out, &len)
            : naering_render(r->pool, t, feed ? NAERING_STYLE_FEED
                                              : NAERING_STYLE_SITE,
                             doc, &out, &len);
    if (e) {
        naering_log_err(r, e);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (v->status)
        r->status = v->status;
    else if (q->cache_key) {
        naering_cache_put(q->cfg->site->cache, q->gen, q->cache_key, out, len,
                          naering_content_type(v, xml));
        naering_shared_put(r, q->cfg->site, q->cache_key, q->gen,
                           t ? t->identity : 0, out, len,
                           naering_content_type(v, xml));
        apr_table_setn(r->notes, NAERING_CACHE_NOTE, "miss");
    }
    return naering_http_send(r, naering_content_type(v, xml), out, len);
}

/* A themed error page: with the menu when the database answers.  Returns
 * DONE (httpd takes it as OK) so that no caller mistakes an answered
 * error for success and goes on. */
static int naering_error_view(naering_req *q, int status, const char *path,
                              const char *title)
{
    naering_view v;
    int rc;

    naering_view_init(q, &v, NAERING_VIEW_ERROR);
    v.status = status;
    v.denied_path = path;
    v.denied_title = title;
    apr_table_unset(q->r->headers_out, "ETag");
    apr_table_unset(q->r->headers_out, "Last-Modified");
    if (q->db && q->db_ok)
        naering_store_menu(q->db, q->r->pool, 0, &v.menu);
    rc = naering_send_view(q, &v);
    return rc == OK ? DONE : rc;
}

int naering_error_page(naering_req *q, int status)
{
    return naering_error_view(q, status, NULL, NULL);
}

int naering_refusal_page(naering_req *q, const char *path, const char *title)
{
    return naering_error_view(q, HTTP_FORBIDDEN, path, title);
}

/* Server errors are the admin's to see; the rest (a stale save, a bad
 * form) only at info. */
void naering_log_err(request_rec *r, const naering_err *e)
{
    naering_log(r, e->status >= 500 ? APLOG_ERR : APLOG_INFO, "%s",
                naering_err_text(r->pool, e));
}

int naering_fail(naering_req *q, naering_err *e)
{
    naering_log_err(q->r, e);
    q->db_ok = 0;
    return naering_error_page(q, e->status);
}

/* ETag from the response's dependency keys (sql/014_dependencies.sql):
 * the newest generation among its own key ('p<id>' for the page at path,
 * 'list' for search, feed and sitemap when path is NULL) and those every
 * page shows (menu, site details, 'all').  A write elsewhere leaves it as
 * it was, so a 304 stays a 304.  The identity of what renders (templates,
 * module, directives: httpd/identity.c) covers an upgrade, and is the
 * same on every server with the same files.  Last-Modified is the time of
 * the tag's write, or of the newest of those files when that is newer.
 * Returns OK, or 304/412 to send as it is. */
int naering_validate(naering_req *q, const char *variant, const char *path)
{
    const naering_templates *t = naering_cfg_templates(q->cfg);
    sqlite3_int64 tag;
    apr_time_t changed;
    const char *key;
    naering_err *e = naering_store_tag(q->db, q->r->pool, path, &tag, &key,
                                       &changed);

    if (e)
        return naering_fail(q, e);
    q->gen = tag;
    apr_table_setn(q->r->headers_out, "ETag", apr_psprintf(q->r->pool,
                   "\"%" APR_INT64_T_FMT "-%" APR_UINT64_T_HEX_FMT "-%s%s\"",
                   (apr_int64_t)tag, t ? (apr_uint64_t)t->identity : 0,
                   variant, naering_wants_xml(q) ? "x" : ""));
    /* For a Varnish in front, which takes it off (conf/varnish.vcl);
     * without one (NaeringPurge) it would only reach the visitor. */
    if (q->cfg->purge && q->cfg->purge->nelts)
        apr_table_setn(q->r->headers_out, "xkey", naering_surrogate_keys(
                       q->r->pool, q->cfg->base, apr_pstrcat(q->r->pool,
                       "all site menu", key ? " " : "", key, NULL)));
    ap_update_mtime(q->r, changed);
    if (t)
        ap_update_mtime(q->r, t->changed);
    ap_set_last_modified(q->r);
    return ap_meets_conditions(q->r);
}

/* Only the parameters the views read make a page differ; anything else
 * would let a visitor fill the cache with copies (such requests are
 * rendered, not kept). */
static int naering_cacheable_args(apr_pool_t *p, const char *args)
{
    static const char *const known[] = { NAERING_Q_FORMAT, NAERING_Q_SEARCH,
                                         NAERING_Q_PAGE };
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

/* The identity of what q renders with (the shared cache serves only what
 * the same renders). */
static apr_int64_t naering_templates_time(const naering_req *q)
{
    const naering_templates *t = naering_cfg_templates(q->cfg);

    return t ? t->identity : 0;
}

int naering_from_cache(naering_req *q)
{
    request_rec *r = q->r;
    const char *body, *ctype;
    apr_size_t len;
    naering_cache_held held;

    if (!naering_cacheable_args(r->pool, r->args))
        return DECLINED;
    /* The page holds absolute URLs built from the request's host (the
     * canonical link, og:url, feeds): the host is part of the key, so one
     * visitor's Host header never reaches another's page. */
    q->cache_key = apr_pstrcat(r->pool, ap_http_scheme(r), "://",
                               r->hostname ? r->hostname : "", ":",
                               apr_itoa(r->pool, ap_get_server_port(r)),
                               r->unparsed_uri, NULL);
    if (naering_cache_ref(q->cfg->site->cache, q->gen, q->cache_key,
                          &held)) {
        /* Lent, not copied: the bucket gives the entry back once the body
         * is written (http.c). */
        apr_table_setn(r->notes, NAERING_CACHE_NOTE, "process");
        q->cache_key = NULL;
        naering_read_done(q);
        return naering_http_send_held(r, &held);
    }
    if (naering_shared_get(r, q->cfg->site, q->cache_key, q->gen,
                           naering_templates_time(q), &body, &len, &ctype)) {
        /* Into this process's cache: the next hit here takes no lock. */
        naering_cache_put(q->cfg->site->cache, q->gen, q->cache_key, body,
                          len, ctype);
        apr_table_setn(r->notes, NAERING_CACHE_NOTE, "shared");
    } else
        return DECLINED;
    q->cache_key = NULL;
    naering_read_done(q);
    return naering_http_send(r, ctype, body, len);
}

/* The query as received, with bytes outside printable ASCII escaped: a
 * Location header carries only plain ASCII. */
static int naering_ascii_keep(unsigned char c)
{
    return c > 0x20 && c < 0x7f;
}

int naering_redirect(naering_req *q, const char *path, int keep_args)
{
    request_rec *r = q->r;
    const char *url = apr_pstrcat(r->pool, q->cfg->base,
                                  ap_escape_uri(r->pool, path),
                                  keep_args && r->args ? "?" : "",
                                  keep_args && r->args
                                  ? naering_percent(r->pool, r->args,
                                                    naering_ascii_keep)
                                  : NULL, NULL);

    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, url, r));
    return HTTP_MOVED_PERMANENTLY;
}

int naering_see_other(naering_req *q, const char *url, const char *args)
{
    request_rec *r = q->r;

    url = apr_pstrcat(r->pool, ap_escape_uri(r->pool, url), args ? "?" : "",
                      args, NULL);
    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, url, r));
    return HTTP_SEE_OTHER;
}
