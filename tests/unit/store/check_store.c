/* The store against real SQLite files in a fresh temporary directory. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <apr_strings.h>
#include "tests.h"

/* search_data rows (segments' pages, the structure, the averages) of a
 * small site's index that merges as it is written: 6 here; 17 with
 * FTS5's merging off and none of the store's. */
#define SEARCH_ROWS_MOST 10
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223" \
                   "b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb924" \
                     "27ae41e4649b934ca495991b7852b855"

/* Fails the test with the error's message when e is set. */
#define ck_assert_ok(e) do {                                            \
        naering_err *e_ = (e);                                          \
        ck_assert_msg(e_ == NULL, "%s", e_ ? e_->msg : "");             \
    } while (0)

/* ---- temporary directory and database ---------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    return remove(path);
}

static apr_status_t rm_tree(void *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return APR_SUCCESS;
}

/* Every test's directory lives under one made by the runner, which removes
 * it at exit: a failing test in a forked child exits without cleanups. */
static char base[] = "/tmp/naering-store-XXXXXX";
static pid_t base_owner;

static void rm_base(void)
{
    if (getpid() == base_owner)
        rm_tree(base);
}

/* A fresh directory, removed with everything in it when the test ends. */
static const char *tmpdir(void)
{
    char *dir = apr_pstrcat(tp, base, "/test-XXXXXX", NULL);

    ck_assert_ptr_nonnull(mkdtemp(dir));
    apr_pool_cleanup_register(tp, dir, rm_tree, apr_pool_cleanup_null);
    return dir;
}

static apr_status_t close_db(void *db)
{
    naering_store_close(db);
    return APR_SUCCESS;
}

static naering_db *open_at(const char *path)
{
    naering_db *db = NULL;

    ck_assert_ok(naering_store_open(tp, path, 1, &db));
    ck_assert_ptr_nonnull(db);
    apr_pool_cleanup_register(tp, db, close_db, apr_pool_cleanup_null);
    return db;
}

/* An open that must fail: returns the error, checks *out is NULL. */
static naering_err *open_fails(const char *path)
{
    naering_db *db = (naering_db *)&db;    /* anything but NULL */
    naering_err *e = naering_store_open(tp, path, 1, &db);

    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_null(db);
    return e;
}

static naering_db *open_fresh(void)
{
    return open_at(apr_pstrcat(tp, tmpdir(), "/site.db", NULL));
}

