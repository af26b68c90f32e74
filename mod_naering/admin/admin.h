/* naering-admin's own helpers (admin.c, admin_files.c, owner.c) and the
 * commands that have a file of their own (place.c, texts.c, links.c,
 * time.c, image.c, extract.c, pdfcheck.c). */
#ifndef NAERING_ADMIN_H
#define NAERING_ADMIN_H

#include "store/store.h"

naering_err *naering_admin_copy_files(apr_pool_t *p, const char *from,
                                      const char *to,
                                      apr_array_header_t *shas);
void naering_admin_missing(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas,
                           apr_array_header_t *problems);
void naering_admin_orphans(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas, int fix,
                           apr_array_header_t *orphans);

/* The content addresses of every file below from. */
void naering_admin_list_files(apr_pool_t *p, const char *from,
                              apr_array_header_t *shas);

/* owner.c: run as root, work on as the owner of the database's folder
 * (nothing happens when not root, or when root owns the folder); as says
 * who that is ("www-data, the owner of /var/lib/naering") or is NULL. */
naering_err *naering_admin_become_owner(apr_pool_t *p, const char *database,
                                       const char **as);
/* The site's files (database, WAL, its files' folder) the folder's owner
 * does not own, as problem lines; with fix (as root) given back, and said
 * so in a "fixed:" line. */
void naering_admin_owners(apr_pool_t *p, const char *database, int fix,
                          apr_array_header_t *lines);

/* place.c: an image file (fd, argv[4]) into the library and onto the
 * end of page argv[3]'s text with alt text argv[5] [caption argv[6]]. */
naering_err *naering_admin_place(apr_pool_t *p, naering_db *db,
                                 const char *database, int fd, int argc,
                                 const char *const *argv);

/* texts.c: this program's own path (the helpers are naering-admin);
 * the text of a file of the site read by the text helper and stored
 * (*state: text, none, failed); "reindex": every document not read yet
 * or that failed, then the whole search index. */
const char *naering_admin_self(apr_pool_t *p);
naering_err *naering_admin_text(apr_pool_t *p, naering_db *db,
                                const char *database, const char *sha256,
                                const char *mime, const char **state);
naering_err *naering_admin_reindex(apr_pool_t *p, naering_db *db,
                                   const char *database);
/* links.c: "links [--external]": broken links, exit status; "move":
 * the page argv[3] to parent argv[4] as argv[5], links following. */
int naering_admin_links(apr_pool_t *p, naering_db *db, int external);
naering_err *naering_admin_move(apr_pool_t *p, naering_db *db,
                                const char *const *argv);
/* a11y.c: "a11y": every live page's accessibility warnings (text/a11y.c);
 * exit 0 none, 1 some, 2 error. */
int naering_admin_a11y(apr_pool_t *p, naering_db *db);
/* "documents": what naering_store_docs_to_fix finds; exit status. */
int naering_admin_documents(apr_pool_t *p, naering_db *db);

/* time.c: "tick" and "review" (exit status); --now SECONDS (argv[3],
 * argv[4]) for tests, else the clock. */
/* tick's and review's [--now SECONDS] (else the real clock): 0 when the
 * arguments are not that. */
int naering_admin_now(int argc, const char *const *argv, apr_int64_t *now);
int naering_admin_tick(apr_pool_t *p, naering_db *db, apr_int64_t now);
int naering_admin_review(apr_pool_t *p, naering_db *db, apr_int64_t now);

/* image.c: the image helper the module runs for every upload, and the
 * limits every helper sets on itself before it reads its input. */
int naering_admin_image(const char *in, const char *outdir);
int naering_admin_helper_limits(void);

/* extract.c: the text of a document (PDF, office, text) for search. */
int naering_admin_extract(const char *in, const char *mime);

/* pdfcheck.c: what a PDF lacks for assistive technology (warning keys). */
int naering_admin_pdfcheck(const char *in);

#endif
