/*
 * The editor's documents: the list with versions and trash (GET
 * ?vis=dokumenter), downloading an old version, uploads and replacements
 * (multipart POST: the gate has streamed the files into temporary files
 * through httpd/upload.c and checked the CSRF token) and the small actions
 * on one document: rename, reorder, trash, untrash, restore a version.
 * Every action answers 303 back to the list.
 */
#include <string.h>
#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

#define NAERING_UPLOAD_SLOTS 5
#define NAERING_DOC_TITLE_MAX 200
#define NAERING_VIS_DOCS "dokumenter"

static int naering_back_to_list(naering_edit_ctx *ec, const char *notice)
{
    return naering_editor_back(ec, ec->page.path, NAERING_VIS_DOCS, notice);
}

/* The list, with a refusal to show when an upload was refused, or the
 * pages that link to a document about to go to the trash (in). */
static int naering_docs_list(naering_edit_ctx *ec, const char *refused,
                             const char *file, int status,
                             apr_array_header_t *in, sqlite3_int64 doc)
{
    apr_pool_t *p = ec->q->r->pool;
    const naering_page *pg = &ec->page;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_DOCUMENTS);
    v.status = status;
    ed.refused = refused;
    ed.refused_file = file;
    ed.incoming = in;
    ed.incoming_action = in ? "dok-slett" : NULL;
    ed.incoming_doc = doc;
    if ((e = naering_editor_frame(ec, &v, pg))
        || (e = naering_store_documents_all(ec->q->db, p, pg->id,
                                            &ed.all_documents))
        || (e = naering_store_doc_versions(ec->q->db, p, pg->id,
                                           &ed.doc_versions)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

static int naering_docs_answer(naering_edit_ctx *ec, const char *refused,
                               const char *file, int status)
{
    return naering_docs_list(ec, refused, file, status, NULL, 0);
}

int naering_docs_view(naering_edit_ctx *ec)
{
    return naering_docs_answer(ec, NULL, NULL, OK);
}

int naering_docs_refused(naering_edit_ctx *ec, const char *key, int status)
{
    return naering_docs_answer(ec, key, NULL, status);
}

/* An old version's bytes, for the editor only. */
int naering_docs_version(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 id = naering_query_id(naering_query_get(p, ec->q->r->args,
                                                          NAERING_Q_VERSION));
    const char *name = NULL;
    naering_doc_version v;
    naering_err *e;
    int found = 0, rc;

    if ((rc = naering_rights_owned(ec, NAERING_OWNED_VERSION, id)) != DECLINED)
        return rc;
    e = naering_store_doc_version(ec->q->db, p, ec->page.id, id, &v, &name,
                                  &found);
    if (e)
        return naering_fail(ec->q, e);
    if (!found)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    rc = naering_http_send_file(ec->q->r, naering_files_path(p,
                                ec->q->cfg->site->files, v.sha256), v.mime,
                                name);
    return rc == HTTP_NOT_FOUND ? naering_error_page(ec->q, rc) : rc;
}

/* ---- uploads ------------------------------------------------------------ */

/* The slot number of a field named stem1..stem5, else 0. */
static int naering_slot(const char *name, const char *stem)
{
    size_t n = strlen(stem);

    if (strncmp(name, stem, n) != 0 || !name[n] || name[n + 1])
        return 0;
    return name[n] >= '1' && name[n] <= '0' + NAERING_UPLOAD_SLOTS
           ? name[n] - '0' : 0;
}

/* The upload forms' fields and only those, each once: csrf, handling,
 * dok (a replacement), tittel1..5 and the files fil1..5.  Anything else
 * is a request no form of ours sends. */
static int naering_upload_shape_ok(naering_upload *up)
{
    const apr_array_header_t *arr = apr_table_elts(up->fields);
    const apr_table_entry_t *t = (const apr_table_entry_t *)arr->elts;
    int i, j;

    for (i = 0; i < arr->nelts; i++) {
        const char *k = t[i].key;
        if (strcmp(k, NAERING_Q_CSRF) && strcmp(k, NAERING_Q_ACTION)
            && strcmp(k, NAERING_Q_DOC) && !naering_slot(k, NAERING_Q_TITLE))
            return 0;
        for (j = 0; j < i; j++)
            if (strcmp(k, t[j].key) == 0)
                return 0;
    }
    for (i = 0; i < up->files->nelts; i++)
        if (!naering_slot(APR_ARRAY_IDX(up->files, i,
                                        naering_upload_file).field, "fil"))
            return 0;
    return 1;
}

/* New documents from slots fil1..fil5 with titles tittel1..tittel5; a
 * title left empty becomes the file name without its extension.  Each
 * file's text, for search, is read by the text helper now, before its
 * row is written (the bytes are committed already). */
static const naering_doc_text *naering_docs_text(naering_edit_ctx *ec,
                                                 const naering_upload_file *f)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_doc_text *t = apr_pcalloc(p, sizeof(*t));

    naering_doc_text_read(ec->q->r, ec->q->cfg, naering_files_path(p,
                          ec->q->cfg->site->files, f->sha256), f->mime, t);
    return t;
}

static apr_array_header_t *naering_new_docs(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_upload *up = ec->upload;
    apr_array_header_t *docs = apr_array_make(p, up->files->nelts,
                                              sizeof(naering_new_document));
    int i;

    for (i = 0; i < up->files->nelts; i++) {
        naering_upload_file *f = &APR_ARRAY_IDX(up->files, i,
                                                naering_upload_file);
        naering_new_document *d = apr_array_push(docs);
        const char *title = naering_editor_field(ec, apr_psprintf(p,
                                NAERING_Q_TITLE "%d",
                                naering_slot(f->field, "fil")));
        const char *dot = strrchr(f->filename, '.');
        d->title = title && *title ? title
                   : dot ? apr_pstrndup(p, f->filename, dot - f->filename)
                         : f->filename;
        d->filename = f->filename;
        d->mime = f->mime;
        d->sha256 = f->sha256;
        d->size = f->size;
        d->text = naering_docs_text(ec, f);
    }
    return docs;
}

static int naering_titles_ok(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    int i;

    for (i = 1; i <= NAERING_UPLOAD_SLOTS; i++) {
        const char *t = naering_editor_field(ec, apr_psprintf(p, NAERING_Q_TITLE
                                                              "%d", i));
        if (!t || naering_utf8_chars(t) > NAERING_DOC_TITLE_MAX)
            return 0;
    }
    return 1;
}

/* Types, then bytes: the first refusal stops it all, and nothing of it
 * stays (the gate discards what was not committed).  DECLINED when all
 * went in, else what was answered. */
static int naering_upload_files(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_upload_file *bad = NULL;
    naering_err *e;

    if (!naering_upload_shape_ok(ec->upload))
        return naering_docs_answer(ec, "broken", NULL, HTTP_BAD_REQUEST);
    if (ec->upload->files->nelts == 0)
        return naering_docs_answer(ec, "no-file", NULL, HTTP_BAD_REQUEST);
    if (!naering_titles_ok(ec))
        return naering_docs_answer(ec, "title", NULL, HTTP_BAD_REQUEST);
    if ((e = naering_upload_commit(p, ec->upload, &bad)))
        return bad ? naering_docs_answer(ec, bad->why, bad->raw_name,
                                         e->status)
                   : naering_fail(ec->q, e);
    return DECLINED;
}

int naering_docs_upload(naering_edit_ctx *ec)
{
    naering_err *e;
    int rc = naering_upload_files(ec);

    if (rc != DECLINED)
        return rc;
    e = naering_store_add_documents(ec->q->db, ec->q->r->pool, ec->page.id,
                                    naering_new_docs(ec), ec->q->r->user);
    return e ? naering_fail(ec->q, e) : naering_back_to_list(ec, "lastet-opp");
}

int naering_docs_replace(naering_edit_ctx *ec)
{
    sqlite3_int64 doc = naering_editor_id(ec, NAERING_Q_DOC);
    naering_upload_file *f;
    naering_err *e;
    int rc;

    if ((rc = naering_rights_owned(ec, NAERING_OWNED_DOCUMENT, doc))
        != DECLINED || (rc = naering_upload_files(ec)) != DECLINED)
        return rc;
    if (ec->upload->files->nelts != 1 || !doc)
        return naering_docs_answer(ec, "one-file", NULL, HTTP_BAD_REQUEST);
    f = &APR_ARRAY_IDX(ec->upload->files, 0, naering_upload_file);
    e = naering_store_replace_document(ec->q->db, ec->q->r->pool, ec->page.id,
            doc, &APR_ARRAY_IDX(naering_new_docs(ec), 0, naering_new_document),
            ec->q->r->user);
    if (e && e->status == HTTP_UNSUPPORTED_MEDIA_TYPE)
        return naering_docs_answer(ec, "other-type", f->raw_name, e->status);
    return e ? naering_fail(ec->q, e) : naering_back_to_list(ec, "erstattet");
}

/* ---- one document (urlencoded) ----------------------------------------- */

/* The document the form names, when it is this page's: DECLINED. */
static int naering_doc_arg(naering_edit_ctx *ec, sqlite3_int64 *doc)
{
    *doc = naering_editor_id(ec, NAERING_Q_DOC);
    return naering_rights_owned(ec, NAERING_OWNED_DOCUMENT, *doc);
}

static int naering_doc_done(naering_edit_ctx *ec, naering_err *e)
{
    return e ? naering_fail(ec->q, e)
             : naering_back_to_list(ec, "dokument-endret");
}

int naering_docs_rename(naering_edit_ctx *ec)
{
    const char *title = naering_editor_field(ec, NAERING_Q_TITLE);
    sqlite3_int64 doc;
    int rc = naering_doc_arg(ec, &doc);

    if (rc != DECLINED)
        return rc;
    if (!title || !*title
        || naering_utf8_chars(title) > NAERING_DOC_TITLE_MAX)
        return naering_docs_answer(ec, "title", NULL, HTTP_BAD_REQUEST);
    return naering_doc_done(ec, naering_store_doc_rename(ec->q->db,
                            ec->q->r->pool, ec->page.id, doc, title,
                            ec->q->r->user));
}

static int naering_doc_reorder(naering_edit_ctx *ec, int delta)
{
    sqlite3_int64 doc;
    int rc = naering_doc_arg(ec, &doc);

    if (rc != DECLINED)
        return rc;
    return naering_doc_done(ec, naering_store_doc_reorder(ec->q->db,
                            ec->q->r->pool, ec->page.id, doc, delta,
                            ec->q->r->user));
}

int naering_docs_up(naering_edit_ctx *ec)
{
    return naering_doc_reorder(ec, -1);
}

int naering_docs_down(naering_edit_ctx *ec)
{
    return naering_doc_reorder(ec, 1);
}

/* The pages that link to document doc of this page (none when it is
 * not there: the store says 404). */
static naering_err *naering_doc_linked(naering_edit_ctx *ec,
                                       sqlite3_int64 doc,
                                       apr_array_header_t **in)
{
    apr_array_header_t *all;
    naering_err *e = naering_store_documents_all(ec->q->db, ec->q->r->pool,
                                                 ec->page.id, &all);
    int i;

    *in = NULL;
    for (i = 0; !e && i < all->nelts; i++)
        if (APR_ARRAY_IDX(all, i, naering_document).id == doc)
            return naering_links_into_doc(ec, APR_ARRAY_IDX(all, i,
                                          naering_document).filename, in);
    return e;
}

static int naering_doc_trash(naering_edit_ctx *ec, int trash)
{
    apr_array_header_t *in = NULL;
    sqlite3_int64 doc;
    naering_err *e;
    int rc = naering_doc_arg(ec, &doc);

    if (rc != DECLINED)
        return rc;
    if (trash && !naering_links_confirmed(ec)) {
        if ((e = naering_doc_linked(ec, doc, &in)))
            return naering_fail(ec->q, e);
        if (in && in->nelts)
            return naering_docs_list(ec, NULL, NULL, HTTP_CONFLICT, in, doc);
    }
    return naering_doc_done(ec, naering_store_doc_trash(ec->q->db,
                            ec->q->r->pool, ec->page.id, doc, trash,
                            ec->q->r->user));
}

int naering_docs_trash(naering_edit_ctx *ec)
{
    return naering_doc_trash(ec, 1);
}

int naering_docs_untrash(naering_edit_ctx *ec)
{
    return naering_doc_trash(ec, 0);
}

int naering_docs_restore(naering_edit_ctx *ec)
{
    sqlite3_int64 version = naering_editor_id(ec, NAERING_Q_VERSION);
    int rc = naering_rights_owned(ec, NAERING_OWNED_VERSION, version);

    if (rc != DECLINED)
        return rc;
    return naering_doc_done(ec, naering_store_doc_restore(ec->q->db,
                            ec->q->r->pool, ec->page.id, version,
                            ec->q->r->user));
}

/* "Dokumenter som bør rettes": the site's documents with accessibility
 * warnings, of the pages Apache lets this editor at (asked once a path). */
int naering_docs_checks_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    apr_array_header_t *all, *mine;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;
    int i;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_DOC_CHECKS);
    if ((e = naering_store_docs_to_fix(ec->q->db, p, &all)))
        return naering_fail(ec->q, e);
    mine = apr_array_make(p, all->nelts, sizeof(naering_document));
    for (i = 0; i < all->nelts; i++) {
        naering_document *d = &APR_ARRAY_IDX(all, i, naering_document);
        if (naering_rights_may(ec, d->page_path))
            *(naering_document *)apr_array_push(mine) = *d;
    }
    ed.docs_to_fix = mine;
    return naering_send_view(ec->q, &v);
}
