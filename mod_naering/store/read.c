/*
 * The store's reads: pages, menus, breadcrumbs, documents, lists for the
 * feed and the sitemap, search, and where moved pages went.
 */
#include <string.h>
#include <apr_strings.h>
#include "store/internal.h"

/* Deeper than any real site; bounds the walk up the tree. */
#define NAERING_MAX_DEPTH 64

/* The sitemap needs address and time only: no title, summary or author
 * read, copied and put in the XML for 10,000 pages. */
static const char SQL_ALL_PAGES[] =
    "SELECT p.id, p.path, '', '', '', r.created_at"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.deleted_at IS NULL AND p.hidden = 0"
    " ORDER BY p.path LIMIT :limit";

/* Menu and breadcrumbs are walked from C with one indexed lookup per
 * level: the recursive CTEs they replace made SQLite build two or three
 * temporary b-trees per page view, each with its own 85 kB page cache,
 * and that was a third of an uncached render (tests/bench/README.md). */
static const char SQL_ITEM[] =
    "SELECT p.id, coalesce(p.parent_id, 0), p.path, r.title"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.id = :id";

static const char SQL_ROOTS[] =
    "SELECT p.id FROM page p WHERE p.parent_id IS NULL";

static const char SQL_CHILDREN[] =
    "SELECT p.id, p.parent_id, p.path, r.title"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.parent_id = :parent AND p.in_menu = 1"
    "   AND p.deleted_at IS NULL AND p.hidden = 0"
    " ORDER BY p.position, r.title";

static const char SQL_DOCUMENT[] =
    "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
    "       v.created_at"
    "  FROM document d JOIN document_version v ON v.id = d.version_id"
    " WHERE d.page_id = :page AND d.filename = :filename"
    "   AND d.deleted_at IS NULL";

/* With a PDF's accessibility warnings, which the public sees only when
 * the admin says so (NaeringPublicDocumentChecks). */
static const char SQL_DOCUMENTS[] =
    "SELECT d.id, d.title, d.filename, v.mime, v.sha256, v.size,"
    "       v.created_at, coalesce(t.checks, '')"
    "  FROM document d JOIN document_version v ON v.id = d.version_id"
    "  LEFT JOIN document_text t ON t.sha256 = v.sha256"
    " WHERE d.page_id = :page AND d.deleted_at IS NULL"
    " ORDER BY d.position, d.id";

static const char SQL_OLD_PATH[] =
    "SELECT p.path FROM path_history h JOIN page p ON p.id = h.page_id"
    " WHERE h.path = :path AND p.deleted_at IS NULL"
    "   AND p.hidden = 0";

static const char SQL_PAGE[] =
    "SELECT p.id, coalesce(p.parent_id, 0), r.id, p.path, r.title,"
    "       r.summary, r.body, r.contact_name, r.contact_email,"
    "       r.contact_phone, r.author, r.created_at, p.status = 'draft',"
    "       p.in_menu, p.hidden, r.author_name, r.lang, p.kind,"
    "       coalesce(r.starts_at, 0), coalesce(r.ends_at, 0), r.place,"
    "       r.event_status, " NAERING_SEQUENCE ", " NAERING_REVIEW_DUE ","
    "       p.review_by"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.path = :path AND p.deleted_at IS NULL";

/* Newest revisions first (index revision_created), each kept when it is
 * the current one of a listed page; CROSS JOIN keeps SQLite from starting
 * at the page table, which reads and sorts every page. */
static const char SQL_RECENT[] =
    "SELECT p.id, p.path, r.title, r.summary, r.author, r.created_at,"
    "       r.author_name"
    "  FROM revision r CROSS JOIN page p ON p.revision_id = r.id"
    " WHERE p.deleted_at IS NULL AND p.hidden = 0"
    " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit";

/* Ranks every match of pages and documents together and keeps one page
 * of them; only then are their texts read for the snippets (snippet.c).
 * bm25 weights: a page's title 10, summary 4, body 1, the titles of its
 * documents 2; a document's own title and file name 6 (a page's title
 * still comes first), its text 0.5 (a word deep in a long PDF counts half
 * a word of a page's text: the pages are the site, the documents back
 * them up).  Each table's bm25 uses its own statistics, which are alike
 * enough for one ordering.  The indexes hold only live, published pages
 * and their live documents (migration 4, naering_reindex); the detail
 * queries check again. */
