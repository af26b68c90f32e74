/*
 * The editor's pages (GET, nothing changes): the edit form, history, a
 * diff between two revisions, the new-page form, the trash and the
 * site's recent changes.  ?vis= picks the view; the path is the page's.
 */
#include <string.h>
#include <stdlib.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "mod_naering.h"

#define NAERING_CHANGES_SHOWN 50

int naering_editor_page(naering_edit_ctx *ec, naering_page *pg)
{
    naering_err *e;
    int found;

    e = naering_store_page(ec->q->db, ec->q->r->pool, ec->path, pg, &found);
    if (e)
        return naering_fail(ec->q, e);
    return found ? OK : naering_error_page(ec->q, HTTP_NOT_FOUND);
}

static naering_page_fields *naering_fields_of(apr_pool_t *p,
                                              const naering_page *pg)
{
    naering_page_fields *f = apr_pcalloc(p, sizeof(*f));

    f->title = pg->title;
    f->summary = pg->summary;
    f->body = pg->body;
    f->contact_name = pg->contact_name;
    f->contact_email = pg->contact_email;
    f->contact_phone = pg->contact_phone;
    f->comment = "";
    f->draft = pg->draft;
    f->menu = pg->in_menu ? NAERING_MENU_SHOW : NAERING_MENU_HIDE;
    return f;
}

/* The surroundings every editor page shows: menu, crumbs, documents. */
static naering_err *naering_editor_frame(naering_edit_ctx *ec,
                                         naering_view *v, naering_page *pg)
{
    naering_req *q = ec->q;
    naering_err *e;

    v->page = pg;
    if ((e = naering_store_menu(q->db, q->r->pool, pg->id, &v->menu))
        || (e = naering_store_breadcrumbs(q->db, q->r->pool, pg->id,
                                          &v->crumbs)))
        return e;
    return naering_store_documents(q->db, q->r->pool, pg->id, &v->documents);
}

int naering_editor_form(naering_edit_ctx *ec, naering_view_kind kind,
                        naering_page *pg, naering_editor_view *given,
                        int status)
{
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, kind);
    ed.form = given->form ? given->form
                          : naering_fields_of(ec->q->r->pool, pg);
    ed.form_revision = given->form_revision ? given->form_revision
                                            : pg->revision;
    ed.slug = given->slug;
    ed.errors = given->errors;
    ed.preview = given->preview;
    ed.from = given->from;
    ed.to = given->to;
    if (given->notice)
        ed.notice = given->notice;
    v.status = status;
    if ((e = naering_editor_frame(ec, &v, pg))
        || (kind == NAERING_VIEW_EDIT
            && (e = naering_store_all_pages(ec->q->db, ec->q->r->pool,
                                            &ed.pages))))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

static int naering_edit_view(naering_edit_ctx *ec, naering_view_kind kind)
{
    naering_page pg;
    naering_editor_view none;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    memset(&none, 0, sizeof(none));
    if (kind == NAERING_VIEW_NEW) {
        naering_page_fields *f = apr_pcalloc(ec->q->r->pool, sizeof(*f));
        f->title = f->summary = f->body = f->comment = "";
        f->contact_name = f->contact_email = f->contact_phone = "";
        f->draft = 1;
        f->menu = NAERING_MENU_SHOW;
        none.form = f;
        none.slug = "";
    }
    return naering_editor_form(ec, kind, &pg, &none, OK);
}

static int naering_history_view(naering_edit_ctx *ec)
{
    naering_view v;
    naering_editor_view ed;
    naering_page pg;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK)
        return rc;
    naering_editor_init(ec, &v, &ed, NAERING_VIEW_HISTORY);
    if ((e = naering_editor_frame(ec, &v, &pg))
        || (e = naering_store_revisions(ec->q->db, ec->q->r->pool, pg.id,
                                        &ed.revisions))
        || (e = naering_store_doc_events(ec->q->db, ec->q->r->pool, pg.id,
                                         &ed.doc_events)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
}

/* One revision of the page by the number in ?name=. */
static int naering_revision_arg(naering_edit_ctx *ec, const naering_page *pg,
                                const char *name, naering_page **out)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *s = naering_query_get(p, ec->q->r->args, name);
    naering_err *e;
    int found = 0;

    *out = apr_pcalloc(p, sizeof(**out));
    if (!s || !*s)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    e = naering_store_revision(ec->q->db, p, pg->id, apr_atoi64(s), *out,
                               &found);
    if (e)
        return naering_fail(ec->q, e);
    return found ? OK : naering_error_page(ec->q, HTTP_NOT_FOUND);
}

static int naering_diff_view(naering_edit_ctx *ec)
{
    naering_view v;
    naering_editor_view ed;
    naering_page pg, *from, *to;
    naering_err *e;
    int rc = naering_editor_page(ec, &pg);

    if (rc != OK || (rc = naering_revision_arg(ec, &pg, "fra", &from)) != OK
        || (rc = naering_revision_arg(ec, &pg, "til", &to)) != OK)
        return rc;
    naering_editor_init(ec, &v, &ed, NAERING_VIEW_DIFF);
    ed.from = from->revision <= to->revision ? from : to;
    ed.to = from->revision <= to->revision ? to : from;
    if ((e = naering_editor_frame(ec, &v, &pg)))
        return naering_fail(ec->q, e);
    return naering_send_view(ec->q, &v);
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
    return e ? naering_fail(ec->q, e) : naering_send_view(ec->q, &v);
}

int naering_editor_get(naering_edit_ctx *ec)
{
    const char *vis = naering_query_get(ec->q->r->pool, ec->q->r->args,
                                        "vis");

    if (!vis || !*vis)
        return naering_edit_view(ec, NAERING_VIEW_EDIT);
    if (strcmp(vis, "historikk") == 0)
        return naering_history_view(ec);
    if (strcmp(vis, "diff") == 0)
        return naering_diff_view(ec);
    if (strcmp(vis, "ny") == 0)
        return naering_edit_view(ec, NAERING_VIEW_NEW);
    if (strcmp(vis, "papirkurv") == 0)
        return naering_site_list_view(ec, NAERING_VIEW_TRASH);
    if (strcmp(vis, "endringer") == 0)
        return naering_site_list_view(ec, NAERING_VIEW_CHANGES);
    if (strcmp(vis, "dokumenter") == 0)
        return naering_editor_documents(ec);
    if (strcmp(vis, "dokumentversjon") == 0)
        return naering_editor_doc_version(ec);
    if (strcmp(vis, "logg-ut") == 0)
        return naering_editor_logout(ec->q);
    return naering_error_page(ec->q, HTTP_NOT_FOUND);
}
