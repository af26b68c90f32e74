/*
 * libFuzzer target for the search-query builder, checked against a real
 * FTS5 table: whatever a visitor types, the expression is accepted by
 * SQLite (never "fts5: syntax error"), has balanced quotes and holds no
 * more than 12 terms.  The snippet of the input's second half for the
 * query of its first half has marks that open and close in turn, and is
 * valid UTF-8 whenever the text was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <sqlite3.h>
#include "core/core.h"
#include "text/text.h"

static sqlite3 *naering_fuzz_db(void)
{
    static sqlite3 *db;

    if (!db) {
        sqlite3_open(":memory:", &db);
        sqlite3_exec(db, "CREATE VIRTUAL TABLE s USING fts5(a, tokenize = "
                     "'unicode61 remove_diacritics 0');"
                     "INSERT INTO s VALUES ('næringsplan for regionen')",
                     NULL, NULL, NULL);
    }
    return db;
}

/* Marks alternate \001 \002 and nothing of the text is lost or forged. */
static void naering_fuzz_snippet(apr_pool_t *p, const uint8_t *data,
                                 size_t size)
{
    size_t half = size / 2;
    const char *q = naering_search_query(p, apr_pstrndup(p, (const char *)data,
                                                          half));
    const char *text = apr_pstrndup(p, (const char *)data + half, size - half);
    const char *out = naering_snippet(p, q, &text, 1), *c;
    int open = 0;

    for (c = out; *c; c++) {
        if ((*c == '\001' && open) || (*c == '\002' && !open))
            abort();
        open = *c == '\001' ? 1 : *c == '\002' ? 0 : open;
    }
    if (open || strlen(out) > strlen(text) * 3 + 8)
        abort();
    if (naering_utf8_valid(text, strlen(text))
        && !naering_utf8_valid(out, strlen(out)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    apr_pool_t *p;
    const char *q, *s;
    sqlite3_stmt *st;
    int quotes = 0, rc;

    if (!ready) {
        apr_initialize();
        ready = 1;
    }
    apr_pool_create(&p, NULL);
    q = naering_search_query(p, apr_pstrndup(p, (const char *)data, size));
    if (q) {
        for (s = q; *s; s++)
            quotes += *s == '"';
        if (quotes % 2 || quotes > 24)
            abort();
        if (sqlite3_prepare_v2(naering_fuzz_db(), "SELECT count(*) FROM s "
                               "WHERE s MATCH ?", -1, &st, NULL) != SQLITE_OK)
            abort();
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        /* Invalid UTF-8 from the fuzzer may be refused by the tokenizer,
         * the module never passes it (it checks UTF-8 first). */
        if (rc != SQLITE_ROW && naering_utf8_valid(q, strlen(q))) {
            fprintf(stderr, "fts5 refused: %s\n", q);
            abort();
        }
    }
    naering_fuzz_snippet(p, data, size);
    apr_pool_destroy(p);
    return 0;
}
