/*
 * The store's editing: save a revision (refused when stale), create a
 * page, history, restore, trash and untrash, reorder, recent changes and
 * the site's CSRF secret.  Nothing is overwritten: every save inserts a
 * revision and moves the page's pointer; trash only sets deleted_at.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_general.h>
#include "store/internal.h"

static const char SQL_PAGE_HEAD[] =
    "SELECT id, revision_id, path FROM page"
    " WHERE id = :id AND deleted_at IS NULL";

static const char SQL_REVISION_INSERT[] =
    "INSERT INTO revision (page_id, created_at, author, author_name,"
    "  comment, title, summary, body, contact_name, contact_email,"
    "  contact_phone, lang, starts_at, ends_at, place, event_status)"
    " VALUES (:page, CAST(strftime('%s', 'now') AS INTEGER), :author,"
    "  :author_name, :comment, :title, :summary, :body, :cname, :cemail,"
    "  :cphone, :lang,"
    /* a news item without a date is dated by its first save */
    "  CASE WHEN :starts IS NULL AND (SELECT kind FROM page WHERE id = :page)"
    "    = 'news' THEN coalesce((SELECT starts_at FROM revision"
    "      WHERE id = (SELECT revision_id FROM page WHERE id = :page)),"
    "      CAST(strftime('%s', 'now') AS INTEGER)) ELSE :starts END,"
    "  :ends, :place, :estatus)";

/* :menu is a naering_menu_choice: 1 show, 2 hide, else as it is. */
static const char SQL_PAGE_POINT[] =
    "UPDATE page SET revision_id = :rev, status = :status,"
    /* news items and meetings are listed by their listing, never in the
     * menus (a year of news would fill them) */
    "  in_menu = CASE WHEN kind IN ('news', 'meeting') THEN 0"
    "    WHEN :menu = 1 THEN 1 WHEN :menu = 2 THEN 0 ELSE in_menu END,"
    /* an item stays what its listing made it */
    "  kind = CASE WHEN :kind IS NOT NULL"
    "    AND kind IN ('page', 'news-list', 'meeting-list') THEN :kind"
    "    ELSE kind END"
    " WHERE id = :id";

static const char SQL_PAGE_INSERT[] =
    "INSERT INTO page (parent_id, slug, path, position, status, created_at,"
    "  kind)"
    " VALUES (:parent, :slug, :path,"
    "  (SELECT coalesce(max(position), 0) + 1 FROM page"
    "    WHERE parent_id = :parent),"
    "  'draft', CAST(strftime('%s', 'now') AS INTEGER),"
    "  CASE (SELECT kind FROM page WHERE id = :parent)"
    "    WHEN 'news-list' THEN 'news' WHEN 'meeting-list' THEN 'meeting'"
    "    ELSE 'page' END)";

/* The last column: a scheduled text not (yet) live, by its schedule's
 * state (pending, failed, cancelled), or "". */
static const char SQL_REVISIONS[] =
    "SELECT r.id, r.created_at, r.author, r.comment, r.title,"
    "       coalesce((SELECT s.state FROM schedule s"
    "                  WHERE s.revision_id = r.id AND s.state != 'done'"
    "                  ORDER BY s.id DESC LIMIT 1), '')"
    "  FROM revision r WHERE r.page_id = :page ORDER BY r.id DESC";

static const char SQL_REVISION[] =
    "SELECT r.id, r.title, r.summary, r.body, r.contact_name,"
    "       r.contact_email, r.contact_phone, r.author, r.created_at,"
    "       r.comment, r.lang, coalesce(r.starts_at, 0),"
    "       coalesce(r.ends_at, 0), r.place, r.event_status"
    "  FROM revision r WHERE r.id = :rev AND r.page_id = :page";

/* A page and all below it, live: path = :path or starts with :path/. */
static const char SQL_TRASH[] =
    "UPDATE page SET deleted_at = CAST(strftime('%s', 'now') AS INTEGER)"
    " WHERE deleted_at IS NULL AND (path = :path"
    "   OR substr(path, 1, length(:path) + 1) = :path || '/')";

/* What the trash shows: deleted pages whose parent was not deleted with
 * them (a subtree appears once, by its top). */
static const char SQL_TRASHED[] =
    "SELECT p.id, p.path, r.title, r.summary, r.author, p.deleted_at"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    "  LEFT JOIN page up ON up.id = p.parent_id"
    " WHERE p.deleted_at IS NOT NULL"
    "   AND (up.deleted_at IS NULL OR up.deleted_at != p.deleted_at)"
    " ORDER BY p.deleted_at DESC, p.id";

