/*
 * An uploaded image through the image helper.  Decoding an image is the
 * riskiest thing the site does with a stranger's bytes (decoders crash,
 * bombs eat memory, a crafted file can spin), so no Apache child does
 * it: the child runs "naering-admin image ORIGINAL DIR" as a process of
 * its own (core/helper.c), which limits its own CPU, memory and file
 * size before it reads a byte (admin/image.c) and is killed after
 * NaeringImageTimeout seconds of wall-clock time.  A crash, a limit or a
 * hang costs this upload a refusal ("failed"), a log line, and nothing
 * else.
 */
#include "httpd/server.h"

naering_err *naering_image_make(request_rec *r, const naering_dir_cfg *cfg,
                                const char *original, naering_new_image *out,
                                const char **refused)
{
    const char *helper = naering_cfg_image_helper(cfg), *failed, *said;
    naering_helper_answer a;
    naering_err *e = naering_helper_run(r->pool, helper, original,
                                        cfg->site->files,
                                        naering_cfg_image_seconds(cfg), &a,
                                        &failed, &said);

    *refused = NULL;
    if (e)
        return e;
    if (failed)
        naering_log(r, APLOG_WARNING, "image helper %s: %s; %s", helper,
                    failed, said);
    else if (a.refused)
        naering_log(r, APLOG_INFO, "image refused (%s): %s", a.refused, said);
    if ((*refused = a.refused))
        return NULL;
    out->width = a.width;
    out->height = a.height;
    out->variants = a.variants;
    return NULL;
}
