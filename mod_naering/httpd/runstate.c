/*
 * What the watchdog has told the caches in front, kept in files of a
 * folder in the runtime directory, so that the next watchdog child goes
 * on where the one before stopped.  mod_watchdog moves its singleton to
 * another child whenever the child running it exits (MaxConnections-
 * PerChild, a crash, scaling down): without these files each move would
 * ban every site again, or purge the last write again.
 *
 *   banned           the identity of what renders (identity.c) whose
 *                    pages were banned from the caches in front: once per
 *                    change of templates, module or directives
 *   purged-<md5>     per site (the MD5 of its database path): "<identity>
 *                    <generation>", the generation up to which the site's
 *                    writes have been purged and warmed
 *
 * The folder is made by the parent at post_config and given to the
 * User the children run as: Debian's runtime directory belongs to root.
 * A file is written to a temporary name and renamed, so a reader never
 * sees half of one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_strings.h"
#include "apr_file_io.h"
#include "util_md5.h"
#include "unixd.h"
#include "httpd/server.h"

#define NAERING_RUN_DIR "naering"

/* Every template set's identity in one (identity.c): it changes when what
 * renders does, and only then. */
apr_int64_t naering_templates_stamp(void)
{
    const naering_templates *t;
    apr_int64_t stamp = 0;

    for (t = naering_templates_registry(); t; t = t->next)
        stamp ^= t->identity;
    return stamp;
}

static const char *naering_run_file(apr_pool_t *p, const char *name)
{
    return ap_runtime_dir_relative(p, apr_pstrcat(p, NAERING_RUN_DIR, "/",
                                                  name, NULL));
}

int naering_runstate_post_config(apr_pool_t *pconf, server_rec *s)
{
    const char *dir = ap_runtime_dir_relative(pconf, NAERING_RUN_DIR);

    if (!dir || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
        naering_log_server(s, APLOG_WARNING, errno, "%s: cannot make the "
                           "folder: the caches in front may be banned "
                           "again whenever the watchdog moves", dir);
        return OK;
    }
    /* Started as root: the children (and so the watchdog) run as User. */
    if (geteuid() == 0
        && chown(dir, ap_unixd_config.user_id, ap_unixd_config.group_id))
        naering_log_server(s, APLOG_WARNING, errno, "%s: cannot give the "
                           "folder to User", dir);
    return OK;
}

/* The file's first line, at most 63 bytes, or "" when there is none. */
static const char *naering_run_read(apr_pool_t *p, const char *name)
{
    char *buf = apr_pcalloc(p, 64);
    apr_size_t n = 63;
    apr_file_t *f;

    if (apr_file_open(&f, naering_run_file(p, name), APR_FOPEN_READ, 0, p)
        != APR_SUCCESS)
        return "";
    (void)apr_file_read(f, buf, &n);
    apr_file_close(f);
    return buf;
}

static void naering_run_write(apr_pool_t *p, const char *name,
                              const char *text)
{
    const char *file = naering_run_file(p, name);
    const char *tmp = apr_pstrcat(p, file, ".new", NULL);
    apr_file_t *f;
    apr_status_t rv;

    rv = apr_file_open(&f, tmp, APR_FOPEN_WRITE | APR_FOPEN_CREATE
                       | APR_FOPEN_TRUNCATE, APR_FPROT_OS_DEFAULT, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_write_full(f, text, strlen(text), NULL);
        apr_file_close(f);
    }
    if (rv == APR_SUCCESS)
        rv = apr_file_rename(tmp, file, p);
    if (rv != APR_SUCCESS)
        naering_log_server(NULL, APLOG_DEBUG, rv, "%s: not written", file);
}

int naering_banned_now(apr_pool_t *p)
{
    return strcmp(naering_run_read(p, "banned"), apr_psprintf(p,
                  "%" APR_INT64_T_FMT, naering_templates_stamp())) == 0;
}

void naering_banned_save(apr_pool_t *p)
{
    naering_run_write(p, "banned", apr_psprintf(p, "%" APR_INT64_T_FMT,
                      naering_templates_stamp()));
}

static const char *naering_purged_name(apr_pool_t *p, const naering_site *s)
{
    return apr_pstrcat(p, "purged-", ap_md5(p, (const unsigned char *)
                                            s->database), NULL);
}

sqlite3_int64 naering_purged_load(apr_pool_t *p, const naering_site *s)
{
    long long stamp, gen;

    if (sscanf(naering_run_read(p, naering_purged_name(p, s)),
               "%lld %lld", &stamp, &gen) != 2
        || stamp != naering_templates_stamp() || gen < 0)
        return -1;
    return (sqlite3_int64)gen;
}

void naering_purged_save(apr_pool_t *p, const naering_site *s,
                         sqlite3_int64 gen)
{
    naering_run_write(p, naering_purged_name(p, s), apr_psprintf(p,
                      "%" APR_INT64_T_FMT " %" APR_INT64_T_FMT "\n",
                      naering_templates_stamp(), (apr_int64_t)gen));
}
