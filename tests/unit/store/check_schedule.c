/* Scheduled changes and the tick (store/schedule.c), items (items.c) and
 * reviews (review.c) against real SQLite files: time is an argument, so
 * nothing here waits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <apr_strings.h>
#include "tests.h"

#define ck_assert_ok(e) do {                                            \
        naering_err *e_ = (e);                                          \
        ck_assert_msg(e_ == NULL, "%s", e_ ? e_->msg : "");             \
    } while (0)

#define T0 1768478400                       /* 2026-01-15 12:00 UTC */

static apr_status_t gone(void *path)
{
    char *p = path;

    unlink(p);
    unlink(apr_pstrcat(tp, p, "-wal", NULL));
    unlink(apr_pstrcat(tp, p, "-shm", NULL));
    return APR_SUCCESS;
}

static apr_status_t closed(void *db)
{
    naering_store_close(db);
    return APR_SUCCESS;
}

static naering_db *fresh(void)
{
    char *path = apr_pstrdup(tp, "/tmp/naering-schedule-XXXXXX");
    naering_db *db;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    apr_pool_cleanup_register(tp, path, gone, apr_pool_cleanup_null);
    ck_assert_ok(naering_store_open(tp, path, 1, &db));
    apr_pool_cleanup_register(tp, db, closed, apr_pool_cleanup_null);
    return db;
}

static naering_page_fields *fields(const char *title, int draft)
{
    naering_page_fields *f = apr_pcalloc(tp, sizeof(*f));

    f->title = title;
    f->summary = "";
    f->body = apr_pstrcat(tp, "<p>", title, "</p>", NULL);
    f->contact_name = f->contact_email = f->contact_phone = "";
    f->comment = "";
    f->draft = draft;
    return f;
}

static naering_page page(naering_db *db, const char *path)
{
    naering_page pg;
    int found = 0;

    ck_assert_ok(naering_store_page(db, tp, path, &pg, &found));
    ck_assert_int_eq(found, 1);
    return pg;
}

/* The comment of the page's newest revision (its history's first line). */
static const char *last_comment(naering_db *db, const char *path)
{
    apr_array_header_t *revs;

    ck_assert_ok(naering_store_revisions(db, tp, page(db, path).id, &revs));
    ck_assert_int_gt(revs->nelts, 0);
    return APR_ARRAY_IDX(revs, 0, naering_revision).comment;
}

static sqlite3_int64 generation(naering_db *db)
{
    sqlite3_int64 gen;
    apr_time_t changed;

    ck_assert_ok(naering_store_generation(db, tp, &gen, &changed));
    return gen;
}

static const char *make(naering_db *db, const char *parent, const char *slug,
                        naering_page_fields *f)
{
    const char *path;

    ck_assert_ok(naering_store_create(db, tp, parent, slug, f, "test", NULL,
                                      &path));
    return path;
}

START_TEST(publish_at_applies_once_at_its_time)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "snart", fields("Snart", 1));
    naering_tick t;
    sqlite3_int64 id, gen;

    ck_assert_ok(naering_store_schedule(db, tp, page(db, path).id, "publish",
                                        T0 + 60, "test", &id));
    gen = generation(db);
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 0);
    ck_assert_int_eq(t.changed, 0);
    ck_assert_int_eq(generation(db), gen);          /* nothing written */
    ck_assert_int_eq(page(db, path).draft, 1);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 60, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_int_eq(t.changed, 1);
    ck_assert_int_eq(generation(db), gen + 1);      /* one bump */
    ck_assert_int_eq(page(db, path).draft, 0);
    ck_assert_str_eq(last_comment(db, path), "Publisert som planlagt");
    ck_assert_ok(naering_store_tick(db, tp, T0 + 120, "nb", &t));
    ck_assert_int_eq(t.applied, 0);
}
END_TEST

