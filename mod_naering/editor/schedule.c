/*
 * Time in the editor: what is scheduled (?vis=planlagt, site-wide) and
 * its actions on the URL's page (planlegg: publish or unpublish at a
 * time; planlagt-endre: another time; planlagt-avbryt: cancel), and
 * review dates (?vis=gjennomgang: overdue and soon due; gjennomgatt:
 * reviewed; gjennomgang-lagre: the next date and who is responsible).
 * A scheduled revision is made by the edit form's "Publiser endringen"
 * (actions.c).  Site-wide lists show only the pages Apache lets this
 * editor at.
 */
#include <stddef.h>
#include <string.h>
#include "httpd.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "editor/editor.h"

/* "Trenger gjennomgang" lists what falls due within this many days. */
#define NAERING_REVIEW_SOON_DAYS 30
#define NAERING_SCHEDULE_VIEW "planlagt"

static apr_array_header_t *naering_only_allowed(naering_edit_ctx *ec,
                                                apr_array_header_t *list,
                                                size_t path_at)
{
    apr_array_header_t *out = apr_array_make(ec->q->r->pool, 1,
                                             list->elt_size);
    int i;

    for (i = 0; i < list->nelts; i++) {
        char *elt = list->elts + (size_t)i * list->elt_size;
        if (naering_rights_may(ec, *(const char **)(elt + path_at)))
            memcpy(apr_array_push(out), elt, list->elt_size);
    }
    return out;
}

int naering_schedule_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_SCHEDULED);
    if ((e = naering_store_scheduled(ec->q->db, p, 0, &ed.scheduled))
        || (e = naering_store_menu(ec->q->db, p, 0, &v.menu)))
        return naering_fail(ec->q, e);
    ed.scheduled = naering_only_allowed(ec, ed.scheduled,
                                        offsetof(naering_scheduled, path));
    return naering_send_view(ec->q, &v);
}

/* ?vis=planlagt-tekst&id=N: the edit form with a scheduled text, to
 * change it before it goes live (saved, it replaces that change). */
int naering_schedule_text_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    sqlite3_int64 id = naering_query_id(naering_query_get(p, ec->q->r->args,
                                                          NAERING_Q_ID));
    naering_editor_view given;
    naering_scheduled s;
    naering_page rev;
    naering_page_fields *f;
    naering_err *e;
    int found = 0, rfound = 0;

    if ((e = naering_store_scheduled_one(ec->q->db, p, ec->page.id, id, &s,
                                         &found)))
        return naering_fail(ec->q, e);
    if (found && s.revision
        && (e = naering_store_revision(ec->q->db, p, ec->page.id, s.revision,
                                       &rev, &rfound)))
        return naering_fail(ec->q, e);
    if (!rfound)
        return naering_error_page(ec->q, HTTP_NOT_FOUND);
    f = naering_store_fields_of(p, &rev);
    f->draft = ec->page.draft;
    f->menu = ec->page.in_menu ? NAERING_MENU_SHOW : NAERING_MENU_HIDE;
    f->due = s.due;
    memset(&given, 0, sizeof(given));
    given.form = f;
    given.form_revision = s.base;   /* its conflict check, kept */
    given.replaces = id;
    return naering_editor_form(ec, NAERING_VIEW_EDIT, &given, OK);
}

int naering_review_view(naering_edit_ctx *ec)
{
    apr_pool_t *p = ec->q->r->pool;
    naering_view v;
    naering_editor_view ed;
    naering_err *e;

    naering_editor_init(ec, &v, &ed, NAERING_VIEW_REVIEW);
    ed.now = naering_now();
    if ((e = naering_store_review_due(ec->q->db, p, ed.now
                                      + NAERING_REVIEW_SOON_DAYS * 86400,
                                      &ed.reviews))
        || (e = naering_store_menu(ec->q->db, p, 0, &v.menu)))
        return naering_fail(ec->q, e);
    ed.reviews = naering_only_allowed(ec, ed.reviews,
                                      offsetof(naering_review, path));
    return naering_send_view(ec->q, &v);
}

