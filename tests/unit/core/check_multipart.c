/* The multipart/form-data parser: browser shapes, boundaries in and near the
 * data, every chunking, limits and errors. */
#include <string.h>
#include <stdio.h>
#include <apr_strings.h>
#include "tests.h"

/* Until naering.h carries the parser's API (then drop this block). */
Suite *naering_multipart_suite(void);

/* ---- a recording context ----------------------------------------------- */

#define KEEP 512            /* data bytes kept per part for comparisons */

typedef struct {
    const char *name, *filename, *ctype;
    apr_size_t len;
    apr_uint32_t sum;       /* FNV-1a of all the part's bytes */
    int ended;
    char data[KEEP + 1];
} rec_part;

typedef struct {
    apr_array_header_t *parts;  /* rec_part */
    int open;
    int calls;
    apr_size_t max_data;        /* the largest part_data call */
    int fail_begin;             /* part_begin of this part fails (1-based) */
    int fail_data;              /* part_data fails */
    naering_err *failed;
} rec;

static rec *rec_new(void)
{
    rec *r = apr_pcalloc(tp, sizeof(*r));
    r->parts = apr_array_make(tp, 4, sizeof(rec_part));
    return r;
}

static rec_part *part(rec *r, int i)
{
    ck_assert_int_lt(i, r->parts->nelts);
    return &APR_ARRAY_IDX(r->parts, i, rec_part);
}

static naering_err *rec_begin(void *ctx, const char *name,
                              const char *filename, const char *ctype)
{
    rec *r = ctx;
    rec_part *pt;

    ck_assert(!r->open);
    r->calls++;
    if (r->fail_begin == r->parts->nelts + 1)
        return r->failed = naering_err_make(tp, 500, "disk full");
    pt = apr_array_push(r->parts);
    memset(pt, 0, sizeof(*pt));
    pt->name = apr_pstrdup(tp, name);
    pt->filename = filename ? apr_pstrdup(tp, filename) : NULL;
    pt->ctype = ctype ? apr_pstrdup(tp, ctype) : NULL;
    pt->sum = 2166136261u;
    r->open = 1;
    return NULL;
}

static naering_err *rec_data(void *ctx, const char *data, apr_size_t len)
{
    rec *r = ctx;
    rec_part *pt = part(r, r->parts->nelts - 1);
    apr_size_t i;

    ck_assert(r->open);
    ck_assert_uint_gt(len, 0);
    r->calls++;
    if (r->fail_data)
        return r->failed = naering_err_make(tp, 500, "write failed");
    if (len > r->max_data)
        r->max_data = len;
    for (i = 0; i < len; i++) {
        if (pt->len + i < KEEP)
            pt->data[pt->len + i] = data[i];
        pt->sum = (pt->sum ^ (unsigned char)data[i]) * 16777619u;
    }
    pt->len += len;
    return NULL;
}

static naering_err *rec_end(void *ctx)
{
    rec *r = ctx;

    ck_assert(r->open);
    r->calls++;
    part(r, r->parts->nelts - 1)->ended = 1;
    r->open = 0;
    return NULL;
}

static const naering_mp_callbacks rec_cb = { rec_begin, rec_data, rec_end };

/* Feeds body in pieces of chunk bytes (0: all at once), then finishes. */
static naering_err *run_chunked(rec *r, const char *ctype, const char *body,
                                apr_size_t len, apr_size_t chunk)
{
    naering_mp *mp;
    naering_err *e = naering_mp_create(tp, ctype, &rec_cb, r, &mp);
    apr_size_t off, n;

    if (e)
        return e;
    for (off = 0; off < len; off += n) {
        n = chunk && chunk < len - off ? chunk : len - off;
        if ((e = naering_mp_feed(mp, body + off, n)))
            return e;
    }
    return naering_mp_finish(mp);
}

static naering_err *run(rec *r, const char *ctype, const char *body)
{
    return run_chunked(r, ctype, body, strlen(body), 0);
}

static void assert_part(rec *r, int i, const char *name, const char *filename,
                        const char *ctype, const char *data)
{
    rec_part *pt = part(r, i);

    ck_assert_str_eq(pt->name, name);
    ck_assert_pstr_eq(pt->filename, filename);
    ck_assert_pstr_eq(pt->ctype, ctype);
    ck_assert_uint_eq(pt->len, strlen(data));
    ck_assert_uint_lt(pt->len, KEEP);
    ck_assert_mem_eq(pt->data, data, pt->len);
    ck_assert(pt->ended);
}

