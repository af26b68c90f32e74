/*
 * store: every line of SQL, above core and text.  One naering_db is one
 * SQLite connection, used by one thread at a time.  No httpd: the module,
 * naering-admin, the unit tests and the benchmark link it alike.
 *
 *   db.c     open, harden, migrate; statements, transactions, the
 *            generation and dependency keys, checkpoints, the search
 *            index, shared row readers
 *   dbfiles.c which of site.db, -wal, -shm and their folder the web
 *            server may not write, and whose they are
 *   read.c   what views read: pages, menu, breadcrumbs, documents, feed
 *            and sitemap lists, search, old paths
 *   edit.c   saves and revisions, new pages, trash, order, recent changes,
 *            the CSRF secret
 *   move.c   moving a page and everything below it
 *   docs.c   documents, their versions and events
 *   images.c the image library: versions, variants, uses, trash
 *   links.c  what links where (page_link): before a trash, broken links
 *   bodies.c every live page's current text, for checks of the whole site
 *   items.c  news and meetings: listings, the front page's latest
 *   schedule.c what is due at a time: publish, unpublish, scheduled
 *            revisions, applied in one transaction (the tick)
 *   review.c review dates: what is due, set, "Gjennomgått"
 *   site.c   the site's own details (the footer), a new site's seed
 *   langs.c  pages linked as translations of each other
 *   admin.c  backup, restore, check, export and import (naering-admin)
 *
 * internal.h is for these files alone.  Migrations and the seed come from
 * sql/ as migrations.c and seed.c, generated at build time.
 */
#ifndef NAERING_STORE_H
#define NAERING_STORE_H

#include <sqlite3.h>
#include "core/core.h"
#include "text/text.h"

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
    const char *author;          /* who wrote the current revision (login) */
    const char *author_name;     /* the name the public sees, or "" */
    const char *comment;         /* the revision's comment (history) */
    apr_time_t updated;
    int draft;
    int hidden;                  /* a draft, or below one: not public */
    int in_menu;                 /* listed in the menus */
    const char *lang;            /* nb, nn, en; "" the site's language */
    const char *kind;            /* page, news-list, meeting-list, news,
                                  * meeting */
    apr_int64_t starts;          /* an item's date or start (Unix
                                  * seconds, UTC), 0: none */
    apr_int64_t ends;            /* a meeting's end, 0: none */
    const char *place;
    const char *event_status;    /* planned, held, cancelled */
    int sequence;                /* revisions up to this one: iCalendar's
                                  * SEQUENCE */
    apr_int64_t review_at;       /* next review (Unix seconds) */
    const char *review_by;       /* the responsible editor's login */
} naering_page;

/* A line of a page's history. */
typedef struct {
    sqlite3_int64 id;
    const char *title;
    const char *author;
    const char *comment;
    apr_time_t created;
    const char *scheduled;       /* a scheduled text not live: its
                                  * schedule's state; "" otherwise */
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
    const char *scheduled;       /* as naering_revision's */
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
    const char *text_state;      /* editor lists: text, none, failed, or
                                  * "" (not read yet) */
    const char *checks;          /* editor lists: a PDF's accessibility
                                  * warnings, keys separated by spaces */
    const char *page_path;       /* the site-wide list: its page */
} naering_document;

/* A file on its way in: bytes committed, row not yet. */
typedef struct {
    const char *title;
    const char *filename;        /* cleaned; the store makes it unique */
    const char *mime;
    const char *sha256;
    apr_off_t size;
    const naering_doc_text *text;   /* what the helper read, or NULL */
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

/* A page in a list: the feed, the sitemap, the trash. */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *summary;
    const char *author;          /* login (editor lists) */
    apr_time_t updated;
    const char *author_name;     /* public name (the feed), or "" */
    int draft;                   /* editor lists: a draft */
} naering_entry;

/* An image of the site's library at its current version. */
typedef struct {
    sqlite3_int64 id;
    const char *name;            /* the file name it came with */
    const char *alt;             /* the alt text it was last given */
    sqlite3_int64 version;
    int width, height;           /* the original, upright */
    const char *mime;            /* the original's type */
    const char *sha256;          /* the original's bytes (editors only) */
    apr_off_t size;
    apr_time_t updated;
    const char *author;
    int trashed;
    int uses;                    /* live pages that show it (library) */
    apr_array_header_t *variants;  /* naering_image_variant */
} naering_image;

