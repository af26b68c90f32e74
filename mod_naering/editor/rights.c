/*
 * Rights: whether this user may edit a page, asked of Apache itself, not
 * of a rights table of our own.
 *
 * The request has passed Apache's access checks for its own URL, the
 * editor URL of its page.  Every other page an action touches (a move's
 * new parent, each page of a subtree that moves or goes to the trash, at
 * its old and its new address, a page restored by id, a new page's
 * address, the parent whose list a reorder changes) is asked with a
 * sub-request on that page's editor URL, with this request's method and
 * credentials.  httpd runs every access, authentication and authorization
 * hook for it, so any Require an admin can write holds here as it does
 * for the URL itself: user, group, ldap-group, expr, nested <Location>
 * and <LocationMatch>.  The store asks through a naering_guard inside its
 * write transaction, so what is checked is exactly what changes.
 *
 * An id in a form (a revision, a document, a version) must belong to the
 * URL's page; one of another page is refused, whoever may edit it.
 */
#include <string.h>
#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_hash.h"
#include "apr_strings.h"
#include "editor/editor.h"

int naering_rights_may(naering_edit_ctx *ec, const char *path)
{
    request_rec *r = ec->q->r, *rr;
    const char *uri;
    int *known, ok;

    if (!ec->rights)
        ec->rights = apr_hash_make(r->pool);
    if ((known = apr_hash_get(ec->rights, path, APR_HASH_KEY_STRING)))
        return *known;
    uri = ap_escape_uri(r->pool, naering_url_edit(r->pool, ec->q->cfg->base,
                                                  path));
    rr = ap_sub_req_method_uri(r->method, uri, r, NULL);
    ok = rr->status == HTTP_OK;
    ap_destroy_sub_req(rr);
    known = apr_palloc(r->pool, sizeof(*known));
    *known = ok;
    apr_hash_set(ec->rights, apr_pstrdup(r->pool, path), APR_HASH_KEY_STRING,
                 known);
    return ok;
}

/* The store's question, answered by Apache; the first page refused is
 * kept for the message. */
static int naering_rights_ask(void *ctx, const char *path, const char *title)
{
    naering_edit_ctx *ec = ctx;

    if (naering_rights_may(ec, path))
        return 1;
    ec->denied_path = apr_pstrdup(ec->q->r->pool, path);
    ec->denied_title = title ? apr_pstrdup(ec->q->r->pool, title) : NULL;
    return 0;
}

naering_guard *naering_rights_guard(naering_edit_ctx *ec)
{
    naering_guard *g = apr_pcalloc(ec->q->r->pool, sizeof(*g));

    g->may = naering_rights_ask;
    g->ctx = ec;
    return g;
}

int naering_rights_refuse(naering_edit_ctx *ec, const char *path,
                          const char *title, const char *reason)
{
    request_rec *r = ec->q->r;

    naering_log(r, APLOG_ERR, "editor %s: %s %s refused: %s%s", r->user,
                r->method, r->uri, reason, path ? path : "");
    return naering_refusal_page(ec->q, path, title);
}

int naering_rights_answer(naering_edit_ctx *ec, naering_err *e)
{
    if (e->status == HTTP_FORBIDDEN && ec->denied_path)
        return naering_rights_refuse(ec, ec->denied_path, ec->denied_title,
                                     "Apache does not allow the user at ");
    return naering_fail(ec->q, e);
}

int naering_rights_owned(naering_edit_ctx *ec, naering_owned kind,
                         sqlite3_int64 id)
{
    static const char *const what[] = { "revision", "document",
                                        "document version" };
    sqlite3_int64 owner;
    naering_err *e = naering_store_owner(ec->q->db, ec->q->r->pool, kind, id,
                                         &owner);

    if (e)
        return naering_fail(ec->q, e);
    /* No such thing: the store's own lookup, scoped to the page, says 404
     * (or a stale save says 409). */
    if (owner == 0 || owner == ec->page.id)
        return DECLINED;
    /* "": another page, not named (the user may not be let see it). */
    return naering_rights_refuse(ec, "", NULL, apr_psprintf(ec->q->r->pool,
                                 "%s %" APR_INT64_T_FMT " belongs to page %"
                                 APR_INT64_T_FMT, what[kind], (apr_int64_t)id,
                                 (apr_int64_t)owner));
}