static const char SQL_TRASHED_ONE[] =
    "SELECT p.path, p.deleted_at, up.deleted_at IS NULL"
    "  FROM page p JOIN page up ON up.id = p.parent_id"
    " WHERE p.id = :id AND p.deleted_at IS NOT NULL";

/* A restore collides when any page of the subtree has a live twin. */
static const char SQL_UNTRASH_CLASH[] =
    "SELECT count(*) FROM page d JOIN page l ON l.path = d.path"
    " WHERE d.deleted_at = :when AND l.deleted_at IS NULL"
    "   AND (d.path = :path OR substr(d.path, 1, length(:path) + 1)"
    "        = :path || '/')";

static const char SQL_UNTRASH[] =
    "UPDATE page SET deleted_at = NULL WHERE deleted_at = :when"
    "   AND (path = :path OR substr(path, 1, length(:path) + 1)"
    "        = :path || '/')";

/* What restoring a page from the trash brings back with it. */
static const char SQL_TRASHED_SUBTREE[] =
    "SELECT p.id, p.path, r.title, '', '', 0"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at = :when AND (p.path = :path"
    "   OR substr(p.path, 1, length(:path) + 1) = :path || '/')";

static const char SQL_SIBLINGS[] =
    "SELECT id FROM page WHERE parent_id ="
    "  (SELECT parent_id FROM page WHERE id = :id)"
    "   AND deleted_at IS NULL ORDER BY position, id";

static const char SQL_POSITION[] =
    "UPDATE page SET position = :pos WHERE id = :id";

static const char SQL_CHANGES[] =
    "SELECT r.id, p.id, p.path, r.title, r.author, r.created_at,"
    "       r.comment, p.status = 'draft', p.deleted_at IS NOT NULL,"
    "       coalesce((SELECT s.state FROM schedule s"
    "                  WHERE s.revision_id = r.id AND s.state != 'done'"
    "                  ORDER BY s.id DESC LIMIT 1), '')"
    "  FROM revision r JOIN page p ON p.id = r.page_id"
    " ORDER BY r.id DESC LIMIT :limit";

static const char SQL_SECRET[] =
    "SELECT value FROM setting WHERE key = 'csrf_secret'";

static const char SQL_SECRET_SET[] =
    "INSERT OR IGNORE INTO setting (key, value)"
    " VALUES ('csrf_secret', :value)";

/* ---- saving ------------------------------------------------------------ */

naering_page_fields *naering_store_fields_of(apr_pool_t *p,
                                             const naering_page *pg)
{
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));

    f->title = pg->title;
    f->summary = pg->summary;
    f->body = pg->body;
    f->contact_name = pg->contact_name;
    f->contact_email = pg->contact_email;
    f->contact_phone = pg->contact_phone;
    f->comment = "";
    f->draft = pg->draft;
    f->menu = pg->in_menu ? NAERING_MENU_SHOW : NAERING_MENU_HIDE;
    f->lang = pg->lang;
    f->starts = pg->starts;
    f->ends = pg->ends;
    f->place = pg->place;
    f->event_status = pg->event_status;
    return f;
}

typedef struct {
    sqlite3_int64 revision;
    const char *path;
} naering_head_row;

static void naering_head_read(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_head_row *h = out;

    h->revision = sqlite3_column_int64(st, 1);
    h->path = naering_col(p, st, 2);
}

/* The live page's current revision and path; revision 0 when there is
 * no such page. */
static naering_err *naering_head(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 id, naering_head_row *h)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_PAGE_HEAD);
    int found;

    h->revision = 0;
    h->path = NULL;
    if (!st || naering_bind_int(st, ":id", id))
        return naering_db_err(db, p, "page head");
    return naering_one_row(db, p, st, naering_head_read, h, &found,
                           "page head");
}

static int naering_bind_fields(sqlite3_stmt *st, const naering_page_fields *f)
{
    return naering_bind_text(st, ":comment", f->comment ? f->comment : "")
           || naering_bind_text(st, ":author_name",
                                f->author_name ? f->author_name : "")
           || naering_bind_text(st, ":title", f->title)
           || naering_bind_text(st, ":summary", f->summary)
           || naering_bind_text(st, ":body", f->body)
           || naering_bind_text(st, ":cname", f->contact_name)
           || naering_bind_text(st, ":cemail", f->contact_email)
           || naering_bind_text(st, ":cphone", f->contact_phone)
           || naering_bind_text(st, ":lang", f->lang ? f->lang : "")
           || naering_bind_time(st, ":starts", f->starts)
           || naering_bind_time(st, ":ends", f->ends)
           || naering_bind_text(st, ":place", f->place ? f->place : "")
           || naering_bind_text(st, ":estatus", f->event_status
                                                ? f->event_status
                                                : "planned");
}

