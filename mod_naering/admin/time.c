/*
 * naering-admin tick DB [--now SECONDS]: what is due applied, as the
 * module's watchdog does (for servers without mod_watchdog, from cron
 * every minute).  It cannot tell a cache in front (it does not know one):
 * with Varnish, let the module's watchdog do it.
 *
 * naering-admin review DB [--now SECONDS]: the pages whose review is
 * overdue, per responsible editor, plain text for a cron mail.
 *
 * --now is for tests.  Exit status: 0 nothing failed / nothing overdue,
 * 1 a change failed / pages are overdue, 2 usage or the site could not
 * be read (so a cron mail tells "overdue" from "broken").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "admin/admin.h"

int naering_admin_now(int argc, const char *const *argv, apr_int64_t *now)
{
    char *end = NULL;
    long long n;

    *now = (apr_int64_t)apr_time_sec(apr_time_now());
    if (argc == 3)
        return 1;
    if (argc != 5 || strcmp(argv[3], "--now") != 0 || !*argv[4])
        return 0;
    n = strtoll(argv[4], &end, 10);
    if (*end || n < 0)
        return 0;
    *now = (apr_int64_t)n;
    return 1;
}

int naering_admin_tick(apr_pool_t *p, naering_db *db, apr_int64_t now)
{
    naering_tick t;
    /* No configuration here: the site's language is not known. */
    naering_err *e = naering_store_tick(db, p, now, NULL, &t);
    int i;

    if (e) {
        fprintf(stderr, "naering-admin: tick: %s\n", naering_err_text(p, e));
        return 2;
    }
    for (i = 0; i < t.errors->nelts; i++)
        fprintf(stderr, "naering-admin: tick: failed, tried again next "
                "time: %s\n", APR_ARRAY_IDX(t.errors, i, const char *));
    printf("tick: %d applied, %d failed\n", t.applied, t.failed);
    return t.failed ? 1 : 0;
}

/* YYYY-MM-DD on Oslo's calendar. */
static const char *naering_admin_day(apr_pool_t *p, apr_int64_t secs)
{
    return apr_pstrndup(p, naering_oslo_input(p, secs), 10);
}

static void naering_admin_review_of(apr_pool_t *p,
                                    const apr_array_header_t *due,
                                    const char *by)
{
    int i;

    printf("%s:\n", *by ? by : "(ingen ansvarlig)");
    for (i = 0; i < due->nelts; i++) {
        const naering_review *r = &APR_ARRAY_IDX(due, i, naering_review);
        if (strcmp(r->by, by) == 0)
            printf("  %s  %s  %s (sist endret %s av %s)\n",
                   naering_admin_day(p, r->due), r->path, r->title,
                   naering_admin_day(p, r->changed), r->author);
    }
}

int naering_admin_review(apr_pool_t *p, naering_db *db, apr_int64_t now)
{
    apr_array_header_t *due, *seen = apr_array_make(p, 4, sizeof(char *));
    naering_err *e = naering_store_review_due(db, p, now, &due);
    int i, j;

    if (e) {
        fprintf(stderr, "naering-admin: review: %s\n",
                naering_err_text(p, e));
        return 2;
    }
    /* One block per responsible editor, in the order of their oldest. */
    for (i = 0; i < due->nelts; i++) {
        const char *by = APR_ARRAY_IDX(due, i, naering_review).by;
        for (j = 0; j < seen->nelts; j++)
            if (strcmp(APR_ARRAY_IDX(seen, j, const char *), by) == 0)
                break;
        if (j == seen->nelts) {
            *(const char **)apr_array_push(seen) = by;
            naering_admin_review_of(p, due, by);
        }
    }
    if (!due->nelts)
        printf("review: no page is overdue\n");
    return due->nelts ? 1 : 0;
}
