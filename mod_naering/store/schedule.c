/*
 * What is scheduled to change, and the tick that applies what is due.
 *
 * A scheduled change is a row of schedule: publish, unpublish, or a
 * revision saved ahead (inserted, not yet the page's, so the text before
 * it stays public).  naering_store_tick applies every change due at "now"
 * in one BEGIN IMMEDIATE transaction, each in a savepoint: a change that
 * fails is rolled back alone, counted and logged by the caller, and tried
 * again at the next tick (failed after NAERING_TICK_TRIES); nothing is
 * ever half-applied.  The commit bumps the generation like every write,
 * so every process's render cache and ETag move on; the caller purges.
 * Both the module's watchdog (httpd/tick.c) and `naering-admin tick` call
 * it.
 */
#include <string.h>
#include <apr_strings.h>
#include "store/internal.h"

#define NAERING_TICK_TRIES 5

/* Anything to do: changes due, and whether a meeting started or ended or
 * a news item came due since the last tick (a listing or the front page
 * moved).  Two columns: the tick bumps the generation only when something
 * applied or such a moment passed. */
#define NAERING_TICK_PASSED(col, kind) \
    "(SELECT count(*) FROM revision r JOIN page p" \
    "   ON p.revision_id = r.id" \
    "  WHERE r." col " > (SELECT value FROM setting WHERE key = 'tick_at')" \
    "    AND r." col " <= :now AND p.kind = '" kind "'" \
    "    AND p.deleted_at IS NULL)"

static const char SQL_TICK_WORK[] =
    "SELECT (SELECT count(*) FROM schedule"
    "         WHERE state = 'pending' AND due_at <= :now),"
    "       " NAERING_TICK_PASSED("starts_at", "meeting")
    "     + " NAERING_TICK_PASSED("ends_at", "meeting")
    "     + " NAERING_TICK_PASSED("starts_at", "news") ","
    "       (SELECT value FROM setting WHERE key = 'tick_at') > :now";


static const char SQL_DUE[] =
    "SELECT s.id, s.page_id, s.action, coalesce(s.revision_id, 0),"
    "       coalesce(s.base_id, 0), s.author, s.due_at, p.path,"
    "       p.deleted_at IS NOT NULL"
    "  FROM schedule s JOIN page p ON p.id = s.page_id"
    " WHERE s.state = 'pending' AND s.due_at <= :now"
    " ORDER BY s.due_at, s.id";

static const char SQL_DONE[] =
    "UPDATE schedule SET state = 'done', done_at = :now, last_error = ''"
    " WHERE id = :id";

static const char SQL_FAILED[] =
    "UPDATE schedule SET attempts = attempts + 1, last_error = :error,"
    "  state = CASE WHEN attempts + 1 >= :tries THEN 'failed'"
    "    ELSE 'pending' END"
    " WHERE id = :id";

static const char SQL_TICK_AT[] =
    "UPDATE setting SET value = :now WHERE key = 'tick_at'";

static const char SQL_REVISION_LIVE[] =
    "UPDATE revision SET created_at = :now WHERE id = :rev";

static const char SQL_SCHEDULE_ADD[] =
    "INSERT INTO schedule (page_id, action, revision_id, base_id, due_at,"
    "  author, created_at)"
    " VALUES (:page, :action, :rev, :base, :due, :author,"
    "  CAST(strftime('%s', 'now') AS INTEGER))";

static const char SQL_SCHEDULED[] =
    "SELECT s.id, s.page_id, p.path, coalesce(r.title, c.title), s.action,"
    "       s.due_at, s.author, s.state, s.attempts, s.last_error,"
    "       coalesce(s.revision_id, 0), coalesce(s.base_id, 0)"
    "  FROM schedule s JOIN page p ON p.id = s.page_id"
    "  JOIN revision c ON c.id = p.revision_id"
    "  LEFT JOIN revision r ON r.id = s.revision_id"
    " WHERE s.state IN ('pending', 'failed') AND p.deleted_at IS NULL"
    "   AND (:page = 0 OR s.page_id = :page)"
    " ORDER BY s.due_at, s.id";

static const char SQL_SCHEDULED_ONE[] =
    "SELECT s.id, s.page_id, p.path, coalesce(r.title, c.title), s.action,"
    "       s.due_at, s.author, s.state, s.attempts, s.last_error,"
    "       coalesce(s.revision_id, 0), coalesce(s.base_id, 0)"
    "  FROM schedule s JOIN page p ON p.id = s.page_id"
    "  JOIN revision c ON c.id = p.revision_id"
    "  LEFT JOIN revision r ON r.id = s.revision_id"
    " WHERE s.id = :id AND s.page_id = :page"
    "   AND s.state IN ('pending', 'failed')";