static void write_file(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---- reading the database directly ------------------------------------- */

static sqlite3_int64 scalar(naering_db *db, const char *sql)
{
    sqlite3_stmt *st;
    sqlite3_int64 v;

    ck_assert_int_eq(sqlite3_prepare_v2(naering_store_handle(db), sql, -1,
                                        &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *text(naering_db *db, const char *sql)
{
    sqlite3_stmt *st;
    const char *v;

    ck_assert_int_eq(sqlite3_prepare_v2(naering_store_handle(db), sql, -1,
                                        &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    v = apr_pstrdup(tp, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static sqlite3_int64 generation(naering_db *db)
{
    return scalar(db, "SELECT value FROM setting WHERE key = 'generation'");
}

/* ---- content ----------------------------------------------------------- */

/* One page with its first revision (id 100 + page id). */
static const char *page_sql(int id, int parent, const char *path,
                            int position, const char *status,
                            const char *title)
{
    const char *slug = strrchr(path, '/') + 1;

    return apr_psprintf(tp,
        "INSERT INTO page (id, parent_id, slug, path, position, status,"
        "                  created_at)"
        " VALUES (%d, %d, '%s', '%s', %d, '%s', 1429176600);"
        "INSERT INTO revision (id, page_id, created_at, author, title,"
        "                      summary, body, contact_name, contact_email)"
        " VALUES (%d, %d, 1429176600, 'redaktor', '%s', 'Om %s',"
        "         '<p>%s</p>', 'Kari Nordmann', 'kari@example.no');"
        "UPDATE page SET revision_id = %d WHERE id = %d;",
        id, parent, slug, path, position, status,
        100 + id, id, title, title, title, 100 + id, id);
}

/* Positions order the top level differently from ids and from titles.
 *
 * /                              1  Forside (migration)
 *   /aktuelt                    10  position 1
 *   /om                          2  position 2
 *     /om/styret                 4
 *       /om/styret/medlemmer     5
 *     /om/kladd                  9  draft
 *   /naeringsnettverket          3  position 3
 *     /naeringsnettverket/moter  8
 *   /kladd                       6  position 4, draft
 *   /slettet                     7  position 0, deleted */
static void seed(naering_db *db)
{
    ck_assert_ok(naering_store_exec_script(db, tp, apr_pstrcat(tp,
        page_sql(2, 1, "/om", 2, "published", "Om oss"),
        page_sql(3, 1, "/naeringsnettverket", 3, "published",
                 "Næringsnettverket"),
        page_sql(4, 2, "/om/styret", 1, "published", "Styret"),
        page_sql(5, 4, "/om/styret/medlemmer", 1, "published", "Medlemmer"),
        page_sql(6, 1, "/kladd", 4, "draft", "Kladd"),
        page_sql(7, 1, "/slettet", 0, "published", "Slettet"),
        page_sql(8, 3, "/naeringsnettverket/moter", 1, "published", "Møter"),
        page_sql(9, 2, "/om/kladd", 2, "draft", "Kladd under om"),
        page_sql(10, 1, "/aktuelt", 1, "published", "Aktuelt"),
        "UPDATE page SET deleted_at = 1429176700 WHERE id = 7;", NULL)));
}

static const char *paths(const apr_array_header_t *items)
{
    const char *s = "";
    int i;

    for (i = 0; i < items->nelts; i++)
        s = apr_pstrcat(tp, s, i ? " " : "",
                        APR_ARRAY_IDX(items, i, naering_menu_item).path,
                        NULL);
    return s;
}

/* ---- open and migrate -------------------------------------------------- */

START_TEST(open_creates_and_migrates)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/site.db", NULL);
    naering_db *db = open_at(path);

    ck_assert_int_eq(access(path, F_OK), 0);
    ck_assert_int_gt(naering_store_schema_version(), 0);
    ck_assert_int_eq(scalar(db, "PRAGMA user_version"),
                     naering_store_schema_version());
    ck_assert_str_eq(text(db, "PRAGMA journal_mode"), "wal");
    /* Making the site id is no write a page shows: no new generation,
     * no dependency key (a fresh site's first start emptied every cache
     * in front again). */
    ck_assert_int_eq(generation(db), 1);
    ck_assert_int_eq(scalar(db, "SELECT max(gen) FROM dep"), 1);
    ck_assert_ptr_nonnull(naering_store_site_id(db, tp));
}
END_TEST

/* Each site has its own random id, kept: servers sharing a memcache or
 * redis never mix two sites' pages, whatever their database paths. */
START_TEST(each_site_has_its_own_id)
{
    naering_db *one = open_fresh(), *two = open_fresh();
    const char *a = naering_store_site_id(one, tp);

    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(strlen(a), 32);
    ck_assert_str_ne(a, naering_store_site_id(two, tp));
    ck_assert_str_eq(a, naering_store_site_id(one, tp));
    /* Made in a write of its own: no key ahead of the generation. */
    ck_assert_int_eq(scalar(one, "SELECT max(gen) FROM dep"),
                     generation(one));
}
END_TEST

START_TEST(second_open_sees_same_data)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/site.db", NULL);
    naering_db *one = open_at(path), *two;
    naering_page pg;
    int found;

    seed(one);
    two = open_at(path);
    ck_assert_int_eq(scalar(two, "PRAGMA user_version"),
                     naering_store_schema_version());
    ck_assert_ok(naering_store_page(two, tp, "/om", &pg, &found));
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(pg.title, "Om oss");
}
END_TEST

START_TEST(front_page_exists)
{
    naering_db *db = open_fresh();
    naering_page pg;
    int found = 0;

    ck_assert_ok(naering_store_page(db, tp, "/", &pg, &found));
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(pg.path, "/");
    ck_assert_str_eq(pg.title, "Forside");
    ck_assert_int_eq(pg.parent_id, 0);
    ck_assert_int_eq(pg.draft, 0);
}
END_TEST

START_TEST(open_rejects_non_database)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/site.db", NULL);
    char junk[8192];
    naering_err *e;

    memset(junk, 'x', sizeof(junk));
    memcpy(junk, "Dette er ikke en database.", 26);
    write_file(path, junk, sizeof(junk));
    e = open_fails(path);
    ck_assert_int_eq(e->status, 500);
    ck_assert_msg(strstr(e->msg, "not a SQLite database") != NULL, "%s",
                  e->msg);
}
END_TEST

START_TEST(open_rejects_newer_schema)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/site.db", NULL);
    sqlite3 *h;
    naering_err *e;

    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version = 999", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(h);
    e = open_fails(path);
    ck_assert_int_eq(e->status, 503);
    ck_assert_msg(strstr(e->msg, "newer") != NULL, "%s", e->msg);
}
END_TEST

START_TEST(open_in_missing_directory)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/finnes-ikke/site.db",
                                   NULL);

    ck_assert_int_eq(open_fails(path)->status, 503);
}
END_TEST

/* ---- pages ------------------------------------------------------------- */

START_TEST(page_by_path)
{
    naering_db *db = open_fresh();
    naering_page pg;
    int found = 0;

    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/om/styret", &pg, &found));
    ck_assert_int_eq(found, 1);
    ck_assert_int_eq(pg.id, 4);
    ck_assert_int_eq(pg.parent_id, 2);
    ck_assert_int_eq(pg.revision, 104);
    ck_assert_str_eq(pg.path, "/om/styret");
    ck_assert_str_eq(pg.title, "Styret");
    ck_assert_str_eq(pg.summary, "Om Styret");
    ck_assert_str_eq(pg.body, "<p>Styret</p>");
    ck_assert_str_eq(pg.contact_name, "Kari Nordmann");
    ck_assert_str_eq(pg.contact_email, "kari@example.no");
    ck_assert_str_eq(pg.contact_phone, "");
    ck_assert_str_eq(pg.author, "redaktor");
    ck_assert(pg.updated == apr_time_from_sec(1429176600));
    ck_assert_int_eq(pg.draft, 0);
    ck_assert_ok(naering_store_page(db, tp, "/naeringsnettverket", &pg,
                                    &found));
    ck_assert_str_eq(pg.title, "Næringsnettverket");
}
END_TEST

START_TEST(page_draft_flag)
{
    naering_db *db = open_fresh();
    naering_page pg;
    int found = 0;

    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/kladd", &pg, &found));
    ck_assert_int_eq(found, 1);
    ck_assert_int_eq(pg.draft, 1);
}
END_TEST

START_TEST(page_missing_not_found)
{
    naering_db *db = open_fresh();
    naering_page pg;
    int found = 1;

    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/finnes-ikke", &pg, &found));
    ck_assert_int_eq(found, 0);
    found = 1;
    ck_assert_ok(naering_store_page(db, tp, "/OM", &pg, &found));
    ck_assert_int_eq(found, 0);
}
END_TEST

START_TEST(page_deleted_not_found)
{
    naering_db *db = open_fresh();
    naering_page pg;
    int found = 1;

    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/slettet", &pg, &found));
    ck_assert_int_eq(found, 0);
}
END_TEST

/* ---- menu and breadcrumbs ---------------------------------------------- */

START_TEST(menu_top_level_by_position)
{
    naering_db *db = open_fresh();
    apr_array_header_t *items;
    naering_menu_item *it;

    seed(db);
    ck_assert_ok(naering_store_menu(db, tp, 1, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket");
    it = &APR_ARRAY_IDX(items, 2, naering_menu_item);
    ck_assert_int_eq(it->id, 3);
    ck_assert_int_eq(it->parent_id, 1);
    ck_assert_str_eq(it->title, "Næringsnettverket");
}
END_TEST

START_TEST(menu_opens_current_branch)
{
    naering_db *db = open_fresh();
    apr_array_header_t *items;

    seed(db);
    ck_assert_ok(naering_store_menu(db, tp, 4, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket "
                                   "/om/styret /om/styret/medlemmer");
    ck_assert_ok(naering_store_menu(db, tp, 5, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket "
                                   "/om/styret /om/styret/medlemmer");
    ck_assert_ok(naering_store_menu(db, tp, 3, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket "
                                   "/naeringsnettverket/moter");
}
END_TEST

START_TEST(menu_excludes_drafts_and_deleted)
{
    naering_db *db = open_fresh();
    apr_array_header_t *items;
    int i;

    seed(db);
    ck_assert_ok(naering_store_menu(db, tp, 2, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket "
                                   "/om/styret");
    for (i = 0; i < items->nelts; i++) {
        sqlite3_int64 id = APR_ARRAY_IDX(items, i, naering_menu_item).id;
        ck_assert_msg(id != 6 && id != 7 && id != 9, "page %d in the menu",
                      (int)id);
    }
}
END_TEST

/* A page left out of the menus is still a page: found by its path, in
 * its breadcrumbs; a save with KEEP leaves the choice, SHOW and HIDE
 * make it. */
START_TEST(menu_leaves_out_pages_not_listed)
{
    naering_db *db = open_fresh();
    apr_array_header_t *items;
    naering_page pg;
    naering_page_fields f = { "Om oss", "", "<p>x</p>", "", "", "", "",
                              0, NAERING_MENU_HIDE, NULL, NULL, NULL, 0, 0,
                              NULL, NULL, 0, NULL };
    sqlite3_int64 rev;
    int found;

    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    ck_assert_int_eq(pg.in_menu, 1);
    ck_assert_ok(naering_store_save(db, tp, 2, pg.revision, &f, "test", &rev));
    ck_assert_ok(naering_store_menu(db, tp, 3, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /naeringsnettverket "
                                   "/naeringsnettverket/moter");
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    ck_assert_int_eq(found, 1);
    ck_assert_int_eq(pg.in_menu, 0);
    ck_assert_ok(naering_store_breadcrumbs(db, tp, 4, &items));
    ck_assert_str_eq(paths(items), "/ /om /om/styret");
    f.menu = NAERING_MENU_KEEP;
    ck_assert_ok(naering_store_save(db, tp, 2, rev, &f, "test", &rev));
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    ck_assert_int_eq(pg.in_menu, 0);
    f.menu = NAERING_MENU_SHOW;
    ck_assert_ok(naering_store_save(db, tp, 2, rev, &f, "test", &rev));
    ck_assert_ok(naering_store_menu(db, tp, 3, &items));
    ck_assert_str_eq(paths(items), "/aktuelt /om /naeringsnettverket "
                                   "/naeringsnettverket/moter");
}
END_TEST

/* The search index holds only live, published pages: trash takes a whole
 * subtree out, restore puts it back, drafts never go in. */
START_TEST(trash_and_restore_keep_the_index_to_listed_pages)
{
    naering_db *db = open_fresh();
    const char *path;

    seed(db);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (2, 4, 5)"), 3);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (6, 7, 9)"), 0);
    ck_assert_ok(naering_store_trash(db, tp, 2, NULL));
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (2, 4, 5, 9)"), 0);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search"), 4);
    ck_assert_ok(naering_store_untrash(db, tp, 2, NULL, &path));
    ck_assert_str_eq(path, "/om");
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (2, 4, 5)"), 3);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " = 9"), 0);      /* the draft stays out */
}
END_TEST

/* A draft hides its subtree: the flag below it follows a status change,
 * a move into and out of it, and the index follows the flag. */
START_TEST(a_draft_hides_its_subtree)
{
    naering_db *db = open_fresh();
    naering_page pg;
    naering_page_fields f = { "Om oss", "", "<p>x</p>", "", "", "", "",
                              1, NAERING_MENU_KEEP, NULL, NULL, NULL, 0, 0,
                              NULL, NULL, 0, NULL };
    sqlite3_int64 rev;
    const char *now;
    int found;

    seed(db);
    ck_assert_int_eq(scalar(db, "SELECT sum(hidden) FROM page WHERE id IN"
                                " (2, 4, 5)"), 0);
    ck_assert_int_eq(scalar(db, "SELECT hidden FROM page WHERE id = 9"), 1);
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    ck_assert_ok(naering_store_save(db, tp, 2, pg.revision, &f, "t", &rev));
    ck_assert_int_eq(scalar(db, "SELECT sum(hidden) FROM page WHERE id IN"
                                " (2, 4, 5, 9)"), 4);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (2, 4, 5)"), 0);
    ck_assert_ok(naering_store_page(db, tp, "/om/styret", &pg, &found));
    ck_assert_int_eq(pg.hidden, 1);
    ck_assert_int_eq(pg.draft, 0);
    /* out from under the draft, and back */
    ck_assert_ok(naering_store_move(db, tp, "/om/styret", "/", "styret",
                                    NULL, &now));
    ck_assert_int_eq(scalar(db, "SELECT sum(hidden) FROM page WHERE id IN"
                                " (4, 5)"), 0);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (4, 5)"), 2);
    ck_assert_ok(naering_store_move(db, tp, "/styret", "/om", "styret",
                                    NULL, &now));
    ck_assert_int_eq(scalar(db, "SELECT sum(hidden) FROM page WHERE id IN"
                                " (4, 5)"), 2);
    /* published again: the draft below stays hidden */
    f.draft = 0;
    ck_assert_ok(naering_store_save(db, tp, 2, rev, &f, "t", &rev));
    ck_assert_int_eq(scalar(db, "SELECT sum(hidden) FROM page WHERE id IN"
                                " (2, 4, 5)"), 0);
    ck_assert_int_eq(scalar(db, "SELECT hidden FROM page WHERE id = 9"), 1);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM search WHERE rowid"
                                " IN (2, 4, 5)"), 3);
}
END_TEST

static int refuse_styret(void *ctx, const char *path, const char *title)
{
    int *asked = ctx;

    (*asked)++;
    return strncmp(path, "/om/styret", 10) != 0;
}

/* The guard is asked about every page of a subtree, at its old and new
 * address; one refusal leaves everything as it was. */
START_TEST(a_guard_refusal_changes_nothing)
{
    naering_db *db = open_fresh();
    int asked = 0;
    naering_guard g = { refuse_styret, &asked };
    sqlite3_int64 gen;
    const char *now;
    naering_err *e;

    seed(db);
    gen = generation(db);
    e = naering_store_move(db, tp, "/om", "/", "om-oss", &g, &now);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 403);
    ck_assert_int_ge(asked, 3);
    e = naering_store_trash(db, tp, 2, &g);
    ck_assert_int_eq(e->status, 403);
    ck_assert_int_eq(generation(db), gen);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM page WHERE path"
                                " LIKE '/om%' AND deleted_at IS NULL"), 4);
    e = naering_store_move(db, tp, "/naeringsnettverket", "/om", "styret",
                           &g, &now);
    ck_assert_int_eq(e->status, 409);       /* taken comes first */
    asked = 0;
    ck_assert_ok(naering_store_move(db, tp, "/naeringsnettverket", "/om",
                                    "nettverk", &g, &now));
    /* the new parent, and each of two pages at old and new */
    ck_assert_int_eq(asked, 5);
}
END_TEST

