/*
 * tests/bench/split: where an uncached render's CPU goes, phase by phase.
 *
 * Usage: tests/bench/split [-n N] [-o FILE] TEMPLATES DB PATH...
 *
 * Renders each PATH of the site in DB N times (default 2000, after 50
 * not counted) through the functions httpd/respond.c and public.c call
 * for a page view, in the same order, and prints the CPU time of this
 * thread (CLOCK_THREAD_CPUTIME_ID: other work on the machine's other core
 * does not count) of each phase as the median and the mean over the N
 * renders, in µs:
 *
 *   sqlite     the read transaction: the page's tag, the page, a listing's
 *              items or the front page's latest, the menu, translations,
 *              breadcrumbs, documents, images and the footer's details
 *   xml        naering_xml_build
 *   xslt       naering_transform_doc (site.xsl to a result tree)
 *   serialise  naering_serialise (the result tree as HTML, copied into
 *              the request's pool)
 *   free       both trees freed and the request's pool cleared
 *
 * -o FILE writes the last render of the last PATH to FILE (to compare a
 * change's HTML with the one before it).  No httpd: the view is filled
 * as naering_view_init fills it, for a site at / named "Nettstedet" on
 * http://localhost/.  Exits 1 when something fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include "view/view.h"

enum { PH_SQLITE, PH_XML, PH_XSLT, PH_SERIALISE, PH_FREE, PH_N };
static const char *const phase_names[PH_N] = {
    "sqlite", "xml", "xslt", "serialise", "free"
};

#define WARMUP 50

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what, const naering_err *e)
{
    fprintf(stderr, "split: %s: %s\n", what, e ? e->msg : "failed");
    exit(1);
}

static int is(const naering_page *pg, const char *kind)
{
    return strcmp(pg->kind, kind) == 0;
}

/* What public.c's naering_page_view reads, in one read transaction. */
static naering_err *read_view(naering_db *db, apr_pool_t *p, const char *path,
                              naering_page *pg, naering_view *v)
{
    sqlite3_int64 tag;
    const char *key;
    apr_time_t changed;
    apr_int64_t now = apr_time_sec(apr_time_now());
    naering_site_details *d = apr_palloc(p, sizeof(*d));
    naering_err *e;
    int found;

    memset(v, 0, sizeof(*v));
    v->kind = NAERING_VIEW_PAGE;
    v->site_name = "Nettstedet";
    v->base = "";
    v->site_lang = naering_lang_of(NULL, NULL);
    v->absolute = "http://localhost/";
    v->path = path;
    if ((e = naering_store_read_begin(db, p))
        || (e = naering_store_tag(db, p, path, &tag, &key, &changed))
        || (e = naering_store_page(db, p, path, pg, &found)))
        return e;
    if (!found || pg->hidden)
        return naering_err_make(p, 404, "%s: no such page", path);
    v->page = pg;
    v->lang = naering_lang_of(pg->lang, v->site_lang);
    if (is(pg, "news-list") || is(pg, "meeting-list")) {
        v->items_page = 1;
        v->items_per_page = 10;
        e = naering_store_items(db, p, pg->id, now, 10, 0, &v->items,
                                &v->items_total);
    } else if (strcmp(pg->path, "/") == 0)
        e = naering_store_latest(db, p, now, 3, &v->latest_news,
                                 &v->next_meeting);
    if (e
        || (e = naering_store_menu(db, p, pg->id, &v->menu))
        || (e = naering_store_translations(db, p, pg->id, &v->translations))
        || (e = naering_store_breadcrumbs(db, p, pg->id, &v->crumbs))
        || (e = naering_store_documents(db, p, pg->id, &v->documents))
        || (e = naering_store_page_images(db, p, pg->id, &v->images))
        || (e = naering_store_site(db, p, d)))
        return e;
    v->details = d;
    naering_store_read_end(db);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* One render of path; its phases' µs go into t[]. */
static void render_once(naering_db *db, apr_pool_t *p,
                        const naering_templates *tpl, const char *path,
                        double t[PH_N], const char **html, apr_size_t *len)
{
    naering_page pg;
    naering_view v;
    xmlDocPtr doc, res;
    naering_err *e;
    double t0 = now_us(), t1, t2, t3, t4;

    if ((e = read_view(db, p, path, &pg, &v)))
        die(path, e);
    t1 = now_us();
    doc = naering_xml_build(p, &v);
    t2 = now_us();
    if ((e = naering_transform_doc(p, tpl, NAERING_STYLE_SITE, doc, &res)))
        die(path, e);
    t3 = now_us();
    if ((e = naering_serialise(p, tpl, NAERING_STYLE_SITE, res, html, len)))
        die(path, e);
    t4 = now_us();
    xmlFreeDoc(res);
    xmlFreeDoc(doc);
    t[PH_SQLITE] = t1 - t0;
    t[PH_XML] = t2 - t1;
    t[PH_XSLT] = t3 - t2;
    t[PH_SERIALISE] = t4 - t3;
    t[PH_FREE] = now_us() - t4;     /* the pool is cleared by the caller */
}

static void measure(naering_db *db, apr_pool_t *top,
                    const naering_templates *tpl, const char *path, int n,
                    const char *out_file)
{
    double *all = calloc((size_t)n * PH_N, sizeof(double)), sum[PH_N] = { 0 };
    double tot_med, one[PH_N], *col = calloc((size_t)n, sizeof(double));
    apr_pool_t *p;
    const char *html = NULL;
    apr_size_t len = 0;
    int i, k;

    if (!all || !col || apr_pool_create(&p, top) != APR_SUCCESS)
        die("memory", NULL);
    for (i = -WARMUP; i < n; i++) {
        double t0;
        render_once(db, p, tpl, path, one, &html, &len);
        if (i == n - 1 && out_file) {
            FILE *f = fopen(out_file, "wb");
            if (!f || fwrite(html, 1, len, f) != len || fclose(f) != 0)
                die(out_file, NULL);
        }
        t0 = now_us();
        apr_pool_clear(p);
        one[PH_FREE] += now_us() - t0;
        for (k = 0; i >= 0 && k < PH_N; k++)
            all[(size_t)i * PH_N + k] = one[k];
    }
    printf("%s (%lu bytes of HTML, %d renders)\n", path, (unsigned long)len,
           n);
    printf("  %-10s %9s %9s\n", "phase", "median", "mean");
    tot_med = 0;
    for (k = 0; k < PH_N; k++) {
        for (i = 0; i < n; i++) {
            col[i] = all[(size_t)i * PH_N + k];
            sum[k] += col[i];
        }
        qsort(col, (size_t)n, sizeof(double), cmp_double);
        tot_med += col[n / 2];
        printf("  %-10s %9.1f %9.1f\n", phase_names[k], col[n / 2],
               sum[k] / n);
    }
    for (i = 0; i < n; i++) {
        col[i] = 0;
        for (k = 0; k < PH_N; k++)
            col[i] += all[(size_t)i * PH_N + k];
    }
    qsort(col, (size_t)n, sizeof(double), cmp_double);
    printf("  %-10s %9.1f %9.1f  (sum of the medians %.1f)\n", "total",
           col[n / 2], (sum[0] + sum[1] + sum[2] + sum[3] + sum[4]) / n,
           tot_med);
    fflush(stdout);
    apr_pool_destroy(p);
    free(all);
    free(col);
}

int main(int argc, char **argv)
{
    apr_pool_t *top;
    naering_templates tpl;
    naering_db *db;
    naering_err *e;
    const char *out_file = NULL;
    int n = 2000, c, i;

    while ((c = getopt(argc, argv, "n:o:")) != -1) {
        if (c == 'n' && atoi(optarg) > 0)
            n = atoi(optarg);
        else if (c == 'o')
            out_file = optarg;
        else
            goto usage;
    }
    if (argc - optind < 3)
        goto usage;
    apr_initialize();
    atexit(apr_terminate);
    xmlInitParser();
    apr_pool_create(&top, NULL);
    memset(&tpl, 0, sizeof(tpl));
    tpl.dir = argv[optind];
    if ((e = naering_templates_compile(top, &tpl)))
        die(tpl.dir, e);
    if ((e = naering_store_open(top, argv[optind + 1], 0, &db)))
        die(argv[optind + 1], e);
    printf("CPU µs per phase (CLOCK_THREAD_CPUTIME_ID), median and mean of "
           "%d renders after %d\n", n, WARMUP);
    for (i = optind + 2; i < argc; i++)
        measure(db, top, &tpl, argv[i], n,
                i == argc - 1 ? out_file : NULL);
    naering_store_close(db);
    naering_templates_free(&tpl);
    apr_pool_destroy(top);
    return 0;
usage:
    fprintf(stderr, "usage: %s [-n N] [-o FILE] TEMPLATES DB PATH...\n",
            argv[0]);
    return 2;
}
