/*
 * Word-level diffs between page revisions, for editors: "what changed
 * between revision 12 and 15" and, on an edit conflict, "what did the other
 * editor change".  Pure: APR and the libxml2 tree API, no httpd, no static
 * mutable state, so any thread may call it with its own pool.
 *
 * The diff is Myers' O(ND) algorithm in its linear-space form (middle snake,
 * divide and conquer) over tokens: words (runs of non-space bytes, so UTF-8
 * letters such as æøå and attached punctuation stay in the word), runs of
 * blanks, and single newlines (paragraph breaks).  The common prefix and
 * suffix are stripped on bytes first, so a small change in a long page costs
 * one pass over it.  Past the limits below the changed middle is shown as
 * one deletion and one insertion: a diff the editor cannot read anyway is
 * not worth seconds of CPU or megabytes of memory.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "text/text.h"


/* The changed middle is diffed token by token only below these limits.
 * At the token limit the search holds about 8 MB of the pool (tokens,
 * their numbers, the diagonals) and briefly 4 MB more (the token table);
 * the work budget is some 30 ms of the worst possible input. */
#define NAERING_DIFF_MAX_BYTES  (1024 * 1024)   /* per side */
#define NAERING_DIFF_MAX_TOKENS 200000          /* per side */
#define NAERING_DIFF_MAX_D      2000            /* tokens deleted + inserted */
#define NAERING_DIFF_MAX_WORK   20000000L       /* diagonal + snake steps */

#define NAERING_DIFF_WORD  0
#define NAERING_DIFF_BLANK 1
#define NAERING_DIFF_NL    2

typedef struct {
    apr_uint32_t off;       /* bytes from the start of the middle */
    apr_uint32_t len;
} naering_diff_tok;

typedef struct {
    const char *s;          /* the middle of one side */
    apr_size_t len;
    naering_diff_tok *t;
    int n;
    int *id;                /* per token: equal tokens, equal numbers */
    char *chg;              /* per token: deleted (a) or inserted (b) */
} naering_diff_side;

typedef struct {
    naering_diff_side a, b;
    int *kvdf, *kvdb;       /* furthest x per diagonal, forward/backward */
    long work;              /* budget left; the search gives up at 0 */
} naering_diff_ctx;

/* The box one middle-snake search works in, and the split it finds. */
typedef struct {
    int off1, lim1, off2, lim2;
    int dmin, dmax, odd;
    int fmin, fmax, bmin, bmax;
    int i1, i2;
} naering_diff_box;

/* A run of the result as byte ranges [a0, a1) of a and [b0, b1) of b. */
typedef struct {
    int change;
    apr_size_t a0, a1, b0, b1;
} naering_diff_hunk;

typedef struct {
    const char *a, *b;
    apr_array_header_t *h;  /* naering_diff_hunk, in reading order */
} naering_diff_out;

/* ---- tokens ------------------------------------------------------------ */

static int naering_diff_cls(char c)
{
    if (c == '\n')
        return NAERING_DIFF_NL;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        return NAERING_DIFF_BLANK;
    return NAERING_DIFF_WORD;
}

/* Whether a token starts at byte j of s; every newline is a token. */
static int naering_diff_boundary(const char *s, apr_size_t len, apr_size_t j)
{
    if (j == 0 || j == len)
        return 1;
    return s[j] == '\n'
           || naering_diff_cls(s[j - 1]) != naering_diff_cls(s[j]);
}