START_TEST(owners_of_ids)
{
    naering_db *db = open_fresh();
    sqlite3_int64 page;

    seed(db);
    ck_assert_ok(naering_store_owner(db, tp, NAERING_OWNED_REVISION, 104,
                                     &page));
    ck_assert_int_eq(page, 4);
    ck_assert_ok(naering_store_owner(db, tp, NAERING_OWNED_REVISION, 999,
                                     &page));
    ck_assert_int_eq(page, 0);
    ck_assert_ok(naering_store_owner(db, tp, NAERING_OWNED_DOCUMENT, 1,
                                     &page));
    ck_assert_int_eq(page, 0);
}
END_TEST

START_TEST(breadcrumbs_root_to_page)
{
    naering_db *db = open_fresh();
    apr_array_header_t *items;

    seed(db);
    ck_assert_ok(naering_store_breadcrumbs(db, tp, 5, &items));
    ck_assert_str_eq(paths(items), "/ /om /om/styret /om/styret/medlemmer");
    ck_assert_str_eq(APR_ARRAY_IDX(items, 0, naering_menu_item).title,
                     "Forside");
    ck_assert_str_eq(APR_ARRAY_IDX(items, 3, naering_menu_item).title,
                     "Medlemmer");
    ck_assert_ok(naering_store_breadcrumbs(db, tp, 1, &items));
    ck_assert_str_eq(paths(items), "/");
}
END_TEST