START_TEST(scheduled_revision_waits_and_a_failure_is_alone)
{
    naering_db *db = fresh();
    const char *a = make(db, "/", "a", fields("A", 0));
    const char *b = make(db, "/", "b", fields("B", 0));
    naering_page pa = page(db, a), pb = page(db, b);
    apr_array_header_t *list;
    naering_tick t;
    sqlite3_int64 id, rev;

    ck_assert_ok(naering_store_schedule_revision(db, tp, pa.id, pa.revision,
                                                 fields("A ny", 0), T0,
                                                 "test", 0, &id));
    ck_assert_ok(naering_store_schedule_revision(db, tp, pb.id, pb.revision,
                                                 fields("B ny", 0), T0,
                                                 "test", 0, &id));
    ck_assert_str_eq(page(db, a).title, "A");       /* old text public */
    /* B is saved after its change was scheduled: that change must fail,
     * and A's still go live in the same tick. */
    ck_assert_ok(naering_store_save(db, tp, pb.id, pb.revision,
                                    fields("B lagret", 0), "test", &rev));
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_int_eq(t.failed, 1);
    ck_assert_ptr_nonnull(strstr(APR_ARRAY_IDX(t.errors, 0, const char *),
                                 "/b"));
    ck_assert_str_eq(page(db, a).title, "A ny");
    ck_assert_str_eq(page(db, b).title, "B lagret");
    ck_assert_ok(naering_store_scheduled(db, tp, 0, &list));
    ck_assert_int_eq(list->nelts, 1);               /* B's, still there */
    ck_assert_int_eq(APR_ARRAY_IDX(list, 0, naering_scheduled).attempts, 1);
}
END_TEST

static apr_array_header_t *group_of(naering_db *db, const char *path)
{
    apr_array_header_t *out;

    ck_assert_ok(naering_store_translations(db, tp, page(db, path).id, &out));
    return out;
}

static const char *in_lang(naering_db *db, const char *slug, const char *lang)
{
    naering_page_fields *f = fields(slug, 0);

    f->lang = lang;
    return make(db, "/", slug, f);
}

/* A text that goes live in a language its translation group already has
 * takes the page out of the group, as a save of it would (hreflang names
 * one page per language); without the site's language (naering-admin)
 * two pages that name none still clash. */
START_TEST(scheduled_text_in_a_taken_language_leaves_the_group)
{
    naering_db *db = fresh();
    const char *nb = in_lang(db, "reise", ""), *en = in_lang(db, "travel",
                                                             "en");
    const char *nn = in_lang(db, "reise-nn", "nn");
    naering_page_fields *later = fields("Now English", 0);
    naering_page pnn;
    naering_tick t;
    sqlite3_int64 id;

    ck_assert_ok(naering_store_translation_link(db, tp, page(db, nb).id,
                                                page(db, en).id, "nb"));
    ck_assert_ok(naering_store_translation_link(db, tp, page(db, nb).id,
                                                page(db, nn).id, "nb"));
    ck_assert_int_eq(group_of(db, nb)->nelts, 3);
    pnn = page(db, nn);
    later->lang = "en";
    ck_assert_ok(naering_store_schedule_revision(db, tp, pnn.id, pnn.revision,
                                                 later, T0, "test", 0, &id));
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_str_eq(page(db, nn).title, "Now English");
    ck_assert_int_eq(group_of(db, nn)->nelts, 0);
    ck_assert_int_eq(group_of(db, nb)->nelts, 2);
    /* back in nynorsk and in the group; then a text in the site's own
     * language, with the site's language unknown */
    later = fields("Reise att", 0);
    later->lang = "nn";
    ck_assert_ok(naering_store_save(db, tp, pnn.id, page(db, nn).revision,
                                    later, "test", &id));
    ck_assert_ok(naering_store_translation_link(db, tp, page(db, nb).id,
                                                page(db, nn).id, "nb"));
    ck_assert_int_eq(group_of(db, nb)->nelts, 3);
    later = fields("Bokmål no", 0);
    later->lang = "";
    ck_assert_ok(naering_store_schedule_revision(db, tp, pnn.id,
                                                 page(db, nn).revision,
                                                 later, T0 + 60, "test", 0,
                                                 &id));
    ck_assert_ok(naering_store_tick(db, tp, T0 + 60, NULL, &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_int_eq(group_of(db, nn)->nelts, 0);
    ck_assert_int_eq(group_of(db, nb)->nelts, 2);
}
END_TEST

/* The clock set back (a test clock): the tick's last time follows, with
 * no new generation, so a meeting passing again is seen again. */
START_TEST(tick_follows_a_clock_set_back)
{
    naering_db *db = fresh();
    naering_page_fields *list = fields("Møter", 0), *m = fields("Møte", 0);
    const char *lp;
    naering_tick t;
    sqlite3_int64 gen;

    ck_assert_ok(naering_store_exec_script(db, tp, "UPDATE setting SET value"
                                           " = 0 WHERE key = 'tick_at';"));
    list->kind = "meeting-list";
    lp = make(db, "/", "moter", list);
    m->starts = T0 + 3600;
    m->ends = T0 + 7200;
    make(db, lp, "m", m);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 86400, "nb", &t));
    ck_assert_int_eq(t.changed, 1);
    gen = generation(db);
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.changed, 0);
    ck_assert_int_eq(generation(db), gen);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 86400, "nb", &t));
    ck_assert_int_eq(t.changed, 1);
}
END_TEST

