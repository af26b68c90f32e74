/*
 * The editor's actions (POST, after the origin and CSRF checks in
 * editor.c): save or preview, create a page, move, delete to the trash,
 * restore a revision, restore from the trash, reorder.  Each answers 303
 * to a page that shows the result (POST/redirect/GET), or the form again
 * with the editor's input kept: nothing typed is ever thrown away.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "mod_naering.h"

static const char *naering_field(naering_edit_ctx *ec, const char *name)
{
    return naering_form_text(ec->q->r->pool, ec->form, name);
}

static sqlite3_int64 naering_field_id(naering_edit_ctx *ec, const char *name)
{
    const char *s = naering_field(ec, name);
    return s && *s ? apr_atoi64(s) : 0;
}

static void naering_add_error(apr_array_header_t *errors, const char *field,
                              const char *key)
{
    naering_field_err *fe = apr_array_push(errors);
    fe->field = field;
    fe->key = key;
}

/* The other editor's revision and the one this save started from. */
static int naering_conflict(naering_edit_ctx *ec, naering_page *pg,
                            naering_editor_view *ed, sqlite3_int64 base,
                            sqlite3_int64 current)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page *from = apr_pcalloc(p, sizeof(*from));
    naering_page *to = apr_pcalloc(p, sizeof(*to));
    naering_err *e;
    int f1 = 0, f2 = 0;

    if ((e = naering_store_revision(ec->q->db, p, pg->id, base, from, &f1))
        || (e = naering_store_revision(ec->q->db, p, pg->id, current, to,
                                       &f2)))
        return naering_fail(ec->q, e);
    ed->from = f1 ? from : NULL;
    ed->to = f2 ? to : NULL;
    ed->form_revision = current;
    return naering_editor_form(ec, NAERING_VIEW_CONFLICT, pg, ed,
                               HTTP_CONFLICT);
}

static int naering_act_save(naering_edit_ctx *ec, int preview)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));
    naering_editor_view ed;
    naering_page pg;
    sqlite3_int64 base = naering_field_id(ec, "revision"), rev = 0;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 4, sizeof(naering_field_err));
    if ((e = naering_form_page(p, ec->form, f, ed.errors)))
        return naering_fail(ec->q, e);
    ed.form = f;
    ed.form_revision = base;
    if (base <= 0)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (ed.errors->nelts)
        return naering_editor_form(ec, NAERING_VIEW_EDIT, &pg, &ed,
                                   HTTP_BAD_REQUEST);
    if (preview) {
        ed.preview = f->body;
        return naering_editor_form(ec, NAERING_VIEW_EDIT, &pg, &ed, OK);
    }
    e = naering_store_save(ec->q->db, p, pg.id, base, f, ec->q->r->user,
                           &rev);
    if (e && e->status == HTTP_CONFLICT)
        return naering_conflict(ec, &pg, &ed, base, rev);
    if (e)
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, pg.path, "melding=lagret");
}

static int naering_act_create(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));
    naering_editor_view ed;
    naering_page pg;
    const char *slug = naering_field(ec, "slug"), *path;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 4, sizeof(naering_field_err));
    if ((e = naering_form_page(p, ec->form, f, ed.errors)) || !slug)
        return naering_fail(ec->q, e ? e : naering_err_make(p, 400,
                                                            "bad slug"));
    ed.form = f;
    ed.slug = slug;
    if (!naering_slug_usable(pg.path, slug))
        naering_add_error(ed.errors, "slug", "bad-slug");
    if (ed.errors->nelts)
        return naering_editor_form(ec, NAERING_VIEW_NEW, &pg, &ed,
                                   HTTP_BAD_REQUEST);
    e = naering_store_create(ec->q->db, p, pg.path, slug, f, ec->q->r->user,
                             &path);
    if (e && e->status == HTTP_CONFLICT) {
        naering_add_error(ed.errors, "slug", "taken");
        return naering_editor_form(ec, NAERING_VIEW_NEW, &pg, &ed,
                                   HTTP_CONFLICT);
    }
    if (e)
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, path, "melding=opprettet");
}