static const char SQL_SCHEDULE_CANCEL[] =
    "UPDATE schedule SET state = 'cancelled'"
    " WHERE id = :id AND page_id = :page AND state IN ('pending', 'failed')";

static const char SQL_SCHEDULE_MOVE[] =
    "UPDATE schedule SET due_at = :due, state = 'pending', attempts = 0,"
    "  last_error = ''"
    " WHERE id = :id AND page_id = :page AND state IN ('pending', 'failed')";

/* A same-text revision (publish, unpublish, reviewed) moves the base of
 * the page's waiting scheduled texts along: nobody changed the text, so
 * they must not fail as if an editor had. */
static const char SQL_SCHEDULE_REBASE[] =
    "UPDATE schedule SET base_id = :new"
    " WHERE page_id = :page AND base_id = :old"
    "   AND state IN ('pending', 'failed')";

static const char SQL_PAGE_REVISION[] =
    "SELECT coalesce(revision_id, 0) FROM page"
    " WHERE id = :page AND deleted_at IS NULL";

static const char SQL_SCHEDULE_BASE_OF[] =
    "SELECT coalesce(base_id, 0) FROM schedule"
    " WHERE id = :id AND page_id = :page AND action = 'revision'"
    "   AND state IN ('pending', 'failed')";

naering_err *naering_same_text(naering_db *db, apr_pool_t *p,
                               const naering_page *pg, int draft,
                               const char *comment, const char *author)
{
    naering_page_fields *f = naering_store_fields_of(p, pg);
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULE_REBASE);
    sqlite3_int64 rev;
    naering_err *e;

    f->draft = draft;
    f->menu = NAERING_MENU_KEEP;
    f->author_name = pg->author_name;
    f->comment = comment;
    if ((e = naering_revision_insert(db, p, pg->id, f, author, &rev))
        || (e = naering_revision_point(db, p, pg->id, rev, f)))
        return e;
    if (!st || naering_bind_int(st, ":new", rev)
        || naering_bind_int(st, ":page", pg->id)
        || naering_bind_int(st, ":old", pg->revision)
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "schedule");
    return NULL;
}

typedef struct {
    sqlite3_int64 id, page, revision, base;
    const char *action, *author, *path;
    apr_int64_t due;
    int deleted;
} naering_due_row;

static void naering_due_read(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_due_row *d = out;

    d->id = sqlite3_column_int64(st, 0);
    d->page = sqlite3_column_int64(st, 1);
    d->action = naering_col(p, st, 2);
    d->revision = sqlite3_column_int64(st, 3);
    d->base = sqlite3_column_int64(st, 4);
    d->author = naering_col(p, st, 5);
    d->due = sqlite3_column_int64(st, 6);
    d->path = naering_col(p, st, 7);
    d->deleted = sqlite3_column_int(st, 8);
}

/* Publish or unpublish: a revision by the scheduler, with the page's
 * current text, so the history says when and for whom it happened. */
static naering_err *naering_apply_status(naering_db *db, apr_pool_t *p,
                                         const naering_due_row *d, int draft)
{
    naering_page pg;
    int found = 0;
    naering_err *e = naering_store_page(db, p, d->path, &pg, &found);

    if (e)
        return e;
    if (!found)
        return naering_err_make(p, 404, "page %s is gone", d->path);
    return naering_same_text(db, p, &pg, draft, draft
                             ? "Avpublisert som planlagt"
                             : "Publisert som planlagt", d->author);
}

/* A revision saved ahead becomes the page's, dated now; refused when an
 * editor has saved the page since it was scheduled. */
