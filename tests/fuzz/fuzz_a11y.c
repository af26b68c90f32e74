/*
 * libFuzzer target for the accessibility checks (text/a11y.c).  Every
 * input, in a pool of its own, is checked as it comes (a stored row may
 * be anything) and as the sanitizer stores it.  Each time:
 *   - every warning has a kind, a criterion and an excerpt that is valid
 *     UTF-8 of at most 80 characters;
 *   - a second check of the same text gives the same warnings (pure).
 *
 *   tests/fuzz/run SRCDIR SECONDS builds and runs it with the others.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "core/core.h"
#include "text/text.h"

#define NAERING_FUZZ_CHECK(cond, text) do { \
        if (!(cond)) { \
            fprintf(stderr, "fuzz_a11y.c:%d: %s\ntext: %s\n", __LINE__, \
                    #cond, text); \
            abort(); \
        } \
    } while (0)

static void naering_fuzz_check(apr_pool_t *p, const char *text)
{
    apr_array_header_t *w = naering_a11y_check(p, text);
    apr_array_header_t *again = naering_a11y_check(p, text);
    int i;

    NAERING_FUZZ_CHECK(w->nelts == again->nelts, text);
    for (i = 0; i < w->nelts; i++) {
        const naering_a11y_warning *a = &APR_ARRAY_IDX(w, i,
                                                       naering_a11y_warning);
        const naering_a11y_warning *b = &APR_ARRAY_IDX(again, i,
                                                       naering_a11y_warning);
        size_t n;
        NAERING_FUZZ_CHECK(a->kind && a->criterion && a->excerpt, text);
        n = strlen(a->excerpt);
        NAERING_FUZZ_CHECK(naering_utf8_valid(a->excerpt, n), text);
        NAERING_FUZZ_CHECK(u8_mbsnlen((const uint8_t *)a->excerpt, n) <= 80,
                           text);
        NAERING_FUZZ_CHECK(!strcmp(a->kind, b->kind)
                           && !strcmp(a->excerpt, b->excerpt), text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    apr_pool_t *p;
    const char *out;
    char *text;

    if (!init) {
        apr_initialize();
        init = 1;
    }
    apr_pool_create(&p, NULL);
    text = apr_pstrmemdup(p, (const char *)data, size);
    if (naering_utf8_valid(text, size) && !memchr(data, 0, size))
        naering_fuzz_check(p, text);
    if (!naering_sanitize_site(p, (const char *)data, size, "/bilder", &out))
        naering_fuzz_check(p, out);
    apr_pool_destroy(p);
    return 0;
}
