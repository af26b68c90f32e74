/*
 * Shared by the store's files (store*.c) and nothing else: the connection
 * and the helpers that run SQL.  Every bind by name fails loudly on a name
 * the statement does not have.
 */
#ifndef NAERING_STORE_INTERNAL_H
#define NAERING_STORE_INTERNAL_H

#include "store/store.h"

#define NAERING_STMT_SLOTS 160

struct naering_db {
    sqlite3 *h;
    const char *path;
    int nstmt;
    const char *sql[NAERING_STMT_SLOTS];
    sqlite3_stmt *stmt[NAERING_STMT_SLOTS];
    char *touched;      /* keys committed since naering_store_touched */
    int outside;        /* naering_step_write refused: not in a write */
    int stale;          /* opened while a file was not writable (dbfiles.c) */
};

/* The prepared statement for sql (a static string of the caller's). */
sqlite3_stmt *naering_stmt(naering_db *db, const char *sql);
void naering_stmt_done(sqlite3_stmt *st);
int naering_bind_text(sqlite3_stmt *st, const char *name, const char *v);
int naering_bind_int(sqlite3_stmt *st, const char *name, sqlite3_int64 v);
const char *naering_col(apr_pool_t *p, sqlite3_stmt *st, int i);
apr_time_t naering_col_time(sqlite3_stmt *st, int i);

naering_err *naering_db_err(naering_db *db, apr_pool_t *p, const char *what);

/* dbfiles.c: the first of site.db, -wal, -shm and their folder that this
 * process may not write (errno in *err), or NULL; and the error for a
 * file another user owns, NULL when it is this process's. */
const char *naering_dir_of(apr_pool_t *p, const char *path);
const char *naering_db_unwritable(apr_pool_t *p, const char *path, int *err);
naering_err *naering_db_foreign(apr_pool_t *p, const char *file);
/* -wal and -shm of this process's that it cannot write get site.db's
 * mode, when site.db is writable (see dbfiles.c). */
void naering_db_mend_modes(apr_pool_t *p, const char *path);
naering_err *naering_exec(naering_db *db, apr_pool_t *p, const char *sql);
/* A write transaction: begin, then finish with the first error or NULL;
 * finish bumps the generation and commits, or rolls back. */
naering_err *naering_begin(naering_db *db, apr_pool_t *p);
naering_err *naering_finish(naering_db *db, apr_pool_t *p, naering_err *e);
/* Brings the schema up to this module's version (db.c). */
naering_err *naering_migrate(naering_db *db, apr_pool_t *p);
/* Steps a fully bound write; its rowid, or -1.  Only inside
 * naering_begin/naering_finish (-1 in autocommit); _any also outside, for
 * the writes no page depends on and no trigger stamps (the CSRF secret,
 * the tick's clock). */
sqlite3_int64 naering_step_write(naering_db *db, sqlite3_stmt *st);
sqlite3_int64 naering_step_write_any(naering_db *db, sqlite3_stmt *st);
/* The live page at path: *id is its id, 0 when there is none. */
naering_err *naering_page_id(naering_db *db, apr_pool_t *p, const char *path,
                             sqlite3_int64 *id);
/* Rebuilds the search rows of one page (0: all) inside a transaction. */
naering_err *naering_reindex(naering_db *db, apr_pool_t *p,
                             sqlite3_int64 page);
/* Every hidden flag and the whole search index rebuilt from the rows, in
 * the caller's transaction (after a script or an import). */
naering_err *naering_rebuild(naering_db *db, apr_pool_t *p);
/* The live pages at and below page, as naering_entry (id, path, title). */
naering_err *naering_subtree(naering_db *db, apr_pool_t *p, sqlite3_int64 page,
                             apr_array_header_t **pages);
/* Rebuilds the search rows of each naering_entry of pages. */
naering_err *naering_reindex_all(naering_db *db, apr_pool_t *p,
                                 const apr_array_header_t *pages);
/* After a page's status, place or trash changed: its hidden flag and those
 * below it brought up to date, and the search rows of every page whose
 * flag flipped rebuilt (of the whole subtree when whole is set, as after a
 * restore; else at least of the page itself). */
naering_err *naering_settle(naering_db *db, apr_pool_t *p, sqlite3_int64 page,
                            int whole);
/* Asks guard about each naering_entry of pages, at its path and, when to
 * is set, at the path it gets when the subtree at from moves to to; the
 * first refusal is a 403.  A NULL guard allows all. */
