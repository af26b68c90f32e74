/*
 * Documents' text for search, from naering-admin: read by the text helper
 * ("naering-admin extract", this very program, run as a process of its
 * own with its limits) when attach adds a document, and by
 *
 *   naering-admin reindex DB
 *
 * for every current document whose text was never read (a site from
 * before migration 10) or could not be read, after which the search index
 * is rebuilt.  A file that has no text, or that fails, is counted and
 * named, never fatal: its document is served all the same.  And
 *
 *   naering-admin documents DB
 *
 * lists the live documents whose PDF lacks something for assistive
 * technology, one line each (page, file, warnings), for a cron mail:
 * exit 1 when there are any, like check.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <apr_strings.h>
#include "admin/admin.h"

/* A slow disk and a 500-page PDF: more than the module's minute. */
#define NAERING_TEXT_SECONDS 120

const char *naering_admin_self(apr_pool_t *p)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

    return n > 0 ? apr_pstrndup(p, buf, (apr_size_t)n) : NULL;
}

naering_err *naering_admin_text(apr_pool_t *p, naering_db *db,
                                const char *database, const char *sha256,
                                const char *mime, const char **state)
{
    const char *files = naering_files_default_dir(p, database);
    const char *self = naering_admin_self(p);
    naering_doc_text t;
    naering_err *e;

    if (!self)
        return naering_err_make(p, 500, "cannot find naering-admin itself "
                                "in /proc/self/exe");
    if ((e = naering_helper_text(p, self, naering_files_path(p, files,
                                 sha256), mime, files, NAERING_TEXT_SECONDS,
                                 &t)))
        return e;
    if (t.failed || !strcmp(t.state, NAERING_TEXT_FAILED))
        fprintf(stderr, "naering-admin: %s (%s): no text: %s %s\n", sha256,
                mime, t.failed ? t.failed : "", t.said);
    *state = t.state;
    return naering_store_text_put(db, p, sha256, &t);
}

naering_err *naering_admin_reindex(apr_pool_t *p, naering_db *db,
                                   const char *database)
{
    apr_array_header_t *todo;
    naering_err *e = naering_store_texts_unread(db, p, &todo);
    const char *state;
    int i, read = 0;

    for (i = 0; !e && i < todo->nelts; i++) {
        naering_doc_version *v = &APR_ARRAY_IDX(todo, i, naering_doc_version);
        e = naering_admin_text(p, db, database, v->sha256, v->mime, &state);
        read += !e && !strcmp(state, NAERING_TEXT_READ);
    }
    if (!e)
        e = naering_store_reindex_all(db, p);
    if (!e)
        printf("reindex: %d documents read, %d with text; search index "
               "rebuilt\n", todo->nelts, read);
    return e;
}

int naering_admin_documents(apr_pool_t *p, naering_db *db)
{
    apr_array_header_t *docs;
    naering_err *e = naering_store_docs_to_fix(db, p, &docs);
    int i;

    if (e) {
        fprintf(stderr, "naering-admin: %s\n", naering_err_text(p, e));
        return 1;
    }
    for (i = 0; i < docs->nelts; i++) {
        naering_document *d = &APR_ARRAY_IDX(docs, i, naering_document);
        printf("%s\t%s\t%s\n", d->page_path, d->filename, d->checks);
    }
    if (docs->nelts)
        fprintf(stderr, "naering-admin: %d documents should be fixed\n",
                docs->nelts);
    return docs->nelts ? 1 : 0;
}
