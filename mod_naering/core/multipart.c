/*
 * Streaming multipart/form-data (RFC 7578 on RFC 2046) for uploads.  The
 * handler pushes the request body in whatever pieces ap_get_brigade gives;
 * the parser hands each part's bytes on as they come and never holds a part.
 * Pure C on APR: it links into the unit tests and the fuzzer.
 */
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include "core/core.h"


typedef enum {
    NAERING_MP_PREAMBLE,     /* before the first delimiter: skipped */
    NAERING_MP_AFTER_DELIM,  /* "--" closes; else padding, then CRLF */
    NAERING_MP_CLOSE_DASH,   /* saw the first '-' of the closing "--" */
    NAERING_MP_PADDING,      /* transport padding: spaces and tabs */
    NAERING_MP_DELIM_LF,     /* saw the CR that ends a delimiter line */
    NAERING_MP_HEADERS,      /* a part's header block */
    NAERING_MP_DATA,         /* a part's bytes, up to the next delimiter */
    NAERING_MP_EPILOGUE,     /* after the closing delimiter: skipped */
    NAERING_MP_FAILED        /* err says why, for good */
} naering_mp_state;

struct naering_mp {
    apr_pool_t *pool;           /* the parser and its one error */
    apr_pool_t *part_pool;      /* cleared per part: header strings */
    naering_mp_callbacks cb;
    void *ctx;
    const char *delim;          /* CRLF "--" boundary */
    apr_size_t dlen;
    /* Bytes of delim matched so far, maybe in earlier feeds.  They are
     * delim's own prefix, so the look-behind needs no copy at all. */
    apr_size_t match;
    naering_mp_state state;
    naering_err *err;
    int fed;                    /* a byte has come */
    int parts;
    /* the part whose headers are being read */
    apr_size_t line_len, hdr_bytes;
    int hdr_lines, have_cd;
    const char *name, *filename, *filename_ext, *ctype;
    char line[NAERING_MP_MAX_HEADER_BYTES + 1];
};

/* ---- lexing: tokens, quoted-strings, parameters ------------------------ */

static int naering_mp_tchar(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars.  None is CR, so a failed partial match of the delimiter
 * can only restart at the byte that failed (see naering_mp_scan). */
static int naering_mp_bchar(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("'()+_,-./:=? ", c));
}

