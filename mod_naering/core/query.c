/* Query strings and urlencoded bodies: one parameter by name, decoded;
 * the names themselves are the query words of core.h.  Pure. */
#include <string.h>
#include <stdlib.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include "core/core.h"

/* Decodes %XX and '+'; returns NULL for a malformed escape or an encoded
 * NUL, which no parameter of ours may carry. */
static char *naering_unescape(apr_pool_t *p, const char *s, size_t n)
{
    char *out = apr_palloc(p, n + 1), *o = out;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] == '+')
            *o++ = ' ';
        else if (s[i] != '%')
            *o++ = s[i];
        else if (i + 2 < n && apr_isxdigit(s[i + 1])
                 && apr_isxdigit(s[i + 2])) {
            char hex[3] = { s[i + 1], s[i + 2], 0 };
            *o = (char)strtol(hex, NULL, 16);
            if (*o++ == '\0')
                return NULL;
            i += 2;
        }
        else
            return NULL;
    }
    *o = '\0';
    return out;
}

const char *naering_query_get(apr_pool_t *p, const char *args,
                              const char *name)
{
    size_t len = strlen(name);
    const char *s = args;

    while (s && *s) {
        const char *end = strchr(s, '&');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n >= len && strncmp(s, name, len) == 0
            && (n == len || s[len] == '='))
            return naering_unescape(p, s + len + (n > len),
                                    n - len - (n > len));
        s = end ? end + 1 : NULL;
    }
    return NULL;
}

int naering_query_present(const char *args, const char *name)
{
    size_t len = strlen(name);
    const char *s = args;

    while (s && *s) {
        const char *end = strchr(s, '&');
        if (strncmp(s, name, len) == 0 && (s[len] == '=' || s[len] == '&'
                                           || s[len] == '\0'))
            return 1;
        s = end ? end + 1 : NULL;
    }
    return 0;
}

apr_int64_t naering_query_id(const char *s)
{
    char *end = NULL;
    apr_int64_t id;

    if (!s || !apr_isdigit(*s))
        return 0;
    id = apr_strtoi64(s, &end, 10);
    return end && !*end && id > 0 ? id : 0;
}
