/*
 * The image helper's answer (admin/image.c writes it): an "image" line,
 * "variant" lines, or a "refused" line.  Read strictly, since the module
 * and naering-admin both act on it: a variant's file must be a plain name
 * in the helper's own folder, its type one the site serves, its size
 * within what the helper may make.
 *
 * naering_helper_run starts the helper as a process of its own with
 * stdout a pipe and stderr a file, in a fresh folder inside the site's
 * files folder (same file system, same owner), reads its answer until it
 * closes stdout or its time is up (then it is killed), waits for it, and
 * puts the variants it listed in place under their SHA-256 as the
 * documents' bytes are.  The folder goes with the pool.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_thread_proc.h>
#include "core/core.h"

#define NAERING_HELPER_MAX_SIDE 20000
#define NAERING_HELPER_ANSWER_MAX 8192
/* extract.c writes at most 4 MB of text. */
#define NAERING_HELPER_TEXT_MAX (4 * 1024 * 1024 + 1024)

static int naering_helper_side(int n)
{
    return n >= 1 && n <= NAERING_HELPER_MAX_SIDE;
}

static int naering_helper_mime(const char *m)
{
    return !strcmp(m, "image/webp") || !strcmp(m, "image/jpeg")
        || !strcmp(m, "image/png");
}

static int naering_helper_file(const char *f)
{
    return *f && f[0] != '.' && !strchr(f, '/') && strlen(f) < 64;
}

/* "W H MIME FILE" */
static int naering_helper_variant(apr_pool_t *p, const char *line,
                                  naering_helper_answer *a)
{
    char mime[32], file[64];
    naering_image_variant *v;
    int w, h, end = 0;

    if (sscanf(line, "%d %d %31s %63s%n", &w, &h, mime, file, &end) != 4
        || line[end] || !naering_helper_side(w) || !naering_helper_side(h)
        || !naering_helper_mime(mime) || !naering_helper_file(file))
        return 0;
    v = apr_array_push(a->variants);
    memset(v, 0, sizeof(*v));
    v->width = w;
    v->height = h;
    v->mime = apr_pstrdup(p, mime);
    v->file = apr_pstrdup(p, file);
    return 1;
}

/* "W H MIME" */
static int naering_helper_image(apr_pool_t *p, const char *line,
                                naering_helper_answer *a)
{
    char mime[32];
    int end = 0;

    if (sscanf(line, "%d %d %31s%n", &a->width, &a->height, mime, &end) != 3
        || line[end] || !naering_helper_side(a->width)
        || !naering_helper_side(a->height))
        return 0;
    a->mime = apr_pstrdup(p, mime);
    return 1;
}

static int naering_helper_line(apr_pool_t *p, const char *line,
                               naering_helper_answer *a)
{
    if (strncmp(line, "image ", 6) == 0)
        return naering_helper_image(p, line + 6, a);
    if (strncmp(line, "variant ", 8) == 0)
        return naering_helper_variant(p, line + 8, a);
    if (strncmp(line, "refused ", 8) == 0) {
        a->refused = apr_pstrdup(p, line + 8);
        return naering_slug_valid(a->refused);
    }
    return 0;
}

naering_err *naering_helper_read(apr_pool_t *p, const char *text,
                                 naering_helper_answer *out)
{
    char *copy = apr_pstrdup(p, text), *state, *line;

    memset(out, 0, sizeof(*out));
    out->variants = apr_array_make(p, 8, sizeof(naering_image_variant));
    for (line = apr_strtok(copy, "\n", &state); line;
         line = apr_strtok(NULL, "\n", &state))
        if (!naering_helper_line(p, line, out))
            return naering_err_make(p, 500, "image helper: a line that "
                                    "makes no sense: %.80s",
                                    naering_xml_chars(p, line));
    if (!out->refused && (!out->mime || out->variants->nelts == 0))
        return naering_err_make(p, 500, "image helper: no image and no "
                                "refusal in its answer");
    return NULL;
}

naering_err *naering_helper_commit(apr_pool_t *p, const char *files,
                                   const char *dir,
                                   naering_helper_answer *a)
{
    naering_err *e = NULL;
    int i;

    for (i = 0; !e && i < a->variants->nelts; i++) {
        naering_image_variant *v = &APR_ARRAY_IDX(a->variants, i,
                                                  naering_image_variant);
        e = naering_files_put(p, files, apr_pstrcat(p, dir, "/", v->file,
                                                    NULL), &v->sha256,
                              &v->size);
    }
    return e;
}

/* ---- running it ------------------------------------------------------------ */

typedef struct {
    apr_pool_t *p;
    const char *dir;
} naering_helper_tmp;

/* The helper's folder, whatever it left in it.  (A process killed before
 * this runs leaves a .tmp-bilde-* folder, for images and documents
 * alike: naering-admin check --fix removes it.) */
