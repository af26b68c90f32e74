/*
 * Uploaded files: what they are (from their own first bytes, checked
 * against their name) and what they may be called.  Pure.
 *
 * The allow-list is what municipal pages carry: PDF, Word/Excel/PowerPoint
 * (old and new), OpenDocument, PNG/JPEG/GIF, plain text, CSV and zip.  A
 * file whose name says one thing and whose bytes say another is refused:
 * a visitor's browser trusts the type we send.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <uninorm.h>
#include "core/core.h"

#define NAERING_NAME_MAX 150

typedef enum {
    NAERING_KIND_PDF, NAERING_KIND_PNG, NAERING_KIND_JPEG, NAERING_KIND_GIF,
    NAERING_KIND_ZIP, NAERING_KIND_OLE, NAERING_KIND_TEXT, NAERING_KIND_NONE
} naering_kind;

/* Extension -> the bytes it must have and the type we serve it as. */
static const struct {
    const char *ext;
    naering_kind kind;
    const char *mime;
} naering_types[] = {
    { "pdf", NAERING_KIND_PDF, "application/pdf" },
    { "png", NAERING_KIND_PNG, "image/png" },
    { "jpg", NAERING_KIND_JPEG, "image/jpeg" },
    { "jpeg", NAERING_KIND_JPEG, "image/jpeg" },
    { "gif", NAERING_KIND_GIF, "image/gif" },
    { "docx", NAERING_KIND_ZIP, "application/vnd.openxmlformats-"
                                "officedocument.wordprocessingml.document" },
    { "xlsx", NAERING_KIND_ZIP, "application/vnd.openxmlformats-"
                                "officedocument.spreadsheetml.sheet" },
    { "pptx", NAERING_KIND_ZIP, "application/vnd.openxmlformats-"
                                "officedocument.presentationml.presentation" },
    { "odt", NAERING_KIND_ZIP, "application/vnd.oasis.opendocument.text" },
    { "ods", NAERING_KIND_ZIP,
      "application/vnd.oasis.opendocument.spreadsheet" },
    { "odp", NAERING_KIND_ZIP,
      "application/vnd.oasis.opendocument.presentation" },
    { "zip", NAERING_KIND_ZIP, "application/zip" },
    { "doc", NAERING_KIND_OLE, "application/msword" },
    { "xls", NAERING_KIND_OLE, "application/vnd.ms-excel" },
    { "ppt", NAERING_KIND_OLE, "application/vnd.ms-powerpoint" },
    { "txt", NAERING_KIND_TEXT, "text/plain; charset=utf-8" },
    { "csv", NAERING_KIND_TEXT, "text/csv; charset=utf-8" },
};

static int naering_starts(const unsigned char *h, apr_size_t n,
                          const char *magic, apr_size_t m)
{
    return n >= m && memcmp(h, magic, m) == 0;
}

/* Text: valid UTF-8 without NUL, allowing the head's end to cut its
 * last character in half. */
static int naering_is_text(const unsigned char *h, apr_size_t n)
{
    apr_size_t cut;

    for (cut = 0; cut < 4 && cut < n; cut++)
        if (naering_utf8_valid((const char *)h, n - cut))
            return 1;
    return 0;
}

