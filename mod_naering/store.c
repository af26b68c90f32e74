/*
 * The only file that speaks SQL.  One naering_db is one SQLite connection
 * with its prepared statements; it is used by one thread at a time (the
 * site pool in site.c hands it out), so it is opened SQLITE_OPEN_NOMUTEX.
 *
 * No Apache here: naering-admin and the unit tests link this file too.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "naering.h"

/* Every statement the module runs, prepared once per connection. */
typedef enum {
    ST_PAGE,
    ST_MENU,
    ST_CRUMBS,
    ST_DOCUMENTS,
    ST_DOCUMENT,
    ST_PAGE_ID,
    ST_DOC_INSERT,
    ST_DOCVER_INSERT,
    ST_DOC_SET_VERSION,
    ST_GENERATION_BUMP,
    ST_COUNT
} naering_stmt_id;

static const char *const naering_sql[ST_COUNT] = {
    [ST_PAGE] =
        "SELECT p.id, coalesce(p.parent_id, 0), r.id, p.path, r.title,"
        "       r.summary, r.body, r.contact_name, r.contact_email,"
        "       r.contact_phone, r.author, r.created_at, p.status = 'draft'"
        "  FROM page p JOIN revision r ON r.id = p.revision_id"
        " WHERE p.path = :path AND p.deleted_at IS NULL",
    /* The top level plus the children of the current page and of each of
     * its ancestors: what a menu with the current branch open shows. */
    [ST_MENU] =
        "WITH RECURSIVE anc(id) AS ("
        "  SELECT :current UNION"
        "  SELECT id FROM page WHERE parent_id IS NULL UNION"
        "  SELECT p.parent_id FROM page p JOIN anc ON p.id = anc.id"
        "   WHERE p.parent_id IS NOT NULL)"
        "SELECT p.id, p.parent_id, p.path, r.title"
        "  FROM page p JOIN revision r ON r.id = p.revision_id"
        " WHERE p.parent_id IN (SELECT id FROM anc)"
        "   AND p.deleted_at IS NULL AND p.status = 'published'"
        " ORDER BY p.parent_id, p.position, r.title",
    [ST_CRUMBS] =
        "WITH RECURSIVE anc(id, depth) AS ("
        "  SELECT :page, 0 UNION ALL"
        "  SELECT p.parent_id, anc.depth + 1 FROM page p JOIN anc"
        "    ON p.id = anc.id WHERE p.parent_id IS NOT NULL)"
        "SELECT p.id, coalesce(p.parent_id, 0), p.path, r.title"
        "  FROM anc JOIN page p ON p.id = anc.id"
        "  JOIN revision r ON r.id = p.revision_id"
        " ORDER BY anc.depth DESC",
    [ST_DOCUMENTS] =
        "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
        "       v.created_at"
        "  FROM document d JOIN document_version v ON v.id = d.version_id"
        " WHERE d.page_id = :page AND d.deleted_at IS NULL"
        " ORDER BY d.position, d.id",
    [ST_DOCUMENT] =
        "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
        "       v.created_at"
        "  FROM document d JOIN document_version v ON v.id = d.version_id"
        " WHERE d.page_id = :page AND d.filename = :filename"
        "   AND d.deleted_at IS NULL",
    [ST_PAGE_ID] =
        "SELECT id FROM page WHERE path = :path AND deleted_at IS NULL",
    [ST_DOC_INSERT] =
        "INSERT INTO document (page_id, filename, title, position)"
        " VALUES (:page, :filename, :title,"
        "  (SELECT coalesce(max(position), 0) + 1 FROM document"
        "    WHERE page_id = :page))",
    [ST_DOCVER_INSERT] =
        "INSERT INTO document_version"
        " (document_id, sha256, size, mime, created_at, author)"
        " VALUES (:doc, :sha256, :size, :mime,"
        "  CAST(strftime('%s', 'now') AS INTEGER), :author)",
    [ST_DOC_SET_VERSION] =
        "UPDATE document SET version_id = :version WHERE id = :doc",
    [ST_GENERATION_BUMP] =
        "UPDATE setting SET value = value + 1 WHERE key = 'generation'",
};

struct naering_db {
    sqlite3 *h;
    const char *path;
    sqlite3_stmt *stmt[ST_COUNT];
};