static void assert_status(naering_err *e, int status, const char *words)
{
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, status);
    ck_assert_msg(strstr(e->msg, words), "\"%s\" lacks \"%s\"", e->msg,
                  words);
}

/* ---- bodies ------------------------------------------------------------ */

#define WK "----WebKitFormBoundaryePkpFF7tjBAqx29L"
#define WK_CT "multipart/form-data; boundary=" WK
#define WK_CD "Content-Disposition: form-data; "
#define WK_PREFIX "----WebKitForm"                      /* WK's start */
#define WK_SHORT "----WebKitFormBoundaryePkpFF7tjBAqx29" /* WK but one */

static const char chromium[] =
    "--" WK "\r\n"
    WK_CD "name=\"tittel\"\r\n\r\n"
    "Strategisk n\xc3\xa6ringsplan\r\n"
    "--" WK "\r\n"
    WK_CD "name=\"beskrivelse\"\r\n\r\n"
    "Vedtatt i kommunestyret\r\n2024\r\n"
    "--" WK "\r\n"
    WK_CD "name=\"fil\"; filename=\"plan.pdf\"\r\n"
    "Content-Type: application/pdf\r\n\r\n"
    "%PDF-1.4\r\n%\xe2\xe3\xcf\xd3\r\n1 0 obj\r\n\x00\x01\xff\r\n"
    "--" WK "--\r\n";

#define FF "---------------------------735323031399963166993862150"
#define FF_CT "multipart/form-data; boundary=" FF

static const char firefox[] =
    "--" FF "\r\n"
    "Content-Disposition: form-data; name=\"tittel\"\r\n\r\n"
    "Budsjett\r\n"
    "--" FF "\r\n"
    "Content-Disposition: form-data; name=\"fil\"; "
    "filename=\"budsjett.docx\"\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document\r\n\r\n"
    "PK\x03\x04 docx bytes\r\n"
    "--" FF "\r\n"
    "Content-Disposition: form-data; name=\"tom\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n"
    "\r\n"
    "--" FF "--\r\n";

/* One part with a header line and data of the given text. */
static const char *one_part(const char *cd_params, const char *data)
{
    return apr_pstrcat(tp, "--" WK "\r\n" WK_CD, cd_params, "\r\n\r\n", data,
                       "\r\n--" WK "--\r\n", NULL);
}

/* ---- browser shapes ---------------------------------------------------- */

START_TEST(chromium_shape)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run_chunked(r, WK_CT, chromium, sizeof(chromium) - 1,
                                   0));
    ck_assert_int_eq(r->parts->nelts, 3);
    assert_part(r, 0, "tittel", NULL, NULL, "Strategisk n\xc3\xa6ringsplan");
    assert_part(r, 1, "beskrivelse", NULL, NULL,
                "Vedtatt i kommunestyret\r\n2024");
    ck_assert_str_eq(part(r, 2)->filename, "plan.pdf");
    ck_assert_str_eq(part(r, 2)->ctype, "application/pdf");
    ck_assert_uint_eq(part(r, 2)->len, 29);
    ck_assert_mem_eq(part(r, 2)->data + 24, "\r\n\x00\x01\xff", 5);
}
END_TEST

START_TEST(firefox_shape)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, FF_CT, firefox));
    ck_assert_int_eq(r->parts->nelts, 3);
    assert_part(r, 0, "tittel", NULL, NULL, "Budsjett");
    assert_part(r, 1, "fil", "budsjett.docx", "application/vnd."
                "openxmlformats-officedocument.wordprocessingml.document",
                "PK\x03\x04 docx bytes");
    assert_part(r, 2, "tom", "", "application/octet-stream", "");
}
END_TEST

START_TEST(filename_star_utf8)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, one_part(
        "name=\"fil\"; filename=\"fallback.pdf\"; "
        "filename*=UTF-8''%C3%A6%C3%B8%C3%A5%20plan.pdf", "x")));
    assert_part(r, 0, "fil", "\xc3\xa6\xc3\xb8\xc3\xa5 plan.pdf", NULL, "x");
}
END_TEST

START_TEST(filename_raw_utf8)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, one_part(
        "name=\"fil\"; filename=\"\xc3\x86\xc3\x98\xc3\x85-\xc3\xa6\xc3\xb8"
        "\xc3\xa5.pdf\"", "x")));
    assert_part(r, 0, "fil", "\xc3\x86\xc3\x98\xc3\x85-\xc3\xa6\xc3\xb8"
                "\xc3\xa5.pdf", NULL, "x");
}
END_TEST

