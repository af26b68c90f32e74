/*
 * mod_naering: the module's internal API.
 *
 * Every file of the module includes this header and nothing of another
 * file's internals.  The parts split by responsibility:
 *
 *   route.c     URI (relative to the site's mount point) -> action   (pure)
 *   store.c     the only file that speaks SQL                        (no httpd)
 *   xml.c       data -> the XML document the templates see           (pure)
 *   render.c    compiled XSLT + per-request transform                (no httpd)
 *   site.c      site registry and per-site connection pools          (httpd)
 *   config.c    directives, create/merge                             (httpd)
 *   handler.c   the request handler: ties the parts together         (httpd)
 *
 * The parts marked "no httpd" or "pure" link into the unit tests and the
 * naering-admin tool without Apache.
 */
#ifndef NAERING_H
#define NAERING_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <apr_thread_mutex.h>
#include <sqlite3.h>
#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/security.h>

/* ---- errors ------------------------------------------------------------ */

/* An error travels up as a value; the handler logs it once and turns it into
 * an HTTP status.  NULL means success. */
typedef struct naering_err {
    int status;          /* HTTP status the error maps to */
    const char *msg;     /* one line for the error log */
} naering_err;

naering_err *naering_err_make(apr_pool_t *p, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- route.c ----------------------------------------------------------- */

typedef enum {
    NAERING_ROUTE_PAGE,      /* a page by path */
    NAERING_ROUTE_DOCUMENT,  /* <page>/dokumenter/<file name> */
    NAERING_ROUTE_ASSET,     /* /ressurser/<name>: CSS, icons of the templates */
    NAERING_ROUTE_EDIT,      /* /redigering/<page path> */
    NAERING_ROUTE_SEARCH,    /* /sok */
    NAERING_ROUTE_FEED,      /* /feed.atom */
    NAERING_ROUTE_SITEMAP,   /* /sitemap.xml */
    NAERING_ROUTE_REDIRECT,  /* not canonical: 301 to page_path */
    NAERING_ROUTE_NOT_FOUND  /* cannot name anything on the site */
} naering_action;

typedef struct {
    naering_action action;
    const char *page_path;   /* "/" or "/a/b" (canonical); redirect target */
    const char *name;        /* document file name or asset name */
} naering_route;

/* Path segments that are not page slugs anywhere on a site. */
#define NAERING_SEG_DOCUMENTS "dokumenter"
#define NAERING_SEG_ASSETS    "ressurser"
#define NAERING_SEG_EDIT      "redigering"
#define NAERING_SEG_SEARCH    "sok"

/* rel is the decoded path below the site's mount point ("" or "/..."). */
naering_route naering_route_parse(apr_pool_t *p, const char *rel);
int naering_slug_valid(const char *slug);
/* A valid slug that is free to use under parent_path (not one of the
 * site's own top-level words: sok, redigering, ressurser). */
int naering_slug_usable(const char *parent_path, const char *slug);

/* ---- query.c ----------------------------------------------------------- */

/* The decoded value of parameter name in a query string, "" for a bare
 * name, NULL when absent or malformed. */
const char *naering_query_get(apr_pool_t *p, const char *args,
                              const char *name);
/* Whether the parameter is there at all (also when it cannot be read). */
int naering_query_present(const char *args, const char *name);
/* A copy of UTF-8 text with what XML 1.0 cannot carry made spaces. */
char *naering_xml_chars(apr_pool_t *p, const char *s);

/* ---- sanitize.c -------------------------------------------------------- */

/* Parses html (UTF-8) with libxml2's HTML parser and rebuilds it from an
 * allow-list; *out is a well-formed XHTML fragment (no wrapper element).
 * Invalid UTF-8 or NUL: error 400. */
naering_err *naering_sanitize(apr_pool_t *p, const char *html,
                              apr_size_t len, const char **out);
/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * <= U+10FFFF) and has no NUL. */
int naering_utf8_valid(const char *s, apr_size_t len);

