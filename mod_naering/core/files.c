/*
 * Document bytes, content-addressed: <dir>/<first two hex>/<sha256>.
 *
 * A file is streamed to a temporary name in the same directory while its
 * SHA-256 is computed, fsynced and renamed into place; only then does the
 * database row that names it commit.  So a reader never sees half a file,
 * a crash leaves at most a temporary file or an unreferenced one (both
 * cleaned by "naering-admin check --fix"), and never a row without bytes.
 * The same bytes are stored once and never change after the rename, which
 * keeps backups simple while the site runs.  No Apache here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include <openssl/evp.h>
#include "core/core.h"

struct naering_file_writer {
    apr_pool_t *p;
    const char *dir;
    char *tmp;
    int fd;
    EVP_MD_CTX *md;
    apr_off_t size;
    int committed;
};

const char *naering_files_path(apr_pool_t *p, const char *dir,
                               const char *sha256)
{
    return apr_psprintf(p, "%s/%.2s/%s", dir, sha256, sha256);
}

/* "/var/lib/naering/site.db" -> "/var/lib/naering/site.db-filer" */
const char *naering_files_default_dir(apr_pool_t *p, const char *database)
{
    return apr_pstrcat(p, database, "-filer", NULL);
}

/* A full disk may clear up (503); a folder the web server may not write
 * is a configuration fault that waiting does not cure (500, and the log
 * line says how to fix it: naering_err_text). */
static naering_err *naering_io_err(apr_pool_t *p, const char *what,
                                   const char *path)
{
    int denied = errno == EACCES || errno == EPERM || errno == EROFS;

    return naering_err_cause(p, denied ? 500 : 503, errno, "%s %s", what,
                             path);
}

static apr_status_t naering_writer_cleanup(void *data)
{
    naering_file_writer *w = data;

    if (w->fd >= 0)
        close(w->fd);
    if (!w->committed)
        unlink(w->tmp);
    EVP_MD_CTX_free(w->md);
    w->fd = -1;
    w->md = NULL;
    return APR_SUCCESS;
}

void naering_files_abort(naering_file_writer *w)
{
    if (w)
        apr_pool_cleanup_run(w->p, w, naering_writer_cleanup);
}

naering_err *naering_files_begin(apr_pool_t *p, const char *dir,
                                 naering_file_writer **out)
{
    naering_file_writer *w = apr_pcalloc(p, sizeof(*w));

    w->p = p;
    w->dir = dir;
    w->fd = -1;
    w->tmp = apr_psprintf(p, "%s/.tmp-XXXXXX", dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return naering_io_err(p, "cannot create", dir);
    if ((w->fd = mkstemp(w->tmp)) < 0)
        return naering_io_err(p, "cannot create", w->tmp);
    w->md = EVP_MD_CTX_new();
    apr_pool_cleanup_register(p, w, naering_writer_cleanup,
                              apr_pool_cleanup_null);
    if (!w->md || !EVP_DigestInit_ex(w->md, EVP_sha256(), NULL))
        return naering_err_make(p, 503, "no SHA-256 context");
    *out = w;
    return NULL;
}

naering_err *naering_files_write(naering_file_writer *w, const char *data,
                                 apr_size_t len)
{
    apr_size_t done = 0;

    if (!EVP_DigestUpdate(w->md, data, len))
        return naering_err_make(w->p, 503, "SHA-256 failed");
    while (done < len) {
        ssize_t n = write(w->fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return naering_io_err(w->p, "cannot write", w->tmp);
        done += (apr_size_t)n;
    }
    w->size += (apr_off_t)len;
    return NULL;
}

naering_err *naering_files_commit(naering_file_writer *w, const char **sha256,
                                  apr_off_t *size)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    const char *sub, *dest;

    if (fsync(w->fd) != 0 || fchmod(w->fd, 0644) != 0)
        return naering_io_err(w->p, "cannot sync", w->tmp);
    if (!EVP_DigestFinal_ex(w->md, md, &mdlen))
        return naering_err_make(w->p, 503, "SHA-256 failed");
    *sha256 = naering_hex(w->p, md, mdlen);
    *size = w->size;
    sub = apr_psprintf(w->p, "%s/%.2s", w->dir, *sha256);
    dest = naering_files_path(w->p, w->dir, *sha256);
    if (mkdir(sub, 0755) != 0 && errno != EEXIST)
        return naering_io_err(w->p, "cannot create", sub);
    if (rename(w->tmp, dest) != 0)
        return naering_io_err(w->p, "cannot rename into", dest);
    w->committed = 1;
    return NULL;
}

naering_err *naering_files_put_fd(apr_pool_t *p, const char *dir, int in,
                                  const char **sha256, apr_off_t *size)
{
    naering_file_writer *w;
    naering_err *e = naering_files_begin(p, dir, &w);
    char buf[65536];
    ssize_t n = 0;

    if (!e && lseek(in, 0, SEEK_SET) < 0)
        e = naering_io_err(p, "cannot read", dir);
    while (!e && (n = read(in, buf, sizeof(buf))) > 0)
        e = naering_files_write(w, buf, (apr_size_t)n);
    if (!e && n < 0)
        e = naering_io_err(p, "cannot read the file for", dir);
    return e ? e : naering_files_commit(w, sha256, size);
}

naering_err *naering_files_put(apr_pool_t *p, const char *dir,
                               const char *src, const char **sha256,
                               apr_off_t *size)
{
    naering_err *e;
    int in = open(src, O_RDONLY);

    if (in < 0)
        return naering_err_cause(p, 400, errno, "%s", src);
    e = naering_files_put_fd(p, dir, in, sha256, size);
    close(in);
    return e;
}

void naering_files_remove_dir(apr_pool_t *p, const char *dir)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, dir, p) == APR_SUCCESS) {
        while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
               == APR_SUCCESS)
            if (fi.filetype == APR_REG)
                apr_file_remove(apr_pstrcat(p, dir, "/", fi.name, NULL), p);
        apr_dir_close(d);
    }
    apr_dir_remove(dir, p);
}