static const char *naering_mp_ows(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static const char *naering_mp_token_end(const char *s)
{
    while (naering_mp_tchar((unsigned char)*s))
        s++;
    return s;
}

/* A quoted-string at c, unescaped into p.  Only \" and \\ are escapes:
 * browsers send Windows paths with raw backslashes.  Returns the end, NULL
 * when unterminated. */
static const char *naering_mp_quoted(apr_pool_t *p, const char *c,
                                     const char **value)
{
    const char *end = c + 1;
    char *o;

    while (*end && *end != '"')
        end += (*end == '\\' && (end[1] == '"' || end[1] == '\\')) ? 2 : 1;
    if (!*end)
        return NULL;
    *value = o = apr_palloc(p, (apr_size_t)(end - c));
    for (c++; c < end; c++) {
        if (*c == '\\' && (c[1] == '"' || c[1] == '\\'))
            c++;
        *o++ = *c;
    }
    *o = '\0';
    return end + 1;
}

/* A parameter value: quoted-string, or a token that may hold raw UTF-8. */
static const char *naering_mp_value(apr_pool_t *p, const char *c,
                                    const char **value)
{
    const char *start = c;

    if (*c == '"')
        return naering_mp_quoted(p, c, value);
    while (naering_mp_tchar((unsigned char)*c) || (unsigned char)*c >= 0x80)
        c++;
    if (c == start)
        return NULL;
    *value = apr_pstrmemdup(p, start, (apr_size_t)(c - start));
    return c;
}

/* Reads one "; name=value" at *s.  Returns 1 with a parameter, 0 at the
 * end (a trailing ';' is tolerated), -1 when malformed. */
static int naering_mp_param(apr_pool_t *p, const char **s, const char **name,
                            apr_size_t *nlen, const char **value)
{
    const char *c = naering_mp_ows(*s);

    if (!*c)
        return 0;
    if (*c != ';')
        return -1;
    c = naering_mp_ows(c + 1);
    if (!*c)
        return 0;
    *name = c;
    c = naering_mp_token_end(c);
    *nlen = (apr_size_t)(c - *name);
    c = naering_mp_ows(c);
    if (!*nlen || *c != '=')
        return -1;
    c = naering_mp_value(p, naering_mp_ows(c + 1), value);
    if (!c)
        return -1;
    *s = c;
    return 1;
}

static int naering_mp_is(const char *name, apr_size_t nlen, const char *want)
{
    return nlen == strlen(want) && strncasecmp(name, want, nlen) == 0;
}

/* ---- the request's Content-Type ---------------------------------------- */

static int naering_mp_boundary_ok(const char *b)
{
    apr_size_t n = strlen(b), i;

    if (n < 1 || n > 70 || b[n - 1] == ' ')
        return 0;
    for (i = 0; i < n; i++)
        if (!naering_mp_bchar((unsigned char)b[i]))
            return 0;
    return 1;
}

/* Client text stays out of the messages: they go to the error log. */
static naering_err *naering_mp_content_type(apr_pool_t *p, const char *ct,
                                            const char **boundary)
{
    static const char type[] = "multipart/form-data";
    const char *s = ct ? naering_mp_ows(ct) : "", *name, *value;
    apr_size_t nlen, tlen = sizeof(type) - 1;
    int r;

    if (strncasecmp(s, type, tlen) != 0 || !strchr("; \t", s[tlen]))
        return naering_err_make(p, 415, "multipart: Content-Type is not "
                                "multipart/form-data");
    s += tlen;
    *boundary = NULL;
    while ((r = naering_mp_param(p, &s, &name, &nlen, &value)) > 0) {
        if (!naering_mp_is(name, nlen, "boundary"))
            continue;
        if (*boundary)
            return naering_err_make(p, 400, "multipart: two boundaries");
        *boundary = value;
    }
    if (r < 0)
        return naering_err_make(p, 400, "multipart: malformed Content-Type");
    if (!*boundary || !naering_mp_boundary_ok(*boundary))
        return naering_err_make(p, 400, "multipart: no valid boundary "
                                "(1-70 RFC 2046 characters)");
    return NULL;
}

naering_err *naering_mp_create(apr_pool_t *p, const char *content_type,
                               const naering_mp_callbacks *cb, void *ctx,
                               naering_mp **out)
{
    const char *boundary = NULL;
    naering_err *e = naering_mp_content_type(p, content_type, &boundary);
    naering_mp *mp;

    *out = NULL;
    if (e)
        return e;
    mp = apr_pcalloc(p, sizeof(*mp));
    if (apr_pool_create(&mp->part_pool, p) != APR_SUCCESS)
        return naering_err_make(p, 500, "multipart: no memory");
    mp->pool = p;
    if (cb)
        mp->cb = *cb;
    mp->ctx = ctx;
    mp->delim = apr_pstrcat(p, "\r\n--", boundary, NULL);
    mp->dlen = strlen(mp->delim);
    mp->match = 2;   /* the first delimiter may open the body, CRLF-less */
    mp->state = NAERING_MP_PREAMBLE;
    *out = mp;
    return NULL;
}

/* ---- part headers ------------------------------------------------------ */

static naering_err *naering_mp_fail(naering_mp *mp, const char *why)
{
    return naering_err_make(mp->pool, 400, "multipart: part %d: %s",
                            mp->parts, why);
}

/* Header text: no control characters but HT (no NUL, no bare CR). */
static int naering_mp_text_ok(const char *s, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return 0;
    }
    return 1;
}