/* ---- diff.c ------------------------------------------------------------ */

/* Plain text of a stored XHTML fragment: blocks become line breaks. */
const char *naering_xhtml_text(apr_pool_t *p, const char *xhtml);
/* Appends <same>, <del>, <ins> runs of a word diff of a -> b to parent;
 * returns the number of changed words. */
int naering_diff_words(apr_pool_t *p, const char *a, const char *b,
                       xmlNodePtr parent);

/* ---- csrf.c ------------------------------------------------------------ */

/* A token for user, valid for max_age seconds from now. */
const char *naering_csrf_token(apr_pool_t *p, const char *secret,
                               const char *user, apr_time_t now);
int naering_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                       const char *token, apr_time_t now, int max_age);

/* ---- search.c ---------------------------------------------------------- */

/* A visitor's search text as an FTS5 expression of quoted prefix terms;
 * NULL when nothing searchable is left. */
const char *naering_search_query(apr_pool_t *p, const char *input);

/* snippet.c: about 24 words of the best of cols (in order of preference)
 * around the words that start with a term of fts (an expression from
 * naering_search_query), hits in \001...\002, "…" where cut.  Never NULL. */
const char *naering_snippet(apr_pool_t *p, const char *fts,
                            const char *const *cols, int ncols);

/* ---- store.c ----------------------------------------------------------- */

typedef struct naering_db naering_db;

typedef struct {
    sqlite3_int64 id;
    sqlite3_int64 parent_id;     /* 0 for the front page */
    sqlite3_int64 revision;
    const char *path;
    const char *title;
    const char *summary;
    const char *body;            /* sanitized XHTML fragment */
    const char *contact_name;
    const char *contact_email;
    const char *contact_phone;
    const char *author;          /* who wrote the current revision */
    const char *comment;         /* the revision's comment (history) */
    apr_time_t updated;
    int draft;
    int in_menu;                 /* listed in the menus */
} naering_page;

/* Whether a save lists the page in the menus. */
typedef enum {
    NAERING_MENU_KEEP = 0, NAERING_MENU_SHOW = 1, NAERING_MENU_HIDE = 2
} naering_menu_choice;

/* What an editor submits for a page. */
typedef struct {
    const char *title;
    const char *summary;
    const char *body;            /* sanitized XHTML fragment */
    const char *contact_name;
    const char *contact_email;
    const char *contact_phone;
    const char *comment;         /* the revision's comment */
    int draft;
    naering_menu_choice menu;    /* zero (KEEP) leaves it as it is */
} naering_page_fields;

/* A line of a page's history. */
typedef struct {
    sqlite3_int64 id;
    const char *title;
    const char *author;
    const char *comment;
    apr_time_t created;
} naering_revision;

/* A line of the site's recent changes. */
typedef struct {
    sqlite3_int64 revision;
    sqlite3_int64 page;
    const char *path;
    const char *title;
    const char *author;
    const char *comment;
    apr_time_t created;
    int draft;
    int deleted;
} naering_change;

typedef struct {
    sqlite3_int64 id;
    sqlite3_int64 parent_id;
    const char *path;
    const char *title;
} naering_menu_item;

typedef struct {
    sqlite3_int64 id;
    const char *title;
    const char *filename;
    const char *mime;
    const char *sha256;          /* content address of the bytes */
    apr_off_t size;
    apr_time_t updated;
    int trashed;                 /* editor lists: in the trash */
} naering_document;

/* A file on its way in: bytes committed, row not yet. */
typedef struct {
    const char *title;
    const char *filename;        /* cleaned; the store makes it unique */
    const char *mime;
    const char *sha256;
    apr_off_t size;
} naering_new_document;

/* A line of a page's document history. */
typedef struct {
    sqlite3_int64 id;
    const char *author;
    const char *action;          /* upload, replace, rename, ... */
    const char *detail;
    const char *title;           /* the document's title now */
    apr_time_t created;
} naering_doc_event;

