/*
 * The editor's images, from a page's editor (so Apache's Require for that
 * page holds): the library with an upload form (?vis=bilder), one image
 * with its uses, history and replacement (?vis=bilde&bilde=N), and the
 * actions: upload and place on the page, place one from the library,
 * replace, trash and bring back.  Every form works without JavaScript.
 *
 * Placing an image appends a figure to the page's text as a new revision
 * by this editor, so it is in the page's history and can be undone like
 * any save.  Replacing or trashing an image changes every page that shows
 * it: the store asks Apache about each of them (naering_rights_guard).
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

#define NAERING_VIS_IMAGES "bilder"
#define NAERING_VIS_IMAGE "bilde"
#define NAERING_LIBRARY_MAX 60

/* ---- views ---------------------------------------------------------------- */

/* The library, with the form's values and problems when a placing was
 * refused (given may be NULL). */
static int naering_images_answer(naering_edit_ctx *ec,
                                 const naering_image_fields *given,
                                 apr_array_header_t *errors,
                                 const char *refused, int status)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    /* What the upload streamed goes before the answer, not after it. */
    naering_upload_discard(ec->upload);
    naering_editor_init(ec, &v, &ed, NAERING_VIEW_IMAGES);
    v.status = status;
    ed.errors = errors;
    ed.image_form = given;
    ed.refused = refused;
    ed.library_match = naering_query_get(p, ec->q->r->args, NAERING_Q_SEARCH);
    if (ed.library_match && naering_utf8_chars(ed.library_match) > 100)
        ed.library_match = NULL;
    if ((e = naering_editor_frame(ec, &v, &ec->page))
        || (e = naering_store_images(ec->q->db, p, ed.library_match,
                                     NAERING_LIBRARY_MAX, &ed.library)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

int naering_images_view(naering_edit_ctx *ec)
{
    return naering_images_answer(ec, NULL, NULL, NULL, OK);
}

/* One image: its variants, the pages that show it, its history, and the
 * pages a trash would change (warn says to ask before it goes). */
static int naering_image_answer(naering_edit_ctx *ec, sqlite3_int64 id,
                                const char *refused, int warn, int status)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_image *im = apr_pcalloc(p, sizeof(*im));
    naering_view v;
    naering_editor_view ed;
    naering_err *e;
    int found = 0;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_IMAGE);
    v.status = status;
    ed.refused = refused;
    ed.image_warn = warn;
    if ((e = naering_store_image(ec->q->db, p, id, im, &found)))
        return naering_fail(ec->q, e);
    if (!found)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    ed.image = im;
    if ((e = naering_editor_frame(ec, &v, &ec->page))
        || (e = naering_store_image_uses(ec->q->db, p, id, &ed.image_uses))
        || (e = naering_store_image_events(ec->q->db, p, id,
                                           &ed.image_events)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

int naering_image_view(naering_edit_ctx *ec)
{
    return naering_image_answer(ec, naering_query_id(naering_query_get(
                                ec->q->r->pool, ec->q->r->args,
                                NAERING_Q_IMAGE)), NULL, 0, OK);
}

/* ---- placing an image on the page ---------------------------------------- */

/* The form's words for the image, checked; errors is empty when fine,
 * NULL when the body is not UTF-8. */
static apr_array_header_t *naering_image_fields_read(naering_edit_ctx *ec,
                                                     naering_image_fields *f)
{
    apr_pool_t *p = ec->q->r->pool;
    apr_array_header_t *errors = apr_array_make(p, 2,
                                                sizeof(naering_field_err));
    const char *deco = naering_editor_field(ec, NAERING_Q_DECORATIVE);

    f->alt = naering_editor_field(ec, NAERING_Q_ALT);
    f->caption = naering_editor_field(ec, NAERING_Q_CAPTION);
    if (!f->alt || !f->caption || !deco)
        return NULL;
    f->decorative = *deco != '\0';
    naering_form_image(p, f, errors);
    return errors;
}

/* The page's text with the figure after it, saved as a new revision. */
static naering_err *naering_place(naering_edit_ctx *ec,
                                  const naering_image *im,
                                  const naering_image_fields *f)
{
    return naering_store_image_place(ec->q->db, ec->q->r->pool, &ec->page,
                                     naering_editor_images_path(ec), im, f,
                                     ec->q->r->user,
                                     naering_editor_public_name(ec));
}

static int naering_placed(naering_edit_ctx *ec, naering_err *e)
{
    if (e && e->status == HTTP_CONFLICT)
        return naering_editor_back(ec, ec->page.path, NAERING_VIS_IMAGES,
                                   "bilde-konflikt");
    return e ? naering_fail(ec->q, e)
             : naering_editor_back(ec, ec->page.path, NULL, "bilde-satt-inn");
}

/* A library image placed on the page (urlencoded). */
int naering_images_insert(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_image_fields f;
    naering_image im;
    apr_array_header_t *errors = naering_image_fields_read(ec, &f);
    naering_err *e;
    int found = 0;

    if (!errors)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (errors->nelts)
        return naering_images_answer(ec, &f, errors, NULL, HTTP_BAD_REQUEST);
    e = naering_store_image(ec->q->db, p, naering_editor_id(ec,
                            NAERING_Q_IMAGE), &im, &found);
    if (e)
        return naering_fail(ec->q, e);
    if (!found || im.trashed)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    return naering_placed(ec, naering_place(ec, &im, &f));
}

/* ---- uploads --------------------------------------------------------------- */

/* The image forms' fields and only those, each once, and at most one
 * file, in fil1. */
static int naering_image_shape_ok(naering_upload *up)
{
    static const char *const known[] = { NAERING_Q_CSRF, NAERING_Q_ACTION,
        NAERING_Q_IMAGE, NAERING_Q_ALT, NAERING_Q_CAPTION,
        NAERING_Q_DECORATIVE, NAERING_Q_LIBRARY_ONLY, NULL };
    const apr_array_header_t *arr = apr_table_elts(up->fields);
    const apr_table_entry_t *t = (const apr_table_entry_t *)arr->elts;
    int i, j, ok;

    for (i = 0; i < arr->nelts; i++) {
        for (ok = 0, j = 0; known[j]; j++)
            ok |= strcmp(t[i].key, known[j]) == 0;
        for (j = 0; j < i; j++)
            ok &= strcmp(t[i].key, t[j].key) != 0;
        if (!ok)
            return 0;
    }
    return up->files->nelts <= 1 && (up->files->nelts == 0
        || strcmp(APR_ARRAY_IDX(up->files, 0, naering_upload_file).field,
                  "fil1") == 0);
}

/* The uploaded file committed, and through the image helper: DECLINED
 * with *n filled, or what was answered (the refusal beside the form). */
static int naering_image_in(naering_edit_ctx *ec, naering_new_image *n,
                            const naering_image_fields *f,
                            apr_array_header_t *errors)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_upload_file *bad = NULL, *up;
    const char *refused = NULL;
    naering_err *e;

    if (!naering_image_shape_ok(ec->upload))
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (ec->upload->files->nelts == 0)
        return naering_images_answer(ec, f, errors, "no-file",
                                     HTTP_BAD_REQUEST);
    if ((e = naering_upload_commit_as(p, ec->upload, naering_sniff_image,
                                      &bad)))
        return bad ? naering_images_answer(ec, f, errors,
                                           apr_pstrcat(p, "image-", bad->why,
                                                       NULL), e->status)
                   : naering_fail(ec->q, e);
    up = &APR_ARRAY_IDX(ec->upload->files, 0, naering_upload_file);
    if ((e = naering_image_make(ec->q->r, ec->q->cfg, naering_files_path(p,
                                ec->q->cfg->site->files, up->sha256), n,
                                &refused)))
        return naering_fail(ec->q, e);
    if (refused)
        return naering_images_answer(ec, f, errors, apr_pstrcat(p, "image-",
                                     refused, NULL), HTTP_UNPROCESSABLE_ENTITY);
    n->name = up->filename;
    n->alt = f ? f->alt : "";
    n->mime = up->mime;
    n->sha256 = up->sha256;
    n->size = up->size;
    return DECLINED;
}

static int naering_image_back(naering_edit_ctx *ec, sqlite3_int64 id,
                              const char *notice)
{
    apr_pool_t *p = ec->q->r->pool;

    return naering_see_other(ec->q, naering_url_edit(p, ec->q->cfg->base,
                             ec->page.path), apr_psprintf(p, NAERING_Q_VIEW
                             "=" NAERING_VIS_IMAGE "&" NAERING_Q_IMAGE "=%"
                             APR_INT64_T_FMT "&" NAERING_Q_NOTICE "=%s",
                             (apr_int64_t)id, notice));
}

/* A new image into the library and onto the page, or (bare-bibliotek,
 * the editor's script, which places it in the text being edited) into
 * the library alone: then the answer is the image's own view, whose URL
 * names its id.  Alt text first: an upload without it is refused before a
 * byte is decoded. */
int naering_images_upload(naering_edit_ctx *ec)
{
    naering_image_fields f;
    naering_new_image n;
    apr_array_header_t *errors = naering_image_fields_read(ec, &f);
    naering_image im;
    naering_err *e;
    int rc;

    if (!errors)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (errors->nelts)
        return naering_images_answer(ec, &f, errors, NULL, HTTP_BAD_REQUEST);
    memset(&n, 0, sizeof(n));
    memset(&im, 0, sizeof(im));
    if ((rc = naering_image_in(ec, &n, &f, errors)) != DECLINED)
        return rc;
    if ((e = naering_store_image_add(ec->q->db, ec->q->r->pool, &n,
                                     ec->q->r->user, &im.id)))
        return naering_fail(ec->q, e);
    im.name = n.name;
    if (*naering_editor_field(ec, NAERING_Q_LIBRARY_ONLY))
        return naering_image_back(ec, im.id, "bilde-lastet-opp");
    return naering_placed(ec, naering_place(ec, &im, &f));
}

/* ---- one image -------------------------------------------------------------- */

/* New bytes for an image every page keeps showing at the same URL. */
int naering_images_replace(naering_edit_ctx *ec)
{
    sqlite3_int64 id = naering_editor_id(ec, NAERING_Q_IMAGE);
    naering_new_image n;
    naering_err *e;
    int rc;

    memset(&n, 0, sizeof(n));
    if (!id)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if ((rc = naering_image_in(ec, &n, NULL, NULL)) != DECLINED)
        return rc;
    e = naering_store_image_replace(ec->q->db, ec->q->r->pool, id, &n,
                                    ec->q->r->user, naering_rights_guard(ec));
    return e ? naering_rights_answer(ec, e)
             : naering_image_back(ec, id, "bilde-erstattet");
}

/* To the trash; an image some page shows is trashed only once the
 * editor has seen the list of those pages and confirmed. */
static int naering_image_trash(naering_edit_ctx *ec, int trash)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 id = naering_editor_id(ec, NAERING_Q_IMAGE);
    apr_array_header_t *uses;
    naering_err *e;

    if (!id)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (trash && !naering_links_confirmed(ec)) {
        if ((e = naering_store_image_uses(ec->q->db, p, id, &uses)))
            return naering_fail(ec->q, e);
        if (uses->nelts)
            return naering_image_answer(ec, id, NULL, 1, HTTP_CONFLICT);
    }
    e = naering_store_image_trash(ec->q->db, p, id, trash, ec->q->r->user,
                                  naering_rights_guard(ec));
    return e ? naering_rights_answer(ec, e)
             : naering_image_back(ec, id, trash ? "bilde-slettet"
                                                : "bilde-tilbake");
}

int naering_images_trash(naering_edit_ctx *ec)
{
    return naering_image_trash(ec, 1);
}

int naering_images_untrash(naering_edit_ctx *ec)
{
    return naering_image_trash(ec, 0);
}