/* Inserts a revision of page without pointing the page at it (a
 * scheduled change waits so). */
naering_err *naering_revision_insert(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     const naering_page_fields *f,
                                     const char *author, sqlite3_int64 *rev)
{
    sqlite3_stmt *ins = naering_stmt(db, SQL_REVISION_INSERT);

    if (!ins || naering_bind_int(ins, ":page", page)
        || naering_bind_text(ins, ":author", author)
        || naering_bind_fields(ins, f)
        || (*rev = naering_step_write(db, ins)) < 0)
        return naering_db_err(db, p, "saving a revision");
    return NULL;
}

/* Points the page at revision rev, with f's status, menu and kind. */
naering_err *naering_revision_point(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 rev,
                                    const naering_page_fields *f)
{
    sqlite3_stmt *pt = naering_stmt(db, SQL_PAGE_POINT);

    if (!pt || naering_bind_int(pt, ":rev", rev)
        || naering_bind_text(pt, ":status", f->draft ? "draft" : "published")
        || naering_bind_int(pt, ":menu", f->menu)
        || (f->kind ? naering_bind_text(pt, ":kind", f->kind)
                    : naering_bind_null(pt, ":kind"))
        || naering_bind_int(pt, ":id", page)
        || naering_step_write(db, pt) < 0)
        return naering_db_err(db, p, "saving a revision");
    return naering_settle(db, p, page, 0);
}

/* Inserts a revision and points the page at it, with its status. */
static naering_err *naering_put_revision(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page,
                                         const naering_page_fields *f,
                                         const char *author,
                                         sqlite3_int64 *rev)
{
    naering_err *e = naering_revision_insert(db, p, page, f, author, rev);

    return e ? e : naering_revision_point(db, p, page, *rev, f);
}

naering_err *naering_store_save(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 page, sqlite3_int64 base,
                                const naering_page_fields *f,
                                const char *author, sqlite3_int64 *rev)
{
    naering_err *e = naering_begin(db, p);
    naering_head_row head;
    sqlite3_int64 current;

    if (!e)
        e = naering_head(db, p, page, &head);
    if (e)
        return naering_finish(db, p, e);
    current = head.revision;
    if (current <= 0)
        e = naering_err_make(p, 404, "page %" APR_INT64_T_FMT " is gone",
                             (apr_int64_t)page);
    else if (current != base) {
        *rev = current;
        e = naering_err_make(p, 409, "page %" APR_INT64_T_FMT ": saved on "
                             "revision %" APR_INT64_T_FMT ", current is %"
                             APR_INT64_T_FMT, (apr_int64_t)page,
                             (apr_int64_t)base, (apr_int64_t)current);
    }
    else
        e = naering_put_revision(db, p, page, f, author, rev);
    if (!e && f->site_lang)
        e = naering_translation_settle(db, p, page, f->site_lang);
    return naering_finish(db, p, e);
}

/* Whether a page may be made at path below the page parent (its id). */
static naering_err *naering_create_check(apr_pool_t *p,
                                         const char *parent_path,
                                         sqlite3_int64 parent,
                                         const char *slug, const char *path,
                                         sqlite3_int64 taken)
{
    if (parent <= 0)
        return naering_err_make(p, 404, "no page at %s", parent_path);
    if (!naering_slug_usable(parent_path, slug))
        return naering_err_make(p, 400, "not a valid address: %s", slug);
    if (taken > 0)
        return naering_err_make(p, 409, "a page already exists at %s", path);
    return NULL;
}

naering_err *naering_store_create(naering_db *db, apr_pool_t *p,
                                  const char *parent_path, const char *slug,
                                  const naering_page_fields *f,
                                  const char *author,
                                  const naering_guard *guard,
                                  const char **path)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_PAGE_INSERT);
    sqlite3_int64 parent = 0, taken = 0, page = 0, rev;

    *path = apr_pstrcat(p, strcmp(parent_path, "/") ? parent_path : "", "/",
                        slug, NULL);
    if (!e && !(e = naering_page_id(db, p, parent_path, &parent)))
        e = naering_page_id(db, p, *path, &taken);
    if (!e)
        e = naering_create_check(p, parent_path, parent, slug, *path, taken);
    if (!e && guard && !guard->may(guard->ctx, *path, f->title))
        e = naering_err_make(p, 403, "may not create %s", *path);
    if (!e && (!st || naering_bind_int(st, ":parent", parent)
               || naering_bind_text(st, ":slug", slug)
               || naering_bind_text(st, ":path", *path)
               || (page = naering_step_write(db, st)) < 0))
        e = naering_db_err(db, p, "creating a page");
    if (!e)
        e = naering_put_revision(db, p, page, f, author, &rev);
    return naering_finish(db, p, e);
}