/* An image (or a new version of one) on its way in: the original and the
 * variants committed to files, the rows not yet. */
typedef struct {
    const char *name;
    const char *alt;             /* "" keeps the image's last one */
    const char *mime;
    const char *sha256;
    apr_off_t size;
    int width, height;
    apr_array_header_t *variants;  /* naering_image_variant */
} naering_new_image;

/* A link of a live page's text (links.c). */
typedef struct {
    sqlite3_int64 page;
    const char *path;            /* the page that links */
    const char *title;
    const char *href;            /* as naering_link_normal keeps it */
} naering_link;

/* A news item or a meeting in a listing (items.c). */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *summary;
    const char *kind;            /* news, meeting */
    apr_int64_t starts;          /* Unix seconds, UTC; 0: none */
    apr_int64_t ends;
    const char *place;
    const char *event_status;
    int sequence;                /* revisions so far (iCalendar) */
    int upcoming;                /* a meeting not over at "now" */
    apr_int64_t updated;         /* the current revision's time */
    const char *author_name;     /* public name of its author, or "" */
    const char *body;            /* the text (feeds) */
} naering_item;

/* What the store asks, inside a write's transaction, about every page a
 * change touches besides the one it names: each page at its path now and,
 * when it moves, at its new path.  A 0 refuses; the change is rolled back
 * and comes back as a 403.  NULL (naering-admin) asks nothing. */
typedef struct {
    int (*may)(void *ctx, const char *path, const char *title);
    void *ctx;
} naering_guard;

/* What an id given in a form can name; naering_store_owner says whose. */
typedef enum {
    NAERING_OWNED_REVISION, NAERING_OWNED_DOCUMENT, NAERING_OWNED_VERSION
} naering_owned;

/* A search hit, a page's or a document's; snippet marks matches with
 * \001 ... \002. */