/* One version of a document's bytes. */
typedef struct {
    sqlite3_int64 id;
    sqlite3_int64 document;
    const char *sha256;
    const char *mime;
    const char *author;
    apr_off_t size;
    apr_time_t created;
    int current;
} naering_doc_version;

/* A page in a list: the feed, the sitemap. */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *summary;
    const char *author;
    apr_time_t updated;
} naering_entry;

/* A search hit; snippet marks matches with \001 ... \002. */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *summary;
    const char *snippet;
} naering_hit;

/* Opens and migrates the database; creates it only when create is set
 * (naering-admin init): the module never makes an empty site in place of
 * a file that has gone missing.  On error *out is NULL and the error says
 * what the admin should look at. */
naering_err *naering_store_open(apr_pool_t *p, const char *path, int create,
                                naering_db **out);
/* Whether the connection can only read (then it is not pooled). */
int naering_store_readonly(naering_db *db);
void naering_store_close(naering_db *db);
/* A read transaction over a whole public view: the generation, the page,
 * its menu and its documents come from one snapshot, and SQLite takes
 * its read lock once rather than once per query.  End ends whatever is
 * open, so a connection always goes back to the pool in autocommit. */
naering_err *naering_store_read_begin(naering_db *db, apr_pool_t *p);
void naering_store_read_end(naering_db *db);
sqlite3 *naering_store_handle(naering_db *db);
int naering_store_schema_version(void);

/* Reads.  NULL error and *found == 0 means "no such thing". */
naering_err *naering_store_page(naering_db *db, apr_pool_t *p,
                                const char *path, naering_page *out,
                                int *found);
naering_err *naering_store_menu(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 current_id,
                                apr_array_header_t **items);
naering_err *naering_store_breadcrumbs(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page_id,
                                       apr_array_header_t **items);
naering_err *naering_store_documents(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page_id,
                                     apr_array_header_t **docs);
naering_err *naering_store_document(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page_id,
                                    const char *filename,
                                    naering_document *out, int *found);

/* The site's generation (bumped by every write) and last change time:
 * the validators of every public response. */
naering_err *naering_store_generation(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 *gen, apr_time_t *changed);
/* Where a page that used to be at path is now; *now NULL if nowhere. */
naering_err *naering_store_old_path(naering_db *db, apr_pool_t *p,
                                    const char *path, const char **now);
naering_err *naering_store_recent(naering_db *db, apr_pool_t *p, int limit,
                                  apr_array_header_t **entries);
naering_err *naering_store_all_pages(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t **entries);
/* query is an FTS5 expression from naering_search_query(). */
naering_err *naering_store_search(naering_db *db, apr_pool_t *p,
                                  const char *query, int limit, int offset,
                                  apr_array_header_t **hits, int *total);

/* Writes (used by naering-admin and, later, the editor). */
naering_err *naering_store_exec_script(naering_db *db, apr_pool_t *p,
                                       const char *sql);
naering_err *naering_store_add_document(naering_db *db, apr_pool_t *p,
                                        const char *page_path,
                                        const char *title,
                                        const char *filename,
                                        const char *mime,
                                        const char *sha256, apr_off_t size,
                                        const char *author);

/* Documents (store_docs.c).  Several uploads commit together; names are
 * made unique per page ("Referat-2.pdf").  Replacing keeps name and URL
 * and refuses another type (415).  Every change is a document_event. */
naering_err *naering_store_add_documents(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page,
                                         apr_array_header_t *docs,
                                         const char *author);
naering_err *naering_store_replace_document(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            sqlite3_int64 doc,
                                            const naering_new_document *d,
                                            const char *author);
naering_err *naering_store_doc_versions(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 page,
                                        apr_array_header_t **out);
naering_err *naering_store_doc_version(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       sqlite3_int64 version,
                                       naering_doc_version *out,
                                       const char **filename, int *found);
