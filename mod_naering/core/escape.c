/*
 * Bytes as hex: digests and secrets in lower case, and percent escapes
 * (upper case, as RFC 3986 recommends) for what a header or URL may not
 * carry raw.  Pure.
 */
#include <string.h>
#include <apr_strings.h>
#include "core/core.h"

const char *naering_hex(apr_pool_t *p, const unsigned char *bytes,
                        apr_size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = apr_palloc(p, n * 2 + 1);
    apr_size_t i;

    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    hex[2 * n] = '\0';
    return hex;
}

const char *naering_percent(apr_pool_t *p, const char *s,
                            int (*keep)(unsigned char c))
{
    static const char digits[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;
    const unsigned char *u;

    for (u = (const unsigned char *)s; *u; u++) {
        if (keep(*u)) {
            *o++ = (char)*u;
            continue;
        }
        *o++ = '%';
        *o++ = digits[*u >> 4];
        *o++ = digits[*u & 15];
    }
    *o = '\0';
    return out;
}