/* ---- history ----------------------------------------------------------- */

static void naering_history_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_revision *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->created = naering_col_time(st, 1);
    r->author = naering_col(p, st, 2);
    r->comment = naering_col(p, st, 3);
    r->title = naering_col(p, st, 4);
    r->scheduled = naering_col(p, st, 5);
}

naering_err *naering_store_revisions(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     apr_array_header_t **revs)
{
    return naering_rows_for(db, p, SQL_REVISIONS, ":page", page,
                            naering_history_row, sizeof(naering_revision),
                            revs, "history");
}

static void naering_revision_row(apr_pool_t *p, sqlite3_stmt *st, void *row)
{
    naering_page *out = row;

    out->revision = sqlite3_column_int64(st, 0);
    out->title = naering_col(p, st, 1);
    out->summary = naering_col(p, st, 2);
    out->body = naering_col(p, st, 3);
    out->contact_name = naering_col(p, st, 4);
    out->contact_email = naering_col(p, st, 5);
    out->contact_phone = naering_col(p, st, 6);
    out->author = naering_col(p, st, 7);
    out->updated = naering_col_time(st, 8);
    out->comment = naering_col(p, st, 9);
    out->lang = naering_col(p, st, 10);
    out->starts = sqlite3_column_int64(st, 11);
    out->ends = sqlite3_column_int64(st, 12);
    out->place = naering_col(p, st, 13);
    out->event_status = naering_col(p, st, 14);
}

naering_err *naering_store_revision(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 rev,
                                    naering_page *out, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_REVISION);

    *found = 0;
    if (!st || naering_bind_int(st, ":page", page)
        || naering_bind_int(st, ":rev", rev))
        return naering_db_err(db, p, "revision");
    return naering_one_row(db, p, st, naering_revision_row, out, found,
                           "revision");
}

/* ---- trash ------------------------------------------------------------- */

naering_err *naering_store_trash(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 page,
                                 const naering_guard *guard)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_TRASH);
    apr_array_header_t *pages;
    naering_head_row head;
    const char *path;

    if (!e)
        e = naering_head(db, p, page, &head);
    if (e)
        return naering_finish(db, p, e);
    path = head.path;
    if (head.revision <= 0)
        e = naering_err_make(p, 404, "no page %" APR_INT64_T_FMT,
                             (apr_int64_t)page);
    else if (strcmp(path, "/") == 0)
        e = naering_err_make(p, 400, "the front page cannot be deleted");
    else if (!(e = naering_subtree(db, p, page, &pages))
             && !(e = naering_guard_pages(p, guard, pages, path, NULL))) {
        /* The index loses every page that goes (reindex keeps only live
         * ones), so the list is read before they go. */
        if (!st || naering_bind_text(st, ":path", path)
            || naering_step_write(db, st) < 0)
            e = naering_db_err(db, p, "trash");
        else
            e = naering_reindex_all(db, p, pages);
    }
    return naering_finish(db, p, e);
}

naering_err *naering_store_trashed(naering_db *db, apr_pool_t *p,
                                   apr_array_header_t **pages)
{
    return naering_rows_for(db, p, SQL_TRASHED, NULL, 0, naering_entry_row,
                            sizeof(naering_entry), pages, "trash list");
}

/* Restores the subtree deleted together with the page, when its parent is
 * live, none of its paths has been taken since and the guard allows each
 * page that comes back. */
