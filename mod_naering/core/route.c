/*
 * The site's URL scheme, both ways: URI -> action (route_parse), and every
 * URL the site writes (the url_ builders).  Pure: no Apache, no SQL; the
 * unit tests and the fuzzer drive it directly.  Input is the decoded path
 * below the mount point.
 *
 * Canonical page paths are "/" or "/seg/seg" with lower-case slugs; a path
 * that only differs in case, in a trailing slash or in repeated slashes
 * answers REDIRECT to the canonical one, anything else that is not a valid
 * slug is NOT_FOUND (never a guess).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_escape.h>
#include "core/core.h"

#define NAERING_SLUG_MAX 100

/* Bytes of a UTF-8 sequence for æ ø å (lower) and Æ Ø Å (upper). */
static int naering_nordic_lower(const unsigned char *s)
{
    return s[0] == 0xc3 && (s[1] == 0xa6 || s[1] == 0xb8 || s[1] == 0xa5);
}

static int naering_nordic_upper(const unsigned char *s)
{
    return s[0] == 0xc3 && (s[1] == 0x86 || s[1] == 0x98 || s[1] == 0x85);
}

static int naering_slug_byte(const unsigned char *s)
{
    return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')
        || s[0] == '-';
}

int naering_slug_valid(const char *slug)
{
    const unsigned char *s = (const unsigned char *)slug;
    size_t n = strlen(slug);

    if (n == 0 || n > NAERING_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
        return 0;
    while (*s) {
        if (naering_slug_byte(s))
            s++;
        else if (naering_nordic_lower(s))
            s += 2;
        else
            return 0;
    }
    return strcmp(slug, NAERING_SEG_DOCUMENTS) != 0;
}

int naering_slug_usable(const char *parent_path, const char *slug)
{
    static const char *const reserved[] = { NAERING_SEG_SEARCH,
                                            NAERING_SEG_EDIT,
                                            NAERING_SEG_ASSETS,
                                            NAERING_SEG_IMAGES };
    size_t i;

    if (!naering_slug_valid(slug))
        return 0;
    for (i = 0; strcmp(parent_path, "/") == 0
                && i < sizeof(reserved) / sizeof(reserved[0]); i++)
        if (strcmp(slug, reserved[i]) == 0)
            return 0;
    return 1;
}

/* Lower-cases ASCII and ÆØÅ in place; returns 1 if anything changed. */
static int naering_fold_case(char *seg)
{
    unsigned char *s = (unsigned char *)seg;
    int changed = 0;

    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            *s += 'a' - 'A';
            changed = 1;
        }
        else if (naering_nordic_upper(s)) {
            s[1] += 0x20;
            changed = 1;
            s++;
        }
    }
    return changed;
}

