/* The render cache: hits are copies or lent references, an entry is served only under its
 * own tag (a changed key drops that entry, and only that one), and
 * when full the least recently used entries make room -- so a flood of
 * new URLs can neither grow it past its bound nor turn it off. */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

static naering_cache *cache(apr_size_t max)
{
    naering_cache *c = naering_cache_create(tp, max);

    ck_assert_ptr_nonnull(c);
    return c;
}

static const char *get(naering_cache *c, sqlite3_int64 gen, const char *key)
{
    const char *body, *ctype;
    apr_size_t len;

    if (!naering_cache_get(c, gen, key, tp, &body, &len, &ctype))
        return NULL;
    ck_assert_str_eq(ctype, "text/html");
    return apr_pstrmemdup(tp, body, len);
}

static void put(naering_cache *c, sqlite3_int64 gen, const char *key,
                const char *body)
{
    naering_cache_put(c, gen, key, body, strlen(body), "text/html");
}

START_TEST(hit_returns_a_copy)
{
    naering_cache *c = cache(1 << 20);
    char body[] = "<p>side</p>";

    ck_assert_ptr_null(get(c, 1, "k"));
    put(c, 1, "k", body);
    body[1] = 'X';                      /* the cache kept its own copy */
    ck_assert_str_eq(get(c, 1, "k"), "<p>side</p>");
    put(c, 1, "k", "<p>annen</p>");     /* the first stays */
    ck_assert_str_eq(get(c, 1, "k"), "<p>side</p>");
}
END_TEST

START_TEST(new_tag_drops_only_that_entry)
{
    naering_cache *c = cache(1 << 20);

    put(c, 1, "a", "gammel");
    put(c, 1, "b", "annen side");
    ck_assert_ptr_null(get(c, 2, "a"));     /* a's keys changed */
    ck_assert_ptr_null(get(c, 1, "a"));     /* an older one is never back */
    ck_assert_str_eq(get(c, 1, "b"), "annen side");     /* b untouched */
    put(c, 2, "a", "ny");
    put(c, 1, "a", "for sent");             /* a late put of the old one */
    ck_assert_str_eq(get(c, 2, "a"), "ny");
    ck_assert_ptr_null(get(c, 1, "a"));
}
END_TEST

/* A reader on an older snapshot misses, and leaves the newer copy for
 * the readers after the write. */
START_TEST(older_reader_keeps_the_newer_copy)
{
    naering_cache *c = cache(1 << 20);

    put(c, 3, "a", "ny");
    ck_assert_ptr_null(get(c, 2, "a"));
    ck_assert_str_eq(get(c, 3, "a"), "ny");
}
END_TEST

START_TEST(least_recently_used_makes_room)
{
    naering_cache *c = cache(8 * 1024);
    char key[32], body[1000];
    int i;

    memset(body, 'x', sizeof(body) - 1);
    body[sizeof(body) - 1] = '\0';
    for (i = 0; i < 5; i++) {
        snprintf(key, sizeof(key), "side-%d", i);
        put(c, 1, key, body);
    }
    ck_assert_ptr_nonnull(get(c, 1, "side-0"));     /* now the newest */
    for (i = 5; i < 12; i++) {
        snprintf(key, sizeof(key), "side-%d", i);
        put(c, 1, key, body);
        ck_assert_uint_le(naering_cache_bytes(c), 8 * 1024);
    }
    ck_assert_ptr_null(get(c, 1, "side-1"));        /* the oldest went */
    ck_assert_ptr_nonnull(get(c, 1, "side-11"));
}
END_TEST

START_TEST(flood_of_new_keys_stays_bounded_and_cached)
{
    naering_cache *c = cache(64 * 1024);
    char key[64];
    int i;

    put(c, 1, "/", "forsiden");
    for (i = 0; i < 20000; i++) {
        snprintf(key, sizeof(key), "/sok?q=tilfeldig-%d", i);
        put(c, 1, key, "treff");
        if (i % 50 == 0)                    /* visitors keep reading / */
            ck_assert_str_eq(get(c, 1, "/"), "forsiden");
        ck_assert_uint_le(naering_cache_bytes(c), 64 * 1024);
    }
    /* Caching still works for the next new URL. */
    put(c, 1, "/ny", "ny side");
    ck_assert_str_eq(get(c, 1, "/ny"), "ny side");
}
END_TEST