static naering_err *naering_apply_revision(naering_db *db, apr_pool_t *p,
                                           const naering_due_row *d,
                                           apr_int64_t now,
                                           const char *site_lang)
{
    naering_page pg, rev;
    naering_page_fields *f;
    sqlite3_stmt *st = naering_stmt(db, SQL_REVISION_LIVE);
    int found = 0, rfound = 0;
    naering_err *e;

    /* The page as it is now, inside this tick: an earlier change of the
     * same tick counts as a save. */
    if ((e = naering_store_page(db, p, d->path, &pg, &found))
        || (e = naering_store_revision(db, p, d->page, d->revision, &rev,
                                       &rfound)))
        return e;
    if (!found || !rfound)
        return naering_err_make(p, 404, "%s or its revision is gone",
                                d->path);
    if (d->base && d->base != pg.revision)
        return naering_err_make(p, 409, "%s was saved after the change was "
                                "scheduled; open it and schedule again",
                                d->path);
    f = naering_store_fields_of(p, &rev);
    f->draft = pg.draft;
    f->menu = NAERING_MENU_KEEP;
    if (!st || naering_bind_int(st, ":now", now)
        || naering_bind_int(st, ":rev", d->revision)
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "scheduled revision");
    if ((e = naering_revision_point(db, p, d->page, d->revision, f)))
        return e;
    return naering_translation_settle(db, p, d->page, site_lang);
}

static naering_err *naering_apply(naering_db *db, apr_pool_t *p,
                                  const naering_due_row *d, apr_int64_t now,
                                  const char *site_lang)
{
    if (d->deleted)
        return naering_err_make(p, 404, "%s is in the trash", d->path);
    if (strcmp(d->action, "publish") == 0)
        return naering_apply_status(db, p, d, 0);
    if (strcmp(d->action, "unpublish") == 0)
        return naering_apply_status(db, p, d, 1);
    return naering_apply_revision(db, p, d, now, site_lang);
}

static naering_err *naering_mark(naering_db *db, apr_pool_t *p,
                                 const naering_due_row *d, apr_int64_t now,
                                 const char *error)
{
    sqlite3_stmt *st = naering_stmt(db, error ? SQL_FAILED : SQL_DONE);

    if (!st || naering_bind_int(st, ":id", d->id)
        || (error ? naering_bind_text(st, ":error", error)
                    || naering_bind_int(st, ":tries", NAERING_TICK_TRIES)
                  : naering_bind_int(st, ":now", now))
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "schedule");
    return NULL;
}

/* One change in its own savepoint; its failure is recorded, not passed
 * on (the others still apply). */
static naering_err *naering_apply_one(naering_db *db, apr_pool_t *p,
                                      const naering_due_row *d,
                                      apr_int64_t now, const char *site_lang,
                                      naering_tick *out)
{
    naering_err *e = naering_exec(db, p, "SAVEPOINT naering_tick");
    const char *why;

    if (e)
        return e;
    if (!(e = naering_apply(db, p, d, now, site_lang))) {
        out->applied++;
        return naering_exec(db, p, "RELEASE naering_tick")
            ? naering_db_err(db, p, "savepoint")
            : naering_mark(db, p, d, now, NULL);
    }
    why = naering_err_text(p, e);
    if (naering_exec(db, p, "ROLLBACK TO naering_tick")
        || naering_exec(db, p, "RELEASE naering_tick"))
        return naering_db_err(db, p, "savepoint");
    out->failed++;
    *(const char **)apr_array_push(out->errors) =
        apr_psprintf(p, "%s (%s at %" APR_INT64_T_FMT "): %s", d->path,
                     d->action, (apr_int64_t)d->due, why);
    return naering_mark(db, p, d, now, why);
}

static void naering_work_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    sqlite3_int64 *n = out;

    (void)p;
    n[0] = sqlite3_column_int64(st, 0);
    n[1] = sqlite3_column_int64(st, 1);
    n[2] = sqlite3_column_int64(st, 2);
}

/* n[0]: changes due; n[1]: meetings and news whose moment passed; n[2]:
 * the last tick was later than now. */
static naering_err *naering_tick_work(naering_db *db, apr_pool_t *p,
                                      apr_int64_t now, sqlite3_int64 n[3])
{
    sqlite3_stmt *st = naering_stmt(db, SQL_TICK_WORK);
    int found;

    n[0] = n[1] = n[2] = 0;
    if (!st || naering_bind_int(st, ":now", now))
        return naering_db_err(db, p, "tick");
    return naering_one_row(db, p, st, naering_work_row, n, &found, "tick");
}

static naering_err *naering_tick_apply(naering_db *db, apr_pool_t *p,
                                       apr_int64_t now, const char *site_lang,
                                       naering_tick *out)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_DUE);
    sqlite3_stmt *at = naering_stmt(db, SQL_TICK_AT);
    apr_array_header_t *due;
    naering_err *e;
    int i;

    if (!st || !at || naering_bind_int(st, ":now", now))
        return naering_db_err(db, p, "tick");
    if ((e = naering_all_rows(db, p, st, naering_due_read,
                              sizeof(naering_due_row), &due, "tick")))
        return e;
    for (i = 0; i < due->nelts && !e; i++)
        e = naering_apply_one(db, p, &APR_ARRAY_IDX(due, i, naering_due_row),
                              now, site_lang, out);
    if (!e && (naering_bind_int(at, ":now", now)
               || naering_step_write(db, at) < 0))
        e = naering_db_err(db, p, "tick");
    return e;
}

