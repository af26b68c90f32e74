/*
 * Uploaded files through the helpers.  Decoding an image or reading a
 * PDF or a zipped office file is the riskiest thing the site does with a
 * stranger's bytes (decoders crash, bombs eat memory, a crafted file can
 * spin), so no Apache child does it: the child runs "naering-admin image
 * ORIGINAL DIR" or "naering-admin extract FILE MIME" as a process of its
 * own (core/helper.c), which limits its own CPU, memory and file size
 * before it reads a byte (admin/image.c, admin/extract.c) and is killed
 * after NaeringImageTimeout seconds of wall-clock time.  A crash, a limit
 * or a hang costs an image its upload (a refusal, "failed"), a document
 * its text (it is stored and served all the same), a log line each, and
 * nothing else.
 */
#include <string.h>
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

void naering_doc_text_read(request_rec *r, const naering_dir_cfg *cfg,
                           const char *file, const char *mime,
                           naering_doc_text *out)
{
    naering_err *e = naering_helper_text(r->pool,
                                         naering_cfg_image_helper(cfg), file,
                                         mime, cfg->site->files,
                                         naering_cfg_image_seconds(cfg), out);

    if (e) {
        /* No text is no reason to refuse a document: it is served all
         * the same, and naering-admin reindex reads it again. */
        naering_log_err(r, e);
        out->state = NAERING_TEXT_FAILED;
        out->text = "";
    }
    else if (out->failed)
        naering_log(r, APLOG_WARNING, "text of %s: the helper %s; %s", file,
                    out->failed, out->said);
    else if (!strcmp(out->state, NAERING_TEXT_FAILED))
        naering_log(r, APLOG_INFO, "text of %s: not readable: %s", file,
                    out->said);
}
