/*
 * naering-admin: the admin's command-line tool.  It links the module's own
 * store and file code, so what it writes is what the module reads.
 *
 *   naering-admin init   DB                       create or migrate
 *   naering-admin sql    DB FILE                  run FILE in one transaction
 *   naering-admin attach DB PAGE FILE TITLE [NAME] attach a document
 *   naering-admin move   DB PAGE NEW-PARENT SLUG   move or rename a page
 *   naering-admin backup DB DEST                   online backup + files
 *   naering-admin check  DB [--fix]                integrity, files, orphans
 *   naering-admin export DB DIR                    every row + files
 *   naering-admin import DIR DB                    into an empty site
 *
 * Exit status: 0 done, 1 failed or problems found (on stderr), 2 usage.
 */
#include <stdio.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "admin/admin.h"

static int naering_usage(void)
{
    fputs("usage: naering-admin init DB\n"
          "       naering-admin sql DB FILE.sql\n"
          "       naering-admin attach DB PAGE-PATH FILE TITLE [FILE-NAME]\n"
          "       naering-admin move DB PAGE-PATH NEW-PARENT-PATH NEW-SLUG\n"
          "       naering-admin backup DB DEST.db\n"
          "       naering-admin check DB [--fix]\n"
          "       naering-admin export DB DIR\n"
          "       naering-admin import DIR DB\n",
          stderr);
    return 2;
}

static int naering_report(apr_pool_t *p, naering_err *e)
{
    if (!e)
        return 0;
    fprintf(stderr, "naering-admin: %s\n", naering_err_text(p, e));
    return 1;
}

static naering_err *naering_read_file(apr_pool_t *p, const char *path,
                                      const char **text)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t n;
    apr_status_t rv;
    char *buf;

    if ((rv = apr_file_open(&f, path, APR_READ, 0, p)) != APR_SUCCESS
        || (rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f)) != APR_SUCCESS)
        return naering_err_cause(p, 400, rv, "%s: cannot read", path);
    n = (apr_size_t)fi.size;
    buf = apr_palloc(p, n + 1);
    if ((rv = apr_file_read_full(f, buf, n, &n)) != APR_SUCCESS)
        return naering_err_cause(p, 400, rv, "%s: read failed", path);
    buf[n] = '\0';
    *text = buf;
    return NULL;
}

/* The type from the file's first bytes, checked against its name. */
static naering_err *naering_admin_type(apr_pool_t *p, const char *path,
                                       const char *name, const char **mime)
{
    unsigned char head[512];
    const char *why = "type";
    size_t n = 0;
    FILE *f = fopen(path, "rb");

    if (f) {
        n = fread(head, 1, sizeof(head), f);
        fclose(f);
    }
    *mime = naering_sniff(p, head, n, name, &why);
    if (!*mime)
        return naering_err_make(p, 415, "%s: refused (%s): the allowed types "
                                "are PDF, Office, OpenDocument, PNG, JPEG, "
                                "GIF, text, CSV and zip, and the name must "
                                "match the bytes", path, why);
    return NULL;
}

static const char *naering_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static naering_err *naering_attach(apr_pool_t *p, naering_db *db,
                                   const char *database, int argc,
                                   const char *const *argv)
{
    const char *sha256, *mime;
    const char *name = naering_filename_clean(p, argc > 6 ? argv[6]
                                                   : naering_basename(argv[4]));
    apr_off_t size;
    naering_err *e;

    if (!name)
        return naering_err_make(p, 400, "%s: not a usable file name", argv[4]);
    if ((e = naering_admin_type(p, argv[4], name, &mime))
        || (e = naering_files_put(p, naering_files_default_dir(p, database),
                                  argv[4], &sha256, &size)))
        return e;
    return naering_store_add_document(db, p, argv[3], argv[5], name, mime,
                                      sha256, size, "naering-admin");
}

/* Each command and the argument counts it takes. */
static int naering_args_ok(const char *cmd, int argc)
{
    static const struct { const char *name; int min, max; } cmds[] = {
        { "init", 3, 3 }, { "sql", 4, 4 }, { "attach", 6, 7 },
        { "move", 6, 6 }, { "backup", 4, 4 }, { "check", 3, 4 },
        { "export", 4, 4 }, { "import", 4, 4 },
    };
    size_t i;

    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(cmd, cmds[i].name) == 0)
            return argc >= cmds[i].min && argc <= cmds[i].max;
    return 0;
}

/* The backup's database first, then the files it names: every file a
 * backed-up row needs is there, because bytes are committed before rows
 * and a named file is never removed. */
static naering_err *naering_backup(apr_pool_t *p, naering_db *db,
                                   const char *database, const char *dest)
{
    apr_array_header_t *shas = apr_array_make(p, 64, sizeof(char *));
    naering_db *copy;
    naering_err *e = naering_store_backup(db, p, dest);

    if (e || (e = naering_store_open(p, dest, 0, &copy)))
        return e;
    e = naering_store_file_refs(copy, p, shas);
    naering_store_close(copy);
    if (!e)
        e = naering_admin_copy_files(p, naering_files_default_dir(p, database),
                                     naering_files_default_dir(p, dest), shas);
    if (!e)
        printf("backup: %s and %d files in %s\n", dest, shas->nelts,
               naering_files_default_dir(p, dest));
    return e;
}