typedef struct {
    sqlite3_int64 id;
    const char *path;            /* the page (a document's page) */
    const char *title;           /* the page's or the document's title */
    const char *summary;
    const char *snippet;
    int document;                /* a document's hit: then these too */
    const char *filename;
    const char *mime;
    apr_off_t size;
    const char *page_title;
    const char *lang;            /* a page's own language, or "" */
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
/* Copies the WAL into the database and empties it, if the readers let
 * go in time; *done says whether it did, *wal_frames how many frames the
 * WAL had.  For something that runs on time (httpd/warm.c). */
naering_err *naering_store_checkpoint(naering_db *db, apr_pool_t *p,
                                      int *done, int *wal_frames);
int naering_store_schema_version(void);
/* "SQLite 3.40.1": the library the store runs with, for log lines. */
const char *naering_store_versions(apr_pool_t *p);
/* Whether the site's database answers a read, and whether this process
 * could write it (the file and its folder writable, the connection not
 * read-only), without taking the write lock; *why says what is wrong. */
naering_err *naering_store_health(naering_db *db, apr_pool_t *p,
                                  int *writable, const char **why);

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

/* Images (images.c).  Replacing or trashing an image changes every page
 * that shows it: guard is asked about each. */
naering_err *naering_store_image_add(naering_db *db, apr_pool_t *p,
                                     const naering_new_image *n,
                                     const char *author, sqlite3_int64 *id);
naering_err *naering_store_image_replace(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 image,
                                         const naering_new_image *n,
                                         const char *author,
                                         const naering_guard *guard);
naering_err *naering_store_image_trash(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 image, int trash,
                                       const char *author,
                                       const naering_guard *guard);
/* One image with its variants, in the trash or not. */
naering_err *naering_store_image(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 image, naering_image *out,
                                 int *found);
/* The library: live images whose name or alt text holds match (""
 * matches all), newest first, at most limit. */
naering_err *naering_store_images(naering_db *db, apr_pool_t *p,
                                  const char *match, int limit,
                                  apr_array_header_t **out);
/* The live images page's current text shows, with their variants, from
 * what its last save recorded: a page view's, with no parsing. */
naering_err *naering_store_page_images(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       apr_array_header_t **out);
/* The live images a text not saved yet (a preview) shows, each once,
 * with their variants; a trashed or unknown one is left out. */
naering_err *naering_store_images_in(naering_db *db, apr_pool_t *p,
                                    const char *xhtml,
                                    apr_array_header_t **out);
/* A variant of a live image's current version by its content address. */
naering_err *naering_store_image_variant(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 image,
                                         const char *sha256,
                                         naering_image_variant *out,
                                         int *found);
/* What happened to an image, newest first (naering_doc_event; title is
 * the image's name). */
naering_err *naering_store_image_events(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 image,
                                        apr_array_header_t **out);
/* The figure of an image appended to the text of page pg (as read at
 * revision pg->revision: 409 when it has moved on) and saved as a new
 * revision, "Bilde satt inn: NAME"; images is the path of the site's
 * image URLs ("<base>/bilder"). */
naering_err *naering_store_image_place(naering_db *db, apr_pool_t *p,
                                       const naering_page *pg,
                                       const char *images,
                                       const naering_image *im,
                                       const naering_image_fields *f,
                                       const char *author,
                                       const char *author_name);
/* What happened to the images a page's text shows, newest first: part
 * of the page's history. */
naering_err *naering_store_page_image_events(naering_db *db, apr_pool_t *p,
                                             sqlite3_int64 page,
                                             apr_array_header_t **out);
/* The live pages that show an image (naering_entry). */
naering_err *naering_store_image_uses(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 image,
                                      apr_array_header_t **pages);

/* Items (items.c).  The public items of the listing page listing: news
 * newest first; meetings not over at now first (soonest first), then the
 * rest newest first.  *total counts them all. */
naering_err *naering_store_items(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 listing, apr_int64_t now,
                                 int limit, int offset,
                                 apr_array_header_t **out, int *total);
/* For the front page: the newest public news dated at or before now (at
 * most limit) and the next meeting not over at now and not cancelled (0 or 1 naering_item). */
naering_err *naering_store_latest(naering_db *db, apr_pool_t *p,
                                  apr_int64_t now, int limit,
                                  apr_array_header_t **news,
                                  apr_array_header_t **next);

/* Scheduled changes (schedule.c).  What a tick did. */
typedef struct {
    int changed;                 /* it wrote (the generation moved): purge */
    int applied;                 /* changes that went live */
    int failed;                  /* changes that failed (tried again) */
    apr_array_header_t *errors;  /* const char *: one line per failure */
} naering_tick;

/* A change waiting (or failed) for the editor's list. */
typedef struct {
    sqlite3_int64 id;
    sqlite3_int64 page;
    const char *path;
    const char *title;           /* the scheduled revision's, or the page's */
    const char *action;          /* publish, unpublish, revision */
    apr_int64_t due;             /* Unix seconds, UTC */
    const char *author;
    const char *state;           /* pending, failed */
    int attempts;
    const char *error;           /* the last failure */
    sqlite3_int64 revision;      /* a scheduled revision's id */
    sqlite3_int64 base;          /* the page's revision it was made from */
} naering_scheduled;

/* Applies every change due at now in one transaction (each in a
 * savepoint: one that fails is rolled back alone, recorded and tried
 * again next time) and bumps the generation when anything changed,
 * a meeting's start or end passing included.  site_lang: the language of
 * pages without their own, as for a save (a text that goes live in a
 * language its translation group has takes the page out of the group);
 * NULL when unknown (naering-admin): then only pages that name the same
 * language, or both none, count as a clash. */
naering_err *naering_store_tick(naering_db *db, apr_pool_t *p,
                                apr_int64_t now, const char *site_lang,
                                naering_tick *out);
/* action: publish or unpublish at due. */
naering_err *naering_store_schedule(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, const char *action,
                                    apr_int64_t due, const char *author,
                                    sqlite3_int64 *id);
/* f saved now as a revision that becomes the page's at due; base is the
 * page's revision it was edited from.  replaces: a waiting change of the
 * page this one takes the place of (an edited scheduled text; cancelled
 * in the same transaction), or 0.  409 (*id: the page's revision now)
 * when base is not the page's current revision; 404 when replaces is no
 * longer waiting. */
naering_err *naering_store_schedule_revision(naering_db *db, apr_pool_t *p,
                                             sqlite3_int64 page,
                                             sqlite3_int64 base,
                                             const naering_page_fields *f,
                                             apr_int64_t due,
                                             const char *author,
                                             sqlite3_int64 replaces,
                                             sqlite3_int64 *id);
/* One waiting (or failed) change of page. */
naering_err *naering_store_scheduled_one(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page, sqlite3_int64 id,
                                         naering_scheduled *out, int *found);
naering_err *naering_store_schedule_cancel(naering_db *db, apr_pool_t *p,
                                           sqlite3_int64 page,
                                           sqlite3_int64 id);
naering_err *naering_store_schedule_move(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page, sqlite3_int64 id,
                                         apr_int64_t due);
/* Pending and failed changes of page (0: the whole site), soonest first. */
naering_err *naering_store_scheduled(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     apr_array_header_t **out);

/* Reviews (review.c).  A page due for review. */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    apr_int64_t due;             /* "Neste gjennomgang", Unix seconds */
    const char *by;              /* the responsible editor, or "" */
    const char *author;          /* who saved it last */
    apr_int64_t changed;         /* when */
} naering_review;

