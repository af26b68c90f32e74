/*
 * Time without a request: the tick that applies scheduled changes.
 *
 * mod_watchdog (part of httpd) runs naering_tick_run every
 * NAERING_TICK_SECONDS in one child process at a time (a singleton
 * watchdog: the children share a mutex), with no visitor involved.  For
 * each site it opens its own connection, lets the store apply what is due
 * in one transaction (store/schedule.c).  The keys that change bumped are
 * what every process's render cache and every ETag key on, so all
 * processes show the change at their next request, and the watchdog of
 * httpd/warm.c purges those keys from the caches in front within its
 * next tick, as it does for every write made without a request.
 * `naering-admin tick DB` does the same from cron where mod_watchdog is
 * not loaded (it bans nothing: see README.md).
 *
 * NaeringTestClock FILE makes "now" the number in FILE and the tick run
 * every second, so tests move time instead of sleeping.
 */
#include <stdlib.h>
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_strings.h"
#include "apr_file_io.h"
#include "http_core.h"
#include "mod_watchdog.h"
#include "httpd/server.h"

/* A due change shows within a minute: 20 s between ticks, plus the
 * tick's own time, leaves room. */
#define NAERING_TICK_SECONDS 20
#define NAERING_TICK_NAME "naering-tick"

static const char *naering_clock_file;

void naering_tick_reset(void)
{
    naering_clock_file = NULL;
}

const char *naering_tick_set_clock(apr_pool_t *pconf, const char *file)
{
    naering_clock_file = apr_pstrdup(pconf, file);
    return NULL;
}

/* The test clock's number; the real clock when the file cannot be read
 * (a test that has not written it yet). */