/* ---- documents --------------------------------------------------------- */

/* Stores bytes under dir and returns their address. */
static const char *put(const char *dir, const char *bytes, apr_off_t *size)
{
    const char *src = apr_pstrcat(tp, dir, "/upload", NULL);
    const char *sha = NULL;

    write_file(src, bytes, strlen(bytes));
    ck_assert_ok(naering_files_put(tp, naering_files_default_dir(tp,
             apr_pstrcat(tp, dir, "/site.db", NULL)), src, &sha, size));
    ck_assert_ptr_nonnull(sha);
    return sha;
}

static const char *slurp(const char *path)
{
    char buf[256];
    FILE *f = fopen(path, "rb");
    size_t n;

    ck_assert_msg(f != NULL, "%s missing", path);
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return apr_pstrmemdup(tp, buf, n);
}

START_TEST(files_put_content_address)
{
    const char *dir = tmpdir();
    const char *files = apr_pstrcat(tp, dir, "/site.db-filer", NULL);
    apr_off_t size = -1;
    const char *sha = put(dir, "abc", &size);

    ck_assert_str_eq(sha, SHA256_ABC);
    ck_assert_int_eq(size, 3);
    ck_assert_str_eq(naering_files_path(tp, files, sha),
                     apr_pstrcat(tp, files, "/ba/", SHA256_ABC, NULL));
    ck_assert_str_eq(slurp(naering_files_path(tp, files, sha)), "abc");
    sha = put(dir, "", &size);
    ck_assert_str_eq(sha, SHA256_EMPTY);
    ck_assert_int_eq(size, 0);
    ck_assert_str_eq(slurp(naering_files_path(tp, files, sha)), "");
}
END_TEST

