/*
 * naering-admin's file work: copying the bytes a database names (each
 * copy re-hashed, so a damaged file is caught, not copied), and finding
 * files that are missing or that nothing names any more.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/stat.h>
#include <apr_file_info.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "admin/admin.h"

naering_err *naering_admin_copy_files(apr_pool_t *p, const char *from,
                                      const char *to,
                                      apr_array_header_t *shas)
{
    int i;

    for (i = 0; i < shas->nelts; i++) {
        const char *sha = APR_ARRAY_IDX(shas, i, const char *), *got;
        apr_off_t size;
        naering_err *e = naering_files_put(p, to, naering_files_path(p, from,
                                           sha), &got, &size);
        if (e)
            return e;
        if (strcmp(got, sha) != 0)
            return naering_err_make(p, 500, "%s: the bytes do not match "
                                    "their name (damaged file)",
                                    naering_files_path(p, from, sha));
    }
    return NULL;
}

/* Referenced files that are not there. */
void naering_admin_missing(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas,
                           apr_array_header_t *problems)
{
    int i;

    for (i = 0; i < shas->nelts; i++) {
        const char *path = naering_files_path(p, dir, APR_ARRAY_IDX(shas, i,
                                              const char *));
        if (access(path, R_OK) != 0)
            *(const char **)apr_array_push(problems) =
                apr_pstrcat(p, "missing file: ", path, NULL);
    }
}

static int naering_old_enough(apr_pool_t *p, const char *path)
{
    struct stat st;

    /* An upload renames its file into place just before its row commits:
     * only files untouched for an hour are orphans for sure. */
    return stat(path, &st) == 0 && st.st_mtime < time(NULL) - 3600;
}

/* Temporary and unreferenced files in one two-hex subdirectory (or the
 * top, for .tmp-*); removed when fix is set and they are old enough. */
static void naering_scan(apr_pool_t *p, const char *dir, apr_hash_t *known,
                         int fix, apr_array_header_t *orphans)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, dir, p) != APR_SUCCESS)
        return;
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        const char *path = apr_pstrcat(p, dir, "/", fi.name, NULL);
        if (fi.name[0] == '.' && strncmp(fi.name, ".tmp-", 5) != 0)
            continue;
        if (fi.filetype == APR_DIR && strlen(fi.name) == 2)
            naering_scan(p, path, known, fix, orphans);
        else if (fi.filetype == APR_DIR) {
            /* An image helper's scratch folder (.tmp-bilde-*) left by a
             * child that died mid-upload. */
            int gone = fix && naering_old_enough(p, path);
            if (gone)
                naering_files_remove_dir(p, path);
            *(const char **)apr_array_push(orphans) =
                apr_pstrcat(p, gone ? "removed orphan: " : "orphan: ", path,
                            "/", NULL);
        }
        else if (fi.filetype == APR_REG
                 && !apr_hash_get(known, fi.name, APR_HASH_KEY_STRING)) {
            int gone = fix && naering_old_enough(p, path)
                       && unlink(path) == 0;
            *(const char **)apr_array_push(orphans) =
                apr_pstrcat(p, gone ? "removed orphan: " : "orphan: ", path,
                            NULL);
        }
    }
    apr_dir_close(d);
}

void naering_admin_orphans(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas, int fix,
                           apr_array_header_t *orphans)
{
    apr_hash_t *known = apr_hash_make(p);
    int i;

    for (i = 0; i < shas->nelts; i++)
        apr_hash_set(known, APR_ARRAY_IDX(shas, i, const char *),
                     APR_HASH_KEY_STRING, "");
    naering_scan(p, dir, known, fix, orphans);
}

/* Every content-addressed file below from (an export's filer/). */
void naering_admin_list_files(apr_pool_t *p, const char *from,
                              apr_array_header_t *shas)
{
    apr_array_header_t *all = apr_array_make(p, 64, sizeof(char *));
    int i;

    naering_admin_orphans(p, from, apr_array_make(p, 1, sizeof(char *)), 0,
                          all);
    for (i = 0; i < all->nelts; i++) {
        const char *line = APR_ARRAY_IDX(all, i, const char *);
        const char *name = strrchr(line, '/');
        if (name && strlen(name + 1) == 64)
            *(const char **)apr_array_push(shas) = name + 1;
    }
}
