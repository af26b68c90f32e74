/*
 * naering-admin image IN OUTDIR: the image helper.  The module never
 * decodes an uploaded image in an Apache child: it runs this command
 * (httpd/helpers.c), which limits itself before it reads a byte, lets
 * libvips open only JPEG, PNG, WebP and HEIF/AVIF, and writes the
 * variants the site serves into OUTDIR:
 *
 *   widths 480, 960 and 1600 px where the image is wider, and the image's
 *   own width when it is 1600 px or less (never upscaled);
 *   each as WebP, and in the original's format (JPEG for JPEG and HEIF,
 *   PNG for PNG; a WebP has WebP only);
 *   upright (EXIF orientation applied), sRGB, 8 bits, and without any
 *   metadata: no EXIF, no GPS, no XMP, no ICC profile, no comments.
 *
 * What it found goes to stdout, one line each, for the module to read:
 *
 *   image WIDTH HEIGHT MIME           the original, upright
 *   variant WIDTH HEIGHT MIME FILE    FILE in OUTDIR
 *   refused KEY                       type | too-large | broken
 *
 * Exit status: 0 done, 1 refused (a line says why, stderr says more),
 * 2 usage or a failure of our own (input unreadable, OUTDIR not
 * writable, a variant that could not be written).  A crash, a limit or a hang is the
 * caller's to notice: it sees no complete answer.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <vips/vips.h>
#include <webp/mux.h>
#include "admin/admin.h"

/* The helpers' own limits (this one's and extract.c's), set before the
 * input is opened.  CPU: a 12
 * megapixel JPEG needs well under a second per variant.  Address space:
 * the largest image allowed, decoded, is 40 MP x 4 bands x 2 bytes
 * (320 MB), and libvips streams rather than holding it; 1 GiB leaves
 * room for the libraries.  Files: the variants of 40 MP are far below
 * 256 MiB. */
#define NAERING_IMG_CPU_SECONDS 30
#define NAERING_IMG_MEMORY (1024L * 1024 * 1024)
#define NAERING_IMG_FILE_BYTES (256L * 1024 * 1024)
/* Larger images are refused by their header alone, before decoding: a
 * camera's 24 MP fits, a 50,000 x 50,000 bomb does not. */
#define NAERING_IMG_MAX_PIXELS 40000000.0
#define NAERING_IMG_MAX_SIDE 20000

static const int naering_img_widths[] = { 480, 960, 1600 };
/* Why a variant was not made. */
#define NAERING_IMG_BROKEN 1
#define NAERING_IMG_OURS 2
#define NAERING_IMG_NWIDTHS 3

typedef struct {
    const char *mime;      /* the original's type */
    const char *fallback;  /* the second format's saver suffix, or NULL */
    const char *fallback_mime;
} naering_img_kind;

static int naering_img_limit(int resource, rlim_t n)
{
    struct rlimit rl = { n, n };
    return setrlimit(resource, &rl);
}

/* AddressSanitizer reserves terabytes of address space for its shadow,
 * which no address-space limit allows: a sanitizer build (scripts/test's
 * second pass) runs without the memory limit, under every other one. */
#if defined(__SANITIZE_ADDRESS__)
#define NAERING_IMG_LIMIT_MEMORY 0
#else
#define NAERING_IMG_LIMIT_MEMORY 1
#endif

int naering_admin_helper_limits(void)
{
    /* The hard CPU limit a second above the soft one: SIGXCPU first,
     * SIGKILL if that is ignored. */
    struct rlimit cpu = { NAERING_IMG_CPU_SECONDS,
                          NAERING_IMG_CPU_SECONDS + 1 };

    return setrlimit(RLIMIT_CPU, &cpu)
        || (NAERING_IMG_LIMIT_MEMORY
            && naering_img_limit(RLIMIT_AS, NAERING_IMG_MEMORY))
        || naering_img_limit(RLIMIT_FSIZE, NAERING_IMG_FILE_BYTES)
        || naering_img_limit(RLIMIT_CORE, 0);
}

static int naering_img_refuse(const char *key, const char *why)
{
    printf("refused %s\n", key);
    fprintf(stderr, "naering-admin image: %s\n", why);
    return 1;
}

/* The kind from the first bytes; the name does not count here (the
 * module has checked it against the bytes already). */
