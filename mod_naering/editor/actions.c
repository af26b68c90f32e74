/*
 * The editor's actions on pages (POST; the gate has checked origin and
 * CSRF and loaded the URL's page): save or preview, create a page, move,
 * delete to the trash, restore a revision, restore from the trash,
 * reorder.  Each answers 303 to a page that shows the result
 * (POST/redirect/GET), or the form again with the editor's input kept:
 * nothing typed is ever thrown away.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

/* The other editor's revision and the one this save started from. */
static int naering_conflict(naering_edit_ctx *ec, naering_editor_view *ed,
                            sqlite3_int64 base, sqlite3_int64 current)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page *from = apr_pcalloc(p, sizeof(*from));
    naering_page *to = apr_pcalloc(p, sizeof(*to));
    naering_err *e;
    int f1 = 0, f2 = 0;

    if ((e = naering_store_revision(ec->q->db, p, ec->page.id, base, from,
                                    &f1))
        || (e = naering_store_revision(ec->q->db, p, ec->page.id, current,
                                       to, &f2)))
        return naering_fail(ec->q, e);
    ed->from = f1 ? from : NULL;
    ed->to = f2 ? to : NULL;
    ed->form_revision = current;
    return naering_editor_form(ec, NAERING_VIEW_CONFLICT, ed, HTTP_CONFLICT);
}

/* "Publiser endringen": the save goes live at f->due; the text now stays
 * public.  An edited scheduled text (erstatter=ID) takes the place of the
 * one it was loaded from.  Checked like a save: a page saved since the
 * form was opened shows the conflict view; a replaced text that went
 * live or was cancelled meanwhile shows the form again, nothing lost. */
static int naering_schedule_save(naering_edit_ctx *ec,
                                 naering_editor_view *ed,
                                 sqlite3_int64 base)
{
    const naering_page_fields *f = ed->form;
    sqlite3_int64 id = 0, replaces = naering_editor_id(ec, NAERING_Q_REPLACES);
    naering_err *e = naering_store_schedule_revision(
        ec->q->db, ec->q->r->pool, ec->page.id, base, f, f->due,
        ec->q->r->user, replaces > 0 ? replaces : 0, &id);

    if (e && e->status == HTTP_CONFLICT) {
        ed->replaces = replaces;
        return naering_conflict(ec, ed, base, id);
    }
    if (e && e->status == HTTP_NOT_FOUND && replaces > 0) {
        naering_form_error(ed->errors, "planlagt", "schedule-gone");
        return naering_editor_form(ec, NAERING_VIEW_EDIT, ed, HTTP_CONFLICT);
    }
    return e ? naering_fail(ec->q, e)
             : naering_editor_back(ec, ec->page.path, NULL, "planlagt");
}

/* A time sent back as the form showed it keeps what is stored: the
 * second 02:30 of the October night reads back as the first otherwise,
 * and an unchanged form would move the meeting an hour. */
static apr_int64_t naering_kept_time(naering_edit_ctx *ec, const char *name,
                                     apr_int64_t given, apr_int64_t stored)
{
    const char *s = naering_editor_field(ec, name);

    return stored && s && strcmp(naering_trim(ec->q->r->pool, s),
                                 naering_oslo_input(ec->q->r->pool, stored))
                          == 0 ? stored : given;
}

