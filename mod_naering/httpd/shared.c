/*
 * The second level of the render cache: one copy of each rendered
 * response per server, shared by all its processes and threads, through
 * httpd's own shared-object cache (ap_socache): mod_socache_shmcb by
 * default (shared memory), or any provider NaeringCache names (memcache
 * or redis share it across servers).  The per-process cache
 * (core/cache.c) stays the first level: a hit there costs no lock.
 *
 * An entry's id is the MD5 of the site's random id (setting 'site_id':
 * servers that share a memcache or redis never mix their sites) and the
 * URL.  Its value is its tag (the newest generation of the response's
 * dependency keys), the identity of what rendered it (templates, module,
 * directives: httpd/identity.c; a copy rendered otherwise -- an upgrade,
 * a server with other templates -- is never served, while servers with
 * the same files share), the site id and URL in full (compared on every hit), the
 * address the request came in on (the listener httpd/warm.c warms
 * through: never the Host header's port, which the visitor chooses), its
 * content type and its body.  It is served only under exactly the tag the
 * request read, so a write never needs to reach it: a changed key moves
 * the tag and the old copy is never served again (it expires, or is
 * overwritten by the next render).
 *
 *   NaeringCache shmcb:naering-cache(67108864)    the default: 64 MiB
 *   NaeringCache memcache:host:11211               across servers
 *   NaeringCache none                              per process only
 *
 * Without the directive and without mod_socache_shmcb loaded, the module
 * runs with the per-process cache only and says so at start.
 */
#include <stdlib.h>
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "ap_provider.h"
#include "ap_socache.h"
#include "util_mutex.h"
#include "apr_strings.h"
#include "apr_global_mutex.h"
#include "apr_hash.h"
#include "apr_atomic.h"
#include "apr_md5.h"
#include "httpd/server.h"

#define NAERING_SHARED_DEFAULT "shmcb:naering-cache(67108864)"
#define NAERING_SHARED_MUTEX "naering-cache"
/* The largest response kept (and the buffer a lookup reads into): pages
 * are some tens of KiB; a larger one stays in its process's cache. */
#define NAERING_SHARED_MAX (256 * 1024)
/* An entry's value starts with its tag and the identity of what rendered
 * it. */
#define NAERING_SHARED_HEAD (2 * sizeof(apr_int64_t))
/* Set by a lookup that found a newer copy than the request's tag. */
#define NAERING_SHARED_NEWER "naering-shared-newer"
/* The longest the warm-up's walk holds the cache (and, for shmcb, the
 * global mutex every request's lookup takes), and the most entries it
 * looks at: what it has not reached by then is not warmed (its next
 * visitor renders it).  A walk of the whole of a full 64 MiB cache (some
 * 6,000 pages, each copied out to be read) twice a second held every
 * lookup up often enough to cost a quarter of the throughput at ten saves
 * a second (tests/bench/README.md); 128 entries take well under a
 * millisecond, and a small site's cache is walked whole. */
#define NAERING_SHARED_WALK apr_time_from_msec(50)
#define NAERING_SHARED_WALK_ENTRIES 128
/* Entries are checked by tag on every hit; expiry only frees room. */
#define NAERING_SHARED_TTL apr_time_from_sec(3600)

static const char *naering_spec;            /* NaeringCache, or NULL */
static const ap_socache_provider_t *naering_provider;
static ap_socache_instance_t *naering_instance;
static apr_global_mutex_t *naering_mutex;

