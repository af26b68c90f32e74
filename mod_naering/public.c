/*
 * What visitors see: pages, documents, search, the Atom feed, the sitemap
 * and the templates' assets.  Each view reads the store, fills a
 * naering_view and leaves rendering and errors to httpd/respond.c.
 */
#include <string.h>
#include <stdlib.h>
#include "httpd.h"
#include "http_log.h"
#include "http_protocol.h"
#include "apr_strings.h"
#include "mod_naering.h"

#define NAERING_SEARCH_PER_PAGE 10
#define NAERING_SEARCH_MAX_PAGE 100
#define NAERING_FEED_ENTRIES 20

/* The ?side= of a paged list, 1 to max. */
static int naering_result_page(request_rec *r, long max)
{
    const char *s = naering_query_get(r->pool, r->args, NAERING_Q_PAGE);
    long n = s ? strtol(s, NULL, 10) : 1;

    return n < 1 ? 1 : n > max ? (int)max : (int)n;
}

/* A path that is no page may be where a page used to be. */
static int naering_page_missing(naering_req *q, const char *path)
{
    const char *now;
    naering_err *e = naering_store_old_path(q->db, q->r->pool, path, &now);

    if (e)
        return naering_fail(q, e);
    if (now)
        return naering_redirect(q, now, 0);
    return naering_error_page(q, HTTP_NOT_FOUND);
}

/* ?format=ics or atom on a listing or a meeting; NULL for HTML (and
 * ?format=xml, which respond.c handles). */
static const char *naering_time_format(naering_req *q)
{
    const char *f = naering_query_get(q->r->pool, q->r->args,
                                      NAERING_Q_FORMAT);

    return f && (strcmp(f, "ics") == 0 || strcmp(f, "atom") == 0) ? f : NULL;
}

static int naering_is(const naering_page *pg, const char *kind)
{
    return strcmp(pg->kind, kind) == 0;
}

/* A meeting as the one item of its own calendar. */
static naering_item *naering_item_of(apr_pool_t *p, const naering_page *pg)
{
    naering_item *it = apr_pcalloc(p, sizeof(*it));

    it->id = pg->id;
    it->path = pg->path;
    it->title = pg->title;
    it->summary = pg->summary;
    it->kind = pg->kind;
    it->starts = pg->starts;
    it->ends = pg->ends;
    it->place = pg->place;
    it->event_status = pg->event_status;
    it->sequence = pg->sequence;
    it->updated = apr_time_sec(pg->updated);
    return it;
}

static int naering_send_ics(naering_req *q, const naering_page *pg,
                            const apr_array_header_t *items)
{
    request_rec *r = q->r;
    const char *out;
    apr_size_t len;
    naering_view site;
    naering_err *e;

    naering_view_init(q, &site, NAERING_VIEW_PAGE);
    /* The UID's host is the server's name, not the Host header: the same
     * meeting keeps one UID however it was asked for. */
    e = naering_ics_build(r->pool, pg->title,
                          r->server->server_hostname
                              ? r->server->server_hostname : "naering",
                          site.absolute, items, &out, &len);

    if (e)
        return naering_fail(q, e);
    return naering_http_send(r, "text/calendar; charset=utf-8", out, len);
}

/* A listing as Atom: its items, newest first (news by date, meetings by
 * when they were last saved). */
static int naering_send_listing_feed(naering_req *q, const naering_page *pg,
                                     const apr_array_header_t *items)
{
    naering_view v;
    int i;

    naering_view_init(q, &v, NAERING_VIEW_FEED);
    v.page = pg;
    v.lang = naering_lang_of(pg->lang, v.site_lang);
    v.entries = apr_array_make(q->r->pool, items->nelts,
                               sizeof(naering_entry));
    v.changed = 0;
    for (i = 0; i < items->nelts; i++) {
        const naering_item *it = &APR_ARRAY_IDX(items, i, naering_item);
        naering_entry *en = apr_array_push(v.entries);
        memset(en, 0, sizeof(*en));
        en->id = it->id;
        en->path = it->path;
        en->title = it->title;
        en->summary = it->summary;
        en->author = "naering";
        en->author_name = it->author_name;
        en->updated = apr_time_from_sec(strcmp(it->kind, "news") == 0
                                        && it->starts ? it->starts
                                                      : it->updated);
        if (en->updated > v.changed)
            v.changed = en->updated;
    }
    if (!v.changed)
        v.changed = pg->updated;
    return naering_send_view(q, &v);
}

