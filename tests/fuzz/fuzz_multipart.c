/*
 * libFuzzer target for the multipart/form-data parser.
 *
 * Input: byte 0 = flags; its low 3 bits + 1 is the count k of chunk-size
 * bytes that follow (0 means 4096), cycled over the body.  Flag 0x08: the
 * Content-Type is the input's next line (up to '\n'), else Chromium's fixed
 * one.  The rest is the body.
 *
 * Each input is parsed twice, chunked and in one piece, and the two runs
 * must agree on every callback and the final error: chunk boundaries are
 * fuzzed as well.  A part named "stop" makes part_begin fail and one named
 * "drop" part_data, to fuzz the callback-error paths.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I mod_naering \
 *     $(pkg-config --cflags apr-1 libxml-2.0 libxslt sqlite3) \
 *     tests/fuzz/fuzz_multipart.c mod_naering/multipart.c mod_naering/err.c \
 *     $(pkg-config --libs apr-1) -o fuzz_multipart
 *   ./fuzz_multipart -max_len=65536 tests/fuzz/corpus/multipart
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "core/core.h"
#include "text/text.h"


#define FIXED_CT \
    "multipart/form-data; boundary=----WebKitFormBoundaryePkpFF7tjBAqx29L"
#define MAX_DELIM 74        /* CRLF "--" and a 70-byte boundary */

typedef struct {
    apr_pool_t *pool;
    uint64_t digest;        /* FNV-1a over every callback and its bytes */
    int open, parts, drop;
    apr_size_t max_call;    /* no part_data may be longer than this */
} run;

static void mix(run *r, const void *p, size_t n)
{
    const unsigned char *u = p;

    while (n--)
        r->digest = (r->digest ^ *u++) * 1099511628211ull;
}

static void mix_str(run *r, const char *s)
{
    mix(r, s ? s : "\x01(null)", (s ? strlen(s) : 7) + 1);
}

static naering_err *on_begin(void *ctx, const char *name,
                             const char *filename, const char *ctype)
{
    run *r = ctx;

    if (r->open || !name || !*name)
        abort();
    mix(r, "B", 1);
    mix_str(r, name);
    mix_str(r, filename);
    mix_str(r, ctype);
    if (strcmp(name, "stop") == 0)
        return naering_err_make(r->pool, 507, "stop");
    r->open = 1;
    r->parts++;
    r->drop = strcmp(name, "drop") == 0;
    return NULL;
}

static naering_err *on_data(void *ctx, const char *data, apr_size_t len)
{
    run *r = ctx;

    if (!r->open || len == 0 || len > r->max_call)
        abort();
    if (!r->drop) {
        mix(r, data, len);
        return NULL;
    }
    /* How much the failing call got depends on the chunking: not mixed. */
    mix(r, "X", 1);
    return naering_err_make(r->pool, 507, "drop");
}

static naering_err *on_end(void *ctx)
{
    run *r = ctx;

    if (!r->open)
        abort();
    mix(r, "E", 1);
    r->open = 0;
    return NULL;
}

static const naering_mp_callbacks callbacks = { on_begin, on_data, on_end };

static apr_size_t chunk_size(const uint8_t *sizes, size_t k, size_t i)
{
    return sizes[i % k] ? sizes[i % k] : 4096;
}

/* Parses body in chunks (k sizes) or whole (k == 0); folds the outcome
 * into r->digest.  Checks that an error sticks and silences callbacks. */
static void parse(run *r, const char *ct, const char *body, size_t len,
                  const uint8_t *sizes, size_t k)
{
    naering_mp *mp;
    naering_err *e = naering_mp_create(r->pool, ct, &callbacks, r, &mp);
    size_t off = 0, i = 0, n;

    for (; !e && off < len; off += n, i++) {
        n = k ? chunk_size(sizes, k, i) : len;
        n = n < len - off ? n : len - off;
        r->max_call = n > MAX_DELIM ? n : MAX_DELIM;
        e = naering_mp_feed(mp, body + off, n);
    }
    if (!e)
        e = naering_mp_finish(mp);
    mix(r, "F", 1);
    if (!e)
        return;
    mix(r, &e->status, sizeof(e->status));
    mix_str(r, e->msg);
    if (mp && (naering_mp_feed(mp, "x", 1) != e || naering_mp_finish(mp) != e))
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    apr_initialize();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    run a, b;
    size_t k;
    const char *ct = FIXED_CT, *body;
    const char *nl;

    if (size < 1)
        return 0;
    k = (data[0] & 7) + 1;
    if (size < 1 + k)
        return 0;
    body = (const char *)data + 1 + k;
    size -= 1 + k;
    apr_pool_create(&p, NULL);
    if ((data[0] & 8) && (nl = memchr(body, '\n', size))) {
        ct = apr_pstrmemdup(p, body, (apr_size_t)(nl - body));
        size -= (size_t)(nl + 1 - body);
        body = nl + 1;
    }
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.pool = b.pool = p;
    parse(&a, ct, body, size, data + 1, k);
    parse(&b, ct, body, size, NULL, 0);
    if (a.digest != b.digest || a.parts != b.parts)
        abort();
    apr_pool_destroy(p);
    return 0;
}