static int naering_mp_hex(char c)
{
    return apr_isdigit(c) ? c - '0' : apr_tolower(c) - 'a' + 10;
}

/* filename*=UTF-8'lang'percent-encoded (RFC 8187); UTF-8 only. */
static naering_err *naering_mp_ext_value(naering_mp *mp, const char *v,
                                         const char **out)
{
    const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
    char *o, *start;

    if (!q2 || q1 - v != 5 || strncasecmp(v, "UTF-8", 5) != 0)
        return naering_mp_fail(mp, "filename* is not UTF-8''...");
    start = o = apr_palloc(mp->part_pool, strlen(q2));
    for (v = q2 + 1; *v; v++) {
        if (*v != '%') {
            *o++ = *v;
            continue;
        }
        if (!apr_isxdigit(v[1]) || !apr_isxdigit(v[2]))
            return naering_mp_fail(mp, "bad %-escape in filename*");
        *o++ = (char)(naering_mp_hex(v[1]) << 4 | naering_mp_hex(v[2]));
        v += 2;
    }
    *o = '\0';
    if (!naering_mp_text_ok(start, (apr_size_t)(o - start)))
        return naering_mp_fail(mp, "control character in filename*");
    *out = start;
    return NULL;
}

/* Repeats are refused: two names could smuggle a field past a check. */
static naering_err *naering_mp_cd_param(naering_mp *mp, const char *name,
                                        apr_size_t nlen, const char *value)
{
    const char **slot = NULL;

    if (naering_mp_is(name, nlen, "name"))
        slot = &mp->name;
    else if (naering_mp_is(name, nlen, "filename"))
        slot = &mp->filename;
    else if (naering_mp_is(name, nlen, "filename*"))
        slot = &mp->filename_ext;
    if (!slot)
        return NULL;
    if (*slot)
        return naering_mp_fail(mp, "repeated Content-Disposition parameter");
    *slot = value;
    return NULL;
}

static naering_err *naering_mp_disposition(naering_mp *mp, const char *s)
{
    const char *name, *value;
    apr_size_t nlen;
    naering_err *e;
    int r;

    if (mp->have_cd)
        return naering_mp_fail(mp, "two Content-Disposition headers");
    mp->have_cd = 1;
    if (strncasecmp(s, "form-data", 9) != 0
        || naering_mp_tchar((unsigned char)s[9]))
        return naering_mp_fail(mp, "Content-Disposition is not form-data");
    s += 9;
    while ((r = naering_mp_param(mp->part_pool, &s, &name, &nlen,
                                 &value)) > 0)
        if ((e = naering_mp_cd_param(mp, name, nlen, value)))
            return e;
    return r < 0 ? naering_mp_fail(mp, "malformed Content-Disposition")
                 : NULL;
}

/* One header line, NUL-terminated without its CRLF. */
static naering_err *naering_mp_header(naering_mp *mp, char *line)
{
    const char *colon = naering_mp_token_end(line);
    char *value, *end;
    apr_size_t nlen = (apr_size_t)(colon - line);

    if (*colon != ':' || nlen == 0)
        return naering_mp_fail(mp, "malformed header line");
    value = (char *)naering_mp_ows(colon + 1);
    end = value + strlen(value);
    while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    if (naering_mp_is(line, nlen, "Content-Disposition"))
        return naering_mp_disposition(mp, value);
    if (!naering_mp_is(line, nlen, "Content-Type"))
        return NULL;
    if (mp->ctype)
        return naering_mp_fail(mp, "two Content-Type headers");
    mp->ctype = apr_pstrdup(mp->part_pool, value);
    return NULL;
}

