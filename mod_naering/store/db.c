/*
 * The store's core: one naering_db is one SQLite connection with its
 * cached statements, used by one thread at a time (httpd/site.c hands it
 * out), so it is opened SQLITE_OPEN_NOMUTEX.  Opening hardens and
 * migrates; writes run in BEGIN IMMEDIATE and bump the site's generation
 * before they commit.  The other files of store/ (store.h lists them) hold
 * the rest of the SQL, each beside the code that runs it.
 *
 * No Apache here: naering-admin and the unit tests link this file too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdint.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include "store/internal.h"

/* Migrations compiled in from sql/NNN_*.sql (migrations.c, generated). */
extern const char *const naering_migrations[];
extern const int naering_migration_count;

static const char SQL_GENERATION[] =
    "SELECT (SELECT value FROM setting WHERE key = 'generation'),"
    "       (SELECT value FROM setting WHERE key = 'changed_at')";

static const char SQL_GENERATION_BUMP[] =
    "UPDATE setting SET value = CASE key WHEN 'generation' THEN value + 1"
    "  ELSE CAST(strftime('%s', 'now') AS INTEGER) END"
    " WHERE key IN ('generation', 'changed_at')";

/* The keys a write changed (sql/014_dependencies.sql): the triggers set
 * them to the generation being committed; a write that set none is taken
 * as changing everything. */
static const char SQL_DEP_FALLBACK[] =
    "INSERT INTO dep (key, gen) SELECT 'all', value FROM setting"
    " WHERE key = 'generation' AND NOT EXISTS"
    "  (SELECT 1 FROM dep WHERE gen = setting.value)"
    " ON CONFLICT (key) DO UPDATE SET gen = excluded.gen";

/* The time of the generation being committed, on its keys: a response's
 * Last-Modified (migration 16). */
static const char SQL_DEP_STAMP[] =
    "UPDATE dep SET at = (SELECT value FROM setting WHERE key = 'changed_at')"
    " WHERE gen = (SELECT value FROM setting WHERE key = 'generation')";

static const char SQL_DEP_CHANGED[] =
    "SELECT key FROM dep WHERE gen ="
    " (SELECT value FROM setting WHERE key = 'generation')";

static const char SQL_DEP_TOUCH[] =
    "INSERT INTO dep (key, gen) VALUES (:key,"
    "  (SELECT value + 1 FROM setting WHERE key = 'generation'))"
    " ON CONFLICT (key) DO UPDATE SET gen = excluded.gen";

/* A response's key and tag: a page's own key ('p<id>', none for a path
 * that is no live page) or 'list' for the lists, with the keys every
 * response has.  The tag is the newest generation among them, and its
 * time the response's Last-Modified (the site's last change for a key
 * stamped before migration 16).
 * A listing of news or meetings and the front page (the latest news, the
 * next meeting) show other pages' items: they depend on 'items' too
 * (migration 15), which only writes to news items and meetings bump.
 * This statement gives the own key, whether the response shows items,
 * and the site's last change; SQL_DEP_KEY then reads each key by its
 * primary key.  One query with "key IN ('all', 'site', 'menu', k.key) OR
 * (k.lists AND key = 'items')" had SQLite build ephemeral tables on every
 * request, each with a page cache of its own (some 90 kB allocated and
 * freed: the heap trimmed and grown again, page faults in every later
 * step of the render; five sixths of a page view's SQLite time,
 * tests/bench/README.md). */
static const char SQL_TAG_KEY[] =
    "SELECT CASE WHEN :path IS NULL THEN 'list'"
    "  ELSE (SELECT 'p' || id FROM page WHERE path = :path"
    "         AND deleted_at IS NULL) END,"
    " :path = '/' OR (SELECT kind IN ('news-list', 'meeting-list')"
    "  FROM page WHERE path = :path AND deleted_at IS NULL),"
    " (SELECT value FROM setting WHERE key = 'changed_at')";

static const char SQL_DEP_KEY[] = "SELECT gen, at FROM dep WHERE key = :key";

/* A random id of the site, made once by the first connection that may
 * write: it tells one site's entries in a cache shared by several servers
 * (memcache, redis) from another's, where the database path may be the
 * same.  Any setting's value survives export and import. */
static const char SQL_SITE_ID_MAKE[] =
    "INSERT INTO setting (key, value)"
    " SELECT 'site_id', lower(hex(randomblob(16)))"
    " WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = 'site_id')";

static const char SQL_SITE_ID[] =
    "SELECT value FROM setting WHERE key = 'site_id'";

/* After migrations that ran with the dependency table already there
 * (naering_migrate): 'all' at a generation moved on. */
static const char SQL_MIGRATED[] =
    "UPDATE setting SET value = value + 1 WHERE key = 'generation';"
    "INSERT INTO dep (key, gen) SELECT 'all', value FROM setting"
    " WHERE key = 'generation'"
    " ON CONFLICT (key) DO UPDATE SET gen = excluded.gen";

/* A page key's page by its id (the primary key), not by building 'p<id>'
 * for every page. */
/* The keys changed since a generation, with the page a 'p<id>' names;
 * and when 'items' changed, the pages built from items (the listings of
 * news and meetings, the front page) as rows of their own (key NULL). */
static const char SQL_DEP_SINCE[] =
    "SELECT key, (SELECT path FROM page WHERE dep.key GLOB 'p[0-9]*'"
    "   AND id = CAST(substr(dep.key, 2) AS INTEGER)"
    "   AND deleted_at IS NULL AND hidden = 0)"
    " FROM dep WHERE gen > :since"
    " UNION ALL SELECT NULL, path FROM page"
    "  WHERE deleted_at IS NULL AND hidden = 0"
    "    AND (path = '/' OR kind IN ('news-list', 'meeting-list'))"
    "    AND EXISTS (SELECT 1 FROM dep WHERE key = 'items'"
    "                   AND gen > :since)";

