/*
 * The store for naering-admin: online backup, consistency checks, and
 * export/import of every row as XML.  Export is generic over the tables
 * (each row with its typed columns) so that it round-trips whatever the
 * schema holds; the search index is rebuilt on import, not exported.
 */
#include <string.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include "store/internal.h"

/* In the order import must insert them in. */
static const char *const naering_tables[] = {
    "setting", "page", "revision", "document", "document_version",
    "document_event", "path_history", "site_revision", "image",
    "image_version", "image_variant", "image_event", "translation", NULL
};

naering_err *naering_store_backup(naering_db *db, apr_pool_t *p,
                                  const char *dest)
{
    sqlite3 *out = NULL;
    sqlite3_backup *b;
    naering_err *e = NULL;
    int rc;

    if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE
                        | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        e = naering_err_cause(p, 400, sqlite3_system_errno(out), "%s: %s",
                              dest, sqlite3_errmsg(out));
        sqlite3_close(out);
        return e;
    }
    /* Whole database in one step: a consistent snapshot even while the
     * site writes (WAL readers do not block writers). */
    b = sqlite3_backup_init(out, "main", db->h, "main");
    rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(out);
    if (b)
        sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        e = naering_err_cause(p, 500, sqlite3_system_errno(out),
                              "backup to %s: %s", dest, sqlite3_errmsg(out));
    sqlite3_close(out);
    return e;
}

/* Runs a statement whose rows are one text column each (problems). */
static naering_err *naering_lines(naering_db *db, apr_pool_t *p,
                                  const char *sql, apr_array_header_t *out,
                                  const char *skip)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return naering_db_err(db, p, "check");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = naering_col(p, st, 0);
        if (!skip || strcmp(line, skip) != 0)
            *(const char **)apr_array_push(out) = line;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, "check");
}

naering_err *naering_store_check(naering_db *db, apr_pool_t *p,
                                 apr_array_header_t *problems)
{
    naering_err *e;

    if ((e = naering_lines(db, p, "PRAGMA integrity_check", problems, "ok")))
        return e;
    return naering_lines(db, p, "SELECT 'foreign key: ' || \"table\" || "
                         "' row ' || rowid || ' -> ' || parent "
                         "FROM pragma_foreign_key_check", problems, NULL);
}

naering_err *naering_store_file_refs(naering_db *db, apr_pool_t *p,
                                     apr_array_header_t *shas)
{
    return naering_lines(db, p, "SELECT sha256 FROM document_version"
                         " UNION SELECT sha256 FROM image_version"
                         " UNION SELECT sha256 FROM image_variant",
                         shas, NULL);
}

/* ---- restore ----------------------------------------------------------- */

static const char SQL_GENERATION_PAST[] =
    "UPDATE setting SET value = CASE key"
    "  WHEN 'generation' THEN max(value, :before) + 1"
    "  ELSE CAST(strftime('%s', 'now') AS INTEGER) END"
    " WHERE key IN ('generation', 'changed_at')";

/* One step for the whole file; a writer of the site holding the lock
 * makes it SQLITE_BUSY, and it tries again for as long as a save may
 * wait (naering_harden's busy timeout). */
static int naering_copy_over(sqlite3 *to, sqlite3 *from)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    int rc, tries = 0;

    if (!b)
        return sqlite3_errcode(to);
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY
           || rc == SQLITE_LOCKED) {
        if (++tries > 200)
            break;
        sqlite3_sleep(100);
    }
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

naering_err *naering_store_restore(naering_db *db, apr_pool_t *p,
                                   naering_db *backup)
{
    apr_array_header_t *problems = apr_array_make(p, 4, sizeof(char *));
    sqlite3_int64 before;
    apr_time_t changed;
    sqlite3_stmt *st;
    naering_err *e;

    if ((e = naering_store_check(backup, p, problems)))
        return e;
    if (problems->nelts)
        return naering_err_make(p, 400, "%s: not restored, the backup has "
                                "problems: %s", backup->path,
                                APR_ARRAY_IDX(problems, 0, char *));
    if ((e = naering_store_generation(db, p, &before, &changed)))
        return e;
    if (naering_copy_over(db->h, backup->h) != SQLITE_OK)
        return naering_err_make(p, 503, "restoring %s: %s", backup->path,
                                sqlite3_errmsg(db->h));
    if ((e = naering_migrate(db, p)) || (e = naering_begin(db, p)))
        return e;
    st = naering_stmt(db, SQL_GENERATION_PAST);
    if (!st || naering_bind_int(st, ":before", before) != SQLITE_OK
        || naering_step_write(db, st) < 0)
        e = naering_db_err(db, p, "generation");
    if (st)
        naering_stmt_done(st);
    return naering_finish(db, p, e);
}

