/*
 * The store's documents: upload (several files in one transaction, names
 * made unique per page), replace with a new version under the same name
 * and URL, restore an old version (as a new one), rename, reorder, trash
 * and untrash.  Every change also writes a document_event for the page's
 * history.  The bytes are in files.c and committed before these rows.
 */
#include <string.h>
#include <apr_strings.h>
#include "store/internal.h"

static const char SQL_DOC_INSERT[] =
    "INSERT INTO document (page_id, filename, title, position)"
    " VALUES (:page, :filename, :title,"
    "  (SELECT coalesce(max(position), 0) + 1 FROM document"
    "    WHERE page_id = :page))";

static const char SQL_DOCVER_INSERT[] =
    "INSERT INTO document_version"
    " (document_id, sha256, size, mime, created_at, author)"
    " VALUES (:doc, :sha256, :size, :mime,"
    "  CAST(strftime('%s', 'now') AS INTEGER), :author)";

/* The text of these bytes; read again only when it failed before. */
static const char SQL_TEXT_PUT[] =
    "INSERT INTO document_text (sha256, state, text, checks)"
    " VALUES (:sha256, :state, :text, :checks)"
    " ON CONFLICT (sha256) DO UPDATE SET state = excluded.state,"
    "  text = excluded.text, checks = excluded.checks"
    " WHERE document_text.state = 'failed'";

/* The current bytes of every document whose text is not read. */
static const char SQL_TEXTS_UNREAD[] =
    "SELECT DISTINCT 0, 0, v.sha256, 0, v.mime, 0, '', 0"
    "  FROM document d JOIN document_version v ON v.id = d.version_id"
    "  LEFT JOIN document_text t ON t.sha256 = v.sha256"
    " WHERE t.sha256 IS NULL OR t.state = 'failed'";

static const char SQL_DOC_SET_VERSION[] =
    "UPDATE document SET version_id = :version WHERE id = :doc";

static const char SQL_NAME_TAKEN[] =
    "SELECT count(*) FROM document WHERE page_id = :page"
    " AND filename = :filename AND deleted_at IS NULL";

static const char SQL_EVENT[] =
    "INSERT INTO document_event"
    " (page_id, document_id, created_at, author, action, detail)"
    " VALUES (:page, :doc, CAST(strftime('%s', 'now') AS INTEGER), :author,"
    "  :action, :detail)";

/* A live or trashed document of this page, with its current version. */
static const char SQL_DOC_OF_PAGE[] =
    "SELECT d.id, d.filename, d.deleted_at IS NOT NULL, v.mime, d.title"
    "  FROM document d JOIN document_version v ON v.id = d.version_id"
    " WHERE d.id = :doc AND d.page_id = :page";

static const char SQL_VERSIONS[] =
    "SELECT v.id, v.document_id, v.sha256, v.size, v.mime, v.created_at,"
    "       v.author, v.id = d.version_id"
    "  FROM document_version v JOIN document d ON d.id = v.document_id"
    " WHERE d.page_id = :page ORDER BY v.document_id, v.id DESC";

static const char SQL_VERSION[] =
    "SELECT v.id, v.document_id, v.sha256, v.size, v.mime, v.created_at,"
    "       v.author, v.id = d.version_id, d.filename"
    "  FROM document_version v JOIN document d ON d.id = v.document_id"
    " WHERE v.id = :version AND d.page_id = :page";

static const char SQL_ALL_DOCS[] =
    "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
    "       v.created_at, d.deleted_at IS NOT NULL, coalesce(t.state, ''),"
    "       coalesce(t.checks, '')"
    "  FROM document d JOIN document_version v ON v.id = d.version_id"
    "  LEFT JOIN document_text t ON t.sha256 = v.sha256"
    " WHERE d.page_id = :page ORDER BY d.deleted_at IS NOT NULL,"
    "  d.position, d.id";

/* The site's live documents with something to fix, by page: what
 * "Dokumenter som bør rettes" and naering-admin documents list. */
static const char SQL_DOCS_TO_FIX[] =
    "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
    "       v.created_at, 0, t.state, t.checks, p.path"
    "  FROM document d JOIN page p ON p.id = d.page_id"
    "  JOIN document_version v ON v.id = d.version_id"
    "  JOIN document_text t ON t.sha256 = v.sha256"
    " WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL"
    "   AND t.checks != ''"
    " ORDER BY p.path, d.position, d.id";

static const char SQL_DOC_RENAME[] =
    "UPDATE document SET title = :title WHERE id = :doc";

static const char SQL_DOC_TRASH[] =
    "UPDATE document SET deleted_at = CASE WHEN :trash"
    "  THEN CAST(strftime('%s', 'now') AS INTEGER) END, filename = :filename"
    " WHERE id = :doc";