static const char SQL_INDEX_DELETE[] =
    "DELETE FROM search WHERE rowid BETWEEN :lo AND :hi";

static const char SQL_INDEX_INSERT[] =
    "INSERT INTO search (rowid, title, summary, body, documents)"
    " VALUES (:page, :title, :summary, :body, :documents)";

/* After a write to one page's rows, a bounded step of merging the
 * index's segments (migration 17 turned FTS5's own merging off: it could
 * rewrite a whole level in one save); after all pages were indexed again,
 * one segment, so that no level starts out nearly full. */
static const char *const SQL_INDEX_MERGE[] = {
    "INSERT INTO search (search) VALUES ('optimize')",
    "INSERT INTO search (search, rank) VALUES ('merge', 64)"
};

static const char *const SQL_DOC_INDEX_MERGE[] = {
    "INSERT INTO doc_search (doc_search) VALUES ('optimize')",
    "INSERT INTO doc_search (doc_search, rank) VALUES ('merge', 64)"
};

static const char SQL_INDEX_SOURCE[] =
    "SELECT p.id, r.title, r.summary, r.body,"
    "  (SELECT group_concat(d.title || ' ' || d.filename, ' ')"
    "     FROM document d WHERE d.page_id = p.id"
    "      AND d.deleted_at IS NULL)"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.id BETWEEN :lo AND :hi AND p.deleted_at IS NULL"
    "   AND p.hidden = 0";

static const char SQL_USE_CLEAR[] =
    "DELETE FROM page_image WHERE page_id BETWEEN :lo AND :hi";

/* The text of the pages whose image uses are to be read again. */
static const char SQL_USE_SOURCE[] =
    "SELECT p.id, r.body FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.id BETWEEN :lo AND :hi AND p.deleted_at IS NULL";

static const char SQL_LINK_CLEAR[] =
    "DELETE FROM page_link WHERE page_id BETWEEN :lo AND :hi";

static const char SQL_LINK_INSERT[] =
    "INSERT OR IGNORE INTO page_link (page_id, href) VALUES (:page, :href)";

/* Only images that exist: a pasted /bilder/999 is no use of anything. */
static const char SQL_USE_INSERT[] =
    "INSERT OR IGNORE INTO page_image (page_id, image_id)"
    " SELECT :page, id FROM image WHERE id = :image";

/* The documents' search rows, kept with their pages' (naering_reindex):
 * live documents of live, published pages, with the text of their
 * current bytes. */
static const char SQL_DOC_INDEX_DELETE[] =
    "DELETE FROM doc_search WHERE rowid IN"
    " (SELECT id FROM document WHERE page_id = :page)";

static const char SQL_DOC_INDEX_DELETE_ALL[] = "DELETE FROM doc_search";

static const char SQL_DOC_INDEX_INSERT[] =
    "INSERT INTO doc_search (rowid, title, text)"
    " SELECT d.id, d.title || ' ' || d.filename, coalesce(t.text, '')"
    "   FROM document d JOIN page p ON p.id = d.page_id"
    "   JOIN document_version v ON v.id = d.version_id"
    "   LEFT JOIN document_text t ON t.sha256 = v.sha256"
    "  WHERE d.page_id BETWEEN :lo AND :hi AND d.deleted_at IS NULL"
    "    AND p.deleted_at IS NULL AND p.hidden = 0";

/* A page's hidden flag from its status and its parent's flag; no change
 * here means none below it either. */
static const char SQL_HIDE_ONE[] =
    "UPDATE page SET hidden = (status = 'draft'"
    "    OR coalesce((SELECT u.hidden FROM page u"
    "                  WHERE u.id = page.parent_id), 0))"
    " WHERE id = :page AND hidden != (status = 'draft'"
    "    OR coalesce((SELECT u.hidden FROM page u"
    "                  WHERE u.id = page.parent_id), 0))";

/* Every page's flag from the whole tree (a script or an import may set
 * statuses any way). */
static const char SQL_REHIDE_ALL[] =
    "WITH RECURSIVE t(id, hidden) AS ("
    "  SELECT id, status = 'draft' FROM page WHERE parent_id IS NULL"
    "  UNION ALL"
    "  SELECT c.id, t.hidden OR c.status = 'draft'"
    "    FROM page c JOIN t ON c.parent_id = t.id)"
    " UPDATE page SET hidden = (SELECT t.hidden FROM t WHERE t.id = page.id)"
    "  WHERE id IN (SELECT id FROM t)";

/* The live pages of the subtree at page :id, the page included. */
static const char SQL_SUBTREE[] =
    "SELECT s.id, s.path, r.title, '', '', 0"
    "  FROM page t JOIN page s ON s.path = t.path"
    "    OR substr(s.path, 1, length(t.path) + 1) = t.path || '/'"
    "  JOIN revision r ON r.id = s.revision_id"
    " WHERE t.id = :id AND s.deleted_at IS NULL ORDER BY s.path";

/* The flags of all below a page, from their statuses and the page's flag:
 * one walk down the subtree. */
static const char SQL_REHIDE[] =
    "WITH RECURSIVE t(id, hidden) AS ("
    "  SELECT id, hidden FROM page WHERE id = :page"
    "  UNION ALL"
    "  SELECT c.id, t.hidden OR c.status = 'draft'"
    "    FROM page c JOIN t ON c.parent_id = t.id)"
    " UPDATE page SET hidden = (SELECT t.hidden FROM t WHERE t.id = page.id)"
    "  WHERE id IN (SELECT id FROM t)"
    "    AND hidden != (SELECT t.hidden FROM t WHERE t.id = page.id)";