static const char SQL_SEARCH[] =
    "SELECT kind, id FROM ("
    "  SELECT 0 AS kind, rowid AS id,"
    "         bm25(search, 10.0, 4.0, 1.0, 2.0) AS score"
    "    FROM search WHERE search MATCH :query"
    "  UNION ALL"
    "  SELECT 1, rowid, bm25(doc_search, 6.0, 0.5)"
    "    FROM doc_search WHERE doc_search MATCH :query)"
    " ORDER BY score, kind, id LIMIT :limit OFFSET :offset";

static const char SQL_SEARCH_PAGE[] =
    "SELECT p.id, p.path, r.title, s.body, s.summary, s.documents, s.title,"
    "       r.lang"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    "  JOIN search s ON s.rowid = p.id"
    " WHERE p.id = :id AND p.deleted_at IS NULL AND p.hidden = 0";

static const char SQL_SEARCH_DOC[] =
    "SELECT d.id, p.path, d.title, s.text, s.title, d.filename, v.mime,"
    "       v.size, r.title"
    "  FROM document d JOIN page p ON p.id = d.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    "  JOIN document_version v ON v.id = d.version_id"
    "  JOIN doc_search s ON s.rowid = d.id"
    " WHERE d.id = :id AND d.deleted_at IS NULL AND p.deleted_at IS NULL"
    "   AND p.hidden = 0";

static const char SQL_OWNER_REVISION[] =
    "SELECT page_id FROM revision WHERE id = :id";

static const char SQL_OWNER_DOCUMENT[] =
    "SELECT page_id FROM document WHERE id = :id";

static const char SQL_OWNER_VERSION[] =
    "SELECT d.page_id FROM document_version v"
    "  JOIN document d ON d.id = v.document_id WHERE v.id = :id";

static const char SQL_SEARCH_COUNT[] =
    "SELECT (SELECT count(*) FROM search WHERE search MATCH :query)"
    "     + (SELECT count(*) FROM doc_search WHERE doc_search MATCH :query)";

static void naering_page_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_page *pg = out;

    pg->id = sqlite3_column_int64(st, 0);
    pg->parent_id = sqlite3_column_int64(st, 1);
    pg->revision = sqlite3_column_int64(st, 2);
    pg->path = naering_col(p, st, 3);
    pg->title = naering_col(p, st, 4);
    pg->summary = naering_col(p, st, 5);
    pg->body = naering_col(p, st, 6);
    pg->contact_name = naering_col(p, st, 7);
    pg->contact_email = naering_col(p, st, 8);
    pg->contact_phone = naering_col(p, st, 9);
    pg->author = naering_col(p, st, 10);
    pg->updated = naering_col_time(st, 11);
    pg->draft = sqlite3_column_int(st, 12);
    pg->in_menu = sqlite3_column_int(st, 13);
    pg->hidden = sqlite3_column_int(st, 14);
    pg->author_name = naering_col(p, st, 15);
    pg->lang = naering_col(p, st, 16);
    pg->kind = naering_col(p, st, 17);
    pg->starts = sqlite3_column_int64(st, 18);
    pg->ends = sqlite3_column_int64(st, 19);
    pg->place = naering_col(p, st, 20);
    pg->event_status = naering_col(p, st, 21);
    pg->sequence = sqlite3_column_int(st, 22);
    pg->review_at = sqlite3_column_int64(st, 23);
    pg->review_by = naering_col(p, st, 24);
}

naering_err *naering_store_page(naering_db *db, apr_pool_t *p,
                                const char *path, naering_page *pg,
                                int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_PAGE);

    *found = 0;
    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return naering_db_err(db, p, "page query");
    return naering_one_row(db, p, st, naering_page_row, pg, found,
                           "page query");
}

static void naering_item_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_menu_item *it = out;

    it->id = sqlite3_column_int64(st, 0);
    it->parent_id = sqlite3_column_int64(st, 1);
    it->path = naering_col(p, st, 2);
    it->title = naering_col(p, st, 3);
}

/* The page and its ancestors, the page first.  The walk stops at
 * NAERING_MAX_DEPTH levels, so a cycle (which moving pages refuses to
 * make) could not hang a request. */
