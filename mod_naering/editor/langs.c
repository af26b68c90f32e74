/*
 * Translations from a page's editor: link another page as this one in
 * another language, or take a page out of the group.  Every page of the
 * groups changes (each points to the others), so Apache is asked about
 * each of them, as for any write to a page (rights.c).
 */
#include <string.h>
#include <strings.h>
#include "apr_strings.h"
#include "editor/editor.h"

/* A URL of this site as the browser shows it: its path; anything else
 * as it is (it names no page then). */
static const char *naering_langs_own_url(naering_edit_ctx *ec, const char *in)
{
    const char *host = apr_table_get(ec->q->r->headers_in, "Host");
    const char *rest = strncmp(in, "https://", 8) == 0 ? in + 8
                       : strncmp(in, "http://", 7) == 0 ? in + 7 : NULL;
    const char *slash = rest ? strchr(rest, '/') : NULL;
    size_t n = slash ? (size_t)(slash - rest) : rest ? strlen(rest) : 0;

    if (!rest || !host || strlen(host) != n || strncasecmp(rest, host, n))
        return in;
    return slash ? slash : "/";
}

/* The page path an editor typed or pasted: a path or this site's URL,
 * the page's or its editor's, with or without the mount point, a query,
 * a fragment, a trailing slash or percent escapes (naering_link_normal
 * keeps links the same way; the router says what the rest names). */
static const char *naering_langs_path(naering_edit_ctx *ec, const char *in)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *base = ec->q->cfg->base ? ec->q->cfg->base : "";
    const char *path;
    naering_route rt;

    in = naering_langs_own_url(ec, naering_trim(p, in));
    path = naering_link_normal(p, *in == '/' ? in
                                             : apr_pstrcat(p, "/", in, NULL));
    if (!path || *path != '/')
        return "";
    if (*base && naering_path_within(path, base))
        path = path[strlen(base)] ? path + strlen(base) : "/";
    rt = naering_route_parse(p, path);
    return (rt.action == NAERING_ROUTE_PAGE || rt.action == NAERING_ROUTE_EDIT)
           && rt.page_path ? rt.page_path : path;
}

/* The first page of group Apache does not let this editor at, or NULL. */
static const naering_translation *naering_langs_denied(
    naering_edit_ctx *ec, const apr_array_header_t *group)
{
    int i;

    for (i = 0; i < group->nelts; i++) {
        const naering_translation *t = &APR_ARRAY_IDX(group, i,
                                                      naering_translation);
        if (!naering_rights_may(ec, t->path))
            return t;
    }
    return NULL;
}

/* The group of a page, or the page alone when it has none. */
static naering_err *naering_langs_group(naering_edit_ctx *ec,
                                        const naering_page *pg,
                                        apr_array_header_t **group)
{
    naering_translation *self;
    naering_err *e = naering_store_translations(ec->q->db, ec->q->r->pool,
                                                pg->id, group);

    if (e || (*group)->nelts)
        return e;
    self = apr_array_push(*group);
    self->id = pg->id;
    self->path = pg->path;
    self->title = pg->title;
    self->lang = pg->lang ? pg->lang : "";
    self->hidden = pg->hidden;
    return NULL;
}

int naering_langs_link(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *typed = naering_editor_field(ec, NAERING_Q_TRANSLATION);
    const naering_translation *no;
    apr_array_header_t *mine, *theirs;
    naering_page other;
    naering_err *e;
    int found = 0;

    if (!typed)
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if ((e = naering_store_page(ec->q->db, p, naering_langs_path(ec, typed),
                                &other, &found)))
        return naering_fail(ec->q, e);
    if (!found || other.id == ec->page.id)
        return naering_editor_back(ec, ec->page.path, NULL,
                                   "oversettelse-ukjent");
    if ((e = naering_langs_group(ec, &ec->page, &mine))
        || (e = naering_langs_group(ec, &other, &theirs)))
        return naering_fail(ec->q, e);
    if ((no = naering_langs_denied(ec, mine))
        || (no = naering_langs_denied(ec, theirs)))
        return naering_rights_refuse(ec, no->path, no->title,
                                     "Apache does not allow the user at ");
    e = naering_store_translation_link(ec->q->db, p, ec->page.id, other.id,
                                       naering_lang_of(ec->q->cfg->language,
                                                       NULL));
    if (e && e->status == HTTP_CONFLICT)
        return naering_editor_back(ec, ec->page.path, NULL,
                                   "oversettelse-samme-sprak");
    if (e)
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL, "oversettelse-koblet");
}

int naering_langs_unlink(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 id = naering_editor_id(ec, NAERING_Q_ID);
    apr_array_header_t *group;
    const naering_translation *no;
    naering_err *e;
    int i, in = 0;

    if ((e = naering_store_translations(ec->q->db, p, ec->page.id, &group)))
        return naering_fail(ec->q, e);
    for (i = 0; i < group->nelts; i++)
        in |= APR_ARRAY_IDX(group, i, naering_translation).id == id;
    if (!in)                    /* not of this page's group */
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    if ((no = naering_langs_denied(ec, group)))
        return naering_rights_refuse(ec, no->path, no->title,
                                     "Apache does not allow the user at ");
    if ((e = naering_store_translation_unlink(ec->q->db, p, id)))
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL, "oversettelse-fjernet");
}

/* The number of pages in the page's translation group (0: none). */
static int naering_langs_grouped(naering_edit_ctx *ec)
{
    apr_array_header_t *group;

    return naering_store_translations(ec->q->db, ec->q->r->pool,
                                      ec->page.id, &group) ? 0
                                                           : group->nelts;
}

int naering_langs_before_save(naering_edit_ctx *ec, naering_page_fields *f)
{
    const char *now = ec->page.lang ? ec->page.lang : "";

    f->site_lang = naering_lang_of(ec->q->cfg->language, NULL);
    return strcmp(f->lang ? f->lang : "", now) != 0
           && naering_langs_grouped(ec) > 0;
}

const char *naering_langs_after_save(naering_edit_ctx *ec, int grouped,
                                     const char *notice)
{
    return grouped && !naering_langs_grouped(ec) ? "oversettelse-forlatt"
                                                 : notice;
}