static const char SQL_PAGE_ID[] =
    "SELECT id FROM page WHERE path = :path AND deleted_at IS NULL";

int naering_store_schema_version(void)
{
    return naering_migration_count;
}

sqlite3 *naering_store_handle(naering_db *db)
{
    return db->h;
}

/* What an SQLite error means for the visitor: the server cannot do it
 * now (busy, read-only, full, I/O: 503, and it may work again without a
 * restart) or something is wrong (500). */
static int naering_sqlite_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_READONLY:
    case SQLITE_CANTOPEN: case SQLITE_FULL: case SQLITE_IOERR:
    case SQLITE_PERM:
        return 503;
    default:
        return 500;
    }
}

/* A database file owned by another user (naering-admin or a copy run as
 * root) is a fault of the installation that no waiting cures: 500, and
 * the log line says how to fix it (naering_err_text).  NULL when the
 * files are this process's own. */
static naering_err *naering_foreign(naering_db *db, apr_pool_t *p)
{
    int err;
    const char *file = naering_db_unwritable(p, db->path, &err);

    return file && err == EACCES ? naering_db_foreign(p, file) : NULL;
}

naering_err *naering_db_err(naering_db *db, apr_pool_t *p,
                                   const char *what)
{
    int rc = sqlite3_extended_errcode(db->h);
    naering_err *e = (rc & 0xff) == SQLITE_READONLY ? naering_foreign(db, p)
                                                   : NULL;

    if (db->outside) {
        db->outside = 0;
        return naering_err_make(p, 500, "%s: %s: a write outside a "
                                "transaction (a bug: it would stamp a "
                                "generation never committed)", db->path,
                                what);
    }
    if (e)
        return e;
    return naering_err_make(p, naering_sqlite_status(rc), "%s: %s: %s "
                            "(SQLite %d)", db->path, what,
                            sqlite3_errmsg(db->h), rc);
}

/* Statements are cached per connection, keyed by the address of their SQL
 * text: each file keeps its own SQL beside the code that runs it. */
sqlite3_stmt *naering_stmt(naering_db *db, const char *sql)
{
    int i;

    for (i = 0; i < db->nstmt; i++)
        if (db->sql[i] == sql)
            return db->stmt[i];
    if (db->nstmt == NAERING_STMT_SLOTS
        || sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
                              &db->stmt[i], NULL) != SQLITE_OK)
        return NULL;
    db->sql[i] = sql;
    return db->stmt[db->nstmt++];
}

void naering_stmt_done(sqlite3_stmt *st)
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

