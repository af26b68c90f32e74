/*
 * The editor's front door: every request below <base>/redigering comes
 * here.  Nobody without an authenticated r->user gets further (403, even
 * when the admin forgot the auth block); every POST must come from this
 * site (Origin or Sec-Fetch-Site) and carry a valid CSRF token; bodies
 * are bounded.  GET views live in editor_views.c, POST actions in
 * editor_actions.c.
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

/* A form post holds at most a 1 MB body plus the other fields. */
#define NAERING_FORM_MAX (1024 * 1024 + 64 * 1024)

/* The site's own origin, as a browser writes it in Origin. */
static int naering_same_origin(request_rec *r)
{
    const char *origin = apr_table_get(r->headers_in, "Origin");
    const char *fetch = apr_table_get(r->headers_in, "Sec-Fetch-Site");
    const char *self;

    if (origin) {
        self = ap_construct_url(r->pool, "/", r);
        return strlen(self) == strlen(origin) + 1
               && strncasecmp(self, origin, strlen(origin)) == 0;
    }
    if (fetch)
        return strcmp(fetch, "same-origin") == 0 || strcmp(fetch, "none") == 0;
    return 1;   /* not a browser: the CSRF token still has to match */
}

static int naering_is_multipart(request_rec *r)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    return ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
}

/* Reads an urlencoded body of at most max bytes into *out. */
static int naering_read_form(request_rec *r, apr_size_t max, const char **out)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    apr_size_t len = 0, cap = 8192;
    char *buf;
    long n;
    int rc;

    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    if ((rc = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK)
        return rc;
    if (r->remaining > (apr_off_t)max)
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    buf = apr_palloc(r->pool, cap + 1);
    while ((n = ap_get_client_block(r, buf + len, cap - len)) > 0) {
        len += (apr_size_t)n;
        if (len > max)
            return HTTP_REQUEST_ENTITY_TOO_LARGE;
        if (len == cap) {
            char *bigger = apr_palloc(r->pool, cap * 2 + 1);
            memcpy(bigger, buf, len);
            buf = bigger;
            cap *= 2;
        }
    }
    if (n < 0)
        return HTTP_BAD_REQUEST;
    buf[len] = '\0';
    *out = buf;
    return OK;
}

static int naering_refuse(naering_req *q, int status, const char *why)
{
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r, "naering: editor %s %s "
                  "refused: %s", q->r->method, q->r->uri, why);
    return status;
}

/* Reads a POST's body if it comes from this site with a valid CSRF token.
 * Returns OK, or the status to answer with (nothing has been done). */
static int naering_checked_form(naering_req *q, const char *secret,
                                const char **form)
{
    request_rec *r = q->r;
    int rc;

    if (!naering_same_origin(r))
        return naering_refuse(q, HTTP_FORBIDDEN, "cross-origin request");
    if ((rc = naering_read_form(r, NAERING_FORM_MAX, form)) != OK)
        return rc;
    if (!naering_csrf_valid(r->pool, secret, r->user,
                            naering_query_get(r->pool, *form, "csrf"),
                            apr_time_now(), NAERING_CSRF_MAX_AGE))
        return naering_refuse(q, HTTP_FORBIDDEN, "missing or wrong CSRF "
                              "token");
    return OK;
}

int naering_editor(naering_req *q, const naering_route *rt)
{
    request_rec *r = q->r;
    naering_edit_ctx ec = { q, rt->page_path, NULL, NULL };
    naering_err *e;
    int rc;

    naering_http_headers(r, 0);
    apr_table_setn(r->err_headers_out, "X-Robots-Tag", "noindex");
    if (!r->user || !*r->user) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "naering: editor "
                      "request without an authenticated user: protect "
                      "%s/" NAERING_SEG_EDIT " with Apache auth (see "
                      "conf/naering-site.conf)", q->cfg->base);
        return naering_error_page(q, HTTP_FORBIDDEN);
    }
    if ((e = naering_site_acquire(q->cfg->site, r->pool, &q->db)))
        return naering_fail(q, e);
    q->db_ok = 1;
    if ((e = naering_store_secret(q->db, r->pool, &ec.secret)))
        return naering_fail(q, e);
    if (r->method_number == M_GET)
        return naering_editor_get(&ec);
    if (naering_is_multipart(r)) {
        if (!naering_same_origin(r))
            return naering_error_page(q, naering_refuse(q, HTTP_FORBIDDEN,
                                      "cross-origin request"));
        return naering_editor_upload(&ec);
    }
    if ((rc = naering_checked_form(q, ec.secret, &ec.form)) != OK)
        return naering_error_page(q, rc);
    return naering_editor_post(&ec);
}

/* Logging out of Basic auth: a 401 for the realm makes Chromium and
 * Firefox forget the credentials they keep sending. */
int naering_editor_logout(naering_req *q)
{
    naering_view v;

    int rc;

    ap_note_auth_failure(q->r);
    naering_view_init(q, &v, NAERING_VIEW_ERROR);
    v.status = HTTP_UNAUTHORIZED;
    rc = naering_send_view(q, &v);
    return rc == OK ? DONE : rc;
}

void naering_editor_init(naering_edit_ctx *ec, naering_view *v,
                         naering_editor_view *ed, naering_view_kind kind)
{
    naering_req *q = ec->q;

    naering_view_init(q, v, kind);
    memset(ed, 0, sizeof(*ed));
    ed->user = q->r->user;
    ed->csrf = naering_csrf_token(q->r->pool, ec->secret, q->r->user,
                                  apr_time_now());
    ed->notice = naering_query_get(q->r->pool, q->r->args, "melding");
    if (ed->notice && !naering_slug_valid(ed->notice))
        ed->notice = NULL;
    v->editor = ed;
}

int naering_see_other(naering_req *q, const char *path, const char *args)
{
    request_rec *r = q->r;
    const char *url = ap_escape_uri(r->pool, naering_edit_url(r->pool,
                                    q->cfg->base, path));

    url = apr_pstrcat(r->pool, url, args ? "?" : "", args, NULL);
    naering_purge_later(r);     /* only writes answer 303 */
    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, url, r));
    return HTTP_SEE_OTHER;
}
