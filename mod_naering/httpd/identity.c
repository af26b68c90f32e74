/*
 * What a response is rendered with besides the database: the templates
 * (their files, view/render.c), the module itself and its directives.
 * Each template set's identity takes in the other two here, once per
 * start, so an ETag, a shared-cache entry and the ban at start change
 * exactly when one of them does: not at every restart (a restart with
 * nothing new keeps every ETag, and the caches in front), and the same on
 * every server that runs the same files and directives (a memcache or
 * redis shared by several servers, a load balancer's 304s).
 */
#include <dlfcn.h>
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "apr_strings.h"
#include "apr_md5.h"
#include "httpd/server.h"

typedef struct {
    apr_md5_ctx_t md5;
    apr_time_t newest;
    apr_pool_t *p;
} naering_salt;

static void naering_salt_add(naering_salt *s, const char *text)
{
    apr_md5_update(&s->md5, text, strlen(text) + 1);
}

/* A file's time into the newest; with hash, its size and time into the
 * identity too (the module's file: a new build or package renders anew). */
static void naering_salt_file(naering_salt *s, const char *file, int hash)
{
    apr_finfo_t fi;

    if (!file || apr_stat(&fi, file, APR_FINFO_SIZE | APR_FINFO_MTIME, s->p)
        != APR_SUCCESS)
        return;
    if (fi.mtime > s->newest)
        s->newest = fi.mtime;
    if (hash)
        naering_salt_add(s, apr_psprintf(s->p, "%" APR_OFF_T_FMT " %"
                                         APR_TIME_T_FMT, fi.size, fi.mtime));
}

/* Every Naering* directive with its arguments and those of the sections
 * around it (<Location "/x">), in the order of the configuration. */
static void naering_salt_directives(naering_salt *s, const ap_directive_t *d,
                                    const char *where)
{
    for (; d; d = d->next) {
        if (strncasecmp(d->directive, "Naering", 7) == 0) {
            naering_salt_add(s, apr_pstrcat(s->p, where, " ", d->directive,
                                            " ", d->args, NULL));
            naering_salt_file(s, d->filename, 0);
        }
        if (d->first_child)
            naering_salt_directives(s, d->first_child, apr_pstrcat(
                                    s->p, where, " ", d->directive, " ",
                                    d->args, NULL));
    }
}

void naering_templates_identify(apr_pool_t *ptemp)
{
    naering_salt s;
    unsigned char sum[APR_MD5_DIGESTSIZE];
    apr_int64_t salt;
    naering_templates *t;
    Dl_info info;

    s.p = ptemp;
    s.newest = 0;
    apr_md5_init(&s.md5);
    naering_salt_add(&s, NAERING_VERSION);
    if (dladdr((void *)naering_templates_identify, &info) && info.dli_fname)
        naering_salt_file(&s, info.dli_fname, 1);
    naering_salt_directives(&s, ap_conftree, "");
    apr_md5_final(sum, &s.md5);
    memcpy(&salt, sum, sizeof(salt));
    for (t = naering_templates_registry(); t; t = t->next) {
        t->identity ^= salt;
        if (s.newest > t->changed)
            t->changed = s.newest;
    }
}
