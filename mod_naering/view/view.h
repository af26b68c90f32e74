/*
 * view: the XML document that is the contract between C and the
 * templates, and the XSLT that turns it into HTML.  Above store (it shows
 * the store's rows) and text (diffs); no httpd, no SQL.
 *
 *   xml.c         a view -> the document: site, menu, page, search, feed
 *   xml_editor.c  the editor's part of the document
 *   nodes.c       the small element and attribute builders both use
 *   render.c      stylesheets compiled once; a transform per request
 *   strings.c     the string tables (nb, nn, en), reached from XSLT as
 *                 nb:s('key') in the language of the document
 *   items.c       news and meetings in the document: an item's times,
 *                 a listing, the front page's latest
 *   ics.c         a meeting or a listing of them as iCalendar (libical)
 */
#ifndef NAERING_VIEW_H
#define NAERING_VIEW_H

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/security.h>
#include "core/core.h"
#include "text/text.h"
#include "store/store.h"

/* ---- xml.c, xml_editor.c: what one response shows ---------------------- */

typedef enum {
    NAERING_VIEW_PAGE,
    NAERING_VIEW_ERROR,
    NAERING_VIEW_SEARCH,
    NAERING_VIEW_FEED,
    NAERING_VIEW_SITEMAP,
    NAERING_VIEW_EDIT,
    NAERING_VIEW_NEW,
    NAERING_VIEW_HISTORY,
    NAERING_VIEW_DIFF,
    NAERING_VIEW_CONFLICT,
    NAERING_VIEW_TRASH,
    NAERING_VIEW_CHANGES,
    NAERING_VIEW_DOCUMENTS,
    NAERING_VIEW_SITE,
    NAERING_VIEW_IMAGES,
    NAERING_VIEW_IMAGE,
    NAERING_VIEW_DOC_CHECKS,
    NAERING_VIEW_BROKEN_LINKS,
    NAERING_VIEW_A11Y,
    NAERING_VIEW_SCHEDULED,
    NAERING_VIEW_REVIEW
} naering_view_kind;

/* A page of the site's accessibility report (?vis=tilgjengelighet). */
typedef struct {
    const char *path;
    const char *title;
    int draft;
    apr_array_header_t *warnings;   /* naering_a11y_warning */
} naering_a11y_page;

/* The editor's part of a view (xml_editor.c). */
typedef struct {
    const char *user;               /* r->user */
    const char *csrf;               /* token for every form */
    const char *notice;             /* string key of a message: saved, ... */
    const naering_page_fields *form;/* the values the form shows */
    sqlite3_int64 form_revision;    /* the revision the form is based on */
    const char *slug;
    apr_array_header_t *errors;     /* naering_field_err */
    const char *preview;            /* sanitized body to preview */
    apr_array_header_t *revisions;  /* naering_revision */
    const naering_page *from;       /* diff, conflict: the older side */
    const naering_page *to;         /* the newer side */
    apr_array_header_t *changes;    /* naering_change */
    apr_array_header_t *trash;      /* naering_entry */
    apr_array_header_t *pages;      /* naering_entry: where a page can go */
    apr_array_header_t *all_documents;  /* naering_document, with trashed */
    apr_array_header_t *doc_versions;   /* naering_doc_version */
    apr_array_header_t *doc_events; /* naering_doc_event (history) */
    const char *refused;            /* why an upload was refused (key) */
    const char *refused_file;       /* and which file */
    const naering_site_fields *site_form;   /* the site's details, edited
                                             * (form_revision: its base) */
    apr_array_header_t *site_history;   /* naering_site_details */
    apr_array_header_t *library;    /* naering_image: the image library */
    const char *library_match;      /* what the library was searched for */
    const naering_image *image;     /* one image (?vis=bilde) */
    apr_array_header_t *image_uses; /* naering_entry: pages that show it */
    apr_array_header_t *image_events;   /* naering_doc_event of it */
    const naering_image_fields *image_form; /* what was typed for an
                                             * image that was refused */
    int image_warn;                 /* a trash that needs confirming */
    apr_array_header_t *docs_to_fix;    /* naering_document, site-wide */
    apr_array_header_t *broken_links;   /* naering_link */
    apr_array_header_t *incoming;   /* naering_entry: pages that link to
                                     * what is about to go to the trash */
    const char *incoming_action;    /* the action to confirm */
    sqlite3_int64 incoming_doc;     /* the document, for dok-slett */
    apr_off_t max_upload;           /* NaeringMaxUpload, bytes */
    const char *parent_query;       /* what the parent picker looked for */
    apr_array_header_t *a11y;       /* naering_a11y_warning of the text */
    apr_array_header_t *translations;   /* naering_translation */
    apr_array_header_t *a11y_pages; /* naering_a11y_page: the site report */
    apr_array_header_t *scheduled;  /* naering_scheduled: the site's, or
                                     * the edited page's */
    apr_array_header_t *reviews;    /* naering_review: due for review */
    apr_int64_t now;                /* the reviews' "now" (overdue) */
    sqlite3_int64 replaces;         /* the form edits this scheduled
                                     * change's text */
} naering_editor_view;

