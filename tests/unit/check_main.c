/* Runs every unit suite; exit status is the number of failures (capped). */
#include <stdlib.h>
#include <apr_general.h>
#include <libxml/parser.h>
#include "tests.h"

apr_pool_t *tp;

void naering_test_setup(void)
{
    apr_pool_create(&tp, NULL);
}

void naering_test_teardown(void)
{
    apr_pool_destroy(tp);
    tp = NULL;
}

int main(void)
{
    SRunner *sr;
    int failed;

    apr_initialize();
    xmlInitParser();
    sr = srunner_create(naering_route_suite());
    srunner_add_suite(sr, naering_query_suite());
    srunner_add_suite(sr, naering_xml_suite());
    srunner_add_suite(sr, naering_store_suite());
    srunner_add_suite(sr, naering_diff_suite());
    srunner_add_suite(sr, naering_sanitize_suite());
    srunner_add_suite(sr, naering_multipart_suite());
    srunner_add_suite(sr, naering_csrf_suite());
    srunner_add_suite(sr, naering_search_suite());
    srunner_add_suite(sr, naering_render_suite());
    srunner_add_suite(sr, naering_snippet_suite());
    srunner_add_suite(sr, naering_cache_suite());
    srunner_add_suite(sr, naering_bytes_suite());
    srunner_add_suite(sr, naering_magic_suite());
    srunner_add_suite(sr, naering_files_suite());
    srunner_add_suite(sr, naering_form_suite());
    srunner_add_suite(sr, naering_xml_editor_suite());
    srunner_add_suite(sr, naering_images_suite());
    srunner_add_suite(sr, naering_helper_suite());
    srunner_add_suite(sr, naering_links_suite());
    srunner_add_suite(sr, naering_a11y_suite());
    srunner_add_suite(sr, naering_oslo_suite());
    srunner_add_suite(sr, naering_schedule_suite());
    srunner_add_suite(sr, naering_ics_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