const char *naering_shared_directive(cmd_parms *cmd, void *dv,
                                     const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    if (err)
        return err;
    naering_spec = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

int naering_shared_pre_config(apr_pool_t *pconf)
{
    naering_spec = NULL;
    naering_provider = NULL;
    naering_instance = NULL;
    naering_mutex = NULL;
    return ap_mutex_register(pconf, NAERING_SHARED_MUTEX, NULL,
                             APR_LOCK_DEFAULT, 0) == APR_SUCCESS
           ? OK : HTTP_INTERNAL_SERVER_ERROR;
}

static apr_status_t naering_shared_destroy(void *data)
{
    if (naering_instance && naering_provider)
        naering_provider->destroy(naering_instance, data);
    naering_instance = NULL;
    naering_provider = NULL;
    return APR_SUCCESS;
}

/* The provider's instance made and initialised, with the global mutex it
 * needs when it is not safe across processes (shmcb is not).  The hints
 * size shmcb's index: ids of 16 bytes (MD5), pages of some 12 KiB (the
 * benchmark's large site: 112 MB of HTML for 10,421 pages). */
static int naering_shared_start(apr_pool_t *pconf, apr_pool_t *ptemp,
                                server_rec *s, const char *name,
                                const char *args)
{
    static const struct ap_socache_hints hints = { APR_MD5_DIGESTSIZE, 12288,
                                                   apr_time_from_sec(60) };
    const char *err = naering_provider->create(&naering_instance, args,
                                               ptemp, pconf);
    apr_status_t rv;

    if (err) {
        naering_log_server(s, APLOG_CRIT, 0, "NaeringCache %s: %s", name,
                           err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((naering_provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE)
        && (rv = ap_global_mutex_create(&naering_mutex, NULL,
                                        NAERING_SHARED_MUTEX, NULL, s, pconf,
                                        0)) != APR_SUCCESS) {
        naering_log_server(s, APLOG_CRIT, rv, "NaeringCache: no mutex");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((rv = naering_provider->init(naering_instance, NAERING_SHARED_MUTEX,
                                     &hints, s, pconf)) != APR_SUCCESS) {
        naering_log_server(s, APLOG_CRIT, rv, "NaeringCache %s: cannot "
                           "start", name);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(pconf, s, naering_shared_destroy,
                              apr_pool_cleanup_null);
    return OK;
}

int naering_shared_post_config(apr_pool_t *pconf, apr_pool_t *ptemp,
                               server_rec *s)
{
    const char *spec = naering_spec ? naering_spec : NAERING_SHARED_DEFAULT;
    char *name = apr_pstrdup(ptemp, spec), *args = strchr(name, ':');

    if (!naering_site_registry() || strcmp(spec, "none") == 0)
        return OK;
    if (args)
        *args++ = '\0';
    naering_provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                                          AP_SOCACHE_PROVIDER_VERSION);
    if (!naering_provider) {
        if (naering_spec) {
            naering_log_server(s, APLOG_CRIT, 0, "NaeringCache %s: no such "
                               "cache (LoadModule mod_socache_%s?)", spec,
                               name);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        naering_log_server(s, APLOG_NOTICE, 0, "mod_socache_shmcb is not "
                           "loaded: each process keeps its own rendered "
                           "pages (load it, or say NaeringCache none)");
        return OK;
    }
    return naering_shared_start(pconf, ptemp, s, name, args);
}

void naering_shared_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_status_t rv;

    if (naering_mutex
        && (rv = apr_global_mutex_child_init(&naering_mutex,
                    apr_global_mutex_lockfile(naering_mutex), pchild))
           != APR_SUCCESS)
        naering_log_server(s, APLOG_CRIT, rv, "NaeringCache: mutex in the "
                           "child");
}

/* The site's id and the key: what an entry's value starts with after
 * its head. */
static const char *naering_shared_whole(apr_pool_t *p,
                                        const naering_site *site,
                                        const char *key)
{
    return apr_pstrcat(p, site->uid ? site->uid : site->database, "\n",
                       key, NULL);
}

/* The id of key: the MD5 of the site's id and the key, 16 bytes.  A
 * fixed length: memcache refuses keys past 250 characters (a long URL
 * would simply never be cached), and shmcb picks its sub-cache by an id's
 * first byte, which a hash spreads evenly.  The full key is kept in the
 * value and compared on every hit. */
static const unsigned char *naering_shared_id(request_rec *r,
                                              const naering_site *site,
                                              const char *key,
                                              unsigned int *len)
{
    const char *whole = naering_shared_whole(r->pool, site, key);
    unsigned char *id = apr_palloc(r->pool, APR_MD5_DIGESTSIZE);

    apr_md5(id, whole, strlen(whole));
    *len = APR_MD5_DIGESTSIZE;
    return id;
}

/* An entry's value: its tag and the identity of what rendered it, then the
 * site's id and key, the address the request came in on ("ip port"), the
 * content type (each ending in a NUL), and the body. */
typedef struct {
    apr_int64_t tag, made;
    const char *whole, *addr, *ctype, *body;
    apr_size_t len;
} naering_shared_entry;

/* The next NUL-terminated string at *at, before end; NULL if none. */
static const char *naering_shared_str(const char **at, const char *end)
{
    const char *s = *at, *nul = s < end ? memchr(s, '\0', end - s) : NULL;

    if (!nul)
        return NULL;
    *at = nul + 1;
    return s;
}

static int naering_shared_parse(const unsigned char *data, apr_size_t n,
                               naering_shared_entry *e)
{
    const char *at = (const char *)data + NAERING_SHARED_HEAD;
    const char *end = (const char *)data + n;

    if (n < NAERING_SHARED_HEAD)
        return 0;
    memcpy(&e->tag, data, sizeof(e->tag));
    memcpy(&e->made, data + sizeof(e->tag), sizeof(e->made));
    if (!(e->whole = naering_shared_str(&at, end))
        || !(e->addr = naering_shared_str(&at, end))
        || !(e->ctype = naering_shared_str(&at, end)))
        return 0;
    e->body = at;
    e->len = (apr_size_t)(end - at);
    return 1;
}

int naering_shared_get(request_rec *r, const naering_site *site,
                       const char *key, apr_int64_t tag,
                       apr_int64_t templates, const char **body,
                       apr_size_t *len, const char **ctype)
{
    unsigned int idlen, n = NAERING_SHARED_MAX;
    const unsigned char *id;
    unsigned char *buf;
    naering_shared_entry e;
    apr_status_t rv;

    if (!naering_instance)
        return 0;
    id = naering_shared_id(r, site, key, &idlen);
    buf = apr_palloc(r->pool, n);
    if (naering_mutex)
        apr_global_mutex_lock(naering_mutex);
    rv = naering_provider->retrieve(naering_instance, r->server, id, idlen,
                                    buf, &n, r->pool);
    if (naering_mutex)
        apr_global_mutex_unlock(naering_mutex);
    if (rv != APR_SUCCESS || !naering_shared_parse(buf, n, &e)
        || e.made != templates
        || strcmp(e.whole, naering_shared_whole(r->pool, site, key)) != 0)
        return 0;
    if (e.tag > tag)        /* this request read an older snapshot */
        apr_table_setn(r->notes, NAERING_SHARED_NEWER, "1");
    if (e.tag != tag)
        return 0;
    *ctype = e.ctype;
    *body = e.body;
    *len = e.len;
    return 1;
}

/* "ip port" of the listener the request came in on. */
static const char *naering_local_addr(request_rec *r)
{
    apr_sockaddr_t *sa = r->connection->local_addr;
    char *ip = NULL;

    if (!sa || apr_sockaddr_ip_get(&ip, sa) != APR_SUCCESS)
        return "";
    return apr_psprintf(r->pool, "%s %u", ip, (unsigned)sa->port);
}

void naering_shared_put(request_rec *r, const naering_site *site,
                        const char *key, apr_int64_t tag,
                        apr_int64_t templates, const char *body,
                        apr_size_t len, const char *ctype)
{
    const char *whole = naering_shared_whole(r->pool, site, key);
    const char *addr = naering_local_addr(r);
    apr_size_t wlen = strlen(whole) + 1, alen = strlen(addr) + 1;
    apr_size_t tlen = strlen(ctype) + 1;
    apr_size_t n = NAERING_SHARED_HEAD + wlen + alen + tlen + len;
    unsigned int idlen;
    const unsigned char *id;
    unsigned char *buf, *at;

    /* Its render would replace a newer copy the lookup found. */
    if (!naering_instance || n > NAERING_SHARED_MAX
        || apr_table_get(r->notes, NAERING_SHARED_NEWER))
        return;
    id = naering_shared_id(r, site, key, &idlen);
    at = buf = apr_palloc(r->pool, n);
    memcpy(at, &tag, sizeof(tag));
    memcpy(at += sizeof(tag), &templates, sizeof(templates));
    memcpy(at += sizeof(templates), whole, wlen);
    memcpy(at += wlen, addr, alen);
    memcpy(at += alen, ctype, tlen);
    memcpy(at + tlen, body, len);
    if (naering_mutex)
        apr_global_mutex_lock(naering_mutex);
    /* A full cache refuses or makes room its own way; either is fine. */
    (void)naering_provider->store(naering_instance, r->server, id, idlen,
                                  apr_time_now() + NAERING_SHARED_TTL, buf,
                                  (unsigned int)n, r->pool);
    if (naering_mutex)
        apr_global_mutex_unlock(naering_mutex);
}

/* ---- what to warm after a write (httpd/warm.c) -------------------------- */

typedef struct {
    const naering_site *site;
    const naering_warm_want *want;
    apr_array_header_t *out;    /* naering_warm_url */
    int max;
    apr_pool_t *p;
    const char *prefix;         /* "<site id>\nhttp://" */
    apr_time_t until;           /* the walk holds the global mutex */
    int seen;                   /* entries looked at */
} naering_walk;

/* Whether the page at rel (below the site's base, no query) is one the
 * write changed. */
static int naering_wanted(const naering_warm_want *w, const char *rel)
{
    int i;

    if (w->everything)
        return 1;
    if (w->lists && (strcmp(rel, "/" NAERING_SEG_SEARCH) == 0
                     || strcmp(rel, "/" NAERING_SEG_FEED) == 0
                     || strcmp(rel, "/" NAERING_SEG_SITEMAP) == 0))
        return 1;
    for (i = 0; w->paths && i < w->paths->nelts; i++)
        if (strcmp(APR_ARRAY_IDX(w->paths, i, const char *), rel) == 0)
            return 1;
    return 0;
}

/* The address in an entry: "ip port". */
static int naering_walk_addr(apr_pool_t *p, const char *addr,
                             naering_warm_url *u)
{
    const char *sp = strchr(addr, ' ');

    if (!sp)
        return 0;
    u->ip = apr_pstrndup(p, addr, sp - addr);
    u->port = (apr_port_t)atoi(sp + 1);
    return u->port != 0;
}

/* One entry: "<site id>\nhttp://host:port/uri?args" of this site? */
static apr_status_t naering_walk_one(ap_socache_instance_t *inst,
                                     server_rec *s, void *ctx,
                                     const unsigned char *id,
                                     unsigned int idlen,
                                     const unsigned char *data,
                                     unsigned int datalen, apr_pool_t *pool)
{
    naering_walk *w = ctx;
    naering_shared_entry e;
    const char *host, *uri, *base = w->site->base ? w->site->base : "";
    char *path, *q;
    size_t n = strlen(base);
    naering_warm_url *u;

    if (w->out->nelts >= w->max || apr_time_now() > w->until
        || ++w->seen > NAERING_SHARED_WALK_ENTRIES)
        return APR_EOF;             /* halts the walk: the lock goes */
    if (!naering_shared_parse(data, datalen, &e)
        || strncmp(e.whole, w->prefix, strlen(w->prefix)) != 0)
        return APR_SUCCESS;
    host = e.whole + strlen(w->prefix);
    if (!(uri = strchr(host, '/')))
        return APR_SUCCESS;
    path = apr_pstrdup(w->p, uri);
    if ((q = strchr(path, '?')))
        *q = '\0';
    if (strncmp(path, base, n) != 0
        || !naering_wanted(w->want, path[n] ? path + n : "/"))
        return APR_SUCCESS;
    u = apr_array_push(w->out);
    u->host = apr_pstrndup(w->p, host, uri - host);
    u->uri = apr_pstrdup(w->p, uri);
    if (!naering_walk_addr(w->p, e.addr, u))
        w->out->nelts--;            /* no address: not warmed */
    return APR_SUCCESS;
}

apr_array_header_t *naering_shared_stale(apr_pool_t *p, server_rec *s,
                                         const naering_site *site,
                                         const naering_warm_want *want,
                                         int max)
{
    naering_walk w = { site, want, apr_array_make(p, 8,
                       sizeof(naering_warm_url)), max, p,
                       naering_shared_whole(p, site, "http://"),
                       apr_time_now() + NAERING_SHARED_WALK, 0 };

    if (!naering_instance || !naering_provider->iterate
        || (!want->everything && !want->lists
            && (!want->paths || !want->paths->nelts)))
        return w.out;               /* nothing to find: no walk, no lock */
    if (naering_mutex)
        apr_global_mutex_lock(naering_mutex);
    (void)naering_provider->iterate(naering_instance, s, &w,
                                    naering_walk_one, p);
    if (naering_mutex)
        apr_global_mutex_unlock(naering_mutex);
    return w.out;
}