/* Pages whose next review is at or before until, the oldest first. */
naering_err *naering_store_review_due(naering_db *db, apr_pool_t *p,
                                      apr_int64_t until,
                                      apr_array_header_t **out);
/* The page's next review (0: from the interval) and its responsible
 * editor. */
naering_err *naering_store_review_set(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 page, apr_int64_t at,
                                      const char *by);
/* "Gjennomgått": a revision with the same text, comment "Gjennomgått";
 * the next review follows the interval from now. */
naering_err *naering_store_reviewed(naering_db *db, apr_pool_t *p,
                                    const naering_page *pg,
                                    const char *author);

/* Live pages, outside the subtree at sub (NULL: none), that link to
 * target or below it (naering_entry). */
naering_err *naering_store_linked_from(naering_db *db, apr_pool_t *p,
                                       const char *target, const char *sub,
                                       apr_array_header_t **pages);
/* Whether rel, a path below the site's mount point ("/a/b", as a link
 * holds it without the mount point), names a live page (or an old path
 * of one), a live document or image, or one of the site's own URLs. */
int naering_store_link_ok(naering_db *db, apr_pool_t *p, const char *rel);
/* The live pages at and below page (naering_entry: id, path, title). */
naering_err *naering_store_subtree(naering_db *db, apr_pool_t *p,
                                  sqlite3_int64 page,
                                  apr_array_header_t **pages);
/* After a move from old_path to new_path on a site mounted at base ("",
 * "/site"): every live page whose text links to the old path (or below
 * it) gets a new revision by "naering" with those links pointing at the
 * new one.  *count: how many pages. */
naering_err *naering_store_relink(naering_db *db, apr_pool_t *p,
                                  const char *base, const char *old_path,
                                  const char *new_path, int *count);
/* Every link of the live pages: the site's own paths, or (external)
 * web addresses (naering_link), by page. */
naering_err *naering_store_links(naering_db *db, apr_pool_t *p, int external,
                                 apr_array_header_t **links);

/* ---- dependencies (sql/014_dependencies.sql) ---------------------------
 * A response depends on keys: 'all', 'site', 'menu', 'list' (feed, search,
 * sitemap) and 'p<id>' (a page's text, documents, images).  Triggers bump
 * what a write changes; these are for writes the triggers cannot see.
 * Inside a write transaction (between naering_begin and naering_finish,
 * or a store function's own). */

/* "Everything changed": every response's tag moves. */
naering_err *naering_store_touch_all(naering_db *db, apr_pool_t *p);
/* One key by name. */
naering_err *naering_store_touch(naering_db *db, apr_pool_t *p,
                                 const char *key);
/* A response's tag (the newest generation among its keys) and its own
 * keys: the page at path ('p<id>', and ' items' after it for a listing of
 * news or meetings and for the front page, which show other pages'
 * items; NULL when no live page is there), or with path NULL the lists
 * ('list'); and the site's last change, in one query (every public
 * request asks). */
naering_err *naering_store_tag(naering_db *db, apr_pool_t *p,
                               const char *path, sqlite3_int64 *tag,
                               const char **key, apr_time_t *changed);
/* What the writes after generation since changed: everything (all, site,
 * menu), the lists, and the paths of the live public pages whose own key
 * changed (for warming them again, httpd/warm.c), and every key changed,
 * space-separated ("" for none: for purging the caches in front). */
naering_err *naering_store_changed_since(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 since, int *everything,
                                         int *lists,
                                         apr_array_header_t **paths,
                                         const char **keys);
/* The keys the writes committed on this connection changed since the last
 * call, space-separated (NULL: none); for purging the caches in front. */
const char *naering_store_touched(naering_db *db, apr_pool_t *p);

/* The site's random id (setting 'site_id', made by the first
 * naering_store_open that may write), or NULL when it has none. */
const char *naering_store_site_id(naering_db *db, apr_pool_t *p);

