/* Unit tests of mod_naering's pure parts (Check).  One suite per file. */
#ifndef NAERING_TESTS_H
#define NAERING_TESTS_H
#include <check.h>
#include "naering.h"

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

/* A pool per test, destroyed by the teardown. */
extern apr_pool_t *tp;
void naering_test_setup(void);
void naering_test_teardown(void);
#endif
