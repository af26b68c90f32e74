/*
 * The database's files as the file system sees them: site.db, its WAL
 * (-wal), its shared memory (-shm) and their folder must all be the web
 * server's user's to write.
 *
 * Why all four, and why db.c asks before it trusts a connection: SQLite
 * run as root on a database that root owns (a copy made as root, then
 * "sqlite3 site.db" to look at it) hands -wal and -shm to root as well.
 * A connection that opens them then gets read-only handles to them and
 * keeps those for as long as it lives, even after "naering-admin check
 * --fix" has given the files back; every save on it would fail with
 * "attempt to write a readonly database".  sqlite3_db_readonly() does not
 * see this (it looks at site.db only).
 *
 * The same happens without root: SQLite makes -wal and -shm with
 * site.db's permissions, so when the last connection has closed while
 * site.db was made read-only (maintenance), the next one makes them
 * read-only, and they stay so when the owner gives site.db its write bit
 * back.  naering_db_mend_modes gives them site.db's mode again.
 *
 * No Apache here: naering-admin and the unit tests link this file too.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include "store/internal.h"

/* The folder of a file path ("/a/b.db" -> "/a"). */
const char *naering_dir_of(apr_pool_t *p, const char *path)
{
    const char *slash = strrchr(path, '/');

    return !slash ? "." : slash == path ? "/"
                        : apr_pstrndup(p, path, slash - path);
}

const char *naering_db_unwritable(apr_pool_t *p, const char *path, int *err)
{
    /* -wal and -shm may be missing (no connection since the last close):
     * the first writer makes them, as this user. */
    const char *files[4];
    int i;

    files[0] = path;
    files[1] = apr_pstrcat(p, path, "-wal", NULL);
    files[2] = apr_pstrcat(p, path, "-shm", NULL);
    files[3] = naering_dir_of(p, path);
    for (i = 0; i < 4; i++)
        if (access(files[i], W_OK) != 0 && (errno != ENOENT || i == 0
                                            || i == 3)) {
            *err = errno;
            return files[i];
        }
    *err = 0;
    return NULL;
}

naering_err *naering_db_foreign(apr_pool_t *p, const char *file)
{
    struct stat st;

    if (stat(file, &st) != 0 || st.st_uid == geteuid())
        return NULL;
    return naering_err_cause(p, 500, EACCES, "%s belongs to uid %ld, not to "
                             "the web server's user (uid %ld)", file,
                             (long)st.st_uid, (long)geteuid());
}

void naering_db_mend_modes(apr_pool_t *p, const char *path)
{
    struct stat db, st;
    const char *file;
    int i;

    if (stat(path, &db) != 0 || db.st_uid != geteuid()
        || !(db.st_mode & S_IWUSR))
        return;
    for (i = 0; i < 2; i++) {
        file = apr_pstrcat(p, path, i ? "-shm" : "-wal", NULL);
        /* Only this process's own file, and only one it cannot write:
         * anything else is the owner's choice. */
        if (stat(file, &st) == 0 && st.st_uid == db.st_uid
            && !(st.st_mode & S_IWUSR))
            (void)chmod(file, db.st_mode & 0777);
    }
}