int naering_bind_text(sqlite3_stmt *st, const char *name,
                             const char *v)
{
    int i = naering_param(st, name);
    return i < 0 ? SQLITE_RANGE
                 : sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int naering_bind_int(sqlite3_stmt *st, const char *name,
                            sqlite3_int64 v)
{
    int i = naering_param(st, name);
    return i < 0 ? SQLITE_RANGE : sqlite3_bind_int64(st, i, v);
}

int naering_bind_null(sqlite3_stmt *st, const char *name)
{
    int i = naering_param(st, name);
    return i < 0 ? SQLITE_RANGE : sqlite3_bind_null(st, i);
}

int naering_bind_time(sqlite3_stmt *st, const char *name, apr_int64_t secs)
{
    return secs ? naering_bind_int(st, name, secs)
                : naering_bind_null(st, name);
}

const char *naering_col(apr_pool_t *p, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return apr_pstrdup(p, t ? (const char *)t : "");
}

apr_time_t naering_col_time(sqlite3_stmt *st, int i)
{
    return apr_time_from_sec(sqlite3_column_int64(st, i));
}

naering_err *naering_exec(naering_db *db, apr_pool_t *p, const char *sql)
{
    char *msg = NULL;
    naering_err *e = NULL;

    /* The message names the database and SQLite's complaint, never the
     * script: the error log gets one line, not a page body. */
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK)
        e = naering_err_make(p, naering_sqlite_status(
                                 sqlite3_extended_errcode(db->h)),
                             "%s: %s", db->path,
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
    /* Writers queue behind each other (BEGIN IMMEDIATE): under heavy load
     * a save waits its turn rather than fail. */
    sqlite3_busy_timeout(h, 20000);
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

/* Whether the schema has the table name (a migration made it). */
static int naering_has_table(naering_db *db, const char *name)
{
    sqlite3_stmt *st;
    int has = 0;

    if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_master WHERE"
                           " type = 'table' AND name = ?", -1, &st, NULL)
        != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    has = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return has;
}

/* Applies the missing migrations in one IMMEDIATE transaction, re-reading
 * the version inside it so that two processes never both migrate. */
naering_err *naering_migrate(naering_db *db, apr_pool_t *p)
{
    naering_err *e;
    int v, i, had_deps;

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
    had_deps = naering_has_table(db, "dep");
    for (i = v; !e && i < naering_migration_count; i++)
        e = naering_exec(db, p, naering_migrations[i]);
    /* A migration may change data, and once the dependency table exists
     * its triggers stamp generation + 1: move the generation there and
     * say 'all', so no page rendered before the upgrade is served on. */
    if (!e && had_deps)
        e = naering_exec(db, p, SQL_MIGRATED);
    if (!e)
        e = naering_exec(db, p, apr_psprintf(p, "PRAGMA user_version = %d",
                                             naering_migration_count));
    if (!e)
        return naering_exec(db, p, "COMMIT");
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

/* Opens and hardens the file, and reads its version first: that tells a
 * corrupt file from an I/O problem before anything is written, and a
 * schema from a newer module from one this module can use. */
static naering_err *naering_open(apr_pool_t *p, const char *path, int flags,
                                 naering_db **out)
{
    naering_db *db = calloc(1, sizeof(*db));
    naering_err *e;
    int version;

    *out = NULL;
    if (!db)
        return naering_err_make(p, 503, "%s: out of memory", path);
    db->path = strdup(path);
    if (sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        e = naering_err_cause(p, 503, db->h ? sqlite3_system_errno(db->h) : 0,
                              "%s: cannot open: %s (does it exist -- "
                              "naering-admin init creates it -- and may the "
                              "Apache user write it and its directory?)",
                              path, db->h ? sqlite3_errmsg(db->h)
                                          : "no memory");
        naering_store_close(db);
        return e;
    }
    naering_harden(db->h);
    e = naering_user_version(db, p, &version);
    if (!e && version > naering_migration_count)
        e = naering_err_make(p, 503, "%s: schema version %d is newer than "
                             "this mod_naering knows (%d): upgrade the "
                             "module", path, version, naering_migration_count);
    if (e) {
        naering_store_close(db);
        return e;
    }
    *out = db;
    return NULL;
}

naering_err *naering_store_open(apr_pool_t *p, const char *path, int create,
                                naering_db **out)
{
    naering_err *e;
    int err;

    naering_db_mend_modes(p, path);     /* before SQLite opens them */
    e = naering_open(p, path, SQLITE_OPEN_READWRITE
                     | (create ? SQLITE_OPEN_CREATE : 0), out);
    if (!e)
        e = naering_exec(*out, p, "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = FULL;"
                                  "PRAGMA foreign_keys = ON");
    if (!e)
        e = naering_migrate(*out, p);
    /* One statement, no new generation: no page shows the id, and no
     * dependency key follows it (migration 16), so its making empties no
     * cache (once per site; a read-only file simply has none yet). */
    if (!e && !naering_store_site_id(*out, p)) {
        sqlite3_stmt *st = naering_stmt(*out, SQL_SITE_ID_MAKE);
        if (st)
            (void)naering_step_write_any(*out, st);
    }
    /* Opened while a file was not the web server's, its handles to the
     * WAL and the shared memory may be read-only ones (dbfiles.c): it is
     * not kept for another request (naering_store_readonly). */
    if (!e)
        (*out)->stale = naering_db_unwritable(p, path, &err) != NULL;
    if (e && *out) {
        naering_store_close(*out);
        *out = NULL;
    }
    return e;
}

naering_err *naering_store_open_readonly(apr_pool_t *p, const char *path,
                                         naering_db **out)
{
    return naering_open(p, path, SQLITE_OPEN_READONLY, out);
}

void naering_store_close(naering_db *db)
{
    int i;

    if (!db)
        return;
    for (i = 0; i < db->nstmt; i++)
        sqlite3_finalize(db->stmt[i]);
    sqlite3_close_v2(db->h);
    free((char *)db->path);
    free(db->touched);
    free(db);
}

int naering_store_readonly(naering_db *db)
{
    return db->stale || sqlite3_db_readonly(db->h, "main") == 1;
}

const char *naering_store_versions(apr_pool_t *p)
{
    return apr_pstrcat(p, "SQLite ", sqlite3_libversion(), NULL);
}

naering_err *naering_store_health(naering_db *db, apr_pool_t *p,
                                  int *writable, const char **why)
{
    const char *file;
    int err;
    sqlite3_int64 gen;
    apr_time_t changed;
    naering_err *e = naering_store_generation(db, p, &gen, &changed);

    *writable = 0;
    *why = NULL;
    if (e)
        return e;
    naering_db_mend_modes(p, db->path);
    if ((file = naering_db_unwritable(p, db->path, &err)))
        *why = apr_psprintf(p, "%s: %s", file, strerror(err));
    else if (naering_store_readonly(db))
        *why = "the connection is read-only";
    *writable = *why == NULL;
    return NULL;
}

static const char SQL_READ_BEGIN[] = "BEGIN";
static const char SQL_READ_END[] = "ROLLBACK";

/* Steps one statement that takes no parameters; e if it fails. */
static naering_err *naering_run_plain(naering_db *db, apr_pool_t *p,
                                const char *sql, const char *what)
{
    sqlite3_stmt *st = naering_stmt(db, sql);
    naering_err *e = NULL;

    if (!st || sqlite3_step(st) != SQLITE_DONE)
        e = naering_db_err(db, p, what);
    if (st)
        naering_stmt_done(st);
    return e;
}

naering_err *naering_store_read_begin(naering_db *db, apr_pool_t *p)
{
    return naering_run_plain(db, p, SQL_READ_BEGIN, "read transaction");
}

void naering_store_read_end(naering_db *db)
{
    sqlite3_stmt *st;

    if (!db || sqlite3_get_autocommit(db->h))
        return;
    st = naering_stmt(db, SQL_READ_END);
    if (st) {
        sqlite3_step(st);
        naering_stmt_done(st);
    }
    if (!sqlite3_get_autocommit(db->h))     /* no statement slot left */
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Made read-only by its owner is maintenance: 503, try again soon; owned
 * by another user, a fault of the installation (naering_db_foreign). */
static naering_err *naering_not_writable(apr_pool_t *p, const char *file,
                                         int err)
{
    naering_err *e = err == EACCES ? naering_db_foreign(p, file) : NULL;

    if (e)
        return e;
    return naering_err_make(p, 503, "%s: the database file is not "
                            "writable or not there: %s", file,
                            strerror(err));
}

/* A checkpoint that empties the WAL (TRUNCATE): it waits at most
 * NAERING_CHECKPOINT_WAIT ms for readers to let go of their snapshots,
 * since it holds the writer lock while it waits and saves queue behind it.
 * Busy is no error: the next tick tries again. */
#define NAERING_CHECKPOINT_WAIT 250

naering_err *naering_store_checkpoint(naering_db *db, apr_pool_t *p,
                                      int *done, int *wal_frames)
{
    int log = 0, copied = 0;
    int rc;

    sqlite3_busy_timeout(db->h, NAERING_CHECKPOINT_WAIT);
    rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                   &log, &copied);
    sqlite3_busy_timeout(db->h, 20000);
    *done = rc == SQLITE_OK;
    *wal_frames = log;
    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return NULL;
    return naering_db_err(db, p, "checkpoint");
}

naering_err *naering_begin(naering_db *db, apr_pool_t *p)
{
    int err;
    const char *file;

    /* A connection opened before the file was made read-only (or moved
     * away) would still write to it: ask the file system first. */
    naering_db_mend_modes(p, db->path);
    if ((file = naering_db_unwritable(p, db->path, &err)))
        return naering_not_writable(p, file, err);
    if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL)
        == SQLITE_OK)
        return NULL;
    /* The files are writable, the handles are not (dbfiles.c): the
     * failed request closes this connection, and the next try opens a
     * new one. */
    if (sqlite3_extended_errcode(db->h) == SQLITE_READONLY)
        return naering_err_make(p, 503, "%s: this connection opened the WAL "
                                "or the shared memory while they were not "
                                "the web server's to write; it is closed, "
                                "and the next try opens a new one", db->path);
    return naering_db_err(db, p, "BEGIN IMMEDIATE");
}