/* Migrations compiled in from sql/NNN_*.sql (migrations.c, generated). */
extern const char *const naering_migrations[];
extern const int naering_migration_count;

int naering_store_schema_version(void)
{
    return naering_migration_count;
}

sqlite3 *naering_store_handle(naering_db *db)
{
    return db->h;
}

static naering_err *naering_db_err(naering_db *db, apr_pool_t *p,
                                   const char *what)
{
    int rc = sqlite3_errcode(db->h);
    int status = 500;

    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_READONLY
        || rc == SQLITE_CANTOPEN || rc == SQLITE_FULL || rc == SQLITE_IOERR)
        status = 503;
    return naering_err_make(p, status, "%s: %s: %s (SQLite %d)", db->path,
                            what, sqlite3_errmsg(db->h), rc);
}

/* ---- statements and named parameters ----------------------------------- */

static sqlite3_stmt *naering_stmt(naering_db *db, naering_stmt_id id)
{
    if (!db->stmt[id]
        && sqlite3_prepare_v3(db->h, naering_sql[id], -1,
                              SQLITE_PREPARE_PERSISTENT, &db->stmt[id],
                              NULL) != SQLITE_OK)
        return NULL;
    return db->stmt[id];
}

static void naering_stmt_done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Binding an unknown name is a programming error: fail loudly. */
static int naering_param(sqlite3_stmt *st, const char *name)
{
    int i = sqlite3_bind_parameter_index(st, name);
    return i > 0 ? i : -1;
}

static int naering_bind_text(sqlite3_stmt *st, const char *name,
                             const char *v)
{
    int i = naering_param(st, name);
    return i < 0 ? SQLITE_RANGE
                 : sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static int naering_bind_int(sqlite3_stmt *st, const char *name,
                            sqlite3_int64 v)
{
    int i = naering_param(st, name);
    return i < 0 ? SQLITE_RANGE : sqlite3_bind_int64(st, i, v);
}

static const char *naering_col(apr_pool_t *p, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return apr_pstrdup(p, t ? (const char *)t : "");
}

static apr_time_t naering_col_time(sqlite3_stmt *st, int i)
{
    return apr_time_from_sec(sqlite3_column_int64(st, i));
}

/* ---- open, harden, migrate --------------------------------------------- */

static naering_err *naering_exec(naering_db *db, apr_pool_t *p,
                                 const char *sql)
{
    char *msg = NULL;
    naering_err *e = NULL;

    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK)
        e = naering_err_make(p, 500, "%s: %s: %s", db->path, sql,
                             msg ? msg : sqlite3_errmsg(db->h));
    sqlite3_free(msg);
    return e;
}

/* Fossil's hardening: no schema tricks from a hostile file, no "x" as a
 * string literal, writes to the schema only through the module. */
static void naering_harden(sqlite3 *h)
{
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_busy_timeout(h, 5000);
}

static naering_err *naering_user_version(naering_db *db, apr_pool_t *p,
                                         int *version)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_OK) {
        if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
            return naering_err_make(p, 500, "%s: not a SQLite database or "
                                    "corrupt: %s", db->path,
                                    sqlite3_errmsg(db->h));
        return naering_db_err(db, p, "reading the schema version");
    }
    return NULL;
}

/* Applies the missing migrations in one IMMEDIATE transaction, re-reading
 * the version inside it so that two processes never both migrate. */
