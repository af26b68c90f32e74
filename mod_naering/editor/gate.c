/*
 * The editor's gate: every request below <base>/redigering passes here,
 * and every check is made here, once, for every kind of body.
 *
 *   - no authenticated r->user: 403 (even when the admin forgot the auth
 *     block), before the database is touched;
 *   - a POST must come from this site (Origin or Sec-Fetch-Site), its body
 *     is bounded and read once, urlencoded or multipart, and it must carry
 *     a valid CSRF token;
 *   - the entry comes from the tables (table.c): an unknown view is 404,
 *     an unknown action 400, never a default;
 *   - after an entry that writes answers 303, the caches in front are told
 *     (httpd/purge.c), so "every 303 is a write" is a rule of one place.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "editor/editor.h"

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
    naering_buf b;
    char chunk[8192];
    long n;
    int rc;

    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    if ((rc = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK)
        return rc;
    if (r->remaining > (apr_off_t)max)
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    naering_buf_init(&b, r->pool, 8192);
    while ((n = ap_get_client_block(r, chunk, sizeof(chunk))) > 0) {
        if (b.len + (apr_size_t)n > max)
            return HTTP_REQUEST_ENTITY_TOO_LARGE;
        naering_buf_add(&b, chunk, (apr_size_t)n);
    }
    if (n < 0)
        return HTTP_BAD_REQUEST;
    *out = naering_buf_str(&b);
    return OK;
}

static int naering_refuse(naering_req *q, int status, const char *why)
{
    naering_log(q->r, APLOG_ERR, "editor %s %s refused: %s", q->r->method,
                q->r->uri, why);
    return naering_error_page(q, status);
}

/* Each step of the gate returns DECLINED when the request may go on, and
 * otherwise what it answered. */

/* Loads the URL's page, drafts included, into ec->page. */
static int naering_gate_page(naering_edit_ctx *ec)
{
    naering_err *e;
    int found;

    e = naering_store_page(ec->q->db, ec->q->r->pool, ec->path, &ec->page,
                           &found);
    if (e)
        return naering_fail(ec->q, e);
    return found ? DECLINED : naering_error_page(ec->q, HTTP_NOT_FOUND);
}

/* Reads a multipart body (uploads) into temporary files.  A body that is
 * too large or broken gets the document list with the reason. */
static int naering_gate_multipart(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;
    naering_err *e;
    int rc = naering_gate_page(ec);

    if (rc != DECLINED)
        return rc;
    e = naering_upload_read(r, ec->q->cfg->site->files,
                            naering_cfg_max_upload(ec->q->cfg), &ec->upload);
    if (!e)
        return DECLINED;
    /* Do not read the rest of a body we refuse. */
    r->connection->keepalive = AP_CONN_CLOSE;
    if (e->status != HTTP_REQUEST_ENTITY_TOO_LARGE
        && e->status != HTTP_BAD_REQUEST)
        return naering_fail(ec->q, e);      /* logs it, once */
    naering_log_err(r, e);
    return naering_docs_refused(ec, e->status == HTTP_BAD_REQUEST
                                    ? "broken" : "too-large", e->status);
}

/* A body announced larger than its limit is refused before a byte of it
 * is read: no "100 Continue" goes out, and httpd does not read the rest
 * (a 413 closes the connection). */
static int naering_too_large(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_off_t max = naering_is_multipart(r)
                    ? naering_cfg_max_upload(ec->q->cfg) : NAERING_FORM_MAX;
    apr_off_t n;
    char *end;

    if (!cl || apr_strtoff(&n, cl, &end, 10) != APR_SUCCESS || *end || n < 0)
        return 0;       /* httpd's own checks answer a broken length */
    if (n <= max)
        return 0;
    naering_log(r, APLOG_INFO, "editor %s %s: a body of %" APR_OFF_T_FMT
                " bytes announced, over the limit of %" APR_OFF_T_FMT,
                r->method, r->uri, n, max);
    r->connection->keepalive = AP_CONN_CLOSE;
    return 1;
}

/* 413: beside the documents for an upload, else on a page of its own. */
static int naering_gate_too_large(naering_edit_ctx *ec)
{
    int rc;

    if (!naering_is_multipart(ec->q->r))
        return naering_error_page(ec->q, HTTP_REQUEST_ENTITY_TOO_LARGE);
    if ((rc = naering_gate_page(ec)) != DECLINED)
        return rc;
    return naering_docs_refused(ec, "too-large",
                                HTTP_REQUEST_ENTITY_TOO_LARGE);
}

