/*
 * The editor's documents: the list with versions and trash (GET
 * ?vis=dokumenter), downloading an old version, uploads and replacements
 * (multipart POST, streamed by upload.c) and the small actions on one
 * document (urlencoded POST): rename, reorder, trash, untrash, restore a
 * version.  Every action answers 303 back to the list.
 */
#include <string.h>
#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "mod_naering.h"

APLOG_USE_MODULE(naering);

#define NAERING_UPLOAD_SLOTS 5
#define NAERING_DOC_TITLE_MAX 200

static int naering_back_to_list(naering_edit_ctx *ec, const char *path,
                                const char *notice)
{
    return naering_see_other(ec->q, path, apr_pstrcat(ec->q->r->pool,
                             "vis=dokumenter&melding=", notice, NULL));
}

/* The list, with a refusal to show when an upload was refused. */
static int naering_docs_view(naering_edit_ctx *ec, naering_page *pg,
                             const char *refused, const char *file,
                             int status)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_DOCUMENTS);
    v.page = pg;
    v.status = status;
    ed.refused = refused;
    ed.refused_file = file;
    if ((e = naering_store_menu(ec->q->db, p, pg->id, &v.menu))
        || (e = naering_store_breadcrumbs(ec->q->db, p, pg->id, &v.crumbs))
        || (e = naering_store_documents(ec->q->db, p, pg->id, &v.documents))
        || (e = naering_store_documents_all(ec->q->db, p, pg->id,
                                            &ed.all_documents))
        || (e = naering_store_doc_versions(ec->q->db, p, pg->id,
                                           &ed.doc_versions)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

int naering_editor_documents(naering_edit_ctx *ec)
{
    naering_page pg;
    int rc = naering_editor_page(ec, &pg);

    return rc != OK ? rc : naering_docs_view(ec, &pg, NULL, NULL, OK);
}

/* An old version's bytes, for the editor only. */
int naering_editor_doc_version(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *s = naering_query_get(p, ec->q->r->args, "versjon");
    const char *name = NULL;
    naering_doc_version v;
    naering_page pg;
    naering_err *e;
    int found = 0, rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    e = naering_store_doc_version(ec->q->db, p, pg.id, s ? apr_atoi64(s) : 0,
                                  &v, &name, &found);
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

/* New documents from slots fil1..fil5 with titles tittel1..tittel5; a
 * title left empty becomes the file name without its extension. */
static apr_array_header_t *naering_new_docs(apr_pool_t *p, naering_upload *up)
{
    apr_array_header_t *docs = apr_array_make(p, up->files->nelts,
                                              sizeof(naering_new_document));
    int i;

    for (i = 0; i < up->files->nelts; i++) {
        naering_upload_file *f = &APR_ARRAY_IDX(up->files, i,
                                                naering_upload_file);
        naering_new_document *d = apr_array_push(docs);
        const char *title = apr_table_get(up->fields, apr_pstrcat(p,
                                          "tittel", f->field + 3, NULL));
        const char *dot = strrchr(f->filename, '.');
        d->title = title && *title ? title
                   : dot ? apr_pstrndup(p, f->filename, dot - f->filename)
                         : f->filename;
        d->filename = f->filename;
        d->mime = f->mime;
        d->sha256 = f->sha256;
        d->size = f->size;
    }
    return docs;
}

static int naering_titles_ok(apr_pool_t *p, naering_upload *up)
{
    int i;

    for (i = 1; i <= NAERING_UPLOAD_SLOTS; i++) {
        const char *t = apr_table_get(up->fields, apr_psprintf(p, "tittel%d",
                                                               i));
        if (t && (!naering_utf8_valid(t, strlen(t))
                  || naering_utf8_chars(t) > NAERING_DOC_TITLE_MAX))
            return 0;
    }
    return 1;
}

static int naering_upload_use(naering_edit_ctx *ec, naering_page *pg,
                              naering_upload *up);

static int naering_store_upload(naering_edit_ctx *ec, naering_page *pg,
                                naering_upload *up, const char *act)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *doc = apr_table_get(up->fields, "dok");
    naering_upload_file *f;
    naering_err *e;

    if (strcmp(act, "erstatt") == 0) {
        if (up->files->nelts != 1 || !doc)
            return naering_docs_view(ec, pg, "one-file", NULL,
                                     HTTP_BAD_REQUEST);
        f = &APR_ARRAY_IDX(up->files, 0, naering_upload_file);
        e = naering_store_replace_document(ec->q->db, p, pg->id,
                apr_atoi64(doc), &APR_ARRAY_IDX(naering_new_docs(p, up), 0,
                                                naering_new_document),
                ec->q->r->user);
        if (e && e->status == HTTP_UNSUPPORTED_MEDIA_TYPE)
            return naering_docs_view(ec, pg, "other-type", f->raw_name,
                                     e->status);
    }
    else
        e = naering_store_add_documents(ec->q->db, p, pg->id,
                                        naering_new_docs(p, up),
                                        ec->q->r->user);
    if (e)
        return naering_fail(ec->q, e);
    return naering_back_to_list(ec, pg->path, strcmp(act, "erstatt") == 0
                                              ? "erstattet" : "lastet-opp");
}

/* After upload_read: CSRF, then types, then bytes, then rows. */
static int naering_upload_checked(naering_edit_ctx *ec, naering_page *pg,
                                  naering_upload *up)
{
    int rc = naering_upload_use(ec, pg, up);

    /* Whatever was not committed goes now, not after the response. */
    naering_upload_discard(up);
    return rc;
}

static int naering_upload_use(naering_edit_ctx *ec, naering_page *pg,
                              naering_upload *up)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *act = apr_table_get(up->fields, "handling");
    naering_upload_file *bad = NULL;
    naering_err *e;

    if (!naering_csrf_valid(p, ec->secret, ec->q->r->user,
                            apr_table_get(up->fields, "csrf"),
                            apr_time_now(), NAERING_CSRF_MAX_AGE)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, ec->q->r, "naering: upload "
                      "refused: missing or wrong CSRF token");
        return naering_error_page(ec->q, HTTP_FORBIDDEN);
    }
    if (!act || (strcmp(act, "last-opp") && strcmp(act, "erstatt")))
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (up->files->nelts == 0)
        return naering_docs_view(ec, pg, "no-file", NULL, HTTP_BAD_REQUEST);
    if (!naering_titles_ok(p, up))
        return naering_docs_view(ec, pg, "title", NULL, HTTP_BAD_REQUEST);
    if ((e = naering_upload_commit(p, up, &bad)))
        return bad ? naering_docs_view(ec, pg, bad->why, bad->raw_name,
                                       e->status)
                   : naering_fail(ec->q, e);
    return naering_store_upload(ec, pg, up, act);
}

