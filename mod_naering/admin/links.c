/*
 * naering-admin links DB [--external]: the broken links of the live
 * pages, one line each (page, link, why), for a cron mail; exit 1 when
 * there are any.
 *
 * Without --external: the site's own paths that name nothing (a page or
 * document gone, a path that never was), as the module's "Brutte lenker"
 * shows them.  A site mounted below the server's root gives its mount
 * point in NAERING_BASE ("/site").
 *
 * With --external: every web address, each once, asked with libcurl:
 * HEAD, then GET for a server that will not answer HEAD; redirects
 * followed (at most 5) and reported with where they end; at most
 * NAERING_LINKS_PARALLEL at a time, NAERING_LINKS_SECONDS each
 * (NAERING_LINK_TIMEOUT overrides, for tests); a User-Agent that says
 * who asks.  A link that answers 4xx or 5xx, or not at all, is broken;
 * one that redirects is reported so that its page can be updated.
 *
 * And "move": a page moved, and the links to it in every page's text
 * rewritten to its new path (a revision each), as the editor's move does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include "admin/admin.h"

#define NAERING_LINKS_PARALLEL 4
#define NAERING_LINKS_SECONDS 20
#define NAERING_LINKS_AGENT "naering-admin/" NAERING_VERSION \
    " (lenkesjekk; mod_naering)"

typedef struct {
    const char *href;
    int head;                    /* still on the HEAD request */
    long status;
    const char *error;           /* curl's words, or NULL */
    const char *final;           /* where redirects ended, or NULL */
} naering_check;

static long naering_links_timeout(void)
{
    const char *t = getenv("NAERING_LINK_TIMEOUT");
    long n = t ? strtol(t, NULL, 10) : 0;

    return n > 0 && n <= 300 ? n : NAERING_LINKS_SECONDS;
}

static size_t naering_links_discard(char *d, size_t s, size_t n, void *u)
{
    return s * n;
}

static CURL *naering_links_handle(naering_check *c)
{
    CURL *h = curl_easy_init();

    curl_easy_setopt(h, CURLOPT_URL, c->href);
    curl_easy_setopt(h, CURLOPT_NOBODY, c->head ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, NAERING_LINKS_AGENT);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, naering_links_timeout());
    curl_easy_setopt(h, CURLOPT_TIMEOUT, naering_links_timeout());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, naering_links_discard);
    curl_easy_setopt(h, CURLOPT_PRIVATE, c);
    return h;
}

/* One finished transfer; 1 when it goes again as a GET. */
static int naering_links_done(apr_pool_t *p, CURL *h, CURLcode rc)
{
    naering_check *c;
    char *url = NULL;

    curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c->status);
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
    /* Some servers answer HEAD with 405 or 403, or not at all. */
    if (c->head && (rc != CURLE_OK || c->status >= 400)) {
        c->head = 0;
        return 1;
    }
    c->error = rc == CURLE_OK ? NULL : apr_pstrdup(p, curl_easy_strerror(rc));
    if (url && strcmp(url, c->href) != 0)
        c->final = apr_pstrdup(p, url);
    return 0;
}

/* Runs the checks, at most NAERING_LINKS_PARALLEL at a time. */
static void naering_links_run(apr_pool_t *p, apr_array_header_t *checks)
{
    CURLM *m = curl_multi_init();
    int next = 0, running = 1, active = 0, left;
    CURLMsg *msg;

    while (running || active || next < checks->nelts) {
        while (active < NAERING_LINKS_PARALLEL && next < checks->nelts) {
            curl_multi_add_handle(m, naering_links_handle(
                &APR_ARRAY_IDX(checks, next++, naering_check)));
            active++;
        }
        curl_multi_perform(m, &running);
        while ((msg = curl_multi_info_read(m, &left))) {
            CURL *h = msg->easy_handle;
            naering_check *c;
            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_multi_remove_handle(m, h);
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
            if (naering_links_done(p, h, msg->data.result))
                curl_multi_add_handle(m, naering_links_handle(c));
            else
                active--;
            curl_easy_cleanup(h);
        }
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    curl_multi_cleanup(m);
}

/* Prints the result of href for every page that has it; 1 if broken. */
static int naering_links_report(const apr_array_header_t *links,
                                const naering_check *c)
{
    int i, broken = c->error || c->status >= 400;

    for (i = 0; i < links->nelts; i++) {
        const naering_link *l = &APR_ARRAY_IDX(links, i, naering_link);
        if (strcmp(l->href, c->href) != 0)
            continue;
        if (broken && c->error)
            printf("%s\t%s\t%s\n", l->path, l->href, c->error);
        else if (broken)
            printf("%s\t%s\t%ld\n", l->path, l->href, c->status);
        else if (c->final)
            printf("%s\t%s\tmoved to %s\n", l->path, l->href, c->final);
    }
    return broken;
}

static int naering_links_external(apr_pool_t *p,
                                  const apr_array_header_t *links)
{
    apr_array_header_t *checks = apr_array_make(p, 16, sizeof(naering_check));
    apr_hash_t *seen = apr_hash_make(p);
    int i, broken = 0;

    for (i = 0; i < links->nelts; i++) {
        const char *href = APR_ARRAY_IDX(links, i, naering_link).href;
        naering_check *c;
        if (apr_hash_get(seen, href, APR_HASH_KEY_STRING))
            continue;
        apr_hash_set(seen, href, APR_HASH_KEY_STRING, "");
        c = apr_array_push(checks);
        memset(c, 0, sizeof(*c));
        c->href = href;
        c->head = 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    naering_links_run(p, checks);
    curl_global_cleanup();
    for (i = 0; i < checks->nelts; i++)
        broken += naering_links_report(links, &APR_ARRAY_IDX(checks, i,
                                                             naering_check));
    return broken;
}

static int naering_links_internal(apr_pool_t *p, naering_db *db,
                                  const apr_array_header_t *links)
{
    const char *base = getenv("NAERING_BASE");
    size_t n = base && base[0] == '/' ? strlen(base) : 0;
    int i, broken = 0;

    for (i = 0; i < links->nelts; i++) {
        const naering_link *l = &APR_ARRAY_IDX(links, i, naering_link);
        if ((n && strncmp(l->href, base, n))
            || (l->href[n] && l->href[n] != '/'))
            continue;
        if (!naering_store_link_ok(db, p, l->href[n] ? l->href + n : "/")) {
            printf("%s\t%s\tnot found\n", l->path, l->href);
            broken++;
        }
    }
    return broken;
}

int naering_admin_links(apr_pool_t *p, naering_db *db, int external)
{
    apr_array_header_t *links;
    naering_err *e = naering_store_links(db, p, external, &links);
    int broken;

    if (e) {
        fprintf(stderr, "naering-admin: %s\n", naering_err_text(p, e));
        return 1;
    }
    broken = external ? naering_links_external(p, links)
                      : naering_links_internal(p, db, links);
    if (broken)
        fprintf(stderr, "naering-admin: %d broken links\n", broken);
    return broken ? 1 : 0;
}

naering_err *naering_admin_move(apr_pool_t *p, naering_db *db,
                                const char *const *argv)
{
    const char *b = getenv("NAERING_BASE");
    const char *base = b && b[0] == '/' ? b : "", *moved;
    int count = 0;
    naering_err *e = naering_store_move(db, p, argv[3], argv[4], argv[5],
                                        NULL, &moved);

    if (!e)
        e = naering_store_relink(db, p, base, argv[3], moved, &count);
    if (!e && count)
        printf("move: links rewritten on %d pages\n", count);
    return e;
}
