/*
 * XSLT: stylesheets compiled once (post_config, in the parent) and shared
 * read-only by every thread and child, with the string table (strings.c)
 * loaded beside them; each request gets its own transform context with
 * security prefs that forbid writes and network and allow reads only below
 * the templates directory.  No Apache here.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_md5.h>
#include <libxml/xmlsave.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include "view/view.h"

#define NAERING_MAIN_STYLESHEET "site.xsl"

/* Allows "<dir>/x" and "file://<dir>/x" without "..": the templates' own
 * files.  ctxt->_private carries the running template set. */
static int naering_read_check(xsltSecurityPrefsPtr sec,
                              xsltTransformContextPtr ctxt,
                              const char *value)
{
    const naering_transform *tr = ctxt ? ctxt->_private : NULL;
    const char *dir = tr ? tr->t->dir : NULL;
    size_t n;

    if (!dir || !value)
        return 0;
    if (strncmp(value, "file://", 7) == 0)
        value += 7;
    n = strlen(dir);
    return strncmp(value, dir, n) == 0 && value[n] == '/'
           && strstr(value, "/..") == NULL;
}

static xsltSecurityPrefsPtr naering_prefs_make(void)
{
    xsltSecurityPrefsPtr s = xsltNewSecurityPrefs();

    if (!s)
        return NULL;
    xsltSetSecurityPrefs(s, XSLT_SECPREF_READ_FILE, naering_read_check);
    xsltSetSecurityPrefs(s, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(s, XSLT_SECPREF_CREATE_DIRECTORY,
                         xsltSecurityForbid);
    xsltSetSecurityPrefs(s, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(s, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    return s;
}

static naering_err *naering_compile(apr_pool_t *p, const char *dir,
                                    const char *name, xsltStylesheetPtr *out)
{
    const char *file = apr_pstrcat(p, dir, "/", name, NULL);

    *out = xsltParseStylesheetFile((const xmlChar *)file);
    if (!*out)
        return naering_err_make(p, 500, "%s: cannot compile the stylesheet "
                                "(see the lines above)", file);
    return NULL;
}

/* The files below dir (relative names) into out, sorted later. */
static apr_status_t naering_files_list(apr_pool_t *p, const char *dir,
                                       const char *rel,
                                       apr_array_header_t *out)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv = apr_dir_open(&d, apr_pstrcat(p, dir, *rel ? "/" : "",
                                                    rel, NULL), p);

    if (rv != APR_SUCCESS)
        return rv;
    while (rv == APR_SUCCESS
           && apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
              == APR_SUCCESS) {
        const char *name = apr_pstrcat(p, rel, *rel ? "/" : "", fi.name,
                                       NULL);
        if (fi.name[0] == '.')
            continue;               /* ., .. and hidden files */
        if (fi.filetype == APR_DIR)
            rv = naering_files_list(p, dir, name, out);
        else if (fi.filetype == APR_REG)
            APR_ARRAY_PUSH(out, const char *) = name;
    }
    apr_dir_close(d);
    return rv;
}

static int naering_name_order(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One file's name, size and bytes into the digest. */
static apr_status_t naering_digest_file(apr_pool_t *p, apr_md5_ctx_t *md5,
                                        const char *dir, const char *name,
                                        apr_time_t *newest)
{
    apr_file_t *f;
    apr_finfo_t fi;
    char buf[16384];
    apr_size_t n;
    apr_status_t rv = apr_file_open(&f, apr_pstrcat(p, dir, "/", name, NULL),
                                    APR_FOPEN_READ, 0, p);

    if (rv != APR_SUCCESS)
        return rv;
    if ((rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_MTIME, f))
        == APR_SUCCESS) {
        /* The name and size end with a NUL: no two files run together. */
        const char *head = apr_psprintf(p, "%s %" APR_OFF_T_FMT, name,
                                        fi.size);
        apr_md5_update(md5, head, strlen(head) + 1);
        if (fi.mtime > *newest)
            *newest = fi.mtime;
        do {
            n = sizeof(buf);
            rv = apr_file_read(f, buf, &n);
            apr_md5_update(md5, buf, n);
        } while (rv == APR_SUCCESS);
        rv = rv == APR_EOF ? APR_SUCCESS : rv;
    }
    apr_file_close(f);
    return rv;
}

naering_err *naering_files_identity(apr_pool_t *p, const char *dir,
                                    apr_int64_t *identity,
                                    apr_time_t *newest)
{
    apr_array_header_t *names = apr_array_make(p, 32, sizeof(const char *));
    unsigned char sum[APR_MD5_DIGESTSIZE];
    apr_md5_ctx_t md5;
    apr_status_t rv = naering_files_list(p, dir, "", names);
    int i;

    *newest = 0;
    apr_md5_init(&md5);
    if (rv == APR_SUCCESS)
        qsort(names->elts, names->nelts, sizeof(const char *),
              naering_name_order);
    for (i = 0; rv == APR_SUCCESS && i < names->nelts; i++)
        rv = naering_digest_file(p, &md5, dir,
                                 APR_ARRAY_IDX(names, i, const char *),
                                 newest);
    if (rv != APR_SUCCESS)
        return naering_err_make(p, 500, "%s: cannot read the templates "
                                "(error %d)", dir, rv);
    apr_md5_final(sum, &md5);
    memcpy(identity, sum, sizeof(*identity));
    return NULL;
}

naering_err *naering_templates_compile(apr_pool_t *p, naering_templates *t)
{
    naering_err *e;

    if ((e = naering_strings_load(p, t->dir, t))
        || (e = naering_compile(p, t->dir, NAERING_MAIN_STYLESHEET, &t->site))
        || (e = naering_compile(p, t->dir, "feed.xsl", &t->feed)))
        return e;
    if ((e = naering_files_identity(p, t->dir, &t->identity, &t->changed)))
        return e;
    t->prefs = naering_prefs_make();
    if (!t->prefs)
        return naering_err_make(p, 500, "out of memory for XSLT prefs");
    return NULL;
}

void naering_templates_free(naering_templates *t)
{
    if (t->site)
        xsltFreeStylesheet(t->site);
    if (t->feed)
        xsltFreeStylesheet(t->feed);
    t->feed = NULL;
    if (t->prefs)
        xsltFreeSecurityPrefs(t->prefs);
    naering_strings_free(t);
    t->site = NULL;
    t->prefs = NULL;
}

/* Transform errors go to the request's error, not to stderr. */
typedef struct {
    apr_pool_t *p;
    const char *msg;
} naering_xslt_errors;

static void naering_xslt_error(void *ctx, const char *fmt, ...)
{
    naering_xslt_errors *errs = ctx;
    va_list ap;

    va_start(ap, fmt);
    errs->msg = apr_pstrcat(errs->p, errs->msg ? errs->msg : "",
                            apr_pvsprintf(errs->p, fmt, ap), NULL);
    va_end(ap);
}

static naering_err *naering_copy_out(apr_pool_t *p, xmlChar *buf, int n,
                                     const char **out, apr_size_t *len)
{
    if (!buf && n != 0)
        return naering_err_make(p, 500, "XSLT: cannot serialise");
    *out = buf ? apr_pmemdup(p, buf, (apr_size_t)n) : "";
    *len = (apr_size_t)n;
    xmlFree(buf);
    return NULL;
}

/* The language the document says it is in (<naering lang>), as an index
 * of the string tables; bokmål when it says none. */
static int naering_doc_lang(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlChar *lang = root ? xmlGetProp(root, BAD_CAST "lang") : NULL;
    int i = naering_lang_index((const char *)lang);

    xmlFree(lang);
    return i < 0 ? 0 : i;
}

naering_err *naering_render(apr_pool_t *p, const naering_templates *t,
                            naering_style style, xmlDocPtr doc,
                            const char **out, apr_size_t *len)
{
    naering_xslt_errors errs = { p, NULL };
    naering_transform tr = { t, naering_doc_lang(doc) };
    xsltStylesheetPtr sheet = style == NAERING_STYLE_FEED ? t->feed : t->site;
    xsltTransformContextPtr ctxt = xsltNewTransformContext(sheet, doc);
    xmlDocPtr res = NULL;
    xmlChar *buf = NULL;
    int n = 0, failed;

    if (!ctxt)
        return naering_err_make(p, 500, "XSLT: no transform context");
    ctxt->_private = &tr;
    if (naering_strings_register(ctxt) != 0) {
        xsltFreeTransformContext(ctxt);
        return naering_err_make(p, 500, "XSLT: cannot register nb:s()");
    }
    xsltSetCtxtSecurityPrefs(t->prefs, ctxt);
    xsltSetTransformErrorFunc(ctxt, &errs, naering_xslt_error);
    res = xsltApplyStylesheetUser(sheet, doc, NULL, NULL, NULL, ctxt);
    failed = !res || ctxt->state == XSLT_STATE_ERROR
             || ctxt->state == XSLT_STATE_STOPPED;
    xsltFreeTransformContext(ctxt);
    if (!failed && xsltSaveResultToString(&buf, &n, res, sheet) != 0)
        failed = 1;
    xmlFreeDoc(res);
    if (failed) {
        xmlFree(buf);
        return naering_err_make(p, 500, "XSLT in %s: %s", t->dir,
                                errs.msg ? errs.msg : "transform failed");
    }
    return naering_copy_out(p, buf, n, out, len);
}

naering_err *naering_render_xml(apr_pool_t *p, xmlDocPtr doc,
                                const char **out, apr_size_t *len)
{
    xmlChar *buf = NULL;
    int n = 0;

    xmlDocDumpFormatMemoryEnc(doc, &buf, &n, "UTF-8", 1);
    return naering_copy_out(p, buf, n, out, len);
}

/* The running libraries' own numbers (20914 -> 2.9.14), not the headers'. */
static const char *naering_dotted(apr_pool_t *p, long v)
{
    return apr_psprintf(p, "%ld.%ld.%ld", v / 10000, v / 100 % 100, v % 100);
}

const char *naering_view_versions(apr_pool_t *p)
{
    return apr_pstrcat(p, "libxml2 ", naering_dotted(p, atol(xmlParserVersion)),
                       ", libxslt ", naering_dotted(p, xsltLibxsltVersion),
                       NULL);
}