/* The form's time (datetime-local, Oslo), checked as a save's "planlagt"
 * is: 0 with *why the notice when it is missing, does not exist (the
 * March night) or has gone by (the next tick would apply it at once,
 * without a word). */
static apr_int64_t naering_schedule_time(naering_edit_ctx *ec,
                                         const char *name, const char **why)
{
    const char *s = naering_editor_field(ec, name);
    apr_int64_t t = 0;
    int rc = s && *s ? naering_oslo_parse(s, &t) : 0;

    *why = rc == NAERING_OSLO_GAP ? "planlagt-finnes-ikke"
           : rc != 1 ? "planlagt-mangler-tid"
           : t <= naering_now() ? "planlagt-forbi" : NULL;
    return *why ? 0 : t;
}

/* Back to where the form was: the list, or the page's editor. */
static int naering_schedule_back(naering_edit_ctx *ec, const char *notice)
{
    const char *from = naering_editor_field(ec, "fra");

    return naering_editor_back(ec, ec->page.path,
                               from && strcmp(from, NAERING_SCHEDULE_VIEW)
                                       == 0 ? NAERING_SCHEDULE_VIEW : NULL,
                               notice);
}

int naering_schedule_add(naering_edit_ctx *ec)
{
    const char *what = naering_editor_field(ec, "hva"), *why;
    apr_int64_t due = naering_schedule_time(ec, "tidspunkt", &why);
    sqlite3_int64 id;
    naering_err *e;

    if (!what || (strcmp(what, "publish") && strcmp(what, "unpublish")))
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    if (!due)
        return naering_schedule_back(ec, why);
    e = naering_store_schedule(ec->q->db, ec->q->r->pool, ec->page.id, what,
                               due, ec->q->r->user, &id);
    return e ? naering_fail(ec->q, e) : naering_schedule_back(ec, "planlagt");
}

int naering_schedule_edit(naering_edit_ctx *ec)
{
    const char *why;
    apr_int64_t due = naering_schedule_time(ec, "tidspunkt", &why);
    naering_err *e;

    if (!due)
        return naering_schedule_back(ec, why);
    e = naering_store_schedule_move(ec->q->db, ec->q->r->pool, ec->page.id,
                                    naering_editor_id(ec, NAERING_Q_ID), due);
    return e ? naering_fail(ec->q, e)
             : naering_schedule_back(ec, "planlagt-endret");
}

int naering_schedule_cancel(naering_edit_ctx *ec)
{
    naering_err *e = naering_store_schedule_cancel(ec->q->db, ec->q->r->pool,
                                                   ec->page.id,
                                                   naering_editor_id(
                                                       ec, NAERING_Q_ID));

    return e ? naering_fail(ec->q, e)
             : naering_schedule_back(ec, "planlagt-avbrutt");
}

int naering_review_done(naering_edit_ctx *ec)
{
    naering_err *e = naering_store_reviewed(ec->q->db, ec->q->r->pool,
                                            &ec->page, ec->q->r->user);

    return e ? naering_fail(ec->q, e)
             : naering_editor_back(ec, ec->page.path, NULL, "gjennomgatt");
}

/* "Neste gjennomgang" as a date (type="date"), or empty: the interval. */
int naering_review_save(naering_edit_ctx *ec)
{
    const char *day = naering_editor_field(ec, "neste");
    const char *by = naering_editor_field(ec, "ansvarlig");
    apr_int64_t at = 0;
    naering_err *e;

    /* A login: one word. */
    if (!day || !by || strlen(by) > 100 || strpbrk(by, " \t\r\n")
        || (*day && naering_oslo_parse(apr_pstrcat(ec->q->r->pool, day,
                                                   "T09:00", NULL), &at)
                    != 1))
        return naering_error_page(ec->q, HTTP_BAD_REQUEST);
    e = naering_store_review_set(ec->q->db, ec->q->r->pool, ec->page.id, at,
                                 by);
    return e ? naering_fail(ec->q, e)
             : naering_editor_back(ec, ec->page.path, NULL,
                                   "gjennomgang-lagret");
}
