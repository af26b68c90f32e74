/*
 * Search snippets: about two dozen words of a hit's text around the words
 * the visitor searched for, each such word wrapped in \001...\002 (the
 * view turns them into <mark>), with "…" where the text was cut.
 *
 * FTS5's snippet() did this in SQL, but SQLite computes every result
 * column before ORDER BY ... LIMIT, so it ran for every match (3,000 pages
 * for a common word) to show ten; asking FTS5 again for each of the ten
 * re-reads the whole doclist of every prefix term.  Here it runs on the
 * ten texts only.  Words are found as FTS5's unicode61 tokenizer finds
 * them (runs of letters and digits, case folded code point by code point,
 * no diacritics removed), and a word is a hit when it starts with a term,
 * as the query's prefix terms match.  Pure.
 */
#include <string.h>
#include <apr_strings.h>
#include <unistr.h>
#include <unictype.h>
#include <unicase.h>
#include "text/text.h"

#define NAERING_SNIPPET_WORDS 24
#define NAERING_SNIPPET_LEAD 3          /* words shown before the first hit */
#define NAERING_SNIPPET_TERMS 12
#define NAERING_SNIPPET_MAX_WORDS 20000 /* longer texts: only the start */

typedef struct {
    ucs4_t cp[64];
    size_t n;
} naering_term;

typedef struct {
    size_t start, end;   /* byte offsets in the text */
    unsigned hits;       /* bit i: starts with term i */
} naering_word;

typedef struct {
    int col, first, count;  /* column, first word, words */
    int distinct, hits;
} naering_window;

/* The next code point of s[*i..n) (U+FFFD for a broken sequence). */
static ucs4_t naering_next_cp(const char *s, size_t n, size_t *i)
{
    ucs4_t uc;
    int len = u8_mbtouc(&uc, (const uint8_t *)s + *i, n - *i);

    *i += len > 0 ? (size_t)len : 1;
    return uc;
}

/* The words of the "term"* of naering_search_query's expression, folded;
 * a term that is a phrase to FTS5 ("næring–plan") gives each word. */
static int naering_terms(const char *fts, naering_term *t)
{
    const size_t max = sizeof(t[0].cp) / sizeof(t[0].cp[0]);
    int nt = 0;

    while (fts && (fts = strchr(fts, '"'))) {
        const char *end = strchr(++fts, '"');
        size_t i = 0, n;

        if (!end)
            break;
        n = (size_t)(end - fts);
        while (i < n && nt < NAERING_SNIPPET_TERMS) {
            ucs4_t uc = naering_next_cp(fts, n, &i);

            if (uc_is_alnum(uc) && t[nt].n < max)
                t[nt].cp[t[nt].n++] = uc_tolower(uc);
            else if (!uc_is_alnum(uc) && t[nt].n > 0)
                t[++nt].n = 0;
        }
        if (nt < NAERING_SNIPPET_TERMS && t[nt].n > 0)
            t[++nt].n = 0;
        fts = end + 1;
    }
    return nt;
}

/* Which terms the word s[a..b) starts with. */
static unsigned naering_word_hits(const char *s, size_t a, size_t b,
                                  const naering_term *t, int nt)
{
    ucs4_t cp[64];
    size_t n = 0, i = a;
    unsigned hits = 0;
    int k;

    while (i < b && n < sizeof(cp) / sizeof(cp[0]))
        cp[n++] = uc_tolower(naering_next_cp(s, b, &i));
    for (k = 0; k < nt; k++)
        if (t[k].n <= n && memcmp(cp, t[k].cp, t[k].n * sizeof(ucs4_t)) == 0)
            hits |= 1u << k;
    return hits;
}

/* Splits text into words (unicode61: letters and digits). */
static apr_array_header_t *naering_words(apr_pool_t *p, const char *s,
                                         const naering_term *t, int nt)
{
    apr_array_header_t *w = apr_array_make(p, 64, sizeof(naering_word));
    size_t n = strlen(s), i = 0;

    while (i < n && w->nelts < NAERING_SNIPPET_MAX_WORDS) {
        size_t start = i, end;

        if (!uc_is_alnum(naering_next_cp(s, n, &i)))
            continue;
        end = i;
        while (end < n) {
            size_t j = end;
            if (!uc_is_alnum(naering_next_cp(s, n, &j)))
                break;
            end = j;
        }
        i = end;
        *(naering_word *)apr_array_push(w) = (naering_word){
            start, end, naering_word_hits(s, start, end, t, nt) };
    }
    return w;
}