START_TEST(filename_invalid_utf8)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, one_part("name=\"fil\"; filename=\"\xe6.pdf\"",
                                         "x")), 400, "UTF-8");
    assert_status(run(r, WK_CT, one_part("name=\"fil\"; "
                                         "filename*=UTF-8''%C0%AF", "x")),
                  400, "UTF-8");
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

/* Found by the fuzzer: a lead byte that is no lead byte. */
START_TEST(utf8_stray_bytes)
{
    const char *bad[] = { "\x80", "a\xbf", "\xf8\x88\x80\x80\x80", "\xff",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82" };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rec *r = rec_new();
        naering_err *e = run(r, WK_CT, one_part(apr_pstrcat(tp, "name=\"",
                                                bad[i], "\"", NULL), "x"));
        ck_assert_msg(e && e->status == 400, "name %zu accepted", i);
    }
}
END_TEST

START_TEST(filename_star_bad)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, one_part("name=f; filename*=UTF-8''a%2", "")),
                  400, "escape");
    assert_status(run(r, WK_CT, one_part("name=f; filename*=UTF-8''a%0A",
                                         "")), 400, "control");
    assert_status(run(r, WK_CT, one_part("name=f; "
                                         "filename*=ISO-8859-1''%E6", "")),
                  400, "UTF-8");
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

START_TEST(filename_escaped_quote)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, one_part(
        "name=\"fil\"; filename=\"si \\\"hei\\\" \\\\ x.pdf\"", "")));
    assert_part(r, 0, "fil", "si \"hei\" \\ x.pdf", NULL, "");
}
END_TEST

START_TEST(filename_windows_path_kept)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, one_part(
        "name=\"fil\"; filename=\"C:\\Users\\ola\\plan.pdf\"", "")));
    ck_assert_str_eq(part(r, 0)->filename, "C:\\Users\\ola\\plan.pdf");
}
END_TEST

START_TEST(unquoted_tokens)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, one_part("NAME=fil ;FileName=plan.pdf",
                                              "x")));
    assert_part(r, 0, "fil", "plan.pdf", NULL, "x");
}
END_TEST

START_TEST(case_insensitive_names)
{
    rec *r = rec_new();
    const char *body = "--abc\r\ncontent-disposition: FORM-DATA; name=a\r\n"
                       "CONTENT-TYPE: text/plain\r\n\r\nx\r\n--abc--";

    ck_assert_ptr_null(run(r, "Multipart/Form-Data; BOUNDARY=abc", body));
    assert_part(r, 0, "a", NULL, "text/plain", "x");
}
END_TEST

START_TEST(unknown_params_and_padding_ignored)
{
    rec *r = rec_new();
    const char *body = "--abc\r\n" WK_CD "name=a; size=3; x=\"y;z\"  \t\r\n"
                       "X-Other: 1\r\nContent-Type: text/plain \t\r\n\r\n"
                       "x\r\n--abc--";

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc", body));
    assert_part(r, 0, "a", NULL, "text/plain", "x");
}
END_TEST

/* ---- the request's Content-Type ---------------------------------------- */

START_TEST(boundary_quoted_with_spaces)
{
    rec *r = rec_new();
    const char *body = "--X Y Z\r\n" WK_CD "name=a\r\n\r\nverdi\r\n"
                       "--X Y Z--\r\n";

    ck_assert_ptr_null(run(r, "multipart/form-data; charset=utf-8; "
                           "boundary=\"X Y Z\"", body));
    assert_part(r, 0, "a", NULL, NULL, "verdi");
}
END_TEST

START_TEST(no_boundary_param)
{
    naering_mp *mp = (naering_mp *)1;

    assert_status(naering_mp_create(tp, "multipart/form-data", &rec_cb, NULL,
                                    &mp), 400, "boundary");
    ck_assert_ptr_null(mp);
    assert_status(naering_mp_create(tp, "multipart/form-data; boundary=",
                                    &rec_cb, NULL, &mp), 400, "Content-Type");
    assert_status(naering_mp_create(tp, "multipart/form-data; boundary=\"\"",
                                    &rec_cb, NULL, &mp), 400, "boundary");
    assert_status(naering_mp_create(tp, "multipart/form-data; charset=x",
                                    &rec_cb, NULL, &mp), 400, "boundary");
}
END_TEST