/* The site's generation (bumped by every write) and last change time:
 * the validators of every public response. */
naering_err *naering_store_generation(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 *gen, apr_time_t *changed);
/* The newest generation committed by t (to the second), as far as the
 * keys' times say (dep.at; keys stamped before migration 16 count as
 * before): every write after that second has a larger one.  0 when none. */
naering_err *naering_store_generation_before(naering_db *db, apr_pool_t *p,
                                             apr_time_t t,
                                             sqlite3_int64 *gen);
/* The page that a revision, document or document version belongs to;
 * *page 0 when there is no such thing. */
naering_err *naering_store_owner(naering_db *db, apr_pool_t *p,
                                 naering_owned kind, sqlite3_int64 id,
                                 sqlite3_int64 *page);
/* Where a page that used to be at path is now; *now NULL if nowhere. */
naering_err *naering_store_old_path(naering_db *db, apr_pool_t *p,
                                    const char *path, const char **now);
naering_err *naering_store_recent(naering_db *db, apr_pool_t *p, int limit,
                                  apr_array_header_t **entries);
naering_err *naering_store_all_pages(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t **entries);
/* Where the page at self may move (its own subtree left out), drafts
 * too, in tree order: with an empty query the front page, the top level
 * and self's ancestors; else also every page whose title or path holds
 * query.  The front page and the ancestors always, and at most
 * NAERING_PARENT_CHOICES more, so the form stays small on a site of
 * 10,000 pages and the page's parent is always among them. */
#define NAERING_PARENT_CHOICES 100
naering_err *naering_store_parent_choices(naering_db *db, apr_pool_t *p,
                                          const char *self, const char *query,
                                          apr_array_header_t **entries);
/* query is an FTS5 expression from naering_search_query(). */
naering_err *naering_store_search(naering_db *db, apr_pool_t *p,
                                  const char *query, int limit, int offset,
                                  apr_array_header_t **hits, int *total);

/* Writes: scripts and single documents (naering-admin). */
naering_err *naering_store_exec_script(naering_db *db, apr_pool_t *p,
                                       const char *sql);
naering_err *naering_store_add_document(naering_db *db, apr_pool_t *p,
                                        const char *page_path,
                                        const char *title,
                                        const char *filename,
                                        const char *mime,
                                        const char *sha256, apr_off_t size,
                                        const char *author);

/* Documents (docs.c).  Several uploads commit together; names are
 * made unique per page ("Referat-2.pdf").  Replacing keeps name and URL
 * and refuses another type (415).  Every change is a document_event. */
/* The text the helper read from a file's bytes (an earlier failure is
 * replaced; a reading that stood is kept). */
naering_err *naering_store_text_put(naering_db *db, apr_pool_t *p,
                                    const char *sha256,
                                    const naering_doc_text *t);
/* The current bytes (sha256, mime) of documents whose text was never
 * read or failed (naering_doc_version, the rest zero). */
naering_err *naering_store_texts_unread(naering_db *db, apr_pool_t *p,
                                        apr_array_header_t **out);
/* Live documents with accessibility warnings (checks), by page path. */
naering_err *naering_store_docs_to_fix(naering_db *db, apr_pool_t *p,
                                       apr_array_header_t **docs);
/* The whole search index, pages and documents, rebuilt. */
naering_err *naering_store_reindex_all(naering_db *db, apr_pool_t *p);
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
                                const char *slug, const naering_guard *guard,
                                const char **new_path);

/* Editing (edit.c).  save: a new revision when base is still the
 * page's current one, else 409 with *rev = the current revision. */
/* A page's current values as fields (the edit form's, a save's). */
naering_page_fields *naering_store_fields_of(apr_pool_t *p,
                                             const naering_page *pg);
naering_err *naering_store_save(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 page, sqlite3_int64 base,
                                const naering_page_fields *f,
                                const char *author, sqlite3_int64 *rev);
/* A new page (a draft) below parent_path; *path is where it lives. */
naering_err *naering_store_create(naering_db *db, apr_pool_t *p,
                                  const char *parent_path, const char *slug,
                                  const naering_page_fields *f,
                                  const char *author,
                                  const naering_guard *guard,
                                  const char **path);
naering_err *naering_store_revisions(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     apr_array_header_t **revs);
naering_err *naering_store_revision(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 rev,
                                    naering_page *out, int *found);
/* Trash takes the page and everything below it; untrash brings back what
 * went with the page, to where it was. */
