/*
 * libFuzzer target for the router and the query-string reader.  For any
 * path: no crash; a PAGE or REDIRECT path is canonical ("/" or slugs that
 * naering_slug_valid accepts) and routes to PAGE again; a DOCUMENT name has
 * no '/', no control character and is not "." or "..".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "core/core.h"
#include "text/text.h"

static void naering_fuzz_check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_route: %s\n", what);
        abort();
    }
}

static int naering_canonical(apr_pool_t *p, const char *path)
{
    char *copy = apr_pstrdup(p, path), *tok, *state = NULL;

    if (strcmp(path, "/") == 0)
        return 1;
    if (path[0] != '/' || path[strlen(path) - 1] == '/' || strstr(path, "//"))
        return 0;
    for (tok = apr_strtok(copy, "/", &state); tok;
         tok = apr_strtok(NULL, "/", &state))
        if (!naering_slug_valid(tok))
            return 0;
    return 1;
}

/* A page path is canonical and routes to itself; a redirect goes to a
 * URL that answers without another redirect. */
static void naering_fuzz_route(apr_pool_t *p, const char *in)
{
    naering_route r = naering_route_parse(p, in), again;
    const char *s;

    if (r.action == NAERING_ROUTE_PAGE) {
        naering_fuzz_check(naering_canonical(p, r.page_path),
                           "page path is not canonical");
        again = naering_route_parse(p, r.page_path);
        naering_fuzz_check(again.action == NAERING_ROUTE_PAGE,
                           "a page path does not route to the page");
    }
    if (r.action == NAERING_ROUTE_REDIRECT) {
        again = naering_route_parse(p, r.page_path);
        naering_fuzz_check(again.action != NAERING_ROUTE_REDIRECT
                           && again.action != NAERING_ROUTE_NOT_FOUND,
                           "a redirect leads nowhere");
    }
    if (r.action == NAERING_ROUTE_DOCUMENT) {
        naering_fuzz_check(strcmp(r.name, ".") && strcmp(r.name, ".."),
                           "dot name");
        for (s = r.name; *s; s++)
            naering_fuzz_check(*s != '/' && (unsigned char)*s >= 0x20,
                               "bad byte in a document name");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    apr_pool_t *p;
    char *in;

    if (!ready) {
        apr_initialize();
        ready = 1;
    }
    apr_pool_create(&p, NULL);
    in = apr_pstrndup(p, (const char *)data, size);
    naering_fuzz_route(p, in);
    naering_query_get(p, in, "q");
    naering_query_get(p, in, "format");
    apr_pool_destroy(p);
    return 0;
}