static const char SQL_DOC_SIBLINGS[] =
    "SELECT id FROM document WHERE page_id = :page AND deleted_at IS NULL"
    " ORDER BY position, id";

static const char SQL_EVENTS[] =
    "SELECT e.id, e.created_at, e.author, e.action, e.detail, d.title"
    "  FROM document_event e JOIN document d ON d.id = e.document_id"
    " WHERE e.page_id = :page ORDER BY e.id DESC LIMIT 200";

static const char SQL_DOC_POSITION[] =
    "UPDATE document SET position = :pos WHERE id = :id";

/* ---- helpers ------------------------------------------------------------ */

static naering_err *naering_event(naering_db *db, apr_pool_t *p,
                                  sqlite3_int64 page, sqlite3_int64 doc,
                                  const char *author, const char *action,
                                  const char *detail)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_EVENT);

    if (!st || naering_bind_int(st, ":page", page)
        || naering_bind_int(st, ":doc", doc)
        || naering_bind_text(st, ":author", author)
        || naering_bind_text(st, ":action", action)
        || naering_bind_text(st, ":detail", detail ? detail : "")
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "document event");
    return NULL;
}

static int naering_name_taken(naering_db *db, sqlite3_int64 page,
                              const char *name)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_NAME_TAKEN);
    int n = 1;

    if (!st || naering_bind_int(st, ":page", page)
        || naering_bind_text(st, ":filename", name))
        return 1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    naering_stmt_done(st);
    return n != 0;
}

/* "Referat.pdf", then "Referat-2.pdf", "Referat-3.pdf", ... */
static const char *naering_free_name(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, const char *name)
{
    const char *try = name;
    int n;

    for (n = 2; naering_name_taken(db, page, try) && n < 1000; n++)
        try = naering_filename_numbered(p, name, n);
    return try;
}

/* Adds a version to a document and makes it the current one. */
static naering_err *naering_text_put(naering_db *db, apr_pool_t *p,
                                     const char *sha256,
                                     const naering_doc_text *t)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_TEXT_PUT);

    if (!st || naering_bind_text(st, ":sha256", sha256)
        || naering_bind_text(st, ":state", t->state)
        || naering_bind_text(st, ":text", t->text)
        || naering_bind_text(st, ":checks", t->checks ? t->checks : "")
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "document text");
    return NULL;
}

static naering_err *naering_add_version(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 doc,
                                        const naering_new_document *d,
                                        const char *author)
{
    sqlite3_stmt *v = naering_stmt(db, SQL_DOCVER_INSERT);
    sqlite3_stmt *s = naering_stmt(db, SQL_DOC_SET_VERSION);
    sqlite3_int64 ver;

    if (!v || !s || naering_bind_int(v, ":doc", doc)
        || naering_bind_text(v, ":sha256", d->sha256)
        || naering_bind_int(v, ":size", d->size)
        || naering_bind_text(v, ":mime", d->mime)
        || naering_bind_text(v, ":author", author)
        || (ver = naering_step_write(db, v)) < 0
        || naering_bind_int(s, ":version", ver)
        || naering_bind_int(s, ":doc", doc) || naering_step_write(db, s) < 0)
        return naering_db_err(db, p, "document version");
    return d->text ? naering_text_put(db, p, d->sha256, d->text)
                   : NULL;
}

/* In the caller's write, or in one of its own (naering-admin reindex and
 * attach write the text alone): its triggers stamp the generation that
 * naering_finish commits. */
naering_err *naering_store_text_put(naering_db *db, apr_pool_t *p,
                                    const char *sha256,
                                    const naering_doc_text *t)
{
    naering_err *e;

    if (!sqlite3_get_autocommit(db->h))
        return naering_text_put(db, p, sha256, t);
    if ((e = naering_begin(db, p)))
        return e;
    return naering_finish(db, p, naering_text_put(db, p, sha256, t));
}

static naering_err *naering_insert_document(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            naering_new_document *d,
                                            const char *author)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DOC_INSERT);
    sqlite3_int64 doc;
    naering_err *e;

    d->filename = naering_free_name(db, p, page, d->filename);
    if (!st || naering_bind_int(st, ":page", page)
        || naering_bind_text(st, ":filename", d->filename)
        || naering_bind_text(st, ":title", d->title)
        || (doc = naering_step_write(db, st)) < 0)
        return naering_db_err(db, p, "document insert");
    if ((e = naering_add_version(db, p, doc, d, author)))
        return e;
    return naering_event(db, p, page, doc, author, "upload", d->filename);
}

/* ---- uploads and versions ------------------------------------------------ */