naering_err *naering_store_trash(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 page,
                                 const naering_guard *guard);
naering_err *naering_store_trashed(naering_db *db, apr_pool_t *p,
                                   apr_array_header_t **pages);
naering_err *naering_store_untrash(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page,
                                   const naering_guard *guard,
                                   const char **path);
naering_err *naering_store_reorder(naering_db *db, apr_pool_t *p,
                                   sqlite3_int64 page, int delta);
naering_err *naering_store_changes(naering_db *db, apr_pool_t *p, int limit,
                                   apr_array_header_t **changes);
naering_err *naering_store_secret(naering_db *db, apr_pool_t *p,
                                  const char **secret);

/* The site's own details (site.c): one row of site_revision, what the
 * footer of every page says.  Texts are plain, never HTML. */
typedef struct {
    sqlite3_int64 id;               /* 0 when the site has none */
    apr_time_t created;
    const char *author;             /* the login */
    const char *author_name;        /* the public name, or "" */
    naering_site_fields f;
} naering_site_details;

/* The newest details (all texts "" when there are none). */
naering_err *naering_store_site(naering_db *db, apr_pool_t *p,
                                naering_site_details *out);
naering_err *naering_store_site_get(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 id,
                                    naering_site_details *out, int *found);
/* The newest first: naering_site_details. */
naering_err *naering_store_site_history(naering_db *db, apr_pool_t *p,
                                        int limit, apr_array_header_t **out);
/* d as the newest, when base is still the newest (else 409); *id is the
 * new row's. */
naering_err *naering_store_site_save(naering_db *db, apr_pool_t *p,
                                     const naering_site_details *d,
                                     sqlite3_int64 base, sqlite3_int64 *id);
/* A new site's first content (sql/seed.sql): the accessibility statement
 * its footer links to. */
naering_err *naering_store_seed(naering_db *db, apr_pool_t *p);

/* naering-admin (admin.c): an online backup to dest; integrity and
 * foreign-key problems as lines; the content addresses in use; every
 * row to an XML file, and back into an empty site. */
naering_err *naering_store_backup(naering_db *db, apr_pool_t *p,
                                  const char *dest);
/* A backup opened to read (nothing migrated, nothing written). */
naering_err *naering_store_open_readonly(apr_pool_t *p, const char *path,
                                         naering_db **out);
/* The whole of backup copied over the site's database while the site
 * runs (its readers see the old rows or the new, never a mix), then
 * migrated, and the generation moved past both so that no cache serves a
 * page from before.  A backup with integrity problems is refused (400). */
naering_err *naering_store_restore(naering_db *db, apr_pool_t *p,
                                   naering_db *backup);
naering_err *naering_store_check(naering_db *db, apr_pool_t *p,
                                 apr_array_header_t *problems);
naering_err *naering_store_file_refs(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t *shas);
naering_err *naering_store_export(naering_db *db, apr_pool_t *p,
                                  const char *file);
naering_err *naering_store_import(naering_db *db, apr_pool_t *p,
                                  const char *file);

/* A live page's current text (bodies.c). */
typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *body;            /* sanitized XHTML fragment */
    int draft;                   /* the page is a draft */
} naering_page_body;

/* Every live (not trashed) page, drafts included, with its current
 * revision's text (naering_page_body), in path order. */
naering_err *naering_store_bodies(naering_db *db, apr_pool_t *p,
                                  apr_array_header_t **pages);

/* ---- langs.c: pages that are translations of each other ------------- */

typedef struct {
    sqlite3_int64 id;
    const char *path;
    const char *title;
    const char *lang;            /* nb, nn, en; "" the site's language */
    int hidden;                  /* a draft or below one */
} naering_translation;

/* The live pages linked as translations with page, page itself included,
 * by id; empty when it has none. */
naering_err *naering_store_translations(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 page,
                                        apr_array_header_t **out);
/* Links other (and all linked with it) as translations of page; one
 * transaction that bumps the generation.  409, and nothing changed, when
 * the group would hold a language twice (site_lang: the language of
 * pages without their own). */
naering_err *naering_store_translation_link(naering_db *db, apr_pool_t *p,
                                            sqlite3_int64 page,
                                            sqlite3_int64 other,
                                            const char *site_lang);
/* Takes page out of its group (a group of one is none). */
naering_err *naering_store_translation_unlink(naering_db *db, apr_pool_t *p,
                                              sqlite3_int64 page);

#endif /* NAERING_STORE_H */