static naering_err *naering_mp_headers_done(naering_mp *mp)
{
    naering_err *e;

    if (!mp->have_cd)
        return naering_mp_fail(mp, "no Content-Disposition");
    if (!mp->name || !*mp->name)
        return naering_mp_fail(mp, "no name");
    if (mp->filename_ext
        && (e = naering_mp_ext_value(mp, mp->filename_ext, &mp->filename)))
        return e;
    if (!naering_utf8_valid(mp->name, strlen(mp->name))
        || (mp->filename
            && !naering_utf8_valid(mp->filename, strlen(mp->filename))))
        return naering_mp_fail(mp, "name or file name not UTF-8");
    mp->state = NAERING_MP_DATA;
    mp->match = 0;
    if (!mp->cb.part_begin)
        return NULL;
    return mp->cb.part_begin(mp->ctx, mp->name, mp->filename, mp->ctype);
}

/* The line in mp->line ends with LF: check it, then take it apart. */
static naering_err *naering_mp_header_line(naering_mp *mp)
{
    char *line = mp->line;
    apr_size_t n = mp->line_len;

    mp->line_len = 0;
    if (n < 2 || line[n - 2] != '\r')
        return naering_mp_fail(mp, "headers without CRLF");
    n -= 2;
    line[n] = '\0';
    if (n == 0)
        return naering_mp_headers_done(mp);
    if (++mp->hdr_lines > NAERING_MP_MAX_HEADER_LINES)
        return naering_mp_fail(mp, "more than 32 header lines");
    if (line[0] == ' ' || line[0] == '\t')
        return naering_mp_fail(mp, "folded header line");
    if (!naering_mp_text_ok(line, n))
        return naering_mp_fail(mp, "control character in a header");
    return naering_mp_header(mp, line);
}

static naering_err *naering_mp_headers(naering_mp *mp, const char *d,
                                       apr_size_t len, apr_size_t *used)
{
    const char *lf = memchr(d, '\n', len);
    apr_size_t n = lf ? (apr_size_t)(lf - d) + 1 : len;

    if (n > NAERING_MP_MAX_HEADER_BYTES - mp->hdr_bytes)
        return naering_mp_fail(mp, "headers over 8192 bytes");
    memcpy(mp->line + mp->line_len, d, n);
    mp->line_len += n;
    mp->hdr_bytes += n;
    *used = n;
    return lf ? naering_mp_header_line(mp) : NULL;
}

/* ---- delimiters -------------------------------------------------------- */

static naering_err *naering_mp_part_start(naering_mp *mp)
{
    if (mp->parts >= NAERING_MP_MAX_PARTS)
        return naering_mp_fail(mp, "too many parts (over 1000)");
    mp->parts++;
    apr_pool_clear(mp->part_pool);
    mp->line_len = mp->hdr_bytes = 0;
    mp->hdr_lines = mp->have_cd = 0;
    mp->name = mp->filename = mp->filename_ext = mp->ctype = NULL;
    mp->state = NAERING_MP_HEADERS;
    return NULL;
}

/* After padding only CRLF may end the delimiter line. */
static naering_err *naering_mp_padding(naering_mp *mp, char c)
{
    if (c == ' ' || c == '\t')
        mp->state = NAERING_MP_PADDING;
    else if (c == '\r')
        mp->state = NAERING_MP_DELIM_LF;
    else
        return naering_mp_fail(mp, "garbage after boundary");
    return NULL;
}

static naering_err *naering_mp_after_delim(naering_mp *mp, char c)
{
    if (c != '-')
        return naering_mp_padding(mp, c);
    mp->state = NAERING_MP_CLOSE_DASH;
    return NULL;
}

static naering_err *naering_mp_close_dash(naering_mp *mp, char c)
{
    if (c != '-')
        return naering_mp_fail(mp, "garbage after boundary");
    mp->state = NAERING_MP_EPILOGUE;
    return NULL;
}

static naering_err *naering_mp_delim_lf(naering_mp *mp, char c)
{
    if (c != '\n')
        return naering_mp_fail(mp, "garbage after boundary");
    return naering_mp_part_start(mp);
}

/* ---- part data --------------------------------------------------------- */