static int naering_popcount(unsigned v)
{
    int c = 0;

    for (; v; v &= v - 1)
        c++;
    return c;
}

/* The window of at most NAERING_SNIPPET_WORDS words with the most
 * different terms, then the most hits, then the earliest.  Each candidate
 * starts a few words before one of the hits, so a hit has some text
 * before it. */
static naering_window naering_best(const apr_array_header_t *w, int col)
{
    const naering_word *words = (const naering_word *)w->elts;
    int n = w->nelts, size = n < NAERING_SNIPPET_WORDS
                             ? n : NAERING_SNIPPET_WORDS;
    naering_window best = { col, 0, size, 0, 0 };
    int i, j;

    for (i = 0; i < n; i++) {
        int first = i > NAERING_SNIPPET_LEAD ? i - NAERING_SNIPPET_LEAD : 0;
        unsigned seen = 0;
        int hits = 0, distinct;

        if (!words[i].hits)
            continue;
        if (first + size > n)
            first = n - size;
        for (j = first; j < first + size; j++) {
            seen |= words[j].hits;
            hits += words[j].hits != 0;
        }
        distinct = naering_popcount(seen);
        if (distinct > best.distinct
            || (distinct == best.distinct && hits > best.hits)) {
            best.distinct = distinct;
            best.hits = hits;
            best.first = first;
        }
    }
    return best;
}

/* Appends s[a..b) without the marker bytes (a text cannot forge a mark). */
static char *naering_put(char *o, const char *s, size_t a, size_t b)
{
    for (; a < b; a++)
        *o++ = (s[a] == '\001' || s[a] == '\002') ? ' ' : s[a];
    return o;
}

/* A closing . , ; : ! ? or ) right after the last word belongs to it. */
static size_t naering_trailing(const char *s, size_t end)
{
    return s[end] && strchr(".,;:!?)", s[end]) ? end + 1 : end;
}

static const char *naering_cut(apr_pool_t *p, const char *s,
                               const apr_array_header_t *w,
                               const naering_window *b)
{
    const naering_word *words = (const naering_word *)w->elts;
    int i, last = b->first + b->count - 1;
    char *out, *o;
    size_t end;

    if (b->count == 0)
        return "";
    end = naering_trailing(s, words[last].end);
    out = o = apr_palloc(p, end - words[b->first].start
                            + 2 * (size_t)b->count + 8);
    if (b->first > 0) {
        memcpy(o, "…", 3);
        o += 3;
    }
    for (i = b->first; i <= last; i++) {
        size_t gap = i == b->first ? words[i].start : words[i - 1].end;

        o = naering_put(o, s, gap, words[i].start);
        if (words[i].hits)
            *o++ = '\001';
        o = naering_put(o, s, words[i].start, words[i].end);
        if (words[i].hits)
            *o++ = '\002';
    }
    o = naering_put(o, s, words[last].end, end);
    if (last < w->nelts - 1) {
        memcpy(o, "…", 3);
        o += 3;
    }
    *o = '\0';
    return out;
}

const char *naering_snippet(apr_pool_t *p, const char *fts,
                            const char *const *cols, int ncols)
{
    naering_term t[NAERING_SNIPPET_TERMS + 1] = { { { 0 }, 0 } };
    int nt = naering_terms(fts, t), c, fallback = -1;
    apr_array_header_t *w[8], *chosen = NULL;
    naering_window best = { -1, 0, 0, 0, 0 };

    for (c = 0; c < ncols && c < 8; c++) {
        naering_window b;

        w[c] = naering_words(p, cols[c] ? cols[c] : "", t, nt);
        b = naering_best(w[c], c);
        if (fallback < 0 && w[c]->nelts > 0)
            fallback = c;
        if (b.distinct > best.distinct
            || (b.distinct == best.distinct && b.hits > best.hits)) {
            best = b;
            chosen = w[c];
        }
    }
    if (!chosen && fallback >= 0) {     /* no word hit: the text's start */
        best = naering_best(w[fallback], fallback);
        chosen = w[fallback];
    }
    return chosen ? naering_cut(p, cols[best.col], chosen, &best) : "";
}
