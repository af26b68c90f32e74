/*
 * Links that stay whole, in the editor: before a page (with everything
 * below it) or a document goes to the trash, the live pages that link to
 * it are listed and the editor confirms (bekreft=ja); the trash works all
 * the same after that.  And "Brutte lenker" (?vis=brutte-lenker): the
 * links of the pages this editor may edit that point at nothing of the
 * site (a page or document gone, a path that never was), each routed as a
 * visitor's request would be.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

static const char *naering_links_base(naering_edit_ctx *ec)
{
    return ec->q->cfg->base ? ec->q->cfg->base : "";
}

int naering_links_confirmed(naering_edit_ctx *ec)
{
    const char *v = naering_editor_field(ec, NAERING_Q_CONFIRM);
    return v && strcmp(v, "ja") == 0;
}

naering_err *naering_links_into_page(naering_edit_ctx *ec,
                                     apr_array_header_t **pages)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *target = naering_url_page(p, naering_links_base(ec),
                                          ec->page.path);

    /* "/" of a site at the server's root is every path: never asked
     * (the front page cannot go to the trash). */
    if (strcmp(target, "/") == 0) {
        *pages = apr_array_make(p, 0, sizeof(naering_entry));
        return NULL;
    }
    return naering_store_linked_from(ec->q->db, p, target, ec->page.path,
                                     pages);
}

naering_err *naering_links_into_doc(naering_edit_ctx *ec, const char *name,
                                    apr_array_header_t **pages)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *url = naering_url_doc(p, naering_links_base(ec),
                                      ec->page.path, name);

    return naering_store_linked_from(ec->q->db, p,
                                     naering_link_normal(p, url), NULL,
                                     pages);
}

/* The links to a page that moved, in every page's text, rewritten by the
 * system (a revision each, in its history): the old path answers 301,
 * but no link should depend on that for ever.  Pages the editor may not
 * edit get theirs too: only the address changes, to where the page is. */
naering_err *naering_links_moved(naering_edit_ctx *ec, const char *from,
                                 const char *to)
{
    int count = 0;
    naering_err *e = naering_store_relink(ec->q->db, ec->q->r->pool,
                                          naering_links_base(ec), from, to,
                                          &count);

    if (!e && count)
        naering_log(ec->q->r, APLOG_INFO, "links to %s rewritten to %s on "
                    "%d pages", from, to, count);
    return e;
}

/* ---- broken links ---------------------------------------------------------- */

int naering_links_broken_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *base = naering_links_base(ec);
    size_t n = strlen(base);
    apr_array_header_t *all;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;
    int i;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_BROKEN_LINKS);
    if ((e = naering_store_links(ec->q->db, p, 0, &all)))
        return naering_fail(ec->q, e);
    ed.broken_links = apr_array_make(p, 8, sizeof(naering_link));
    for (i = 0; i < all->nelts; i++) {
        naering_link *l = &APR_ARRAY_IDX(all, i, naering_link);
        /* Outside the mount point is another site's path: not ours. */
        if (strncmp(l->href, base, n) || (l->href[n] && l->href[n] != '/'))
            continue;
        if (!naering_store_link_ok(ec->q->db, p, l->href[n] ? l->href + n
                                                             : "/")
            && naering_rights_may(ec, l->path))
            *(naering_link *)apr_array_push(ed.broken_links) = *l;
    }
    return naering_send_view(ec->q, &v);
}
