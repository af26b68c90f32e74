/*
 * naering-admin and the files' owner.  The site's folder belongs to the
 * web server's user (www-data), and everything in it must too: SQLite
 * needs to write the database, its WAL and its shared memory, and uploads
 * go into folders below <database>-filer/.  naering-admin run as root
 * would leave root's files there (after an import every upload failed;
 * after an attach one in 256, whenever a hash fell in a root-owned
 * folder).  So it does its work as the folder's owner, after opening as
 * root what it reads from elsewhere, and "check" finds what the owner
 * does not own; "check --fix", as root, gives it back.
 *
 * Writing as root in a folder another user controls is also how a
 * planted symbolic link turns into a write somewhere else: another reason
 * to drop root before touching the site.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_file_info.h>
#include <apr_strings.h>
#include "admin/admin.h"

/* The folder of a file path ("/a/b.db" -> "/a"). */
static const char *naering_folder(apr_pool_t *p, const char *path)
{
    const char *slash = strrchr(path, '/');

    return !slash ? "." : slash == path ? "/"
                        : apr_pstrndup(p, path, slash - path);
}

static const char *naering_user(apr_pool_t *p, uid_t uid)
{
    struct passwd *pw = getpwuid(uid);

    return pw ? apr_pstrdup(p, pw->pw_name)
              : apr_psprintf(p, "uid %ld", (long)uid);
}

naering_err *naering_admin_become_owner(apr_pool_t *p, const char *database,
                                       const char **as)
{
    struct stat st;
    struct passwd *pw;

    *as = NULL;
    if (geteuid() != 0 || stat(naering_folder(p, database), &st) != 0
        || st.st_uid == 0)
        return NULL;    /* not root, no folder yet, or root's own folder */
    pw = getpwuid(st.st_uid);
    if ((pw ? initgroups(pw->pw_name, st.st_gid) : setgroups(0, NULL)) != 0
        || setgid(st.st_gid) != 0 || setuid(st.st_uid) != 0)
        return naering_err_cause(p, 500, errno, "cannot work as %s, the owner "
                                 "of %s", naering_user(p, st.st_uid),
                                 naering_folder(p, database));
    *as = apr_psprintf(p, "%s, the owner of %s", naering_user(p, st.st_uid),
                       naering_folder(p, database));
    return NULL;
}

/* Checks one path against the owner; with fix, gives it back. */
static void naering_own(apr_pool_t *p, const char *path, const struct stat *top,
                        int fix, apr_array_header_t *lines)
{
    struct stat st;

    if (lstat(path, &st) != 0 || st.st_uid == top->st_uid)
        return;
    if (fix && lchown(path, top->st_uid, top->st_gid) == 0) {
        *(const char **)apr_array_push(lines) = apr_psprintf(p,
            "fixed: %s now belongs to %s", path, naering_user(p, top->st_uid));
        return;
    }
    *(const char **)apr_array_push(lines) = apr_psprintf(p,
        "%s belongs to %s, not %s: the web server cannot write it "
        "(naering-admin check DB --fix, as root, gives it back)", path,
        naering_user(p, st.st_uid), naering_user(p, top->st_uid));
}

static void naering_own_tree(apr_pool_t *p, const char *dir,
                             const struct stat *top, int fix,
                             apr_array_header_t *lines)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    naering_own(p, dir, top, fix, lines);
    if (apr_dir_open(&d, dir, p) != APR_SUCCESS)
        return;
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        const char *path;
        if (!strcmp(fi.name, ".") || !strcmp(fi.name, ".."))
            continue;
        path = apr_pstrcat(p, dir, "/", fi.name, NULL);
        if (fi.filetype == APR_DIR)
            naering_own_tree(p, path, top, fix, lines);
        else
            naering_own(p, path, top, fix, lines);
    }
    apr_dir_close(d);
}

void naering_admin_owners(apr_pool_t *p, const char *database, int fix,
                          apr_array_header_t *lines)
{
    static const char *const beside[] = { "", "-wal", "-shm", "-journal" };
    struct stat top;
    size_t i;

    if (stat(naering_folder(p, database), &top) != 0)
        return;
    for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++)
        naering_own(p, apr_pstrcat(p, database, beside[i], NULL), &top, fix,
                    lines);
    naering_own_tree(p, naering_files_default_dir(p, database), &top, fix,
                     lines);
}