static int naering_save(naering_edit_ctx *ec, int preview)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));
    naering_editor_view ed;
    sqlite3_int64 base = naering_editor_id(ec, NAERING_Q_REVISION), rev = 0;
    naering_err *e;
    int rc, grouped;

    if ((rc = naering_rights_owned(ec, NAERING_OWNED_REVISION, base))
        != DECLINED)
        return rc;
    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 4, sizeof(naering_field_err));
    e = naering_form_page(p, ec->form, naering_editor_images_path(ec), f,
                          ed.errors);
    if (e)
        return naering_fail(ec->q, e);
    f->starts = naering_kept_time(ec, "starts", f->starts, ec->page.starts);
    f->ends = naering_kept_time(ec, "ends", f->ends, ec->page.ends);
    ed.form = f;
    ed.form_revision = base;
    f->author_name = naering_editor_public_name(ec);
    if (!f->lang)               /* not in the form: as it is */
        f->lang = ec->page.lang;
    if (base <= 0)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (ed.errors->nelts)
        return naering_editor_form(ec, NAERING_VIEW_EDIT, &ed,
                                   HTTP_BAD_REQUEST);
    if (preview) {
        ed.preview = f->body;
        return naering_editor_form(ec, NAERING_VIEW_EDIT, &ed, OK);
    }
    if (f->due && f->due <= naering_now()) {
        /* A time gone by would publish at once without a word. */
        naering_form_error(ed.errors, "planlagt", "past-time");
        return naering_editor_form(ec, NAERING_VIEW_EDIT, &ed,
                                   HTTP_BAD_REQUEST);
    }
    if (f->due || naering_editor_id(ec, NAERING_Q_REPLACES) > 0)
        return naering_schedule_save(ec, &ed, base);
    grouped = naering_langs_before_save(ec, f);
    e = naering_store_save(ec->q->db, p, ec->page.id, base, f,
                           ec->q->r->user, &rev);
    if (e && e->status == HTTP_CONFLICT)
        return naering_conflict(ec, &ed, base, rev);
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL,
                               naering_langs_after_save(ec, grouped,
                                                        "lagret"));
}

int naering_act_save(naering_edit_ctx *ec)
{
    return naering_save(ec, 0);
}

int naering_act_preview(naering_edit_ctx *ec)
{
    return naering_save(ec, 1);
}

int naering_act_create(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));
    naering_editor_view ed;
    const char *slug = naering_editor_field(ec, NAERING_Q_SLUG), *path;
    naering_err *e;

    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 4, sizeof(naering_field_err));
    if ((e = naering_form_page(p, ec->form, naering_editor_images_path(ec), f,
                               ed.errors)) || !slug)
        return naering_fail(ec->q, e ? e : naering_err_make(p, 400,
                                                            "bad slug"));
    ed.form = f;
    ed.slug = slug;
    f->author_name = naering_editor_public_name(ec);
    if (!naering_slug_usable(ec->page.path, slug))
        naering_form_error(ed.errors, "slug", "bad-slug");
    if (ed.errors->nelts)
        return naering_editor_form(ec, NAERING_VIEW_NEW, &ed,
                                   HTTP_BAD_REQUEST);
    e = naering_store_create(ec->q->db, p, ec->page.path, slug, f,
                             ec->q->r->user, naering_rights_guard(ec), &path);
    if (e && e->status == HTTP_CONFLICT) {
        naering_form_error(ed.errors, "slug", "taken");
        return naering_editor_form(ec, NAERING_VIEW_NEW, &ed, HTTP_CONFLICT);
    }
    if (e)
        return naering_rights_answer(ec, e);
    return naering_editor_back(ec, path, NULL, "opprettet");
}

int naering_act_move(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *parent = naering_editor_field(ec, NAERING_Q_PARENT);
    const char *slug = naering_editor_field(ec, NAERING_Q_SLUG), *now;
    naering_editor_view ed;
    naering_err *e;

    if (!parent || !slug)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    e = naering_store_move(ec->q->db, p, ec->page.path, parent, slug,
                           naering_rights_guard(ec), &now);
    if (!e)
        e = naering_links_moved(ec, ec->page.path, now);
    if (!e)
        return naering_editor_back(ec, now, NULL, "flyttet");
    if (e->status >= 500 || e->status == HTTP_FORBIDDEN)
        return naering_rights_answer(ec, e);
    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 1, sizeof(naering_field_err));
    ed.slug = slug;
    naering_form_error(ed.errors, "slug", e->status == HTTP_CONFLICT
                                          ? "taken" : "bad-move");
    return naering_editor_form(ec, NAERING_VIEW_EDIT, &ed, e->status);
}

/* A page below that Apache keeps from this editor, refused now: a 403
 * comes before any question about links.  (The store's guard asks again
 * inside the trash's transaction.)  DECLINED when all may go. */