/* The keys this write set, kept (space-separated) for
 * naering_store_touched once the write has committed. */
static naering_err *naering_dep_changed(naering_db *db, apr_pool_t *p,
                                        char **keys)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DEP_CHANGED);
    const char *all = "";
    int rc;

    if (!st)
        return naering_db_err(db, p, "dependencies");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        all = apr_pstrcat(p, all, *all ? " " : "",
                          (const char *)sqlite3_column_text(st, 0), NULL);
    naering_stmt_done(st);
    if (rc != SQLITE_DONE)
        return naering_db_err(db, p, "dependencies");
    *keys = apr_pstrdup(p, all);
    return NULL;
}

static void naering_touched_add(naering_db *db, const char *keys)
{
    size_t had = db->touched ? strlen(db->touched) : 0;
    char *more = realloc(db->touched, had + strlen(keys) + 2);

    if (!more)
        return;                 /* the caller purges less; nothing breaks */
    if (had)
        more[had++] = ' ';
    strcpy(more + had, keys);
    db->touched = more;
}

const char *naering_store_touched(naering_db *db, apr_pool_t *p)
{
    const char *keys = db->touched ? apr_pstrdup(p, db->touched) : NULL;

    free(db->touched);
    db->touched = NULL;
    return keys;
}

naering_err *naering_store_touch(naering_db *db, apr_pool_t *p,
                                 const char *key)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DEP_TOUCH);

    if (!st || naering_bind_text(st, ":key", key) != SQLITE_OK
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "dependencies");
    return NULL;
}

naering_err *naering_store_touch_all(naering_db *db, apr_pool_t *p)
{
    return naering_store_touch(db, p, "all");
}

/* The newest of the tag so far and key's row: its generation into *tag,
 * its time into *at (0 for a key stamped before migration 16). */
static int naering_tag_key(sqlite3_stmt *st, const char *key, int *found,
                           sqlite3_int64 *tag, apr_time_t *at)
{
    int rc = naering_bind_text(st, ":key", key);

    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW
        && (!*found || sqlite3_column_int64(st, 0) > *tag)) {
        *found = 1;
        *tag = sqlite3_column_int64(st, 0);
        *at = sqlite3_column_type(st, 1) == SQLITE_NULL
              ? 0 : naering_col_time(st, 1);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The response's own key (NULL: no live page at path), whether it shows
 * items, and the site's last change. */
static naering_err *naering_tag_own(naering_db *db, apr_pool_t *p,
                                    const char *path, const char **own,
                                    int *items, apr_time_t *site_changed)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_TAG_KEY);
    int rc;

    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return naering_db_err(db, p, "dependencies");
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *own = sqlite3_column_type(st, 0) == SQLITE_NULL
               ? NULL : naering_col(p, st, 0);
        *items = sqlite3_column_int(st, 1);
        *site_changed = naering_col_time(st, 2);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW ? NULL : naering_db_err(db, p, "dependencies");
}

naering_err *naering_store_tag(naering_db *db, apr_pool_t *p,
                               const char *path, sqlite3_int64 *tag,
                               const char **key, apr_time_t *changed)
{
    static const char *const every[] = { "all", "site", "menu" };
    sqlite3_stmt *dep = naering_stmt(db, SQL_DEP_KEY);
    const char *own = NULL;
    apr_time_t site_changed = 0, at = 0;
    int items = 0, found = 0, rc = SQLITE_OK;
    size_t i;
    naering_err *e = naering_tag_own(db, p, path, &own, &items,
                                     &site_changed);

    if (e)
        return e;
    if (!dep)
        return naering_db_err(db, p, "dependencies");
    *tag = 0;
    for (i = 0; rc == SQLITE_OK && i < sizeof(every) / sizeof(every[0]); i++)
        rc = naering_tag_key(dep, every[i], &found, tag, &at);
    if (rc == SQLITE_OK && own)
        rc = naering_tag_key(dep, own, &found, tag, &at);
    if (rc == SQLITE_OK && items)
        rc = naering_tag_key(dep, "items", &found, tag, &at);
    if (rc != SQLITE_OK)
        return naering_db_err(db, p, "dependencies");
    *changed = at ? at : site_changed;
    *key = own && items && strcmp(own, "list") != 0
           ? apr_pstrcat(p, own, " items", NULL) : own;
    return NULL;
}

