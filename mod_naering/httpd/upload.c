/*
 * Reading an upload: the request body comes from ap_get_brigade in pieces,
 * goes through the streaming multipart parser, and each file part streams
 * into a temporary file (files.c) while its SHA-256 is computed.  Memory
 * stays flat for any size; the size limit (NaeringMaxUpload) is checked
 * while the bytes arrive, not after.  Nothing is committed here: the
 * caller checks the CSRF token first, then commits the files and their
 * rows.  Temporary files of a refused upload go with the request's pool.
 */
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_strings.h"
#include "httpd/server.h"

#define NAERING_SNIFF_BYTES 512
#define NAERING_FIELDS_MAX (64 * 1024)

typedef struct {
    request_rec *r;
    const char *dir;
    naering_upload *up;
    naering_upload_file *file;  /* the file part being read, or NULL */
    const char *field;          /* the text field being read, or NULL */
    naering_buf value;          /* its bytes so far: doubling, so a field
                                 * trickled a byte per read costs O(n) */
    apr_size_t fields_total;
} naering_upload_ctx;

static naering_err *naering_up_begin(void *data, const char *name,
                                     const char *filename, const char *ctype)
{
    naering_upload_ctx *c = data;
    apr_pool_t *p = c->r->pool;
    naering_upload_file *f;

    c->file = NULL;
    c->field = NULL;
    if (!filename) {
        c->field = apr_pstrdup(p, name);
        naering_buf_init(&c->value, p, 256);
        return NULL;
    }
    if (!*filename)
        return NULL;            /* a file input left empty */
    f = apr_array_push(c->up->files);
    memset(f, 0, sizeof(*f));
    f->field = apr_pstrdup(p, name);
    f->raw_name = apr_pstrdup(p, filename);
    f->head = apr_palloc(p, NAERING_SNIFF_BYTES);
    f->why = "type";
    c->file = f;
    return naering_files_begin(p, c->dir, &f->writer);
}

static naering_err *naering_up_data(void *data, const char *bytes,
                                    apr_size_t len)
{
    naering_upload_ctx *c = data;
    naering_upload_file *f = c->file;

    if (f) {
        apr_size_t room = NAERING_SNIFF_BYTES - f->head_len;
        apr_size_t take = len < room ? len : room;
        memcpy(f->head + f->head_len, bytes, take);
        f->head_len += take;
        return naering_files_write(f->writer, bytes, len);
    }
    if (!c->field)
        return NULL;
    c->fields_total += len;
    if (c->fields_total > NAERING_FIELDS_MAX)
        return naering_err_make(c->r->pool, 413, "form fields over %d bytes",
                                NAERING_FIELDS_MAX);
    naering_buf_add(&c->value, bytes, len);
    return NULL;
}

static naering_err *naering_up_end(void *data)
{
    naering_upload_ctx *c = data;

    if (c->field)
        apr_table_add(c->up->fields, c->field, naering_buf_str(&c->value));
    c->field = NULL;
    c->file = NULL;
    return NULL;
}

void naering_upload_discard(naering_upload *up)
{
    int i;

    for (i = 0; up && i < up->files->nelts; i++)
        naering_files_abort(APR_ARRAY_IDX(up->files, i,
                                          naering_upload_file).writer);
}

/* Feeds one brigade's data buckets; counts against max. */
static naering_err *naering_up_feed(request_rec *r, naering_mp *mp,
                                    apr_bucket_brigade *bb, apr_off_t max,
                                    apr_off_t *total, int *eos)
{
    apr_bucket *b;
    apr_status_t rv;
    naering_err *e = NULL;

    for (b = APR_BRIGADE_FIRST(bb); !e && b != APR_BRIGADE_SENTINEL(bb);
         b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t len;
        if (APR_BUCKET_IS_EOS(b)) {
            *eos = 1;
            break;
        }
        if ((rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ))
            != APR_SUCCESS)
            return naering_err_cause(r->pool, 400, rv, "upload: read failed");
        *total += (apr_off_t)len;
        if (*total > max)
            return naering_err_make(r->pool, 413, "upload over %"
                                    APR_OFF_T_FMT " bytes", max);
        e = naering_mp_feed(mp, data, len);
    }
    return e;
}

naering_err *naering_upload_read(request_rec *r, const char *dir,
                                 apr_off_t max, naering_upload **out)
{
    static const naering_mp_callbacks cb = { naering_up_begin,
                                             naering_up_data, naering_up_end };
    naering_upload_ctx c;
    apr_bucket_brigade *bb;
    naering_mp *mp;
    naering_err *e = NULL;
    apr_off_t total = 0;
    int eos = 0;

    memset(&c, 0, sizeof(c));
    c.r = r;
    c.dir = dir;
    c.up = apr_pcalloc(r->pool, sizeof(*c.up));
    c.up->fields = apr_table_make(r->pool, 8);
    c.up->files = apr_array_make(r->pool, 4, sizeof(naering_upload_file));
    if (r->remaining > max)
        return naering_err_make(r->pool, 413, "upload of %" APR_OFF_T_FMT
                                " bytes announced", r->remaining);
    if ((e = naering_mp_create(r->pool, apr_table_get(r->headers_in,
                               "Content-Type"), &cb, &c, &mp)))
        return e;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    while (!eos) {
        apr_status_t rv = ap_get_brigade(r->input_filters, bb,
                                         AP_MODE_READBYTES, APR_BLOCK_READ,
                                         65536);
        if (rv != APR_SUCCESS) {
            e = naering_err_cause(r->pool, 400, rv, "upload: the body "
                                  "stopped half-way");
            break;
        }
        e = naering_up_feed(r, mp, bb, max, &total, &eos);
        apr_brigade_cleanup(bb);
        if (e)
            break;
    }
    if (e || (e = naering_mp_finish(mp))) {
        naering_upload_discard(c.up);
        return e;
    }
    *out = c.up;
    return NULL;
}

/* After the CSRF check: each file's type from its bytes and name, then
 * its bytes into place.  The first refusal stops it all. */
naering_err *naering_upload_commit_as(apr_pool_t *p, naering_upload *up,
                                      naering_sniffer sniff,
                                      naering_upload_file **bad)
{
    naering_err *e;
    int i;

    for (i = 0; i < up->files->nelts; i++) {
        naering_upload_file *f = &APR_ARRAY_IDX(up->files, i,
                                                naering_upload_file);
        f->filename = naering_filename_clean(p, f->raw_name);
        f->mime = f->filename ? sniff(p, f->head, f->head_len, f->filename,
                                      &f->why) : NULL;
        if (!f->filename)
            f->why = "name";
        if (!f->mime) {
            naering_upload_discard(up);
            *bad = f;
            return naering_err_make(p, 415, "upload %s refused: %s",
                                    f->raw_name, f->why);
        }
    }
    for (i = 0; i < up->files->nelts; i++) {
        naering_upload_file *f = &APR_ARRAY_IDX(up->files, i,
                                                naering_upload_file);
        if ((e = naering_files_commit(f->writer, &f->sha256, &f->size)))
            return e;
    }
    return NULL;
}

naering_err *naering_upload_commit(apr_pool_t *p, naering_upload *up,
                                   naering_upload_file **bad)
{
    return naering_upload_commit_as(p, up, naering_sniff, bad);
}