naering_err *naering_store_tick(naering_db *db, apr_pool_t *p,
                                apr_int64_t now, const char *site_lang,
                                naering_tick *out)
{
    sqlite3_int64 work[3];
    sqlite3_stmt *back;
    naering_err *e;

    memset(out, 0, sizeof(*out));
    out->errors = apr_array_make(p, 1, sizeof(const char *));
    /* Most ticks find nothing: they ask without taking the write lock. */
    if ((e = naering_tick_work(db, p, now, work)))
        return e;
    if (work[0] == 0 && work[1] == 0) {
        if (!work[2])
            return NULL;
        /* The clock went back (a test clock, an NTP step): the last
         * tick's time follows it, so what passes again is seen again.
         * One statement, no new generation: no page shows tick_at, and
         * no dependency key follows it (migration 15). */
        back = naering_stmt(db, SQL_TICK_AT);
        return !back || naering_bind_int(back, ":now", now)
               || naering_step_write_any(db, back) < 0
               ? naering_db_err(db, p, "tick") : NULL;
    }
    if ((e = naering_begin(db, p)))
        return e;
    e = naering_tick_apply(db, p, now, site_lang, out);
    out->changed = !e && (out->applied > 0 || work[1] > 0);
    if (e || out->changed)
        return naering_finish(db, p, e);
    /* Only failures (their attempts) and tick_at were written: nothing
     * public moved, so no new generation and no purge. */
    e = naering_exec(db, p, "COMMIT");
    return e ? naering_finish(db, p, e) : NULL;   /* rolls back */
}

/* ---- the editor's list ------------------------------------------------ */

naering_err *naering_store_schedule(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, const char *action,
                                    apr_int64_t due, const char *author,
                                    sqlite3_int64 *id)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULE_ADD);

    if (!e && (!st || naering_bind_int(st, ":page", page)
               || naering_bind_text(st, ":action", action)
               || naering_bind_null(st, ":rev")
               || naering_bind_null(st, ":base")
               || naering_bind_int(st, ":due", due)
               || naering_bind_text(st, ":author", author)
               || (*id = naering_step_write(db, st)) < 0))
        e = naering_db_err(db, p, "scheduling");
    return naering_finish(db, p, e);
}

/* Cancels the waiting change old of page, inside the caller's
 * transaction; 404 when there is none. */
static naering_err *naering_schedule_drop(naering_db *db, apr_pool_t *p,
                                          sqlite3_int64 page,
                                          sqlite3_int64 old)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULE_CANCEL);

    if (!st || naering_bind_int(st, ":id", old)
        || naering_bind_int(st, ":page", page)
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "schedule");
    if (sqlite3_changes(naering_store_handle(db)) == 0)
        return naering_err_make(p, 404, "no scheduled change %"
                                APR_INT64_T_FMT " on this page",
                                (apr_int64_t)old);
    return NULL;
}

/* The page's current revision, inside the caller's transaction. */
static naering_err *naering_current(naering_db *db, apr_pool_t *p,
                                    sqlite3_int64 page, sqlite3_int64 *rev)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_PAGE_REVISION);
    int found = 0;
    naering_err *e;

    *rev = 0;
    if (!st || naering_bind_int(st, ":page", page))
        return naering_db_err(db, p, "page");
    e = naering_one_row(db, p, st, naering_id_row, rev, &found, "page");
    return e ? e : found ? NULL : naering_err_make(p, 404, "page is gone");
}

/* Whether old is a scheduled text still waiting on page (404 if not). */
static naering_err *naering_schedule_waiting(naering_db *db, apr_pool_t *p,
                                             sqlite3_int64 page,
                                             sqlite3_int64 old)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULE_BASE_OF);
    sqlite3_int64 base = 0;
    int found = 0;
    naering_err *e;

    if (!st || naering_bind_int(st, ":id", old)
        || naering_bind_int(st, ":page", page))
        return naering_db_err(db, p, "schedule");
    if ((e = naering_one_row(db, p, st, naering_id_row, &base, &found,
                             "schedule")))
        return e;
    return found ? NULL
                 : naering_err_make(p, 404, "no scheduled change %"
                                    APR_INT64_T_FMT " on this page",
                                    (apr_int64_t)old);
}

