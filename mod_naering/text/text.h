/*
 * text: what the site does with words, above core.  Pure: libxml2's
 * parsers and trees, libunistring, APR; no httpd, no SQL.
 *
 *   sanitize.c    editor HTML -> an allow-listed XHTML fragment
 *   xhtml_text.c  a stored fragment -> its plain text (search, diff); the
 *                 parser every reader of a stored fragment uses
 *   links.c       a stored fragment -> its links (what links where)
 *   images.c      a stored fragment -> its images (id, alt, caption)
 *   diff.c        a word diff of two texts, as XML runs
 *   search.c      a visitor's search text -> an FTS5 expression
 *   snippet.c     the words around a search hit
 *   form.c        an editor's forms (a page, the site's details): fields
 *                 read and checked
 *   a11y.c        a stored fragment -> its accessibility and klarspråk
 *                 warnings (at save, in the site report, naering-admin)
 */
#ifndef NAERING_TEXT_H
#define NAERING_TEXT_H

#include <libxml/tree.h>
#include "core/core.h"

/* ---- sanitize.c -------------------------------------------------------- */

/* Parses html (UTF-8) with libxml2's HTML parser and rebuilds it from an
 * allow-list; *out is a well-formed XHTML fragment (no wrapper element).
 * Invalid UTF-8 or NUL: error 400.  Keeps no image: as
 * naering_sanitize_site with images NULL. */
naering_err *naering_sanitize(apr_pool_t *p, const char *html,
                              apr_size_t len, const char **out);
/* As naering_sanitize, and keeps the site's own images: images is the
 * path of the site's image URLs ("/bilder", or "/site/bilder" under a
 * mount point); NULL (or "") keeps none.  An img whose src is
 * <images>/<id> (or that with /... or ?... after it) becomes
 * <figure><img src="<images>/<id>" alt="..."/></figure>, with a
 * figcaption when it had one; any other img is removed. */
naering_err *naering_sanitize_site(apr_pool_t *p, const char *html,
                                   apr_size_t len, const char *images,
                                   const char **out);

/* ---- xhtml_text.c ------------------------------------------------------ */

/* Plain text of a stored XHTML fragment: blocks become line breaks. */
const char *naering_xhtml_text(apr_pool_t *p, const char *xhtml);

/* Parses a stored fragment as the view does (in a wrapper element, no
 * DTD, nothing fetched) and calls fn with its top-level nodes, which live
 * until fn returns; 0, without calling fn, when it is not well-formed. */
typedef void naering_xhtml_fn(xmlNodePtr nodes, void *arg);
int naering_xhtml_parse(const char *xhtml, naering_xhtml_fn *fn, void *arg);
/* An attribute's value, copied into p; NULL when absent. */
const char *naering_xml_prop(apr_pool_t *p, xmlNodePtr n, const char *name);

/* ---- images.c ---------------------------------------------------------- */

/* An image of a stored fragment. */
typedef struct {
    apr_int64_t id;        /* the image's id, from the src's last segment;
                            * 0 when it does not end in one */
    const char *alt;       /* NULL when the img has no alt attribute */
    int decorative;        /* alt="" with role="presentation" */
    const char *caption;   /* figcaption text, or NULL */
} naering_body_image;

/* The images of a stored (sanitized) XHTML fragment, in document order
 * (naering_body_image); empty when it has none or does not parse. */
apr_array_header_t *naering_xhtml_images(apr_pool_t *p, const char *xhtml);

/* ---- links.c ----------------------------------------------------------- */

/* A link as the site keeps it: percent-decoded, no #fragment or ?query,
 * no trailing slash; NULL unless http:, https: or a path ("/..."). */
const char *naering_link_normal(apr_pool_t *p, const char *href);
/* The links of a stored fragment, each once, in document order
 * (const char *, as naering_link_normal makes them). */
apr_array_header_t *naering_xhtml_links(apr_pool_t *p, const char *xhtml);
/* The fragment with every link to from, or below it, pointing at to
 * instead (from as naering_link_normal keeps links, to a path as the
 * site writes it); a #fragment or ?query stays.  *changed says whether
 * any did. */
const char *naering_xhtml_relink(apr_pool_t *p, const char *xhtml,
                                 const char *from, const char *to,
                                 int *changed);

/* ---- diff.c ------------------------------------------------------------ */

/* Appends <same>, <del>, <ins> runs of a word diff of a -> b to parent;
 * returns the number of changed words. */
int naering_diff_words(apr_pool_t *p, const char *a, const char *b,
                       xmlNodePtr parent);

/* ---- search.c, snippet.c ----------------------------------------------- */

/* A visitor's search text as an FTS5 expression of quoted prefix terms;
 * NULL when nothing searchable is left. */
const char *naering_search_query(apr_pool_t *p, const char *input);

/* About 24 words of the best of cols (in order of preference) around the
 * words that start with a term of fts (an expression from
 * naering_search_query), hits in \001...\002, "…" where cut.  Never NULL. */
const char *naering_snippet(apr_pool_t *p, const char *fts,
                            const char *const *cols, int ncols);

