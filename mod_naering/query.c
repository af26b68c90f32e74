/* Query strings: one parameter by name, decoded.  Pure. */
#include <string.h>
#include <stdlib.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include "naering.h"

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

/* Characters XML 1.0 cannot carry (C0 controls but TAB, LF and CR; DEL;
 * U+FFFE and U+FFFF) become spaces: a vertical tab pasted from Word must
 * not break the feed.  s must be valid UTF-8. */
char *naering_xml_chars(apr_pool_t *p, const char *s)
{
    char *out = apr_pstrdup(p, s);
    unsigned char *u = (unsigned char *)out;

    for (; *u; u++) {
        if ((*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r')
            || *u == 0x7f)
            *u = ' ';
        else if (u[0] == 0xef && u[1] == 0xbf && (u[2] == 0xbe || u[2] == 0xbf)) {
            u[0] = u[1] = u[2] = ' ';
            u += 2;
        }
    }
    return out;
}
