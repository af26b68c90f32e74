/* XPath helpers for the checks of the XML document (view/). */
#include <stdlib.h>
#include <apr_strings.h>
#include <libxml/xpath.h>
#include "tests.h"

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

/* Docs live as long as the test's pool, so a failed assertion leaks none. */
xmlDocPtr naering_test_keep(xmlDocPtr doc)
{
    if (doc)
        apr_pool_cleanup_register(tp, doc, free_doc, apr_pool_cleanup_null);
    return doc;
}

/* The string value of an XPath expression ("" for an empty node set). */
const char *naering_test_xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlChar *s;
    const char *out;

    ck_assert_msg(o != NULL, "bad XPath %s", expr);
    s = xmlXPathCastToString(o);
    out = apr_pstrdup(tp, (const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return out;
}

int naering_test_count(xmlDocPtr doc, const char *nodes)
{
    return atoi(naering_test_xp(doc, apr_psprintf(tp, "count(%s)", nodes)));
}
