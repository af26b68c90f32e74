/*
 * HTTP details shared by every response: security headers, sending a body
 * from memory or lent by the render cache, streaming a file with
 * validators.  Range requests are left
 * to httpd's byterange filter, which sees the file bucket and a length.
 */
#include <string.h>
#include "httpd.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "util_filter.h"
#include "httpd/server.h"

/* No inline script or style anywhere: the templates link their CSS. */
#define NAERING_CSP "default-src 'self'; script-src 'self'; " \
                    "style-src 'self'; img-src 'self'; object-src 'none'; " \
                    "base-uri 'self'; form-action 'self'; " \
                    "frame-ancestors 'self'"

/* err_headers_out: the headers stay on error responses too. */
void naering_http_headers(request_rec *r, int public_cache)
{
    apr_table_t *h = r->err_headers_out;

    apr_table_setn(h, "Content-Security-Policy", NAERING_CSP);
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "X-Frame-Options", "SAMEORIGIN");
    apr_table_setn(h, "Referrer-Policy", "strict-origin-when-cross-origin");
    apr_table_setn(h, "Cache-Control", public_cache
                   ? "public, max-age=0, must-revalidate"
                   : "private, no-store");
}

int naering_http_send(request_rec *r, const char *ctype, const char *body,
                      apr_size_t len)
{
    ap_set_content_type(r, ctype);
    ap_set_content_length(r, (apr_off_t)len);
    if (r->header_only)
        return OK;
    if (ap_rwrite(body, (int)len, r) < 0)
        return AP_FILTER_ERROR;
    return OK;
}

/* ---- a render cache hit as a bucket ------------------------------------
 *
 * The bucket points into the cache's entry and holds a reference to it
 * (core/cache.c), so a hit costs no copy of the body.  The shared-bucket
 * pattern of apr-util: the first member is the apr_bucket_refcount that
 * counts the buckets split or copied from this one, and the last of them
 * gives the cache's reference back.  Its lifetime is the buckets', not a
 * pool's: the event MPM may write the body after the request's pool is
 * gone, and set-aside needs no copy. */
typedef struct {
    apr_bucket_refcount count;
    naering_cache_held held;
} naering_cached_data;

static apr_status_t naering_cached_read(apr_bucket *b, const char **str,
                                        apr_size_t *len,
                                        apr_read_type_e block)
{
    naering_cached_data *d = b->data;

    *str = d->held.body + b->start;
    *len = b->length;
    return APR_SUCCESS;
}

static void naering_cached_destroy(void *data)
{
    naering_cached_data *d = data;

    if (apr_bucket_shared_destroy(d)) {
        naering_cache_unref(&d->held);
        apr_bucket_free(d);
    }
}

static const apr_bucket_type_t naering_cached_type = {
    "NAERING_CACHED", 5, APR_BUCKET_DATA,
    naering_cached_destroy, naering_cached_read,
    apr_bucket_setaside_noop, apr_bucket_shared_split,
    apr_bucket_shared_copy
};

/* The bucket takes over held's reference. */
static apr_bucket *naering_cached_bucket(const naering_cache_held *held,
                                         apr_bucket_alloc_t *list)
{
    naering_cached_data *d = apr_bucket_alloc(sizeof(*d), list);
    apr_bucket *b = apr_bucket_alloc(sizeof(*b), list);

    d->held = *held;
    APR_BUCKET_INIT(b);
    b->free = apr_bucket_free;
    b->list = list;
    b = apr_bucket_shared_make(b, d, 0, held->len);
    b->type = &naering_cached_type;
    return b;
}

int naering_http_send_held(request_rec *r, const naering_cache_held *held)
{
    apr_bucket_brigade *bb;

    /* The request keeps its type to the end, and the entry may be freed
     * sooner: once the bucket is written. */
    ap_set_content_type(r, apr_pstrdup(r->pool, held->ctype));
    ap_set_content_length(r, (apr_off_t)held->len);
    if (r->header_only) {
        naering_cache_unref(held);
        return OK;
    }
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, naering_cached_bucket(held,
                                                      bb->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
           ? OK : AP_FILTER_ERROR;
}

/* RFC 5987 ext-value: attr-chars stay, every other byte is %XX. */
static const char *naering_rfc5987(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || strchr("!#$&+-.^_`|~", c))
            *o++ = (char)c;
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* Inline for what a browser shows itself, a download for the rest; the
 * RFC 5987 form keeps æøå, the plain one is an ASCII fallback. */
static const char *naering_disposition(request_rec *r, const char *ctype,
                                       const char *filename)
{
    int inline_ok = strcmp(ctype, "application/pdf") == 0
                    || strncmp(ctype, "image/", 6) == 0;
    char *ascii = apr_pstrdup(r->pool, filename), *s;

    for (s = ascii; *s; s++)
        if ((unsigned char)*s >= 0x80 || *s == '"' || *s == '\\'
            || (unsigned char)*s < 0x20)
            *s = '_';
    return apr_psprintf(r->pool, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                        inline_ok ? "inline" : "attachment", ascii,
                        naering_rfc5987(r->pool, filename));
}

int naering_http_send_file(request_rec *r, const char *path,
                           const char *ctype, const char *filename)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_bucket_brigade *bb;
    int rc;

    core_dir_config *core = ap_get_core_module_config(r->per_dir_config);
    int flags = APR_READ | (core->enable_sendfile == ENABLE_SENDFILE_ON
                            ? APR_SENDFILE_ENABLED : 0);

    /* The admin's EnableSendfile holds here as for httpd's own files. */
    if (apr_file_open(&f, path, flags, 0, r->pool)
            != APR_SUCCESS
        || apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_MTIME
                             | APR_FINFO_INODE, f) != APR_SUCCESS)
        return HTTP_NOT_FOUND;
    r->finfo = fi;
    ap_set_content_type(r, ctype);
    ap_update_mtime(r, fi.mtime);
    ap_set_last_modified(r);
    ap_set_etag(r);
    ap_set_accept_ranges(r);
    if (filename)
        apr_table_setn(r->headers_out, "Content-Disposition",
                       naering_disposition(r, ctype, filename));
    if ((rc = ap_meets_conditions(r)) != OK)
        return rc;
    ap_set_content_length(r, fi.size);
    if (r->header_only)
        return OK;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_brigade_insert_file(bb, f, 0, fi.size, r->pool);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
           ? OK : AP_FILTER_ERROR;
}
