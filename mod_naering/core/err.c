/* Error values: made in a pool, logged once by whoever answers the request. */
#include <errno.h>
#include <stdarg.h>
#include <apr_strings.h>
#include "core/core.h"

static naering_err *naering_err_v(apr_pool_t *p, int status,
                                  apr_status_t cause, const char *fmt,
                                  va_list ap)
{
    naering_err *e = apr_palloc(p, sizeof(*e));

    e->msg = apr_pvsprintf(p, fmt, ap);
    e->status = status;
    e->cause = cause;
    return e;
}

naering_err *naering_err_make(apr_pool_t *p, int status, const char *fmt, ...)
{
    naering_err *e;
    va_list ap;

    va_start(ap, fmt);
    e = naering_err_v(p, status, APR_SUCCESS, fmt, ap);
    va_end(ap);
    return e;
}

naering_err *naering_err_cause(apr_pool_t *p, int status, apr_status_t cause,
                               const char *fmt, ...)
{
    naering_err *e;
    va_list ap;

    va_start(ap, fmt);
    e = naering_err_v(p, status, cause, fmt, ap);
    va_end(ap);
    return e;
}

/* "what: the system's words", and a hint an admin can act on at once when
 * the disk is full or a file is not the web server's. */
const char *naering_err_text(apr_pool_t *p, const naering_err *e)
{
    char buf[256];
    int full = e->cause == ENOSPC || e->cause == EDQUOT;
    int denied = e->status == 500 && (e->cause == EACCES
                                      || e->cause == EPERM);

    if (e->cause == APR_SUCCESS)
        return e->msg;
    return apr_pstrcat(p, e->msg, ": ", apr_strerror(e->cause, buf,
                                                     sizeof(buf)),
                       full ? " (disk full)" : "",
                       denied ? " (a configuration fault: the web server's "
                                "user must own the site's folder and all in "
                                "it; \"naering-admin check DB --fix\" as root "
                                "gives them back)" : "", NULL);
}
