/*
 * Every page's current text, for the checks that run over the whole site
 * (naering-admin a11y, the editor's "Tilgjengelighet"): the live pages,
 * drafts included and marked, as their current revision has them.  One
 * query, in path order; the caller checks each body (text/a11y.c).
 */
#include "store/internal.h"

static const char SQL_BODIES[] =
    "SELECT p.id, p.path, r.title, r.body, p.status = 'draft'"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at IS NULL"
    " ORDER BY p.path";

static void naering_body_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_page_body *b = out;

    b->id = sqlite3_column_int64(st, 0);
    b->path = naering_col(p, st, 1);
    b->title = naering_col(p, st, 2);
    b->body = naering_col(p, st, 3);
    b->draft = sqlite3_column_int(st, 4);
}

naering_err *naering_store_bodies(naering_db *db, apr_pool_t *p,
                                  apr_array_header_t **pages)
{
    return naering_rows_for(db, p, SQL_BODIES, NULL, 0, naering_body_row,
                            sizeof(naering_page_body), pages, "page texts");
}