static naering_err *naering_migrate(naering_db *db, apr_pool_t *p)
{
    naering_err *e;
    int v, i;

    if ((e = naering_user_version(db, p, &v)))
        return e;
    if (v > naering_migration_count)
        return naering_err_make(p, 503, "%s: schema version %d is newer than "
                                "this mod_naering knows (%d): upgrade the "
                                "module", db->path, v, naering_migration_count);
    if (v == naering_migration_count)
        return NULL;
    if ((e = naering_exec(db, p, "BEGIN IMMEDIATE")))
        return e;
    e = naering_user_version(db, p, &v);
    for (i = v; !e && i < naering_migration_count; i++)
        e = naering_exec(db, p, naering_migrations[i]);
    if (!e)
        e = naering_exec(db, p, apr_psprintf(p, "PRAGMA user_version = %d",
                                             naering_migration_count));
    if (!e)
        return naering_exec(db, p, "COMMIT");
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

naering_err *naering_store_open(apr_pool_t *p, const char *path,
                                naering_db **out)
{
    naering_db *db = calloc(1, sizeof(*db));
    naering_err *e;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                | SQLITE_OPEN_NOMUTEX;
    int version;

    *out = NULL;
    if (!db)
        return naering_err_make(p, 503, "%s: out of memory", path);
    db->path = strdup(path);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        e = naering_err_make(p, 503, "%s: cannot open: %s (does the directory "
                             "exist, and may the Apache user write it?)",
                             path, db->h ? sqlite3_errmsg(db->h) : "no memory");
        naering_store_close(db);
        return e;
    }
    naering_harden(db->h);
    /* Reading the version first tells a corrupt file from an I/O problem
     * before anything is written. */
    e = naering_user_version(db, p, &version);
    if (!e)
        e = naering_exec(db, p, "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = FULL;"
                                "PRAGMA foreign_keys = ON");
    if (!e)
        e = naering_migrate(db, p);
    if (e) {
        naering_store_close(db);
        return e;
    }
    *out = db;
    return NULL;
}

void naering_store_close(naering_db *db)
{
    int i;

    if (!db)
        return;
    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(db->stmt[i]);
    sqlite3_close_v2(db->h);
    free((char *)db->path);
    free(db);
}

/* ---- reads ------------------------------------------------------------- */

naering_err *naering_store_page(naering_db *db, apr_pool_t *p,
                                const char *path, naering_page *pg,
                                int *found)
{
    sqlite3_stmt *st = naering_stmt(db, ST_PAGE);
    int rc;

    *found = 0;
    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return naering_db_err(db, p, "page query");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        pg->id = sqlite3_column_int64(st, 0);
        pg->parent_id = sqlite3_column_int64(st, 1);
        pg->revision = sqlite3_column_int64(st, 2);
        pg->path = naering_col(p, st, 3);
        pg->title = naering_col(p, st, 4);
        pg->summary = naering_col(p, st, 5);
        pg->body = naering_col(p, st, 6);
        pg->contact_name = naering_col(p, st, 7);
        pg->contact_email = naering_col(p, st, 8);
        pg->contact_phone = naering_col(p, st, 9);
        pg->author = naering_col(p, st, 10);
        pg->updated = naering_col_time(st, 11);
        pg->draft = sqlite3_column_int(st, 12);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
           ? NULL : naering_db_err(db, p, "page query");
}

/* Runs a statement bound to one integer and collects (id, parent, path,
 * title) rows: menu and breadcrumbs share the row shape. */
static naering_err *naering_items(naering_db *db, apr_pool_t *p,
                                  naering_stmt_id id, const char *param,
                                  sqlite3_int64 value,
                                  apr_array_header_t **items)
{
    sqlite3_stmt *st = naering_stmt(db, id);
    int rc;

    *items = apr_array_make(p, 16, sizeof(naering_menu_item));
    if (!st || naering_bind_int(st, param, value) != SQLITE_OK)
        return naering_db_err(db, p, "menu query");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        naering_menu_item *it = apr_array_push(*items);
        it->id = sqlite3_column_int64(st, 0);
        it->parent_id = sqlite3_column_int64(st, 1);
        it->path = naering_col(p, st, 2);
        it->title = naering_col(p, st, 3);
    }
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, "menu query");
}

naering_err *naering_store_menu(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 current_id,
                                apr_array_header_t **items)
{
    return naering_items(db, p, ST_MENU, ":current", current_id, items);
}

naering_err *naering_store_breadcrumbs(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page_id,
                                       apr_array_header_t **items)
{
    return naering_items(db, p, ST_CRUMBS, ":page", page_id, items);
}

static void naering_doc_row(apr_pool_t *p, sqlite3_stmt *st,
                            naering_document *d)
{
    d->id = sqlite3_column_int64(st, 0);
    d->title = naering_col(p, st, 1);
    d->filename = naering_col(p, st, 2);
    d->mime = naering_col(p, st, 3);
    d->sha256 = naering_col(p, st, 4);
    d->size = (apr_off_t)sqlite3_column_int64(st, 5);
    d->updated = naering_col_time(st, 6);
}

