/*
 * mod_bench_static: the floor of tests/bench.  It reads one file into
 * memory when the configuration is loaded (post_config, in the parent, so
 * every child shares the bytes) and answers every GET or HEAD routed to
 * "SetHandler bench-static" with exactly those bytes, Content-Type
 * text/html; charset=utf-8 and Content-Length: no file system, no
 * database, no copy.  No real module can serve a page for less work on the
 * same Apache, which is what makes it a useful baseline.
 *
 *     LoadModule bench_static_module /tmp/.../mod_bench_static.so
 *     BenchStaticFile /path/to/page.html
 *     <Location /floor>
 *         SetHandler bench-static
 *     </Location>
 *
 * A BenchStaticFile that cannot be read stops the start (or the restart)
 * with a message.  Built by tests/bench/run with apxs -c into a temporary
 * directory; not part of mod_naering and never installed.
 */
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_buckets.h"
#include "apr_file_io.h"
#include "apr_strings.h"
#include "util_filter.h"

#define BENCH_HANDLER "bench-static"
#define BENCH_CTYPE   "text/html; charset=utf-8"

module AP_MODULE_DECLARE_DATA bench_static_module;

typedef struct {
    const char *path;       /* BenchStaticFile */
    const char *bytes;      /* its contents, in pconf */
    apr_size_t len;
} bench_static_cfg;

static void *bench_create(apr_pool_t *p, server_rec *s)
{
    (void)s;
    return apr_pcalloc(p, sizeof(bench_static_cfg));
}

static void *bench_merge(apr_pool_t *p, void *basev, void *addv)
{
    bench_static_cfg *base = basev, *add = addv;
    bench_static_cfg *c = apr_pcalloc(p, sizeof(*c));

    c->path = add->path ? add->path : base->path;
    return c;
}

static const char *bench_set_file(cmd_parms *cmd, void *dcfg, const char *arg)
{
    bench_static_cfg *c = ap_get_module_config(cmd->server->module_config,
                                               &bench_static_module);
    (void)dcfg;
    c->path = ap_server_root_relative(cmd->pool, arg);
    return c->path ? NULL : apr_pstrcat(cmd->pool, "BenchStaticFile: bad "
                                        "path ", arg, NULL);
}

static apr_status_t bench_load(apr_pool_t *p, bench_static_cfg *c)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    char *buf;

    rv = apr_file_open(&f, c->path, APR_READ | APR_BINARY, 0, p);
    if (rv != APR_SUCCESS)
        return rv;
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv == APR_SUCCESS) {
        c->len = (apr_size_t)fi.size;
        buf = apr_palloc(p, c->len + 1);
        rv = apr_file_read_full(f, buf, c->len, NULL);
        c->bytes = buf;
    }
    apr_file_close(f);
    return rv;
}

/* Every virtual host with a file gets its bytes; each host's merged config
 * names the file, so a host that sets none inherits the main one. */
static int bench_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *s)
{
    server_rec *v;
    apr_status_t rv;

    (void)plog;
    (void)ptemp;
    for (v = s; v; v = v->next) {
        bench_static_cfg *c = ap_get_module_config(v->module_config,
                                                   &bench_static_module);
        if (!c->path)
            continue;
        rv = bench_load(pconf, c);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, "BenchStaticFile "
                         "%s: cannot read it", c->path);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}

static int bench_handler(request_rec *r)
{
    bench_static_cfg *c;
    apr_bucket_brigade *bb;
    apr_bucket *b;

    if (!r->handler || strcmp(r->handler, BENCH_HANDLER) != 0)
        return DECLINED;
    r->allowed = AP_METHOD_BIT << M_GET;
    if (r->method_number != M_GET)
        return HTTP_METHOD_NOT_ALLOWED;
    c = ap_get_module_config(r->server->module_config, &bench_static_module);
    if (!c->bytes) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "bench-static: no "
                      "BenchStaticFile for this server");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_set_content_type(r, BENCH_CTYPE);
    ap_set_content_length(r, (apr_off_t)c->len);
    if (r->header_only)
        return OK;
    /* The bytes live as long as the configuration: an immortal bucket
     * hands them to the network without a copy. */
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    b = apr_bucket_immortal_create(c->bytes, c->len, bb->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, b);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
           ? OK : AP_FILTER_ERROR;
}

static const command_rec bench_cmds[] = {
    AP_INIT_TAKE1("BenchStaticFile", bench_set_file, NULL, RSRC_CONF,
                  "the file whose bytes bench-static serves from memory"),
    { NULL }
};

static void bench_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(bench_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(bench_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA bench_static_module = {
    STANDARD20_MODULE_STUFF,
    NULL,                   /* per-directory config */
    NULL,
    bench_create,           /* per-server config */
    bench_merge,
    bench_cmds,
    bench_hooks
#if AP_MODULE_MAGIC_AT_LEAST(20120211, 70)   /* module flags, 2.4.30 */
    , AP_MODULE_FLAG_NONE
#endif
};