static apr_int64_t naering_test_now(void)
{
    char buf[32];
    apr_size_t n = 0;
    FILE *f = fopen(naering_clock_file, "r");

    if (f) {
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return n ? (apr_int64_t)strtoll(buf, NULL, 10)
             : (apr_int64_t)apr_time_sec(apr_time_now());
}

apr_int64_t naering_now(void)
{
    return naering_clock_file ? naering_test_now()
                              : (apr_int64_t)apr_time_sec(apr_time_now());
}

static void naering_tick_site(apr_pool_t *p, server_rec *s,
                              naering_site *site)
{
    naering_db *db = NULL;
    naering_tick t;
    naering_err *e = naering_store_open(p, site->database, 0, &db);
    int i;

    if (!e)
        e = naering_store_tick(db, p, naering_now(),
                               naering_lang_of(site->lang, NULL), &t);
    if (db)
        naering_store_close(db);
    if (e) {
        /* Nothing was applied; the next tick tries again. */
        naering_log_server(s, APLOG_ERR, 0, "tick: %s: %s", site->database,
                           naering_err_text(p, e));
        return;
    }
    for (i = 0; i < t.errors->nelts; i++)
        naering_log_server(s, APLOG_ERR, 0, "tick: a scheduled change "
                           "failed and will be tried again: %s",
                           APR_ARRAY_IDX(t.errors, i, const char *));
    if (t.applied)
        naering_log_server(s, APLOG_NOTICE, 0, "tick: %d scheduled "
                           "change(s) applied to %s", t.applied,
                           site->database);
}

static apr_status_t naering_tick_run(int state, void *data, apr_pool_t *pool)
{
    server_rec *s = data;
    naering_site *site;

    if (state != AP_WATCHDOG_STATE_RUNNING)
        return APR_SUCCESS;
    for (site = naering_site_registry(); site; site = site->next)
        naering_tick_site(pool, s, site);
    return APR_SUCCESS;
}

/* Whether a <Location> at loc covers the site mounted at base. */
static int naering_covers(const char *loc, const char *base)
{
    size_t n = strlen(loc);

    while (n && loc[n - 1] == '/')
        n--;
    return strncmp(loc, base, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

/* Every per-directory configuration of a server: its own (server or
 * <VirtualHost> level, already merged with the main server's), then its
 * <Location> sections (from *url on), then its <Directory> sections. */
static apr_array_header_t *naering_tick_vectors(apr_pool_t *p, server_rec *s,
                                                int *url, int *dir)
{
    const core_server_config *core = ap_get_core_module_config(
        s->module_config);
    apr_array_header_t *all = apr_array_make(p, 8,
                                             sizeof(ap_conf_vector_t *));

    *(ap_conf_vector_t **)apr_array_push(all) = s->lookup_defaults;
    *url = all->nelts;
    if (core->sec_url)
        apr_array_cat(all, core->sec_url);
    *dir = all->nelts;
    if (core->sec_dir)
        apr_array_cat(all, core->sec_dir);
    return all;
}

/* Whether the NaeringPurge of section b reaches the site configured in
 * section a: the same section, the server's own level (every request of
 * the server merges it), or a <Location> that covers the site's mount
 * point.  A <Directory> elsewhere is matched by file path, which the
 * tick cannot know: the startup warning tells. */
static int naering_tick_reaches(apr_array_header_t *all, int i, int j,
                                int url, int dir, const char *base)
{
    ap_conf_vector_t *b = APR_ARRAY_IDX(all, j, ap_conf_vector_t *);
    const core_dir_config *where = ap_get_core_module_config(b);

    if (i == j || j == 0)
        return 1;
    return j >= url && j < dir && where->d && naering_covers(where->d, base);
}

/* NaeringPurge of every section that reaches a site: a request merges
 * them, the tick has no request to merge for, so they are found here
 * once, per server.  Returns whether any section has a NaeringPurge. */
static int naering_tick_bans(apr_pool_t *pconf, server_rec *s)
{
    int url, dir, i, j, k, any = 0;
    apr_array_header_t *all = naering_tick_vectors(pconf, s, &url, &dir);

    for (i = 0; i < all->nelts; i++) {
        const naering_dir_cfg *site = ap_get_module_config(
            APR_ARRAY_IDX(all, i, ap_conf_vector_t *), &naering_module);
        const char *base = site && site->base ? site->base : "";
        any |= site && site->purge && site->purge->nelts;
        for (j = 0; site && site->site && j < all->nelts; j++) {
            const naering_dir_cfg *c = ap_get_module_config(
                APR_ARRAY_IDX(all, j, ap_conf_vector_t *), &naering_module);
            for (k = 0; c && c->purge && k < c->purge->nelts
                 && naering_tick_reaches(all, i, j, url, dir, base); k++)
                naering_site_add_ban(pconf, site->site,
                                     APR_ARRAY_IDX(c->purge, k, const char *),
                                     base);
        }
    }
    return any;
}

/* NaeringLanguage of section j, or lang when it sets none. */
static const char *naering_lang_in(apr_array_header_t *all, int j,
                                   const char *lang)
{
    const naering_dir_cfg *c = ap_get_module_config(
        APR_ARRAY_IDX(all, j, ap_conf_vector_t *), &naering_module);

    return c && c->language ? c->language : lang;
}

/* The language of the pages without their own of the site configured in
 * section i, for the texts the tick puts live (their translation
 * groups): NaeringLanguage as a request at its mount point merges it --
 * the server's, a <Directory>'s own, then each <Location> over it, the
 * last one winning. */
static const char *naering_tick_lang(apr_array_header_t *all, int i,
                                     int url, int dir, const char *base)
{
    const char *lang = naering_lang_in(all, 0, NULL);
    int j;

    if (i >= dir)
        lang = naering_lang_in(all, i, lang);
    for (j = url; j < dir; j++)
        if (naering_tick_reaches(all, i, j, url, dir, base))
            lang = naering_lang_in(all, j, lang);
    return lang;
}

static void naering_tick_langs(apr_pool_t *pconf, server_rec *s)
{
    int url, dir, i;
    apr_array_header_t *all = naering_tick_vectors(pconf, s, &url, &dir);

    for (i = 0; i < all->nelts; i++) {
        const naering_dir_cfg *c = ap_get_module_config(
            APR_ARRAY_IDX(all, i, ap_conf_vector_t *), &naering_module);
        if (c && c->site && !c->site->lang)
            c->site->lang = naering_tick_lang(all, i, url, dir,
                                              c->base ? c->base : "");
    }
}

/* A cache configured where the watchdog cannot tell whom it serves would
 * keep a due change's old page until it expires: say so at startup. */
static void naering_tick_warn_unbanned(server_rec *s)
{
    naering_site *site;

    for (site = naering_site_registry(); site; site = site->next)
        if (!site->bans || !site->bans->nelts)
            naering_log_server(s, APLOG_WARNING, 0, "NaeringPurge is set, "
                               "but none reaches the site %s as the tick "
                               "sees it (put NaeringPurge at server level, "
                               "in the site's own section or in a "
                               "<Location> over it): writes made without "
                               "a request (scheduled changes, "
                               "naering-admin) will not be purged from "
                               "that cache",
                               site->database);
}

int naering_tick_post_config(apr_pool_t *pconf, server_rec *s)
{
    server_rec *v;
    int purge = 0;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *reg;
    ap_watchdog_t *wd;
    apr_status_t rv;
    apr_interval_time_t every = apr_time_from_sec(naering_clock_file ? 1
                                                  : NAERING_TICK_SECONDS);

    if (!naering_site_registry())
        return OK;
    if (naering_clock_file)
        naering_log_server(s, APLOG_WARNING, 0, "NaeringTestClock %s: time "
                           "is not real; for tests only",
                           naering_clock_file);
    for (v = s; v; v = v->next) {
        purge |= naering_tick_bans(pconf, v);
        naering_tick_langs(pconf, v);
    }
    if (purge)
        naering_tick_warn_unbanned(s);
    get = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    reg = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!get || !reg) {
        naering_log_server(s, APLOG_WARNING, 0, "mod_watchdog is not "
                           "loaded: scheduled changes wait for "
                           "`naering-admin tick` (cron)");
        return OK;
    }
    if ((rv = get(&wd, NAERING_TICK_NAME, 0, 1, pconf))
        || (rv = reg(wd, every, s, naering_tick_run))) {
        naering_log_server(s, APLOG_CRIT, rv, "cannot register the tick "
                           "with mod_watchdog");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}