int naering_editor_upload(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;
    naering_upload *up = NULL;
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    e = naering_upload_read(r, ec->q->cfg->site->files,
                            naering_cfg_max_upload(ec->q->cfg), &up);
    if (e) {
        /* Do not read the rest of a body we refuse. */
        r->connection->keepalive = AP_CONN_CLOSE;
        if (e->status != HTTP_REQUEST_ENTITY_TOO_LARGE
            && e->status != HTTP_BAD_REQUEST)
            return naering_fail(ec->q, e);      /* logs it, once */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "naering: %s", e->msg);
        return naering_docs_view(ec, &pg, e->status == 400 ? "broken"
                                          : "too-large", NULL, e->status);
    }
    return naering_upload_checked(ec, &pg, up);
}

/* ---- one document (urlencoded) ----------------------------------------- */

int naering_editor_doc_action(naering_edit_ctx *ec, const char *act)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *doc_s = naering_form_text(p, ec->form, "dok");
    const char *title = naering_form_text(p, ec->form, "tittel");
    sqlite3_int64 doc = doc_s && *doc_s ? apr_atoi64(doc_s) : 0;
    const char *user = ec->q->r->user;
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    if (strcmp(act, "dok-tittel") == 0) {
        if (!title || !*title || naering_utf8_chars(title) > NAERING_DOC_TITLE_MAX)
            return naering_docs_view(ec, &pg, "title", NULL, HTTP_BAD_REQUEST);
        e = naering_store_doc_rename(ec->q->db, p, pg.id, doc, title, user);
    }
    else if (strcmp(act, "dok-opp") == 0 || strcmp(act, "dok-ned") == 0)
        e = naering_store_doc_reorder(ec->q->db, p, pg.id, doc,
                                      act[4] == 'o' ? -1 : 1, user);
    else if (strcmp(act, "dok-slett") == 0 || strcmp(act, "dok-tilbake") == 0)
        e = naering_store_doc_trash(ec->q->db, p, pg.id, doc,
                                    act[4] == 's', user);
    else
        e = naering_store_doc_restore(ec->q->db, p, pg.id,
                                      apr_atoi64(naering_form_text(p,
                                                 ec->form, "versjon")
                                                 ?: "0"), user);
    if (e)
        return naering_fail(ec->q, e);
    return naering_back_to_list(ec, pg.path, "dokument-endret");
}
