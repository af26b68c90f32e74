/*
 * The Apache-facing half of the module's API: the per-directory config,
 * the module record and the handlers.  Files that include httpd headers
 * include this one; the pure parts include only naering.h.
 */
#ifndef MOD_NAERING_H
#define MOD_NAERING_H

#include "httpd.h"
#include "http_config.h"
#include "naering.h"

#define NAERING_UNSET (-1)
#define NAERING_HANDLER "naering"

typedef struct {
    naering_site *site;           /* NaeringDatabase */
    const char *base;             /* mount point: "" or "/site" */
    naering_templates *templates; /* NaeringTemplates */
    const char *site_name;        /* NaeringSiteName */
    int xml_output;               /* NaeringXmlOutput */
    apr_off_t max_upload;         /* NaeringMaxUpload, bytes */
    apr_array_header_t *purge;    /* NaeringPurge: cache URLs to ban */
} naering_dir_cfg;

#define NAERING_DEFAULT_MAX_UPLOAD ((apr_off_t)50 * 1024 * 1024)

extern module AP_MODULE_DECLARE_DATA naering_module;
extern const command_rec naering_cmds[];

void *naering_create_dir_config(apr_pool_t *p, char *dir);
void *naering_merge_dir_config(apr_pool_t *p, void *basev, void *addv);

/* The templates a request uses: its own, or the installed default. */
const naering_templates *naering_cfg_templates(const naering_dir_cfg *c);
void naering_set_default_templates(naering_templates *t);
const char *naering_cfg_site_name(const naering_dir_cfg *c);
apr_off_t naering_cfg_max_upload(const naering_dir_cfg *c);

int naering_handler(request_rec *r);

/* One request's working set, shared by the handler's files. */
typedef struct {
    request_rec *r;
    const naering_dir_cfg *cfg;
    naering_db *db;
    int db_ok;                  /* the connection may go back to the pool */
    sqlite3_int64 gen;          /* the site's generation (naering_validate) */
    const char *cache_key;      /* set: what send_view renders is kept */
} naering_req;

/* handler.c: answering */
void naering_view_init(naering_req *q, naering_view *v,
                       naering_view_kind kind);
int naering_send_view(naering_req *q, const naering_view *v);
int naering_error_page(naering_req *q, int status);
int naering_fail(naering_req *q, naering_err *e);
int naering_validate(naering_req *q, const char *variant);
/* After naering_validate: answers from the render cache (OK), or marks
 * the request so that its rendering is kept (DECLINED). */
int naering_from_cache(naering_req *q);
int naering_redirect(naering_req *q, const char *path, int keep_args);

/* editor*.c: the editor, below <base>/redigering */
typedef struct {
    naering_req *q;
    const char *path;           /* the page being edited */
    const char *secret;         /* the site's CSRF secret */
    const char *form;           /* a POST's urlencoded body */
} naering_edit_ctx;

int naering_editor(naering_req *q, const naering_route *rt);
int naering_editor_get(naering_edit_ctx *ec);
int naering_editor_post(naering_edit_ctx *ec);
int naering_editor_logout(naering_req *q);
void naering_editor_init(naering_edit_ctx *ec, naering_view *v,
                         naering_editor_view *ed, naering_view_kind kind);
/* editor_docs.c */
int naering_editor_documents(naering_edit_ctx *ec);
int naering_editor_doc_version(naering_edit_ctx *ec);
int naering_editor_upload(naering_edit_ctx *ec);
int naering_editor_doc_action(naering_edit_ctx *ec, const char *act);

#define NAERING_CSRF_MAX_AGE (12 * 3600)

/* 303 to the editor of path, with optional query args. */
int naering_see_other(naering_req *q, const char *path, const char *args);
/* The edit form (or the new-page form) with values, errors, a preview or
 * a conflict, answered with status. */
int naering_editor_form(naering_edit_ctx *ec, naering_view_kind kind,
                        naering_page *pg, naering_editor_view *ed,
                        int status);
/* The page being edited, drafts included; !OK: already answered. */
int naering_editor_page(naering_edit_ctx *ec, naering_page *pg);

/* upload.c: a multipart body streamed into temporary files */
typedef struct {
    const char *field;          /* the form field */
    const char *raw_name;       /* the file name as the browser sent it */
    const char *filename;       /* cleaned (after commit) */
    const char *mime;           /* from the bytes (after commit) */
    const char *why;            /* refused: type, mismatch, name */
    const char *sha256;         /* after commit */
    unsigned char *head;        /* the first bytes, for the type */
    apr_size_t head_len;
    apr_off_t size;
    naering_file_writer *writer;
} naering_upload_file;

typedef struct {
    apr_table_t *fields;        /* the text fields */
    apr_array_header_t *files;  /* naering_upload_file, in form order */
} naering_upload;

naering_err *naering_upload_read(request_rec *r, const char *dir,
                                 apr_off_t max, naering_upload **out);
naering_err *naering_upload_commit(apr_pool_t *p, naering_upload *up,
                                   naering_upload_file **bad);
/* Removes the temporary files of an upload that is refused. */
void naering_upload_discard(naering_upload *up);

/* purge.c: after a write, ban the site in the caches in front */
void naering_purge_later(request_rec *r);
int naering_purge_transaction(request_rec *r);

/* public.c: what visitors see */
int naering_page_view(naering_req *q, const char *path);
int naering_document_get(naering_req *q, const naering_route *rt);
int naering_search_page(naering_req *q);
int naering_feed_view(naering_req *q, naering_view_kind kind);
int naering_asset(naering_req *q, const char *name);

/* http.c */
void naering_http_headers(request_rec *r, int public_cache);
int naering_http_send(request_rec *r, const char *ctype, const char *body,
                      apr_size_t len);
int naering_http_send_file(request_rec *r, const char *path,
                           const char *ctype, const char *filename);

#endif
