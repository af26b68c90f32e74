/*
 * core: the bottom layer.  Pure C on APR, with OpenSSL for hashes and
 * libunistring for file names: no httpd, no SQL, no XML trees.  Every
 * other folder may use it; it uses nothing above it.
 *
 *   err.c        error values: an HTTP status, the APR cause, one log line
 *   buf.c        a byte buffer that grows geometrically
 *   utf8.c       UTF-8 checks and counts; text that XML 1.0 can carry
 *   escape.c     hex digests and percent escapes
 *   route.c      URI -> action, slugs, and every URL the site builds
 *   query.c      query strings and urlencoded bodies; the query words
 *   csrf.c       CSRF tokens
 *   cache.c      the render cache (finished responses, per process)
 *   files.c      content-addressed document bytes
 *   magic.c      what an uploaded file is and what it may be called
 *   multipart.c  streaming multipart/form-data
 *   helper.c     the image helper's answer, read and put in place
 *   lang.c       the languages of pages; language tags (BCP 47) checked
 *   oslo.c       Europe/Oslo time: UTC <-> the wall clock the site shows
 */
#ifndef NAERING_CORE_H
#define NAERING_CORE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <apr_errno.h>

/* ---- err.c ------------------------------------------------------------- */

/* An error travels up as a value; whoever answers the request logs it
 * once and turns it into an HTTP status.  NULL means success. */
typedef struct naering_err {
    int status;          /* HTTP status the error maps to */
    apr_status_t cause;  /* the APR (errno) error behind it, or 0 */
    const char *msg;     /* one line for the error log */
} naering_err;