static int naering_act_move(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *parent = naering_field(ec, "parent");
    const char *slug = naering_field(ec, "slug"), *now;
    naering_editor_view ed;
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    if (!parent || !slug)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    e = naering_store_move(ec->q->db, p, pg.path, parent, slug, &now);
    if (!e)
        return naering_see_other(ec->q, now, "melding=flyttet");
    if (e->status >= 500)
        return naering_fail(ec->q, e);
    memset(&ed, 0, sizeof(ed));
    ed.errors = apr_array_make(p, 1, sizeof(naering_field_err));
    ed.slug = slug;
    naering_add_error(ed.errors, "slug", e->status == HTTP_CONFLICT
                                         ? "taken" : "bad-move");
    return naering_editor_form(ec, NAERING_VIEW_EDIT, &pg, &ed, e->status);
}

static int naering_act_trash(naering_edit_ctx *ec)
{
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    if ((e = naering_store_trash(ec->q->db, ec->q->r->pool, pg.id)))
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, "/", "vis=papirkurv&melding=slettet");
}

/* An old revision comes back as a new one: history only grows. */
static int naering_act_restore(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 which = naering_field_id(ec, "restore"), rev;
    naering_page pg, old;
    naering_page_fields f;
    naering_err *e;
    int found = 0, rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    if ((e = naering_store_revision(ec->q->db, p, pg.id, which, &old,
                                    &found)))
        return naering_fail(ec->q, e);
    if (!found)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    f.title = old.title;
    f.summary = old.summary;
    f.body = old.body;
    f.contact_name = old.contact_name;
    f.contact_email = old.contact_email;
    f.contact_phone = old.contact_phone;
    f.draft = pg.draft;
    f.menu = NAERING_MENU_KEEP;
    f.comment = apr_psprintf(p, "Gjenopprettet versjon %" APR_INT64_T_FMT,
                             (apr_int64_t)which);
    e = naering_store_save(ec->q->db, p, pg.id, pg.revision, &f,
                           ec->q->r->user, &rev);
    if (e)
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, pg.path, "melding=gjenopprettet");
}

static int naering_act_untrash(naering_edit_ctx *ec)
{
    const char *path;
    naering_err *e = naering_store_untrash(ec->q->db, ec->q->r->pool,
                                           naering_field_id(ec, "id"), &path);

    if (e)
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, path, "melding=tilbake");
}

static int naering_act_reorder(naering_edit_ctx *ec, int delta)
{
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    if ((e = naering_store_reorder(ec->q->db, ec->q->r->pool, pg.id, delta)))
        return naering_fail(ec->q, e);
    return naering_see_other(ec->q, pg.path, "melding=rekkefolge");
}

int naering_editor_post(naering_edit_ctx *ec)
{
    const char *act = naering_field(ec, "handling");

    if (!act)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (!*act || strcmp(act, "lagre") == 0)
        return naering_act_save(ec, 0);
    if (strcmp(act, "forhandsvis") == 0)
        return naering_act_save(ec, 1);
    if (strcmp(act, "opprett") == 0)
        return naering_act_create(ec);
    if (strcmp(act, "flytt") == 0)
        return naering_act_move(ec);
    if (strcmp(act, "slett") == 0)
        return naering_act_trash(ec);
    if (strcmp(act, "gjenopprett") == 0)
        return naering_act_restore(ec);
    if (strcmp(act, "angre-sletting") == 0)
        return naering_act_untrash(ec);
    if (strncmp(act, "dok-", 4) == 0)
        return naering_editor_doc_action(ec, act);
    if (strcmp(act, "opp") == 0 || strcmp(act, "ned") == 0)
        return naering_act_reorder(ec, act[0] == 'o' ? -1 : 1);
    return naering_error_page(ec->q, HTTP_BAD_REQUEST);
}