START_TEST(edited_scheduled_text_replaces_the_old_one)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "e", fields("E", 0));
    naering_page pg = page(db, path);
    naering_scheduled s;
    naering_tick t;
    sqlite3_int64 first, second;
    int found;

    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("E første", 0), T0,
                                                 "test", 0, &first));
    ck_assert_ok(naering_store_scheduled_one(db, tp, pg.id, first, &s,
                                             &found));
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(s.title, "E første");
    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("E andre", 0), T0,
                                                 "test", first, &second));
    ck_assert_ok(naering_store_scheduled_one(db, tp, pg.id, first, &s,
                                             &found));
    ck_assert_int_eq(found, 0);                     /* the old one is gone */
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_str_eq(page(db, path).title, "E andre");
    /* Replacing what is no longer waiting changes nothing. */
    ck_assert_ptr_nonnull(naering_store_schedule_revision(
        db, tp, pg.id, page(db, path).revision, fields("E tredje", 0), T0,
        "test", first, &second));
    ck_assert_str_eq(page(db, path).title, "E andre");
}
END_TEST

START_TEST(cancel_and_move)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "c", fields("C", 0));
    naering_page pg = page(db, path);
    naering_tick t;
    sqlite3_int64 id;
    naering_err *e;

    ck_assert_ok(naering_store_schedule(db, tp, pg.id, "unpublish", T0,
                                        "test", &id));
    ck_assert_ok(naering_store_schedule_move(db, tp, pg.id, id, T0 + 3600));
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(page(db, path).draft, 0);
    ck_assert_ok(naering_store_schedule_cancel(db, tp, pg.id, id));
    ck_assert_ok(naering_store_tick(db, tp, T0 + 7200, "nb", &t));
    ck_assert_int_eq(t.applied, 0);
    ck_assert_int_eq(page(db, path).draft, 0);
    e = naering_store_schedule_cancel(db, tp, pg.id + 1, id);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 404);
}
END_TEST

START_TEST(items_listing_and_meeting_boundary)
{
    naering_db *db = fresh();
    naering_page_fields *list = fields("Møter", 0), *m = fields("Møte", 0);
    apr_array_header_t *items, *news, *next;
    const char *lp;
    naering_tick t;
    sqlite3_int64 gen;
    int total;

    /* The site was made before T0 here (a new site's tick starts at the
     * time it was made, migration 13). */
    ck_assert_ok(naering_store_exec_script(db, tp, "UPDATE setting SET value"
                                           " = 0 WHERE key = 'tick_at';"));
    list->kind = "meeting-list";
    lp = make(db, "/", "moter", list);
    m->starts = T0 + 86400;
    m->ends = T0 + 90000;
    m->place = "Rådhuset";
    m->event_status = "planned";
    make(db, lp, "neste", m);
    m->starts = T0 - 86400;
    m->ends = T0 - 80000;
    make(db, lp, "forrige", m);
    ck_assert_str_eq(page(db, lp).kind, "meeting-list");
    ck_assert_str_eq(page(db, "/moter/neste").kind, "meeting");
    ck_assert_int_eq(page(db, "/moter/neste").in_menu, 0);
    ck_assert_ok(naering_store_items(db, tp, page(db, lp).id, T0, 10, 0,
                                     &items, &total));
    ck_assert_int_eq(total, 2);
    ck_assert_str_eq(APR_ARRAY_IDX(items, 0, naering_item).path,
                     "/moter/neste");
    ck_assert_int_eq(APR_ARRAY_IDX(items, 0, naering_item).upcoming, 1);
    ck_assert_int_eq(APR_ARRAY_IDX(items, 1, naering_item).upcoming, 0);
    ck_assert_ok(naering_store_latest(db, tp, T0, 3, &news, &next));
    ck_assert_int_eq(next->nelts, 1);
    /* The meeting ends: the tick moves the generation so no cache keeps
     * it listed as upcoming; once, not at every tick after. */
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    gen = generation(db);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 95000, "nb", &t));
    ck_assert_int_eq(t.changed, 1);
    ck_assert_int_eq(generation(db), gen + 1);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 96000, "nb", &t));
    ck_assert_int_eq(t.changed, 0);
}
END_TEST