naering_err *naering_store_changed_since(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 since, int *everything,
                                         int *lists,
                                         apr_array_header_t **paths,
                                         const char **keys)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DEP_SINCE);
    int rc;

    *keys = "";
    *everything = *lists = 0;
    *paths = apr_array_make(p, 8, sizeof(const char *));
    if (!st || naering_bind_int(st, ":since", since) != SQLITE_OK)
        return naering_db_err(db, p, "dependencies");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (!key) {             /* a page built from items */
            APR_ARRAY_PUSH(*paths, const char *) = naering_col(p, st, 1);
            continue;
        }
        *keys = apr_pstrcat(p, *keys, **keys ? " " : "", key, NULL);
        if (strcmp(key, "all") == 0 || strcmp(key, "site") == 0
            || strcmp(key, "menu") == 0)
            *everything = 1;
        else if (strcmp(key, "list") == 0)
            *lists = 1;
        else if (sqlite3_column_type(st, 1) == SQLITE_TEXT)
            APR_ARRAY_PUSH(*paths, const char *) = naering_col(p, st, 1);
    }
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, "dependencies");
}

/* Commits after bumping the generation, or rolls back if e is set. */
naering_err *naering_finish(naering_db *db, apr_pool_t *p,
                                   naering_err *e)
{
    char *keys = NULL;

    if (!e)
        e = naering_run_plain(db, p, SQL_GENERATION_BUMP, "generation");
    if (!e)
        e = naering_run_plain(db, p, SQL_DEP_FALLBACK, "dependencies");
    if (!e)
        e = naering_run_plain(db, p, SQL_DEP_STAMP, "dependencies");
    if (!e)
        e = naering_dep_changed(db, p, &keys);
    if (!e)
        e = naering_exec(db, p, "COMMIT");
    if (!e && *keys)
        naering_touched_add(db, keys);
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
    e = naering_exec(db, p, sql);
    /* A script may write anything, with or without triggers. */
    if (!e && !sqlite3_get_autocommit(db->h))
        e = naering_store_touch_all(db, p);
    if (!e && sqlite3_get_autocommit(db->h))
        return naering_err_make(p, 400, "%s: a script must not end the "
                                "transaction (no BEGIN, COMMIT or ROLLBACK)",
                                db->path);
    if (!e)
        e = naering_rebuild(db, p);
    return naering_finish(db, p, e);
}

naering_err *naering_rebuild(naering_db *db, apr_pool_t *p)
{
    naering_err *e = naering_exec(db, p, SQL_REHIDE_ALL);

    return e ? e : naering_reindex(db, p, 0);
}

/* Steps a fully bound write statement; returns its rowid or -1. */
sqlite3_int64 naering_step_write_any(naering_db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

/* The same inside naering_begin/naering_finish only: the dependency
 * triggers stamp the generation naering_finish commits, and a write in
 * autocommit would stamp one that never comes (its pages kept their key
 * and were served stale).  Refused loudly instead. */
sqlite3_int64 naering_step_write(naering_db *db, sqlite3_stmt *st)
{
    if (sqlite3_get_autocommit(db->h)) {
        naering_stmt_done(st);
        db->outside = 1;
        return -1;
    }
    return naering_step_write_any(db, st);
}

naering_err *naering_page_id(naering_db *db, apr_pool_t *p, const char *path,
                             sqlite3_int64 *id)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_PAGE_ID);
    int found;

    *id = 0;
    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return naering_db_err(db, p, "page lookup");
    return naering_one_row(db, p, st, naering_id_row, id, &found,
                           "page lookup");
}

const char *naering_store_site_id(naering_db *db, apr_pool_t *p)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SITE_ID);
    const char *id = NULL;

    if (st && sqlite3_step(st) == SQLITE_ROW)
        id = naering_col(p, st, 0);
    if (st)
        naering_stmt_done(st);
    return id;
}

naering_err *naering_store_generation(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 *gen, apr_time_t *changed)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_GENERATION);
    int rc;

    if (!st)
        return naering_db_err(db, p, "generation");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *gen = sqlite3_column_int64(st, 0);
        *changed = naering_col_time(st, 1);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW ? NULL : naering_db_err(db, p, "generation");
}

static const char SQL_GENERATION_BEFORE[] =
    "SELECT coalesce(max(gen), 0) FROM dep WHERE at IS NULL OR at <= :t";

naering_err *naering_store_generation_before(naering_db *db, apr_pool_t *p,
                                             apr_time_t t,
                                             sqlite3_int64 *gen)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_GENERATION_BEFORE);
    int rc;

    if (!st || naering_bind_int(st, ":t", apr_time_sec(t)))
        return naering_db_err(db, p, "generation");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *gen = sqlite3_column_int64(st, 0);
    naering_stmt_done(st);
    return rc == SQLITE_ROW ? NULL : naering_db_err(db, p, "generation");
}

/* The images and links one page's text holds, into page_image and
 * page_link (cleared by the caller). */