naering_err *naering_err_make(apr_pool_t *p, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* With the APR status that caused it (apr_strerror gives its words). */
naering_err *naering_err_cause(apr_pool_t *p, int status, apr_status_t cause,
                               const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The message and, when there is one, its cause, for a line of text. */
const char *naering_err_text(apr_pool_t *p, const naering_err *e);

/* ---- buf.c ------------------------------------------------------------- */

/* Bytes that grow by doubling, so n appends of any size cost O(n) copying
 * and at most twice the final size in the pool, however the bytes arrive
 * (a field trickled one byte per read included). */
typedef struct {
    apr_pool_t *p;
    char *s;
    apr_size_t len, cap;
} naering_buf;

void naering_buf_init(naering_buf *b, apr_pool_t *p, apr_size_t cap);
void naering_buf_add(naering_buf *b, const char *s, apr_size_t n);
void naering_buf_putc(naering_buf *b, char c);
/* The bytes so far, NUL-terminated (the NUL is not counted in len). */
char *naering_buf_str(naering_buf *b);

/* ---- utf8.c ------------------------------------------------------------ */

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * <= U+10FFFF) and has no NUL. */
int naering_utf8_valid(const char *s, apr_size_t len);
/* Bytes of the well-formed multi-byte sequence at u (at most avail), 0 if
 * there is none; stops at a NUL. */
apr_size_t naering_utf8_seq(const unsigned char *u, apr_size_t avail);
/* Characters (not bytes) of valid UTF-8. */
apr_size_t naering_utf8_chars(const char *s);
/* A copy of UTF-8 text with what XML 1.0 cannot carry made spaces. */
char *naering_xml_chars(apr_pool_t *p, const char *s);

/* ---- escape.c ---------------------------------------------------------- */

/* Lower-case hex of n bytes (digests, secrets). */
const char *naering_hex(apr_pool_t *p, const unsigned char *bytes,
                        apr_size_t n);
/* s with every byte for which keep() is false written as %XX. */
const char *naering_percent(apr_pool_t *p, const char *s,
                            int (*keep)(unsigned char c));

/* ---- route.c ----------------------------------------------------------- */

typedef enum {
    NAERING_ROUTE_PAGE,      /* a page by path */
    NAERING_ROUTE_DOCUMENT,  /* <page>/dokumenter/<file name> */
    NAERING_ROUTE_ASSET,     /* /ressurser/<name>: CSS, icons of the templates */
    NAERING_ROUTE_EDIT,      /* /redigering/<page path> */
    NAERING_ROUTE_SEARCH,    /* /sok */
    NAERING_ROUTE_FEED,      /* /feed.atom */
    NAERING_ROUTE_SITEMAP,   /* /sitemap.xml */
    NAERING_ROUTE_HEALTH,    /* /.helse: for load balancers (NaeringHealth) */
    NAERING_ROUTE_IMAGE,     /* /bilder/<id>[/<sha256>.<ext>] */
    NAERING_ROUTE_REDIRECT,  /* not canonical: 301 to page_path */
    NAERING_ROUTE_NOT_FOUND  /* cannot name anything on the site */
} naering_action;

typedef struct {
    naering_action action;
    const char *page_path;   /* "/" or "/a/b" (canonical); redirect target */
    const char *name;        /* document file name or asset name; an
                              * image variant's content address */
    apr_int64_t id;          /* an image's id */
} naering_route;

/* Path segments that are not page slugs anywhere on a site. */
#define NAERING_SEG_DOCUMENTS "dokumenter"
#define NAERING_SEG_ASSETS    "ressurser"
#define NAERING_SEG_EDIT      "redigering"
#define NAERING_SEG_SEARCH    "sok"
#define NAERING_SEG_FEED      "feed.atom"
#define NAERING_SEG_SITEMAP   "sitemap.xml"
#define NAERING_SEG_HEALTH    ".helse"      /* a dot: never a page */
#define NAERING_SEG_IMAGES    "bilder"
#define NAERING_SEG_FAVICON   "favicon.ico" /* every browser asks for it */

/* rel is the decoded path below the site's mount point ("" or "/..."). */
naering_route naering_route_parse(apr_pool_t *p, const char *rel);
int naering_slug_valid(const char *slug);
/* A valid slug that is free to use under parent_path (not one of the
 * site's own top-level words: sok, redigering, ressurser). */
int naering_slug_usable(const char *parent_path, const char *slug);

/* URLs, each relative to the server's root: base is the mount point ("" or
 * "/site"), path a page path ("/" or "/a/b").  Not escaped unless said. */
const char *naering_url_page(apr_pool_t *p, const char *base,
                             const char *path);
const char *naering_url_edit(apr_pool_t *p, const char *base,
                             const char *path);
/* A document's public URL; the file name is escaped as a segment. */
const char *naering_url_doc(apr_pool_t *p, const char *base,
                            const char *page_path, const char *filename);
/* An image's own URL (what a page's text holds), and one variant's,
 * content-addressed: <base>/bilder/<id>/<sha256>.<webp|jpg|png>. */
const char *naering_url_image(apr_pool_t *p, const char *base,
                              apr_int64_t id);
const char *naering_url_image_variant(apr_pool_t *p, const char *base,
                                      apr_int64_t id, const char *sha256,
                                      const char *mime);
/* A top-level URL of the site: base + "/" + seg (feed, search, assets). */
const char *naering_url_site(apr_pool_t *p, const char *base,
                             const char *seg);
/* absolute (the site's root with its trailing slash) + the escaped path. */
const char *naering_url_absolute(apr_pool_t *p, const char *absolute,
                                 const char *path);
/* "/a/b" -> "/a"; "/a" -> "/" */
const char *naering_path_parent(apr_pool_t *p, const char *path);
/* Whether path is at or below top ("/a" holds "/a" and "/a/b"). */
int naering_path_within(const char *path, const char *top);

/* ---- query.c ----------------------------------------------------------- */

/* The query words: parameter names of the site's URLs and forms. */
#define NAERING_Q_FORMAT   "format"     /* ?format=xml */
#define NAERING_Q_SEARCH   "q"          /* search text */
#define NAERING_Q_PAGE     "side"       /* result page */
#define NAERING_Q_VIEW     "vis"        /* editor view */
#define NAERING_Q_ACTION   "handling"   /* editor action (POST) */
#define NAERING_Q_NOTICE   "melding"    /* string key of a notice */
#define NAERING_Q_CSRF     "csrf"
#define NAERING_Q_ID       "id"         /* a page in the trash */
#define NAERING_Q_REVISION "revision"   /* the revision a save is based on */
#define NAERING_Q_RESTORE  "restore"    /* a revision to restore */
#define NAERING_Q_FROM     "fra"        /* diff: older revision */
#define NAERING_Q_TO       "til"        /* diff: newer revision */
#define NAERING_Q_DOC      "dok"        /* a document */
#define NAERING_Q_VERSION  "versjon"    /* a document version */
#define NAERING_Q_TITLE    "tittel"     /* a document's title */
#define NAERING_Q_PARENT   "parent"     /* move: the new parent's path */
#define NAERING_Q_SLUG     "slug"
#define NAERING_Q_CONFIRM  "bekreft"    /* "ja": seen who links there */
#define NAERING_Q_IMAGE    "bilde"      /* an image of the library */
#define NAERING_Q_ALT      "alt"        /* an image's alt text */
#define NAERING_Q_CAPTION  "bildetekst"
#define NAERING_Q_DECORATIVE "dekorativ"
#define NAERING_Q_LIBRARY_ONLY "bare-bibliotek"  /* upload, do not place */
#define NAERING_Q_FIND_PARENT "forelder" /* the edit form: find a parent */
#define NAERING_Q_TRANSLATION "oversettelse"    /* a page's path */
#define NAERING_Q_REPLACES "erstatter"  /* the scheduled change an edited
                                         * scheduled text replaces */

/* The decoded value of parameter name in a query string, "" for a bare
 * name, NULL when absent or malformed. */
const char *naering_query_get(apr_pool_t *p, const char *args,
                              const char *name);
/* Whether the parameter is there at all (also when it cannot be read). */
int naering_query_present(const char *args, const char *name);
/* A positive id from text ("17"); 0 for anything else. */
apr_int64_t naering_query_id(const char *s);

/* ---- csrf.c ------------------------------------------------------------ */

#define NAERING_CSRF_MAX_AGE (12 * 3600)

/* A token for user, valid for max_age seconds from now. */
const char *naering_csrf_token(apr_pool_t *p, const char *secret,
                               const char *user, apr_time_t now);
int naering_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                       const char *token, apr_time_t now, int max_age);

