/*
 * What a visitor typed -> an FTS5 expression that cannot be a syntax
 * error.  Pure.  Every run of letters and digits becomes a quoted prefix
 * term ("nærings"* finds "næringsplan"); everything else (quotes, *, -,
 * parentheses, NEAR, AND as operators) separates words, so the visitor's
 * text is always searched as text.  Terms are joined by spaces: all must
 * match.
 */
#include <string.h>
#include <apr_strings.h>
#include "text/text.h"

#define NAERING_SEARCH_MAX_TERMS 12
#define NAERING_SEARCH_MAX_TERM 64

/* ASCII letters and digits, and every byte of a multi-byte UTF-8
 * character (æ ø å and the rest of the world's letters). */
static int naering_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Length of a term cut to at most max bytes, not inside a character. */
static size_t naering_term_cut(const unsigned char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && (s[n] & 0xc0) == 0x80)
        n--;
    return n;
}

const char *naering_search_query(apr_pool_t *p, const char *input)
{
    const unsigned char *s = (const unsigned char *)(input ? input : "");
    char *out = apr_palloc(p, NAERING_SEARCH_MAX_TERMS
                              * (NAERING_SEARCH_MAX_TERM + 4) + 1);
    char *o = out;
    int terms = 0;

    while (*s && terms < NAERING_SEARCH_MAX_TERMS) {
        size_t n = 0, keep;
        while (*s && !naering_word_byte(*s))
            s++;
        while (naering_word_byte(s[n]))
            n++;
        if (n == 0)
            break;
        keep = naering_term_cut(s, n, NAERING_SEARCH_MAX_TERM);
        if (terms++)
            *o++ = ' ';
        *o++ = '"';
        memcpy(o, s, keep);
        o += keep;
        *o++ = '"';
        *o++ = '*';
        s += n;
    }
    *o = '\0';
    return terms ? out : NULL;
}