static naering_err *naering_chain(naering_db *db, apr_pool_t *p,
                                  sqlite3_int64 id, apr_array_header_t **out)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_ITEM);
    naering_err *e;
    int found = 1;

    *out = apr_array_make(p, 8, sizeof(naering_menu_item));
    if (!st)
        return naering_db_err(db, p, "breadcrumbs");
    while (id > 0 && found && (*out)->nelts < NAERING_MAX_DEPTH) {
        naering_menu_item it;

        if (naering_bind_int(st, ":id", id) != SQLITE_OK)
            return naering_db_err(db, p, "breadcrumbs");
        if ((e = naering_one_row(db, p, st, naering_item_row, &it, &found,
                                 "breadcrumbs")))
            return e;
        if (found)
            *(naering_menu_item *)apr_array_push(*out) = it;
        id = found ? it.parent_id : 0;
    }
    return NULL;
}

/* Appends the published children of parent, in their order. */
static naering_err *naering_children(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 parent,
                                     apr_array_header_t *items)
{
    apr_array_header_t *rows;
    naering_err *e = naering_rows_for(db, p, SQL_CHILDREN, ":parent", parent,
                                      naering_item_row,
                                      sizeof(naering_menu_item), &rows,
                                      "menu query");

    if (!e)
        apr_array_cat(items, rows);
    return e;
}

/* The top level plus the children of the current page and of each of its
 * ancestors: what a menu with the current branch open shows.  Items come
 * grouped by parent, each group in menu order. */
naering_err *naering_store_menu(naering_db *db, apr_pool_t *p,
                                sqlite3_int64 current_id,
                                apr_array_header_t **items)
{
    apr_array_header_t *chain, *roots;
    naering_err *e;
    int i;

    *items = apr_array_make(p, 16, sizeof(naering_menu_item));
    if ((e = naering_rows_for(db, p, SQL_ROOTS, NULL, 0, naering_id_row,
                              sizeof(sqlite3_int64), &roots, "menu query"))
        || (e = naering_chain(db, p, current_id, &chain)))
        return e;
    for (i = 0; i < roots->nelts; i++)
        if ((e = naering_children(db, p, APR_ARRAY_IDX(roots, i,
                                                      sqlite3_int64), *items)))
            return e;
    /* From the top down; a root is in the chain too, and done already. */
    for (i = chain->nelts - 1; i >= 0; i--) {
        const naering_menu_item *it = &APR_ARRAY_IDX(chain, i,
                                                     naering_menu_item);
        if (it->parent_id != 0
            && (e = naering_children(db, p, it->id, *items)))
            return e;
    }
    return NULL;
}

/* From the front page down to the page itself. */
naering_err *naering_store_breadcrumbs(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page_id,
                                       apr_array_header_t **items)
{
    apr_array_header_t *chain;
    naering_err *e;
    int i;

    if ((e = naering_chain(db, p, page_id, &chain)))
        return e;
    *items = apr_array_make(p, chain->nelts, sizeof(naering_menu_item));
    for (i = chain->nelts - 1; i >= 0; i--)
        *(naering_menu_item *)apr_array_push(*items)
            = APR_ARRAY_IDX(chain, i, naering_menu_item);
    return NULL;
}

void naering_doc_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_document *d = out;

    d->id = sqlite3_column_int64(st, 0);
    d->title = naering_col(p, st, 1);
    d->filename = naering_col(p, st, 2);
    d->mime = naering_col(p, st, 3);
    d->sha256 = naering_col(p, st, 4);
    d->size = (apr_off_t)sqlite3_column_int64(st, 5);
    d->updated = naering_col_time(st, 6);
}

static void naering_doc_checks_row(apr_pool_t *p, sqlite3_stmt *st,
                                   void *out)
{
    naering_doc_row(p, st, out);
    ((naering_document *)out)->checks = naering_col(p, st, 7);
}

naering_err *naering_store_documents(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page_id,
                                     apr_array_header_t **docs)
{
    return naering_rows_for(db, p, SQL_DOCUMENTS, ":page", page_id,
                            naering_doc_checks_row, sizeof(naering_document),
                            docs, "document list");
}

naering_err *naering_store_document(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page_id,
                                    const char *filename,
                                    naering_document *out, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DOCUMENT);

    *found = 0;
    if (!st || naering_bind_int(st, ":page", page_id) != SQLITE_OK
        || naering_bind_text(st, ":filename", filename) != SQLITE_OK)
        return naering_db_err(db, p, "document query");
    return naering_one_row(db, p, st, naering_doc_row, out, found,
                           "document query");
}

