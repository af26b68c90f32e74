/* Content-addressed document bytes: streamed, named by SHA-256, never half. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_strings.h>
#include "tests.h"

#define ABC_SHA "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static const char *tmpdir(void)
{
    char *d = apr_pstrdup(tp, "/tmp/naering-files-XXXXXX");

    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

/* Entries of dir whose names start with prefix (".tmp-": temporaries). */
static int entries(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (!d)
        return 0;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static const char *slurp(const char *path)
{
    static char buf[64];
    FILE *f = fopen(path, "rb");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void remove_tree(const char *dir)
{
    ck_assert_int_eq(system(apr_psprintf(tp, "rm -rf '%s'", dir)), 0);
}

START_TEST(streamed_bytes_land_under_their_hash)
{
    const char *dir = apr_pstrcat(tp, tmpdir(), "/site.db-filer", NULL);
    naering_file_writer *w;
    const char *sha;
    apr_off_t size;
    struct stat st;

    ck_assert_ptr_null(naering_files_begin(tp, dir, &w));
    ck_assert_ptr_null(naering_files_write(w, "a", 1));
    ck_assert_ptr_null(naering_files_write(w, "bc", 2));
    ck_assert_ptr_null(naering_files_commit(w, &sha, &size));
    ck_assert_str_eq(sha, ABC_SHA);
    ck_assert_int_eq(size, 3);
    ck_assert_str_eq(naering_files_path(tp, dir, sha),
                     apr_pstrcat(tp, dir, "/ba/" ABC_SHA, NULL));
    ck_assert_str_eq(slurp(naering_files_path(tp, dir, sha)), "abc");
    ck_assert_int_eq(stat(naering_files_path(tp, dir, sha), &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    ck_assert_int_eq(entries(dir, ".tmp-"), 0);
    remove_tree(naering_path_parent(tp, dir));
}
END_TEST

START_TEST(a_writer_not_committed_leaves_nothing)
{
    const char *dir = tmpdir();
    naering_file_writer *w;
    apr_pool_t *sub;

    ck_assert_ptr_null(naering_files_begin(tp, dir, &w));
    ck_assert_ptr_null(naering_files_write(w, "half", 4));
    ck_assert_int_eq(entries(dir, ".tmp-"), 1);
    naering_files_abort(w);
    ck_assert_int_eq(entries(dir, ".tmp-"), 0);
    /* ... and one whose pool goes away (a request that died) */
    apr_pool_create(&sub, tp);
    ck_assert_ptr_null(naering_files_begin(sub, dir, &w));
    ck_assert_ptr_null(naering_files_write(w, "half", 4));
    apr_pool_destroy(sub);
    ck_assert_int_eq(entries(dir, ".tmp-"), 0);
    remove_tree(dir);
}
END_TEST

START_TEST(put_copies_a_file_and_names_it)
{
    const char *dir = tmpdir();
    const char *src = apr_pstrcat(tp, dir, "/kilde.txt", NULL);
    const char *sha;
    apr_off_t size;
    FILE *f = fopen(src, "wb");
    naering_err *e;

    ck_assert_ptr_nonnull(f);
    fputs("abc", f);
    fclose(f);
    ck_assert_ptr_null(naering_files_put(tp, apr_pstrcat(tp, dir, "/filer",
                                                         NULL), src, &sha,
                                         &size));
    ck_assert_str_eq(sha, ABC_SHA);
    e = naering_files_put(tp, dir, apr_pstrcat(tp, dir, "/finnes-ikke",
                                               NULL), &sha, &size);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 400);
    ck_assert_int_eq(e->cause, ENOENT);
    remove_tree(dir);
}
END_TEST

START_TEST(an_unwritable_directory_is_503_with_its_cause)
{
    naering_file_writer *w;
    naering_err *e = naering_files_begin(tp, "/proc/naering-nope", &w);

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 503);
    ck_assert_int_ne(e->cause, 0);
    ck_assert_ptr_nonnull(strstr(naering_err_text(tp, e),
                                 "/proc/naering-nope"));
}
END_TEST

START_TEST(default_dir_is_beside_the_database)
{
    ck_assert_str_eq(naering_files_default_dir(tp, "/var/lib/n/site.db"),
                     "/var/lib/n/site.db-filer");
}
END_TEST

Suite *naering_files_suite(void)
{
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, streamed_bytes_land_under_their_hash);
    tcase_add_test(tc, a_writer_not_committed_leaves_nothing);
    tcase_add_test(tc, put_copies_a_file_and_names_it);
    tcase_add_test(tc, an_unwritable_directory_is_503_with_its_cause);
    tcase_add_test(tc, default_dir_is_beside_the_database);
    suite_add_tcase(s, tc);
    return s;
}
