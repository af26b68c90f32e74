/*
 * The store's images: the site's library (add, replace with a new
 * version, trash, untrash), the variants of each version, placing one on
 * a page, where each is used (page_image, which db.c keeps from the
 * pages' current text with the search index), and what views
 * read: the images a text shows with their variants, one variant by its
 * content address, the library list.  The bytes are in files.c, committed before
 * these rows; the variants came from the image helper.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "store/internal.h"

static const char SQL_IMAGE_INSERT[] =
    "INSERT INTO image (name, alt, created_at, author)"
    " VALUES (:name, :alt, CAST(strftime('%s', 'now') AS INTEGER), :author)";

static const char SQL_VERSION_INSERT[] =
    "INSERT INTO image_version (image_id, sha256, size, mime, width, height,"
    "  created_at, author)"
    " VALUES (:image, :sha256, :size, :mime, :width, :height,"
    "  CAST(strftime('%s', 'now') AS INTEGER), :author)";

static const char SQL_VARIANT_INSERT[] =
    "INSERT INTO image_variant (version_id, width, height, mime, sha256, size)"
    " VALUES (:version, :width, :height, :mime, :sha256, :size)";

static const char SQL_IMAGE_POINT[] =
    "UPDATE image SET version_id = :version,"
    "  alt = CASE WHEN :alt != '' THEN :alt ELSE alt END WHERE id = :image";

static const char SQL_EVENT[] =
    "INSERT INTO image_event (image_id, created_at, author, action, detail)"
    " VALUES (:image, CAST(strftime('%s', 'now') AS INTEGER), :author,"
    "  :action, :detail)";

/* One image with its current version; trashed ones too (editors). */
static const char SQL_IMAGE[] =
    "SELECT i.id, i.name, i.alt, v.id, v.width, v.height, v.mime, v.sha256,"
    "       v.size, v.created_at, v.author, i.deleted_at IS NOT NULL,"
    "       (SELECT count(*) FROM page_image u JOIN page p ON p.id = u.page_id"
    "         WHERE u.image_id = i.id AND p.deleted_at IS NULL)"
    "  FROM image i JOIN image_version v ON v.id = i.version_id"
    " WHERE i.id = :image";

/* The library: live images, newest first, by words of name or alt. */
static const char SQL_LIBRARY[] =
    "SELECT i.id, i.name, i.alt, v.id, v.width, v.height, v.mime, v.sha256,"
    "       v.size, v.created_at, v.author, 0,"
    "       (SELECT count(*) FROM page_image u JOIN page p ON p.id = u.page_id"
    "         WHERE u.image_id = i.id AND p.deleted_at IS NULL)"
    "  FROM image i JOIN image_version v ON v.id = i.version_id"
    " WHERE i.deleted_at IS NULL AND (:match = ''"
    "   OR instr(lower(i.name), lower(:match)) OR instr(lower(i.alt),"
    "      lower(:match)))"
    " ORDER BY v.created_at DESC, i.id DESC LIMIT :limit";

/* The live images a page's current text shows, as every save records
 * them (page_image): what a page view needs, without reading the text. */
static const char SQL_PAGE_IMAGES[] =
    "SELECT i.id, i.name, i.alt, v.id, v.width, v.height, v.mime, v.sha256,"
    "       v.size, v.created_at, v.author, 0, 0"
    "  FROM page_image u JOIN image i ON i.id = u.image_id"
    "  JOIN image_version v ON v.id = i.version_id"
    " WHERE u.page_id = :page AND i.deleted_at IS NULL ORDER BY i.id";

static const char SQL_VARIANTS[] =
    "SELECT width, height, mime, sha256, size FROM image_variant"
    " WHERE version_id = :version ORDER BY mime, width";

/* A variant of a live image's current version, by its content address:
 * a replaced or trashed image's old variants are gone from the site. */
static const char SQL_VARIANT[] =
    "SELECT x.width, x.height, x.mime, x.sha256, x.size"
    "  FROM image i JOIN image_variant x ON x.version_id = i.version_id"
    " WHERE i.id = :image AND x.sha256 = :sha256 AND i.deleted_at IS NULL";

/* The live pages that show an image. */
static const char SQL_USES[] =
    "SELECT p.id, p.path, r.title, r.summary, r.author, r.created_at"
    "  FROM page_image u JOIN page p ON p.id = u.page_id"
    "  JOIN revision r ON r.id = p.revision_id"
    " WHERE u.image_id = :image AND p.deleted_at IS NULL ORDER BY p.path";