naering_err *naering_store_doc_restore(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       sqlite3_int64 version,
                                       const char *author);
naering_err *naering_store_doc_events(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page,
                                      apr_array_header_t **out);
/* Live documents first, then the trashed ones (trashed = 1). */
naering_err *naering_store_documents_all(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page,
                                         apr_array_header_t **docs);
naering_err *naering_store_doc_rename(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page, sqlite3_int64 doc,
                                      const char *title, const char *author);
naering_err *naering_store_doc_trash(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page, sqlite3_int64 doc,
                                     int trash, const char *author);
naering_err *naering_store_doc_reorder(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page, sqlite3_int64 doc,
                                       int delta, const char *author);

/* Moves the page at path (and everything below it) under new_parent with
 * a new slug; its old paths answer 301 from then on.  Errors: 404 (no
 * such page or parent), 400 (front page, bad slug, below itself), 409
 * (a page is already there). */
naering_err *naering_store_move(naering_db *db, apr_pool_t *p,
                                const char *path, const char *new_parent,
                                const char *slug, const char **new_path);

/* Editing (store_edit.c).  save: a new revision when base is still the
 * page's current one, else 409 with *rev = the current revision. */
naering_err *naering_store_save(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 page, sqlite3_int64 base,
                                const naering_page_fields *f,
                                const char *author, sqlite3_int64 *rev);
/* A new page (a draft) below parent_path; *path is where it lives. */
naering_err *naering_store_create(naering_db *db, apr_pool_t *p,
                                  const char *parent_path, const char *slug,
                                  const naering_page_fields *f,
                                  const char *author, const char **path);
naering_err *naering_store_revisions(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     apr_array_header_t **revs);
naering_err *naering_store_revision(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 rev,
                                    naering_page *out, int *found);
naering_err *naering_store_trash(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 page);
naering_err *naering_store_trashed(naering_db *db, apr_pool_t *p,
                                   apr_array_header_t **pages);
naering_err *naering_store_untrash(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page, const char **path);
naering_err *naering_store_reorder(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page, int delta);
naering_err *naering_store_changes(naering_db *db, apr_pool_t *p, int limit,
                                   apr_array_header_t **changes);
naering_err *naering_store_secret(naering_db *db, apr_pool_t *p,
                                  const char **secret);

/* ---- form.c ------------------------------------------------------------ */

/* A problem with one field, by the string-table key of its message. */
typedef struct {
    const char *field;
    const char *key;             /* required, too-long, one-line, ... */
} naering_field_err;

size_t naering_utf8_chars(const char *s);
/* A field of an urlencoded form, CRLF folded; "" if absent, NULL if it is
 * not UTF-8. */
const char *naering_form_text(apr_pool_t *p, const char *form,
                              const char *name);
/* Reads and checks a page's fields; the body comes back sanitized.
 * Returns an error (400) only when the request itself is bad. */
naering_err *naering_form_page(apr_pool_t *p, const char *form,
                               naering_page_fields *f,
                               apr_array_header_t *errors);

#define NAERING_MULTIPART_DECLARED
#define NAERING_SANITIZE_DECLARED
#define NAERING_DIFF_DECLARED
/* ---- multipart.c: streaming multipart/form-data parser ----------------- */

/* Limits of one body.  Its size (413) is the caller's to count. */
#define NAERING_MP_MAX_PARTS        1000
#define NAERING_MP_MAX_HEADER_BYTES 8192  /* one part's header block */
#define NAERING_MP_MAX_HEADER_LINES 32

typedef struct naering_mp naering_mp;

/* Any callback may be NULL.  Return NULL to go on; an error stops the parser
 * and comes back from naering_mp_feed unchanged.  part_begin's strings are
 * NUL-terminated, valid UTF-8 without control characters, and live until
 * the next part begins: copy what must outlive part_end.  filename is NULL
 * for a plain field, "" for a file input left empty; filename*=UTF-8''...
 * wins over filename="...".  ctype is NULL without a Content-Type.  A part
 * cut short by an error gets no part_end: clean up on the error. */
