/*
 * The editor's pages (GET, nothing changes): the edit form, the new-page
 * form, history, a diff between two revisions, the trash and the site's
 * recent changes, and logging out.  The gate has loaded the URL's page
 * for the entries that need it (table.c).
 */
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

#define NAERING_CHANGES_SHOWN 50

int naering_view_edit(naering_edit_ctx *ec)
{
    naering_editor_view none;

    memset(&none, 0, sizeof(none));
    return naering_editor_form(ec, NAERING_VIEW_EDIT, &none, OK);
}

int naering_view_new(naering_edit_ctx *ec)
{
    naering_page_fields *f = apr_pcalloc(ec->q->r->pool, sizeof(*f));
    naering_editor_view none;

    memset(&none, 0, sizeof(none));
    f->title = f->summary = f->body = f->comment = "";
    f->contact_name = f->contact_email = f->contact_phone = "";
    f->draft = 1;
    f->menu = NAERING_MENU_SHOW;
    f->lang = ec->page.lang;    /* a child is most often in its parent's */
    none.form = f;
    none.slug = "";
    return naering_editor_form(ec, NAERING_VIEW_NEW, &none, OK);
}

int naering_view_history(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_HISTORY);
    if ((e = naering_editor_frame(ec, &v, &ec->page))
        || (e = naering_store_revisions(ec->q->db, p, ec->page.id,
                                        &ed.revisions))
        || (e = naering_store_doc_events(ec->q->db, p, ec->page.id,
                                         &ed.doc_events))
        || (e = naering_store_page_image_events(ec->q->db, p, ec->page.id,
                                                &ed.image_events)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

/* One revision of the page by the number in ?name=. */
static int naering_revision_arg(naering_edit_ctx *ec, const char *name,
                                naering_page **out)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *s = naering_query_get(p, ec->q->r->args, name);
    sqlite3_int64 id = naering_query_id(s);
    naering_err *e;
    int found = 0, rc;

    *out = apr_pcalloc(p, sizeof(**out));
    if (!s || !*s)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if ((rc = naering_rights_owned(ec, NAERING_OWNED_REVISION, id))
        != DECLINED)
        return rc;
    e = naering_store_revision(ec->q->db, p, ec->page.id, id, *out, &found);
    if (e)
        return naering_fail(ec->q, e);
    return found ? OK : naering_error_page(ec->q, HTTP_NOT_FOUND);
}

int naering_view_diff(naering_edit_ctx *ec)
{
    naering_view v;
    naering_editor_view ed;
    naering_page *from, *to;
    naering_err *e;
    int rc;

    if ((rc = naering_revision_arg(ec, NAERING_Q_FROM, &from)) != OK
        || (rc = naering_revision_arg(ec, NAERING_Q_TO, &to)) != OK)
        return rc;
    naering_editor_init(ec, &v, &ed, NAERING_VIEW_DIFF);
    ed.from = from->revision <= to->revision ? from : to;
    ed.to = from->revision <= to->revision ? to : from;
    if ((e = naering_editor_frame(ec, &v, &ec->page)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

/* Only the lines of pages Apache lets this editor at: the trash and the
 * recent changes would otherwise show a closed section's titles (drafts
 * too) to every editor.  Each path is asked once (rights.c keeps the
 * answers), so a list of 50 costs at most 50 sub-requests. */
static apr_array_header_t *naering_allowed(naering_edit_ctx *ec,
                                           apr_array_header_t *list,
                                           size_t path_at)
{
    apr_array_header_t *out = apr_array_make(ec->q->r->pool,
                                             list->nelts ? list->nelts : 1,
                                             list->elt_size);
    int i;

    for (i = 0; i < list->nelts; i++) {
        char *elt = list->elts + (size_t)i * list->elt_size;
        if (naering_rights_may(ec, *(const char **)(elt + path_at)))
            memcpy(apr_array_push(out), elt, list->elt_size);
    }
    return out;
}

static int naering_site_list_view(naering_edit_ctx *ec,
                                  naering_view_kind kind)
{
    naering_view v;
    naering_editor_view ed;
    naering_err *e;
    apr_pool_t *p = ec->q->r->pool;

    naering_editor_init(ec, &v, &ed, kind);
    e = kind == NAERING_VIEW_TRASH
        ? naering_store_trashed(ec->q->db, p, &ed.trash)
        : naering_store_changes(ec->q->db, p, NAERING_CHANGES_SHOWN,
                                &ed.changes);
    if (!e)
        e = naering_store_menu(ec->q->db, p, 0, &v.menu);
    if (e)
        return naering_fail(ec->q, e);
    if (ed.trash)
        ed.trash = naering_allowed(ec, ed.trash,
                                   offsetof(naering_entry, path));
    if (ed.changes)
        ed.changes = naering_allowed(ec, ed.changes,
                                     offsetof(naering_change, path));
    return naering_send_view(ec->q, &v);
}

int naering_view_trash(naering_edit_ctx *ec)
{
    return naering_site_list_view(ec, NAERING_VIEW_TRASH);
}

int naering_view_changes(naering_edit_ctx *ec)
{
    return naering_site_list_view(ec, NAERING_VIEW_CHANGES);
}

/* Logging out of Basic auth: a 401 for the realm makes Chromium and
 * Firefox forget the credentials they keep sending. */
int naering_view_logout(naering_edit_ctx *ec)
{
    naering_view v;
    int rc;

    ap_note_auth_failure(ec->q->r);
    naering_view_init(ec->q, &v, NAERING_VIEW_ERROR);
    v.status = HTTP_UNAUTHORIZED;
    rc = naering_send_view(ec->q, &v);
    return rc == OK ? DONE : rc;
}
