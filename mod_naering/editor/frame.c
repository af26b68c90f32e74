/*
 * What every editor file shares, and nothing that decides: the editor's
 * view (user, CSRF token, notice), the page's surroundings, the form with
 * its values, the fields of a body of either kind, and the 303 back to an
 * editor page.  It calls only httpd and the store.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

void naering_editor_init(naering_edit_ctx *ec, naering_view *v,
                         naering_editor_view *ed, naering_view_kind kind)
{
    naering_req *q = ec->q;

    naering_view_init(q, v, kind);
    memset(ed, 0, sizeof(*ed));
    ed->user = q->r->user;
    ed->csrf = naering_csrf_token(q->r->pool, ec->secret, q->r->user,
                                  apr_time_now());
    ed->notice = naering_query_get(q->r->pool, q->r->args, NAERING_Q_NOTICE);
    ed->max_upload = naering_cfg_max_upload(q->cfg);
    if (ed->notice && !naering_slug_valid(ed->notice))
        ed->notice = NULL;
    v->editor = ed;
}

naering_err *naering_editor_frame(naering_edit_ctx *ec, naering_view *v,
                                  const naering_page *pg)
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

/* What the edit form shows besides the fields: where the page may move
 * (the picker finds what ?forelder= asks for), its translations, and
 * what the accessibility checks say about the text in the form. */
static naering_err *naering_editor_page_extras(naering_edit_ctx *ec,
                                               naering_editor_view *ed)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *find = naering_query_get(p, ec->q->r->args,
                                         NAERING_Q_FIND_PARENT);
    naering_err *e;

    ed->parent_query = find && naering_utf8_valid(find, strlen(find))
                       ? naering_trim(p, naering_xml_chars(p, find)) : "";
    if ((e = naering_store_parent_choices(ec->q->db, p, ec->page.path,
                                          ed->parent_query, &ed->pages))
        || (e = naering_store_translations(ec->q->db, p, ec->page.id,
                                           &ed->translations))
        || (e = naering_store_scheduled(ec->q->db, p, ec->page.id,
                                        &ed->scheduled)))
        return e;
    /* the text in the form: a failed save's or a preview's, else the
     * saved one (a save lands here through its 303) */
    ed->a11y = naering_a11y_check(p, ed->preview ? ed->preview
                                                 : ed->form->body);
    return NULL;
}

int naering_editor_form(naering_edit_ctx *ec, naering_view_kind kind,
                        const naering_editor_view *given, int status)
{
    const naering_page *pg = &ec->page;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, kind);
    ed.form = given->form ? given->form
                          : naering_store_fields_of(ec->q->r->pool, pg);
    ed.form_revision = given->form_revision ? given->form_revision
                                            : pg->revision;
    ed.slug = given->slug;
    ed.errors = given->errors;
    ed.preview = given->preview;
    ed.from = given->from;
    ed.to = given->to;
    ed.incoming = given->incoming;
    ed.incoming_action = given->incoming_action;
    ed.replaces = given->replaces;
    if (given->notice)
        ed.notice = given->notice;
    v.status = status;
    if ((e = naering_editor_frame(ec, &v, pg))
        || (e = ed.preview
                ? naering_store_images_in(ec->q->db, ec->q->r->pool,
                                          ed.preview, &v.images)
                : naering_store_page_images(ec->q->db, ec->q->r->pool,
                                            pg->id, &v.images))
        || (kind == NAERING_VIEW_EDIT
            && (e = naering_editor_page_extras(ec, &ed))))
        return naering_fail(ec->q, e);
    v.translations = ed.translations;
    return naering_send_view(ec->q, &v);
}

/* A text field of a multipart body: checked as urlencoded ones are. */
static const char *naering_upload_field(apr_pool_t *p, naering_upload *up,
                                        const char *name)
{
    const char *v = apr_table_get(up->fields, name);

    if (!v)
        return "";
    return naering_utf8_valid(v, strlen(v)) ? naering_xml_chars(p, v) : NULL;
}

const char *naering_editor_field(naering_edit_ctx *ec, const char *name)
{
    apr_pool_t *p = ec->q->r->pool;

    if (ec->upload)
        return naering_upload_field(p, ec->upload, name);
    return naering_form_text(p, ec->form ? ec->form : "", name);
}

sqlite3_int64 naering_editor_id(naering_edit_ctx *ec, const char *name)
{
    return naering_query_id(naering_editor_field(ec, name));
}

int naering_editor_back(naering_edit_ctx *ec, const char *path,
                        const char *view, const char *notice)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *args = apr_pstrcat(p, view ? NAERING_Q_VIEW "=" : "",
                                   view ? view : "", view ? "&" : "",
                                   NAERING_Q_NOTICE "=", notice, NULL);

    return naering_see_other(ec->q, naering_url_edit(p, ec->q->cfg->base,
                                                     path), args);
}

const char *naering_editor_images_path(naering_edit_ctx *ec)
{
    return naering_url_site(ec->q->r->pool, ec->q->cfg->base
                            ? ec->q->cfg->base : "", NAERING_SEG_IMAGES);
}

/* A name is shown as it is written, so it must be one line of text. */
#define NAERING_NAME_MAX 200

const char *naering_editor_public_name(naering_edit_ctx *ec)
{
    request_rec *r = ec->q->r;
    const char *var = ec->q->cfg->display_name;
    const char *v = var ? apr_table_get(r->subprocess_env, var) : NULL;
    const char *s;

    if (!v || !*v || !naering_utf8_valid(v, strlen(v))
        || naering_utf8_chars(v) > NAERING_NAME_MAX)
        return NULL;
    for (s = v; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return NULL;
    return v;
}
