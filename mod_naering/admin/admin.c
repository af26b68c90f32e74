/*
 * naering-admin: the admin's command-line tool.  It links the module's own
 * store and file code, so what it writes is what the module reads.
 *
 *   naering-admin init   DB [--bare]              create (with the
 *                                                  accessibility statement
 *                                                  unless --bare) or migrate
 *   naering-admin sql    DB FILE                  run FILE in one transaction
 *   naering-admin attach DB PAGE FILE TITLE [NAME] attach a document
 *   naering-admin move   DB PAGE NEW-PARENT SLUG   move or rename a page
 *   naering-admin backup DB DEST                   online backup + files
 *   naering-admin restore BACKUP DB                the backup back, online
 *   naering-admin check  DB [--fix]                integrity, files, orphans
 *   naering-admin export DB DIR                    every row + files
 *   naering-admin import DIR DB                    into an empty site
 *   naering-admin place-image DB PAGE FILE ALT [CAPTION]
 *                                                  an image onto a page
 *                                                  (place.c)
 *   naering-admin links  DB [--external]           broken links (links.c)
 *   naering-admin documents DB                     PDFs that lack something
 *                                                  for assistive technology
 *   naering-admin a11y   DB                        pages' accessibility
 *                                                  warnings (a11y.c)
 *   naering-admin reindex DB                       documents' text read
 *                                                  again, search rebuilt
 *                                                  (texts.c)
 *   naering-admin tick   DB [--now SECONDS]        scheduled changes that
 *                                                  are due applied (time.c)
 *   naering-admin review DB [--now SECONDS]        overdue reviews, per
 *                                                  responsible editor
 *   naering-admin pdfcheck IN                      a PDF's accessibility
 *                                                  (pdfcheck.c)
 *   naering-admin extract IN MIME                  a document's text
 *                                                  (extract.c; the module
 *                                                  runs it per upload)
 *   naering-admin image  IN OUTDIR                 an image's variants
 *                                                  (image.c; the module
 *                                                  runs it per upload)
 *
 * Exit status: 0 done, 1 failed or problems found (on stderr), 2 usage
 * (a11y: 1 warnings found, 2 failed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "admin/admin.h"

static int naering_usage(void)
{
    fputs("usage: naering-admin init DB [--bare]\n"
          "       naering-admin sql DB FILE.sql\n"
          "       naering-admin attach DB PAGE-PATH FILE TITLE [FILE-NAME]\n"
          "       naering-admin move DB PAGE-PATH NEW-PARENT-PATH NEW-SLUG\n"
          "       naering-admin backup DB DEST.db\n"
          "       naering-admin restore BACKUP.db DB\n"
          "       naering-admin check DB [--fix]\n"
          "       naering-admin export DB DIR\n"
          "       naering-admin import DIR DB\n"
          "       naering-admin place-image DB PAGE-PATH FILE ALT [CAPTION]\n"
          "       naering-admin reindex DB\n"
          "       naering-admin documents DB\n"
          "       naering-admin links DB [--external]\n"
          "       naering-admin a11y DB\n"
          "       naering-admin tick DB [--now SECONDS]\n"
          "       naering-admin review DB [--now SECONDS]\n"
          "       naering-admin image IN OUTDIR\n"
          "       naering-admin extract IN MIME\n"
          "       naering-admin pdfcheck IN\n",
          stderr);
    return 2;
}

/* Who naering-admin works as, once it has given up root (owner.c). */
static const char *naering_as;