START_TEST(not_multipart_is_415)
{
    naering_mp *mp;

    assert_status(naering_mp_create(tp, "text/plain", &rec_cb, NULL, &mp),
                  415, "multipart/form-data");
    assert_status(naering_mp_create(tp, "multipart/mixed; boundary=a",
                                    &rec_cb, NULL, &mp), 415, "Content-Type");
    assert_status(naering_mp_create(tp, "multipart/form-datax; boundary=a",
                                    &rec_cb, NULL, &mp), 415, "Content-Type");
    assert_status(naering_mp_create(tp, NULL, &rec_cb, NULL, &mp), 415,
                  "Content-Type");
}
END_TEST

START_TEST(boundary_70_ok)
{
    rec *r = rec_new();
    char b[71];
    const char *body;

    memset(b, 'b', 70);
    b[70] = '\0';
    body = apr_pstrcat(tp, "--", b, "\r\n" WK_CD "name=a\r\n\r\nx\r\n--", b,
                       "--", NULL);
    ck_assert_ptr_null(run(r, apr_pstrcat(tp, "multipart/form-data; "
                                          "boundary=", b, NULL), body));
    assert_part(r, 0, "a", NULL, NULL, "x");
}
END_TEST

START_TEST(boundary_71_rejected)
{
    naering_mp *mp;
    char b[72];

    memset(b, 'b', 71);
    b[71] = '\0';
    assert_status(naering_mp_create(tp, apr_pstrcat(tp, "multipart/form-data;"
                                                    " boundary=", b, NULL),
                                    &rec_cb, NULL, &mp), 400, "boundary");
}
END_TEST

START_TEST(boundary_bad_chars_rejected)
{
    const char *bad[] = { "\"a\\\"b\"", "\"ab \"", "a#b", "\"a\tb\"",
                          "\"a\rb\"", "a; boundary=b", "\"abc" };
    naering_mp *mp;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(naering_mp_create(tp, apr_pstrcat(tp, "multipart/"
                                        "form-data; boundary=", bad[i], NULL),
                                        &rec_cb, NULL, &mp) != NULL,
                      "boundary=%s accepted", bad[i]);
}
END_TEST

/* ---- the boundary in and near the data --------------------------------- */

START_TEST(partial_delimiter_in_data)
{
    rec *r = rec_new();
    /* CRLF "--" and most of the boundary, then the real delimiter. */
    const char *d = "a\r\n------WebKitFormBoundaryePkp\r\r\n\r\n-\r\n--"
                    "----WebKitFormBoundaryePkpFF7tjBAqx29";

    ck_assert_ptr_null(run(r, WK_CT, one_part("name=a", d)));
    assert_part(r, 0, "a", NULL, NULL, d);
}
END_TEST

START_TEST(boundary_without_crlf_is_data)
{
    rec *r = rec_new();
    const char *d = "x--" WK "\r\n\n--" WK "--\r--" WK;

    ck_assert_ptr_null(run(r, WK_CT, one_part("name=a", d)));
    assert_part(r, 0, "a", NULL, NULL, d);
}
END_TEST

START_TEST(delimiter_followed_by_more_is_error)
{
    rec *r = rec_new();

    /* RFC 2046: the boundary may not occur in the data at all. */
    assert_status(run(r, WK_CT, one_part("name=a", "x\r\n--" WK "Z")), 400,
                  "garbage after boundary");
}
END_TEST

START_TEST(garbage_after_boundary)
{
    const char *bad[] = { "--abc x\r\n", "--abc\n", "--abc-x", "--abc\rx",
                          "--abc \t y" };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rec *r = rec_new();
        assert_status(run(r, "multipart/form-data; boundary=abc", bad[i]),
                      400, "garbage after boundary");
        ck_assert_int_eq(r->calls, 0);
    }
}
END_TEST

START_TEST(transport_padding)
{
    rec *r = rec_new();
    const char *body = "--abc \t \r\n" WK_CD "name=a\r\n\r\nx\r\n--abc\t\r\n"
                       WK_CD "name=b\r\n\r\ny\r\n--abc-- trailing";

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc", body));
    ck_assert_int_eq(r->parts->nelts, 2);
    assert_part(r, 1, "b", NULL, NULL, "y");
}
END_TEST

START_TEST(empty_part_data)
{
    rec *r = rec_new();
    const char *body = "--abc\r\n" WK_CD "name=a\r\n\r\n\r\n--abc\r\n"
                       WK_CD "name=b\r\n\r\n\r\n--abc--\r\n";

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc", body));
    ck_assert_int_eq(r->parts->nelts, 2);
    assert_part(r, 0, "a", NULL, NULL, "");
    assert_part(r, 1, "b", NULL, NULL, "");
}
END_TEST