typedef struct {
    naering_err *(*part_begin)(void *ctx, const char *name,
                               const char *filename, const char *ctype);
    naering_err *(*part_data)(void *ctx, const char *data, apr_size_t len);
    naering_err *(*part_end)(void *ctx);
} naering_mp_callbacks;

/* content_type is the request's Content-Type: 415 unless it is
 * multipart/form-data, 400 without a valid boundary.  *cb is copied. */
naering_err *naering_mp_create(apr_pool_t *p, const char *content_type,
                               const naering_mp_callbacks *cb, void *ctx,
                               naering_mp **out);
/* Any split of the body gives the same callbacks.  After an error every
 * later call returns that same error and makes no callback. */
naering_err *naering_mp_feed(naering_mp *mp, const char *data,
                             apr_size_t len);
/* At the end of the body: 400 unless the closing boundary came. */
naering_err *naering_mp_finish(naering_mp *mp);

/* ---- magic.c: what an uploaded file is and may be called -------------- */

/* The type to serve a file as, from its first bytes checked against its
 * name's extension; NULL when refused, with *why "type" (not on the
 * allow-list) or "mismatch" (the bytes are something else). */
const char *naering_sniff(apr_pool_t *p, const unsigned char *head,
                          apr_size_t n, const char *filename,
                          const char **why);
/* A browser's file name made safe and readable: no directory part, NFC,
 * no control characters, at most 150 bytes; NULL when nothing is left. */
const char *naering_filename_clean(apr_pool_t *p, const char *raw);
/* "Referat.pdf", 2 -> "Referat-2.pdf" */
const char *naering_filename_numbered(apr_pool_t *p, const char *name,
                                      int n);

/* naering-admin (store_admin.c): an online backup to dest; integrity and
 * foreign-key problems as lines; the content addresses in use; every
 * row to an XML file, and back into an empty site. */
naering_err *naering_store_backup(naering_db *db, apr_pool_t *p,
                                  const char *dest);
naering_err *naering_store_check(naering_db *db, apr_pool_t *p,
                                 apr_array_header_t *problems);
naering_err *naering_store_file_refs(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t *shas);
naering_err *naering_store_export(naering_db *db, apr_pool_t *p,
                                  const char *file);
naering_err *naering_store_import(naering_db *db, apr_pool_t *p,
                                  const char *file);

/* ---- files.c: content-addressed document bytes ------------------------- */

/* Streaming: begin a temporary file in dir, write, commit (fsync, rename
 * to its SHA-256).  A writer not committed is removed with its pool. */
typedef struct naering_file_writer naering_file_writer;
naering_err *naering_files_begin(apr_pool_t *p, const char *dir,
                                 naering_file_writer **out);
naering_err *naering_files_write(naering_file_writer *w, const char *data,
                                 apr_size_t len);
naering_err *naering_files_commit(naering_file_writer *w, const char **sha256,
                                  apr_off_t *size);
/* Removes the temporary file now (a refused upload leaves nothing). */
void naering_files_abort(naering_file_writer *w);
/* Copies src into dir under its SHA-256 (tmp file, fsync, rename). */
naering_err *naering_files_put(apr_pool_t *p, const char *dir,
                               const char *src, const char **sha256,
                               apr_off_t *size);
const char *naering_files_path(apr_pool_t *p, const char *dir,
                               const char *sha256);
const char *naering_files_default_dir(apr_pool_t *p, const char *database);

/* ---- xml.c ------------------------------------------------------------- */

