/*
 * UTF-8: validity (every text that comes in is checked before it is
 * stored or shown), character counts for the limits editors see, and the
 * characters XML 1.0 cannot carry.  Pure.
 */
#include <apr_strings.h>
#include "core/core.h"

/* Length of the well-formed sequence at u (Unicode table 3-7), 0 if none.
 * Reads a byte only after the ones before it were continuation bytes, so a
 * terminating NUL stops it. */
apr_size_t naering_utf8_seq(const unsigned char *u, apr_size_t avail)
{
    unsigned lo = 0x80, hi = 0xBF;
    apr_size_t n, i;

    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        n = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        n = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        n = 4;
    else
        return 0;
    if (u[0] == 0xE0)
        lo = 0xA0;              /* overlong */
    else if (u[0] == 0xED)
        hi = 0x9F;              /* surrogates */
    else if (u[0] == 0xF0)
        lo = 0x90;              /* overlong */
    else if (u[0] == 0xF4)
        hi = 0x8F;              /* above U+10FFFF */
    if (avail < n || u[1] < lo || u[1] > hi)
        return 0;
    for (i = 2; i < n; i++)
        if ((u[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

int naering_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i = 0, n;

    while (i < len) {
        if (u[i] == 0)
            return 0;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        n = naering_utf8_seq(u + i, len - i);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

apr_size_t naering_utf8_chars(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
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
