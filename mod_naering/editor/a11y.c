/*
 * The site's accessibility report (?vis=tilgjengelighet): every page this
 * editor may edit whose text the checks of text/a11y.c warn about, with
 * its warnings.  The same checks run beside the text in the edit form
 * (frame.c) and in "naering-admin a11y" for a cron mail.
 */
#include "editor/editor.h"

int naering_a11y_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    apr_array_header_t *bodies, *pages;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;
    int i;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_A11Y);
    if ((e = naering_store_bodies(ec->q->db, p, &bodies)))
        return naering_fail(ec->q, e);
    /* The snapshot is not needed while the texts are checked. */
    naering_store_read_end(ec->q->db);
    pages = apr_array_make(p, 16, sizeof(naering_a11y_page));
    for (i = 0; i < bodies->nelts; i++) {
        const naering_page_body *b = &APR_ARRAY_IDX(bodies, i,
                                                    naering_page_body);
        apr_array_header_t *w = naering_a11y_check(p, b->body);
        naering_a11y_page *out;
        /* Apache is asked only about pages with something to say. */
        if (!w->nelts || !naering_rights_may(ec, b->path))
            continue;
        out = apr_array_push(pages);
        out->path = b->path;
        out->title = b->title;
        out->draft = b->draft;
        out->warnings = w;
    }
    ed.a11y_pages = pages;
    return naering_send_view(ec->q, &v);
}
