/*
 * What links where, read from page_link (db.c keeps it with every write
 * of a page's text): the live pages that link to a page, its subtree or
 * a document, before it goes to the trash; and every link of the live
 * pages, for "Brutte lenker" and naering-admin links.  Links are kept as
 * written (base included); the caller, who knows the site's mount point,
 * says which href it means.
 */
#include <string.h>
#include <apr_strings.h>
#include "store/internal.h"

/* Live pages with a link to :target or below it, none of them in the
 * subtree at :sub (NULL: no subtree is left out). */
static const char SQL_LINKED_FROM[] =
    "SELECT DISTINCT p.id, p.path, r.title, r.summary, r.author,"
    "       r.created_at"
    "  FROM page_link l JOIN page p ON p.id = l.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at IS NULL"
    "   AND (l.href = :target"
    "        OR substr(l.href, 1, length(:target) + 1) = :target || '/')"
    "   AND (:sub IS NULL OR NOT (p.path = :sub"
    "        OR substr(p.path, 1, length(:sub) + 1) = :sub || '/'))"
    " ORDER BY p.path";

/* Every link of the live pages, of one kind: the site's own paths
 * (:external 0) or web addresses (1). */
static const char SQL_LINKS[] =
    "SELECT p.id, p.path, r.title, l.href"
    "  FROM page_link l JOIN page p ON p.id = l.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at IS NULL"
    "   AND (substr(l.href, 1, 1) = '/') = (:external = 0)"
    " ORDER BY p.path, l.href";

naering_err *naering_store_linked_from(naering_db *db, apr_pool_t *p,
                                       const char *target, const char *sub,
                                       apr_array_header_t **pages)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_LINKED_FROM);

    *pages = apr_array_make(p, 0, sizeof(naering_entry));
    if (!st || naering_bind_text(st, ":target", target)
        || (sub ? naering_bind_text(st, ":sub", sub)
                : sqlite3_bind_null(st, sqlite3_bind_parameter_index(st,
                                                                     ":sub"))))
        return naering_db_err(db, p, "links");
    return naering_all_rows(db, p, st, naering_entry_row,
                            sizeof(naering_entry), pages, "links");
}

static void naering_link_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_link *l = out;

    l->page = sqlite3_column_int64(st, 0);
    l->path = naering_col(p, st, 1);
    l->title = naering_col(p, st, 2);
    l->href = naering_col(p, st, 3);
}

naering_err *naering_store_links(naering_db *db, apr_pool_t *p, int external,
                                 apr_array_header_t **links)
{
    return naering_rows_for(db, p, SQL_LINKS, ":external", external,
                            naering_link_row, sizeof(naering_link), links,
                            "links");
}

/* ---- whether a link of the site names something ---------------------------- */

/* A page path naming a live, public page, or an old path of one (which
 * answers 301); *id is the page's, 0 for an old path. */
static int naering_link_page(naering_db *db, apr_pool_t *p, const char *path,
                             sqlite3_int64 *id)
{
    naering_page pg;
    const char *now = NULL;
    int found = 0;

    *id = 0;
    if (naering_store_page(db, p, path, &pg, &found) || !found)
        return !naering_store_old_path(db, p, path, &now) && now;
    *id = pg.id;
    return !pg.hidden;
}

int naering_store_link_ok(naering_db *db, apr_pool_t *p, const char *rel)
{
    naering_route rt = naering_route_parse(p, rel);
    naering_document d;
    naering_image im;
    sqlite3_int64 page;
    int found = 0;

    if (rt.action == NAERING_ROUTE_REDIRECT)
        rt = naering_route_parse(p, rt.page_path);
    switch (rt.action) {
    case NAERING_ROUTE_PAGE:
        return naering_link_page(db, p, rt.page_path, &page);
    case NAERING_ROUTE_DOCUMENT:
        return naering_link_page(db, p, rt.page_path, &page) && page
            && !naering_store_document(db, p, page, rt.name, &d, &found)
            && found;
    case NAERING_ROUTE_IMAGE:
        return !naering_store_image(db, p, rt.id, &im, &found) && found
            && !im.trashed;
    case NAERING_ROUTE_NOT_FOUND:
        return 0;
    default:
        return 1;               /* search, feed, sitemap, assets, editor */
    }
}

naering_err *naering_store_subtree(naering_db *db, apr_pool_t *p,
                                  sqlite3_int64 page,
                                  apr_array_header_t **pages)
{
    return naering_subtree(db, p, page, pages);
}

/* ---- after a move ------------------------------------------------------------ */

naering_err *naering_store_relink(naering_db *db, apr_pool_t *p,
                                  const char *base, const char *old_path,
                                  const char *new_path, int *count)
{
    const char *from = naering_link_normal(p, naering_url_page(p, base,
                                                               old_path));
    const char *to = naering_url_page(p, base, new_path);
    const char *moved = old_path;
    apr_array_header_t *in;
    naering_err *e = naering_store_linked_from(db, p, from, NULL, &in);
    int i, found, changed;

    *count = 0;
    for (i = 0; !e && i < in->nelts; i++) {
        naering_page pg;
        naering_page_fields *f;
        sqlite3_int64 rev = 0;
        const char *body;
        if ((e = naering_store_page(db, p, APR_ARRAY_IDX(in, i,
                                    naering_entry).path, &pg, &found))
            || !found)
            continue;
        body = naering_xhtml_relink(p, pg.body, from, to, &changed);
        if (!changed)
            continue;
        f = naering_store_fields_of(p, &pg);
        f->body = body;
        f->menu = NAERING_MENU_KEEP;
        f->comment = apr_psprintf(p, "Lenker oppdatert: %s flyttet til %s",
                                  moved, to);
        /* A save in between wins; its links are rewritten next time. */
        e = naering_store_save(db, p, pg.id, pg.revision, f, "naering", &rev);
        if (e && e->status == 409)
            e = NULL;
        else if (!e)
            (*count)++;
    }
    return e;
}
