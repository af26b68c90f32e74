/*
 * editor: everything below <base>/redigering, above httpd.  The front
 * door (handler.c) calls naering_editor() and nothing else; the calls run
 * one way, gate -> table -> views, actions, docs, site -> frame, rights ->
 * httpd, store.
 *
 *   gate.c     the checks every request passes: an authenticated user,
 *              the body read once (urlencoded or multipart), origin and
 *              CSRF for every body kind, the entry found in the tables,
 *              and the purge asked for after a write
 *   table.c    GET views by ?vis=, POST actions by handling=, each with
 *              the flags that say what it needs
 *   views.c    GET: the edit form, a new page, history, diff, the trash,
 *              recent changes, logging out
 *   actions.c  POST on pages: save, preview, create, move, trash, restore
 *              a revision, restore from the trash, reorder
 *   docs.c     documents: the list, an old version, uploads and the
 *              actions on one document
 *   site.c     the site's own details (the footer): the form, its
 *              history, save and bring back
 *   images.c   the image library from a page's editor: upload and place,
 *              place from the library, replace, trash
 *   links.c    who links to what is about to go to the trash; the
 *              site's broken links
 *   schedule.c time: what is scheduled (list, schedule, move, cancel)
 *              and review dates ("Trenger gjennomgang", "Gjennomgått")
 *   frame.c    what the editor files share: the editor's view, the form,
 *              fields of either body kind, the way back (303)
 *   rights.c   whether the user may edit a page, asked of Apache with a
 *              sub-request on its editor URL; ids that belong elsewhere
 *   langs.c    pages linked as translations of each other
 *   a11y.c     the site's accessibility report
 */
#ifndef NAERING_EDITOR_H
#define NAERING_EDITOR_H

#include <apr_hash.h>
#include "httpd/server.h"

typedef struct naering_edit_ctx naering_edit_ctx;
typedef int (*naering_edit_fn)(naering_edit_ctx *ec);

/* What an entry needs, and what its answer means. */
#define NAERING_EDIT_PAGE      1  /* the URL's page, loaded (404 if none) */
#define NAERING_EDIT_WRITES    2  /* a 303 answer: the site has changed */
#define NAERING_EDIT_MULTIPART 4  /* the body is multipart/form-data */

typedef struct {
    const char *word;           /* the value of vis= or handling= */
    naering_edit_fn fn;
    int flags;
} naering_edit_entry;

/* One editor request. */
struct naering_edit_ctx {
    naering_req *q;
    const char *path;           /* the page of the URL */
    const char *secret;         /* the site's CSRF secret */
    const char *form;           /* an urlencoded body */
    naering_upload *upload;     /* a multipart body */
    const naering_edit_entry *entry;    /* what is being done */
    naering_page page;          /* NAERING_EDIT_PAGE: the page, drafts too */
    apr_hash_t *rights;         /* path -> int: Apache's answers so far */
    const char *denied_path;    /* the page a guard refused, and its title */
    const char *denied_title;
};

/* ---- gate.c ------------------------------------------------------------ */

int naering_editor(naering_req *q, const naering_route *rt);

/* ---- table.c ----------------------------------------------------------- */

extern const naering_edit_entry naering_edit_views[];   /* GET, by vis= */
extern const naering_edit_entry naering_edit_actions[]; /* POST, by handling= */
/* The entry for word in a table that ends with a NULL word; NULL when
 * the word is not there (never a default). */
const naering_edit_entry *naering_edit_find(const naering_edit_entry *table,
                                            const char *word);

/* ---- views.c ----------------------------------------------------------- */

int naering_view_edit(naering_edit_ctx *ec);
int naering_view_new(naering_edit_ctx *ec);
int naering_view_history(naering_edit_ctx *ec);
int naering_view_diff(naering_edit_ctx *ec);
int naering_view_trash(naering_edit_ctx *ec);
int naering_view_changes(naering_edit_ctx *ec);
int naering_view_logout(naering_edit_ctx *ec);

/* ---- actions.c --------------------------------------------------------- */

int naering_act_save(naering_edit_ctx *ec);
int naering_act_preview(naering_edit_ctx *ec);
int naering_act_create(naering_edit_ctx *ec);
int naering_act_move(naering_edit_ctx *ec);
int naering_act_trash(naering_edit_ctx *ec);
int naering_act_restore(naering_edit_ctx *ec);
int naering_act_untrash(naering_edit_ctx *ec);
int naering_act_up(naering_edit_ctx *ec);
int naering_act_down(naering_edit_ctx *ec);

/* ---- docs.c ------------------------------------------------------------ */

int naering_docs_view(naering_edit_ctx *ec);
int naering_docs_version(naering_edit_ctx *ec);
int naering_docs_upload(naering_edit_ctx *ec);
int naering_docs_replace(naering_edit_ctx *ec);
int naering_docs_rename(naering_edit_ctx *ec);
int naering_docs_up(naering_edit_ctx *ec);
int naering_docs_down(naering_edit_ctx *ec);
int naering_docs_trash(naering_edit_ctx *ec);
int naering_docs_untrash(naering_edit_ctx *ec);
int naering_docs_restore(naering_edit_ctx *ec);
/* The site's documents with accessibility warnings (?vis=dokumentsjekk). */
int naering_docs_checks_view(naering_edit_ctx *ec);
/* The list with why an upload was refused (a string key), before any
 * entry ran: a body too large or broken. */
int naering_docs_refused(naering_edit_ctx *ec, const char *key, int status);

/* ---- site.c ------------------------------------------------------------ */