START_TEST(add_document_then_read)
{
    const char *dir = tmpdir();
    naering_db *db = open_at(apr_pstrcat(tp, dir, "/site.db", NULL));
    apr_off_t size;
    const char *sha = put(dir, "abc", &size);
    apr_array_header_t *docs;
    naering_document *d, one;
    int found = 0;

    seed(db);
    ck_assert_ok(naering_store_add_document(db, tp, "/om", "Årsplan",
                                            "Årsplan 2015.pdf",
                                            "application/pdf", sha, size,
                                            "redaktor"));
    ck_assert_ok(naering_store_documents(db, tp, 2, &docs));
    ck_assert_int_eq(docs->nelts, 1);
    d = &APR_ARRAY_IDX(docs, 0, naering_document);
    ck_assert_str_eq(d->title, "Årsplan");
    ck_assert_str_eq(d->filename, "Årsplan 2015.pdf");
    ck_assert_str_eq(d->mime, "application/pdf");
    ck_assert_str_eq(d->sha256, SHA256_ABC);
    ck_assert_uint_eq(strlen(d->sha256), 64);
    ck_assert_int_eq(d->size, 3);
    ck_assert_ok(naering_store_document(db, tp, 2, "Årsplan 2015.pdf", &one,
                                        &found));
    ck_assert_int_eq(found, 1);
    ck_assert_int_eq(one.id, d->id);
    ck_assert_str_eq(one.sha256, SHA256_ABC);
    ck_assert_str_eq(slurp(naering_files_path(tp,
        naering_files_default_dir(tp, apr_pstrcat(tp, dir, "/site.db", NULL)),
        one.sha256)), "abc");
}
END_TEST