START_TEST(crlf_crlf_in_data)
{
    rec *r = rec_new();
    const char *d = "\r\n\r\nContent-Type: x\r\n\r\n\r\n";

    ck_assert_ptr_null(run(r, WK_CT, one_part("name=a", d)));
    assert_part(r, 0, "a", NULL, NULL, d);
}
END_TEST

START_TEST(preamble_and_epilogue)
{
    rec *r = rec_new();
    const char *body = "This is a preamble --abc\r\n--ab\r\n\r\n--abc\r\n"
                       WK_CD "name=a\r\n\r\nx\r\n--abc--\r\nepilogue\r\n"
                       "--abc\r\nContent-Disposition: nonsense\r\n\r\n";

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc", body));
    ck_assert_int_eq(r->parts->nelts, 1);
    assert_part(r, 0, "a", NULL, NULL, "x");
}
END_TEST

START_TEST(no_parts_ok)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc",
                           "--abc--\r\n"));
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

START_TEST(null_callbacks_ok)
{
    naering_mp_callbacks none = { NULL, NULL, NULL };
    naering_mp *mp;

    ck_assert_ptr_null(naering_mp_create(tp, WK_CT, &none, NULL, &mp));
    ck_assert_ptr_null(naering_mp_feed(mp, chromium, sizeof(chromium) - 1));
    ck_assert_ptr_null(naering_mp_finish(mp));
}
END_TEST

/* ---- chunking ---------------------------------------------------------- */

static void assert_same(rec *a, rec *b, apr_size_t chunk)
{
    int i;

    ck_assert_msg(a->parts->nelts == b->parts->nelts, "chunk %zu", chunk);
    for (i = 0; i < a->parts->nelts; i++) {
        rec_part *x = part(a, i), *y = part(b, i);
        ck_assert_str_eq(x->name, y->name);
        ck_assert_pstr_eq(x->filename, y->filename);
        ck_assert_pstr_eq(x->ctype, y->ctype);
        ck_assert_msg(x->len == y->len && x->sum == y->sum
                      && x->ended == y->ended, "chunk %zu part %d", chunk, i);
    }
}

/* Near misses of the delimiter at every offset of every chunk size. */
static const char tricky[] =
    "pre\r\n--" WK "\r\n" WK_CD "name=a\r\n\r\n"
    "\r\n\r\n--" WK_PREFIX "\r\r\n--" WK_SHORT "x\r\n"
    "--" WK " \r\n" WK_CD "name=\"t\"; filename*=UTF-8''%C3%A6.txt\r\n"
    "Content-Type: text/plain\r\n\r\n"
    "\r--\r\n-\r\n--------WebKit\r\r\n\r\n--" WK_SHORT "\r\n"
    "--" WK "\r\n" WK_CD "name=e\r\n\r\n"
    "\r\n--" WK "--epilogue\r\n--" WK "\r\n";

START_TEST(every_chunking_identical)
{
    apr_size_t len = sizeof(tricky) - 1, k;
    rec *ref = rec_new();

    ck_assert_ptr_null(run_chunked(ref, WK_CT, tricky, len, 0));
    ck_assert_int_eq(ref->parts->nelts, 3);
    assert_part(ref, 0, "a", NULL, NULL, "\r\n\r\n--" WK_PREFIX "\r\r\n--"
                WK_SHORT "x");
    assert_part(ref, 2, "e", NULL, NULL, "");
    for (k = 1; k <= 18; k++) {
        rec *r = rec_new();
        apr_size_t chunk = k == 18 ? 4096 : k;
        ck_assert_ptr_null(run_chunked(r, WK_CT, tricky, len, chunk));
        assert_same(ref, r, chunk);
    }
}
END_TEST