static const char SQL_EVENTS[] =
    "SELECT e.id, e.created_at, e.author, e.action, e.detail, i.name"
    "  FROM image_event e JOIN image i ON i.id = e.image_id"
    " WHERE e.image_id = :image ORDER BY e.id DESC LIMIT 200";

/* What happened to the images a page's text shows: its history. */
static const char SQL_PAGE_EVENTS[] =
    "SELECT e.id, e.created_at, e.author, e.action, e.detail, i.name"
    "  FROM page_image u JOIN image_event e ON e.image_id = u.image_id"
    "  JOIN image i ON i.id = e.image_id"
    " WHERE u.page_id = :page ORDER BY e.id DESC LIMIT 200";

static const char SQL_TRASH[] =
    "UPDATE image SET deleted_at = CASE WHEN :trash"
    "  THEN CAST(strftime('%s', 'now') AS INTEGER) END WHERE id = :image";

/* ---- rows ----------------------------------------------------------------- */

static void naering_image_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_image *im = out;

    im->id = sqlite3_column_int64(st, 0);
    im->name = naering_col(p, st, 1);
    im->alt = naering_col(p, st, 2);
    im->version = sqlite3_column_int64(st, 3);
    im->width = sqlite3_column_int(st, 4);
    im->height = sqlite3_column_int(st, 5);
    im->mime = naering_col(p, st, 6);
    im->sha256 = naering_col(p, st, 7);
    im->size = sqlite3_column_int64(st, 8);
    im->updated = naering_col_time(st, 9);
    im->author = naering_col(p, st, 10);
    im->trashed = sqlite3_column_int(st, 11);
    im->uses = sqlite3_column_int(st, 12);
    im->variants = NULL;
}

static void naering_variant_row(apr_pool_t *p, sqlite3_stmt *st, void *out)
{
    naering_image_variant *v = out;

    v->width = sqlite3_column_int(st, 0);
    v->height = sqlite3_column_int(st, 1);
    v->mime = naering_col(p, st, 2);
    v->sha256 = naering_col(p, st, 3);
    v->size = sqlite3_column_int64(st, 4);
}

static naering_err *naering_variants(naering_db *db, apr_pool_t *p,
                                     naering_image *im)
{
    return naering_rows_for(db, p, SQL_VARIANTS, ":version", im->version,
                            naering_variant_row,
                            sizeof(naering_image_variant), &im->variants,
                            "image variants");
}

static naering_err *naering_all_variants(naering_db *db, apr_pool_t *p,
                                         apr_array_header_t *images)
{
    naering_err *e = NULL;
    int i;

    for (i = 0; !e && i < images->nelts; i++)
        e = naering_variants(db, p, &APR_ARRAY_IDX(images, i, naering_image));
    return e;
}

/* ---- writes --------------------------------------------------------------- */

static naering_err *naering_image_event(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 image,
                                        const char *author,
                                        const char *action,
                                        const char *detail)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_EVENT);

    if (!st || naering_bind_int(st, ":image", image)
        || naering_bind_text(st, ":author", author)
        || naering_bind_text(st, ":action", action)
        || naering_bind_text(st, ":detail", detail ? detail : "")
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "image event");
    return NULL;
}

static naering_err *naering_add_variant(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 version,
                                        const naering_image_variant *v)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_VARIANT_INSERT);

    if (!st || naering_bind_int(st, ":version", version)
        || naering_bind_int(st, ":width", v->width)
        || naering_bind_int(st, ":height", v->height)
        || naering_bind_text(st, ":mime", v->mime)
        || naering_bind_text(st, ":sha256", v->sha256)
        || naering_bind_int(st, ":size", v->size)
        || naering_step_write(db, st) < 0)
        return naering_db_err(db, p, "image variant");
    return NULL;
}

