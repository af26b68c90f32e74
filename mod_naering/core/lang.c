/*
 * Languages: the three a page can be written in, and whether a language
 * tag an editor put on a passage is one a browser and a screen reader can
 * use (BCP 47, RFC 5646, by its syntax).  Pure.
 */
#include <string.h>
#include <apr_lib.h>
#include "core/core.h"

static const char *const naering_page_langs[NAERING_LANGS] = {
    "nb", "nn", "en"
};

int naering_lang_index(const char *lang)
{
    int i;

    for (i = 0; lang && i < NAERING_LANGS; i++)
        if (strcmp(lang, naering_page_langs[i]) == 0)
            return i;
    return -1;
}

const char *naering_lang_name(int index)
{
    return index >= 0 && index < NAERING_LANGS ? naering_page_langs[index]
                                               : naering_page_langs[0];
}

const char *naering_lang_of(const char *page_lang, const char *site_lang)
{
    if (naering_lang_index(page_lang) >= 0)
        return page_lang;
    return naering_lang_index(site_lang) >= 0 ? site_lang : "nb";
}

/* Letters only, or digits only, or letters and digits: one subtag of
 * length min..max. */
static int naering_subtag(const char *s, size_t n, size_t min, size_t max,
                          int alpha, int digit)
{
    size_t i;

    if (n < min || n > max)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((alpha && apr_isalpha(c)) || (digit && apr_isdigit(c))))
            return 0;
    }
    return 1;
}

/* What comes after the language: script (4 letters), region (2 letters
 * or 3 digits), variants (5-8 alphanumerics, or a digit and 3), then
 * extensions and private use, which need at least one subtag after them.
 * Each kind may come once and in this order.  Extended language subtags
 * (zh-yue) are left out on purpose: Word marks every run of a Norwegian
 * document "NO-BOK", which names no language a screen reader knows, and
 * they are all but unused elsewhere. */
static int naering_lang_rest(const char **tags, const size_t *lens, int n)
{
    int i = 1, stage = 0;

    for (; i < n; i++) {
        const char *t = tags[i];
        size_t l = lens[i];
        if (l == 1) {               /* singleton: extension or x- */
            if (!apr_isalnum((unsigned char)*t) || i + 1 >= n)
                return 0;
            for (i++; i < n; i++)
                if (!naering_subtag(tags[i], lens[i], 1, 8, 1, 1))
                    return 0;
            return 1;
        }
        if (stage < 1 && naering_subtag(t, l, 4, 4, 1, 0))
            stage = 1;
        else if (stage < 2 && (naering_subtag(t, l, 2, 2, 1, 0)
                               || naering_subtag(t, l, 3, 3, 0, 1)))
            stage = 2;
        else if ((naering_subtag(t, l, 5, 8, 1, 1))
                 || (l == 4 && apr_isdigit((unsigned char)*t)
                     && naering_subtag(t, l, 4, 4, 1, 1)))
            stage = 3;
        else
            return 0;
    }
    return 1;
}

int naering_lang_tag_ok(const char *tag)
{
    const char *tags[NAERING_LANG_MAX_SUBTAGS];
    size_t lens[NAERING_LANG_MAX_SUBTAGS];
    const char *s = tag, *dash;
    int n = 0;

    if (!tag || !*tag || strlen(tag) > NAERING_LANG_MAX)
        return 0;
    for (;;) {
        dash = strchr(s, '-');
        if (n == NAERING_LANG_MAX_SUBTAGS)
            return 0;
        tags[n] = s;
        lens[n++] = dash ? (size_t)(dash - s) : strlen(s);
        if (!dash)
            break;
        s = dash + 1;
    }
    /* The language itself: 2-3 letters (ISO 639), or 5-8 registered ones
     * (none in use, but valid); "x-..." private use alone is valid too. */
    if (lens[0] == 1 && (*tags[0] == 'x' || *tags[0] == 'X')) {
        int i;                  /* private use only: x-klingon */
        for (i = 1; i < n; i++)
            if (!naering_subtag(tags[i], lens[i], 1, 8, 1, 1))
                return 0;
        return n > 1;
    }
    if (!naering_subtag(tags[0], lens[0], 2, 3, 1, 0)
        && !naering_subtag(tags[0], lens[0], 5, 8, 1, 0))
        return 0;
    return naering_lang_rest(tags, lens, n);
}