naering_err *naering_guard_pages(apr_pool_t *p, const naering_guard *guard,
                                 const apr_array_header_t *pages,
                                 const char *from, const char *to);

/* Steps a bound statement for at most one row, handing it to row(p, st,
 * out); *found says whether it came.  Resets the statement. */
typedef void (*naering_row_fn)(apr_pool_t *p, sqlite3_stmt *st, void *out);
naering_err *naering_one_row(naering_db *db, apr_pool_t *p, sqlite3_stmt *st,
                             naering_row_fn row, void *out, int *found,
                             const char *what);

/* Steps a bound statement through all its rows, each into a new element
 * (of elt bytes) of *out made by row.  Resets the statement. */
naering_err *naering_all_rows(naering_db *db, apr_pool_t *p, sqlite3_stmt *st,
                              naering_row_fn row, apr_size_t elt,
                              apr_array_header_t **out, const char *what);
/* All rows of the statement for sql, with param (NULL: none) bound to
 * value; *out is an empty array, never NULL, when it fails. */
naering_err *naering_rows_for(naering_db *db, apr_pool_t *p, const char *sql,
                              const char *param, sqlite3_int64 value,
                              naering_row_fn row, apr_size_t elt,
                              apr_array_header_t **out, const char *what);
/* An sqlite3_int64 from (id). */
void naering_id_row(apr_pool_t *p, sqlite3_stmt *st, void *out);
/* A naering_entry from (id, path, title, summary, author, time) and, when
 * the statement has them, the author's public name and whether the page
 * is a draft. */
void naering_entry_row(apr_pool_t *p, sqlite3_stmt *st, void *out);

/* A naering_document from (id, title, filename, mime, sha256, size,
 * time); read.c. */
void naering_doc_row(apr_pool_t *p, sqlite3_stmt *st, void *out);

/* A naering_doc_event from (id, time, author, action, detail, title);
 * docs.c, for images.c's history too. */
void naering_event_row(apr_pool_t *p, sqlite3_stmt *st, void *out);

/* Moves id by delta places among the rows of sib (bound by the caller;
 * one id column) and renumbers them 1..n with pos (:pos, :id): no ties
 * between equal positions.  Inside the caller's transaction. */
naering_err *naering_move_in_list(naering_db *db, apr_pool_t *p,
                                  sqlite3_stmt *sib, sqlite3_stmt *pos,
                                  sqlite3_int64 id, int delta);
int naering_bind_null(sqlite3_stmt *st, const char *name);
/* Binds Unix seconds, or NULL for 0. */
int naering_bind_time(sqlite3_stmt *st, const char *name, apr_int64_t secs);
/* A revision of page inserted, not yet the page's (edit.c); and the page
 * pointed at one, with f's status, menu and kind, its hidden flags and
 * search rows brought up to date.  Inside the caller's transaction. */
naering_err *naering_revision_insert(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     const naering_page_fields *f,
                                     const char *author, sqlite3_int64 *rev);
naering_err *naering_revision_point(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 rev,
                                    const naering_page_fields *f);
/* A revision of pg with its current text, by author with comment and
 * status draft, made the page's; the scheduled texts that waited on the
 * revision before it now wait on this one (same text, no false 409).
 * Publish and unpublish at a time, and "Gjennomgått".  schedule.c. */
naering_err *naering_same_text(naering_db *db, apr_pool_t *p,
                               const naering_page *pg, int draft,
                               const char *comment, const char *author);
/* SQL of a page p and its current revision r, shared by the queries that
 * read them: when its next review is due (its own date, or the site's
 * interval after its last save), and a meeting's iCalendar SEQUENCE (how
 * many revisions it has had; 0 for every other kind, which no calendar
 * shows, so a page view of them counts nothing). */
#define NAERING_REVIEW_DUE \
    "coalesce(p.review_at, CAST(strftime('%s', r.created_at, 'unixepoch'," \
    "  '+' || (SELECT value FROM setting WHERE key = 'review_months')" \
    "  || ' months') AS INTEGER))"
#define NAERING_SEQUENCE \
    "CASE WHEN p.kind = 'meeting' THEN (SELECT count(*) FROM revision s" \
    "  WHERE s.page_id = p.id AND s.id <= r.id) ELSE 0 END"

/* langs.c: after a page's text changed (in the write's transaction):
 * when another page of its translation group has its language now, the
 * page leaves the group -- as translation plugins do -- rather than the
 * save failing, or hreflang naming two pages for one language. */
naering_err *naering_translation_settle(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       const char *site_lang);

#endif