naering_err *naering_store_old_path(naering_db *db, apr_pool_t *p,
                                    const char *path, const char **now)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_OLD_PATH);
    int rc;

    *now = NULL;
    if (!st || naering_bind_text(st, ":path", path) != SQLITE_OK)
        return naering_db_err(db, p, "path history");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *now = naering_col(p, st, 0);
    naering_stmt_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
           ? NULL : naering_db_err(db, p, "path history");
}

static naering_err *naering_entries(naering_db *db, apr_pool_t *p,
                                    const char *sql, int limit,
                                    apr_array_header_t **out)
{
    return naering_rows_for(db, p, sql, ":limit", limit, naering_entry_row,
                            sizeof(naering_entry), out, "page list");
}

naering_err *naering_store_recent(naering_db *db, apr_pool_t *p, int limit,
                                  apr_array_header_t **entries)
{
    return naering_entries(db, p, SQL_RECENT, limit, entries);
}

naering_err *naering_store_all_pages(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t **entries)
{
    /* sitemaps.org: at most 50,000 URLs per file */
    return naering_entries(db, p, SQL_ALL_PAGES, 50000, entries);
}

/* Tree order: '/' sorts below every letter, so a page's subtree follows
 * it before "/a-b" does.  The WHERE names only page (a title is looked
 * up in EXISTS), so a revision, with its body, is read for the pages
 * chosen only: on a site of 10,000 pages that is what keeps it quick. */
static const char SQL_PARENT_CHOICES[] =
    "SELECT p.id, p.path, r.title, '', '', r.created_at, '',"
    "       p.status = 'draft'"
    "  FROM page p JOIN revision r ON r.id = p.revision_id"
    " WHERE p.id IN ("
    /* the front page and self's ancestors, the parent among them: always */
    "   SELECT id FROM page WHERE deleted_at IS NULL"
    "      AND path != :self AND (path = '/' OR instr(:self, path || '/') = 1)"
    "   UNION ALL SELECT id FROM (SELECT id FROM page p"
    "    WHERE p.deleted_at IS NULL AND p.path != '/'"
    "      AND instr(:self, p.path || '/') != 1"
    "      AND p.path != :self AND substr(p.path, 1, length(:self) + 1)"
    "          != :self || '/'"
    "      AND ((:like = '' AND instr(substr(p.path, 2), '/') = 0)"
    "        OR (:like != '' AND (p.path LIKE :like ESCAPE '\\'"
    "            OR EXISTS (SELECT 1 FROM revision t"
    "                        WHERE t.id = p.revision_id"
    "                          AND t.title LIKE :like ESCAPE '\\'))))"
    "    ORDER BY replace(p.path, '/', char(1)) LIMIT :limit))"
    " ORDER BY replace(p.path, '/', char(1))";

/* A LIKE pattern that finds s anywhere, its own % and _ taken literally. */
static const char *naering_like_any(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 2 + 3), *o = out;

    if (!*s)
        return "";
    *o++ = '%';
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

naering_err *naering_store_parent_choices(naering_db *db, apr_pool_t *p,
                                          const char *self, const char *query,
                                          apr_array_header_t **entries)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_PARENT_CHOICES);

    *entries = apr_array_make(p, 0, sizeof(naering_entry));
    if (!st || naering_bind_text(st, ":self", self)
        || naering_bind_text(st, ":like", naering_like_any(p, query))
        || naering_bind_int(st, ":limit", NAERING_PARENT_CHOICES))
        return naering_db_err(db, p, "parent choices");
    return naering_all_rows(db, p, st, naering_entry_row,
                            sizeof(naering_entry), entries, "parent choices");
}

static naering_err *naering_search_count(naering_db *db, apr_pool_t *p,
                                         const char *query, int *total)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SEARCH_COUNT);
    int rc;

    if (!st || naering_bind_text(st, ":query", query) != SQLITE_OK)
        return naering_db_err(db, p, "search count");
    rc = sqlite3_step(st);
    *total = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    naering_stmt_done(st);
    return rc == SQLITE_ROW ? NULL : naering_db_err(db, p, "search count");
}