START_TEST(every_chunking_identical_binary)
{
    rec *ref = rec_new();
    apr_size_t k, len = sizeof(chromium) - 1;

    ck_assert_ptr_null(run_chunked(ref, WK_CT, chromium, len, 0));
    for (k = 1; k <= 18; k++) {
        rec *r = rec_new();
        apr_size_t chunk = k == 18 ? 4096 : k;
        ck_assert_ptr_null(run_chunked(r, WK_CT, chromium, len, chunk));
        assert_same(ref, r, chunk);
    }
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

START_TEST(missing_final_boundary)
{
    rec *r = rec_new();
    naering_mp *mp;
    const char *body = "--abc\r\n" WK_CD "name=a\r\n\r\nx\r\n--abc";

    ck_assert_ptr_null(naering_mp_create(tp, "multipart/form-data; "
                                         "boundary=abc", &rec_cb, r, &mp));
    ck_assert_ptr_null(naering_mp_feed(mp, body, strlen(body)));
    assert_status(naering_mp_finish(mp), 400, "truncated");
    ck_assert_int_eq(r->parts->nelts, 1);
}
END_TEST

START_TEST(truncated_in_data)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\r\n\r\nabc"),
                  400, "truncated");
    ck_assert(!part(r, 0)->ended);
}
END_TEST

START_TEST(empty_body)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, ""), 400, "empty body");
}
END_TEST

START_TEST(body_without_boundary)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "name=a&b=c"), 400, "no boundary");
}
END_TEST

START_TEST(headers_bare_lf)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\n\nx\r\n--" WK
                      "--"), 400, "headers without CRLF");
    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\r\n\nx\r\n--"
                      WK "--"), 400, "headers without CRLF");
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

START_TEST(headers_bare_cr)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\rX: y\r\n\r\n"
                      "\r\n--" WK "--"), 400, "control character");
}
END_TEST

/* A part whose header block is exactly n bytes long. */
static const char *header_block(apr_size_t n)
{
    const char *cd = WK_CD "name=a\r\n";
    apr_size_t fill = n - strlen(cd) - strlen("X-Fill: \r\n\r\n");
    char *pad = apr_palloc(tp, fill + 1);

    memset(pad, 'p', fill);
    pad[fill] = '\0';
    return apr_pstrcat(tp, "--" WK "\r\n", cd, "X-Fill: ", pad, "\r\n\r\n",
                       "x\r\n--" WK "--\r\n", NULL);
}

START_TEST(headers_8192_ok)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, WK_CT, header_block(8192)));
    assert_part(r, 0, "a", NULL, NULL, "x");
}
END_TEST

START_TEST(headers_over_8k)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, header_block(8193)), 400, "8192");
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

START_TEST(too_many_header_lines)
{
    rec *r = rec_new();
    const char *h = "";
    int i;

    for (i = 0; i < 32; i++)
        h = apr_pstrcat(tp, h, "X-A: b\r\n", NULL);
    assert_status(run(r, WK_CT, apr_pstrcat(tp, "--" WK "\r\n", h, WK_CD,
                                            "name=a\r\n\r\nx\r\n--" WK "--",
                                            NULL)), 400, "32 header lines");
}
END_TEST

START_TEST(header_folding)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a;\r\n"
                      " filename=b\r\n\r\nx\r\n--" WK "--"), 400, "folded");
}
END_TEST

START_TEST(malformed_headers)
{
    const char *bad[] = { "Content-Disposition form-data; name=a",
                          "Content-Disposition : form-data; name=a",
                          ": x", "Content-Disposition: attachment; name=a",
                          "Content-Disposition: form-data; name=\"a",
                          "Content-Disposition: form-data; name",
                          "Content-Disposition: form-data name=a",
                          "Content-Disposition: form-data; name=a; name=b" };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rec *r = rec_new();
        naering_err *e = run(r, WK_CT, apr_pstrcat(tp, "--" WK "\r\n",
                             bad[i], "\r\n\r\nx\r\n--" WK "--", NULL));
        ck_assert_msg(e && e->status == 400, "accepted: %s", bad[i]);
        ck_assert_int_eq(r->calls, 0);
    }
}
END_TEST

START_TEST(duplicate_headers)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\r\n" WK_CD
                      "name=b\r\n\r\n\r\n--" WK "--"), 400,
                  "two Content-Disposition");
    assert_status(run(r, WK_CT, "--" WK "\r\n" WK_CD "name=a\r\n"
                      "Content-Type: a/b\r\ncontent-type: c/d\r\n\r\n\r\n--"
                      WK "--"), 400, "two Content-Type");
}
END_TEST

