/*
 * Translations: pages that say the same in other languages, linked so
 * each can point to the others (hreflang) and offer a language switch.
 * A group is named by the id of one of its pages; linking two pages joins
 * their groups, unlinking takes one page out, and a group of one goes.
 */
#include "store/internal.h"

/* Every live page of the group page is in, itself included, with its
 * language ('' the site's) and whether the public can see it. */
static const char SQL_TRANSLATIONS[] =
    "SELECT p.id, p.path, r.title, r.lang, p.hidden"
    "  FROM translation me JOIN translation t ON t.grp = me.grp"
    "  JOIN page p ON p.id = t.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE me.page_id = :id AND p.deleted_at IS NULL"
    " ORDER BY p.id";

static const char SQL_GROUP_OF[] =
    "SELECT grp FROM translation WHERE page_id = :id";

static const char SQL_JOIN[] =
    "INSERT INTO translation (page_id, grp) VALUES (:id, :grp)"
    " ON CONFLICT (page_id) DO UPDATE SET grp = excluded.grp";

static const char SQL_REGROUP[] =
    "UPDATE translation SET grp = :grp WHERE grp = :old";

static const char SQL_LEAVE[] =
    "DELETE FROM translation WHERE page_id = :id";

/* A group left with one page is no group. */
static const char SQL_ALONE[] =
    "DELETE FROM translation WHERE grp IN"
    " (SELECT grp FROM translation GROUP BY grp HAVING count(*) < 2)";

static void naering_translation_row(apr_pool_t *p, sqlite3_stmt *st,
                                    void *out)
{
    naering_translation *t = out;

    t->id = sqlite3_column_int64(st, 0);
    t->path = naering_col(p, st, 1);
    t->title = naering_col(p, st, 2);
    t->lang = naering_col(p, st, 3);
    t->hidden = sqlite3_column_int(st, 4);
}

naering_err *naering_store_translations(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 page,
                                        apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_TRANSLATIONS, ":id", page,
                            naering_translation_row,
                            sizeof(naering_translation), out,
                            "translations");
}

/* The group of page, or 0. */
static naering_err *naering_group_of(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, sqlite3_int64 *grp)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_GROUP_OF);
    int found = 0;

    *grp = 0;
    if (!st || naering_bind_int(st, ":id", page))
        return naering_db_err(db, p, "translation group");
    return naering_one_row(db, p, st, naering_id_row, grp, &found,
                           "translation group");
}

static naering_err *naering_put(naering_db *db, apr_pool_t *p,
                                const char *sql, const char *a,
                                sqlite3_int64 va, const char *b,
                                sqlite3_int64 vb)
{
    sqlite3_stmt *st = naering_stmt(db, sql);

    if (!st || naering_bind_int(st, a, va) || (b && naering_bind_int(st, b, vb))
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "translations");
    return NULL;
}

naering_err *naering_store_translation_link(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            sqlite3_int64 other)
{
    sqlite3_int64 ga = 0, gb = 0;
    naering_err *e = naering_begin(db, p);

    if (!e && page == other)
        e = naering_err_make(p, 400, "a page is not its own translation");
    if (!e && !(e = naering_group_of(db, p, page, &ga)))
        e = naering_group_of(db, p, other, &gb);
    if (!e && !ga)
        ga = gb ? gb : page;
    if (!e && gb && gb != ga)       /* the other's group joins this one */
        e = naering_put(db, p, SQL_REGROUP, ":grp", ga, ":old", gb);
    if (!e)
        e = naering_put(db, p, SQL_JOIN, ":id", page, ":grp", ga);
    if (!e)
        e = naering_put(db, p, SQL_JOIN, ":id", other, ":grp", ga);
    return naering_finish(db, p, e);
}

naering_err *naering_store_translation_unlink(naering_db *db, apr_pool_t *p,
                                              sqlite3_int64 page)
{
    naering_err *e = naering_begin(db, p);

    if (!e)
        e = naering_put(db, p, SQL_LEAVE, ":id", page, NULL, 0);
    if (!e)
        e = naering_exec(db, p, SQL_ALONE);
    return naering_finish(db, p, e);
}