/* naering-admin writes a document's text alone: the key it stamps must be
 * the generation committed, or the next write stamps the same number and
 * a copy rendered between keeps its tag (issue 18, review #1). */
START_TEST(text_alone_commits_its_generation)
{
    naering_db *db = open_fresh();
    naering_doc_text t = { NAERING_TEXT_READ, "tekst", NULL, "", "" };
    sqlite3_int64 before;

    seed(db);
    ck_assert_ok(naering_store_add_document(db, tp, "/om", "Plan", "plan.pdf",
                                            "application/pdf", SHA256_ABC, 3,
                                            "redaktor"));
    before = scalar(db, "SELECT gen FROM dep WHERE key = 'p2'");
    ck_assert_ok(naering_store_text_put(db, tp, SHA256_ABC, &t));
    ck_assert_int_gt(scalar(db, "SELECT gen FROM dep WHERE key = 'p2'"),
                     before);
    ck_assert_int_eq(scalar(db, "SELECT max(gen) FROM dep"),
                     generation(db));
}
END_TEST

/* Any other write outside a transaction fails loudly and writes nothing. */
START_TEST(write_outside_a_transaction_is_refused)
{
    naering_db *db = open_fresh();
    sqlite3_int64 gen = generation(db);
    naering_err *e = naering_store_touch(db, tp, "p2");

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 500);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM dep WHERE key = 'p2'"),
                     0);
    ck_assert_int_eq(generation(db), gen);
}
END_TEST

START_TEST(document_not_found_elsewhere)
{
    naering_db *db = open_fresh();
    apr_array_header_t *docs;
    naering_document d;
    int found = 1;

    seed(db);
    ck_assert_ok(naering_store_add_document(db, tp, "/om", "Plan", "plan.pdf",
                                            "application/pdf", SHA256_ABC, 3,
                                            "redaktor"));
    ck_assert_ok(naering_store_document(db, tp, 2, "annen.pdf", &d, &found));
    ck_assert_int_eq(found, 0);
    found = 1;
    ck_assert_ok(naering_store_document(db, tp, 3, "plan.pdf", &d, &found));
    ck_assert_int_eq(found, 0);
    ck_assert_ok(naering_store_documents(db, tp, 3, &docs));
    ck_assert_int_eq(docs->nelts, 0);
}
END_TEST

START_TEST(add_document_missing_page_is_404)
{
    naering_db *db = open_fresh();
    sqlite3_int64 gen = generation(db);
    naering_err *e;

    e = naering_store_add_document(db, tp, "/finnes-ikke", "Plan",
                                   "plan.pdf", "application/pdf", SHA256_ABC,
                                   3, "redaktor");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 404);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM document"), 0);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM document_version"), 0);
    ck_assert_int_eq(generation(db), gen);
}
END_TEST

START_TEST(add_document_deleted_page_is_404)
{
    naering_db *db = open_fresh();
    naering_err *e;

    seed(db);
    e = naering_store_add_document(db, tp, "/slettet", "Plan", "plan.pdf",
                                   "application/pdf", SHA256_ABC, 3,
                                   "redaktor");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 404);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM document"), 0);
}
END_TEST

/* ---- writes and the generation ----------------------------------------- */

START_TEST(write_bumps_generation_once)
{
    naering_db *db = open_fresh();
    sqlite3_int64 gen = generation(db);

    seed(db);
    ck_assert_int_eq(generation(db), gen + 1);
    ck_assert_ok(naering_store_add_document(db, tp, "/om", "Plan", "plan.pdf",
                                            "application/pdf", SHA256_ABC, 3,
                                            "redaktor"));
    ck_assert_int_eq(generation(db), gen + 2);
}
END_TEST