naering_err *naering_store_add_documents(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page,
                                         apr_array_header_t *docs,
                                         const char *author)
{
    naering_err *e = naering_begin(db, p);
    int i;

    for (i = 0; !e && i < docs->nelts; i++)
        e = naering_insert_document(db, p, page,
                                    &APR_ARRAY_IDX(docs, i,
                                                   naering_new_document),
                                    author);
    if (!e)
        e = naering_reindex(db, p, page);
    return naering_finish(db, p, e);
}

naering_err *naering_store_add_document(naering_db *db, apr_pool_t *p,
                                        const char *page_path,
                                        const char *title,
                                        const char *filename,
                                        const char *mime,
                                        const char *sha256, apr_off_t size,
                                        const char *author)
{
    apr_array_header_t *docs = apr_array_make(p, 1,
                                              sizeof(naering_new_document));
    naering_new_document *d = apr_array_push(docs);
    sqlite3_int64 page;
    naering_err *e = naering_page_id(db, p, page_path, &page);

    if (e)
        return e;
    if (page <= 0)
        return naering_err_make(p, 404, "%s: no page at %s", db->path,
                                page_path);
    d->title = title;
    d->filename = filename;
    d->mime = mime;
    d->sha256 = sha256;
    d->size = size;
    return naering_store_add_documents(db, p, page, docs, author);
}

/* The document's current name, type and whether it is in the trash. */
static naering_err *naering_doc_head(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, sqlite3_int64 doc,
                                     naering_document *out, int *trashed)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DOC_OF_PAGE);
    int rc;

    if (!st || naering_bind_int(st, ":doc", doc)
        || naering_bind_int(st, ":page", page))
        return naering_db_err(db, p, "document");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = doc;
        out->filename = naering_col(p, st, 1);
        *trashed = sqlite3_column_int(st, 2);
        out->mime = naering_col(p, st, 3);
        out->title = naering_col(p, st, 4);
    }
    naering_stmt_done(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? naering_err_make(p, 404, "no document %"
                                                    APR_INT64_T_FMT " on "
                                                    "this page",
                                                    (apr_int64_t)doc)
                                 : naering_db_err(db, p, "document");
    return NULL;
}

naering_err *naering_store_replace_document(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            sqlite3_int64 doc,
                                            const naering_new_document *d,
                                            const char *author)
{
    naering_err *e = naering_begin(db, p);
    naering_document cur;
    int trashed = 0;

    if (!e)
        e = naering_doc_head(db, p, page, doc, &cur, &trashed);
    if (!e && strcmp(cur.mime, d->mime) != 0)
        e = naering_err_make(p, 415, "%s is %s; the new file is %s",
                             cur.filename, cur.mime, d->mime);
    if (!e)
        e = naering_add_version(db, p, doc, d, author);
    if (!e)
        e = naering_event(db, p, page, doc, author, "replace", d->filename);
    return naering_finish(db, p, e);
}

static void naering_version_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_doc_version *v = out;

    v->id = sqlite3_column_int64(st, 0);
    v->document = sqlite3_column_int64(st, 1);
    v->sha256 = naering_col(p, st, 2);
    v->size = (apr_off_t)sqlite3_column_int64(st, 3);
    v->mime = naering_col(p, st, 4);
    v->created = naering_col_time(st, 5);
    v->author = naering_col(p, st, 6);
    v->current = sqlite3_column_int(st, 7);
}

naering_err *naering_store_doc_versions(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 page,
                                        apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_VERSIONS, ":page", page,
                            naering_version_row, sizeof(naering_doc_version),
                            out, "document versions");
}

naering_err *naering_store_doc_version(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       sqlite3_int64 version,
                                       naering_doc_version *out,
                                       const char **filename, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_VERSION);
    int rc;

    *found = 0;
    if (!st || naering_bind_int(st, ":page", page)
        || naering_bind_int(st, ":version", version))
        return naering_db_err(db, p, "document version");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        naering_version_row(p, st, out);
        *filename = naering_col(p, st, 8);
    }
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
           ? NULL : naering_db_err(db, p, "document version");
}

/* An old version comes back as the newest one: nothing is lost. */
naering_err *naering_store_doc_restore(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       sqlite3_int64 version,
                                       const char *author)
{
    naering_err *e = naering_begin(db, p);
    naering_doc_version v;
    naering_new_document d;
    const char *name = NULL;
    int found = 0;

    if (!e)
        e = naering_store_doc_version(db, p, page, version, &v, &name, &found);
    if (!e && !found)
        e = naering_err_make(p, 404, "no such version on this page");
    if (!e) {
        /* The text of these bytes is stored by their address already. */
        memset(&d, 0, sizeof(d));
        d.sha256 = v.sha256;
        d.size = v.size;
        d.mime = v.mime;
        e = naering_add_version(db, p, v.document, &d, author);
    }
    if (!e)
        e = naering_event(db, p, page, v.document, author, "restore",
                          apr_psprintf(p, "%" APR_INT64_T_FMT,
                                       (apr_int64_t)version));
    return naering_finish(db, p, e);
}