static int naering_print(const char *what, apr_array_header_t *lines)
{
    int i;

    for (i = 0; i < lines->nelts; i++)
        fprintf(stderr, "%s: %s\n", what, APR_ARRAY_IDX(lines, i, char *));
    return lines->nelts;
}

static int naering_check(apr_pool_t *p, naering_db *db, const char *database,
                         int fix)
{
    apr_array_header_t *problems = apr_array_make(p, 8, sizeof(char *));
    apr_array_header_t *orphans = apr_array_make(p, 8, sizeof(char *));
    apr_array_header_t *shas = apr_array_make(p, 64, sizeof(char *));
    const char *dir = naering_files_default_dir(p, database);
    naering_err *e;
    int bad, loose = 0, i;

    if ((e = naering_store_check(db, p, problems))
        || (e = naering_store_file_refs(db, p, shas)))
        return naering_report(p, e);
    naering_admin_missing(p, dir, shas, problems);
    naering_admin_orphans(p, dir, shas, fix, orphans);
    bad = naering_print("problem", problems);
    for (i = 0; i < orphans->nelts; i++)
        loose += strncmp(APR_ARRAY_IDX(orphans, i, char *), "removed", 7) != 0;
    naering_print("files", orphans);
    printf("check: %d problems, %d files in use, %d orphans%s\n", bad,
           shas->nelts, orphans->nelts, fix ? " (old ones removed)" : "");
    return bad || loose ? 1 : 0;
}

static naering_err *naering_export(apr_pool_t *p, naering_db *db,
                                   const char *database, const char *dir)
{
    apr_array_header_t *shas = apr_array_make(p, 64, sizeof(char *));
    apr_status_t rv = apr_dir_make_recursive(dir, APR_FPROT_OS_DEFAULT, p);
    naering_err *e;

    if (rv != APR_SUCCESS)
        return naering_err_cause(p, 500, rv, "%s: cannot create", dir);
    if ((e = naering_store_export(db, p, apr_pstrcat(p, dir, "/site.xml",
                                                     NULL)))
        || (e = naering_store_file_refs(db, p, shas)))
        return e;
    return naering_admin_copy_files(p, naering_files_default_dir(p, database),
                                    apr_pstrcat(p, dir, "/filer", NULL), shas);
}

/* Files first (each verified against its name), then the rows. */
static naering_err *naering_import(apr_pool_t *p, const char *dir,
                                   const char *database)
{
    apr_array_header_t *shas = apr_array_make(p, 64, sizeof(char *));
    const char *filer = apr_pstrcat(p, dir, "/filer", NULL);
    naering_db *db;
    naering_err *e;

    naering_admin_list_files(p, filer, shas);
    if ((e = naering_admin_copy_files(p, filer, naering_files_default_dir(p,
                                      database), shas))
        || (e = naering_store_open(p, database, 0, &db)))
        return e;
    e = naering_store_import(db, p, apr_pstrcat(p, dir, "/site.xml", NULL));
    naering_store_close(db);
    if (!e)
        printf("import: %s with %d files\n", database, shas->nelts);
    return e;
}

static int naering_admin_run(apr_pool_t *p, int argc, const char *const *argv)
{
    const char *cmd = argv[1], *text = NULL;
    naering_db *db;
    naering_err *e;

    if (!naering_args_ok(cmd, argc))
        return naering_usage();
    if (strcmp(cmd, "import") == 0)
        return naering_report(p, naering_import(p, argv[2], argv[3]));
    if ((e = naering_store_open(p, argv[2], strcmp(cmd, "init") == 0, &db)))
        return naering_report(p, e);
    if (strcmp(cmd, "sql") == 0) {
        e = naering_read_file(p, argv[3], &text);
        if (!e)
            e = naering_store_exec_script(db, p, text);
    }
    else if (strcmp(cmd, "attach") == 0)
        e = naering_attach(p, db, argv[2], argc, argv);
    else if (strcmp(cmd, "move") == 0)
        e = naering_store_move(db, p, argv[3], argv[4], argv[5], NULL, &text);
    else if (strcmp(cmd, "backup") == 0)
        e = naering_backup(p, db, argv[2], argv[3]);
    else if (strcmp(cmd, "export") == 0)
        e = naering_export(p, db, argv[2], argv[3]);
    else if (strcmp(cmd, "check") == 0) {
        int rc = naering_check(p, db, argv[2], argc == 4
                               && strcmp(argv[3], "--fix") == 0);
        naering_store_close(db);
        return rc;
    }
    naering_store_close(db);
    return naering_report(p, e);
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    int rc;

    if (argc < 3)
        return naering_usage();
    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&p, NULL);
    rc = naering_admin_run(p, argc, argv);
    apr_pool_destroy(p);
    apr_terminate();
    return rc;
}