typedef enum {
    NAERING_VIEW_PAGE,
    NAERING_VIEW_ERROR,
    NAERING_VIEW_SEARCH,
    NAERING_VIEW_FEED,
    NAERING_VIEW_SITEMAP,
    NAERING_VIEW_EDIT,
    NAERING_VIEW_NEW,
    NAERING_VIEW_HISTORY,
    NAERING_VIEW_DIFF,
    NAERING_VIEW_CONFLICT,
    NAERING_VIEW_TRASH,
    NAERING_VIEW_CHANGES,
    NAERING_VIEW_DOCUMENTS
} naering_view_kind;

/* The editor's part of a view (xml_editor.c). */
typedef struct {
    const char *user;               /* r->user */
    const char *csrf;               /* token for every form */
    const char *notice;             /* string key of a message: saved, ... */
    const naering_page_fields *form;/* the values the form shows */
    sqlite3_int64 form_revision;    /* the revision the form is based on */
    const char *slug;
    apr_array_header_t *errors;     /* naering_field_err */
    const char *preview;            /* sanitized body to preview */
    apr_array_header_t *revisions;  /* naering_revision */
    const naering_page *from;       /* diff, conflict: the older side */
    const naering_page *to;         /* the newer side */
    apr_array_header_t *changes;    /* naering_change */
    apr_array_header_t *trash;      /* naering_entry */
    apr_array_header_t *pages;      /* naering_entry: where a page can go */
    apr_array_header_t *all_documents;  /* naering_document, with trashed */
    apr_array_header_t *doc_versions;   /* naering_doc_version */
    apr_array_header_t *doc_events; /* naering_doc_event (history) */
    const char *refused;            /* why an upload was refused (key) */
    const char *refused_file;       /* and which file */
} naering_editor_view;

/* The search part of a view. */
typedef struct {
    const char *text;               /* what the visitor typed, or NULL */
    int total;                      /* hits in all */
    int page;                       /* 1-based result page */
    int per_page;
    apr_array_header_t *hits;       /* naering_hit */
} naering_search_view;

/* Everything one response shows; xml.c turns it into the document. */
typedef struct {
    naering_view_kind kind;
    const char *site_name;
    const char *base;               /* mount point, "" for the server root */
    const char *absolute;           /* absolute URL of the site's root */
    const char *path;               /* requested page path */
    const naering_page *page;       /* NULL on error views */
    apr_array_header_t *menu;       /* naering_menu_item, may be NULL */
    apr_array_header_t *crumbs;     /* naering_menu_item, may be NULL */
    apr_array_header_t *documents;  /* naering_document, may be NULL */
    int status;                     /* error views: HTTP status */
    const naering_search_view *search;  /* search view */
    apr_array_header_t *entries;    /* feed, sitemap: naering_entry */
    apr_time_t changed;             /* the site's last change */
    const naering_editor_view *editor;  /* editor views */
} naering_view;

xmlDocPtr naering_xml_build(apr_pool_t *p, const naering_view *v);
/* Small builders shared by xml.c and xml_editor.c. */
xmlNodePtr naering_xml_el(xmlNodePtr parent, const char *name,
                          const char *text);
void naering_xml_attr(xmlNodePtr n, const char *name, const char *value);
/* ISO 8601 with the server's UTC offset. */
const char *naering_xml_time(apr_pool_t *p, apr_time_t t);
/* A document's public URL, and its element (v->page must be set). */
const char *naering_doc_url(apr_pool_t *p, const char *base,
                            const char *page_path, const char *filename);
xmlNodePtr naering_xml_document(apr_pool_t *p, xmlNodePtr parent,
                                const char *name, const naering_view *v,
                                const naering_document *d);
/* The editor's elements (xml_editor.c), called by naering_xml_build. */
void naering_xml_editor(apr_pool_t *p, xmlNodePtr root, const naering_view *v);
/* URL of the editor for a page path. */
const char *naering_edit_url(apr_pool_t *p, const char *base,
                             const char *path);
/* Parses a stored XHTML fragment into children of parent; on a broken
 * fragment adds it as text, so nothing is lost and nothing executes. */
void naering_xml_add_fragment(xmlNodePtr parent, const char *xhtml);