static naering_err *naering_use_page(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, const char *body)
{
    apr_array_header_t *found = naering_xhtml_images(p, body);
    apr_array_header_t *links = naering_xhtml_links(p, body);
    sqlite3_stmt *st = naering_stmt(db, SQL_USE_INSERT);
    sqlite3_stmt *ln = naering_stmt(db, SQL_LINK_INSERT);
    int i;

    for (i = 0; i < found->nelts; i++)
        if (!st || naering_bind_int(st, ":page", page)
            || naering_bind_int(st, ":image",
                                APR_ARRAY_IDX(found, i, naering_body_image).id)
            || naering_step_write(db, st) < 0)
            return naering_db_err(db, p, "image use");
    for (i = 0; i < links->nelts; i++)
        if (!ln || naering_bind_int(ln, ":page", page)
            || naering_bind_text(ln, ":href",
                                 APR_ARRAY_IDX(links, i, const char *))
            || naering_step_write(db, ln) < 0)
            return naering_db_err(db, p, "page link");
    return NULL;
}

/* One page's rows (page > 0) or every page's (0) as a range the query
 * planner can use, "x BETWEEN :lo AND :hi": with ":page = 0 OR x =
 * :page" SQLite read every row -- the whole search index, every page's
 * text -- to save one page (80 % of a save's time on a site of 10,000
 * pages). */
static int naering_bind_pages(sqlite3_stmt *st, sqlite3_int64 page)
{
    return naering_bind_int(st, ":lo", page ? page : INT64_MIN)
           || naering_bind_int(st, ":hi", page ? page : INT64_MAX);
}

/* What the current text of one page (0: every page) uses: images and
 * links, read again. */
static naering_err *naering_images_used(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 page)
{
    sqlite3_stmt *del = naering_stmt(db, SQL_USE_CLEAR);
    sqlite3_stmt *dln = naering_stmt(db, SQL_LINK_CLEAR);
    sqlite3_stmt *src = naering_stmt(db, SQL_USE_SOURCE);
    apr_array_header_t *rows = apr_array_make(p, 8, sizeof(naering_entry));
    naering_err *e = NULL;
    int i;

    if (!del || !dln || !src || naering_bind_pages(del, page)
        || naering_step_write(db, del) < 0
        || naering_bind_pages(dln, page)
        || naering_step_write(db, dln) < 0
        || naering_bind_pages(src, page))
        return naering_db_err(db, p, "image uses");
    /* Read first, write after: one statement at a time on the table. */
    while (sqlite3_step(src) == SQLITE_ROW) {
        naering_entry *r = apr_array_push(rows);
        r->id = sqlite3_column_int64(src, 0);
        r->summary = naering_col(p, src, 1);
    }
    naering_stmt_done(src);
    for (i = 0; !e && i < rows->nelts; i++)
        e = naering_use_page(db, p, APR_ARRAY_IDX(rows, i, naering_entry).id,
                             APR_ARRAY_IDX(rows, i, naering_entry).summary);
    return e;
}

static naering_err *naering_reindex_docs(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page)
{
    sqlite3_stmt *del = naering_stmt(db, page ? SQL_DOC_INDEX_DELETE
                                              : SQL_DOC_INDEX_DELETE_ALL);
    sqlite3_stmt *ins = naering_stmt(db, SQL_DOC_INDEX_INSERT);

    if (!del || !ins || (page && naering_bind_int(del, ":page", page))
        || naering_step_write(db, del) < 0
        || naering_bind_pages(ins, page)
        || naering_step_write(db, ins) < 0)
        return naering_db_err(db, p, "document search index");
    return naering_run_plain(db, p, SQL_DOC_INDEX_MERGE[page != 0],
                             "document search index");
}

/* Rebuilds the search rows of one page (0: of all pages) from their
 * current revisions, and which images they show and what they link to; runs inside the
 * caller's write transaction.  Only live, published pages are indexed
 * (image uses count drafts too): a save re-indexes its page, trash and
 * restore their subtree (edit.c). */
naering_err *naering_reindex(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page)
{
    sqlite3_stmt *del = naering_stmt(db, SQL_INDEX_DELETE);
    sqlite3_stmt *src = naering_stmt(db, SQL_INDEX_SOURCE);
    sqlite3_stmt *ins = naering_stmt(db, SQL_INDEX_INSERT);
    int rc = SQLITE_DONE;
    naering_err *e = naering_images_used(db, p, page);

    if (e || (e = naering_reindex_docs(db, p, page)))
        return e;
    if (!del || !src || !ins || naering_bind_pages(del, page)
        || naering_step_write(db, del) < 0
        || naering_bind_pages(src, page))
        return naering_db_err(db, p, "search index");
    while (rc == SQLITE_DONE && sqlite3_step(src) == SQLITE_ROW) {
        const char *body = naering_xhtml_text(p, naering_col(p, src, 3));
        if (naering_bind_int(ins, ":page", sqlite3_column_int64(src, 0))
            || naering_bind_text(ins, ":title", naering_col(p, src, 1))
            || naering_bind_text(ins, ":summary", naering_col(p, src, 2))
            || naering_bind_text(ins, ":body", body)
            || naering_bind_text(ins, ":documents", naering_col(p, src, 4)))
            rc = SQLITE_ERROR;
        else if (naering_step_write(db, ins) < 0)
            rc = SQLITE_ERROR;
    }
    naering_stmt_done(src);
    if (rc != SQLITE_DONE)
        return naering_db_err(db, p, "search index");
    return naering_run_plain(db, p, SQL_INDEX_MERGE[page != 0],
                             "search index");
}

