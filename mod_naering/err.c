/* Error values: made in a pool, logged once by whoever answers the request. */
#include <stdarg.h>
#include <apr_strings.h>
#include "naering.h"

naering_err *naering_err_make(apr_pool_t *p, int status, const char *fmt, ...)
{
    naering_err *e = apr_palloc(p, sizeof(*e));
    va_list ap;

    va_start(ap, fmt);
    e->msg = apr_pvsprintf(p, fmt, ap);
    va_end(ap);
    e->status = status;
    return e;
}