/* ---- export ------------------------------------------------------------ */

/* <col name="title" type="text">…</col>; returns nonzero on failure. */
static int naering_write_value(xmlTextWriterPtr w, sqlite3_stmt *st, int i)
{
    static const char *const types[] = { "", "integer", "real", "text",
                                         "blob", "null" };
    int t = sqlite3_column_type(st, i);

    if (xmlTextWriterStartElement(w, BAD_CAST "col") < 0
        || xmlTextWriterWriteAttribute(w, BAD_CAST "name",
                                       BAD_CAST sqlite3_column_name(st, i)) < 0
        || xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                       BAD_CAST types[t]) < 0)
        return 1;
    if (t != SQLITE_NULL
        && xmlTextWriterWriteString(w, sqlite3_column_text(st, i)) < 0)
        return 1;
    return xmlTextWriterEndElement(w) < 0;
}

static naering_err *naering_export_table(naering_db *db, apr_pool_t *p,
                                         xmlTextWriterPtr w,
                                         const char *table)
{
    sqlite3_stmt *st;
    int rc, i, bad = 0;

    if (sqlite3_prepare_v2(db->h, apr_psprintf(p, "SELECT * FROM %s "
                           "ORDER BY 1", table), -1, &st, NULL) != SQLITE_OK)
        return naering_db_err(db, p, table);
    while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        bad = xmlTextWriterStartElement(w, BAD_CAST "row") < 0
              || xmlTextWriterWriteAttribute(w, BAD_CAST "table",
                                             BAD_CAST table) < 0;
        for (i = 0; !bad && i < sqlite3_column_count(st); i++)
            bad = naering_write_value(w, st, i) != 0;
        bad = bad || xmlTextWriterEndElement(w) < 0;
    }
    sqlite3_finalize(st);
    if (bad)
        return naering_err_make(p, 500, "export: cannot write %s", table);
    return rc == SQLITE_DONE ? NULL : naering_db_err(db, p, table);
}

naering_err *naering_store_export(naering_db *db, apr_pool_t *p,
                                  const char *file)
{
    xmlTextWriterPtr w = xmlNewTextWriterFilename(file, 0);
    naering_err *e = NULL;
    int i;

    if (!w)
        return naering_err_make(p, 500, "%s: cannot write", file);
    xmlTextWriterSetIndent(w, 1);
    if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0
        || xmlTextWriterStartElement(w, BAD_CAST "naering-export") < 0
        || xmlTextWriterWriteFormatAttribute(w, BAD_CAST "schema", "%d",
                                             naering_store_schema_version())
           < 0)
        e = naering_err_make(p, 500, "%s: cannot write", file);
    if (!e)
        e = naering_exec(db, p, "BEGIN");   /* one snapshot of all tables */
    for (i = 0; !e && naering_tables[i]; i++)
        e = naering_export_table(db, p, w, naering_tables[i]);
    sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    if (!e && (xmlTextWriterEndDocument(w) < 0))
        e = naering_err_make(p, 500, "%s: cannot finish", file);
    xmlFreeTextWriter(w);
    return e;
}

/* ---- import ------------------------------------------------------------ */

static int naering_table_known(const char *t)
{
    int i;

    for (i = 0; naering_tables[i]; i++)
        if (strcmp(t, naering_tables[i]) == 0)
            return 1;
    return 0;
}

