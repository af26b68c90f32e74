/*
 * mod_naering: the module record and its hooks, nothing else.
 *
 * pre_config   forget what the last configuration registered
 * post_config  libxml2 initialised once in the parent; every template set
 *              compiled once, shared read-only by all children and threads
 * child_init   per-site locks; SQLite connections open lazily after fork;
 *              the shared cache's mutex (httpd/shared.c)
 * handler      handler.c, the front door
 * log_trans.   httpd/purge.c, after an editor's write
 * (post_config also registers httpd/tick.c with mod_watchdog)
 * watchdog     httpd/warm.c (registered in post_config): WAL checkpoints
 */
#define NAERING_MODULE_RECORD
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_core.h"
#include "apr_strings.h"
#include <dlfcn.h>
#include <libxml/parser.h>
#include "mod_naering.h"

#ifndef NAERING_TEMPLATES_DIR
#define NAERING_TEMPLATES_DIR "/usr/local/share/mod_naering/xslt"
#endif

static int naering_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp)
{
    naering_registry_reset();
    naering_tick_reset();
    naering_set_default_templates(NULL);
    return naering_shared_pre_config(pconf);
}

static apr_status_t naering_templates_cleanup(void *data)
{
    naering_templates_free(data);
    return APR_SUCCESS;
}

/* httpd unloads the module, and with it libxslt, between its two
 * configuration passes and on every restart; libxslt's globals (its
 * extension registry and a mutex, made by the first stylesheet it parses)
 * would be orphaned each time (valgrind: "definitely lost").  The module
 * never calls xsltCleanupGlobals (another module may share the library;
 * see the process rules in mod_naering/README.md), so the library is
 * pinned instead: RTLD_NODELETE keeps it, and its globals, loaded for the
 * life of the process (libxml2 with it).  libical's zone table is the one
 * other such global; view/ics.c pins libical the same way
 * (naering_ics_init).  No other library needs it: no pool cleanup,
 * thread-exit destructor or atexit handler of the module's outlives the
 * module (mod_naering/README.md, "What lives where"). */
static void naering_pin_libxslt(void)
{
    Dl_info info;

    if (dladdr((void *)xsltParseStylesheetFile, &info) && info.dli_fname)
        (void)dlopen(info.dli_fname, RTLD_LAZY | RTLD_NODELETE);
}

/* The installed templates serve every site without NaeringTemplates; a
 * server whose sites all name their own need not have them. */
static void naering_register_default(apr_pool_t *pconf, apr_pool_t *ptemp)
{
    apr_finfo_t fi;
    const char *f = NAERING_TEMPLATES_DIR "/site.xsl";

    if (apr_stat(&fi, f, APR_FINFO_TYPE, ptemp) == APR_SUCCESS)
        naering_set_default_templates(
            naering_templates_register(pconf, NAERING_TEMPLATES_DIR));
}

static int naering_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    naering_templates *t;
    naering_err *e;
    int rc;

    xmlInitParser();
    naering_pin_libxslt();
    /* Once, when the server really starts (not in httpd's dry run). */
    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG)
        naering_log_server(s, APLOG_NOTICE, 0, "mod_naering %s (schema %d; "
                           "%s, %s)", NAERING_VERSION,
                           naering_store_schema_version(),
                           naering_store_versions(ptemp),
                           naering_view_versions(ptemp));
    naering_register_default(pconf, ptemp);
    for (t = naering_templates_registry(); t; t = t->next) {
        apr_pool_cleanup_register(pconf, t, naering_templates_cleanup,
                                  apr_pool_cleanup_null);
        if ((e = naering_templates_compile(ptemp, t))) {
            naering_log_server(s, APLOG_CRIT, 0, "%s",
                               naering_err_text(ptemp, e));
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    naering_templates_identify(ptemp);
    naering_ics_init();
    rc = naering_shared_post_config(pconf, ptemp, s);
    if (rc == OK)
        rc = naering_warm_post_config(pconf, s);
    return rc != OK ? rc : naering_tick_post_config(pconf, s);
}

static void naering_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_status_t rv = naering_sites_child_init(pchild);

    if (rv != APR_SUCCESS)
        naering_log_server(s, APLOG_CRIT, rv, "cannot create the site locks");
    naering_shared_child_init(pchild, s);
}

/* Before authentication, so that the 401 of an auth module in front of
 * the editor carries the site's security headers too. */
static int naering_header_parser(request_rec *r)
{
    const naering_dir_cfg *c = ap_get_module_config(r->per_dir_config,
                                                    &naering_module);

    if (c && c->site)
        naering_http_headers(r, 1);
    return DECLINED;
}

static void naering_register_hooks(apr_pool_t *p)
{
    ap_hook_header_parser(naering_header_parser, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_pre_config(naering_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(naering_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(naering_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(naering_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_log_transaction(naering_purge_transaction, NULL, NULL,
                            APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(naering) = {
    STANDARD20_MODULE_STUFF,
    naering_create_dir_config,
    naering_merge_dir_config,
    NULL,
    NULL,
    naering_cmds,
    naering_register_hooks,
#ifdef AP_MODULE_FLAG_NONE
    AP_MODULE_FLAG_NONE
#endif
};