START_TEST(part_without_name)
{
    rec *r = rec_new();

    assert_status(run(r, WK_CT, one_part("filename=\"a.pdf\"", "x")), 400,
                  "no name");
    assert_status(run(r, WK_CT, one_part("name=\"\"", "x")), 400, "no name");
    assert_status(run(r, WK_CT, "--" WK "\r\nContent-Type: text/plain\r\n"
                      "\r\nx\r\n--" WK "--"), 400, "no Content-Disposition");
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

/* n parts named p, each holding "v". */
static const char *many_parts(int n)
{
    static const char one[] = "--abc\r\n" WK_CD "name=p\r\n\r\nv\r\n";
    apr_size_t len = (sizeof(one) - 1) * (apr_size_t)n;
    char *body = apr_palloc(tp, len + sizeof("--abc--"));
    int i;

    for (i = 0; i < n; i++)
        memcpy(body + (sizeof(one) - 1) * (apr_size_t)i, one,
               sizeof(one) - 1);
    memcpy(body + len, "--abc--", sizeof("--abc--"));
    return body;
}

START_TEST(parts_1000_ok)
{
    rec *r = rec_new();

    ck_assert_ptr_null(run(r, "multipart/form-data; boundary=abc",
                           many_parts(1000)));
    ck_assert_int_eq(r->parts->nelts, 1000);
    assert_part(r, 999, "p", NULL, NULL, "v");
}
END_TEST

START_TEST(parts_1001_rejected)
{
    rec *r = rec_new();

    assert_status(run(r, "multipart/form-data; boundary=abc",
                      many_parts(1001)), 400, "too many parts");
    ck_assert_int_eq(r->parts->nelts, 1000);
    ck_assert(!r->open);
}
END_TEST

START_TEST(callback_error_stops)
{
    rec *r = rec_new();
    naering_mp *mp;
    naering_err *e;
    int calls;

    r->fail_begin = 2;
    ck_assert_ptr_null(naering_mp_create(tp, WK_CT, &rec_cb, r, &mp));
    e = naering_mp_feed(mp, chromium, sizeof(chromium) - 1);
    ck_assert_ptr_eq(e, r->failed);
    ck_assert_int_eq(e->status, 500);
    calls = r->calls;
    ck_assert_ptr_eq(naering_mp_feed(mp, chromium, sizeof(chromium) - 1), e);
    ck_assert_ptr_eq(naering_mp_finish(mp), e);
    ck_assert_int_eq(r->calls, calls);
    ck_assert_int_eq(r->parts->nelts, 1);
}
END_TEST

/* The first part_data call hands on held look-behind bytes: it fails. */
START_TEST(data_callback_error_stops)
{
    rec *r = rec_new();
    naering_mp *mp;
    const char *body = one_part("name=a", "\r\nxyz");
    apr_size_t i, n = strlen(body);
    naering_err *e = NULL;

    r->fail_data = 1;
    ck_assert_ptr_null(naering_mp_create(tp, WK_CT, &rec_cb, r, &mp));
    for (i = 0; i < n && !e; i++)
        e = naering_mp_feed(mp, body + i, 1);
    ck_assert_ptr_eq(e, r->failed);
    ck_assert_int_eq(r->calls, 2);
    ck_assert_ptr_eq(naering_mp_feed(mp, body, n), e);
    ck_assert_int_eq(r->calls, 2);
}
END_TEST

START_TEST(data_callback_error_in_one_piece)
{
    rec *r = rec_new();

    r->fail_data = 1;
    ck_assert_ptr_eq(run(r, WK_CT, one_part("name=a", "xyz")), r->failed);
    ck_assert_int_eq(r->calls, 2);
}
END_TEST

START_TEST(error_is_sticky)
{
    rec *r = rec_new();
    naering_mp *mp;
    naering_err *e;

    ck_assert_ptr_null(naering_mp_create(tp, WK_CT, &rec_cb, r, &mp));
    e = naering_mp_feed(mp, "--" WK "\r\nBad\n", strlen(WK) + 8);
    assert_status(e, 400, "CRLF");
    ck_assert_ptr_eq(naering_mp_feed(mp, chromium, sizeof(chromium) - 1), e);
    ck_assert_ptr_eq(naering_mp_finish(mp), e);
    ck_assert_int_eq(r->calls, 0);
}
END_TEST

/* ---- size -------------------------------------------------------------- */

#define CHUNK (64 * 1024)
#define BIG (50 * 1024 * 1024)

/* The process's data size in kB (Linux), 0 elsewhere.  Not mallinfo: APR
 * pools may take their blocks straight from mmap. */
static long data_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    long kb = 0;

    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "VmData: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

START_TEST(big_part_streams)
{
    const char *head = "--" WK "\r\n" WK_CD "name=\"fil\"; filename=\"a.bin\""
                       "\r\nContent-Type: application/octet-stream\r\n\r\n";
    const char *tail = "\r\n--" WK "--\r\n";
    char *buf = apr_palloc(tp, CHUNK);
    rec *r = rec_new();
    apr_uint32_t sum = 2166136261u, x = 12345;
    naering_mp *mp;
    size_t i;
    long before;

    for (i = 0; i < CHUNK; i++) {   /* CRs and near-delimiters galore */
        x = x * 1103515245u + 12345u;
        buf[i] = (x >> 16) % 7 == 0 ? "\r\n--" WK[(x >> 8) % 12] : (char)x;
    }
    for (i = 0; i < BIG; i++)
        sum = (sum ^ (unsigned char)buf[i % CHUNK]) * 16777619u;
    ck_assert_ptr_null(naering_mp_create(tp, WK_CT, &rec_cb, r, &mp));
    ck_assert_ptr_null(naering_mp_feed(mp, head, strlen(head)));
    before = data_kb();
    for (i = 0; i < BIG / CHUNK; i++)
        ck_assert_ptr_null(naering_mp_feed(mp, buf, CHUNK));
    ck_assert_int_lt(data_kb(), before + 4096);   /* 50 MB went through */
    ck_assert_ptr_null(naering_mp_feed(mp, tail, strlen(tail)));
    ck_assert_ptr_null(naering_mp_finish(mp));
    ck_assert_uint_eq(part(r, 0)->len, BIG);
    ck_assert_uint_eq(part(r, 0)->sum, sum);
    ck_assert_uint_le(r->max_data, CHUNK);
}
END_TEST

Suite *naering_multipart_suite(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc = tcase_create("multipart"), *big = tcase_create("big");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_checked_fixture(big, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, chromium_shape);
    tcase_add_test(tc, firefox_shape);
    tcase_add_test(tc, filename_star_utf8);
    tcase_add_test(tc, filename_raw_utf8);
    tcase_add_test(tc, filename_invalid_utf8);
    tcase_add_test(tc, utf8_stray_bytes);
    tcase_add_test(tc, filename_star_bad);
    tcase_add_test(tc, filename_escaped_quote);
    tcase_add_test(tc, filename_windows_path_kept);
    tcase_add_test(tc, unquoted_tokens);
    tcase_add_test(tc, case_insensitive_names);
    tcase_add_test(tc, unknown_params_and_padding_ignored);
    tcase_add_test(tc, boundary_quoted_with_spaces);
    tcase_add_test(tc, no_boundary_param);
    tcase_add_test(tc, not_multipart_is_415);
    tcase_add_test(tc, boundary_70_ok);
    tcase_add_test(tc, boundary_71_rejected);
    tcase_add_test(tc, boundary_bad_chars_rejected);
    tcase_add_test(tc, partial_delimiter_in_data);
    tcase_add_test(tc, boundary_without_crlf_is_data);
    tcase_add_test(tc, delimiter_followed_by_more_is_error);
    tcase_add_test(tc, garbage_after_boundary);
    tcase_add_test(tc, transport_padding);
    tcase_add_test(tc, empty_part_data);
    tcase_add_test(tc, crlf_crlf_in_data);
    tcase_add_test(tc, preamble_and_epilogue);
    tcase_add_test(tc, no_parts_ok);
    tcase_add_test(tc, null_callbacks_ok);
    tcase_add_test(tc, every_chunking_identical);
    tcase_add_test(tc, every_chunking_identical_binary);
    tcase_add_test(tc, missing_final_boundary);
    tcase_add_test(tc, truncated_in_data);
    tcase_add_test(tc, empty_body);
    tcase_add_test(tc, body_without_boundary);
    tcase_add_test(tc, headers_bare_lf);
    tcase_add_test(tc, headers_bare_cr);
    tcase_add_test(tc, headers_8192_ok);
    tcase_add_test(tc, headers_over_8k);
    tcase_add_test(tc, too_many_header_lines);
    tcase_add_test(tc, header_folding);
    tcase_add_test(tc, malformed_headers);
    tcase_add_test(tc, duplicate_headers);
    tcase_add_test(tc, part_without_name);
    tcase_add_test(tc, parts_1000_ok);
    tcase_add_test(tc, parts_1001_rejected);
    tcase_add_test(tc, callback_error_stops);
    tcase_add_test(tc, data_callback_error_stops);
    tcase_add_test(tc, data_callback_error_in_one_piece);
    tcase_add_test(tc, error_is_sticky);
    tcase_add_test(big, big_part_streams);
    tcase_set_timeout(big, 120);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, big);
    return s;
}