/* Checked when made, like a save: a text based on an old revision would
 * only fail at its time (409, *id the page's current revision). */
naering_err *naering_store_schedule_revision(naering_db *db, apr_pool_t *p,
                                             sqlite3_int64 page,
                                             sqlite3_int64 base,
                                             const naering_page_fields *f,
                                             apr_int64_t due,
                                             const char *author,
                                             sqlite3_int64 replaces,
                                             sqlite3_int64 *id)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULE_ADD);
    sqlite3_int64 rev = 0, current = 0;

    if (!e && replaces && !(e = naering_schedule_waiting(db, p, page,
                                                         replaces)))
        e = naering_schedule_drop(db, p, page, replaces);
    if (!e && !(e = naering_current(db, p, page, &current))
        && base != current) {
        *id = current;
        e = naering_err_make(p, 409, "the page was saved after this text "
                             "was opened");
    }
    if (!e)
        e = naering_revision_insert(db, p, page, f, author, &rev);
    if (!e && (!st || naering_bind_int(st, ":page", page)
               || naering_bind_text(st, ":action", "revision")
               || naering_bind_int(st, ":rev", rev)
               || naering_bind_int(st, ":base", base)
               || naering_bind_int(st, ":due", due)
               || naering_bind_text(st, ":author", author)
               || (*id = naering_step_write(db, st)) < 0))
        e = naering_db_err(db, p, "scheduling a revision");
    return naering_finish(db, p, e);
}

static naering_err *naering_schedule_change(naering_db *db, apr_pool_t *p,
                                            const char *sql,
                                            sqlite3_int64 page,
                                            sqlite3_int64 id,
                                            apr_int64_t due)
{
    naering_err *e = naering_begin(db, p);
    sqlite3_stmt *st = naering_stmt(db, sql);

    if (!e && (!st || naering_bind_int(st, ":id", id)
               || naering_bind_int(st, ":page", page)
               || (due && naering_bind_int(st, ":due", due))
               || naering_step_write(db, st) < 0))
        e = naering_db_err(db, p, "schedule");
    if (!e && sqlite3_changes(naering_store_handle(db)) == 0)
        e = naering_err_make(p, 404, "no scheduled change %" APR_INT64_T_FMT
                             " on this page", (apr_int64_t)id);
    return naering_finish(db, p, e);
}

naering_err *naering_store_schedule_cancel(naering_db *db, apr_pool_t *p,
                                           sqlite3_int64 page,
                                           sqlite3_int64 id)
{
    return naering_schedule_change(db, p, SQL_SCHEDULE_CANCEL, page, id, 0);
}

naering_err *naering_store_schedule_move(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page, sqlite3_int64 id,
                                         apr_int64_t due)
{
    return naering_schedule_change(db, p, SQL_SCHEDULE_MOVE, page, id, due);
}

static void naering_scheduled_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_scheduled *s = out;

    s->id = sqlite3_column_int64(st, 0);
    s->page = sqlite3_column_int64(st, 1);
    s->path = naering_col(p, st, 2);
    s->title = naering_col(p, st, 3);
    s->action = naering_col(p, st, 4);
    s->due = sqlite3_column_int64(st, 5);
    s->author = naering_col(p, st, 6);
    s->state = naering_col(p, st, 7);
    s->attempts = sqlite3_column_int(st, 8);
    s->error = naering_col(p, st, 9);
    s->revision = sqlite3_column_int64(st, 10);
    s->base = sqlite3_column_int64(st, 11);
}

naering_err *naering_store_scheduled_one(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 page, sqlite3_int64 id,
                                         naering_scheduled *out, int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_SCHEDULED_ONE);

    *found = 0;
    if (!st || naering_bind_int(st, ":id", id)
        || naering_bind_int(st, ":page", page))
        return naering_db_err(db, p, "scheduled change");
    return naering_one_row(db, p, st, naering_scheduled_row, out, found,
                           "scheduled change");
}

naering_err *naering_store_scheduled(naering_db *db, apr_pool_t *p,
                                     sqlite3_int64 page,
                                     apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_SCHEDULED, ":page", page,
                            naering_scheduled_row, sizeof(naering_scheduled),
                            out, "scheduled changes");
}
