/*
 * The links of a stored body: every <a href> of the sanitizer's normal
 * form, each once, as the site keeps them to know what links where
 * (page_link): the href percent-decoded, without its #fragment and
 * ?query, and without a trailing slash, so that "/om/" and "/om#styret"
 * are both "/om".  Only http:, https: and paths of the site (starting
 * with one "/") count; mailto:, tel: and the rest are no links to check.
 * And when a page moves, its links in other pages' texts are rewritten
 * (naering_xhtml_relink), only the href values, so the text stays in the
 * sanitizer's normal form.  Pure.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_escape.h>
#include "text/text.h"

typedef struct {
    apr_pool_t *p;
    apr_hash_t *seen;
    apr_array_header_t *links;
} naering_links_ctx;

const char *naering_link_normal(apr_pool_t *p, const char *href)
{
    size_t n = strcspn(href, "#?");
    char *s = apr_pstrndup(p, href, n);
    const char *decoded;

    if (!(s[0] == '/' && s[1] != '/') && strncmp(s, "http://", 7)
        && strncmp(s, "https://", 8))
        return NULL;
    decoded = apr_punescape_url(p, s, NULL, NULL, 0);
    if (!decoded || !naering_utf8_valid(decoded, strlen(decoded)))
        return NULL;
    n = strlen(decoded);
    while (n > 1 && decoded[n - 1] == '/' && decoded[0] == '/')
        n--;
    return apr_pstrndup(p, decoded, n);
}

static void naering_links_walk(xmlNodePtr n, naering_links_ctx *c)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, (const xmlChar *)"a")) {
            const char *v = naering_xml_prop(c->p, n, "href");
            const char *norm = v ? naering_link_normal(c->p, v) : NULL;
            if (norm && !apr_hash_get(c->seen, norm, APR_HASH_KEY_STRING)) {
                apr_hash_set(c->seen, norm, APR_HASH_KEY_STRING, "");
                *(const char **)apr_array_push(c->links) = norm;
            }
        }
        naering_links_walk(n->children, c);
    }
}

static void naering_links_of(xmlNodePtr nodes, void *arg)
{
    naering_links_walk(nodes, arg);
}

apr_array_header_t *naering_xhtml_links(apr_pool_t *p, const char *xhtml)
{
    naering_links_ctx c;

    c.p = p;
    c.seen = apr_hash_make(p);
    c.links = apr_array_make(p, 8, sizeof(const char *));
    if (xhtml && strstr(xhtml, "<a "))
        naering_xhtml_parse(xhtml, naering_links_of, &c);
    return c.links;
}

/* One href of the text at v (escaped as the sanitizer writes attribute
 * values, ending at the next quote): the new value when it points at from
 * or below it, else NULL. */
static const char *naering_relink_one(apr_pool_t *p, const char *raw,
                                      const char *from, const char *to)
{
    const char *href = apr_punescape_entity(p, raw);
    const char *norm = naering_link_normal(p, href ? href : raw);
    size_t n = strlen(from);

    if (!href)
        href = raw;
    if (!norm || strncmp(norm, from, n) || (norm[n] && norm[n] != '/'))
        return NULL;
    return apr_pstrcat(p, apr_pescape_path(p, apr_pstrcat(p, to, norm + n,
                                                         NULL), 1),
                       href + strcspn(href, "#?"), NULL);
}

const char *naering_xhtml_relink(apr_pool_t *p, const char *xhtml,
                                 const char *from, const char *to,
                                 int *changed)
{
    naering_buf out;
    const char *s = xhtml, *h;

    *changed = 0;
    naering_buf_init(&out, p, strlen(xhtml) + 64);
    while ((h = strstr(s, " href=\""))) {
        const char *v = h + 7, *end = strchr(v, '"'), *now;
        if (!end)
            break;
        naering_buf_add(&out, s, (apr_size_t)(v - s));
        now = naering_relink_one(p, apr_pstrndup(p, v, end - v), from, to);
        if (now) {
            now = apr_pescape_entity(p, now, 0);
            naering_buf_add(&out, now, strlen(now));
            *changed = 1;
        }
        else
            naering_buf_add(&out, v, (apr_size_t)(end - v));
        s = end;
    }
    naering_buf_add(&out, s, strlen(s));
    return naering_buf_str(&out);
}
