/*
 * naering-admin extract IN MIME: the text of a document, for search.  Run
 * by the module (and by naering-admin attach and reindex) as a process
 * of its own, like the image helper, because PDF and zipped office files
 * are untrusted formats: it limits itself first (admin/image.c's limits),
 * then reads
 *
 *   PDF                         with poppler-glib, page by page
 *   ODT, ODS, ODP               content.xml          } unzipped with
 *   DOCX                        word/document.xml    } libarchive, read
 *   XLSX                        xl/sharedStrings.xml } with libxml2
 *   PPTX                        ppt/slides/slideN.xml }
 *   plain text, CSV             as they are (UTF-8)
 *
 * and writes the text to stdout: paragraphs on lines of their own, at
 * most NAERING_TEXT_MAX bytes.  Any other type has no text to give (exit
 * 0, nothing written).  Exit 1 with "refused KEY" (broken, encrypted,
 * too-large) for a file it cannot read; 2 for usage or our own failure.
 * A zip entry is read only by its known name and never written anywhere,
 * and no more than NAERING_UNZIP_MAX bytes of all entries are inflated:
 * a zip bomb or a "../" name costs nothing.
 */
#include <stdio.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <poppler.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "admin/admin.h"

#define NAERING_TEXT_MAX (4 * 1024 * 1024)
#define NAERING_UNZIP_MAX (64L * 1024 * 1024)
#define NAERING_PDF_PAGES_MAX 5000

typedef struct {
    GString *out;
    long inflated;               /* bytes unzipped so far */
    int full;                    /* NAERING_TEXT_MAX reached */
} naering_text;

static void naering_text_add(naering_text *t, const char *s, size_t n)
{
    size_t room = NAERING_TEXT_MAX - t->out->len;

    if (t->full)
        return;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;                 /* not inside a character */
        t->full = 1;
    }
    g_string_append_len(t->out, s, (gssize)n);
}

static int naering_text_refuse(const char *key, const char *why)
{
    printf("refused %s\n", key);
    fprintf(stderr, "naering-admin extract: %s\n", why);
    return 1;
}

/* ---- PDF --------------------------------------------------------------- */

static int naering_text_pdf(const char *path, naering_text *t)
{
    GError *err = NULL;
    char *abs = g_canonicalize_filename(path, NULL);
    char *uri = g_filename_to_uri(abs, NULL, NULL);
    PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL,
                                                                &err)
                               : NULL;
    int i, n;

    g_free(uri);
    g_free(abs);
    if (!doc) {
        int locked = err && g_error_matches(err, POPPLER_ERROR,
                                            POPPLER_ERROR_ENCRYPTED);
        int rc = naering_text_refuse(locked ? "encrypted" : "broken",
                                     err ? err->message : "not a PDF");
        g_clear_error(&err);
        return rc;
    }
    n = poppler_document_get_n_pages(doc);
    for (i = 0; i < n && i < NAERING_PDF_PAGES_MAX && !t->full; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        char *s = page ? poppler_page_get_text(page) : NULL;
        if (s) {
            naering_text_add(t, s, strlen(s));
            naering_text_add(t, "\n", 1);
        }
        g_free(s);
        if (page)
            g_object_unref(page);
    }
    g_object_unref(doc);
    return 0;
}

/* ---- office files: zip + XML --------------------------------------------- */

/* Elements after which a line ends: paragraphs and headings (ODF text:p,
 * text:h; Word w:p; DrawingML a:p), table cells, shared strings (si). */
static int naering_text_breaks(const xmlChar *name)
{
    static const char *const b[] = { "p", "h", "tc", "si", "table-cell",
                                     "br", "tab", NULL };
    int i;

    for (i = 0; b[i]; i++)
        if (xmlStrEqual(name, (const xmlChar *)b[i]))
            return 1;
    return 0;
}