/* ---- form.c: what an editor submits for a page ------------------------- */

/* Whether a save lists the page in the menus. */
typedef enum {
    NAERING_MENU_KEEP = 0, NAERING_MENU_SHOW = 1, NAERING_MENU_HIDE = 2
} naering_menu_choice;

typedef struct {
    const char *title;
    const char *summary;
    const char *body;            /* sanitized XHTML fragment */
    const char *contact_name;
    const char *contact_email;
    const char *contact_phone;
    const char *comment;         /* the revision's comment */
    int draft;
    naering_menu_choice menu;    /* zero (KEEP) leaves it as it is */
    const char *author_name;     /* the author as the public sees them,
                                  * or NULL/"" for the site's name */
    const char *lang;            /* nb, nn, en, or NULL/"" for the site's
                                  * language (NaeringLanguage) */
    const char *kind;            /* a listing's kind chosen (page,
                                  * news-list, meeting-list), NULL: keep */
    apr_int64_t starts;          /* a news item's date, a meeting's start
                                  * (Unix seconds, UTC); 0: none given */
    apr_int64_t ends;            /* a meeting's end; 0: none */
    const char *place;           /* a meeting's place */
    const char *event_status;    /* planned, held, cancelled */
    apr_int64_t due;             /* "Planlegg": when the save goes live
                                  * (0: now) */
    const char *site_lang;       /* the site's language: a save that gives
                                  * the page a language another page of
                                  * its translation group has takes it
                                  * out of the group (NULL: not checked) */
} naering_page_fields;

/* A problem with one field, by the string-table key of its message. */
typedef struct {
    const char *field;
    const char *key;             /* required, too-long, one-line, ... */
} naering_field_err;

/* Adds a problem with field to errors (naering_field_err). */
void naering_form_error(apr_array_header_t *errors, const char *field,
                        const char *key);
/* s without leading and trailing spaces, tabs and newlines. */
const char *naering_trim(apr_pool_t *p, const char *s);
/* A field of an urlencoded form, CRLF folded; "" if absent, NULL if it is
 * not UTF-8. */
const char *naering_form_text(apr_pool_t *p, const char *form,
                              const char *name);
/* Reads and checks a page's fields; the body comes back sanitized,
 * keeping the site's own images (images: their URL path, as for
 * naering_sanitize_site), each of which must have alt text or be marked
 * decorative.  Returns an error (400) only when the request itself is
 * bad. */
naering_err *naering_form_page(apr_pool_t *p, const char *form,
                               const char *images, naering_page_fields *f,
                               apr_array_header_t *errors);

/* The site's own details as an editor submits them (?vis=nettsted):
 * plain text, never HTML; address may hold lines. */
typedef struct {
    const char *organisation;    /* "" shows the site's name */
    const char *about;
    const char *address;
    const char *phone;
    const char *email;
    const char *statement;       /* "/path", "https://...", or "" */
} naering_site_fields;

/* Reads and checks the site's details; like naering_form_page, problems
 * a person can fix are field errors and only a bad request is an error. */
naering_err *naering_form_site(apr_pool_t *p, const char *form,
                               naering_site_fields *f,
                               apr_array_header_t *errors);

/* What an editor gives an image placed on a page (?vis=bilder). */
typedef struct {
    const char *alt;             /* what the image shows, plain text */
    const char *caption;         /* a line under it, or "" */
    int decorative;              /* "Dekorativt bilde": alt="" */
} naering_image_fields;

/* Trims and checks the fields: alt text is required unless the image is
 * decorative (then it is ""), one line of at most 300 characters; the
 * caption one line of at most 500. */
void naering_form_image(apr_pool_t *p, naering_image_fields *f,
                        apr_array_header_t *errors);
/* The figure a page's text holds for the image at src (checked fields),
 * as HTML for naering_sanitize_site. */
const char *naering_figure_html(apr_pool_t *p, const char *src,
                                const naering_image_fields *f);

/* ---- a11y.c ------------------------------------------------------------ */

/* One accessibility/plain-language warning about a stored fragment. */
typedef struct {
    const char *kind;       /* stable key, also the string-table key suffix:
                             * heading-skip, heading-empty, fake-heading,
                             * link-vague, link-url, link-same-text,
                             * table-no-header, image-no-alt, image-alt-file,
                             * all-caps, long-paragraph, long-sentence,
                             * document-type */
    const char *criterion;  /* WCAG success criterion, "1.3.1", "2.4.4", ...;
                             * "klarspråk" hints use "3.1.5" */
    const char *excerpt;    /* at most ~80 characters of the text concerned
                             * (UTF-8 safe cut, "…" when cut), never NULL */
} naering_a11y_warning;

/* The warnings for a stored (sanitized) XHTML fragment, in document
 * order; empty when none or when it does not parse.  Pure: same answer at
 * save time, in the site report and in tests.  The excerpt is the
 * element's plain text, white space collapsed: an image's src for
 * image-no-alt, its alt for image-alt-file, "" for heading-empty. */
apr_array_header_t *naering_a11y_check(apr_pool_t *p, const char *xhtml);

#endif /* NAERING_TEXT_H */
