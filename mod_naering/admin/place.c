/*
 * naering-admin place-image DB PAGE FILE ALT [CAPTION]: an image file
 * into the site's library and onto the end of a page's text, as an editor
 * would place it (the demo's pictures come in this way).  The file goes
 * through the same image helper as an upload, run as a process of its own
 * with its limits: naering-admin itself never decodes it.  The page's
 * text points at <base>/bilder/<id>; a site mounted below the server's
 * root gives its mount point in NAERING_BASE ("/site").
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <apr_strings.h>
#include "admin/admin.h"

/* The helper needs no more for a file the admin chose than for an
 * upload; a slow disk gets twice the module's minute. */
#define NAERING_PLACE_SECONDS 120

static const char *naering_place_base(void)
{
    const char *b = getenv("NAERING_BASE");
    return b && b[0] == '/' ? b : "";
}

/* The original into the site's files, through the helper, into the
 * library: the new image's id in *id. */
static naering_err *naering_place_add(apr_pool_t *p, naering_db *db,
                                      const char *database, int fd,
                                      const char *path, const char *alt,
                                      naering_image *im)
{
    const char *files = naering_files_default_dir(p, database), *failed;
    const char *said, *why, *self = naering_admin_self(p);
    unsigned char head[512];
    ssize_t n = pread(fd, head, sizeof(head), 0);
    naering_helper_answer a;
    naering_new_image img;
    naering_err *e;

    memset(&img, 0, sizeof(img));
    /* It keeps the base name alone, as for a browser's full path. */
    img.name = naering_filename_clean(p, path);
    img.mime = img.name ? naering_sniff_image(p, head, n > 0 ? n : 0,
                                              img.name, &why) : NULL;
    if (!img.mime || !self)
        return naering_err_make(p, 415, "%s: not a JPEG, PNG, WebP, HEIF or "
                                "AVIF image with a name to match", path);
    if ((e = naering_files_put_fd(p, files, fd, &img.sha256, &img.size))
        || (e = naering_helper_run(p, self, naering_files_path(p, files,
                                   img.sha256), files, NAERING_PLACE_SECONDS,
                                   &a, &failed, &said)))
        return e;
    if (a.refused)
        return naering_err_make(p, 422, "%s: refused (%s): %s", path,
                                failed ? failed : a.refused, said);
    img.alt = alt;
    img.width = a.width;
    img.height = a.height;
    img.variants = a.variants;
    im->name = img.name;
    return naering_store_image_add(db, p, &img, "naering", &im->id);
}

naering_err *naering_admin_place(apr_pool_t *p, naering_db *db,
                                 const char *database, int fd, int argc,
                                 const char *const *argv)
{
    naering_image_fields f = { argv[5], argc > 6 ? argv[6] : "", 0 };
    naering_image im;
    naering_page pg;
    naering_err *e;
    int found = 0;

    memset(&im, 0, sizeof(im));
    if (!*f.alt)
        return naering_err_make(p, 400, "an image needs its alt text");
    if ((e = naering_store_page(db, p, argv[3], &pg, &found)))
        return e;
    if (!found)
        return naering_err_make(p, 404, "%s: no page at %s", database,
                                argv[3]);
    if ((e = naering_place_add(p, db, database, fd, argv[4], f.alt, &im)))
        return e;
    return naering_store_image_place(db, p, &pg, apr_pstrcat(p,
                                     naering_place_base(), "/bilder", NULL),
                                     &im, &f, "naering", NULL);
}