/* The body, once, whatever its kind. */
static int naering_gate_body(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;
    int rc;

    if (!naering_same_origin(r))
        return naering_refuse(ec->q, HTTP_FORBIDDEN, "cross-origin request");
    if (naering_too_large(ec))
        return naering_gate_too_large(ec);
    if (naering_is_multipart(r))
        return naering_gate_multipart(ec);
    if ((rc = naering_read_form(r, NAERING_FORM_MAX, &ec->form)) != OK)
        return naering_error_page(ec->q, rc);
    return DECLINED;
}

static int naering_gate_csrf(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;

    if (!naering_csrf_valid(r->pool, ec->secret, r->user,
                            naering_editor_field(ec, NAERING_Q_CSRF),
                            apr_time_now(), NAERING_CSRF_MAX_AGE))
        return naering_refuse(ec->q, HTTP_FORBIDDEN, "missing or wrong CSRF "
                              "token");
    return DECLINED;
}

/* The POST's entry.  Every form names its action (the edit form's buttons
 * too: a browser sends the one that was pressed, or the first for Enter);
 * a request that names none, or one not in the table, is refused. */
static const naering_edit_entry *naering_gate_action(naering_edit_ctx *ec)
{
    const char *word = naering_editor_field(ec, NAERING_Q_ACTION);
    const naering_edit_entry *entry;

    if (!word || !*word)
        return NULL;
    entry = naering_edit_find(naering_edit_actions, word);
    if (!entry || !(entry->flags & NAERING_EDIT_MULTIPART) != !ec->upload)
        return NULL;
    return entry;
}

static int naering_gate_post(naering_edit_ctx *ec)
{
    int rc;

    if ((rc = naering_gate_body(ec)) != DECLINED
        || (rc = naering_gate_csrf(ec)) != DECLINED)
        return rc;
    if (!(ec->entry = naering_gate_action(ec)))
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if ((ec->entry->flags & NAERING_EDIT_PAGE) && !ec->upload
        && (rc = naering_gate_page(ec)) != DECLINED)
        return rc;
    (void)naering_store_touched(ec->q->db, ec->q->r->pool);  /* not ours */
    rc = ec->entry->fn(ec);
    if ((ec->entry->flags & NAERING_EDIT_WRITES) && rc == HTTP_SEE_OTHER)
        naering_purge_later(ec->q->r, naering_store_touched(ec->q->db,
                                                             ec->q->r->pool));
    return rc;
}

static int naering_gate_get(naering_edit_ctx *ec)
{
    const char *vis = naering_query_get(ec->q->r->pool, ec->q->r->args,
                                        NAERING_Q_VIEW);
    int rc;

    ec->entry = naering_edit_find(naering_edit_views, vis ? vis : "");
    if (!ec->entry)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    if ((ec->entry->flags & NAERING_EDIT_PAGE)
        && (rc = naering_gate_page(ec)) != DECLINED)
        return rc;
    return ec->entry->fn(ec);
}

int naering_editor(naering_req *q, const naering_route *rt)
{
    request_rec *r = q->r;
    naering_edit_ctx ec;
    naering_err *e;
    int rc;

    memset(&ec, 0, sizeof(ec));
    ec.q = q;
    ec.path = rt->page_path;
    naering_http_headers(r, 0);
    apr_table_setn(r->err_headers_out, "X-Robots-Tag", "noindex");
    if (!r->user || !*r->user) {
        naering_log(r, APLOG_ERR, "editor request without an authenticated "
                    "user: protect %s/" NAERING_SEG_EDIT " with Apache auth "
                    "(see conf/naering-site.conf)", q->cfg->base);
        return naering_error_page(q, HTTP_FORBIDDEN);
    }
    if ((e = naering_site_acquire(q->cfg->site, r->pool, &q->db)))
        return naering_fail(q, e);
    q->db_ok = 1;
    if ((e = naering_store_secret(q->db, r->pool, &ec.secret)))
        return naering_fail(q, e);
    if (r->method_number == M_GET)
        return naering_gate_get(&ec);
    rc = naering_gate_post(&ec);
    /* Whatever an upload did not commit goes now, not with the pool. */
    naering_upload_discard(ec.upload);
    return rc;
}