/* FNV-1a: cheap, and equal hashes are confirmed with memcmp. */
static apr_uint32_t naering_diff_hash(const char *s, apr_size_t n)
{
    apr_uint32_t h = 2166136261u;
    apr_size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Counts the tokens of s, or fills t too; stops counting past the limit so
 * a huge input is rejected before anything is allocated. */
static int naering_diff_tokenize(const char *s, apr_size_t len,
                                 naering_diff_tok *t)
{
    apr_size_t i = 0, j;
    int n = 0;

    while (i < len && n <= NAERING_DIFF_MAX_TOKENS) {
        int c = naering_diff_cls(s[i]);
        for (j = i + 1; j < len && c != NAERING_DIFF_NL
                        && naering_diff_cls(s[j]) == c; j++)
            ;
        if (t) {
            t[n].off = (apr_uint32_t)i;
            t[n].len = (apr_uint32_t)(j - i);
        }
        n++;
        i = j;
    }
    return n;
}

static int naering_diff_side_make(apr_pool_t *p, naering_diff_side *sd,
                                  const char *s, apr_size_t len)
{
    sd->s = s;
    sd->len = len;
    sd->n = naering_diff_tokenize(s, len, NULL);
    if (sd->n > NAERING_DIFF_MAX_TOKENS)
        return 0;
    sd->t = apr_palloc(p, sizeof(*sd->t) * (sd->n + 1));
    sd->chg = apr_pcalloc(p, sd->n + 1);
    naering_diff_tokenize(s, len, sd->t);
    return 1;
}

/* Token k of a, then of b, as one sequence. */
static const char *naering_diff_token(const naering_diff_ctx *c, int k,
                                      apr_size_t *len)
{
    const naering_diff_side *sd = k < c->a.n ? &c->a : &c->b;
    const naering_diff_tok *t = &sd->t[k < c->a.n ? k : k - c->a.n];

    *len = t->len;
    return sd->s + t->off;
}

/* Numbers the distinct tokens (as xdiff classifies lines) in an open
 * addressing table, so the search compares ints, not strings. */
static int naering_diff_classify(apr_pool_t *p, naering_diff_ctx *c)
{
    int total = c->a.n + c->b.n, next = 0, k, *slot;
    int *id = apr_palloc(p, sizeof(int) * (total + 1));
    apr_size_t size = 2, mask, h, len, olen;
    apr_pool_t *tmp;

    while (size < 2 * (apr_size_t)total)
        size <<= 1;
    mask = size - 1;
    if (apr_pool_create(&tmp, p) != APR_SUCCESS)
        return 0;
    slot = apr_palloc(tmp, sizeof(int) * size);
    memset(slot, 0xff, sizeof(int) * size);     /* -1: empty */
    for (k = 0; k < total; k++) {
        const char *s = naering_diff_token(c, k, &len), *o;
        for (h = naering_diff_hash(s, len) & mask; slot[h] >= 0;
             h = (h + 1) & mask) {
            o = naering_diff_token(c, slot[h], &olen);
            if (olen == len && memcmp(o, s, len) == 0)
                break;
        }
        if (slot[h] < 0)
            slot[h] = k, id[k] = next++;
        else
            id[k] = id[slot[h]];
    }
    apr_pool_destroy(tmp);
    c->a.id = id;
    c->b.id = id + c->a.n;
    return 1;
}

static int naering_diff_eq(const naering_diff_ctx *c, int i, int j)
{
    return c->a.id[i] == c->b.id[j];
}

/* ---- Myers, linear space ----------------------------------------------- */

static int naering_diff_forward(naering_diff_ctx *c, naering_diff_box *b)
{
    int *v = c->kvdf, d, i1, i2, start;

    if (b->fmin > b->dmin)
        v[--b->fmin - 1] = -1;
    else
        ++b->fmin;
    if (b->fmax < b->dmax)
        v[++b->fmax + 1] = -1;
    else
        --b->fmax;
    for (d = b->fmax; d >= b->fmin; d -= 2) {
        i1 = v[d - 1] >= v[d + 1] ? v[d - 1] + 1 : v[d + 1];
        i2 = i1 - d;
        start = i1;
        while (i1 < b->lim1 && i2 < b->lim2 && naering_diff_eq(c, i1, i2))
            i1++, i2++;
        c->work -= 1 + i1 - start;
        v[d] = i1;
        if (b->odd && b->bmin <= d && d <= b->bmax && c->kvdb[d] <= i1) {
            b->i1 = i1;
            b->i2 = i2;
            return 1;
        }
    }
    return 0;
}

static int naering_diff_backward(naering_diff_ctx *c, naering_diff_box *b)
{
    int *v = c->kvdb, d, i1, i2, start;

    if (b->bmin > b->dmin)
        v[--b->bmin - 1] = INT_MAX;
    else
        ++b->bmin;
    if (b->bmax < b->dmax)
        v[++b->bmax + 1] = INT_MAX;
    else
        --b->bmax;
    for (d = b->bmax; d >= b->bmin; d -= 2) {
        i1 = v[d - 1] < v[d + 1] ? v[d - 1] : v[d + 1] - 1;
        i2 = i1 - d;
        start = i1;
        while (i1 > b->off1 && i2 > b->off2
               && naering_diff_eq(c, i1 - 1, i2 - 1))
            i1--, i2--;
        c->work -= 1 + start - i1;
        v[d] = i1;
        if (!b->odd && b->fmin <= d && d <= b->fmax && i1 <= c->kvdf[d]) {
            b->i1 = i1;
            b->i2 = i2;
            return 1;
        }
    }
    return 0;
}

/* The middle snake of the box: a point on some shortest edit path, which
 * splits the box in two with about half the edits each.  -1 when the box
 * needs more than NAERING_DIFF_MAX_D edits or the work budget runs out. */
static int naering_diff_split(naering_diff_ctx *c, naering_diff_box *b)
{
    int ec, fmid = b->off1 - b->off2, bmid = b->lim1 - b->lim2;

    b->dmin = b->off1 - b->lim2;
    b->dmax = b->lim1 - b->off2;
    b->odd = (fmid - bmid) & 1;
    b->fmin = b->fmax = fmid;
    b->bmin = b->bmax = bmid;
    c->kvdf[fmid] = b->off1;
    c->kvdb[bmid] = b->lim1;
    for (ec = 1; ec <= (NAERING_DIFF_MAX_D + 1) / 2 && c->work > 0; ec++)
        if (naering_diff_forward(c, b) || naering_diff_backward(c, b))
            return 0;
    return -1;
}

/* Marks the deleted tokens of a[off1, lim1) and the inserted ones of
 * b[off2, lim2).  Recursion depth is about log2 of the edit count. */
static int naering_diff_compare(naering_diff_ctx *c, int off1, int lim1,
                                int off2, int lim2)
{
    naering_diff_box b;

    while (off1 < lim1 && off2 < lim2 && naering_diff_eq(c, off1, off2))
        off1++, off2++;
    while (off1 < lim1 && off2 < lim2
           && naering_diff_eq(c, lim1 - 1, lim2 - 1))
        lim1--, lim2--;
    if (off1 == lim1 || off2 == lim2) {
        memset(c->a.chg + off1, 1, lim1 - off1);
        memset(c->b.chg + off2, 1, lim2 - off2);
        return 0;
    }
    b.off1 = off1;
    b.lim1 = lim1;
    b.off2 = off2;
    b.lim2 = lim2;
    if (naering_diff_split(c, &b) < 0
        || naering_diff_compare(c, off1, b.i1, off2, b.i2) < 0)
        return -1;
    return naering_diff_compare(c, b.i1, lim1, b.i2, lim2);
}

/* ---- hunks ------------------------------------------------------------- */

static int naering_diff_blank(const char *s, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++)
        if (naering_diff_cls(s[i]) != NAERING_DIFF_BLANK)
            return 0;
    return 1;
}