#define NAERING_ITEMS_PER_PAGE 10
#define NAERING_FEED_ITEMS 50
/* Far beyond any listing, small enough that the offset cannot overflow. */
#define NAERING_ITEMS_MAX_PAGE 1000000

/* A listing's ?side=N: not capped like search's (a listing of years of
 * news has more than 100 pages); past the last page is a 404. */
/* A listing's page of items (HTML), or all of them for a feed. */
static int naering_listing(naering_req *q, naering_view *v,
                           const naering_page *pg, const char *format)
{
    naering_err *e;
    int per = format ? NAERING_FEED_ITEMS : NAERING_ITEMS_PER_PAGE;

    v->items_page = format ? 1 : naering_result_page(q->r,
                                                     NAERING_ITEMS_MAX_PAGE);
    v->items_per_page = per;
    e = naering_store_items(q->db, q->r->pool, pg->id, naering_now(), per,
                            (v->items_page - 1) * per, &v->items,
                            &v->items_total);
    if (e)
        return naering_fail(q, e);
    if (v->items_page > 1 && v->items->nelts == 0)
        return naering_error_page(q, HTTP_NOT_FOUND);
    if (format && strcmp(format, "ics") == 0)
        return naering_is(pg, "meeting-list")
               ? naering_send_ics(q, pg, v->items)
               : naering_error_page(q, HTTP_NOT_FOUND);
    if (format)
        return naering_send_listing_feed(q, pg, v->items);
    return DECLINED;
}

/* What a page's kind adds: a listing's items, the front page's latest. */
static int naering_page_time(naering_req *q, naering_view *v,
                             const naering_page *pg, const char *format)
{
    apr_array_header_t *one;
    naering_err *e;

    if (naering_is(pg, "news-list") || naering_is(pg, "meeting-list"))
        return naering_listing(q, v, pg, format);
    if (format && naering_is(pg, "meeting") && strcmp(format, "ics") == 0) {
        one = apr_array_make(q->r->pool, 1, sizeof(naering_item));
        *(naering_item *)apr_array_push(one) = *naering_item_of(q->r->pool,
                                                                pg);
        return naering_send_ics(q, pg, one);
    }
    if (format)
        return naering_error_page(q, HTTP_NOT_FOUND);
    if (strcmp(pg->path, "/") == 0
        && (e = naering_store_latest(q->db, q->r->pool, naering_now(), 3,
                                     &v->latest_news, &v->next_meeting)))
        return naering_fail(q, e);
    return DECLINED;
}

int naering_page_view(naering_req *q, const char *path)
{
    apr_pool_t *p = q->r->pool;
    naering_page pg;
    naering_view v;
    naering_err *e;
    const char *format = naering_time_format(q);
    int found, rc;

    /* The tag is read in the same snapshot as the page: what this render
     * keeps is kept under the tag of what it shows. */
    if ((rc = naering_validate(q, format ? format : "p", path)) != OK
        || (rc = naering_from_cache(q)) != DECLINED)
        return rc;
    if ((e = naering_store_page(q->db, p, path, &pg, &found)))
        return naering_fail(q, e);
    if (!found || pg.hidden)
        return naering_page_missing(q, path);
    naering_view_init(q, &v, NAERING_VIEW_PAGE);
    v.page = &pg;
    v.lang = naering_lang_of(pg.lang, v.site_lang);
    if ((rc = naering_page_time(q, &v, &pg, format)) != DECLINED)
        return rc;
    if ((e = naering_store_menu(q->db, p, pg.id, &v.menu))
        || (e = naering_store_translations(q->db, p, pg.id, &v.translations))
        || (e = naering_store_breadcrumbs(q->db, p, pg.id, &v.crumbs))
        || (e = naering_store_documents(q->db, p, pg.id, &v.documents))
        || (e = naering_store_page_images(q->db, p, pg.id, &v.images)))
        return naering_fail(q, e);
    return naering_send_view(q, &v);
}

