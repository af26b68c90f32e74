/* Unit tests of mod_naering's pure parts (Check): core, text, store and
 * view, one folder each as in mod_naering/, one suite per file. */
#ifndef NAERING_TESTS_H
#define NAERING_TESTS_H
#include <check.h>
#include "core/core.h"
#include "text/text.h"
#include "store/store.h"
#include "view/view.h"

Suite *naering_route_suite(void);
Suite *naering_query_suite(void);
Suite *naering_xml_suite(void);
Suite *naering_store_suite(void);
Suite *naering_diff_suite(void);
Suite *naering_sanitize_suite(void);
Suite *naering_multipart_suite(void);
Suite *naering_csrf_suite(void);
Suite *naering_search_suite(void);
Suite *naering_render_suite(void);
Suite *naering_snippet_suite(void);
Suite *naering_cache_suite(void);
Suite *naering_bytes_suite(void);
Suite *naering_magic_suite(void);
Suite *naering_files_suite(void);
Suite *naering_form_suite(void);
Suite *naering_xml_editor_suite(void);
Suite *naering_images_suite(void);
Suite *naering_helper_suite(void);
Suite *naering_links_suite(void);
Suite *naering_a11y_suite(void);
Suite *naering_oslo_suite(void);
Suite *naering_schedule_suite(void);
Suite *naering_ics_suite(void);

/* view/xpath.c: a document freed with the test's pool; the string value
 * of an XPath expression ("" for an empty node set); a count of nodes. */
xmlDocPtr naering_test_keep(xmlDocPtr doc);
const char *naering_test_xp(xmlDocPtr doc, const char *expr);
int naering_test_count(xmlDocPtr doc, const char *nodes);

/* A pool per test, destroyed by the teardown. */
extern apr_pool_t *tp;
void naering_test_setup(void);
void naering_test_teardown(void);
#endif
