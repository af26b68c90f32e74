/*
 * naering-admin a11y DB: the accessibility and klarspråk warnings of every
 * live page's text (text/a11y.c, the same checks the editor runs at
 * save), for a cron mail.  One line per page with warnings, its path
 * (drafts marked) and its warnings counted by kind, then one indented
 * line per warning with its WCAG criterion and an excerpt; a last line
 * sums up.  Exit 0 when there are none, 1 when there are, 2 on error.
 */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "admin/admin.h"

/* "heading-skip 1, link-vague 2": kinds in order of first appearance. */
static const char *naering_a11y_counts(apr_pool_t *p,
                                       const apr_array_header_t *w)
{
    const char *out = "";
    int i, j, n;

    for (i = 0; i < w->nelts; i++) {
        const char *kind = APR_ARRAY_IDX(w, i, naering_a11y_warning).kind;
        for (j = 0; j < i; j++)
            if (!strcmp(kind, APR_ARRAY_IDX(w, j, naering_a11y_warning).kind))
                break;
        if (j < i)
            continue;
        for (n = 0, j = i; j < w->nelts; j++)
            n += !strcmp(kind, APR_ARRAY_IDX(w, j, naering_a11y_warning).kind);
        out = apr_psprintf(p, "%s%s%s %d", out, *out ? ", " : "", kind, n);
    }
    return out;
}

static void naering_a11y_page(apr_pool_t *p, const naering_page_body *pg,
                              const apr_array_header_t *w)
{
    int i;

    printf("%s%s\t%s\n", pg->path, pg->draft ? " (draft)" : "",
           naering_a11y_counts(p, w));
    for (i = 0; i < w->nelts; i++) {
        const naering_a11y_warning *a = &APR_ARRAY_IDX(w, i,
                                                       naering_a11y_warning);
        printf("\t%s\tWCAG %s\t%s\n", a->kind, a->criterion, a->excerpt);
    }
}

int naering_admin_a11y(apr_pool_t *p, naering_db *db)
{
    apr_array_header_t *pages;
    naering_err *e = naering_store_bodies(db, p, &pages);
    int i, with = 0, total = 0;

    if (e) {
        fprintf(stderr, "naering-admin: %s\n", naering_err_text(p, e));
        return 2;
    }
    for (i = 0; i < pages->nelts; i++) {
        const naering_page_body *pg = &APR_ARRAY_IDX(pages, i,
                                                     naering_page_body);
        apr_pool_t *sub;
        apr_array_header_t *w;
        apr_pool_create(&sub, p);
        w = naering_a11y_check(sub, pg->body);
        if (w->nelts) {
            naering_a11y_page(sub, pg, w);
            with++;
            total += w->nelts;
        }
        apr_pool_destroy(sub);
    }
    printf("a11y: %d warnings on %d of %d pages\n", total, with,
           pages->nelts);
    return total ? 1 : 0;
}
