/*
 * Telling the HTTP caches in front (Varnish) what a write changed.  The
 * write's dependency keys (sql/014_dependencies.sql) go as surrogate keys:
 * "PURGE <base>/" with "xkey-purge: naering<base>:p12 ..." purges exactly
 * the responses built from them (their xkey header, httpd/respond.c), with
 * Varnish's xkey module (conf/varnish.vcl).  A cache that does not answer
 * 2xx to that (a Varnish without xkey), or a write that changed 'all',
 * gets the old ban of the whole site: "BAN <base>/" with X-Ban-Url:
 * ^<base>(/|$).  It runs in log_transaction, after the editor has had the
 * answer, so a slow or dead cache never blocks a save; each target gets
 * two tries with a short timeout, and a failure is logged.
 */
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_strings.h"
#include "apr_uri.h"
#include "apr_network_io.h"
#include "httpd/server.h"

#define NAERING_PURGE_NOTE "naering-purge"
#define NAERING_PURGE_TIMEOUT apr_time_from_msec(1000)

/* The surrogate keys of a response, for the xkey module of a Varnish in
 * front: its dependency keys, named per site (several sites may share a
 * cache) as "naering<base>:<key>".  httpd/purge.c purges the same names. */
const char *naering_surrogate_keys(apr_pool_t *p, const char *base,
                                   const char *keys)
{
    char *copy = apr_pstrdup(p, keys), *k, *state = NULL;
    const char *out = "";

    for (k = apr_strtok(copy, " ", &state); k;
         k = apr_strtok(NULL, " ", &state))
        out = apr_pstrcat(p, out, *out ? " " : "", "naering", base ? base : "",
                          ":", k, NULL);
    return out;
}

/* NULL: the write committed nothing (every commit changes a key), so
 * there is nothing to purge. */
void naering_purge_later(request_rec *r, const char *keys)
{
    if (keys && *keys)
        apr_table_setn(r->notes, NAERING_PURGE_NOTE, keys);
}

/* One request to one cache; APR_SUCCESS when it answered 2xx. */
static apr_status_t naering_ask(apr_pool_t *p, const apr_uri_t *to,
                                const char *req)
{
    apr_sockaddr_t *sa;
    apr_socket_t *s;
    char reply[64] = "";
    apr_size_t n = strlen(req);
    apr_status_t rv;

    if ((rv = apr_sockaddr_info_get(&sa, to->hostname, APR_UNSPEC,
                                    to->port ? to->port : 80, 0, p))
        || (rv = apr_socket_create(&s, sa->family, SOCK_STREAM,
                                   APR_PROTO_TCP, p)))
        return rv;
    apr_socket_timeout_set(s, NAERING_PURGE_TIMEOUT);
    if (!(rv = apr_socket_connect(s, sa)) && !(rv = apr_socket_send(s, req,
                                                                    &n))) {
        n = sizeof(reply) - 1;
        rv = apr_socket_recv(s, reply, &n);
        reply[n] = '\0';
    }
    apr_socket_close(s);
    if (rv == APR_SUCCESS && strncmp(reply, "HTTP/1.", 7) == 0
        && reply[9] == '2')
        return APR_SUCCESS;
    return rv ? rv : APR_EGENERAL;
}

static const char *naering_ban_request(apr_pool_t *p, const apr_uri_t *to,
                                       const char *base)
{
    return apr_psprintf(p, "BAN %s/ HTTP/1.1\r\nHost: %s\r\nX-Ban-Url: "
                        "^%s(/|$)\r\nConnection: close\r\nContent-Length: 0"
                        "\r\n\r\n", base, to->hostinfo, base);
}

static const char *naering_xkey_request(apr_pool_t *p, const apr_uri_t *to,
                                        const char *base, const char *keys)
{
    return apr_psprintf(p, "PURGE %s/ HTTP/1.1\r\nHost: %s\r\nxkey-purge: "
                        "%s\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                        base, to->hostinfo,
                        naering_surrogate_keys(p, base, keys));
}