/* ---- render.c ---------------------------------------------------------- */

typedef struct naering_templates {
    const char *dir;                /* absolute, no trailing slash */
    xsltStylesheetPtr site;         /* site.xsl: every HTML view */
    xsltStylesheetPtr feed;         /* feed.xsl: Atom and sitemap */
    apr_time_t compiled;            /* part of every ETag */
    xsltSecurityPrefsPtr prefs;     /* reads below dir only */
    xmlHashTablePtr strings;        /* nb.xml: key -> text (strings.c) */
    struct naering_templates *next; /* registry of all template sets */
} naering_templates;

naering_err *naering_templates_compile(apr_pool_t *p, naering_templates *t);
void naering_templates_free(naering_templates *t);
typedef enum { NAERING_STYLE_SITE, NAERING_STYLE_FEED } naering_style;

/* Transforms doc with one of t's stylesheets; *out is allocated from p. */
naering_err *naering_render(apr_pool_t *p, const naering_templates *t,
                            naering_style style, xmlDocPtr doc,
                            const char **out, apr_size_t *len);
/* Serialises doc itself (?format=xml). */
naering_err *naering_render_xml(apr_pool_t *p, xmlDocPtr doc,
                                const char **out, apr_size_t *len);

/* ---- strings.c: the templates' string table, nb:s('key') ------------- */

#define NAERING_STRINGS_NS "urn:x-naering:strings"

/* Reads dir/nb.xml into a new hash of key -> text. */
naering_err *naering_strings_load(apr_pool_t *p, const char *dir,
                                  xmlHashTablePtr *out);
void naering_strings_free(xmlHashTablePtr h);
/* The text for key in t's table, or "" (never NULL). */
const char *naering_string(const naering_templates *t, const char *key);
/* Makes nb:s() known to one transform; 0 on success. */
int naering_strings_register(xsltTransformContextPtr ctxt);

/* ---- cache.c: finished responses by URL, per site and process --------- */

typedef struct naering_cache naering_cache;
naering_cache *naering_cache_create(apr_pool_t *p, apr_size_t max_bytes);
/* A hit copies the body into p.  A newer generation empties the cache. */
int naering_cache_get(naering_cache *c, sqlite3_int64 generation,
                      const char *key, apr_pool_t *p, const char **body,
                      apr_size_t *len, const char **ctype);
/* Keeps a copy unless the cache is at a newer generation (a newer one
 * empties it), the key is there, or it is over a quarter of the cache;
 * the least recently used make room. */
void naering_cache_put(naering_cache *c, sqlite3_int64 generation,
                       const char *key, const char *body, apr_size_t len,
                       const char *ctype);
/* What the entries cost now (never more than max_bytes). */
apr_size_t naering_cache_bytes(naering_cache *c);

/* ---- site.c (httpd) ---------------------------------------------------- */

typedef struct naering_conn naering_conn;

typedef struct naering_site {
    const char *database;           /* absolute path of the SQLite file */
    const char *files;              /* document bytes: <database>-filer */
    apr_thread_mutex_t *lock;       /* guards idle */
    naering_conn *idle;             /* connections not in use */
    naering_cache *cache;           /* rendered responses (child_init) */
    struct naering_site *next;      /* registry of all sites */
} naering_site;

naering_site *naering_site_register(apr_pool_t *pconf, const char *database);
naering_templates *naering_templates_register(apr_pool_t *pconf,
                                              const char *dir);
naering_templates *naering_templates_registry(void);
naering_site *naering_site_registry(void);
void naering_registry_reset(void);
/* Child-init: mutexes and cleanups for every registered site. */
apr_status_t naering_sites_child_init(apr_pool_t *pchild);
naering_err *naering_site_acquire(naering_site *s, apr_pool_t *p,
                                  naering_db **db);
void naering_site_release(naering_site *s, naering_db *db, int keep);

#endif /* NAERING_H */
