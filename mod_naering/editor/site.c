/*
 * The site's own details in the editor (?vis=nettsted on any editor
 * URL): what the footer of every page says, its earlier versions, and the
 * two actions on it, save and bring back.  They belong to the whole site,
 * so only an editor Apache lets at the front page may change them; that
 * is asked here, whatever page the URL names.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

#define NAERING_SITE_HISTORY_SHOWN 20
#define NAERING_SITE_VIEW "nettsted"

/* DECLINED when the user may edit the front page; else the refusal. */
static int naering_site_rights(naering_edit_ctx *ec)
{
    if (naering_rights_may(ec, "/"))
        return DECLINED;
    return naering_rights_refuse(ec, "/", NULL, "the site's details belong "
                                 "to the front page's editors: ");
}

/* The form with values (NULL: the newest saved), based on base (0: the
 * newest), its errors, the history; answered with status. */
static int naering_site_form(naering_edit_ctx *ec,
                             const naering_site_fields *values,
                             sqlite3_int64 base, apr_array_header_t *errors,
                             const char *notice, int status)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_site_details *now = apr_pcalloc(p, sizeof(*now));
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_SITE);
    if ((e = naering_store_site(ec->q->db, p, now))
        || (e = naering_store_site_history(ec->q->db, p,
                                           NAERING_SITE_HISTORY_SHOWN,
                                           &ed.site_history))
        || (e = naering_store_menu(ec->q->db, p, 0, &v.menu)))
        return naering_fail(ec->q, e);
    ed.site_form = values ? values : &now->f;
    ed.form_revision = base ? base : now->id;
    ed.errors = errors;
    if (notice)
        ed.notice = notice;
    v.status = status;
    return naering_send_view(ec->q, &v);
}

int naering_site_view(naering_edit_ctx *ec)
{
    int rc = naering_site_rights(ec);

    return rc != DECLINED ? rc : naering_site_form(ec, NULL, 0, NULL, NULL,
                                                   OK);
}

static naering_site_details *naering_site_by(naering_edit_ctx *ec,
                                             const naering_site_fields *f)
{
    naering_site_details *d = apr_pcalloc(ec->q->r->pool, sizeof(*d));
    const char *name = naering_editor_public_name(ec);

    d->author = ec->q->r->user;
    d->author_name = name ? name : "";
    d->f = *f;
    return d;
}

/* A save based on an older version than the newest is refused (409) with
 * the editor's values kept in the form and the newest shown beside them:
 * nothing typed is lost, and nothing another editor saved is overwritten
 * unseen. */
int naering_site_save(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_site_fields *f = apr_pcalloc(p, sizeof(*f));
    apr_array_header_t *errors = apr_array_make(p, 4,
                                                sizeof(naering_field_err));
    sqlite3_int64 base = naering_editor_id(ec, NAERING_Q_REVISION), id;
    naering_err *e;
    int rc;

    if ((rc = naering_site_rights(ec)) != DECLINED)
        return rc;
    if ((e = naering_form_site(p, ec->form, f, errors)))
        return naering_fail(ec->q, e);
    if (base <= 0)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (errors->nelts)
        return naering_site_form(ec, f, base, errors, NULL,
                                 HTTP_BAD_REQUEST);
    e = naering_store_site_save(ec->q->db, p, naering_site_by(ec, f), base,
                                &id);
    if (e && e->status == HTTP_CONFLICT)
        return naering_site_form(ec, f, 0, NULL, "nettsted-konflikt",
                                 HTTP_CONFLICT);
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, "/", NAERING_SITE_VIEW, "nettsted-lagret");
}

/* An earlier version saved again as the newest: history only grows. */
int naering_site_restore(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_site_details old, now;
    sqlite3_int64 id = naering_editor_id(ec, "id"), made;
    naering_err *e;
    int found = 0, rc;

    if ((rc = naering_site_rights(ec)) != DECLINED)
        return rc;
    if ((e = naering_store_site_get(ec->q->db, p, id, &old, &found))
        || (found && (e = naering_store_site(ec->q->db, p, &now))))
        return naering_fail(ec->q, e);
    if (!found)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    e = naering_store_site_save(ec->q->db, p, naering_site_by(ec, &old.f),
                                now.id, &made);
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, "/", NAERING_SITE_VIEW,
                               "nettsted-gjenopprettet");
}