/* ---- the list: all documents, rename, reorder, trash --------------------- */

static void naering_any_doc_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_document *d = out;

    naering_doc_row(p, st, out);
    d->trashed = sqlite3_column_int(st, 7);
    d->text_state = naering_col(p, st, 8);
    d->checks = naering_col(p, st, 9);
}

static void naering_fix_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_any_doc_row(p, st, out);
    ((naering_document *)out)->page_path = naering_col(p, st, 10);
}

naering_err *naering_store_docs_to_fix(naering_db *db, apr_pool_t *p,
                                       apr_array_header_t **docs)
{
    return naering_rows_for(db, p, SQL_DOCS_TO_FIX, NULL, 0,
                            naering_fix_row, sizeof(naering_document), docs,
                            "documents to fix");
}

naering_err *naering_store_documents_all(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page,
                                         apr_array_header_t **docs)
{
    return naering_rows_for(db, p, SQL_ALL_DOCS, ":page", page,
                            naering_any_doc_row, sizeof(naering_document),
                            docs, "documents");
}

naering_err *naering_store_doc_rename(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page, sqlite3_int64 doc,
                                      const char *title, const char *author)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_DOC_RENAME);
    naering_document cur;
    int trashed;

    if (!e)
        e = naering_doc_head(db, p, page, doc, &cur, &trashed);
    if (!e && (!st || naering_bind_text(st, ":title", title)
               || naering_bind_int(st, ":doc", doc)
               || naering_step_write(db, st) < 0))
        e = naering_db_err(db, p, "document rename");
    if (!e)
        e = naering_event(db, p, page, doc, author, "rename", title);
    if (!e)
        e = naering_reindex(db, p, page);
    return naering_finish(db, p, e);
}

/* Into the trash, or back: a name taken in between gets a number. */
naering_err *naering_store_doc_trash(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, sqlite3_int64 doc,
                                     int trash, const char *author)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_DOC_TRASH);
    naering_document cur;
    const char *name;
    int trashed = 0;

    if (!e)
        e = naering_doc_head(db, p, page, doc, &cur, &trashed);
    if (!e && trashed == trash)
        e = naering_err_make(p, 409, "%s is %s in the trash", cur.filename,
                             trash ? "already" : "not");
    if (!e) {
        name = trash ? cur.filename : naering_free_name(db, p, page,
                                                        cur.filename);
        if (!st || naering_bind_int(st, ":trash", trash)
            || naering_bind_text(st, ":filename", name)
            || naering_bind_int(st, ":doc", doc)
            || naering_step_write(db, st) < 0)
            e = naering_db_err(db, p, "document trash");
    }
    if (!e)
        e = naering_event(db, p, page, doc, author,
                          trash ? "trash" : "untrash", cur.filename);
    if (!e)
        e = naering_reindex(db, p, page);
    return naering_finish(db, p, e);
}

naering_err *naering_store_doc_reorder(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page, sqlite3_int64 doc,
                                       int delta, const char *author)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *sib = naering_stmt(db, SQL_DOC_SIBLINGS);
    sqlite3_stmt *pos = naering_stmt(db, SQL_DOC_POSITION);

    if (!e && (!sib || !pos || naering_bind_int(sib, ":page", page)))
        e = naering_db_err(db, p, "reorder");
    if (!e)
        e = naering_move_in_list(db, p, sib, pos, doc, delta);
    if (!e)
        e = naering_event(db, p, page, doc, author, "reorder", "");
    return naering_finish(db, p, e);
}

void naering_event_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_doc_event *ev = out;

    ev->id = sqlite3_column_int64(st, 0);
    ev->created = naering_col_time(st, 1);
    ev->author = naering_col(p, st, 2);
    ev->action = naering_col(p, st, 3);
    ev->detail = naering_col(p, st, 4);
    ev->title = naering_col(p, st, 5);
}

/* What happened to the page's documents, newest first (the history). */
naering_err *naering_store_doc_events(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page,
                                      apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_EVENTS, ":page", page,
                            naering_event_row, sizeof(naering_doc_event), out,
                            "document events");
}

naering_err *naering_store_texts_unread(naering_db *db, apr_pool_t *p,
                                        apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_TEXTS_UNREAD, NULL, 0,
                            naering_version_row, sizeof(naering_doc_version),
                            out, "unread documents");
}

naering_err *naering_store_reindex_all(naering_db *db, apr_pool_t *p)
{
    naering_err *e = naering_begin(db, p);

    return naering_finish(db, p, e ? e : naering_reindex(db, p, 0));
}