/* The search part of a view. */
typedef struct {
    const char *text;               /* what the visitor typed, or NULL */
    int total;                      /* hits in all */
    int page;                       /* 1-based result page */
    int per_page;
    apr_array_header_t *hits;       /* naering_hit */
} naering_search_view;

/* Everything one response shows; xml.c turns it into the document. */
typedef struct {
    naering_view_kind kind;
    const char *site_name;
    const char *base;               /* mount point, "" for the server root */
    const char *absolute;           /* absolute URL of the site's root */
    const char *path;               /* requested page path */
    const naering_page *page;       /* NULL on error views */
    apr_array_header_t *menu;       /* naering_menu_item, may be NULL */
    apr_array_header_t *crumbs;     /* naering_menu_item, may be NULL */
    apr_array_header_t *documents;  /* naering_document, may be NULL */
    int status;                     /* error views: HTTP status */
    const naering_search_view *search;  /* search view */
    apr_array_header_t *entries;    /* feed, sitemap: naering_entry */
    apr_time_t changed;             /* the site's last change */
    const naering_editor_view *editor;  /* editor views */
    const char *denied_path;        /* 403: the page an editor may not */
    const char *denied_title;       /* edit, when it is known */
    const naering_site_details *details;    /* the footer, when the
                                             * database answered */
    apr_array_header_t *images;     /* naering_image: those the shown text
                                     * holds, may be NULL */
    int public_doc_checks;          /* visitors see PDFs' accessibility */
    const char *lang;               /* the language the view is in: nb, nn,
                                     * en (the interface's strings too) */
    const char *statement_url;      /* NaeringStatementURL, or NULL */
    apr_array_header_t *translations;   /* naering_translation of the
                                         * page, itself included */
    const char *site_lang;          /* NaeringLanguage (pages without a
                                     * language of their own) */
    apr_array_header_t *items;      /* naering_item: a listing's page of
                                     * items, may be NULL */
    int items_total;                /* all the listing's items */
    int items_page;                 /* 1-based page of the listing */
    int items_per_page;
    apr_array_header_t *latest_news;    /* naering_item: the front page's */
    apr_array_header_t *next_meeting;   /* naering_item: 0 or 1 */
} naering_view;

/* The document of a view (xml.c).  The templates see it, and so does
 * anyone who asks for ?format=xml: its shape is public. */
xmlDocPtr naering_xml_build(apr_pool_t *p, const naering_view *v);

/* The editor's elements (xml_editor.c), called by naering_xml_build with
 * the <editor> element it made. */
void naering_xml_editor(apr_pool_t *p, xmlNodePtr root, xmlNodePtr info,
                        const naering_view *v);

/* ---- items.c ---------------------------------------------------------- */

/* An element name for a moment on Oslo's clock: datetime (ISO 8601 with
 * the offset) and its parts (year, month, day, weekday 1-7, hour and
 * minute as two digits) so that the templates write Norwegian dates
 * from nb.xml's names. */
xmlNodePtr naering_xml_when(apr_pool_t *p, xmlNodePtr parent,
                            const char *name, apr_int64_t secs);
/* A page's item part (kind, when, place, status), a listing's items and
 * the front page's latest, as the view has them. */
void naering_xml_item_of_page(apr_pool_t *p, xmlNodePtr page,
                              const naering_page *pg);
void naering_xml_items(apr_pool_t *p, xmlNodePtr root, const naering_view *v);

/* ---- ics.c ------------------------------------------------------------ */

/* Loads libical's Europe/Oslo once (post_config, before threads). */
void naering_ics_init(void);
/* items (naering_item, meetings) as one VCALENDAR with Europe/Oslo's
 * VTIMEZONE; UIDs are "meeting-<id>@<domain>", URLs absolute below
 * absolute (the site's root URL). */
naering_err *naering_ics_build(apr_pool_t *p, const char *name,
                               const char *domain, const char *absolute,
                               const apr_array_header_t *items,
                               const char **out, apr_size_t *len);

/* ---- nodes.c: the small builders both documents use -------------------- */

