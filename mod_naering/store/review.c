/*
 * Review dates: when a page should next be read through, and by whom.
 * A page's next review is its own date when an editor set one, else its
 * last save plus the site's interval (setting review_months, 12 unless
 * changed).  "Gjennomgått" records a review as a revision with the same
 * text, so the history shows who read it when, and the next date moves on
 * from it.  News items and meetings are dated by nature and not listed.
 */
#include <apr_strings.h>
#include "store/internal.h"

/* The next review of the page p with current revision r, Unix seconds. */

static const char SQL_REVIEW_DUE[] =
    "SELECT p.id, p.path, r.title, " NAERING_REVIEW_DUE ", p.review_by,"
    "       r.author, r.created_at"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at IS NULL AND p.kind NOT IN ('news', 'meeting')"
    "   AND " NAERING_REVIEW_DUE " <= :until"
    " ORDER BY 4, p.id";

static const char SQL_REVIEW_SET[] =
    "UPDATE page SET review_at = :at, review_by = :by"
    " WHERE id = :id AND deleted_at IS NULL";

/* After a review the next date follows from it (the interval). */
static const char SQL_REVIEW_CLEAR[] =
    "UPDATE page SET review_at = NULL WHERE id = :id";

static void naering_review_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_review *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->path = naering_col(p, st, 1);
    r->title = naering_col(p, st, 2);
    r->due = sqlite3_column_int64(st, 3);
    r->by = naering_col(p, st, 4);
    r->author = naering_col(p, st, 5);
    r->changed = sqlite3_column_int64(st, 6);
}

naering_err *naering_store_review_due(naering_db *db, apr_pool_t *p,
                                      apr_int64_t until,
                                      apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_REVIEW_DUE, ":until", until,
                            naering_review_row, sizeof(naering_review), out,
                            "reviews due");
}

naering_err *naering_store_review_set(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page, apr_int64_t at,
                                      const char *by)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_REVIEW_SET);

    if (!e && (!st || naering_bind_time(st, ":at", at)
               || naering_bind_text(st, ":by", by)
               || naering_bind_int(st, ":id", page)
               || naering_step_write(db, st) < 0))
        e = naering_db_err(db, p, "review date");
    return naering_finish(db, p, e);
}

/* The text recorded is the page's as it is inside the transaction, not
 * as the editor's request loaded it: a save made meanwhile stays. */
naering_err *naering_store_reviewed(naering_db *db, apr_pool_t *p,
                                    const naering_page *given,
                                    const char *author)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_REVIEW_CLEAR);
    naering_page pg;
    int found = 0;

    if (!e && !(e = naering_store_page(db, p, given->path, &pg, &found))
        && (!found || pg.id != given->id))
        e = naering_err_make(p, 404, "%s is gone", given->path);
    if (e)
        return naering_finish(db, p, e);
    e = naering_same_text(db, p, &pg, pg.draft, "Gjennomgått", author);
    if (!e && (!st || naering_bind_int(st, ":id", pg.id)
               || naering_step_write(db, st) < 0))
        e = naering_db_err(db, p, "review");
    return naering_finish(db, p, e);
}
