/*
 * The store's page moves: a page and everything below it get new paths,
 * and every old path is kept in path_history so that it answers 301.
 * One transaction (naering_begin ... naering_finish), in which the guard
 * is asked about the new parent and about every page that moves, where it
 * is and where it goes, before anything changes.
 */
#include <string.h>
#include <apr_strings.h>
#include "store/internal.h"

/* A page and everything below it: path = :old or starts with :old/ */
static const char SQL_MOVE_HISTORY[] =
    "INSERT OR REPLACE INTO path_history (path, page_id, moved_at)"
    " SELECT path, id, CAST(strftime('%s', 'now') AS INTEGER) FROM page"
    "  WHERE deleted_at IS NULL AND (path = :old"
    "    OR substr(path, 1, length(:old) + 1) = :old || '/')";

static const char SQL_MOVE_PAGE[] =
    "UPDATE page SET parent_id = :parent, slug = :slug,"
    "  position = (SELECT coalesce(max(position), 0) + 1 FROM page"
    "               WHERE parent_id = :parent AND id != :id)"
    " WHERE id = :id";

static const char SQL_MOVE_PATHS[] =
    "UPDATE page SET path = :new || substr(path, length(:old) + 1)"
    " WHERE deleted_at IS NULL AND (path = :old"
    "    OR substr(path, 1, length(:old) + 1) = :old || '/')";

static naering_err *naering_move_check(apr_pool_t *p, const char *old,
                                       sqlite3_int64 id, const char *parent,
                                       const char *slug, const char *new_path,
                                       sqlite3_int64 taken)
{
    size_t n = strlen(old);

    if (id <= 0)
        return naering_err_make(p, 404, "no page at %s", old);
    if (strcmp(old, "/") == 0)
        return naering_err_make(p, 400, "the front page cannot move");
    if (!naering_slug_usable(parent, slug))
        return naering_err_make(p, 400, "not a valid address: %s", slug);
    if (strncmp(new_path, old, n) == 0 && new_path[n] == '/')
        return naering_err_make(p, 400, "%s cannot move below itself", old);
    if (strcmp(new_path, old) != 0 && taken > 0)
        return naering_err_make(p, 409, "a page already exists at %s",
                                new_path);
    return NULL;
}

static naering_err *naering_move_rows(naering_db *db, apr_pool_t *p,
                                      const char *old, const char *new_path,
                                      sqlite3_int64 id, sqlite3_int64 parent,
                                      const char *slug)
{
    sqlite3_stmt *h = naering_stmt(db, SQL_MOVE_HISTORY);
    sqlite3_stmt *u = naering_stmt(db, SQL_MOVE_PATHS);
    sqlite3_stmt *m = naering_stmt(db, SQL_MOVE_PAGE);

    if (!h || !u || !m || naering_bind_text(h, ":old", old)
        || naering_step_write(db, h) < 0
        || naering_bind_text(u, ":old", old)
        || naering_bind_text(u, ":new", new_path)
        || naering_step_write(db, u) < 0
        || naering_bind_int(m, ":parent", parent)
        || naering_bind_text(m, ":slug", slug) || naering_bind_int(m, ":id", id)
        || naering_step_write(db, m) < 0)
        return naering_db_err(db, p, "move");
    return NULL;
}

/* The guard's say on the new parent and on the subtree at old and new. */
static naering_err *naering_move_guard(naering_db *db, apr_pool_t *p,
                                       const naering_guard *guard,
                                       sqlite3_int64 id, const char *old,
                                       const char *new_parent,
                                       const char *new_path)
{
    apr_array_header_t *pages;
    naering_err *e;

    if (!guard)
        return NULL;
    if (!guard->may(guard->ctx, new_parent, NULL))
        return naering_err_make(p, 403, "may not move pages below %s",
                                new_parent);
    if ((e = naering_subtree(db, p, id, &pages)))
        return e;
    return naering_guard_pages(p, guard, pages, old, new_path);
}

naering_err *naering_store_move(naering_db *db, apr_pool_t *p,
                                const char *path, const char *new_parent,
                                const char *slug, const naering_guard *guard,
                                const char **new_path)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_int64 id = 0, parent = 0, taken = 0;

    *new_path = apr_pstrcat(p, strcmp(new_parent, "/") ? new_parent : "",
                            "/", slug, NULL);
    if (!e && !(e = naering_page_id(db, p, path, &id))
        && !(e = naering_page_id(db, p, new_parent, &parent)))
        e = naering_page_id(db, p, *new_path, &taken);
    if (!e && parent <= 0)
        e = naering_err_make(p, 404, "no page at %s", new_parent);
    if (!e)
        e = naering_move_check(p, path, id, new_parent, slug, *new_path,
                               taken);
    if (!e)
        e = naering_move_guard(db, p, guard, id, path, new_parent, *new_path);
    if (!e)
        e = naering_move_rows(db, p, path, *new_path, id, parent, slug);
    if (!e)     /* below a draft now, or no longer */
        e = naering_settle(db, p, id, 0);
    return naering_finish(db, p, e);
}