/* A document or asset name: one segment, printable, not "." or "..". */
static int naering_name_valid(const char *name)
{
    const unsigned char *s = (const unsigned char *)name;

    if (!*s || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (; *s; s++)
        if (*s < 0x20 || *s == 0x7f || *s == '\\')
            return 0;
    return 1;
}

static int naering_asset_valid(const char *name)
{
    const char *s;

    if (!naering_name_valid(name) || name[0] == '.')
        return 0;
    for (s = name; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
              || *s == '.' || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* Splits rel into non-empty segments; *messy says empty ones were dropped
 * (repeated or trailing slashes). */
static apr_array_header_t *naering_split(apr_pool_t *p, const char *rel,
                                         int *messy)
{
    apr_array_header_t *segs = apr_array_make(p, 8, sizeof(char *));
    char *copy = apr_pstrdup(p, rel), *tok, *state = NULL;
    size_t n = strlen(rel);

    *messy = (n > 1 && rel[n - 1] == '/') || strstr(rel, "//") != NULL
             || (n > 0 && rel[0] != '/');
    for (tok = apr_strtok(copy, "/", &state); tok;
         tok = apr_strtok(NULL, "/", &state))
        *(char **)apr_array_push(segs) = tok;
    return segs;
}

static const char *naering_join(apr_pool_t *p, apr_array_header_t *segs,
                                int from, int to)
{
    const char *path = "";
    int i;

    for (i = from; i < to; i++)
        path = apr_pstrcat(p, path, "/", APR_ARRAY_IDX(segs, i, char *),
                           NULL);
    return *path ? path : "/";
}

/* Checks segs[from..to) as slugs, folding case; returns -1 if one is not a
 * slug, 1 if case had to be folded, 0 if all were canonical. */
static int naering_check_slugs(apr_array_header_t *segs, int from, int to)
{
    int i, folded = 0;

    for (i = from; i < to; i++) {
        char *seg = APR_ARRAY_IDX(segs, i, char *);
        folded |= naering_fold_case(seg);
        if (!naering_slug_valid(seg))
            return -1;
    }
    return folded;
}

static naering_route naering_route_make(naering_action a, const char *path,
                                        const char *name)
{
    naering_route r;
    r.action = a;
    r.page_path = path;
    r.name = name;
    r.id = 0;
    return r;
}

/* A positive id written canonically: digits, no leading zero, at most
 * 2^53 - 1 (what every layer above holds exactly); 0 otherwise. */
static apr_int64_t naering_canonical_id(const char *s)
{
    apr_int64_t v = 0;
    const char *c;

    if (s[0] < '1' || s[0] > '9' || strlen(s) > 16)
        return 0;
    for (c = s; *c; c++) {
        if (*c < '0' || *c > '9')
            return 0;
        v = v * 10 + (*c - '0');
    }
    return v <= APR_INT64_C(9007199254740991) ? v : 0;
}

/* "<64 hex>.webp", ".jpg" or ".png": a variant's content address. */
static int naering_variant_name(const char *s)
{
    int i;

    for (i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return !strcmp(s + 64, ".webp") || !strcmp(s + 64, ".jpg")
        || !strcmp(s + 64, ".png");
}

/* /bilder/<id> and /bilder/<id>/<sha256>.<ext>; nothing else below. */
static naering_route naering_route_image(apr_array_header_t *segs, int messy)
{
    naering_route r = naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
    apr_int64_t id = segs->nelts >= 2
                     ? naering_canonical_id(APR_ARRAY_IDX(segs, 1, char *))
                     : 0;

    if (messy || !id || segs->nelts > 3 || (segs->nelts == 3
        && !naering_variant_name(APR_ARRAY_IDX(segs, 2, char *))))
        return r;
    r.action = NAERING_ROUTE_IMAGE;
    r.id = id;
    r.name = segs->nelts == 3 ? APR_ARRAY_IDX(segs, 2, char *) : NULL;
    return r;
}

/* Top-level words whose whole subtree is the site's own, never a page:
 * what they do not route is 404, never a page or a redirect. */
static int naering_seg_not_a_page(const char *seg)
{
    return strcmp(seg, NAERING_SEG_ASSETS) == 0
        || strcmp(seg, NAERING_SEG_IMAGES) == 0;
}

static naering_route naering_route_top(apr_pool_t *p,
                                       apr_array_header_t *segs, int messy)
{
    const char *first = APR_ARRAY_IDX(segs, 0, char *);
    const char *canon = naering_join(p, segs, 0, segs->nelts);

    if (segs->nelts == 1 && strcmp(first, NAERING_SEG_SEARCH) == 0)
        return naering_route_make(messy ? NAERING_ROUTE_REDIRECT
                                        : NAERING_ROUTE_SEARCH, canon, NULL);
    if (segs->nelts == 1 && strcmp(first, NAERING_SEG_FEED) == 0)
        return naering_route_make(NAERING_ROUTE_FEED, canon, NULL);
    if (segs->nelts == 1 && strcmp(first, NAERING_SEG_SITEMAP) == 0)
        return naering_route_make(NAERING_ROUTE_SITEMAP, canon, NULL);
    if (segs->nelts == 1 && strcmp(first, NAERING_SEG_HEALTH) == 0 && !messy)
        return naering_route_make(NAERING_ROUTE_HEALTH, canon, NULL);
    if (strcmp(first, NAERING_SEG_IMAGES) == 0)
        return naering_route_image(segs, messy);
    /* the icon of the templates' assets, where browsers look for it */
    if (segs->nelts == 1 && strcmp(first, NAERING_SEG_FAVICON) == 0
        && !messy)
        return naering_route_make(NAERING_ROUTE_ASSET, NULL,
                                  NAERING_SEG_FAVICON);
    if (strcmp(first, NAERING_SEG_ASSETS) == 0) {
        const char *name = segs->nelts == 2
                           ? APR_ARRAY_IDX(segs, 1, char *) : "";
        if (!naering_asset_valid(name) || messy)
            return naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
        return naering_route_make(NAERING_ROUTE_ASSET, NULL, name);
    }
    return naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
}

naering_route naering_route_parse(apr_pool_t *p, const char *rel)
{
    int messy, n, folded, docs;
    apr_array_header_t *segs = naering_split(p, rel ? rel : "", &messy);
    naering_route top;

    n = segs->nelts;
    if (n == 0)
        return naering_route_make(messy && rel && *rel
                                  ? NAERING_ROUTE_REDIRECT
                                  : NAERING_ROUTE_PAGE, "/", NULL);
    top = naering_route_top(p, segs, messy);
    if (top.action != NAERING_ROUTE_NOT_FOUND
        || naering_seg_not_a_page(APR_ARRAY_IDX(segs, 0, char *)))
        return top;

    /* The editor's paths are canonical like the pages': Apache's
     * <Location> match is case-sensitive, so /redigering/SAMFERDSEL must
     * never reach what /redigering/samferdsel's Require guards. */
    if (strcmp(APR_ARRAY_IDX(segs, 0, char *), NAERING_SEG_EDIT) == 0) {
        folded = naering_check_slugs(segs, 1, n);
        if (folded < 0)
            return naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
        if (folded || messy)
            return naering_route_make(NAERING_ROUTE_REDIRECT,
                                      naering_join(p, segs, 0, n), NULL);
        return naering_route_make(NAERING_ROUTE_EDIT,
                                  naering_join(p, segs, 1, n), NULL);
    }

    docs = n >= 2
           && strcmp(APR_ARRAY_IDX(segs, n - 2, char *),
                     NAERING_SEG_DOCUMENTS) == 0;
    if (docs) {
        const char *name = APR_ARRAY_IDX(segs, n - 1, char *);
        if (messy || !naering_name_valid(name)
            || naering_check_slugs(segs, 0, n - 2) != 0)
            return naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
        return naering_route_make(NAERING_ROUTE_DOCUMENT,
                                  naering_join(p, segs, 0, n - 2), name);
    }

    folded = naering_check_slugs(segs, 0, n);
    /* Folding case must not lead into a top-level word that is no page
     * either (found by fuzzing: "bIlder" redirected to a 404). */
    if (folded < 0 || naering_seg_not_a_page(APR_ARRAY_IDX(segs, 0, char *)))
        return naering_route_make(NAERING_ROUTE_NOT_FOUND, NULL, NULL);
    return naering_route_make(folded || messy ? NAERING_ROUTE_REDIRECT
                                              : NAERING_ROUTE_PAGE,
                              naering_join(p, segs, 0, n), NULL);
}

/* ---- URLs the site writes ------------------------------------------------ */

const char *naering_url_page(apr_pool_t *p, const char *base,
                             const char *path)
{
    if (strcmp(path, "/") == 0)
        return apr_pstrcat(p, base, "/", NULL);
    return apr_pstrcat(p, base, path, NULL);
}

const char *naering_url_edit(apr_pool_t *p, const char *base,
                             const char *path)
{
    return apr_pstrcat(p, base, "/" NAERING_SEG_EDIT,
                       strcmp(path, "/") ? path : "", NULL);
}

const char *naering_url_doc(apr_pool_t *p, const char *base,
                            const char *page_path, const char *filename)
{
    return apr_pstrcat(p, base, strcmp(page_path, "/") ? page_path : "",
                       "/" NAERING_SEG_DOCUMENTS "/",
                       apr_pescape_path_segment(p, filename), NULL);
}

const char *naering_url_image(apr_pool_t *p, const char *base,
                              apr_int64_t id)
{
    return apr_psprintf(p, "%s/" NAERING_SEG_IMAGES "/%" APR_INT64_T_FMT,
                        base, id);
}

const char *naering_url_image_variant(apr_pool_t *p, const char *base,
                                      apr_int64_t id, const char *sha256,
                                      const char *mime)
{
    const char *ext = !strcmp(mime, "image/webp") ? "webp"
                      : !strcmp(mime, "image/png") ? "png" : "jpg";

    return apr_psprintf(p, "%s/%s.%s", naering_url_image(p, base, id),
                        sha256, ext);
}

const char *naering_url_site(apr_pool_t *p, const char *base,
                             const char *seg)
{
    return apr_pstrcat(p, base, "/", seg, NULL);
}

const char *naering_url_absolute(apr_pool_t *p, const char *absolute,
                                 const char *path)
{
    return apr_pstrcat(p, absolute ? absolute : "",
                       apr_pescape_path(p, path + 1, 1), NULL);
}

const char *naering_path_parent(apr_pool_t *p, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash == path ? "/" : apr_pstrndup(p, path, slash - path);
}

int naering_path_within(const char *path, const char *top)
{
    size_t n = strlen(top);

    if (strcmp(top, "/") == 0)
        return path[0] == '/';
    return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