/* INSERT INTO t (c1, c2) VALUES (?, ?) for one <row>. */
static naering_err *naering_import_row(naering_db *db, apr_pool_t *p,
                                       xmlNodePtr row)
{
    char *table = (char *)xmlGetProp(row, BAD_CAST "table");
    const char *cols = "", *qs = "";
    sqlite3_stmt *st = NULL;
    xmlNodePtr c;
    naering_err *e = NULL;
    int i = 0;

    if (!table || !naering_table_known(table)) {
        e = naering_err_make(p, 400, "import: unknown table %s",
                             table ? table : "(none)");
        xmlFree(table);
        return e;
    }
    for (c = row->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            char *name = (char *)xmlGetProp(c, BAD_CAST "name");
            cols = apr_pstrcat(p, cols, i ? ", " : "", "\"", name ? name : "",
                               "\"", NULL);
            qs = apr_pstrcat(p, qs, i++ ? ", ?" : "?", NULL);
            xmlFree(name);
        }
    if (sqlite3_prepare_v2(db->h, apr_psprintf(p, "INSERT INTO %s (%s) "
                           "VALUES (%s)", table, cols, qs), -1, &st, NULL)
        != SQLITE_OK)
        e = naering_db_err(db, p, "import");
    for (c = row->children, i = 1; !e && c; c = c->next) {
        char *type, *text;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        type = (char *)xmlGetProp(c, BAD_CAST "type");
        text = (char *)xmlNodeGetContent(c);
        if (type && strcmp(type, "null") == 0)
            sqlite3_bind_null(st, i++);
        else if (type && strcmp(type, "integer") == 0)
            sqlite3_bind_int64(st, i++, apr_atoi64(text ? text : "0"));
        else
            sqlite3_bind_text(st, i++, text ? text : "", -1,
                              SQLITE_TRANSIENT);
        xmlFree(type);
        xmlFree(text);
    }
    if (!e && sqlite3_step(st) != SQLITE_DONE)
        e = naering_db_err(db, p, apr_pstrcat(p, "import into ", table, NULL));
    sqlite3_finalize(st);
    xmlFree(table);
    return e;
}

static naering_err *naering_import_empty(naering_db *db, apr_pool_t *p)
{
    sqlite3_stmt *st;
    int pages = -1;

    /* Empty: nothing but what init made (author 'naering': the front
     * page, the seed's statement and footer), which makes way for the
     * imported site. */
    if (sqlite3_prepare_v2(db->h, "SELECT (SELECT count(*) FROM revision"
                           " WHERE author <> 'naering') + (SELECT count(*)"
                           " FROM document) + (SELECT count(*) FROM"
                           " site_revision WHERE author <> 'naering')",
                           -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (pages != 0)
        return naering_err_make(p, 409, "import: %s is not an empty site",
                                db->path);
    return naering_exec(db, p, "DELETE FROM translation; DELETE FROM "
                               "path_history; DELETE FROM "
                               "revision; DELETE FROM page; DELETE FROM "
                               "setting; DELETE FROM site_revision");
}

/* After an import every response's tag must be new: 'all' alone, at the
 * imported generation when that is past every key there was (the export
 * round-trips unchanged), else one past them, the generation with it. */
static const char SQL_IMPORT_DEP_BEFORE[] =
    "CREATE TEMP TABLE IF NOT EXISTS naering_old (gen INTEGER);"
    "DELETE FROM naering_old;"
    "INSERT INTO naering_old SELECT coalesce(max(gen), 0) FROM dep";

static const char SQL_IMPORT_DEP[] =
    "DELETE FROM dep;"
    "INSERT INTO dep (key, gen) SELECT 'all', max("
    "  coalesce((SELECT value FROM setting WHERE key = 'generation'), 0),"
    "  (SELECT gen FROM naering_old) + 1);"
    "UPDATE setting SET value = (SELECT gen FROM dep WHERE key = 'all')"
    " WHERE key = 'generation' AND value <> (SELECT gen FROM dep"
    "  WHERE key = 'all');"
    "DROP TABLE naering_old";

naering_err *naering_store_import(naering_db *db, apr_pool_t *p,
                                  const char *file)
{
    xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET
                                | XML_PARSE_NOBLANKS);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, row;
    naering_err *e = NULL;

    if (!root || strcmp((const char *)root->name, "naering-export") != 0) {
        xmlFreeDoc(doc);
        return naering_err_make(p, 400, "%s: not a naering export", file);
    }
    sqlite3_exec(db->h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    e = naering_exec(db, p, "BEGIN IMMEDIATE");
    if (!e)
        e = naering_exec(db, p, SQL_IMPORT_DEP_BEFORE);
    if (!e)
        e = naering_import_empty(db, p);
    for (row = root->children; !e && row; row = row->next)
        if (row->type == XML_ELEMENT_NODE)
            e = naering_import_row(db, p, row);
    if (!e)
        e = naering_rebuild(db, p);
    if (!e)
        e = naering_exec(db, p, SQL_IMPORT_DEP);
    xmlFreeDoc(doc);
    if (!e)
        e = naering_exec(db, p, "COMMIT");
    else
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return e;
}