/* ---- cache.c: finished responses by URL, per site and process --------- */

typedef struct naering_cache naering_cache;
naering_cache *naering_cache_create(apr_pool_t *p, apr_size_t max_bytes);
/* A hit (the key kept under exactly this tag) copies the body into p; an
 * entry under another tag is dropped. */
int naering_cache_get(naering_cache *c, apr_int64_t tag, const char *key,
                      apr_pool_t *p, const char **body, apr_size_t *len,
                      const char **ctype);
/* A hit lent without a copy: body and ctype stay valid until
 * naering_cache_unref(held), even if the entry is evicted or replaced
 * meanwhile (it is then unlinked, and freed at the last unref).  Every
 * hit must be given back exactly once, from any thread. */
typedef struct naering_cache_entry naering_cache_entry;
typedef struct {
    const char *body;
    apr_size_t len;
    const char *ctype;
    naering_cache_entry *entry;
} naering_cache_held;
int naering_cache_ref(naering_cache *c, apr_int64_t tag, const char *key,
                      naering_cache_held *held);
void naering_cache_unref(const naering_cache_held *held);
/* Entries alive in this process, in a cache or only lent (for tests). */
apr_uint32_t naering_cache_live_entries(void);
/* Keeps a copy under tag unless the key is there under this tag or a
 * newer one, or it is over a quarter of the cache; the least recently
 * used make room. */
void naering_cache_put(naering_cache *c, apr_int64_t tag, const char *key,
                       const char *body, apr_size_t len, const char *ctype);
/* What the entries cost now (never more than max_bytes). */
apr_size_t naering_cache_bytes(naering_cache *c);

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
/* The same from an open file, read from its start. */
naering_err *naering_files_put_fd(apr_pool_t *p, const char *dir, int fd,
                                  const char **sha256, apr_off_t *size);
const char *naering_files_path(apr_pool_t *p, const char *dir,
                               const char *sha256);
const char *naering_files_default_dir(apr_pool_t *p, const char *database);
/* Removes a folder and the plain files in it (a helper's scratch). */
void naering_files_remove_dir(apr_pool_t *p, const char *dir);

/* ---- magic.c: what an uploaded file is and may be called -------------- */

/* The type to serve a file as, from its first bytes checked against its
 * name's extension; NULL when refused, with *why "type" (not on the
 * allow-list) or "mismatch" (the bytes are something else). */
const char *naering_sniff(apr_pool_t *p, const unsigned char *head,
                          apr_size_t n, const char *filename,
                          const char **why);
/* The same for the image library: JPEG, PNG, WebP, HEIF and AVIF only
 * (no SVG, no GIF: nothing that is not a raster photo or graphic the
 * image helper may decode). */
const char *naering_sniff_image(apr_pool_t *p, const unsigned char *head,
                                apr_size_t n, const char *filename,
                                const char **why);
/* What both sniffers are, for a caller that takes either. */
typedef const char *(*naering_sniffer)(apr_pool_t *p,
                                       const unsigned char *head,
                                       apr_size_t n, const char *filename,
                                       const char **why);
/* A browser's file name made safe and readable: no directory part, NFC,
 * no control characters, at most 150 bytes; NULL when nothing is left. */
const char *naering_filename_clean(apr_pool_t *p, const char *raw);
/* "Referat.pdf", 2 -> "Referat-2.pdf" */
const char *naering_filename_numbered(apr_pool_t *p, const char *name,
                                      int n);

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

/* ---- helper.c: what the image helper (naering-admin image) answered ---- */

/* One file the image helper made from an image. */
typedef struct {
    int width, height;
    const char *mime;            /* image/webp, image/jpeg, image/png */
    const char *sha256;          /* once committed to the site's files */
    apr_off_t size;
    const char *file;            /* its name in the helper's folder */
} naering_image_variant;