static naering_err *naering_mp_emit(naering_mp *mp, const char *d,
                                    apr_size_t n)
{
    if (mp->state != NAERING_MP_DATA || n == 0 || !mp->cb.part_data)
        return NULL;
    return mp->cb.part_data(mp->ctx, d, n);
}

static naering_err *naering_mp_delimiter(naering_mp *mp)
{
    int in_part = mp->state == NAERING_MP_DATA;

    mp->match = 0;
    mp->state = NAERING_MP_AFTER_DELIM;
    return in_part && mp->cb.part_end ? mp->cb.part_end(mp->ctx) : NULL;
}

/* Looks for the delimiter; in a part, passes on the bytes before it.  held
 * matched bytes came in earlier feeds: they are delim's prefix, and if the
 * match fails they precede this feed's bytes as data. */
static naering_err *naering_mp_scan(naering_mp *mp, const char *d,
                                    apr_size_t len, apr_size_t *used)
{
    apr_size_t i = 0, held = mp->match;
    naering_err *e;

    while (i < len && mp->match < mp->dlen) {
        if (mp->match == 0) {
            const char *cr = memchr(d + i, '\r', len - i);
            if (!cr) {
                i = len;
                break;
            }
            i = (apr_size_t)(cr - d);
        }
        if (d[i] == mp->delim[mp->match]) {
            mp->match++;
            i++;
            continue;
        }
        /* d[i] is looked at again: a CR there starts a new match. */
        if (held && (e = naering_mp_emit(mp, mp->delim, held)))
            return e;
        held = 0;
        mp->match = 0;
    }
    *used = i;
    if ((e = naering_mp_emit(mp, d, i - (mp->match - held))))
        return e;
    return mp->match == mp->dlen ? naering_mp_delimiter(mp) : NULL;
}

/* ---- driving ----------------------------------------------------------- */

/* One state's work on the start of d; *used is at least 1. */
static naering_err *naering_mp_step(naering_mp *mp, const char *d,
                                    apr_size_t len, apr_size_t *used)
{
    *used = 1;
    switch (mp->state) {
    case NAERING_MP_PREAMBLE:
    case NAERING_MP_DATA:
        return naering_mp_scan(mp, d, len, used);
    case NAERING_MP_AFTER_DELIM:
        return naering_mp_after_delim(mp, *d);
    case NAERING_MP_CLOSE_DASH:
        return naering_mp_close_dash(mp, *d);
    case NAERING_MP_PADDING:
        return naering_mp_padding(mp, *d);
    case NAERING_MP_DELIM_LF:
        return naering_mp_delim_lf(mp, *d);
    case NAERING_MP_HEADERS:
        return naering_mp_headers(mp, d, len, used);
    case NAERING_MP_EPILOGUE:
        *used = len;
        return NULL;
    default:
        return mp->err;
    }
}

static naering_err *naering_mp_stop(naering_mp *mp, naering_err *e)
{
    mp->err = e;
    mp->state = NAERING_MP_FAILED;
    return e;
}

naering_err *naering_mp_feed(naering_mp *mp, const char *data,
                             apr_size_t len)
{
    if (mp->err)
        return mp->err;
    if (len)
        mp->fed = 1;
    while (len > 0) {
        apr_size_t used;
        naering_err *e = naering_mp_step(mp, data, len, &used);
        if (e)
            return naering_mp_stop(mp, e);
        data += used;
        len -= used;
    }
    return NULL;
}

naering_err *naering_mp_finish(naering_mp *mp)
{
    if (mp->err)
        return mp->err;
    if (mp->state == NAERING_MP_EPILOGUE)
        return NULL;
    if (!mp->fed)
        return naering_mp_stop(mp, naering_mp_fail(mp, "empty body"));
    if (mp->state == NAERING_MP_PREAMBLE)
        return naering_mp_stop(mp, naering_mp_fail(mp, "no boundary"));
    return naering_mp_stop(mp, naering_mp_fail(mp, "truncated: no "
                                                "closing boundary"));
}
