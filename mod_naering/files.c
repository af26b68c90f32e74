/*
 * Document bytes, content-addressed: <dir>/<first two hex>/<sha256>.
 *
 * A file is written to a temporary name in the same directory, fsynced and
 * renamed into place, so a reader never sees half a file and a crash leaves
 * at most a temporary file (cleaned up by "naering-admin check").  The same
 * bytes are stored once; a file is never changed after its rename, which
 * keeps backups (rsync, cp -n) simple and safe while the site runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <openssl/evp.h>
#include "naering.h"

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

static const char *naering_hex(apr_pool_t *p, const unsigned char *md,
                               unsigned n)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = apr_palloc(p, n * 2 + 1);
    unsigned i;

    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
    return hex;
}

/* Copies in to out while hashing; returns bytes copied or -1. */
static apr_off_t naering_copy_hash(int in, int out, EVP_MD_CTX *md)
{
    char buf[65536];
    apr_off_t total = 0;
    ssize_t n;

    while ((n = read(in, buf, sizeof(buf))) > 0) {
        if (write(out, buf, (size_t)n) != n || !EVP_DigestUpdate(md, buf, n))
            return -1;
        total += n;
    }
    return n < 0 ? -1 : total;
}

static naering_err *naering_files_commit(apr_pool_t *p, const char *dir,
                                         const char *tmp, const char *sha256)
{
    const char *sub = apr_psprintf(p, "%s/%.2s", dir, sha256);
    const char *dest = naering_files_path(p, dir, sha256);

    if (mkdir(sub, 0755) != 0 && errno != EEXIST)
        return naering_err_make(p, 503, "%s: cannot create: %s", sub,
                                strerror(errno));
    if (rename(tmp, dest) != 0)
        return naering_err_make(p, 503, "%s: cannot rename to %s: %s", tmp,
                                dest, strerror(errno));
    return NULL;
}

naering_err *naering_files_put(apr_pool_t *p, const char *dir,
                               const char *src, const char **sha256,
                               apr_off_t *size)
{
    char *tmp = apr_psprintf(p, "%s/.tmp-XXXXXX", dir);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    naering_err *e = NULL;
    int in = open(src, O_RDONLY), out = -1;

    if (in < 0)
        e = naering_err_make(p, 400, "%s: %s", src, strerror(errno));
    else if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        e = naering_err_make(p, 503, "%s: %s", dir, strerror(errno));
    else if ((out = mkstemp(tmp)) < 0)
        e = naering_err_make(p, 503, "%s: %s", tmp, strerror(errno));
    else if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)
             || (*size = naering_copy_hash(in, out, ctx)) < 0
             || !EVP_DigestFinal_ex(ctx, md, &mdlen) || fsync(out) != 0
             || fchmod(out, 0644) != 0)
        e = naering_err_make(p, 503, "%s: write failed: %s", tmp,
                             strerror(errno));
    if (out >= 0)
        close(out);
    if (in >= 0)
        close(in);
    EVP_MD_CTX_free(ctx);
    if (!e) {
        *sha256 = naering_hex(p, md, mdlen);
        e = naering_files_commit(p, dir, tmp, *sha256);
    }
    if (e && out >= 0)
        unlink(tmp);
    return e;
}