typedef struct {
    int width, height;           /* the original, upright */
    const char *mime;            /* the original's type */
    const char *refused;         /* type, too-large, broken; or NULL */
    apr_array_header_t *variants;  /* naering_image_variant */
} naering_helper_answer;

/* Reads the helper's stdout.  An answer that is not one (no image line,
 * no variant, a file name with a slash, a type or size out of range) is
 * a 500: the helper is not ours, or it broke. */
naering_err *naering_helper_read(apr_pool_t *p, const char *text,
                                 naering_helper_answer *out);
/* Each variant from the helper's folder dir into files under its SHA-256
 * (sha256 and size set). */
naering_err *naering_helper_commit(apr_pool_t *p, const char *files,
                                   const char *dir,
                                   naering_helper_answer *a);
/* A document's text for search, as the helper read it. */
#define NAERING_TEXT_READ   "text"    /* there is text */
#define NAERING_TEXT_NONE   "none"    /* no text: a scan, or a type without */
#define NAERING_TEXT_FAILED "failed"  /* broken, encrypted, or the helper
                                       * failed: the document is served all
                                       * the same */
typedef struct {
    const char *state;           /* one of the three above */
    const char *text;            /* UTF-8 that XML can carry, or "" */
    const char *failed;          /* a crash, limit or hang, or NULL */
    const char *said;            /* the start of the helper's stderr */
    const char *checks;          /* a PDF's accessibility warnings, keys
                                  * separated by spaces (pdfcheck), or "" */
} naering_doc_text;

/* Runs "helper extract file mime" for at most seconds, and for a PDF
 * "helper pdfcheck file" too: out says what they read.  An error is ours
 * (no folder, no helper). */
naering_err *naering_helper_text(apr_pool_t *p, const char *helper,
                                 const char *file, const char *mime,
                                 const char *files, int seconds,
                                 naering_doc_text *out);
/* Runs "helper image original DIR" (DIR a new folder in files, gone with
 * p) for at most seconds, and commits the variants it made.  A refusal
 * sets out->refused; a helper that crashed, hit a limit or hung sets
 * out->refused to "failed" and *failed to what happened; *said is the
 * start of its stderr.  An error is ours (no folder, no helper). */
naering_err *naering_helper_run(apr_pool_t *p, const char *helper,
                                const char *original, const char *files,
                                int seconds, naering_helper_answer *out,
                                const char **failed, const char **said);

/* ---- lang.c ------------------------------------------------------------ */

/* The languages a page (and the interface around it) can be in: nb, nn,
 * en, in the order of their string tables. */
#define NAERING_LANGS 3
/* A passage's language tag: at most this long, this many subtags. */
#define NAERING_LANG_MAX 35
#define NAERING_LANG_MAX_SUBTAGS 8

/* 0 nb, 1 nn, 2 en; -1 for anything else (NULL and "" too). */
int naering_lang_index(const char *lang);
/* "nb", "nn", "en" by index; "nb" out of range. */
const char *naering_lang_name(int index);
/* The language a page is shown in: its own, else the site's, else nb. */
const char *naering_lang_of(const char *page_lang, const char *site_lang);
/* 1 when tag is a well-formed BCP 47 language tag ("nn", "se",
 * "en-GB", "sma", "zh-Hant-TW", "de-CH-1901", "x-klingon"). */
int naering_lang_tag_ok(const char *tag);
/* ---- oslo.c: the site's wall clock ------------------------------------ */

/* A moment as Oslo's clocks show it. */
typedef struct {
    int year, month, day;        /* month 1-12 */
    int hour, minute;
    int weekday;                 /* 1 Monday .. 7 Sunday */
    int offset;                  /* minutes east of UTC: 60 or 120 */
} naering_local;

/* secs (Unix seconds, UTC) on Oslo's clocks. */
void naering_oslo(apr_int64_t secs, naering_local *out);
/* "YYYY-MM-DDTHH:MM" (an <input type="datetime-local">, Oslo's clock) to
 * Unix seconds: 1; 0 when s is not such a time.  On the October night the
 * hour 02:00-02:59 comes twice: the first (summer time) is taken (a form
 * keeps the second by comparing with naering_oslo_input of what it
 * holds); on the March night it does not exist: NAERING_OSLO_GAP, with
 * *secs read as winter time (02:30 is 03:30 summer time), for the caller
 * to refuse or accept. */
#define NAERING_OSLO_GAP (-1)
int naering_oslo_parse(const char *s, apr_int64_t *secs);
/* The reverse, for a form's value. */
const char *naering_oslo_input(apr_pool_t *p, apr_int64_t secs);
/* ISO 8601 with Oslo's offset: "2026-03-29T02:30:00+01:00". */
const char *naering_oslo_iso(apr_pool_t *p, apr_int64_t secs);

#endif /* NAERING_CORE_H */