static int naering_img_sniff(const char *path, naering_img_kind *k)
{
    unsigned char h[16];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(h, 1, sizeof(h), f) : 0;

    if (f)
        fclose(f);
    memset(k, 0, sizeof(*k));
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        *k = (naering_img_kind){ "image/jpeg", ".jpg", "image/jpeg" };
    else if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
        *k = (naering_img_kind){ "image/png", ".png", "image/png" };
    else if (n >= 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WEBP", 4))
        *k = (naering_img_kind){ "image/webp", NULL, NULL };
    else if (n >= 12 && !memcmp(h + 4, "ftyp", 4)
             && (!memcmp(h + 8, "heic", 4) || !memcmp(h + 8, "heix", 4)
                 || !memcmp(h + 8, "mif1", 4) || !memcmp(h + 8, "avif", 4)))
        *k = (naering_img_kind){ !memcmp(h + 8, "avif", 4) ? "image/avif"
                                 : "image/heic", ".jpg", "image/jpeg" };
    return k->mime != NULL;
}

/* Only the loaders of the allowed types may run, whatever the bytes
 * claim to be further in. */
static void naering_img_block(void)
{
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadHeif", FALSE);
}

/* The upright size from the header, without decoding the pixels. */
static int naering_img_header(const char *path, int *w, int *h)
{
    VipsImage *im = vips_image_new_from_file(path, NULL);
    int o;

    if (!im)
        return -1;
    *w = vips_image_get_width(im);
    *h = vips_image_get_height(im);
    o = vips_image_get_orientation(im);
    if (o >= 5 && o <= 8) {      /* quarter turns swap the sides */
        int t = *w;
        *w = *h;
        *h = t;
    }
    g_object_unref(im);
    return 0;
}

static void *naering_img_field(VipsImage *im, const char *name, GValue *v,
                               void *names)
{
    g_ptr_array_add(names, g_strdup(name));
    return NULL;
}

/* A copy with no metadata at all.  The savers' own "strip" is not
 * enough: libvips 8.14's WebP saver writes EXIF (GPS included) anyway.
 * Removing a built-in field (width, bands, ...) is a no-op, so every
 * name can be tried. */
static VipsImage *naering_img_bare(VipsImage *in)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    VipsImage *c = NULL;
    guint i;

    if (!vips_copy(in, &c, NULL)) {
        vips_image_map(c, naering_img_field, names);
        for (i = 0; i < names->len; i++)
            vips_image_remove(c, g_ptr_array_index(names, i));
    }
    g_ptr_array_unref(names);
    return c;
}

/* WebP through libwebpmux: libvips 8.14's WebP saver ignores "strip"
 * and writes a small EXIF block of its own (resolution, orientation)
 * even for a bare image, so the container's metadata chunks are
 * dropped here. */
static int naering_img_webp(VipsImage *im, const char *out)
{
    void *buf = NULL;
    size_t len = 0;
    WebPData in, bare = { NULL, 0 };
    WebPMux *mux;
    int rc = -1;

    if (vips_webpsave_buffer(im, &buf, &len, "Q", 80, "strip", TRUE, NULL))
        return -1;
    in.bytes = buf;
    in.size = len;
    if ((mux = WebPMuxCreate(&in, 0))) {
        WebPMuxDeleteChunk(mux, "EXIF");
        WebPMuxDeleteChunk(mux, "XMP ");
        WebPMuxDeleteChunk(mux, "ICCP");
        if (WebPMuxAssemble(mux, &bare) == WEBP_MUX_OK)
            rc = g_file_set_contents(out, (const char *)bare.bytes,
                                     bare.size, NULL) ? 0 : -1;
        WebPDataClear(&bare);
        WebPMuxDelete(mux);
    }
    g_free(buf);
    if (rc)
        vips_error("naering-admin", "%s: WebP could not be written", out);
    return rc;
}

/* The image at width (down only), upright, sRGB 8 bits, without
 * metadata, in memory; NULL when it cannot be decoded.  A truncated file is refused,
 * not padded with grey: thumbnail's own fail_on decides that (an option
 * in the file name is overridden by it). */
