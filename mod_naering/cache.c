/*
 * The render cache: one per site and process, holding finished responses
 * (HTML, XML, Atom) by URL.  Every write bumps the site's generation in
 * the same transaction, and every request reads the generation first, so
 * an entry from an older generation is never served: the first request
 * that sees a newer generation empties the cache.  Thus a save shows on
 * the next request in every process and thread, and nothing needs to be
 * told about it.  Bounded by bytes; when full, new entries are not kept
 * until the next generation.  Threads share it under one mutex; bodies
 * are copied out, so nothing is freed under a reader.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include "naering.h"

typedef struct {
    char *body;
    apr_size_t len;
    char *ctype;
} naering_cache_entry;

struct naering_cache {
    apr_thread_mutex_t *lock;
    apr_pool_t *pool;            /* holds the hash; cleared with it */
    apr_hash_t *entries;         /* key -> naering_cache_entry (malloc) */
    sqlite3_int64 generation;
    apr_size_t bytes, max_bytes;
};

static apr_status_t naering_cache_cleanup(void *data)
{
    naering_cache *c = data;
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(NULL, c->entries); hi; hi = apr_hash_next(hi)) {
        naering_cache_entry *e = apr_hash_this_val(hi);
        free(e->body);
        free(e->ctype);
        free(e);
    }
    return APR_SUCCESS;
}

naering_cache *naering_cache_create(apr_pool_t *p, apr_size_t max_bytes)
{
    naering_cache *c = apr_pcalloc(p, sizeof(*c));

    if (apr_thread_mutex_create(&c->lock, APR_THREAD_MUTEX_DEFAULT, p)
            != APR_SUCCESS
        || apr_pool_create(&c->pool, p) != APR_SUCCESS)
        return NULL;
    c->entries = apr_hash_make(c->pool);
    c->max_bytes = max_bytes;
    apr_pool_cleanup_register(p, c, naering_cache_cleanup,
                              apr_pool_cleanup_null);
    return c;
}

/* Caller holds the lock. */
static void naering_cache_reset(naering_cache *c, sqlite3_int64 generation)
{
    naering_cache_cleanup(c);
    apr_pool_clear(c->pool);
    c->entries = apr_hash_make(c->pool);
    c->bytes = 0;
    c->generation = generation;
}

int naering_cache_get(naering_cache *c, sqlite3_int64 generation,
                      const char *key, apr_pool_t *p, const char **body,
                      apr_size_t *len, const char **ctype)
{
    naering_cache_entry *e = NULL;

    if (!c)
        return 0;
    apr_thread_mutex_lock(c->lock);
    if (generation != c->generation)
        naering_cache_reset(c, generation);
    else if ((e = apr_hash_get(c->entries, key, APR_HASH_KEY_STRING))) {
        *body = apr_pmemdup(p, e->body, e->len);
        *len = e->len;
        *ctype = apr_pstrdup(p, e->ctype);
    }
    apr_thread_mutex_unlock(c->lock);
    return e != NULL;
}

void naering_cache_put(naering_cache *c, sqlite3_int64 generation,
                       const char *key, const char *body, apr_size_t len,
                       const char *ctype)
{
    naering_cache_entry *e;

    if (!c)
        return;
    apr_thread_mutex_lock(c->lock);
    if (generation == c->generation && c->bytes + len <= c->max_bytes
        && !apr_hash_get(c->entries, key, APR_HASH_KEY_STRING)
        && (e = calloc(1, sizeof(*e)))) {
        e->body = malloc(len ? len : 1);
        e->ctype = strdup(ctype);
        if (e->body && e->ctype) {
            memcpy(e->body, body, len);
            e->len = len;
            apr_hash_set(c->entries, apr_pstrdup(c->pool, key),
                         APR_HASH_KEY_STRING, e);
            c->bytes += len;
        }
        else {
            free(e->body);
            free(e->ctype);
            free(e);
        }
    }
    apr_thread_mutex_unlock(c->lock);
}
