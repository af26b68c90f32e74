/*
 * The string tables (nb.xml, nn.xml, en.xml): every user-facing text of
 * the templates, in bokmål, nynorsk and English.  They are read once, when
 * the templates are compiled, into hashes that the XPath function
 * nb:s('key') looks up in the language of the page being rendered.  Before this, each render loaded
 * nb.xml with document() and scanned it with $s[@key=…]: 85 % of a page's
 * CPU time (tests/bench/README.md).  The hash is built in the parent and
 * only read afterwards, so every thread and child shares it.  No Apache.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_file_info.h>
#include <libxml/parser.h>
#include <libxml/hash.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/transform.h>
#include "view/view.h"

#define NAERING_STRINGS_FILE "nb.xml"

static void naering_strings_free_entry(void *value, const xmlChar *key)
{
    (void)key;
    xmlFree(value);
}

/* <strings><s key="k">text</s>…</strings> → k → text; a key given twice is
 * an error rather than a silent choice between two texts. */
static naering_err *naering_strings_fill(apr_pool_t *p, const char *file,
                                         xmlDocPtr doc, xmlHashTablePtr h)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n;

    if (!root || !xmlStrEqual(root->name, BAD_CAST "strings"))
        return naering_err_make(p, 500, "%s: the root is not <strings>", file);
    for (n = root->children; n; n = n->next) {
        xmlChar *key, *text;
        int dup;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "s"))
            continue;
        key = xmlGetProp(n, BAD_CAST "key");
        if (!key)
            return naering_err_make(p, 500, "%s: line %ld: <s> without key",
                                    file, xmlGetLineNo(n));
        text = xmlNodeGetContent(n);
        dup = xmlHashAddEntry(h, key, text ? text : xmlStrdup(BAD_CAST ""));
        xmlFree(key);
        if (dup != 0) {
            xmlFree(text);
            return naering_err_make(p, 500, "%s: line %ld: a key given twice",
                                    file, xmlGetLineNo(n));
        }
    }
    return NULL;
}

/* The file as a document, or an error with libxml2's own line and
 * message (rather than lines of its own on stderr). */
static naering_err *naering_strings_read(apr_pool_t *p, const char *file,
                                         xmlDocPtr *doc)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    naering_err *e = NULL;

    if (!ctxt)
        return naering_err_make(p, 500, "out of memory for %s", file);
    *doc = xmlCtxtReadFile(ctxt, file, NULL, XML_PARSE_NONET
                           | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!*doc) {
        xmlErrorPtr x = xmlCtxtGetLastError(ctxt);

        char *msg = apr_pstrdup(p, x && x->message ? x->message : "not XML");
        size_t n = strlen(msg);

        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        e = naering_err_make(p, 500, "%s: line %d: cannot read the string "
                             "table: %s", file, x ? x->line : 0, msg);
    }
    xmlFreeParserCtxt(ctxt);
    return e;
}

naering_err *naering_strings_file(apr_pool_t *p, const char *file,
                                  xmlHashTablePtr *out)
{
    xmlDocPtr doc;
    xmlHashTablePtr h;
    naering_err *e = naering_strings_read(p, file, &doc);

    if (e)
        return e;
    h = xmlHashCreate(256);
    e = h ? naering_strings_fill(p, file, doc, h)
          : naering_err_make(p, 500, "out of memory for %s", file);
    xmlFreeDoc(doc);
    if (e) {
        if (h)
            xmlHashFree(h, naering_strings_free_entry);
        return e;
    }
    *out = h;
    return NULL;
}

/* nb.xml must be there; nn.xml and en.xml come with the installed
 * templates, and a site's own template set from before them simply
 * shows bokmål's strings on nynorsk and English pages. */
naering_err *naering_strings_load(apr_pool_t *p, const char *dir,
                                  naering_templates *t)
{
    naering_err *e;
    apr_finfo_t fi;
    int i;

    e = naering_strings_file(p, apr_pstrcat(p, dir, "/" NAERING_STRINGS_FILE,
                                            NULL), &t->langs[0]);
    if (e)
        return e;
    for (i = 1; i < NAERING_LANGS; i++) {
        const char *file = apr_pstrcat(p, dir, "/", naering_lang_name(i),
                                       ".xml", NULL);
        t->langs[i] = NULL;
        if (apr_stat(&fi, file, APR_FINFO_TYPE, p) != APR_SUCCESS)
            continue;
        if ((e = naering_strings_file(p, file, &t->langs[i]))) {
            naering_strings_free(t);
            return e;
        }
    }
    return NULL;
}

void naering_strings_free(naering_templates *t)
{
    int i;

    for (i = 0; i < NAERING_LANGS; i++) {
        if (t->langs[i])
            xmlHashFree(t->langs[i], naering_strings_free_entry);
        t->langs[i] = NULL;
    }
}

const char *naering_string(const naering_templates *t, const char *key)
{
    const xmlChar *v = t && t->langs[0]
                       ? xmlHashLookup(t->langs[0], BAD_CAST key) : NULL;

    return v ? (const char *)v : "";
}

/* The text in the transform's language; a key its table lacks falls back
 * to bokmål (the unit test keeps the tables' keys the same). */
static const char *naering_string_in(const naering_transform *tr,
                                     const char *key)
{
    xmlHashTablePtr h = tr && tr->lang > 0 && tr->lang < NAERING_LANGS
                        ? tr->t->langs[tr->lang] : NULL;
    const xmlChar *v = h ? xmlHashLookup(h, BAD_CAST key) : NULL;

    return v ? (const char *)v : naering_string(tr ? tr->t : NULL, key);
}

/* nb:s(key): the text, or "" for a key the table lacks, as $s[@key=…]
 * gave an empty node-set, so tests such as nb:s(concat('notice-', x))
 * still mean "is there a text for it". */
static void naering_strings_xpath(xmlXPathParserContextPtr ctxt, int nargs)
{
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    const naering_transform *tr = tctxt ? tctxt->_private : NULL;
    xmlChar *key;

    if (nargs != 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    key = xmlXPathPopString(ctxt);
    if (ctxt->error) {
        xmlFree(key);
        return;
    }
    valuePush(ctxt, xmlXPathNewString(
                        BAD_CAST naering_string_in(tr, key ? (char *)key
                                                           : "")));
    xmlFree(key);
}

/* Per transform, not in libxslt's global registry: the module changes no
 * global state of a library other modules may share (mod_naering/README.md,
 * process rules). */
int naering_strings_register(xsltTransformContextPtr ctxt)
{
    return xsltRegisterExtFunction(ctxt, BAD_CAST "s",
                                   BAD_CAST NAERING_STRINGS_NS,
                                   naering_strings_xpath);
}