int naering_document_get(naering_req *q, const naering_route *rt)
{
    apr_pool_t *p = q->r->pool;
    naering_page pg;
    naering_document d;
    naering_err *e;
    int found, rc;

    if ((e = naering_store_page(q->db, p, rt->page_path, &pg, &found)))
        return naering_fail(q, e);
    if (!found || pg.hidden)
        return naering_error_page(q, HTTP_NOT_FOUND);
    if ((e = naering_store_document(q->db, p, pg.id, rt->name, &d, &found)))
        return naering_fail(q, e);
    if (!found)
        return naering_error_page(q, HTTP_NOT_FOUND);
    /* The bytes may take minutes to reach a slow client: no snapshot held
     * that long (it would keep SQLite from checkpointing the WAL). */
    naering_store_read_end(q->db);
    rc = naering_http_send_file(q->r, naering_files_path(p,
                                q->cfg->site->files, d.sha256), d.mime,
                                d.filename);
    if (rc == HTTP_NOT_FOUND) {
        naering_log(q->r, APLOG_ERR, "the bytes of %s (%s) are missing from "
                    "%s", d.filename, d.sha256, q->cfg->site->files);
        return naering_error_page(q, HTTP_INTERNAL_SERVER_ERROR);
    }
    return rc;
}

/* The variant a plain <base>/bilder/<id> shows: the original's format
 * (every browser has it) at the widest up to 960 px, else the narrowest. */
static const naering_image_variant *naering_image_middle(const naering_image
                                                         *im)
{
    const naering_image_variant *best = NULL;
    int i, plain = 0;

    for (i = 0; i < im->variants->nelts; i++)
        if (strcmp(APR_ARRAY_IDX(im->variants, i, naering_image_variant).mime,
                   "image/webp") != 0)
            plain = 1;
    for (i = 0; i < im->variants->nelts; i++) {
        const naering_image_variant *v = &APR_ARRAY_IDX(im->variants, i,
                                                        naering_image_variant);
        if (plain && strcmp(v->mime, "image/webp") == 0)
            continue;
        if (!best || (v->width <= 960 && (best->width > 960
                                          || v->width > best->width))
            || (best->width > 960 && v->width < best->width))
            best = v;
    }
    return best;
}

/* The variant a URL names: its content address, with the extension of
 * its type (the same bytes under another extension are not found). */
static naering_err *naering_image_variant_of(naering_req *q,
                                             const naering_route *rt,
                                             naering_image_variant *v,
                                             int *found)
{
    apr_pool_t *p = q->r->pool;
    naering_err *e = naering_store_image_variant(q->db, p, rt->id,
                                                 apr_pstrndup(p, rt->name, 64),
                                                 v, found);

    if (!e && *found
        && strcmp(strrchr(naering_url_image_variant(p, "", rt->id, v->sha256,
                                                    v->mime), '/') + 1,
                  rt->name) != 0)
        *found = 0;
    return e;
}

int naering_image_get(naering_req *q, const naering_route *rt)
{
    apr_pool_t *p = q->r->pool;
    naering_image im;
    naering_image_variant v;
    const naering_image_variant *show = &v;
    naering_err *e;
    int found = 0, rc;

    if (rt->name)
        e = naering_image_variant_of(q, rt, &v, &found);
    else if (!(e = naering_store_image(q->db, p, rt->id, &im, &found))
             && found && (im.trashed || !(show = naering_image_middle(&im))))
        found = 0;
    if (e)
        return naering_fail(q, e);
    if (!found)
        return naering_error_page(q, HTTP_NOT_FOUND);
    naering_store_read_end(q->db);
    if (rt->name)
        apr_table_setn(q->r->err_headers_out, "Cache-Control",
                       "public, max-age=31536000, immutable");
    rc = naering_http_send_file(q->r, naering_files_path(p,
                                q->cfg->site->files, show->sha256),
                                show->mime, NULL);
    if (rc == HTTP_NOT_FOUND) {
        naering_log(q->r, APLOG_ERR, "the bytes of image %" APR_INT64_T_FMT
                    " (%s) are missing", (apr_int64_t)rt->id, show->sha256);
        return naering_error_page(q, HTTP_INTERNAL_SERVER_ERROR);
    }
    return rc;
}