START_TEST(review_due_and_reviewed)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "r", fields("R", 0));
    apr_array_header_t *due;
    naering_page pg = page(db, path);
    int i, listed = 0;

    ck_assert_ok(naering_store_review_set(db, tp, pg.id, T0 - 86400,
                                          "redaktor"));
    ck_assert_ok(naering_store_review_due(db, tp, T0, &due));
    for (i = 0; i < due->nelts; i++)
        if (strcmp(APR_ARRAY_IDX(due, i, naering_review).path, path) == 0) {
            listed = 1;
            ck_assert_str_eq(APR_ARRAY_IDX(due, i, naering_review).by,
                             "redaktor");
        }
    ck_assert_int_eq(listed, 1);
    ck_assert_ok(naering_store_reviewed(db, tp, &pg, "redaktor"));
    pg = page(db, path);
    ck_assert_str_eq(last_comment(db, path), "Gjennomgått");
    ck_assert_str_eq(pg.title, "R");
    /* Next review: a year (the default interval) after now. */
    ck_assert_int_gt(pg.review_at, apr_time_sec(apr_time_now()) + 360 * 86400);
}
END_TEST


/* Publish-at, unpublish-at and "Gjennomgått" write a same-text revision:
 * a scheduled text waiting on the page still goes live after them. */
START_TEST(status_and_review_keep_a_waiting_text)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "u", fields("U", 0));
    naering_page pg = page(db, path);
    naering_tick t;
    sqlite3_int64 id;

    ck_assert_ok(naering_store_schedule(db, tp, pg.id, "unpublish", T0 + 1000,
                                        "test", &id));
    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("U ny", 0), T0 + 2000,
                                                 "test", 0, &id));
    ck_assert_ok(naering_store_reviewed(db, tp, &pg, "redaktor"));
    ck_assert_ok(naering_store_tick(db, tp, T0 + 1500, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 2500, "nb", &t));
    ck_assert_int_eq(t.failed, 0);
    ck_assert_int_eq(t.applied, 1);
    ck_assert_str_eq(page(db, path).title, "U ny");
    ck_assert_int_eq(page(db, path).draft, 1);      /* still unpublished */
}
END_TEST

/* Two texts scheduled from the same revision and due in one tick: the
 * first goes live, the second conflicts with it and fails. */
START_TEST(two_texts_in_one_tick_conflict)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "to", fields("To", 0));
    naering_page pg = page(db, path);
    naering_tick t;
    sqlite3_int64 id;

    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("To første", 0), T0,
                                                 "test", 0, &id));
    /* Made in another way than the editor's form would allow now: by
     * the time of the second, the first was still only waiting. */
    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("To andre", 0), T0,
                                                 "test", 0, &id));
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 1);
    ck_assert_int_eq(t.failed, 1);
    ck_assert_str_eq(page(db, path).title, "To første");
}
END_TEST

/* A scheduled text is checked when made (409 with the page's revision
 * now); an edit of one keeps the check of the revision it was made
 * from; replacing one no longer waiting is 404 and writes nothing. */
START_TEST(scheduled_text_checked_when_made)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "k", fields("K", 0));
    naering_page pg = page(db, path);
    sqlite3_int64 first, id, rev;
    naering_scheduled s;
    naering_tick t;
    naering_err *e;
    int found;

    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("K planlagt", 0),
                                                 T0, "test", 0, &first));
    ck_assert_ok(naering_store_scheduled_one(db, tp, pg.id, first, &s,
                                             &found));
    ck_assert_int_eq(s.base, pg.revision);
    ck_assert_ok(naering_store_save(db, tp, pg.id, pg.revision,
                                    fields("K lagret", 0), "test", &rev));
    e = naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                        fields("K gammel", 0), T0, "test", 0,
                                        &id);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, 409);
    ck_assert_int_eq(id, page(db, path).revision);
    /* The edit of the waiting text, from its own base: refused too. */
    e = naering_store_schedule_revision(db, tp, pg.id, s.base,
                                        fields("K endret", 0), T0, "test",
                                        first, &id);
    ck_assert_int_eq(e ? e->status : 0, 409);
    ck_assert_ok(naering_store_scheduled_one(db, tp, pg.id, first, &s,
                                             &found));
    ck_assert_int_eq(found, 1);                     /* nothing dropped */
    ck_assert_ok(naering_store_schedule_cancel(db, tp, pg.id, first));
    e = naering_store_schedule_revision(db, tp, pg.id,
                                        page(db, path).revision,
                                        fields("K igjen", 0), T0, "test",
                                        first, &id);
    ck_assert_int_eq(e ? e->status : 0, 404);
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.applied, 0);
    ck_assert_str_eq(page(db, path).title, "K lagret");
}
END_TEST

