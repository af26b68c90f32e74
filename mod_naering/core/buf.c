/*
 * A byte buffer in a pool that doubles when full.  Growing by what is
 * needed (or copying on every append) costs O(n^2) for n small appends: a
 * multipart field trickled one byte per read once took a child from 13 MB
 * to 478 MB.  Doubling keeps the copies and the pool's share to at most
 * twice the final size.  Pure.
 */
#include <string.h>
#include <apr_strings.h>
#include "core/core.h"

void naering_buf_init(naering_buf *b, apr_pool_t *p, apr_size_t cap)
{
    b->p = p;
    b->len = 0;
    b->cap = cap ? cap : 64;
    b->s = apr_palloc(p, b->cap);
}

/* Room for n more bytes and a NUL. */
static void naering_buf_room(naering_buf *b, apr_size_t n)
{
    apr_size_t cap = b->cap;
    char *s;

    if (b->len + n + 1 <= cap)
        return;
    while (b->len + n + 1 > cap)
        cap *= 2;
    s = apr_palloc(b->p, cap);
    if (b->len)
        memcpy(s, b->s, b->len);
    b->s = s;
    b->cap = cap;
}

void naering_buf_add(naering_buf *b, const char *s, apr_size_t n)
{
    naering_buf_room(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

void naering_buf_putc(naering_buf *b, char c)
{
    naering_buf_room(b, 1);
    b->s[b->len++] = c;
}

char *naering_buf_str(naering_buf *b)
{
    naering_buf_room(b, 0);
    b->s[b->len] = '\0';
    return b->s;
}
