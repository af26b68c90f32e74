/*
 * httpd: the module's Apache-facing layer, above view.  The first folder
 * that may include httpd's headers; the editor, the visitor views and the
 * front door (handler.c) answer requests through it.
 *
 *   config.c   directives and the per-directory config
 *   site.c     sites and template sets; each site's SQLite connections
 *   http.c     security headers, a body from memory, a file with ranges
 *   respond.c  answering: views, themed errors, validators, the render
 *              cache, redirects; the one "naering:" log line of an error
 *   upload.c   a multipart body streamed into temporary files
 *   purge.c    telling the HTTP caches in front what a write changed
 *   helpers.c  uploaded images and documents through the helpers,
 *              outside Apache
 *   tick.c     the clock (NaeringTestClock) and mod_watchdog's tick that
 *              applies scheduled changes with no request
 *   warm.c     what runs on time (mod_watchdog): the WAL's checkpoints,
 *              purges of every write, warming, the ban at start
 *   runstate.c what the watchdog has told the caches in front, kept in
 *              the runtime directory for the watchdog child after it
 *   identity.c what renders besides the database, in one number per
 *              template set (ETags, shared entries, the ban at start)
 *   shared.c   the render cache's second level: one copy per server
 *              (httpd's socache, NaeringCache)
 */
#ifndef NAERING_SERVER_H
#define NAERING_SERVER_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include <apr_thread_mutex.h>
#include "view/view.h"

/* Every file logs as the module; mod_naering.c, whose AP_DECLARE_MODULE
 * says the same, defines NAERING_MODULE_RECORD first. */
#ifndef NAERING_MODULE_RECORD
APLOG_USE_MODULE(naering);
#endif

/* ---- logging: every line of the module starts with "naering: " -------- */