/* Whether keys (space-separated) hold the key 'all'. */
static int naering_keys_all(const char *keys)
{
    const char *k = keys;

    while ((k = strstr(k, "all"))) {
        if ((k == keys || k[-1] == ' ') && (k[3] == '\0' || k[3] == ' '))
            return 1;
        k += 3;
    }
    return 0;
}

/* Varnish takes request headers up to 8 KiB (http_req_hdr_len): a longer
 * xkey-purge would fail without a word, so past this a ban of the site
 * goes instead. */
#define NAERING_XKEY_MAX 4096

/* The keys to one cache, or the whole site when it has no xkey; two tries
 * each. */
static apr_status_t naering_purge_one(apr_pool_t *p, const apr_uri_t *to,
                                      const char *base, const char *keys)
{
    apr_status_t rv = APR_EGENERAL;
    int try;

    if (strlen(naering_surrogate_keys(p, base, keys)) > NAERING_XKEY_MAX)
        ap_log_perror(APLOG_MARK, APLOG_NOTICE, 0, p, "%s: %d bytes of "
                      "surrogate keys are more than one purge carries: the "
                      "site %s/ is banned instead", to->hostinfo,
                      (int)strlen(naering_surrogate_keys(p, base, keys)),
                      base);
    else if (!naering_keys_all(keys))
        for (try = 0; try < 2 && rv != APR_SUCCESS; try++)
            rv = naering_ask(p, to, naering_xkey_request(p, to, base, keys));
    if (rv != APR_SUCCESS)
        ap_log_perror(APLOG_MARK, APLOG_DEBUG, rv, p, "naering: %s: a ban of "
                      "%s/ for the keys %s", to->hostinfo, base, keys);
    for (try = 0; try < 2 && rv != APR_SUCCESS; try++)
        rv = naering_ask(p, to, naering_ban_request(p, to, base));
    return rv;
}

apr_status_t naering_purge_send(apr_pool_t *p, const char *url,
                                const char *base, const char *keys)
{
    apr_uri_t to;

    if (apr_uri_parse(p, url, &to) != APR_SUCCESS || !to.hostname)
        return APR_EGENERAL;
    return naering_purge_one(p, &to, base, keys);
}

int naering_purge_site(apr_pool_t *p, server_rec *s, const naering_site *site,
                       const char *keys)
{
    int i, failed = 0;

    for (i = 0; site->bans && i < site->bans->nelts; i++) {
        const naering_site_ban *b = &APR_ARRAY_IDX(site->bans, i,
                                                   naering_site_ban);
        apr_status_t rv = naering_purge_send(p, b->url, b->base, keys);
        if (rv != APR_SUCCESS) {
            failed++;
            naering_log_server(s, APLOG_WARNING, rv, "the cache at %s did "
                               "not take the ban of %s/ nor the purge of %s "
                               "(tried twice each); it may show old pages "
                               "until they expire", b->url, b->base, keys);
        }
    }
    return failed;
}

int naering_purge_transaction(request_rec *r)
{
    const char *keys = apr_table_get(r->notes, NAERING_PURGE_NOTE);
    const naering_dir_cfg *c;
    int i;

    if (!keys)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &naering_module);
    for (i = 0; c->purge && i < c->purge->nelts; i++) {
        const char *url = APR_ARRAY_IDX(c->purge, i, const char *);
        const char *base = c->base ? c->base : "";
        apr_status_t rv = naering_purge_send(r->pool, url, base, keys);
        if (rv != APR_SUCCESS)
            naering_log_rv(r, APLOG_WARNING, rv, "the cache at %s did not "
                           "take the ban of %s/ nor the purge of %s (tried "
                           "twice each); it may show old pages until they "
                           "expire", url, base, keys);
    }
    return DECLINED;
}