static void naering_text_walk(xmlNodePtr n, naering_text *t, int depth)
{
    for (; n && !t->full && depth < 256; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content)
            naering_text_add(t, (const char *)n->content,
                             strlen((const char *)n->content));
        else if (n->type == XML_ELEMENT_NODE) {
            naering_text_walk(n->children, t, depth + 1);
            if (naering_text_breaks(n->name))
                naering_text_add(t, "\n", 1);
        }
    }
}

/* No network, no entities, no DTD: the XML of a stranger's zip. */
static void naering_text_xml(const char *buf, size_t len, naering_text *t)
{
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR
                                  | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);

    if (!doc)
        return;
    naering_text_walk(xmlDocGetRootElement(doc), t, 0);
    naering_text_add(t, "\n", 1);
    xmlFreeDoc(doc);
}

static int naering_text_wanted(const char *name)
{
    if (!strcmp(name, "content.xml") || !strcmp(name, "word/document.xml")
        || !strcmp(name, "xl/sharedStrings.xml"))
        return 1;
    return !strncmp(name, "ppt/slides/slide", 16) && !strchr(name + 16, '/')
        && g_str_has_suffix(name, ".xml");
}

/* One wanted entry, inflated up to what is left of NAERING_UNZIP_MAX. */
static int naering_text_entry(struct archive *a, naering_text *t)
{
    GByteArray *buf = g_byte_array_new();
    char chunk[16384];
    la_ssize_t n;

    while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
        t->inflated += n;
        if (t->inflated > NAERING_UNZIP_MAX) {
            g_byte_array_free(buf, TRUE);
            return -2;
        }
        g_byte_array_append(buf, (const guint8 *)chunk, (guint)n);
    }
    if (n == 0)
        naering_text_xml((const char *)buf->data, buf->len, t);
    g_byte_array_free(buf, TRUE);
    return n < 0 ? -1 : 0;
}

static int naering_text_zip(const char *path, naering_text *t)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    int rc = 0, r;

    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 16384) != ARCHIVE_OK) {
        rc = naering_text_refuse("broken", archive_error_string(a));
        archive_read_free(a);
        return rc;
    }
    while (!rc && !t->full
           && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
        if (naering_text_wanted(archive_entry_pathname(e)))
            rc = naering_text_entry(a, t);
    archive_read_free(a);
    if (rc == -2)
        return naering_text_refuse("too-large", "unzips to more than "
                                   "64 MB");
    return rc ? naering_text_refuse("broken", "a damaged zip entry") : 0;
}

/* ---- the command ----------------------------------------------------------- */

static int naering_text_plain(const char *path, naering_text *t)
{
    gchar *s = NULL;
    gsize n = 0;

    if (!g_file_get_contents(path, &s, &n, NULL))
        return naering_text_refuse("broken", "cannot be read");
    if (g_utf8_validate(s, (gssize)n, NULL))
        naering_text_add(t, s, n);
    g_free(s);
    return 0;
}

static int naering_text_by_type(const char *path, const char *mime,
                                naering_text *t)
{
    if (!strcmp(mime, "application/pdf"))
        return naering_text_pdf(path, t);
    if (g_str_has_prefix(mime, "application/vnd.oasis.opendocument.")
        || g_str_has_prefix(mime, "application/vnd.openxmlformats-"))
        return naering_text_zip(path, t);
    if (g_str_has_prefix(mime, "text/plain")
        || g_str_has_prefix(mime, "text/csv"))
        return naering_text_plain(path, t);
    return 0;                    /* a type with no text to give */
}

int naering_admin_extract(const char *in, const char *mime)
{
    naering_text t = { g_string_new(NULL), 0, 0 };
    int rc;

    if (naering_admin_helper_limits()) {
        perror("naering-admin extract: setrlimit");
        return 2;
    }
    rc = naering_text_by_type(in, mime, &t);
    if (!rc)
        fwrite(t.out->str, 1, t.out->len, stdout);
    g_string_free(t.out, TRUE);
    return fflush(stdout) ? 2 : rc;
}