static int naering_trash_rights(naering_edit_ctx *ec)
{
    apr_array_header_t *pages;
    naering_err *e = naering_store_subtree(ec->q->db, ec->q->r->pool,
                                           ec->page.id, &pages);
    int i;

    if (e)
        return naering_fail(ec->q, e);
    for (i = 0; i < pages->nelts; i++) {
        naering_entry *en = &APR_ARRAY_IDX(pages, i, naering_entry);
        if (!naering_rights_may(ec, en->path))
            return naering_rights_refuse(ec, en->path, en->title, "Apache "
                                         "does not allow the user at ");
    }
    return DECLINED;
}

/* To the trash with all below it; when other pages link into it, only
 * after the editor has seen which (the form again, 409, with the list
 * and a button that confirms). */
int naering_act_trash(naering_edit_ctx *ec)
{
    naering_editor_view ed;
    apr_array_header_t *in;
    naering_err *e;
    int rc;

    if (!naering_links_confirmed(ec)) {
        if ((rc = naering_trash_rights(ec)) != DECLINED)
            return rc;
        if ((e = naering_links_into_page(ec, &in)))
            return naering_fail(ec->q, e);
        if (in->nelts) {
            memset(&ed, 0, sizeof(ed));
            ed.incoming = in;
            ed.incoming_action = "slett";
            return naering_editor_form(ec, NAERING_VIEW_EDIT, &ed,
                                       HTTP_CONFLICT);
        }
    }
    e = naering_store_trash(ec->q->db, ec->q->r->pool, ec->page.id,
                            naering_rights_guard(ec));
    if (e)
        return naering_rights_answer(ec, e);
    return naering_editor_back(ec, "/", "papirkurv", "slettet");
}

/* An old revision comes back as a new one: history only grows. */
int naering_act_restore(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 which = naering_editor_id(ec, NAERING_Q_RESTORE), rev;
    naering_page old;
    naering_page_fields *f;
    naering_err *e;
    int found = 0, rc, grouped;

    if ((rc = naering_rights_owned(ec, NAERING_OWNED_REVISION, which))
        != DECLINED)
        return rc;
    memset(&old, 0, sizeof(old));
    if ((e = naering_store_revision(ec->q->db, p, ec->page.id, which, &old,
                                    &found)))
        return naering_fail(ec->q, e);
    if (!found)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    f = naering_store_fields_of(p, &old);
    f->draft = ec->page.draft;
    f->menu = NAERING_MENU_KEEP;
    f->author_name = naering_editor_public_name(ec);
    f->comment = apr_psprintf(p, "Gjenopprettet versjon %" APR_INT64_T_FMT,
                              (apr_int64_t)which);
    grouped = naering_langs_before_save(ec, f);
    e = naering_store_save(ec->q->db, p, ec->page.id, ec->page.revision, f,
                           ec->q->r->user, &rev);
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL,
                               naering_langs_after_save(ec, grouped,
                                                        "gjenopprettet"));
}

int naering_act_untrash(naering_edit_ctx *ec)
{
    const char *path;
    naering_err *e = naering_store_untrash(ec->q->db, ec->q->r->pool,
                                           naering_editor_id(ec, NAERING_Q_ID),
                                           naering_rights_guard(ec), &path);

    if (e)
        return naering_rights_answer(ec, e);
    return naering_editor_back(ec, path, NULL, "tilbake");
}

/* The order of a page among its siblings is its parent's list: whoever
 * may not edit the parent may not change it. */
static int naering_reorder(naering_edit_ctx *ec, int delta)
{
    const char *parent = naering_path_parent(ec->q->r->pool, ec->page.path);
    naering_err *e;

    if (strcmp(ec->page.path, "/") != 0 && !naering_rights_may(ec, parent))
        return naering_rights_refuse(ec, parent, NULL, "Apache does not "
                                     "allow the user at ");
    e = naering_store_reorder(ec->q->db, ec->q->r->pool, ec->page.id, delta);
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL, "rekkefolge");
}

int naering_act_up(naering_edit_ctx *ec)
{
    return naering_reorder(ec, -1);
}

int naering_act_down(naering_edit_ctx *ec)
{
    return naering_reorder(ec, 1);
}