/* One hit's details and snippet; *found is 0 when it went away. */
static naering_err *naering_hit_page(naering_db *db, apr_pool_t *p,
                                     const char *query, sqlite3_int64 id,
                                     naering_hit *h, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SEARCH_PAGE);
    const char *texts[4];
    int i, rc;

    if (!st || naering_bind_int(st, ":id", id))
        return naering_db_err(db, p, "search");
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < 4; i++)
            texts[i] = (const char *)sqlite3_column_text(st, 3 + i);
        h->id = id;
        h->path = naering_col(p, st, 1);
        h->title = naering_col(p, st, 2);
        h->summary = naering_col(p, st, 4);
        h->snippet = naering_snippet(p, query, texts, 4);
        h->lang = naering_col(p, st, 7);
    }
    naering_stmt_done(st);
    *found = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? NULL
           : naering_db_err(db, p, "search");
}

static naering_err *naering_hit_doc(naering_db *db, apr_pool_t *p,
                                    const char *query, sqlite3_int64 id,
                                    naering_hit *h, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SEARCH_DOC);
    const char *texts[2];
    int rc;

    if (!st || naering_bind_int(st, ":id", id))
        return naering_db_err(db, p, "search");
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        texts[0] = (const char *)sqlite3_column_text(st, 3);
        texts[1] = (const char *)sqlite3_column_text(st, 4);
        h->id = id;
        h->document = 1;
        h->path = naering_col(p, st, 1);
        h->title = naering_col(p, st, 2);
        h->summary = "";
        h->snippet = naering_snippet(p, query, texts, 2);
        h->filename = naering_col(p, st, 5);
        h->mime = naering_col(p, st, 6);
        h->size = sqlite3_column_int64(st, 7);
        h->page_title = naering_col(p, st, 8);
    }
    naering_stmt_done(st);
    *found = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? NULL
           : naering_db_err(db, p, "search");
}

naering_err *naering_store_search(naering_db *db, apr_pool_t *p,
                                  const char *query, int limit, int offset,
                                  apr_array_header_t **hits, int *total)
{
    sqlite3_stmt *st;
    naering_err *e = naering_search_count(db, p, query, total);
    apr_array_header_t *top = apr_array_make(p, limit, sizeof(apr_int64_t));
    int rc, i, found = 0;

    *hits = apr_array_make(p, limit, sizeof(naering_hit));
    if (e || *total == 0)
        return e;
    st = naering_stmt(db, SQL_SEARCH);
    if (!st || naering_bind_text(st, ":query", query)
        || naering_bind_int(st, ":limit", limit)
        || naering_bind_int(st, ":offset", offset))
        return naering_db_err(db, p, "search");
    /* A document's id is stored negated: one list, in rank order. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *(apr_int64_t *)apr_array_push(top) = sqlite3_column_int(st, 0)
            ? -sqlite3_column_int64(st, 1) : sqlite3_column_int64(st, 1);
    naering_stmt_done(st);
    if (rc != SQLITE_DONE)
        return naering_db_err(db, p, "search");
    for (i = 0; !e && i < top->nelts; i++) {
        apr_int64_t id = APR_ARRAY_IDX(top, i, apr_int64_t);
        naering_hit *h = apr_array_push(*hits);
        memset(h, 0, sizeof(*h));
        e = id > 0 ? naering_hit_page(db, p, query, id, h, &found)
                   : naering_hit_doc(db, p, query, -id, h, &found);
        if (!e && !found)
            (*hits)->nelts--;
    }
    return e;
}

naering_err *naering_store_owner(naering_db *db, apr_pool_t *p,
                                 naering_owned kind, sqlite3_int64 id,
                                 sqlite3_int64 *page)
{
    static const char *const sql[] = {
        [NAERING_OWNED_REVISION] = SQL_OWNER_REVISION,
        [NAERING_OWNED_DOCUMENT] = SQL_OWNER_DOCUMENT,
        [NAERING_OWNED_VERSION] = SQL_OWNER_VERSION,
    };
    sqlite3_stmt *st = naering_stmt(db, sql[kind]);
    int found;

    *page = 0;
    if (!st || naering_bind_int(st, ":id", id) != SQLITE_OK)
        return naering_db_err(db, p, "owner");
    return naering_one_row(db, p, st, naering_id_row, page, &found, "owner");
}