/* Appends a run, merging it into the previous one of its kind.  Blanks
 * alone between two changes join them: "the quick brown fox" -> "the slow
 * red fox" reads del "quick brown", ins "slow red", not word by word.  A
 * newline stays a same run: paragraphs are changed one by one. */
static void naering_diff_push(naering_diff_out *o, int change, apr_size_t a0,
                              apr_size_t a1, apr_size_t b0, apr_size_t b1)
{
    naering_diff_hunk *h = (naering_diff_hunk *)o->h->elts, *top;
    int n = o->h->nelts;

    if (a0 == a1 && b0 == b1)
        return;
    top = n ? &h[n - 1] : NULL;
    if (change && n >= 2 && !top->change && h[n - 2].change
        && naering_diff_blank(o->a + top->a0, top->a1 - top->a0)) {
        o->h->nelts--;
        top = &h[n - 2];
    }
    if (!top || top->change != change) {
        top = apr_array_push(o->h);
        top->change = change;
        top->a0 = a0;
        top->b0 = b0;
    }
    top->a1 = a1;
    top->b1 = b1;
}

static apr_size_t naering_diff_pos(const naering_diff_side *sd, int i)
{
    return i < sd->n ? sd->t[i].off : sd->len;
}

/* Turns the marks into runs; base is where the middle starts in a and b. */
static void naering_diff_collect(naering_diff_out *o,
                                 const naering_diff_ctx *c, apr_size_t base)
{
    const naering_diff_side *a = &c->a, *b = &c->b;
    int i = 0, j = 0, i0, j0;

    while (i < a->n || j < b->n) {
        i0 = i;
        j0 = j;
        while (i < a->n && a->chg[i])
            i++;
        while (j < b->n && b->chg[j])
            j++;
        naering_diff_push(o, 1, base + naering_diff_pos(a, i0),
                          base + naering_diff_pos(a, i),
                          base + naering_diff_pos(b, j0),
                          base + naering_diff_pos(b, j));
        i0 = i;
        j0 = j;
        while (i < a->n && j < b->n && !a->chg[i] && !b->chg[j])
            i++, j++;
        naering_diff_push(o, 0, base + naering_diff_pos(a, i0),
                          base + naering_diff_pos(a, i),
                          base + naering_diff_pos(b, j0),
                          base + naering_diff_pos(b, j));
    }
}

/* Diffs the middle a[base, a_end) against b[base, b_end), or shows it as
 * one change when it is past the limits. */