static apr_status_t naering_helper_cleanup(void *data)
{
    naering_helper_tmp *t = data;

    naering_files_remove_dir(t->p, t->dir);
    return APR_SUCCESS;
}

static naering_err *naering_helper_tmpdir(apr_pool_t *p, const char *files,
                                          naering_helper_tmp **out)
{
    naering_helper_tmp *t = apr_pcalloc(p, sizeof(*t));
    char *tmpl = apr_pstrcat(p, files, "/.tmp-bilde-XXXXXX", NULL);

    if (!mkdtemp(tmpl))
        return naering_err_cause(p, 500, errno, "%s: cannot make a "
                                 "helper's folder", files);
    t->p = p;
    t->dir = tmpl;
    apr_pool_cleanup_register(p, t, naering_helper_cleanup,
                              apr_pool_cleanup_null);
    *out = t;
    return NULL;
}

/* stdout until the helper closes it, the deadline passes or it says too
 * much; *timed_out says which. */
static const char *naering_helper_output(apr_pool_t *p, apr_file_t *out,
                                         int seconds, apr_size_t max,
                                         int *timed_out)
{
    apr_time_t deadline = apr_time_now() + apr_time_from_sec(seconds);
    naering_buf b;
    char chunk[1024];

    naering_buf_init(&b, p, 1024);
    *timed_out = 0;
    while (b.len < max) {
        apr_size_t n = sizeof(chunk);
        apr_interval_time_t left = deadline - apr_time_now();
        apr_status_t rv;

        if (left <= 0) {
            *timed_out = 1;
            break;
        }
        apr_file_pipe_timeout_set(out, left);
        rv = apr_file_read(out, chunk, &n);
        if (n > 0)
            naering_buf_add(&b, chunk, n);
        if (APR_STATUS_IS_TIMEUP(rv) || APR_STATUS_IS_EAGAIN(rv))
            *timed_out = 1;
        if (rv != APR_SUCCESS)
            break;
    }
    return naering_buf_str(&b);
}

/* The helper's environment: its own, not the caller's, but for the
 * sanitizers' options, so that a sanitizer build of the helper reports
 * where the server's own reports go (scripts/test's second pass). */
static const char **naering_helper_env(apr_pool_t *p)
{
    static const char *const pass[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS",
                                        "LSAN_OPTIONS", NULL };
    const char **env = apr_pcalloc(p, 6 * sizeof(*env));
    int i, n = 0;

    env[n++] = "PATH=/usr/bin:/bin";
    env[n++] = "LC_ALL=C";
    for (i = 0; pass[i]; i++)
        if (getenv(pass[i]))
            env[n++] = apr_pstrcat(p, pass[i], "=", getenv(pass[i]), NULL);
    return env;
}

/* Starts args[0] with args, stdout a pipe, stderr a file in dir. */
static naering_err *naering_helper_spawn(apr_pool_t *p,
                                         const char *const *args,
                                         const char *dir, apr_proc_t *proc)
{
    const char **env = naering_helper_env(p);
    apr_procattr_t *attr;
    apr_file_t *err;
    apr_status_t rv;

    if ((rv = apr_file_open(&err, apr_pstrcat(p, dir, "/helper.err", NULL),
                            APR_WRITE | APR_CREATE | APR_TRUNCATE,
                            APR_FPROT_UREAD | APR_FPROT_UWRITE, p))
        || (rv = apr_procattr_create(&attr, p))
        || (rv = apr_procattr_io_set(attr, APR_NO_PIPE, APR_FULL_BLOCK,
                                     APR_NO_PIPE))
        || (rv = apr_procattr_child_err_set(attr, err, NULL))
        || (rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM))
        || (rv = apr_procattr_error_check_set(attr, 1))
        || (rv = apr_proc_create(proc, args[0], args, env, attr, p)))
        return naering_err_cause(p, 500, rv, "the helper %s could not "
                                 "start", args[0]);
    apr_file_close(err);
    return NULL;
}

/* The start of what the helper wrote to stderr, as one line of text. */
static const char *naering_helper_said(apr_pool_t *p, const char *dir)
{
    apr_file_t *f;
    char buf[512];
    apr_size_t n = sizeof(buf) - 1, i;

    if (apr_file_open(&f, apr_pstrcat(p, dir, "/helper.err", NULL), APR_READ,
                      0, p) != APR_SUCCESS)
        return "";
    if (apr_file_read(f, buf, &n) != APR_SUCCESS)
        n = 0;
    apr_file_close(f);
    buf[n] = '\0';
    for (i = 0; i < n; i++)
        if (buf[i] == '\n')
            buf[i] = ' ';
    return naering_xml_chars(p, buf);
}

/* One run of the helper in dir: its stdout in *text, and *failed set
 * when it crashed, hit a limit, hung or exited with anything but 0 or 1
 * (then *code is meaningless). */