naering_err *naering_store_documents(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page_id,
                                     apr_array_header_t **docs)
{
    sqlite3_stmt *st = naering_stmt(db, ST_DOCUMENTS);
    int rc;

    *docs = apr_array_make(p, 4, sizeof(naering_document));
    if (!st || naering_bind_int(st, ":page", page_id) != SQLITE_OK)
        return naering_db_err(db, p, "document list");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        naering_doc_row(p, st, apr_array_push(*docs));
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, "document list");
}

naering_err *naering_store_document(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page_id,
                                    const char *filename,
                                    naering_document *out, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, ST_DOCUMENT);
    int rc;

    *found = 0;
    if (!st || naering_bind_int(st, ":page", page_id) != SQLITE_OK
        || naering_bind_text(st, ":filename", filename) != SQLITE_OK)
        return naering_db_err(db, p, "document query");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        naering_doc_row(p, st, out);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
           ? NULL : naering_db_err(db, p, "document query");
}

/* ---- writes ------------------------------------------------------------ */

static naering_err *naering_begin(naering_db *db, apr_pool_t *p)
{
    return naering_exec(db, p, "BEGIN IMMEDIATE");
}

/* Commits after bumping the generation, or rolls back if e is set. */
static naering_err *naering_finish(naering_db *db, apr_pool_t *p,
                                   naering_err *e)
{
    sqlite3_stmt *st;

    if (!e) {
        st = naering_stmt(db, ST_GENERATION_BUMP);
        if (!st || sqlite3_step(st) != SQLITE_DONE)
            e = naering_db_err(db, p, "generation");
        if (st)
            naering_stmt_done(st);
    }
    if (!e)
        e = naering_exec(db, p, "COMMIT");
    if (e)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

naering_err *naering_store_exec_script(naering_db *db, apr_pool_t *p,
                                       const char *sql)
{
    naering_err *e = naering_begin(db, p);

    if (e)
        return e;
    return naering_finish(db, p, naering_exec(db, p, sql));
}

/* Steps a fully bound write statement; returns its rowid or -1. */
static sqlite3_int64 naering_step_write(naering_db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static sqlite3_int64 naering_page_id(naering_db *db, const char *path)
{
    sqlite3_stmt *st = naering_stmt(db, ST_PAGE_ID);
    sqlite3_int64 id = 0;

    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    naering_stmt_done(st);
    return id;
}

static naering_err *naering_insert_document(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            const char *title,
                                            const char *filename,
                                            const char *mime,
                                            const char *sha256,
                                            apr_off_t size,
                                            const char *author)
{
    sqlite3_stmt *d = naering_stmt(db, ST_DOC_INSERT);
    sqlite3_stmt *v = naering_stmt(db, ST_DOCVER_INSERT);
    sqlite3_stmt *s = naering_stmt(db, ST_DOC_SET_VERSION);
    sqlite3_int64 doc, ver;

    if (!d || !v || !s || naering_bind_int(d, ":page", page)
        || naering_bind_text(d, ":filename", filename)
        || naering_bind_text(d, ":title", title))
        return naering_db_err(db, p, "document insert");
    if ((doc = naering_step_write(db, d)) < 0)
        return naering_db_err(db, p, "document insert");
    if (naering_bind_int(v, ":doc", doc) || naering_bind_text(v, ":sha256", sha256)
        || naering_bind_int(v, ":size", size) || naering_bind_text(v, ":mime", mime)
        || naering_bind_text(v, ":author", author)
        || (ver = naering_step_write(db, v)) < 0)
        return naering_db_err(db, p, "document version insert");
    if (naering_bind_int(s, ":version", ver) || naering_bind_int(s, ":doc", doc)
        || naering_step_write(db, s) < 0)
        return naering_db_err(db, p, "document version link");
    return NULL;
}

naering_err *naering_store_add_document(naering_db *db, apr_pool_t *p,
                                        const char *page_path,
                                        const char *title,
                                        const char *filename,
                                        const char *mime,
                                        const char *sha256, apr_off_t size,
                                        const char *author)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_int64 page;

    if (e)
        return e;
    page = naering_page_id(db, page_path);
    if (page <= 0)
        e = naering_err_make(p, 404, "%s: no page at %s", db->path, page_path);
    else
        e = naering_insert_document(db, p, page, title, filename, mime,
                                    sha256, size, author);
    return naering_finish(db, p, e);
}
