/*
 * Sites and template sets known to this server, and each site's pool of
 * SQLite connections.
 *
 * Directives register what they name (config time, in pconf); post_config
 * compiles every template set once in the parent; child_init makes each
 * site's lock.  A request takes an idle connection or opens one (after
 * fork, so no connection ever crosses a process), uses it alone and gives
 * it back: one connection per thread at a time, opened NOMUTEX.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "httpd/server.h"

/* Per site and process: room for some thousand pages. */
#define NAERING_CACHE_BYTES (64 * 1024 * 1024)

struct naering_conn {
    naering_db *db;
    naering_conn *next;
};

static naering_site *naering_sites;
static naering_templates *naering_template_sets;

void naering_registry_reset(void)
{
    naering_sites = NULL;
    naering_template_sets = NULL;
}

naering_site *naering_site_registry(void)
{
    return naering_sites;
}

naering_templates *naering_templates_registry(void)
{
    return naering_template_sets;
}

naering_site *naering_site_register(apr_pool_t *pconf, const char *database)
{
    naering_site *s;

    for (s = naering_sites; s; s = s->next)
        if (strcmp(s->database, database) == 0)
            return s;
    s = apr_pcalloc(pconf, sizeof(*s));
    s->database = apr_pstrdup(pconf, database);
    s->files = naering_files_default_dir(pconf, database);
    s->next = naering_sites;
    naering_sites = s;
    return s;
}

void naering_site_add_ban(apr_pool_t *pconf, naering_site *s,
                          const char *url, const char *base)
{
    naering_site_ban *b;
    int i;

    if (!s->bans)
        s->bans = apr_array_make(pconf, 2, sizeof(naering_site_ban));
    for (i = 0; i < s->bans->nelts; i++) {
        b = &APR_ARRAY_IDX(s->bans, i, naering_site_ban);
        if (strcmp(b->url, url) == 0 && strcmp(b->base, base) == 0)
            return;
    }
    b = apr_array_push(s->bans);
    b->url = url;
    b->base = base;
}

naering_templates *naering_templates_register(apr_pool_t *pconf,
                                              const char *dir)
{
    naering_templates *t;

    for (t = naering_template_sets; t; t = t->next)
        if (strcmp(t->dir, dir) == 0)
            return t;
    t = apr_pcalloc(pconf, sizeof(*t));
    t->dir = apr_pstrdup(pconf, dir);
    t->next = naering_template_sets;
    naering_template_sets = t;
    return t;
}

static apr_status_t naering_site_cleanup(void *data)
{
    naering_site *s = data;
    naering_conn *c, *next;

    for (c = s->idle; c; c = next) {
        next = c->next;
        naering_store_close(c->db);
        free(c);
    }
    s->idle = NULL;
    return APR_SUCCESS;
}

/* The site's random id (shared.c keys the shared cache with it), read
 * once per child before any thread runs: a plain string after that.  A
 * database that has none yet (the first writable open makes it) is known
 * by its path until the next start.  And its generation at the child's
 * start: where the watchdog's first tick in a fresh server starts
 * (warm.c), so a write made while the watchdog was starting is warmed. */
static void naering_site_read_start(apr_pool_t *pchild, naering_site *s)
{
    naering_db *db = NULL;
    const char *id;
    apr_time_t changed;

    s->uid = NULL;
    s->start_gen = -1;
    if (naering_store_open_readonly(pchild, s->database, &db) || !db)
        return;
    id = naering_store_site_id(db, pchild);
    s->uid = id ? apr_pstrdup(pchild, id) : NULL;
    if (naering_store_generation(db, pchild, &s->start_gen, &changed))
        s->start_gen = -1;
    naering_store_close(db);
}

apr_status_t naering_sites_child_init(apr_pool_t *pchild)
{
    naering_site *s;
    apr_status_t rv;

    for (s = naering_sites; s; s = s->next) {
        rv = apr_thread_mutex_create(&s->lock, APR_THREAD_MUTEX_DEFAULT,
                                     pchild);
        if (rv != APR_SUCCESS)
            return rv;
        apr_pool_cleanup_register(pchild, s, naering_site_cleanup,
                                  apr_pool_cleanup_null);
        s->cache = naering_cache_create(pchild, NAERING_CACHE_BYTES);
        naering_site_read_start(pchild, s);
    }
    return APR_SUCCESS;
}

naering_err *naering_site_acquire(naering_site *s, apr_pool_t *p,
                                  naering_db **db)
{
    naering_conn *c;

    apr_thread_mutex_lock(s->lock);
    c = s->idle;
    if (c)
        s->idle = c->next;
    apr_thread_mutex_unlock(s->lock);
    if (!c)
        return naering_store_open(p, s->database, 0, db);
    *db = c->db;
    free(c);
    return NULL;
}

/* A connection that failed goes away rather than back: the next request
 * opens a fresh one, which is how the site recovers without a restart. */
void naering_site_release(naering_site *s, naering_db *db, int keep)
{
    naering_conn *c;

    if (!db)
        return;
    naering_store_read_end(db);
    if (!keep || naering_store_readonly(db) || !(c = malloc(sizeof(*c)))) {
        naering_store_close(db);
        return;
    }
    c->db = db;
    apr_thread_mutex_lock(s->lock);
    c->next = s->idle;
    s->idle = c;
    apr_thread_mutex_unlock(s->lock);
}
