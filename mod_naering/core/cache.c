/*
 * The render cache: one per site and process, holding finished responses
 * (HTML, XML, Atom) by URL, each with its tag: the newest generation among
 * the dependency keys it was built from (sql/014_dependencies.sql).  Every
 * request reads its tag first, in the snapshot it renders from, and an
 * entry is served only under exactly that tag: a write that changes one of
 * its keys moves the tag, and the entry is dropped at the next look.  A
 * write elsewhere leaves it in place.  Thus a save shows on the next
 * request in every process and thread, and nothing needs to be told.
 *
 * Bounded by bytes (bodies, keys and bookkeeping): when full, the least
 * recently used entries make room, so requests with ever new URLs (random
 * search words, Host names) cannot turn caching off for everyone.  Threads
 * share it under one mutex.
 *
 * A hit is lent, not copied (naering_cache_ref): the entry counts its
 * references, the cache's own link being one of them.  An entry evicted or
 * replaced while lent is unlinked at once (the next reader never sees it,
 * and it no longer counts against the bound) but freed only when its last
 * reference goes -- a response still being written by the event MPM after
 * its handler returned keeps its bytes.  The count is atomic, so a
 * reference can be given back from any thread without the cache's lock, and
 * after the cache itself is gone.  Pure (no Apache).
 */
#include <stdlib.h>
#include <string.h>
#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include "core/core.h"

/* What an entry costs beyond its body and key: the entry, the hash's
 * own record, malloc's headers. */
#define NAERING_CACHE_OVERHEAD 128

struct naering_cache_entry {
    char *key;
    char *body;
    apr_size_t len;
    char *ctype;
    apr_size_t cost;
    apr_int64_t tag;
    naering_cache_entry *newer, *older;     /* the LRU list */
    apr_uint32_t refs;          /* the cache's link + lent references */
};

/* Entries alive in this process, linked or only lent: how the tests see
 * that a lent entry outlives its eviction and no later than its last
 * reference. */
static apr_uint32_t naering_cache_live;

struct naering_cache {
    apr_thread_mutex_t *lock;
    apr_pool_t *pool;            /* holds the hash; cleared with it */
    apr_hash_t *entries;         /* key -> naering_cache_entry (malloc) */
    naering_cache_entry *newest, *oldest;
    apr_size_t bytes, max_bytes;
};

static void naering_entry_free(naering_cache_entry *e)
{
    free(e->key);
    free(e->body);
    free(e->ctype);
    free(e);
    apr_atomic_dec32(&naering_cache_live);
}

/* The last reference frees: the cache's link or the last lent one. */
static void naering_entry_release(naering_cache_entry *e)
{
    if (!apr_atomic_dec32(&e->refs))
        naering_entry_free(e);
}

static apr_status_t naering_cache_cleanup(void *data)
{
    naering_cache *c = data;
    naering_cache_entry *e, *next;

    /* Only the cache's links go: an entry still lent lives on. */
    for (e = c->newest; e; e = next) {
        next = e->older;
        naering_entry_release(e);
    }
    c->newest = c->oldest = NULL;
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

/* ---- the LRU list (caller holds the lock) ------------------------------ */

static void naering_lru_unlink(naering_cache *c, naering_cache_entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void naering_lru_push(naering_cache *c, naering_cache_entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
}

static void naering_cache_drop(naering_cache *c, naering_cache_entry *e)
{
    naering_lru_unlink(c, e);
    apr_hash_set(c->entries, e->key, APR_HASH_KEY_STRING, NULL);
    c->bytes -= e->cost;
    naering_entry_release(e);
}

/* ---- get and put -------------------------------------------------------- */

int naering_cache_ref(naering_cache *c, apr_int64_t tag, const char *key,
                      naering_cache_held *held)
{
    naering_cache_entry *e;
    int hit = 0;

    if (!c)
        return 0;
    apr_thread_mutex_lock(c->lock);
    e = apr_hash_get(c->entries, key, APR_HASH_KEY_STRING);
    if (e && e->tag < tag)
        naering_cache_drop(c, e);       /* changed since: never again */
    else if (e && e->tag == tag) {
        naering_lru_unlink(c, e);
        naering_lru_push(c, e);
        /* Under the lock while linked: the link's reference keeps e alive
         * until this one is counted. */
        apr_atomic_inc32(&e->refs);
        held->body = e->body;
        held->len = e->len;
        held->ctype = e->ctype;
        held->entry = e;
        hit = 1;
    }
    apr_thread_mutex_unlock(c->lock);
    return hit;
}

void naering_cache_unref(const naering_cache_held *held)
{
    if (held->entry)
        naering_entry_release(held->entry);
}

int naering_cache_get(naering_cache *c, apr_int64_t tag, const char *key,
                      apr_pool_t *p, const char **body, apr_size_t *len,
                      const char **ctype)
{
    naering_cache_held held;

    if (!naering_cache_ref(c, tag, key, &held))
        return 0;
    *body = apr_pmemdup(p, held.body, held.len);
    *len = held.len;
    *ctype = apr_pstrdup(p, held.ctype);
    naering_cache_unref(&held);
    return 1;
}

apr_uint32_t naering_cache_live_entries(void)
{
    return apr_atomic_read32(&naering_cache_live);
}

static naering_cache_entry *naering_entry_make(const char *key,
                                               const char *body,
                                               apr_size_t len,
                                               const char *ctype)
{
    naering_cache_entry *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    apr_atomic_inc32(&naering_cache_live);
    e->refs = 1;                        /* the cache's link */
    e->key = strdup(key);
    e->body = malloc(len ? len : 1);
    e->ctype = strdup(ctype);
    if (!e->key || !e->body || !e->ctype) {
        naering_entry_free(e);
        return NULL;
    }
    memcpy(e->body, body, len);
    e->len = len;
    e->cost = len + strlen(key) + strlen(ctype) + NAERING_CACHE_OVERHEAD;
    return e;
}

void naering_cache_put(naering_cache *c, apr_int64_t tag, const char *key,
                       const char *body, apr_size_t len, const char *ctype)
{
    naering_cache_entry *e, *had;

    if (!c || len + strlen(key) + NAERING_CACHE_OVERHEAD > c->max_bytes / 4)
        return;                 /* one response may not push out the rest */
    if (!(e = naering_entry_make(key, body, len, ctype)))
        return;
    e->tag = tag;
    apr_thread_mutex_lock(c->lock);
    had = apr_hash_get(c->entries, key, APR_HASH_KEY_STRING);
    /* Tags only grow: a slow render of an older snapshot never replaces
     * a newer copy. */
    if (had && had->tag >= tag) {
        apr_thread_mutex_unlock(c->lock);
        naering_entry_free(e);
        return;
    }
    if (had)
        naering_cache_drop(c, had);
    while (c->oldest && c->bytes + e->cost > c->max_bytes)
        naering_cache_drop(c, c->oldest);
    apr_hash_set(c->entries, e->key, APR_HASH_KEY_STRING, e);
    naering_lru_push(c, e);
    c->bytes += e->cost;
    apr_thread_mutex_unlock(c->lock);
}

apr_size_t naering_cache_bytes(naering_cache *c)
{
    apr_size_t n;

    apr_thread_mutex_lock(c->lock);
    n = c->bytes;
    apr_thread_mutex_unlock(c->lock);
    return n;
}