static naering_kind naering_kind_of(const unsigned char *h, apr_size_t n)
{
    if (naering_starts(h, n, "%PDF-", 5))
        return NAERING_KIND_PDF;
    if (naering_starts(h, n, "\x89PNG\r\n\x1a\n", 8))
        return NAERING_KIND_PNG;
    if (naering_starts(h, n, "\xff\xd8\xff", 3))
        return NAERING_KIND_JPEG;
    if (naering_starts(h, n, "GIF87a", 6) || naering_starts(h, n, "GIF89a", 6))
        return NAERING_KIND_GIF;
    if (naering_starts(h, n, "PK\x03\x04", 4))
        return NAERING_KIND_ZIP;
    if (naering_starts(h, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return NAERING_KIND_OLE;
    if (n > 0 && naering_is_text(h, n))
        return NAERING_KIND_TEXT;
    return NAERING_KIND_NONE;
}

const char *naering_sniff(apr_pool_t *p, const unsigned char *head,
                          apr_size_t n, const char *filename,
                          const char **why)
{
    const char *dot = strrchr(filename, '.');
    naering_kind kind = naering_kind_of(head, n);
    size_t i;

    *why = "type";
    if (!dot)
        return NULL;
    for (i = 0; i < sizeof(naering_types) / sizeof(naering_types[0]); i++) {
        if (strcasecmp(dot + 1, naering_types[i].ext) != 0)
            continue;
        if (naering_types[i].kind != kind) {
            *why = "mismatch";
            return NULL;
        }
        return naering_types[i].mime;
    }
    return NULL;
}

/* ---- images ------------------------------------------------------------- */

/* An ISO base media file (HEIF, AVIF) of one of the brands named. */
static int naering_ftyp(const unsigned char *h, apr_size_t n,
                        const char *const *brands)
{
    if (n < 12 || memcmp(h + 4, "ftyp", 4) != 0)
        return 0;
    for (; *brands; brands++)
        if (memcmp(h + 8, *brands, 4) == 0)
            return 1;
    return 0;
}

static const char *naering_image_kind(const unsigned char *h, apr_size_t n)
{
    static const char *const heif[] = { "heic", "heix", "mif1", "msf1",
                                        NULL };
    static const char *const avif[] = { "avif", "avis", NULL };

    if (naering_starts(h, n, "\xff\xd8\xff", 3))
        return "image/jpeg";
    if (naering_starts(h, n, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (n >= 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WEBP", 4))
        return "image/webp";
    if (naering_ftyp(h, n, avif))
        return "image/avif";
    if (naering_ftyp(h, n, heif))
        return "image/heic";
    return NULL;
}

const char *naering_sniff_image(apr_pool_t *p, const unsigned char *head,
                                apr_size_t n, const char *filename,
                                const char **why)
{
    static const struct { const char *ext, *mime; } exts[] = {
        { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" },
        { "png", "image/png" }, { "webp", "image/webp" },
        { "heic", "image/heic" }, { "heif", "image/heic" },
        { "avif", "image/avif" }
    };
    const char *dot = strrchr(filename, '.');
    const char *kind = naering_image_kind(head, n);
    size_t i;

    *why = "type";
    for (i = 0; dot && i < sizeof(exts) / sizeof(exts[0]); i++) {
        if (strcasecmp(dot + 1, exts[i].ext) != 0)
            continue;
        if (!kind || strcmp(kind, exts[i].mime) != 0) {
            *why = kind ? "mismatch" : "type";
            return NULL;
        }
        return kind;
    }
    return NULL;
}

/* ---- file names -------------------------------------------------------- */

/* The part after the last / or \ (old browsers send a full path). */
static const char *naering_base_name(const char *s)
{
    const char *a = strrchr(s, '/'), *b = strrchr(s, '\\');
    const char *last = a > b ? a : b;
    return last ? last + 1 : s;
}

/* NFC, so that "å" typed on a Mac (a + ring) and on Windows is one name. */
static char *naering_nfc(apr_pool_t *p, const char *s)
{
    size_t n = 0;
    uint8_t *out = u8_normalize(UNINORM_NFC, (const uint8_t *)s, strlen(s),
                                NULL, &n);
    char *copy;

    if (!out)
        return NULL;
    copy = apr_pstrndup(p, (const char *)out, n);
    free(out);
    return copy;
}

/* Control characters go, characters that trouble file systems become
 * '-', spaces and dots at the ends go. */
static char *naering_tidy(char *s)
{
    char *o = s, *r, *end;

    for (r = s; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (c < 0x20 || c == 0x7f)
            continue;
        *o++ = strchr(":*?\"<>|", c) ? '-' : (char)c;
    }
    *o = '\0';
    while (*s == ' ' || *s == '.')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '.'))
        *--end = '\0';
    return s;
}

/* Cuts to NAERING_NAME_MAX bytes, keeping a short extension and whole
 * characters. */
static const char *naering_shorten(apr_pool_t *p, const char *s)
{
    const char *dot = strrchr(s, '.');
    size_t n = strlen(s), ext = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
    size_t keep = NAERING_NAME_MAX - ext;

    if (n <= NAERING_NAME_MAX)
        return s;
    while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
        keep--;
    return apr_pstrcat(p, apr_pstrndup(p, s, keep), ext ? dot : "", NULL);
}

const char *naering_filename_clean(apr_pool_t *p, const char *raw)
{
    char *s;
    const char *out;

    if (!raw || !naering_utf8_valid(raw, strlen(raw)))
        return NULL;
    s = naering_nfc(p, naering_base_name(raw));
    if (!s)
        return NULL;
    out = naering_shorten(p, naering_tidy(s));
    if (!*out || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        return NULL;
    return out;
}

/* "Referat.pdf", 2 -> "Referat-2.pdf" */
const char *naering_filename_numbered(apr_pool_t *p, const char *name, int n)
{
    const char *dot = strrchr(name, '.');

    if (!dot || dot == name)
        return apr_psprintf(p, "%s-%d", name, n);
    return apr_psprintf(p, "%.*s-%d%s", (int)(dot - name), name, n, dot);
}