/* A new child element, with text (escaped) or none. */
xmlNodePtr naering_xml_el(xmlNodePtr parent, const char *name,
                          const char *text);
xmlNodePtr naering_xml_child(xmlNodePtr parent, const char *name);
void naering_xml_attr(xmlNodePtr n, const char *name, const char *value);
/* An id as text. */
const char *naering_xml_id(apr_pool_t *p, sqlite3_int64 id);
/* ISO 8601 with the server's UTC offset. */
const char *naering_xml_time(apr_pool_t *p, apr_time_t t);
/* Parses a stored XHTML fragment into children of parent; on a broken
 * fragment adds it as text, so nothing is lost and nothing executes. */
void naering_xml_add_fragment(xmlNodePtr parent, const char *xhtml);
/* One image's element with its variants, shared by the page (the images
 * its text shows) and the editor's library. */
xmlNodePtr naering_xml_image(apr_pool_t *p, xmlNodePtr parent,
                             const naering_view *v, const naering_image *im);
/* One document's element, shared by the page and the editor's list
 * (v->page must be set). */
xmlNodePtr naering_xml_document(apr_pool_t *p, xmlNodePtr parent,
                                const char *name, const naering_view *v,
                                const naering_document *d);

/* ---- render.c: compiled XSLT, a transform per request ------------------ */

typedef struct naering_templates {
    const char *dir;                /* absolute, no trailing slash */
    xsltStylesheetPtr site;         /* site.xsl: every HTML view */
    xsltStylesheetPtr feed;         /* feed.xsl: Atom and sitemap */
    apr_int64_t identity;           /* what renders: every file below dir
                                     * (naering_templates_compile), then
                                     * with the module and its directives
                                     * (httpd/identity.c); part of every
                                     * ETag and shared entry, the same on
                                     * every server with the same files */
    apr_time_t changed;             /* the newest of those files: the
                                     * floor of Last-Modified */
    xsltSecurityPrefsPtr prefs;     /* reads below dir only */
    struct naering_templates *next; /* registry of all template sets */
    xmlHashTablePtr langs[NAERING_LANGS];   /* nb.xml, nn.xml, en.xml by
                                             * naering_lang_index: key ->
                                             * text (strings.c); NULL for a
                                             * table the set lacks, whose
                                             * lookups fall back to nb's */
} naering_templates;

/* One transform: the templates and the language its strings are in
 * (render.c sets it as the transform context's _private). */
typedef struct {
    const naering_templates *t;
    int lang;
} naering_transform;

naering_err *naering_templates_compile(apr_pool_t *p, naering_templates *t);
/* A 64-bit identity of the files below dir (names, sizes and bytes, in
 * the order of their names, subfolders included) and the newest mtime
 * among them; the same for the same files, on any server. */
naering_err *naering_files_identity(apr_pool_t *p, const char *dir,
                                    apr_int64_t *identity,
                                    apr_time_t *newest);
void naering_templates_free(naering_templates *t);
typedef enum { NAERING_STYLE_SITE, NAERING_STYLE_FEED } naering_style;

/* "libxml2 2.9.14, libxslt 1.1.35": the libraries the view runs with. */
const char *naering_view_versions(apr_pool_t *p);
/* Transforms doc with one of t's stylesheets; *out is allocated from p. */
naering_err *naering_render(apr_pool_t *p, const naering_templates *t,
                            naering_style style, xmlDocPtr doc,
                            const char **out, apr_size_t *len);
/* Serialises doc itself (?format=xml). */
naering_err *naering_render_xml(apr_pool_t *p, xmlDocPtr doc,
                                const char **out, apr_size_t *len);

/* ---- strings.c: the templates' string table, nb:s('key') ------------- */

#define NAERING_STRINGS_NS "urn:x-naering:strings"

/* Reads dir/nb.xml into t->langs[0], and nn.xml and en.xml, when dir has
 * them, into t->langs[1] and [2] (else NULL: bokmål's strings). */
naering_err *naering_strings_load(apr_pool_t *p, const char *dir,
                                  naering_templates *t);
void naering_strings_free(naering_templates *t);
/* Reads one table file into a new hash of key -> text (the unit test of
 * the tables' keys reads them so too). */
naering_err *naering_strings_file(apr_pool_t *p, const char *file,
                                  xmlHashTablePtr *out);
/* The text for key in t's table, or "" (never NULL). */
const char *naering_string(const naering_templates *t, const char *key);
/* Makes nb:s() known to one transform; 0 on success. */
int naering_strings_register(xsltTransformContextPtr ctxt);

#endif /* NAERING_VIEW_H */