static int naering_report(apr_pool_t *p, naering_err *e)
{
    if (!e)
        return 0;
    fprintf(stderr, "naering-admin: %s\n", naering_err_text(p, e));
    if (naering_as)
        fprintf(stderr, "naering-admin: (it worked as %s: that user must be "
                "able to read and write the paths it is given)\n",
                naering_as);
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
static naering_err *naering_admin_type(apr_pool_t *p, int fd,
                                       const char *path, const char *name,
                                       const char **mime)
{
    unsigned char head[512];
    const char *why = "type";
    ssize_t n = pread(fd, head, sizeof(head), 0);

    *mime = naering_sniff(p, head, n > 0 ? (apr_size_t)n : 0, name, &why);
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

/* fd: the file argv[4], opened before naering-admin gave up root. */
static naering_err *naering_attach(apr_pool_t *p, naering_db *db,
                                   const char *database, int fd, int argc,
                                   const char *const *argv)
{
    const char *sha256, *mime, *state;
    const char *name = naering_filename_clean(p, argc > 6 ? argv[6]
                                                   : naering_basename(argv[4]));
    apr_off_t size;
    naering_err *e;

    if (!name)
        return naering_err_make(p, 400, "%s: not a usable file name", argv[4]);
    if ((e = naering_admin_type(p, fd, argv[4], name, &mime))
        || (e = naering_files_put_fd(p, naering_files_default_dir(p, database),
                                     fd, &sha256, &size))
        || (e = naering_admin_text(p, db, database, sha256, mime, &state)))
        return e;
    return naering_store_add_document(db, p, argv[3], argv[5], name, mime,
                                      sha256, size, "naering-admin");
}

/* Each command and the argument counts it takes. */
static int naering_args_ok(const char *cmd, int argc)
{
    static const struct { const char *name; int min, max; } cmds[] = {
        { "init", 3, 4 }, { "sql", 4, 4 }, { "attach", 6, 7 },
        { "move", 6, 6 }, { "backup", 4, 4 }, { "restore", 4, 4 },
        { "check", 3, 4 },
        { "export", 4, 4 }, { "import", 4, 4 }, { "place-image", 6, 7 },
        { "reindex", 3, 3 }, { "documents", 3, 3 }, { "links", 3, 4 },
        { "a11y", 3, 3 },
        { "tick", 3, 5 }, { "review", 3, 5 },
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

/* The backup's files first (each verified against its name), then its
 * rows over the site's: no restored row ever names a missing file.  Files
 * uploaded since the backup stay as orphans until "check --fix". */
static naering_err *naering_restore(apr_pool_t *p, naering_db *db,
                                    const char *backup, const char *database)
{
    apr_array_header_t *shas = apr_array_make(p, 64, sizeof(char *));
    naering_db *from;
    naering_err *e = naering_store_open_readonly(p, backup, &from);

    if (e)
        return e;
    if (!(e = naering_store_file_refs(from, p, shas))
        && !(e = naering_admin_copy_files(p,
                     naering_files_default_dir(p, backup),
                     naering_files_default_dir(p, database), shas)))
        e = naering_store_restore(db, p, from);
    naering_store_close(from);
    if (!e)
        printf("restore: %s from %s, with %d files\n", database, backup,
               shas->nelts);
    return e;
}

static int naering_print(const char *what, apr_array_header_t *lines)
{
    int i;

    for (i = 0; i < lines->nelts; i++)
        fprintf(stderr, "%s: %s\n", what, APR_ARRAY_IDX(lines, i, char *));
    return lines->nelts;
}

/* owners: what naering_admin_owners found (and, with fix, mended) before
 * naering-admin gave up root. */
static int naering_check(apr_pool_t *p, naering_db *db, const char *database,
                         int fix, apr_array_header_t *owners)
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
    for (i = 0; i < owners->nelts; i++) {
        const char *line = APR_ARRAY_IDX(owners, i, const char *);
        if (strncmp(line, "fixed: ", 7) == 0)
            printf("%s\n", line);
        else
            *(const char **)apr_array_push(problems) = line;
    }
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

/* A new database gets the seed (sql/seed.sql) unless --bare: a site
 * whose footer links lead somewhere.  One that exists is only migrated. */
static naering_err *naering_init(apr_pool_t *p, const char *database,
                                 int argc, const char *const *argv,
                                 naering_db **db)
{
    int fresh = access(database, F_OK) != 0;
    naering_err *e;

    if (argc == 4 && strcmp(argv[3], "--bare") != 0)
        return naering_err_make(p, 400, "init: unknown option %s", argv[3]);
    if ((e = naering_store_open(p, database, 1, db)))
        return e;
    if (fresh && argc == 3 && (e = naering_store_seed(*db, p))) {
        naering_store_close(*db);
        *db = NULL;
    }
    return e;
}

/* What a command reads from outside the site, opened while still root:
 * the script of "sql", the file of "attach". */
typedef struct {
    const char *text;
    int fd;
    apr_array_header_t *owners;     /* check: files not the owner's */
} naering_admin_input;

static naering_err *naering_admin_prepare(apr_pool_t *p, const char *cmd,
                                          int argc, const char *const *argv,
                                          naering_admin_input *in)
{
    int fix = argc == 4 && strcmp(argv[3], "--fix") == 0;

    in->fd = -1;
    in->text = NULL;
    in->owners = apr_array_make(p, 4, sizeof(const char *));
    if (strcmp(cmd, "sql") == 0)
        return naering_read_file(p, argv[3], &in->text);
    if ((!strcmp(cmd, "attach") || !strcmp(cmd, "place-image"))
        && (in->fd = open(argv[4], O_RDONLY)) < 0)
        return naering_err_cause(p, 400, errno, "%s", argv[4]);
    if (strcmp(cmd, "check") == 0)
        naering_admin_owners(p, argv[2], fix && geteuid() == 0, in->owners);
    return NULL;
}

static naering_err *naering_admin_do(apr_pool_t *p, const char *cmd,
                                     naering_db *db, int argc,
                                     const char *const *argv,
                                     const naering_admin_input *in)
{
    if (strcmp(cmd, "sql") == 0)
        return naering_store_exec_script(db, p, in->text);
    if (strcmp(cmd, "attach") == 0)
        return naering_attach(p, db, argv[2], in->fd, argc, argv);
    if (strcmp(cmd, "place-image") == 0)
        return naering_admin_place(p, db, argv[2], in->fd, argc, argv);
    if (strcmp(cmd, "reindex") == 0)
        return naering_admin_reindex(p, db, argv[2]);
    if (strcmp(cmd, "move") == 0)
        return naering_admin_move(p, db, argv);
    if (strcmp(cmd, "backup") == 0)
        return naering_backup(p, db, argv[2], argv[3]);
    if (strcmp(cmd, "restore") == 0)
        return naering_restore(p, db, argv[2], argv[3]);
    if (strcmp(cmd, "export") == 0)
        return naering_export(p, db, argv[2], argv[3]);
    return NULL;
}

/* Every command opens the site's database as the owner of its folder
 * (owner.c): what it reads from elsewhere is opened first, as root. */
static int naering_admin_run(apr_pool_t *p, int argc, const char *const *argv)
{
    const char *cmd = argv[1];
    int second = !strcmp(cmd, "import") || !strcmp(cmd, "restore");
    /* a11y's, review's and tick's 1 means something found, so their
     * failures are 2. */
    int fail = strcmp(cmd, "a11y") && strcmp(cmd, "review")
               && strcmp(cmd, "tick") ? 1 : 2;
    const char *site = argv[second ? 3 : 2];
    naering_admin_input in;
    naering_db *db;
    naering_err *e;
    apr_int64_t now;
    int rc;

    if (!naering_args_ok(cmd, argc)
        || ((!strcmp(cmd, "tick") || !strcmp(cmd, "review"))
            && !naering_admin_now(argc, argv, &now)))
        return naering_usage();
    if ((e = naering_admin_prepare(p, cmd, argc, argv, &in))
        || (e = naering_admin_become_owner(p, site, &naering_as)))
        return naering_report(p, e) * fail;
    if (strcmp(cmd, "import") == 0)
        return naering_report(p, naering_import(p, argv[2], argv[3]));
    if (strcmp(cmd, "init") == 0)
        e = naering_init(p, site, argc, argv, &db);
    else
        e = naering_store_open(p, site, strcmp(cmd, "restore") == 0, &db);
    if (e)
        return naering_report(p, e) * fail;
    if (strcmp(cmd, "a11y") == 0) {
        rc = naering_admin_a11y(p, db);
        naering_store_close(db);
        return rc;
    }
    if (strcmp(cmd, "documents") == 0 || strcmp(cmd, "links") == 0) {
        rc = strcmp(cmd, "links") ? naering_admin_documents(p, db)
             : naering_admin_links(p, db, argc == 4
                                   && !strcmp(argv[3], "--external"));
        naering_store_close(db);
        return rc;
    }
    if (strcmp(cmd, "tick") == 0 || strcmp(cmd, "review") == 0) {
        rc = strcmp(cmd, "tick") == 0 ? naering_admin_tick(p, db, now)
                                       : naering_admin_review(p, db, now);
        naering_store_close(db);
        return rc;
    }
    if (strcmp(cmd, "check") == 0) {
        rc = naering_check(p, db, site, argc == 4
                           && strcmp(argv[3], "--fix") == 0, in.owners);
        naering_store_close(db);
        return rc;
    }
    e = naering_admin_do(p, cmd, db, argc, argv, &in);
    naering_store_close(db);
    if (in.fd >= 0)
        close(in.fd);
    return naering_report(p, e);
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    int rc;

    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        apr_app_initialize(&argc, &argv, NULL);
        apr_pool_create(&p, NULL);
        printf("naering-admin %s (schema %d, %s)\n", NAERING_VERSION,
               naering_store_schema_version(), naering_store_versions(p));
        apr_pool_destroy(p);
        apr_terminate();
        return 0;
    }
    if (argc < 3)
        return naering_usage();
    /* Before anything else: the helper limits itself first. */
    if (strcmp(argv[1], "image") == 0)
        return argc == 4 ? naering_admin_image(argv[2], argv[3])
                         : naering_usage();
    if (strcmp(argv[1], "extract") == 0)
        return argc == 4 ? naering_admin_extract(argv[2], argv[3])
                         : naering_usage();
    if (strcmp(argv[1], "pdfcheck") == 0)
        return argc == 3 ? naering_admin_pdfcheck(argv[2]) : naering_usage();
    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&p, NULL);
    rc = naering_admin_run(p, argc, argv);
    apr_pool_destroy(p);
    apr_terminate();
    return rc;
}
