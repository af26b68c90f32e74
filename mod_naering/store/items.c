/*
 * News items and meetings: the public lists of a listing page and the
 * front page's latest.  "Now" is the caller's (the tick's test clock in
 * tests): whether a meeting is upcoming depends on it, and the tick bumps
 * the generation when a meeting starts or ends, so no cached listing
 * outlives it.
 */
#include <apr_strings.h>
#include "store/internal.h"

#define NAERING_ITEM_COLS \
    "SELECT p.id, p.path, r.title, r.summary, p.kind," \
    "       coalesce(r.starts_at, 0), coalesce(r.ends_at, 0), r.place," \
    "       r.event_status, " NAERING_SEQUENCE "," \
    "       p.kind = 'meeting'" \
    "         AND coalesce(r.ends_at, r.starts_at) >= :now," \
    "       r.created_at, r.author_name, r.body" \
    "  FROM page p JOIN revision r ON r.id = p.revision_id"

/* A news item shows from its date on, as on the front page (the tick
 * bumps the generation when one comes due); a meeting shows at once. */
#define NAERING_ITEM_DUE \
    "(p.kind != 'news' OR coalesce(r.starts_at, 0) <= :now)"

static const char SQL_ITEMS[] =
    NAERING_ITEM_COLS
    " WHERE p.parent_id = :listing AND p.deleted_at IS NULL"
    "   AND p.hidden = 0 AND p.kind IN ('news', 'meeting')"
    "   AND " NAERING_ITEM_DUE
    " ORDER BY 11 DESC,"
    "   CASE WHEN p.kind = 'meeting'"
    "     AND coalesce(r.ends_at, r.starts_at) >= :now"
    "     THEN r.starts_at END ASC,"
    "   r.starts_at DESC, p.id DESC"
    " LIMIT :limit OFFSET :offset";

static const char SQL_ITEMS_COUNT[] =
    "SELECT count(*) FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.parent_id = :listing"
    "   AND p.deleted_at IS NULL AND p.hidden = 0"
    "   AND p.kind IN ('news', 'meeting') AND " NAERING_ITEM_DUE;

static const char SQL_LATEST_NEWS[] =
    NAERING_ITEM_COLS
    " WHERE p.kind = 'news' AND p.deleted_at IS NULL AND p.hidden = 0"
    "   AND r.starts_at <= :now"
    " ORDER BY r.starts_at DESC, p.id DESC LIMIT :limit";

static const char SQL_NEXT_MEETING[] =
    NAERING_ITEM_COLS
    " WHERE p.kind = 'meeting' AND p.deleted_at IS NULL AND p.hidden = 0"
    "   AND r.event_status != 'cancelled'"
    "   AND coalesce(r.ends_at, r.starts_at) >= :now"
    " ORDER BY r.starts_at, p.id LIMIT 1";

static void naering_item_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_item *it = out;

    it->id = sqlite3_column_int64(st, 0);
    it->path = naering_col(p, st, 1);
    it->title = naering_col(p, st, 2);
    it->summary = naering_col(p, st, 3);
    it->kind = naering_col(p, st, 4);
    it->starts = sqlite3_column_int64(st, 5);
    it->ends = sqlite3_column_int64(st, 6);
    it->place = naering_col(p, st, 7);
    it->event_status = naering_col(p, st, 8);
    it->sequence = sqlite3_column_int(st, 9);
    it->upcoming = sqlite3_column_int(st, 10);
    it->updated = sqlite3_column_int64(st, 11);
    it->author_name = naering_col(p, st, 12);
    it->body = naering_col(p, st, 13);
}

static naering_err *naering_items_count(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 listing,
                                        apr_int64_t now, int *total)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_ITEMS_COUNT);
    sqlite3_int64 n = 0;
    int found;
    naering_err *e;

    if (!st || naering_bind_int(st, ":listing", listing)
        || naering_bind_int(st, ":now", now))
        return naering_db_err(db, p, "items");
    e = naering_one_row(db, p, st, naering_id_row, &n, &found, "items");
    *total = (int)n;
    return e;
}

naering_err *naering_store_items(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 listing, apr_int64_t now,
                                 int limit, int offset,
                                 apr_array_header_t **out, int *total)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_ITEMS);

    *out = apr_array_make(p, 1, sizeof(naering_item));
    if (!st || naering_bind_int(st, ":listing", listing)
        || naering_bind_int(st, ":now", now)
        || naering_bind_int(st, ":limit", limit)
        || naering_bind_int(st, ":offset", offset))
        return naering_db_err(db, p, "items");
    {
        naering_err *e = naering_items_count(db, p, listing, now,
                                                 total);
        return e ? e : naering_all_rows(db, p, st, naering_item_row,
                                        sizeof(naering_item), out, "items");
    }
}

naering_err *naering_store_latest(naering_db *db, apr_pool_t *p,
                                  apr_int64_t now, int limit,
                                  apr_array_header_t **news,
                                  apr_array_header_t **next)
{
    sqlite3_stmt *n = naering_stmt(db, SQL_LATEST_NEWS);
    sqlite3_stmt *m = naering_stmt(db, SQL_NEXT_MEETING);
    naering_err *e;

    *news = apr_array_make(p, 1, sizeof(naering_item));
    *next = apr_array_make(p, 1, sizeof(naering_item));
    if (!n || !m || naering_bind_int(n, ":limit", limit)
        || naering_bind_int(n, ":now", now)
        || naering_bind_int(m, ":now", now))
        return naering_db_err(db, p, "latest");
    e = naering_all_rows(db, p, n, naering_item_row, sizeof(naering_item),
                         news, "latest news");
    return e ? e : naering_all_rows(db, p, m, naering_item_row,
                                    sizeof(naering_item), next,
                                    "next meeting");
}