/* ?side=N, clamped to what exists. */

int naering_search_page(naering_req *q)
{
    request_rec *r = q->r;
    const char *text = naering_query_get(r->pool, r->args, NAERING_Q_SEARCH);
    const char *fts;
    naering_search_view sv = { NULL, 0, 1, NAERING_SEARCH_PER_PAGE, NULL };
    naering_view v;
    naering_err *e;
    int rc;

    if ((rc = naering_validate(q, "s", NULL)) != OK
        || (rc = naering_from_cache(q)) != DECLINED)
        return rc;
    naering_view_init(q, &v, NAERING_VIEW_SEARCH);
    v.search = &sv;
    /* What cannot be shown as text (broken UTF-8) is not searched. */
    if (text && naering_utf8_valid(text, strlen(text)))
        sv.text = naering_xml_chars(r->pool, text);
    sv.page = naering_result_page(r, NAERING_SEARCH_MAX_PAGE);
    fts = naering_search_query(r->pool, sv.text);
    if (fts && (e = naering_store_search(q->db, r->pool, fts, sv.per_page,
                                         (sv.page - 1) * sv.per_page,
                                         &sv.hits, &sv.total)))
        return naering_fail(q, e);
    if ((e = naering_store_menu(q->db, r->pool, 0, &v.menu)))
        return naering_fail(q, e);
    return naering_send_view(q, &v);
}

int naering_feed_view(naering_req *q, naering_view_kind kind)
{
    naering_view v;
    naering_err *e;
    sqlite3_int64 gen;
    int rc;

    if ((rc = naering_validate(q, kind == NAERING_VIEW_FEED ? "a" : "m",
                               NULL)) != OK
        || (rc = naering_from_cache(q)) != DECLINED)
        return rc;
    naering_view_init(q, &v, kind);
    e = naering_store_generation(q->db, q->r->pool, &gen, &v.changed);
    if (!e)
        e = kind == NAERING_VIEW_FEED
            ? naering_store_recent(q->db, q->r->pool, NAERING_FEED_ENTRIES,
                                   &v.entries)
            : naering_store_all_pages(q->db, q->r->pool, &v.entries);
    return e ? naering_fail(q, e) : naering_send_view(q, &v);
}

static const char *naering_asset_type(const char *name)
{
    static const char *const types[][2] = {
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
    };
    const char *dot = strrchr(name, '.');
    size_t i;

    for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

int naering_asset(naering_req *q, const char *name)
{
    const naering_templates *t = naering_cfg_templates(q->cfg);
    int rc;

    if (!t)
        return naering_error_page(q, HTTP_NOT_FOUND);
    rc = naering_http_send_file(q->r, apr_pstrcat(q->r->pool, t->dir, "/"
                                NAERING_SEG_ASSETS "/", name, NULL),
                                naering_asset_type(name), NULL);
    return rc == HTTP_NOT_FOUND ? naering_error_page(q, rc) : rc;
}

/* For a load balancer: plain text, never cached, 503 when the site could
 * not take an editor's save.  It takes no write lock: a health check must
 * not queue behind a save. */
int naering_health(naering_req *q)
{
    request_rec *r = q->r;
    const char *why;
    int writable;
    naering_err *e = naering_store_health(q->db, r->pool, &writable, &why);

    naering_http_headers(r, 0);
    if (e)
        return naering_fail(q, e);
    r->status = writable ? HTTP_OK : HTTP_SERVICE_UNAVAILABLE;
    if (!writable)
        naering_log(r, APLOG_ERR, "health: the database cannot be written: "
                    "%s", why);
    return naering_http_send(r, "text/plain; charset=utf-8",
                             writable ? "ok\n" : "not writable\n",
                             writable ? 3 : 13);
}