START_TEST(failing_script_leaves_nothing)
{
    naering_db *db = open_fresh();
    sqlite3_int64 gen = generation(db);
    sqlite3_int64 pages = scalar(db, "SELECT count(*) FROM page");
    naering_page pg;
    int found = 1;
    naering_err *e;

    e = naering_store_exec_script(db, tp, apr_pstrcat(tp,
        page_sql(2, 1, "/om", 1, "published", "Om oss"),
        "INSERT INTO page VALUES (;",
        page_sql(3, 1, "/samferdsel", 2, "published", "Samferdsel"), NULL));
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM page"), pages);
    ck_assert_int_eq(scalar(db, "SELECT count(*) FROM revision"), 1);
    ck_assert_int_eq(generation(db), gen);
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    ck_assert_int_eq(found, 0);
    /* the connection is usable afterwards */
    seed(db);
    ck_assert_int_eq(generation(db), gen + 1);
}
END_TEST

/* Migration 17 turned FTS5's own merging off (it could rewrite a whole
 * level of the index in one save): each write merges a bounded step, so
 * segments do not pile up, and what was saved last is found. */
START_TEST(search_index_keeps_merging)
{
    naering_db *db = open_fresh();
    naering_page_fields f;
    naering_page pg;
    apr_array_header_t *hits;
    sqlite3_int64 rev, most = 0, n;
    int found, total, i;

    ck_assert_int_eq(scalar(db, "SELECT v FROM search_config"
                                " WHERE k = 'automerge'"), 0);
    seed(db);
    ck_assert_ok(naering_store_page(db, tp, "/om", &pg, &found));
    rev = pg.revision;
    memset(&f, 0, sizeof(f));
    f.title = "Om oss";
    f.summary = f.contact_name = f.contact_email = f.contact_phone = "";
    f.comment = "";
    for (i = 0; i < 80; i++) {
        f.body = apr_psprintf(tp, "<p>ordet%d</p>", i);
        ck_assert_ok(naering_store_save(db, tp, 2, rev, &f, "test", &rev));
        n = scalar(db, "SELECT count(*) FROM search_data");
        most = n > most ? n : most;
    }
    ck_assert_msg(most <= SEARCH_ROWS_MOST, "%lld rows", (long long)most);
    ck_assert_ok(naering_store_search(db, tp, "ordet79", 10, 0, &hits,
                                      &total));
    ck_assert_int_eq(total, 1);
}
END_TEST

/* naering_err.msg is "one line for the error log", whatever the script. */
START_TEST(script_error_is_one_line)
{
    naering_db *db = open_fresh();
    naering_err *e = naering_store_exec_script(db, tp,
        "INSERT INTO setting (key, value) VALUES ('a', 1);\n"
        "INSERT INTO nope VALUES (1);\n");

    ck_assert_ptr_nonnull(e);
    ck_assert_msg(strstr(e->msg, "no such table: nope") != NULL, "%s",
                  e->msg);
    ck_assert_msg(strchr(e->msg, '\n') == NULL, "not one line: %s", e->msg);
}
END_TEST

START_TEST(missing_file_is_not_created_without_create)
{
    const char *path = apr_pstrcat(tp, tmpdir(), "/nope.db",
                                   NULL);
    naering_db *db = NULL;
    naering_err *e = naering_store_open(tp, path, 0, &db);

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 503);
    ck_assert_ptr_null(db);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

/* ---- dependency keys (sql/014_dependencies.sql) ------------------------ */

static sqlite3_int64 tag_of(naering_db *db, const char *path,
                            const char **key)
{
    sqlite3_int64 tag;
    apr_time_t changed;

    ck_assert_ok(naering_store_tag(db, tp, path, &tag, key, &changed));
    ck_assert_int_gt(changed, 0);
    return tag;
}

/* A text edit moves its page's tag and the lists', no other page's; the
 * keys it committed are the page's and 'list'. */
START_TEST(text_edit_changes_its_page_only)
{
    naering_db *db = open_fresh();
    naering_page pg;
    naering_page_fields *f;
    const char *key, *other_key, *touched;
    sqlite3_int64 page, other, lists, rev;
    int found;

    seed(db);
    (void)naering_store_touched(db, tp);
    page = tag_of(db, "/om/styret", &key);
    other = tag_of(db, "/naeringsnettverket", &other_key);
    lists = tag_of(db, NULL, &key);
    ck_assert_str_eq(key, "list");
    ck_assert_ok(naering_store_page(db, tp, "/om/styret", &pg, &found));
    f = naering_store_fields_of(tp, &pg);
    f->body = "<p>Ny tekst</p>";
    ck_assert_ok(naering_store_save(db, tp, pg.id, pg.revision, f, "t",
                                    &rev));
    ck_assert_int_gt(tag_of(db, "/om/styret", &key), page);
    ck_assert_str_eq(key, "p4");
    ck_assert_int_eq(tag_of(db, "/naeringsnettverket", &other_key), other);
    ck_assert_str_eq(other_key, "p3");
    ck_assert_int_gt(tag_of(db, NULL, &key), lists);
    touched = naering_store_touched(db, tp);
    ck_assert_ptr_nonnull(touched);
    ck_assert_ptr_nonnull(strstr(touched, "p4"));
    ck_assert_ptr_null(strstr(touched, "menu"));
    ck_assert_ptr_null(strstr(touched, "all"));
    ck_assert_ptr_null(naering_store_touched(db, tp));     /* taken */
}
END_TEST