/* A version with its variants, made the image's current one. */
static naering_err *naering_add_image_version(naering_db *db, apr_pool_t *p,
                                              sqlite3_int64 image,
                                              const naering_new_image *n,
                                              const char *author)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_VERSION_INSERT);
    sqlite3_stmt *pt = naering_stmt(db, SQL_IMAGE_POINT);
    sqlite3_int64 version;
    naering_err *e = NULL;
    int i;

    if (!st || !pt || naering_bind_int(st, ":image", image)
        || naering_bind_text(st, ":sha256", n->sha256)
        || naering_bind_int(st, ":size", n->size)
        || naering_bind_text(st, ":mime", n->mime)
        || naering_bind_int(st, ":width", n->width)
        || naering_bind_int(st, ":height", n->height)
        || naering_bind_text(st, ":author", author)
        || (version = naering_step_write(db, st)) < 0)
        return naering_db_err(db, p, "image version");
    for (i = 0; !e && i < n->variants->nelts; i++)
        e = naering_add_variant(db, p, version, &APR_ARRAY_IDX(n->variants, i,
                                naering_image_variant));
    if (!e && (naering_bind_int(pt, ":version", version)
               || naering_bind_text(pt, ":alt", n->alt ? n->alt : "")
               || naering_bind_int(pt, ":image", image)
               || naering_step_write(db, pt) < 0))
        e = naering_db_err(db, p, "image version");
    return e;
}

naering_err *naering_store_image_add(naering_db *db, apr_pool_t *p,
                                     const naering_new_image *n,
                                     const char *author, sqlite3_int64 *id)
{
    sqlite3_stmt *st;
    naering_err *e = naering_begin(db, p);

    *id = 0;
    if (!e && (!(st = naering_stmt(db, SQL_IMAGE_INSERT))
               || naering_bind_text(st, ":name", n->name)
               || naering_bind_text(st, ":alt", n->alt ? n->alt : "")
               || naering_bind_text(st, ":author", author)
               || (*id = naering_step_write(db, st)) < 0))
        e = naering_db_err(db, p, "image insert");
    if (!e)
        e = naering_add_image_version(db, p, *id, n, author);
    if (!e)
        e = naering_image_event(db, p, *id, author, "upload", n->name);
    return naering_finish(db, p, e);
}

/* Asks guard about every live page that shows the image: a change to
 * the image is a change to each of them. */
static naering_err *naering_guard_uses(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 image,
                                       const naering_guard *guard)
{
    apr_array_header_t *uses;
    naering_err *e = naering_rows_for(db, p, SQL_USES, ":image", image,
                                      naering_entry_row,
                                      sizeof(naering_entry), &uses,
                                      "image uses");

    return e ? e : naering_guard_pages(p, guard, uses, NULL, NULL);
}

/* The image as it is now, 404 when there is none. */
static naering_err *naering_image_head(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 image, naering_image *im)
{
    int found = 0;
    naering_err *e = naering_store_image(db, p, image, im, &found);

    if (!e && !found)
        e = naering_err_make(p, 404, "no image %" APR_INT64_T_FMT,
                             (apr_int64_t)image);
    return e;
}

naering_err *naering_store_image_replace(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 image,
                                         const naering_new_image *n,
                                         const char *author,
                                         const naering_guard *guard)
{
    naering_image cur;
    naering_err *e = naering_begin(db, p);

    if (!e)
        e = naering_image_head(db, p, image, &cur);
    if (!e)
        e = naering_guard_uses(db, p, image, guard);
    if (!e)
        e = naering_add_image_version(db, p, image, n, author);
    if (!e)
        e = naering_image_event(db, p, image, author, "replace", n->name);
    return naering_finish(db, p, e);
}

naering_err *naering_store_image_trash(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 image, int trash,
                                       const char *author,
                                       const naering_guard *guard)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_TRASH);
    naering_image cur;
    naering_err *e = naering_begin(db, p);

    if (!e)
        e = naering_image_head(db, p, image, &cur);
    if (!e)
        e = naering_guard_uses(db, p, image, guard);
    if (!e && (!st || naering_bind_int(st, ":trash", trash)
               || naering_bind_int(st, ":image", image)
               || naering_step_write(db, st) < 0))
        e = naering_db_err(db, p, "image trash");
    if (!e)
        e = naering_image_event(db, p, image, author,
                                trash ? "trash" : "untrash", cur.name);
    return naering_finish(db, p, e);
}

naering_err *naering_store_image_place(naering_db *db, apr_pool_t *p,
                                       const naering_page *pg,
                                       const char *images,
                                       const naering_image *im,
                                       const naering_image_fields *f,
                                       const char *author,
                                       const char *author_name)
{
    naering_page_fields *pf = naering_store_fields_of(p, pg);
    const char *src = apr_psprintf(p, "%s/%" APR_INT64_T_FMT, images,
                                   (apr_int64_t)im->id);
    const char *html = apr_pstrcat(p, pg->body,
                                   naering_figure_html(p, src, f), NULL);
    sqlite3_int64 rev = 0;
    naering_err *e = naering_sanitize_site(p, html, strlen(html), images,
                                           &pf->body);

    if (e)
        return e;
    pf->menu = NAERING_MENU_KEEP;
    pf->author_name = author_name;
    pf->comment = apr_pstrcat(p, "Bilde satt inn: ", im->name, NULL);
    return naering_store_save(db, p, pg->id, pg->revision, pf, author, &rev);
}