static VipsImage *naering_img_scaled(const char *in, int width)
{
    VipsImage *t = NULL, *c = NULL, *u = NULL;

    if (vips_thumbnail(in, &t, width, "height", VIPS_MAX_COORD,
                       "size", VIPS_SIZE_DOWN,
                       "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL))
        return NULL;
    if (vips_image_get_format(t) == VIPS_FORMAT_UCHAR)
        u = naering_img_bare(t);
    else if (!vips_colourspace(t, &c, VIPS_INTERPRETATION_sRGB, NULL)) {
        u = naering_img_bare(c);
        g_object_unref(c);
    }
    g_object_unref(t);
    /* libvips is lazy: decode now (a variant is at most 1600 px wide),
     * so a broken file shows here, and a failed save is ours alone. */
    if (u) {
        VipsImage *m = vips_image_copy_memory(u);
        g_object_unref(u);
        u = m;
    }
    return u;
}

static int naering_img_save(VipsImage *u, const char *out,
                            const char *suffix)
{
    if (strcmp(suffix, ".webp") == 0)
        return naering_img_webp(u, out);
    if (strcmp(suffix, ".jpg") == 0)
        return vips_jpegsave(u, out, "Q", 82, "strip", TRUE,
                             "optimize_coding", TRUE, "interlace", TRUE,
                             NULL);
    return vips_pngsave(u, out, "strip", TRUE, "compression", 6, NULL);
}

/* One variant: 0 made, NAERING_IMG_BROKEN when the image cannot be
 * decoded, NAERING_IMG_OURS when it cannot be written. */
static int naering_img_variant(const char *in, const char *outdir, int width,
                               const char *suffix, const char *mime)
{
    VipsImage *u = naering_img_scaled(in, width);
    char *out = g_strdup_printf("%s/%d%s", outdir, width, suffix);
    int rc = !u ? NAERING_IMG_BROKEN
             : naering_img_save(u, out, suffix) ? NAERING_IMG_OURS : 0;

    if (!rc)
        printf("variant %d %d %s %d%s\n", vips_image_get_width(u),
               vips_image_get_height(u), mime, width, suffix);
    if (u)
        g_object_unref(u);
    g_free(out);
    return rc;
}

/* Every variant of one width. */
static int naering_img_width(const char *in, const char *outdir, int width,
                             const naering_img_kind *k)
{
    int rc = naering_img_variant(in, outdir, width, ".webp", "image/webp");

    if (rc || !k->fallback)
        return rc;
    return naering_img_variant(in, outdir, width, k->fallback,
                               k->fallback_mime);
}

static int naering_img_variants(const char *in, const char *outdir, int w,
                                const naering_img_kind *k)
{
    int i, rc, top = w < 1600 ? w : 1600;

    for (i = 0; i < NAERING_IMG_NWIDTHS; i++)
        if (naering_img_widths[i] < top
            && (rc = naering_img_width(in, outdir, naering_img_widths[i], k)))
            return rc;
    return naering_img_width(in, outdir, top, k);
}

static int naering_img_run(const char *in, const char *outdir)
{
    naering_img_kind k;
    int w, h, rc;

    if (access(in, R_OK) || access(outdir, W_OK)) {
        perror("naering-admin image");
        return 2;
    }
    if (!naering_img_sniff(in, &k))
        return naering_img_refuse("type", "not a JPEG, PNG, WebP, HEIF or "
                                  "AVIF image");
    if (naering_img_header(in, &w, &h))
        return naering_img_refuse("broken", vips_error_buffer());
    if (w < 1 || h < 1 || w > NAERING_IMG_MAX_SIDE || h > NAERING_IMG_MAX_SIDE
        || (double)w * h > NAERING_IMG_MAX_PIXELS)
        return naering_img_refuse("too-large", "over 40 megapixels or "
                                  "20,000 pixels on a side");
    printf("image %d %d %s\n", w, h, k.mime);
    rc = naering_img_variants(in, outdir, w, &k);
    if (rc == NAERING_IMG_BROKEN)
        return naering_img_refuse("broken", vips_error_buffer());
    if (rc)
        fprintf(stderr, "naering-admin image: %s\n", vips_error_buffer());
    return rc ? 2 : 0;
}

int naering_admin_image(const char *in, const char *outdir)
{
    int rc;

    if (naering_admin_helper_limits()) {
        perror("naering-admin image: setrlimit");
        return 2;
    }
    /* One worker thread: the limits are per process, and a helper per
     * upload needs no parallelism of its own. */
    g_setenv("VIPS_CONCURRENCY", "1", TRUE);
    if (VIPS_INIT("naering-admin")) {
        fprintf(stderr, "naering-admin image: %s\n", vips_error_buffer());
        return 2;
    }
    vips_cache_set_max(0);
    naering_img_block();
    rc = naering_img_run(in, outdir);
    fflush(stdout);
    vips_shutdown();
    return rc;
}