int naering_site_view(naering_edit_ctx *ec);
int naering_site_save(naering_edit_ctx *ec);
int naering_site_restore(naering_edit_ctx *ec);

/* ---- images.c ---------------------------------------------------------- */

int naering_images_view(naering_edit_ctx *ec);
int naering_image_view(naering_edit_ctx *ec);
int naering_images_upload(naering_edit_ctx *ec);
int naering_images_insert(naering_edit_ctx *ec);
int naering_images_replace(naering_edit_ctx *ec);
int naering_images_trash(naering_edit_ctx *ec);
int naering_images_untrash(naering_edit_ctx *ec);

/* ---- links.c ----------------------------------------------------------- */

/* Whether the form says bekreft=ja: the editor has seen who links here. */
int naering_links_confirmed(naering_edit_ctx *ec);
/* The live pages outside the URL's page's subtree that link into it. */
naering_err *naering_links_into_page(naering_edit_ctx *ec,
                                     apr_array_header_t **pages);
/* The live pages that link to the URL's page's document named name. */
naering_err *naering_links_into_doc(naering_edit_ctx *ec, const char *name,
                                    apr_array_header_t **pages);
/* After a move from -> to: the other pages' links follow it. */
naering_err *naering_links_moved(naering_edit_ctx *ec, const char *from,
                                 const char *to);
/* ?vis=brutte-lenker */
int naering_links_broken_view(naering_edit_ctx *ec);

/* ---- langs.c, a11y.c ---------------------------------------------------- */

int naering_langs_link(naering_edit_ctx *ec);
int naering_langs_unlink(naering_edit_ctx *ec);
/* Before a save or restore of f: tells the store the site's language (a
 * page whose new language its translation group already has leaves the
 * group), and whether the save may do that.  After it: notice, or the
 * one that says the page left its group. */
int naering_langs_before_save(naering_edit_ctx *ec, naering_page_fields *f);
const char *naering_langs_after_save(naering_edit_ctx *ec, int grouped,
                                     const char *notice);
/* ?vis=tilgjengelighet */
int naering_a11y_view(naering_edit_ctx *ec);
/* ---- schedule.c: scheduled changes and reviews ------------------------- */

int naering_schedule_view(naering_edit_ctx *ec);    /* ?vis=planlagt */
int naering_schedule_text_view(naering_edit_ctx *ec);   /* planlagt-tekst */
int naering_review_view(naering_edit_ctx *ec);      /* ?vis=gjennomgang */
int naering_schedule_add(naering_edit_ctx *ec);     /* planlegg */
int naering_schedule_edit(naering_edit_ctx *ec);    /* planlagt-endre */
int naering_schedule_cancel(naering_edit_ctx *ec);  /* planlagt-avbryt */
int naering_review_done(naering_edit_ctx *ec);      /* gjennomgatt */
int naering_review_save(naering_edit_ctx *ec);      /* gjennomgang-lagre */

/* ---- frame.c ----------------------------------------------------------- */

/* An editor view of kind: the user, a CSRF token, the notice of the URL. */
void naering_editor_init(naering_edit_ctx *ec, naering_view *v,
                         naering_editor_view *ed, naering_view_kind kind);
/* Menu, breadcrumbs and documents of pg around an editor view. */
naering_err *naering_editor_frame(naering_edit_ctx *ec, naering_view *v,
                                  const naering_page *pg);
/* The edit form (or the new-page form) with values, errors, a preview or
 * a conflict, answered with status. */
int naering_editor_form(naering_edit_ctx *ec, naering_view_kind kind,
                        const naering_editor_view *given, int status);
/* A field of the body, of either kind: "" when absent, NULL when it is
 * not UTF-8 text. */
const char *naering_editor_field(naering_edit_ctx *ec, const char *name);
/* A field holding an id: 0 when absent or not a number. */
sqlite3_int64 naering_editor_id(naering_edit_ctx *ec, const char *name);
/* 303 to the editor of path, with ?vis=view (NULL: the form) and the
 * notice key. */
int naering_editor_back(naering_edit_ctx *ec, const char *path,
                        const char *view, const char *notice);

/* The URL path of the site's images ("<base>/bilder"): what the
 * sanitizer keeps in a page's text. */
const char *naering_editor_images_path(naering_edit_ctx *ec);

/* The name the public sees for this editor's revisions (the variable
 * NaeringDisplayName names, when it holds one line of text), or NULL. */
const char *naering_editor_public_name(naering_edit_ctx *ec);

/* ---- rights.c ---------------------------------------------------------- */

/* 1 when Apache lets this user, with this method, at path's editor URL. */
int naering_rights_may(naering_edit_ctx *ec, const char *path);
/* A guard for the store that asks naering_rights_may. */
naering_guard *naering_rights_guard(naering_edit_ctx *ec);
/* 403 with a message naming the page (title may be NULL; path "" says
 * "another page" without naming it), and a log line saying why. */
int naering_rights_refuse(naering_edit_ctx *ec, const char *path,
                          const char *title, const char *reason);
/* The answer to a store error: a guard's refusal as 403, else as it is. */
int naering_rights_answer(naering_edit_ctx *ec, naering_err *e);
/* DECLINED when the revision, document or version id belongs to the URL's
 * page or to nothing (the store, which looks it up on that page, says
 * 404); a 403, already answered, when it belongs to another page. */
int naering_rights_owned(naering_edit_ctx *ec, naering_owned kind,
                         sqlite3_int64 id);

#endif /* NAERING_EDITOR_H */