#define NAERING_LOG_PREFIX "naering: "
/* ap_log_rerror with the prefix; fmt must be a string literal. */
#define naering_log(r, level, fmt, ...) \
    ap_log_rerror(APLOG_MARK, level, 0, r, NAERING_LOG_PREFIX fmt, \
                  ##__VA_ARGS__)
/* ... with the APR status that caused it (httpd prints its words). */
#define naering_log_rv(r, level, rv, fmt, ...) \
    ap_log_rerror(APLOG_MARK, level, rv, r, NAERING_LOG_PREFIX fmt, \
                  ##__VA_ARGS__)
#define naering_log_server(s, level, rv, fmt, ...) \
    ap_log_error(APLOG_MARK, level, rv, s, NAERING_LOG_PREFIX fmt, \
                 ##__VA_ARGS__)

/* ---- config.c ---------------------------------------------------------- */

typedef struct naering_site naering_site;

#define NAERING_UNSET (-1)
#define NAERING_HANDLER "naering"
#define NAERING_DEFAULT_MAX_UPLOAD ((apr_off_t)50 * 1024 * 1024)
/* A 12-megapixel photo takes about a second; a minute is a hang. */
#define NAERING_DEFAULT_IMAGE_SECONDS 60

typedef struct {
    naering_site *site;           /* NaeringDatabase */
    const char *base;             /* mount point: "" or "/site" */
    naering_templates *templates; /* NaeringTemplates */
    const char *site_name;        /* NaeringSiteName */
    int xml_output;               /* NaeringXmlOutput */
    apr_off_t max_upload;         /* NaeringMaxUpload, bytes */
    apr_array_header_t *purge;    /* NaeringPurge: cache URLs to ban */
    const char *display_name;     /* NaeringDisplayName: a request variable */
    int health;                   /* NaeringHealth: answer <base>/.helse */
    const char *image_helper;     /* NaeringImageHelper: naering-admin */
    int image_seconds;            /* NaeringImageTimeout */
    int public_doc_checks;        /* NaeringPublicDocumentChecks */
    const char *language;         /* NaeringLanguage: nb, nn or en */
    const char *statement_url;    /* NaeringStatementURL: uustatus */
} naering_dir_cfg;

extern module AP_MODULE_DECLARE_DATA naering_module;
extern const command_rec naering_cmds[];

void *naering_create_dir_config(apr_pool_t *p, char *dir);
void *naering_merge_dir_config(apr_pool_t *p, void *basev, void *addv);

/* The templates a request uses: its own, or the installed default. */
const naering_templates *naering_cfg_templates(const naering_dir_cfg *c);
void naering_set_default_templates(naering_templates *t);
const char *naering_cfg_site_name(const naering_dir_cfg *c);
apr_off_t naering_cfg_max_upload(const naering_dir_cfg *c);
const char *naering_cfg_image_helper(const naering_dir_cfg *c);
int naering_cfg_image_seconds(const naering_dir_cfg *c);

/* ---- site.c ------------------------------------------------------------ */

typedef struct naering_conn naering_conn;

struct naering_site {
    const char *database;           /* absolute path of the SQLite file */
    const char *files;              /* document bytes: <database>-filer */
    apr_thread_mutex_t *lock;       /* guards idle */
    naering_conn *idle;             /* connections not in use */
    naering_cache *cache;           /* rendered responses (child_init) */
    struct naering_site *next;      /* registry of all sites */
    apr_array_header_t *bans;       /* naering_site_ban: the caches the
                                     * tick tells (config time) */
    naering_db *ticker;             /* the watchdog's own (warm.c) */
    const char *base;               /* its first mount point */
    sqlite3_int64 warm_gen;         /* the generation warm.c has purged
                                     * and warmed up to (-1: unknown) */
    const char *uid;                /* setting 'site_id', read once per
                                     * child (child_init), or NULL */
    const char *lang;               /* NaeringLanguage as the tick sees it
                                     * (tick.c, post_config), or NULL */
};

/* A cache in front of a site and the mount point it bans. */
typedef struct {
    const char *url;
    const char *base;
} naering_site_ban;

/* Records that the site at base is behind the cache at url, for changes
 * made without a request (tick.c finds them in post_config). */
void naering_site_add_ban(apr_pool_t *pconf, naering_site *s,
                          const char *url, const char *base);

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

/* ---- http.c ------------------------------------------------------------ */

void naering_http_headers(request_rec *r, int public_cache);
int naering_http_send(request_rec *r, const char *ctype, const char *body,
                      apr_size_t len);
/* Sends a hit of the render cache without a copy; takes over held's
 * reference, given back when the body has been written (or at once for
 * HEAD). */
int naering_http_send_held(request_rec *r, const naering_cache_held *held);
int naering_http_send_file(request_rec *r, const char *path,
                           const char *ctype, const char *filename);

/* ---- respond.c --------------------------------------------------------- */

/* One request's working set, shared by whoever answers it. */
typedef struct {
    request_rec *r;
    const naering_dir_cfg *cfg;
    naering_db *db;
    int db_ok;                  /* the connection may go back to the pool */
    sqlite3_int64 gen;          /* the response's tag (naering_validate) */
    const char *cache_key;      /* set: what send_view renders is kept */
    int reading;                /* a public view's read transaction is open */
} naering_req;

void naering_view_init(naering_req *q, naering_view *v,
                       naering_view_kind kind);
/* Renders a view (or its XML) and sends it with the view's status. */
int naering_send_view(naering_req *q, const naering_view *v);
/* A themed error page; returns DONE, so no caller goes on by mistake. */
int naering_error_page(naering_req *q, int status);
/* 403 for an editor: the page it may not edit (path, title: either may be
 * NULL) named in the message. */
int naering_refusal_page(naering_req *q, const char *path, const char *title);
/* Logs e once and answers with its status. */
int naering_fail(naering_req *q, naering_err *e);
/* The one log line of an error. */
void naering_log_err(request_rec *r, const naering_err *e);
/* ETag and xkey from the dependencies of the page at path (NULL: the
 * lists), Last-Modified from the site's last change: OK, or a status to
 * send as it is (304, 412). */
int naering_validate(naering_req *q, const char *variant, const char *path);

/* After naering_validate: answers from the render cache (OK), or marks
 * the request so that its rendering is kept (DECLINED). */
int naering_from_cache(naering_req *q);
/* 301 to a page path of the site, with the query when keep_args. */
int naering_redirect(naering_req *q, const char *path, int keep_args);
/* 303 to an URL of the site (an editor URL after a write), args appended
 * as they are. */
int naering_see_other(naering_req *q, const char *url, const char *args);
/* Whether the client asked for the XML (?format=xml, when allowed). */
int naering_wants_xml(naering_req *q);

/* ---- upload.c: a multipart body streamed into temporary files ---------- */

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
/* The same with another allow-list (naering_sniff_image). */
naering_err *naering_upload_commit_as(apr_pool_t *p, naering_upload *up,
                                      naering_sniffer sniff,
                                      naering_upload_file **bad);
/* Removes the temporary files of an upload that is refused. */
void naering_upload_discard(naering_upload *up);

/* ---- purge.c: after a write, purge the caches in front ----------------- */

/* After the response: purge keys (naering_store_touched; NULL: the whole
 * site) from every NaeringPurge cache. */
void naering_purge_later(request_rec *r, const char *keys);
/* keys ("all p12") as the names the cache tier knows them by (the xkey
 * header of every public response, httpd/respond.c). */
const char *naering_surrogate_keys(apr_pool_t *p, const char *base,
                                   const char *keys);
/* Purges keys (containing 'all': bans base) from the cache at url now;
 * APR_SUCCESS when it took either. */
apr_status_t naering_purge_send(apr_pool_t *p, const char *url,
                                const char *base, const char *keys);
/* For a write outside a request (the watchdog's ticks): keys purged now
 * from each cache in front of site, under the mount point that cache
 * serves it at (site->bans, from the configuration); each failure
 * logged.  Returns how many failed. */
int naering_purge_site(apr_pool_t *p, server_rec *s, const naering_site *site,
                       const char *keys);
int naering_purge_transaction(request_rec *r);

/* ---- tick.c: time ------------------------------------------------------- */

/* Now, in Unix seconds: the clock, or with NaeringTestClock FILE the
 * number in FILE (tests move time without sleeping). */
apr_int64_t naering_now(void);
const char *naering_tick_set_clock(apr_pool_t *pconf, const char *file);
void naering_tick_reset(void);
/* post_config: registers the tick with mod_watchdog (a singleton among
 * the children); logs how scheduled changes run when it is missing. */
int naering_tick_post_config(apr_pool_t *pconf, server_rec *s);

/* ---- shared.c: rendered responses shared by all processes -------------- */

const char *naering_shared_directive(cmd_parms *cmd, void *dv,
                                     const char *arg);
int naering_shared_pre_config(apr_pool_t *pconf);
int naering_shared_post_config(apr_pool_t *pconf, apr_pool_t *ptemp,
                               server_rec *s);
void naering_shared_child_init(apr_pool_t *pchild, server_rec *s);
/* A hit: the copy kept for key under exactly tag, rendered with the
 * templates compiled at templates (in r->pool). */
int naering_shared_get(request_rec *r, const naering_site *site,
                       const char *key, apr_int64_t tag,
                       apr_int64_t templates, const char **body,
                       apr_size_t *len, const char **ctype);
void naering_shared_put(request_rec *r, const naering_site *site,
                        const char *key, apr_int64_t tag,
                        apr_int64_t templates, const char *body,
                        apr_size_t len, const char *ctype);
/* What a write changed (naering_store_changed_since). */
typedef struct {
    int everything, lists;
    apr_array_header_t *paths;      /* page paths (const char *) */
} naering_warm_want;
typedef struct {
    const char *host;               /* host:port as the visitor sent it */
    const char *uri;                /* with the query */
    const char *ip;                 /* where the request came in: the */
    apr_port_t port;                /* listener's address, never Host's */
} naering_warm_url;
/* The shared cache's entries of site (plain http) that want names, at
 * most max of them: pages requested recently that the write changed. */
apr_array_header_t *naering_shared_stale(apr_pool_t *p, server_rec *s,
                                         const naering_site *site,
                                         const naering_warm_want *want,
                                         int max);

/* ---- warm.c: work on time, from mod_watchdog ------------------------- */

/* post_config: registers the tick (OK when mod_watchdog is missing). */
int naering_warm_post_config(apr_pool_t *pconf, server_rec *s);

/* ---- identity.c: what renders besides the database ---------------------- */

/* post_config, after the templates compiled: each set's identity and
 * newest time take in the module's file and every Naering* directive. */
void naering_templates_identify(apr_pool_t *ptemp);

/* ---- runstate.c: the watchdog's memory across its children ---------- */

/* post_config: the runtime directory's folder, given to User. */
int naering_runstate_post_config(apr_pool_t *pconf, server_rec *s);
/* What every template set renders with, in one number: it changes when
 * the templates, the module or its directives do (identity.c). */
apr_int64_t naering_templates_stamp(void);
/* Whether the caches in front were banned for these templates; that they
 * now are. */
int naering_banned_now(apr_pool_t *p);
void naering_banned_save(apr_pool_t *p);
/* The generation a site was purged up to with these templates, or -1;
 * that it now is gen. */
sqlite3_int64 naering_purged_load(apr_pool_t *p, const naering_site *s);
void naering_purged_save(apr_pool_t *p, const naering_site *s,
                         sqlite3_int64 gen);

/* ---- helpers.c: the image helper and the text helper --------------------- */

/* Runs the image helper on an uploaded original (committed to the site's
 * files) under a time limit, and commits the variants it made.  A file
 * the helper refuses, or a helper that crashes, hits a limit or hangs,
 * sets *refused (type, too-large, broken, failed) and returns NULL; an
 * error is ours (the files folder, the helper missing). */
naering_err *naering_image_make(request_rec *r, const naering_dir_cfg *cfg,
                                const char *original, naering_new_image *out,
                                const char **refused);
/* The text of an uploaded document (committed to the site's files) for
 * search.  Never fails the upload: a helper that fails leaves the state
 * "failed" and a log line. */
void naering_doc_text_read(request_rec *r, const naering_dir_cfg *cfg,
                           const char *file, const char *mime,
                           naering_doc_text *out);

#endif /* NAERING_SERVER_H */