/* A news item dated ahead is not listed until its date, and the tick
 * moves the generation when that date passes. */
START_TEST(news_ahead_waits_for_its_date)
{
    naering_db *db = fresh();
    naering_page_fields *list = fields("Aktuelt", 0), *n = fields("Nytt", 0);
    apr_array_header_t *items, *news, *next;
    const char *lp;
    naering_tick t;
    sqlite3_int64 gen;
    int total;

    list->kind = "news-list";
    lp = make(db, "/", "aktuelt", list);
    n->starts = T0 + 3600;
    make(db, lp, "snart", n);
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_ok(naering_store_items(db, tp, page(db, lp).id, T0, 10, 0,
                                     &items, &total));
    ck_assert_int_eq(total, 0);
    ck_assert_int_eq(items->nelts, 0);
    gen = generation(db);
    ck_assert_ok(naering_store_tick(db, tp, T0 + 3600, "nb", &t));
    ck_assert_int_eq(t.changed, 1);
    ck_assert_int_eq(generation(db), gen + 1);
    ck_assert_ok(naering_store_items(db, tp, page(db, lp).id, T0 + 3600, 10,
                                     0, &items, &total));
    ck_assert_int_eq(total, 1);
    ck_assert_ok(naering_store_latest(db, tp, T0 + 3600, 3, &news, &next));
    ck_assert_int_eq(news->nelts, 1);
}
END_TEST

/* "Gjennomgått" from a page loaded before another editor's save keeps
 * that save's text. */
START_TEST(reviewed_keeps_a_save_made_meanwhile)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "g", fields("G", 0));
    naering_page stale = page(db, path);
    sqlite3_int64 rev;

    ck_assert_ok(naering_store_save(db, tp, stale.id, stale.revision,
                                    fields("G lagret", 0), "test", &rev));
    ck_assert_ok(naering_store_reviewed(db, tp, &stale, "redaktor"));
    ck_assert_str_eq(page(db, path).title, "G lagret");
    ck_assert_str_eq(last_comment(db, path), "Gjennomgått");
}
END_TEST

/* A tick whose only due change fails records the attempt but moves no
 * generation (nothing public changed, nothing to purge). */
START_TEST(failing_tick_does_not_bump)
{
    naering_db *db = fresh();
    const char *path = make(db, "/", "f", fields("F", 0));
    naering_page pg = page(db, path);
    apr_array_header_t *list;
    naering_tick t;
    sqlite3_int64 id, rev, gen;

    ck_assert_ok(naering_store_schedule_revision(db, tp, pg.id, pg.revision,
                                                 fields("F ny", 0), T0,
                                                 "test", 0, &id));
    ck_assert_ok(naering_store_save(db, tp, pg.id, pg.revision,
                                    fields("F lagret", 0), "test", &rev));
    ck_assert_ok(naering_store_tick(db, tp, T0 - 60, "nb", &t));
    gen = generation(db);
    ck_assert_ok(naering_store_tick(db, tp, T0, "nb", &t));
    ck_assert_int_eq(t.failed, 1);
    ck_assert_int_eq(t.changed, 0);
    ck_assert_int_eq(generation(db), gen);
    ck_assert_ok(naering_store_scheduled(db, tp, pg.id, &list));
    ck_assert_int_eq(APR_ARRAY_IDX(list, 0, naering_scheduled).attempts, 1);
}
END_TEST

Suite *naering_schedule_suite(void)
{
    Suite *s = suite_create("schedule");
    TCase *tc = tcase_create("schedule");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, publish_at_applies_once_at_its_time);
    tcase_add_test(tc, scheduled_revision_waits_and_a_failure_is_alone);
    tcase_add_test(tc, cancel_and_move);
    tcase_add_test(tc, edited_scheduled_text_replaces_the_old_one);
    tcase_add_test(tc, items_listing_and_meeting_boundary);
    tcase_add_test(tc, review_due_and_reviewed);
    tcase_add_test(tc, status_and_review_keep_a_waiting_text);
    tcase_add_test(tc, two_texts_in_one_tick_conflict);
    tcase_add_test(tc, scheduled_text_checked_when_made);
    tcase_add_test(tc, news_ahead_waits_for_its_date);
    tcase_add_test(tc, reviewed_keeps_a_save_made_meanwhile);
    tcase_add_test(tc, failing_tick_does_not_bump);
    tcase_add_test(tc, tick_follows_a_clock_set_back);
    tcase_add_test(tc, scheduled_text_in_a_taken_language_leaves_the_group);
    suite_add_tcase(s, tc);
    return s;
}