static void naering_diff_middle(apr_pool_t *p, naering_diff_out *o,
                                apr_size_t base, apr_size_t a_end,
                                apr_size_t b_end)
{
    naering_diff_ctx c;
    int ok = 0;

    memset(&c, 0, sizeof(c));
    c.work = NAERING_DIFF_MAX_WORK;
    if (a_end - base <= NAERING_DIFF_MAX_BYTES
        && b_end - base <= NAERING_DIFF_MAX_BYTES
        && naering_diff_side_make(p, &c.a, o->a + base, a_end - base)
        && naering_diff_side_make(p, &c.b, o->b + base, b_end - base)) {
        /* Diagonals run from -(n_b + 1) to n_a + 1. */
        apr_size_t nd = (apr_size_t)c.a.n + c.b.n + 3;
        c.kvdf = (int *)apr_palloc(p, sizeof(int) * nd) + c.b.n + 1;
        c.kvdb = (int *)apr_palloc(p, sizeof(int) * nd) + c.b.n + 1;
        ok = naering_diff_classify(p, &c)
             && naering_diff_compare(&c, 0, c.a.n, 0, c.b.n) == 0;
    }
    if (ok)
        naering_diff_collect(o, &c, base);
    else
        naering_diff_push(o, 1, base, a_end, base, b_end);
}

/* ---- common prefix and suffix ------------------------------------------ */

/* Bytes both share at the start, cut back to a token start in both: the
 * token around the first difference is diffed whole. */
static apr_size_t naering_diff_prefix(const char *a, apr_size_t la,
                                      const char *b, apr_size_t lb)
{
    apr_size_t k = 0, n = la < lb ? la : lb;

    while (k < n && a[k] == b[k])
        k++;
    while (k > 0 && !(naering_diff_boundary(a, la, k)
                      && naering_diff_boundary(b, lb, k)))
        k--;
    return k;
}

/* Bytes both share at the end, not reaching into the prefix. */
static apr_size_t naering_diff_suffix(const char *a, apr_size_t la,
                                      const char *b, apr_size_t lb,
                                      apr_size_t pre)
{
    apr_size_t m = 0, n = (la < lb ? la : lb) - pre;

    while (m < n && a[la - 1 - m] == b[lb - 1 - m])
        m++;
    while (m > 0 && !(naering_diff_boundary(a, la, la - m)
                      && naering_diff_boundary(b, lb, lb - m)))
        m--;
    return m;
}

/* ---- output ------------------------------------------------------------ */

static int naering_diff_count_words(const char *s, apr_size_t n)
{
    apr_size_t i;
    int words = 0;

    for (i = 0; i < n; i++)
        if (naering_diff_cls(s[i]) == NAERING_DIFF_WORD
            && (i == 0 || naering_diff_cls(s[i - 1]) != NAERING_DIFF_WORD))
            words++;
    return words;
}

static void naering_diff_node(xmlNodePtr parent, const char *name,
                              const char *s, apr_size_t n)
{
    xmlNodePtr el;

    if (!parent || n == 0)
        return;
    el = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    xmlAddChild(el, xmlNewDocTextLen(parent->doc, (const xmlChar *)s,
                                     (int)n));
}

static int naering_diff_emit(const naering_diff_out *o, xmlNodePtr parent)
{
    const naering_diff_hunk *h = (const naering_diff_hunk *)o->h->elts;
    int i, changed = 0, del, ins;

    for (i = 0; i < o->h->nelts; i++) {
        apr_size_t na = h[i].a1 - h[i].a0, nb = h[i].b1 - h[i].b0;
        if (!h[i].change) {
            naering_diff_node(parent, "same", o->a + h[i].a0, na);
            continue;
        }
        naering_diff_node(parent, "del", o->a + h[i].a0, na);
        naering_diff_node(parent, "ins", o->b + h[i].b0, nb);
        del = naering_diff_count_words(o->a + h[i].a0, na);
        ins = naering_diff_count_words(o->b + h[i].b0, nb);
        if (ins > del)
            del = ins;
        changed += del > 0 ? del : 1;   /* whitespace only: still a change */
    }
    return changed;
}

int naering_diff_words(apr_pool_t *p, const char *a, const char *b,
                       xmlNodePtr parent)
{
    naering_diff_out o;
    apr_size_t la, lb, pre, suf;

    o.a = a ? a : "";
    o.b = b ? b : "";
    o.h = apr_array_make(p, 16, sizeof(naering_diff_hunk));
    la = strlen(o.a);
    lb = strlen(o.b);
    pre = naering_diff_prefix(o.a, la, o.b, lb);
    suf = naering_diff_suffix(o.a, la, o.b, lb, pre);
    naering_diff_push(&o, 0, 0, pre, 0, pre);
    if (pre < la - suf || pre < lb - suf)
        naering_diff_middle(p, &o, pre, la - suf, lb - suf);
    naering_diff_push(&o, 0, la - suf, la, lb - suf, lb);
    return naering_diff_emit(&o, parent);
}
