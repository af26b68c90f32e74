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

/* ---- query.c ----------------------------------------------------------- */

/* The decoded value of parameter name in a query string, "" for a bare
 * name, NULL when absent or malformed. */
const char *naering_query_get(apr_pool_t *p, const char *args,
                              const char *name);

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
    apr_time_t updated;
    int draft;
} naering_page;

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
} naering_document;

/* Opens (creating if absent) and migrates the database.  On error *out is
 * NULL and the error says what the admin should look at. */
naering_err *naering_store_open(apr_pool_t *p, const char *path,
                                naering_db **out);
void naering_store_close(naering_db *db);
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

/* ---- files.c: content-addressed document bytes ------------------------- */

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
    NAERING_VIEW_ERROR
} naering_view_kind;

/* Everything one response shows; xml.c turns it into the document. */
typedef struct {
    naering_view_kind kind;
    const char *site_name;
    const char *base;               /* mount point, "" for the server root */
    const char *path;               /* requested page path */
    const naering_page *page;       /* NULL on error views */
    apr_array_header_t *menu;       /* naering_menu_item, may be NULL */
    apr_array_header_t *crumbs;     /* naering_menu_item, may be NULL */
    apr_array_header_t *documents;  /* naering_document, may be NULL */
    int status;                     /* error views: HTTP status */
} naering_view;

xmlDocPtr naering_xml_build(apr_pool_t *p, const naering_view *v);
/* Parses a stored XHTML fragment into children of parent; on a broken
 * fragment adds it as text, so nothing is lost and nothing executes. */
void naering_xml_add_fragment(xmlNodePtr parent, const char *xhtml);

/* ---- render.c ---------------------------------------------------------- */

typedef struct naering_templates {
    const char *dir;                /* absolute, no trailing slash */
    xsltStylesheetPtr site;         /* site.xsl: every HTML view */
    xsltSecurityPrefsPtr prefs;     /* reads below dir only */
    struct naering_templates *next; /* registry of all template sets */
} naering_templates;

naering_err *naering_templates_compile(apr_pool_t *p, naering_templates *t);
void naering_templates_free(naering_templates *t);
/* Transforms doc with t; *out is allocated from p. */
naering_err *naering_render(apr_pool_t *p, const naering_templates *t,
                            xmlDocPtr doc, const char **out,
                            apr_size_t *len);
/* Serialises doc itself (?format=xml). */
naering_err *naering_render_xml(apr_pool_t *p, xmlDocPtr doc,
                                const char **out, apr_size_t *len);

/* ---- site.c (httpd) ---------------------------------------------------- */

typedef struct naering_conn naering_conn;

typedef struct naering_site {
    const char *database;           /* absolute path of the SQLite file */
    const char *files;              /* document bytes: <database>-filer */
    apr_thread_mutex_t *lock;       /* guards idle */
    naering_conn *idle;             /* connections not in use */
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
