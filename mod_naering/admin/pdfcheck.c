/*
 * naering-admin pdfcheck IN: what a PDF lacks for readers who use
 * assistive technology (universal design covers documents too), read with
 * qpdf's C API in a process of its own under the helpers' limits.  One
 * key per line on stdout, each a warning for the editor, never a refusal:
 *
 *   untagged          no /MarkInfo /Marked true, or no /StructTreeRoot:
 *                     a screen reader gets no headings, lists or order
 *   no-language       no /Lang in the catalog
 *   no-title          no /Title in the document information
 *   title-not-shown   /DisplayDocTitle not true: the window shows the
 *                     file name instead of the title
 *   encrypted-blocks  encrypted without the accessibility permission
 *
 * (A scanned page with no text is known from the text helper's reading.)
 * Exit 1 with "refused broken" or "refused encrypted" (a user password)
 * when it cannot be read; 2 for usage or our own failure.
 */
#include <stdio.h>
#include <string.h>
#include <qpdf/qpdf-c.h>
#include "admin/admin.h"

static int naering_pdf_true(qpdf_data q, qpdf_oh dict, const char *key)
{
    qpdf_oh v;

    if (!qpdf_oh_is_dictionary(q, dict) || !qpdf_oh_has_key(q, dict, key))
        return 0;
    v = qpdf_oh_get_key(q, dict, key);
    return qpdf_oh_is_bool(q, v) && qpdf_oh_get_bool_value(q, v);
}

static int naering_pdf_text(qpdf_data q, qpdf_oh dict, const char *key)
{
    qpdf_oh v;
    const char *s;

    if (!qpdf_oh_is_dictionary(q, dict) || !qpdf_oh_has_key(q, dict, key))
        return 0;
    v = qpdf_oh_get_key(q, dict, key);
    s = qpdf_oh_is_string(q, v) ? qpdf_oh_get_utf8_value(q, v) : NULL;
    return s && s[strspn(s, " \t\r\n")];
}

static void naering_pdf_checks(qpdf_data q)
{
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh mark = qpdf_oh_get_key(q, root, "/MarkInfo");
    qpdf_oh prefs = qpdf_oh_get_key(q, root, "/ViewerPreferences");
    const char *title = qpdf_get_info_key(q, "/Title");

    if (!naering_pdf_true(q, mark, "/Marked")
        || !qpdf_oh_has_key(q, root, "/StructTreeRoot"))
        puts("untagged");
    if (!naering_pdf_text(q, root, "/Lang"))
        puts("no-language");
    if (!title || !title[strspn(title, " \t\r\n")])
        puts("no-title");
    if (!naering_pdf_true(q, prefs, "/DisplayDocTitle"))
        puts("title-not-shown");
    if (qpdf_is_encrypted(q) && !qpdf_allow_accessibility(q))
        puts("encrypted-blocks");
}

int naering_admin_pdfcheck(const char *in)
{
    qpdf_data q;
    int rc = 0;

    if (naering_admin_helper_limits()) {
        perror("naering-admin pdfcheck: setrlimit");
        return 2;
    }
    q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read(q, in, "") & QPDF_ERRORS) {
        qpdf_error e = qpdf_get_error(q);
        int locked = e && qpdf_get_error_code(q, e) == qpdf_e_password;
        printf("refused %s\n", locked ? "encrypted" : "broken");
        fprintf(stderr, "naering-admin pdfcheck: %s\n",
                e ? qpdf_get_error_full_text(q, e) : "not a PDF");
        rc = 1;
    }
    else
        naering_pdf_checks(q);
    qpdf_cleanup(&q);
    return fflush(stdout) ? 2 : rc;
}
