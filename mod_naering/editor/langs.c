/*
 * Translations from a page's editor: link another page as this one in
 * another language, or take a page out of the group.  Both pages change
 * (each then points to the other), so Apache is asked about both, as for
 * any write to a page (rights.c).
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

/* The path an editor typed or pasted: a page path or this site's URL,
 * with or without the site's mount point or a trailing slash. */
static const char *naering_langs_path(naering_edit_ctx *ec, const char *in)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *base = ec->q->cfg->base ? ec->q->cfg->base : "";
    size_t n = strlen(base);
    char *s;

    in = naering_langs_own_url(ec, naering_trim(p, in));
    if (n && strncmp(in, base, n) == 0 && (in[n] == '/' || !in[n]))
        in += n;
    s = apr_pstrcat(p, *in == '/' ? "" : "/", in, NULL);
    n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

int naering_langs_link(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    const char *typed = naering_editor_field(ec, NAERING_Q_TRANSLATION);
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
    if (!naering_rights_may(ec, other.path))
        return naering_rights_refuse(ec, other.path, other.title,
                                     "Apache does not allow the user at ");
    if ((e = naering_store_translation_link(ec->q->db, p, ec->page.id,
                                            other.id)))
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL, "oversettelse-koblet");
}

int naering_langs_unlink(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 id = naering_editor_id(ec, NAERING_Q_ID);
    apr_array_header_t *group;
    const naering_translation *t = NULL;
    naering_err *e;
    int i;

    if ((e = naering_store_translations(ec->q->db, p, ec->page.id, &group)))
        return naering_fail(ec->q, e);
    for (i = 0; i < group->nelts; i++)
        if (APR_ARRAY_IDX(group, i, naering_translation).id == id)
            t = &APR_ARRAY_IDX(group, i, naering_translation);
    if (!t)                     /* not of this page's group */
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    if (!naering_rights_may(ec, t->path))
        return naering_rights_refuse(ec, t->path, t->title,
                                     "Apache does not allow the user at ");
    if ((e = naering_store_translation_unlink(ec->q->db, p, id)))
        return naering_fail(ec->q, e);
    return naering_editor_back(ec, ec->page.path, NULL, "oversettelse-fjernet");
}