/* ---- reads ---------------------------------------------------------------- */

naering_err *naering_store_image(naering_db *db, apr_pool_t *p,
                                 sqlite3_int64 image, naering_image *out,
                                 int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_IMAGE);
    naering_err *e;

    *found = 0;
    if (!st || naering_bind_int(st, ":image", image))
        return naering_db_err(db, p, "image");
    e = naering_one_row(db, p, st, naering_image_row, out, found, "image");
    return e || !*found ? e : naering_variants(db, p, out);
}

naering_err *naering_store_images(naering_db *db, apr_pool_t *p,
                                  const char *match, int limit,
                                  apr_array_header_t **out)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_LIBRARY);
    naering_err *e;

    *out = apr_array_make(p, 0, sizeof(naering_image));
    if (!st || naering_bind_text(st, ":match", match ? match : "")
        || naering_bind_int(st, ":limit", limit))
        return naering_db_err(db, p, "image library");
    e = naering_all_rows(db, p, st, naering_image_row, sizeof(naering_image),
                         out, "image library");
    return e ? e : naering_all_variants(db, p, *out);
}

naering_err *naering_store_page_images(naering_db *db, apr_pool_t *p,
                                       sqlite3_int64 page,
                                       apr_array_header_t **out)
{
    naering_err *e = naering_rows_for(db, p, SQL_PAGE_IMAGES, ":page", page,
                                      naering_image_row,
                                      sizeof(naering_image), out,
                                      "page images");

    return e ? e : naering_all_variants(db, p, *out);
}

naering_err *naering_store_images_in(naering_db *db, apr_pool_t *p,
                                    const char *xhtml,
                                    apr_array_header_t **out)
{
    apr_array_header_t *found;
    apr_hash_t *seen = apr_hash_make(p);
    naering_err *e = NULL;
    int i, ok;

    *out = apr_array_make(p, 0, sizeof(naering_image));
    if (!xhtml || !strstr(xhtml, "<img"))
        return NULL;
    found = naering_xhtml_images(p, xhtml);
    for (i = 0; !e && i < found->nelts; i++) {
        const char *key = apr_psprintf(p, "%" APR_INT64_T_FMT,
                                       APR_ARRAY_IDX(found, i,
                                                     naering_body_image).id);
        naering_image im;
        if (apr_hash_get(seen, key, APR_HASH_KEY_STRING))
            continue;
        apr_hash_set(seen, key, APR_HASH_KEY_STRING, "");
        e = naering_store_image(db, p, APR_ARRAY_IDX(found, i,
                                naering_body_image).id, &im, &ok);
        if (!e && ok && !im.trashed)
            *(naering_image *)apr_array_push(*out) = im;
    }
    return e;
}

naering_err *naering_store_image_variant(naering_db *db, apr_pool_t *p,
                                         sqlite3_int64 image,
                                         const char *sha256,
                                         naering_image_variant *out,
                                         int *found)
{
    sqlite3_stmt *st = naering_stmt(db, SQL_VARIANT);

    *found = 0;
    if (!st || naering_bind_int(st, ":image", image)
        || naering_bind_text(st, ":sha256", sha256))
        return naering_db_err(db, p, "image variant");
    return naering_one_row(db, p, st, naering_variant_row, out, found,
                           "image variant");
}

naering_err *naering_store_image_uses(naering_db *db, apr_pool_t *p,
                                      sqlite3_int64 image,
                                      apr_array_header_t **pages)
{
    return naering_rows_for(db, p, SQL_USES, ":image", image,
                            naering_entry_row, sizeof(naering_entry), pages,
                            "image uses");
}

naering_err *naering_store_image_events(naering_db *db, apr_pool_t *p,
                                        sqlite3_int64 image,
                                        apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_EVENTS, ":image", image,
                            naering_event_row, sizeof(naering_doc_event), out,
                            "image events");
}

naering_err *naering_store_page_image_events(naering_db *db, apr_pool_t *p,
                                             sqlite3_int64 page,
                                             apr_array_header_t **out)
{
    return naering_rows_for(db, p, SQL_PAGE_EVENTS, ":page", page,
                            naering_event_row, sizeof(naering_doc_event), out,
                            "page image events");
}
