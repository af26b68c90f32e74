/*
 * Telling an HTTP cache in front (Varnish, or anything that takes BAN)
 * that the site changed.  A write changes what every page shows (menus,
 * validators), so the whole site is banned: "BAN <base>/" with
 * X-Ban-Url: ^<base>(/|$).  It runs in log_transaction, after the editor
 * has had the answer, so a slow or dead cache never blocks a save; each
 * target gets two tries with a short timeout, and a failure is logged.
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

void naering_purge_later(request_rec *r)
{
    apr_table_setn(r->notes, NAERING_PURGE_NOTE, "1");
}

/* One BAN to one cache; APR_SUCCESS when it answered 2xx. */
static apr_status_t naering_ban(apr_pool_t *p, const apr_uri_t *to,
                                const char *base)
{
    apr_sockaddr_t *sa;
    apr_socket_t *s;
    char reply[64] = "";
    const char *req = apr_psprintf(p, "BAN %s/ HTTP/1.1\r\nHost: %s\r\n"
                                   "X-Ban-Url: ^%s(/|$)\r\nConnection: close"
                                   "\r\nContent-Length: 0\r\n\r\n", base,
                                   to->hostinfo, base);
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

void naering_purge_now(apr_pool_t *p, server_rec *s,
                       const apr_array_header_t *urls, const char *base)
{
    int i, try;

    for (i = 0; urls && i < urls->nelts; i++) {
        const char *url = APR_ARRAY_IDX(urls, i, const char *);
        apr_uri_t to;
        apr_status_t rv = APR_EGENERAL;
        if (apr_uri_parse(p, url, &to) == APR_SUCCESS && to.hostname)
            for (try = 0; try < 2 && rv != APR_SUCCESS; try++)
                rv = naering_ban(p, &to, base);
        if (rv != APR_SUCCESS)
            naering_log_server(s, APLOG_WARNING, rv, "the cache at %s did "
                               "not take the ban of %s/ (tried twice); it "
                               "may show old pages until they expire", url,
                               base);
    }
}

int naering_purge_transaction(request_rec *r)
{
    const naering_dir_cfg *c;

    if (!apr_table_get(r->notes, NAERING_PURGE_NOTE))
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &naering_module);
    naering_purge_now(r->pool, r->server, c->purge, c->base ? c->base : "");
    return DECLINED;
}
