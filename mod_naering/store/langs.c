/*
 * Translations: pages that say the same in other languages, linked so
 * each can point to the others (hreflang) and offer a language switch.
 * A group has an id of its own, never used again; linking two pages joins
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

/* A group's id is never used again: one a page left may still name
 * others. */
static const char SQL_NEW_GROUP[] =
    "SELECT coalesce(max(grp), 0) + 1 FROM translation";

static const char SQL_JOIN[] =
    "INSERT INTO translation (page_id, grp) VALUES (:id, :grp)"
    " ON CONFLICT (page_id) DO UPDATE SET grp = excluded.grp";

static const char SQL_REGROUP[] =
    "UPDATE translation SET grp = :grp WHERE grp = :old";

static const char SQL_LEAVE[] =
    "DELETE FROM translation WHERE page_id = :id";

/* Languages held twice in a group ('' is the site's, :site). */
static const char SQL_CLASH[] =
    "SELECT count(*) FROM (SELECT CASE r.lang WHEN '' THEN :site"
    "  ELSE r.lang END AS l FROM translation t"
    "  JOIN page p ON p.id = t.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE t.grp = :grp AND p.deleted_at IS NULL"
    " GROUP BY l HAVING count(*) > 1)";

/* Other live pages of page's group in page's language ('' the site's). */
static const char SQL_LANG_TAKEN[] =
    "SELECT count(*) FROM translation me"
    "  JOIN page mp ON mp.id = me.page_id"
    "  JOIN revision mr ON mr.id = mp.revision_id"
    "  JOIN translation t ON t.grp = me.grp AND t.page_id != me.page_id"
    "  JOIN page p ON p.id = t.page_id AND p.deleted_at IS NULL"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE me.page_id = :id"
    "   AND (r.lang = mr.lang"
    "        OR CASE r.lang WHEN '' THEN :site ELSE r.lang END"
    "           = CASE mr.lang WHEN '' THEN :site ELSE mr.lang END)";

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

static naering_err *naering_new_group(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 *grp)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_NEW_GROUP);
    int found = 0;

    if (!st)
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

/* 409 when the group holds a language twice: hreflang names one page per
 * language.  Inside the link's transaction, so two links at once cannot
 * both pass. */
static naering_err *naering_clash(naering_db *db, apr_pool_t *p,
                                  sqlite3_int64 grp, const char *site)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_CLASH);
    sqlite3_int64 twice = 0;
    int found = 0;
    naering_err *e;

    if (!st || naering_bind_int(st, ":grp", grp)
        || naering_bind_text(st, ":site", site))
        return naering_db_err(db, p, "translations");
    e = naering_one_row(db, p, st, naering_id_row, &twice, &found,
                        "translations");
    return e ? e : twice ? naering_err_make(p, 409, "a translation group "
                                            "would hold a language twice")
                         : NULL;
}

naering_err *naering_store_translation_link(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            sqlite3_int64 other,
                                            const char *site_lang)
{
    sqlite3_int64 ga = 0, gb = 0;
    naering_err *e = naering_begin(db, p);

    if (!e && page == other)
        e = naering_err_make(p, 400, "a page is not its own translation");
    if (!e && !(e = naering_group_of(db, p, page, &ga)))
        e = naering_group_of(db, p, other, &gb);
    if (!e && !ga && gb)
        ga = gb;
    else if (!e && !ga)
        e = naering_new_group(db, p, &ga);
    if (!e && gb && gb != ga)       /* the other's group joins this one */
        e = naering_put(db, p, SQL_REGROUP, ":grp", ga, ":old", gb);
    if (!e)
        e = naering_put(db, p, SQL_JOIN, ":id", page, ":grp", ga);
    if (!e)
        e = naering_put(db, p, SQL_JOIN, ":id", other, ":grp", ga);
    if (!e)
        e = naering_clash(db, p, ga, site_lang);
    return naering_finish(db, p, e);
}

naering_err *naering_translation_settle(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       const char *site_lang)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_LANG_TAKEN);
    sqlite3_int64 taken = 0;
    int found = 0;
    naering_err *e;

    if (!st || naering_bind_int(st, ":id", page)
        || naering_bind_text(st, ":site", site_lang))
        return naering_db_err(db, p, "translations");
    if ((e = naering_one_row(db, p, st, naering_id_row, &taken, &found,
                             "translations")) || !taken)
        return e;
    e = naering_put(db, p, SQL_LEAVE, ":id", page, NULL, 0);
    return e ? e : naering_exec(db, p, SQL_ALONE);
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