naering_err *naering_move_in_list(naering_db *db, apr_pool_t *p,
                                  sqlite3_stmt *sib, sqlite3_stmt *pos,
                                  sqlite3_int64 id, int delta)
{
    apr_array_header_t *ids = apr_array_make(p, 16, sizeof(sqlite3_int64));
    sqlite3_int64 *v;
    int i, at = -1, to;

    while (sqlite3_step(sib) == SQLITE_ROW) {
        if (sqlite3_column_int64(sib, 0) == id)
            at = ids->nelts;
        *(sqlite3_int64 *)apr_array_push(ids) = sqlite3_column_int64(sib, 0);
    }
    naering_stmt_done(sib);
    if (at < 0)
        return naering_err_make(p, 404, "%" APR_INT64_T_FMT " is not in the "
                                "list", (apr_int64_t)id);
    v = (sqlite3_int64 *)ids->elts;
    to = at + delta;
    if (to >= 0 && to < ids->nelts) {
        v[at] = v[to];
        v[to] = id;
    }
    for (i = 0; i < ids->nelts; i++)
        if (naering_bind_int(pos, ":pos", i + 1)
            || naering_bind_int(pos, ":id", v[i])
            || naering_step_write(db, pos) < 0)
            return naering_db_err(db, p, "reorder");
    return NULL;
}

naering_err *naering_one_row(naering_db *db, apr_pool_t *p, sqlite3_stmt *st,
                             naering_row_fn row, void *out, int *found,
                             const char *what)
{
    int rc = sqlite3_step(st);

    *found = rc == SQLITE_ROW;
    if (*found)
        row(p, st, out);
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
           ? NULL : naering_db_err(db, p, what);
}

naering_err *naering_all_rows(naering_db *db, apr_pool_t *p, sqlite3_stmt *st,
                              naering_row_fn row, apr_size_t elt,
                              apr_array_header_t **out, const char *what)
{
    int rc;

    *out = apr_array_make(p, 16, (int)elt);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row(p, st, apr_array_push(*out));
    naering_stmt_done(st);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, what);
}

naering_err *naering_rows_for(naering_db *db, apr_pool_t *p, const char *sql,
                              const char *param, sqlite3_int64 value,
                              naering_row_fn row, apr_size_t elt,
                              apr_array_header_t **out, const char *what)
{
    sqlite3_stmt *st = naering_stmt(db, sql);

    *out = apr_array_make(p, 1, (int)elt);
    if (!st || (param && naering_bind_int(st, param, value) != SQLITE_OK))
        return naering_db_err(db, p, what);
    return naering_all_rows(db, p, st, row, elt, out, what);
}

void naering_id_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    (void)p;
    *(sqlite3_int64 *)out = sqlite3_column_int64(st, 0);
}

void naering_entry_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_entry *e = out;

    e->id = sqlite3_column_int64(st, 0);
    e->path = naering_col(p, st, 1);
    e->title = naering_col(p, st, 2);
    e->summary = naering_col(p, st, 3);
    e->author = naering_col(p, st, 4);
    e->updated = naering_col_time(st, 5);
    e->author_name = sqlite3_column_count(st) > 6 ? naering_col(p, st, 6)
                                                  : "";
    e->draft = sqlite3_column_count(st) > 7 && sqlite3_column_int(st, 7);
}

/* ---- subtrees: hidden flags, the search index, guards ------------------- */

naering_err *naering_subtree(naering_db *db, apr_pool_t *p, sqlite3_int64 page,
                             apr_array_header_t **pages)
{
    return naering_rows_for(db, p, SQL_SUBTREE, ":id", page,
                            naering_entry_row, sizeof(naering_entry), pages,
                            "subtree");
}

naering_err *naering_reindex_all(naering_db *db, apr_pool_t *p,
                                 const apr_array_header_t *pages)
{
    naering_err *e = NULL;
    int i;

    for (i = 0; i < pages->nelts && !e; i++)
        e = naering_reindex(db, p, APR_ARRAY_IDX(pages, i, naering_entry).id);
    return e;
}

/* Steps a statement bound to :page; *changed is how many rows it changed. */
static naering_err *naering_hide_step(naering_db *db, apr_pool_t *p,
                                      const char *sql, sqlite3_int64 page,
                                      int *changed)
{
    sqlite3_stmt *st = naering_stmt(db, sql);

    if (!st || naering_bind_int(st, ":page", page)
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "hidden subtree");
    *changed = sqlite3_changes(db->h);
    return NULL;
}

naering_err *naering_settle(naering_db *db, apr_pool_t *p, sqlite3_int64 page,
                            int whole)
{
    apr_array_header_t *pages;
    naering_err *e;
    int flipped = 0, below = 0;

    if ((e = naering_hide_step(db, p, SQL_HIDE_ONE, page, &flipped)))
        return e;
    if (flipped && (e = naering_hide_step(db, p, SQL_REHIDE, page, &below)))
        return e;
    if (!flipped && !whole)
        return naering_reindex(db, p, page);
    if ((e = naering_subtree(db, p, page, &pages)))
        return e;
    return naering_reindex_all(db, p, pages);
}

naering_err *naering_guard_pages(apr_pool_t *p, const naering_guard *guard,
                                 const apr_array_header_t *pages,
                                 const char *from, const char *to)
{
    int i;

    for (i = 0; guard && i < pages->nelts; i++) {
        const naering_entry *e = &APR_ARRAY_IDX(pages, i, naering_entry);
        const char *moved = to ? apr_pstrcat(p, strcmp(to, "/") ? to : "",
                                             e->path + strlen(from), NULL)
                               : NULL;
        if (!guard->may(guard->ctx, e->path, e->title))
            return naering_err_make(p, 403, "may not edit %s", e->path);
        if (moved && !guard->may(guard->ctx, moved, e->title))
            return naering_err_make(p, 403, "may not edit %s", moved);
    }
    return NULL;
}