/* A title is in every menu: every page's tag moves. */
START_TEST(title_change_changes_every_page)
{
    naering_db *db = open_fresh();
    naering_page pg;
    naering_page_fields *f;
    const char *key;
    sqlite3_int64 other, rev;
    int found;

    seed(db);
    other = tag_of(db, "/naeringsnettverket", &key);
    ck_assert_ok(naering_store_page(db, tp, "/om/styret", &pg, &found));
    f = naering_store_fields_of(tp, &pg);
    f->title = "Styret og varamedlemmer";
    ck_assert_ok(naering_store_save(db, tp, pg.id, pg.revision, f, "t",
                                    &rev));
    ck_assert_int_gt(tag_of(db, "/naeringsnettverket", &key), other);
    ck_assert_ptr_nonnull(strstr(naering_store_touched(db, tp), "menu"));
}
END_TEST

/* A write no trigger sees counts as everything; touch_page is one page. */
START_TEST(unplaced_write_is_everything)
{
    naering_db *db = open_fresh();
    const char *key;
    sqlite3_int64 other;

    seed(db);
    other = tag_of(db, "/naeringsnettverket", &key);
    ck_assert_ok(naering_store_exec_script(db, tp,
        "CREATE TABLE nyhet (id INTEGER PRIMARY KEY);"
        "INSERT INTO nyhet DEFAULT VALUES"));
    ck_assert_int_gt(tag_of(db, "/naeringsnettverket", &key), other);
    ck_assert_ptr_nonnull(strstr(naering_store_touched(db, tp), "all"));
}
END_TEST

Suite *naering_store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");

    if (!base_owner && mkdtemp(base)) {
        base_owner = getpid();
        atexit(rm_base);
    }
    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, open_creates_and_migrates);
    tcase_add_test(tc, each_site_has_its_own_id);
    tcase_add_test(tc, text_alone_commits_its_generation);
    tcase_add_test(tc, write_outside_a_transaction_is_refused);
    tcase_add_test(tc, second_open_sees_same_data);
    tcase_add_test(tc, front_page_exists);
    tcase_add_test(tc, open_rejects_non_database);
    tcase_add_test(tc, open_rejects_newer_schema);
    tcase_add_test(tc, open_in_missing_directory);
    tcase_add_test(tc, missing_file_is_not_created_without_create);
    tcase_add_test(tc, page_by_path);
    tcase_add_test(tc, page_draft_flag);
    tcase_add_test(tc, page_missing_not_found);
    tcase_add_test(tc, page_deleted_not_found);
    tcase_add_test(tc, menu_top_level_by_position);
    tcase_add_test(tc, menu_opens_current_branch);
    tcase_add_test(tc, menu_excludes_drafts_and_deleted);
    tcase_add_test(tc, menu_leaves_out_pages_not_listed);
    tcase_add_test(tc, trash_and_restore_keep_the_index_to_listed_pages);
    tcase_add_test(tc, a_draft_hides_its_subtree);
    tcase_add_test(tc, a_guard_refusal_changes_nothing);
    tcase_add_test(tc, owners_of_ids);
    tcase_add_test(tc, breadcrumbs_root_to_page);
    tcase_add_test(tc, files_put_content_address);
    tcase_add_test(tc, add_document_then_read);
    tcase_add_test(tc, document_not_found_elsewhere);
    tcase_add_test(tc, add_document_missing_page_is_404);
    tcase_add_test(tc, add_document_deleted_page_is_404);
    tcase_add_test(tc, write_bumps_generation_once);
    tcase_add_test(tc, failing_script_leaves_nothing);
    tcase_add_test(tc, script_error_is_one_line);
    tcase_add_test(tc, search_index_keeps_merging);
    tcase_add_test(tc, text_edit_changes_its_page_only);
    tcase_add_test(tc, title_change_changes_every_page);
    tcase_add_test(tc, unplaced_write_is_everything);
    suite_add_tcase(s, tc);
    return s;
}