START_TEST(oversized_entry_not_kept)
{
    naering_cache *c = cache(4096);
    char big[2000];

    memset(big, 'y', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    put(c, 1, "small", "liten");
    put(c, 1, "big", big);                  /* over a quarter: refused */
    ck_assert_ptr_null(get(c, 1, "big"));
    ck_assert_str_eq(get(c, 1, "small"), "liten");
}
END_TEST

/* A lent hit is the entry's own bytes, and they stay until it is given
 * back, whatever the cache does meanwhile. */
static naering_cache_held lend(naering_cache *c, sqlite3_int64 gen,
                               const char *key, const char *want)
{
    naering_cache_held h;

    ck_assert(naering_cache_ref(c, gen, key, &h));
    ck_assert_uint_eq(h.len, strlen(want));
    ck_assert(memcmp(h.body, want, h.len) == 0);
    ck_assert_str_eq(h.ctype, "text/html");
    return h;
}

START_TEST(lent_hit_survives_replacement)
{
    naering_cache *c = cache(1 << 20);
    apr_uint32_t live = naering_cache_live_entries();
    naering_cache_held a, b;

    put(c, 1, "k", "<p>gammel</p>");
    a = lend(c, 1, "k", "<p>gammel</p>");
    b = lend(c, 1, "k", "<p>gammel</p>");
    ck_assert_ptr_eq(a.body, b.body);           /* no copy */
    put(c, 2, "k", "<p>ny</p>");                /* replaced while lent */
    ck_assert_str_eq(get(c, 2, "k"), "<p>ny</p>");
    ck_assert_ptr_null(get(c, 1, "k"));         /* the old one is unlinked */
    ck_assert_uint_eq(naering_cache_live_entries(), live + 2);
    ck_assert(memcmp(a.body, "<p>gammel</p>", a.len) == 0);
    naering_cache_unref(&a);
    ck_assert_uint_eq(naering_cache_live_entries(), live + 2);
    ck_assert(memcmp(b.body, "<p>gammel</p>", b.len) == 0);
    naering_cache_unref(&b);                    /* the last: freed now */
    ck_assert_uint_eq(naering_cache_live_entries(), live + 1);
}
END_TEST

START_TEST(lent_hit_survives_eviction_and_the_bound_holds)
{
    naering_cache *c = cache(8 * 1024);
    apr_uint32_t live = naering_cache_live_entries();
    char key[32], body[1000];
    naering_cache_held h;
    int i;

    memset(body, 'x', sizeof(body) - 1);
    body[sizeof(body) - 1] = '\0';
    put(c, 1, "lent", "<p>lånt</p>");
    h = lend(c, 1, "lent", "<p>lånt</p>");
    for (i = 0; i < 12; i++) {                  /* pushes "lent" out */
        snprintf(key, sizeof(key), "side-%d", i);
        put(c, 1, key, body);
        ck_assert_uint_le(naering_cache_bytes(c), 8 * 1024);
    }
    ck_assert_ptr_null(get(c, 1, "lent"));
    ck_assert(memcmp(h.body, "<p>lånt</p>", h.len) == 0);  /* its bytes */
    i = (int)(naering_cache_live_entries() - live);
    naering_cache_unref(&h);
    ck_assert_uint_eq(naering_cache_live_entries(), live + (apr_uint32_t)i - 1);
}
END_TEST

/* A changed tag drops the entry at the look that finds it, lent or not;
 * the cache's end frees what is only linked and leaves what is lent. */
START_TEST(lent_hit_survives_drop_and_the_cache)
{
    apr_pool_t *p;
    naering_cache *c;
    apr_uint32_t live = naering_cache_live_entries();
    naering_cache_held h;

    ck_assert_int_eq(apr_pool_create(&p, tp), APR_SUCCESS);
    c = naering_cache_create(p, 1 << 20);
    put(c, 1, "a", "a-side");
    put(c, 1, "b", "b-side");
    h = lend(c, 1, "a", "a-side");
    ck_assert_ptr_null(get(c, 2, "a"));         /* dropped while lent */
    ck_assert_uint_eq(naering_cache_live_entries(), live + 2);
    apr_pool_destroy(p);                        /* b goes, a stays lent */
    ck_assert_uint_eq(naering_cache_live_entries(), live + 1);
    ck_assert(memcmp(h.body, "a-side", h.len) == 0);
    naering_cache_unref(&h);
    ck_assert_uint_eq(naering_cache_live_entries(), live);
}
END_TEST

Suite *naering_cache_suite(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, hit_returns_a_copy);
    tcase_add_test(tc, new_tag_drops_only_that_entry);
    tcase_add_test(tc, older_reader_keeps_the_newer_copy);
    tcase_add_test(tc, least_recently_used_makes_room);
    tcase_add_test(tc, flood_of_new_keys_stays_bounded_and_cached);
    tcase_add_test(tc, oversized_entry_not_kept);
    tcase_add_test(tc, lent_hit_survives_replacement);
    tcase_add_test(tc, lent_hit_survives_eviction_and_the_bound_holds);
    tcase_add_test(tc, lent_hit_survives_drop_and_the_cache);
    suite_add_tcase(s, tc);
    return s;
}