static naering_err *naering_helper_exec(apr_pool_t *p,
                                        const char *const *args,
                                        const char *dir, int seconds,
                                        apr_size_t max, const char **text,
                                        int *code, const char **failed)
{
    apr_proc_t proc;
    apr_exit_why_e why;
    naering_err *e;
    int timed_out;

    if ((e = naering_helper_spawn(p, args, dir, &proc)))
        return e;
    *text = naering_helper_output(p, proc.out, seconds, max, &timed_out);
    if (timed_out)
        apr_proc_kill(&proc, SIGKILL);
    apr_file_close(proc.out);
    apr_proc_wait(&proc, code, &why, APR_WAIT);
    if (timed_out || why != APR_PROC_EXIT || (*code != 0 && *code != 1))
        *failed = timed_out ? "killed after its time limit"
                  : why == APR_PROC_EXIT
                  ? apr_psprintf(p, "exited with status %d", *code)
                  : apr_psprintf(p, "killed by signal %d", *code);
    return NULL;
}

naering_err *naering_helper_run(apr_pool_t *p, const char *helper,
                                const char *original, const char *files,
                                int seconds, naering_helper_answer *out,
                                const char **failed, const char **said)
{
    naering_helper_tmp *t = NULL;
    const char *text = "";
    naering_err *e;
    int code = 0;

    memset(out, 0, sizeof(*out));
    *failed = NULL;
    *said = "";
    if ((e = naering_helper_tmpdir(p, files, &t)))
        return e;
    {
        const char *args[] = { helper, "image", original, t->dir, NULL };
        e = naering_helper_exec(p, args, t->dir, seconds,
                                NAERING_HELPER_ANSWER_MAX, &text, &code,
                                failed);
    }
    *said = naering_helper_said(p, t->dir);
    if (!e && *failed)
        out->refused = "failed";
    else if (!e && !(e = naering_helper_read(p, text, out)) && !out->refused)
        e = naering_helper_commit(p, files, t->dir, out);
    /* Gone before the answer is sent, not when the pool goes. */
    apr_pool_cleanup_run(p, t, naering_helper_cleanup);
    return e;
}

/* pdfcheck's keys as one line; a PDF it could not open gets "broken" or,
 * locked with a password, "encrypted-blocks".  The scan without text is
 * known from the text helper. */
static const char *naering_helper_checks(apr_pool_t *p, const char *out,
                                         const naering_doc_text *t)
{
    char *copy = apr_pstrdup(p, out), *state, *line;
    const char *keys = strcmp(t->state, NAERING_TEXT_NONE) ? "" : "no-text";

    for (line = apr_strtok(copy, "\n", &state); line;
         line = apr_strtok(NULL, "\n", &state)) {
        if (!strcmp(line, "refused encrypted"))
            line = "encrypted-blocks";
        else if (!strncmp(line, "refused ", 8))
            line = "broken";
        if (naering_slug_valid(line))
            keys = *keys ? apr_pstrcat(p, keys, " ", line, NULL) : line;
    }
    return keys;
}

static naering_err *naering_helper_pdf(apr_pool_t *p, const char *helper,
                                       const char *file, const char *dir,
                                       int seconds, naering_doc_text *t)
{
    const char *args[] = { helper, "pdfcheck", file, NULL };
    const char *out = "", *failed = NULL;
    int code = 0;
    naering_err *e = naering_helper_exec(p, args, dir, seconds,
                                         NAERING_HELPER_ANSWER_MAX, &out,
                                         &code, &failed);

    t->checks = failed ? "" : naering_helper_checks(p, out, t);
    return e;
}

naering_err *naering_helper_text(apr_pool_t *p, const char *helper,
                                 const char *file, const char *mime,
                                 const char *files, int seconds,
                                 naering_doc_text *out)
{
    naering_helper_tmp *t = NULL;
    const char *text = "";
    naering_err *e;
    int code = 0;

    memset(out, 0, sizeof(*out));
    out->text = "";
    if ((e = naering_helper_tmpdir(p, files, &t)))
        return e;
    {
        const char *args[] = { helper, "extract", file, mime, NULL };
        e = naering_helper_exec(p, args, t->dir, seconds,
                                NAERING_HELPER_TEXT_MAX, &text, &code,
                                &out->failed);
    }
    out->said = naering_helper_said(p, t->dir);
    out->checks = "";
    if (!e && (out->failed || code != 0
               || !naering_utf8_valid(text, strlen(text))))
        out->state = NAERING_TEXT_FAILED;
    else if (!e) {
        out->text = naering_xml_chars(p, text);
        out->state = out->text[strspn(out->text, " \t\r\n")]
                     ? NAERING_TEXT_READ : NAERING_TEXT_NONE;
    }
    if (!e && strcmp(mime, "application/pdf") == 0)
        e = naering_helper_pdf(p, helper, file, t->dir, seconds, out);
    apr_pool_cleanup_run(p, t, naering_helper_cleanup);
    return e;
}