static naering_err *naering_untrash_rows(naering_db *db, apr_pool_t *p,
                                         const char *path,
                                         sqlite3_int64 when,
                                         const naering_guard *guard)
{
    sqlite3_stmt *c = naering_stmt(db, SQL_UNTRASH_CLASH);
    sqlite3_stmt *u = naering_stmt(db, SQL_UNTRASH);
    sqlite3_stmt *t = naering_stmt(db, SQL_TRASHED_SUBTREE);
    apr_array_header_t *pages;
    naering_err *e;
    int clash;

    if (!t || naering_bind_text(t, ":path", path)
        || naering_bind_int(t, ":when", when))
        return naering_db_err(db, p, "untrash");
    if ((e = naering_all_rows(db, p, t, naering_entry_row,
                              sizeof(naering_entry), &pages, "untrash"))
        || (e = naering_guard_pages(p, guard, pages, path, NULL)))
        return e;
    if (!c || !u || naering_bind_text(c, ":path", path)
        || naering_bind_int(c, ":when", when))
        return naering_db_err(db, p, "untrash");
    clash = sqlite3_step(c) == SQLITE_ROW ? sqlite3_column_int(c, 0) : -1;
    naering_stmt_done(c);
    if (clash != 0)
        return clash > 0 ? naering_err_make(p, 409, "a page now exists at "
                                            "%s", path)
                         : naering_db_err(db, p, "untrash");
    if (naering_bind_text(u, ":path", path) || naering_bind_int(u, ":when", when)
        || naering_step_write(db, u) < 0)
        return naering_db_err(db, p, "untrash");
    return NULL;
}

naering_err *naering_store_untrash(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page,
                                   const naering_guard *guard,
                                   const char **path)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_TRASHED_ONE);
    sqlite3_int64 when = 0;
    int parent_live = 0, rc;

    if (e)
        return e;
    if (!st || naering_bind_int(st, ":id", page))
        return naering_finish(db, p, naering_db_err(db, p, "untrash"));
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *path = naering_col(p, st, 0);
        when = sqlite3_column_int64(st, 1);
        parent_live = sqlite3_column_int(st, 2);
    }
    naering_stmt_done(st);
    if (rc != SQLITE_ROW)
        e = naering_err_make(p, 404, "page %" APR_INT64_T_FMT " is not in "
                             "the trash", (apr_int64_t)page);
    else if (!parent_live)
        e = naering_err_make(p, 409, "restore the page above %s first",
                             *path);
    else if (!(e = naering_untrash_rows(db, p, *path, when, guard)))
        e = naering_settle(db, p, page, 1);
    return naering_finish(db, p, e);
}

/* ---- order ------------------------------------------------------------- */

/* Moves a page one place up (delta -1) or down (+1) among its siblings,
 * renumbering them 1..n so equal positions cannot tie. */
naering_err *naering_store_reorder(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page, int delta)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *sib = naering_stmt(db, SQL_SIBLINGS);
    sqlite3_stmt *pos = naering_stmt(db, SQL_POSITION);

    if (!e && (!sib || !pos || naering_bind_int(sib, ":id", page)))
        e = naering_db_err(db, p, "reorder");
    if (!e)
        e = naering_move_in_list(db, p, sib, pos, page, delta);
    return naering_finish(db, p, e);
}

/* ---- recent changes and the CSRF secret --------------------------------- */

static void naering_change_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_change *c = out;

    c->revision = sqlite3_column_int64(st, 0);
    c->page = sqlite3_column_int64(st, 1);
    c->path = naering_col(p, st, 2);
    c->title = naering_col(p, st, 3);
    c->author = naering_col(p, st, 4);
    c->created = naering_col_time(st, 5);
    c->comment = naering_col(p, st, 6);
    c->draft = sqlite3_column_int(st, 7);
    c->deleted = sqlite3_column_int(st, 8);
    c->scheduled = naering_col(p, st, 9);
}

naering_err *naering_store_changes(naering_db *db, apr_pool_t *p, int limit,
                                   apr_array_header_t **changes)
{
    return naering_rows_for(db, p, SQL_CHANGES, ":limit", limit,
                            naering_change_row, sizeof(naering_change),
                            changes, "recent changes");
}

static const char *naering_secret_read(naering_db *db, apr_pool_t *p)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SECRET);
    const char *v = NULL;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = naering_col(p, st, 0);
    if (st)
        naering_stmt_done(st);
    return v;
}

/* The site's secret for CSRF tokens: 32 random bytes made on first use
 * and kept in the database, so every process and restart agrees. */
naering_err *naering_store_secret(naering_db *db, apr_pool_t *p,
                                  const char **secret)
{
    unsigned char raw[32];
    sqlite3_stmt *st;
    char hex[65];
    int i;

    if ((*secret = naering_secret_read(db, p)))
        return NULL;
    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS)
        return naering_err_make(p, 503, "no random bytes for the secret");
    for (i = 0; i < 32; i++)
        apr_snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    st = naering_stmt(db, SQL_SECRET_SET);
    if (!st || naering_bind_text(st, ":value", hex)
        || naering_step_write_any(db, st) < 0)
        return naering_db_err(db, p, "storing the secret");
    *secret = naering_secret_read(db, p);
    return *secret ? NULL : naering_db_err(db, p, "reading the secret");
}
