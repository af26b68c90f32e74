/*
 * An editor's forms, a page's and the site's details: fields read from
 * an urlencoded body, checked against
 * limits, the body sanitized.  Pure.  Problems a person can fix become
 * field errors (shown beside the field, input kept); broken UTF-8 makes the
 * whole request bad (400) and nothing is stored.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_escape.h>
#include "text/text.h"

/* Limits in characters (body in bytes). */
#define NAERING_MAX_TITLE 200
#define NAERING_MAX_SUMMARY 300
#define NAERING_MAX_BODY (1024 * 1024)
#define NAERING_MAX_CONTACT 200
#define NAERING_MAX_PHONE 40
#define NAERING_MAX_COMMENT 500
#define NAERING_MAX_ABOUT 500
#define NAERING_MAX_ADDRESS 300
#define NAERING_MAX_ADDRESS_LINES 6
#define NAERING_MAX_LINK 500
#define NAERING_MAX_ALT 300
#define NAERING_MAX_CAPTION 500

void naering_form_error(apr_array_header_t *errors, const char *field,
                        const char *key)
{
    naering_field_err *fe = apr_array_push(errors);
    fe->field = field;
    fe->key = key;
}

/* The field's value with CR LF folded to LF and characters XML cannot
 * carry made spaces; "" when absent; NULL when it is there but cannot be
 * read (a broken or NUL escape, not UTF-8): the caller answers 400 rather
 * than store an empty field in its place. */
const char *naering_form_text(apr_pool_t *p, const char *form,
                              const char *name)
{
    const char *v = naering_query_get(p, form, name);
    char *out, *o;

    if (!v)
        return naering_query_present(form, name) ? NULL : "";
    if (!naering_utf8_valid(v, strlen(v)))
        return NULL;
    out = o = naering_xml_chars(p, v);
    v = out;
    for (; *v; v++)
        if (!(v[0] == '\r' && v[1] == '\n'))
            *o++ = *v == '\r' ? '\n' : *v;
    *o = '\0';
    return out;
}

/* One line: no control characters at all (titles, names, addresses). */
static int naering_one_line(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

const char *naering_trim(apr_pool_t *p, const char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    return apr_pstrndup(p, s, n);
}

static void naering_check_len(apr_array_header_t *errors, const char *field,
                              const char *v, size_t max)
{
    if (naering_utf8_chars(v) > max)
        naering_form_error(errors, field, "too-long");
}

static int naering_email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at + 1, '.') && !strchr(s, ' ')
           && !strchr(at + 1, '@');
}

static int naering_phone_ok(const char *s)
{
    return strspn(s, "0123456789 +-()") == strlen(s);
}

static void naering_check_contact(const naering_page_fields *f,
                                  apr_array_header_t *errors)
{
    naering_check_len(errors, "contact_name", f->contact_name,
                      NAERING_MAX_CONTACT);
    naering_check_len(errors, "contact_email", f->contact_email,
                      NAERING_MAX_CONTACT);
    naering_check_len(errors, "contact_phone", f->contact_phone,
                      NAERING_MAX_PHONE);
    if (*f->contact_email && !naering_email_ok(f->contact_email))
        naering_form_error(errors, "contact_email", "bad-email");
    if (*f->contact_phone && !naering_phone_ok(f->contact_phone))
        naering_form_error(errors, "contact_phone", "bad-phone");
}

static void naering_check_lines(const naering_page_fields *f,
                                apr_array_header_t *errors)
{
    const char *names[] = { "title", "contact_name", "contact_email",
                            "contact_phone" };
    const char *vals[] = { f->title, f->contact_name, f->contact_email,
                           f->contact_phone };
    int i;

    for (i = 0; i < 4; i++)
        if (!naering_one_line(vals[i]))
            naering_form_error(errors, names[i], "one-line");
}

/* Every image needs its alt text, or to be marked decorative: a save
 * that has one without either is refused, and the form says so beside
 * the text. */
static void naering_check_images(apr_pool_t *p, const char *body,
                                 apr_array_header_t *errors)
{
    apr_array_header_t *imgs;
    int i;

    if (!strstr(body, "<img"))
        return;
    imgs = naering_xhtml_images(p, body);
    for (i = 0; i < imgs->nelts; i++) {
        const naering_body_image *im = &APR_ARRAY_IDX(imgs, i,
                                                      naering_body_image);
        if (!im->decorative && (!im->alt || !*im->alt)) {
            naering_form_error(errors, "body", "image-alt");
            return;
        }
    }
}

/* A time field (Oslo's clock): 0 when empty, a field error when it is
 * not a time or one the March night skips. */
static apr_int64_t naering_form_when(apr_pool_t *p, const char *form,
                                     const char *name,
                                     apr_array_header_t *errors)
{
    const char *s = naering_form_text(p, form, name);
    apr_int64_t t = 0;
    int ok = s && *s ? naering_oslo_parse(naering_trim(p, s), &t) : 1;

    if (ok == 0)
        naering_form_error(errors, name, "bad-time");
    else if (ok == NAERING_OSLO_GAP)
        naering_form_error(errors, name, "no-such-time");
    return t;
}

static int naering_one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* What a news item or a meeting says about time, and a listing's kind;
 * absent fields (an ordinary page's form) leave them unset. */
static naering_err *naering_form_time(apr_pool_t *p, const char *form,
                                      naering_page_fields *f,
                                      apr_array_header_t *errors)
{
    static const char *const kinds[] = { "page", "news-list",
                                         "meeting-list", NULL };
    static const char *const states[] = { "planned", "held", "cancelled",
                                          NULL };
    const char *kind = naering_form_text(p, form, "kind");
    const char *st = naering_form_text(p, form, "event_status");

    f->place = naering_form_text(p, form, "place");
    if (!kind || !st || !f->place)
        return naering_err_make(p, 400, "form field is not valid UTF-8");
    if ((*kind && !naering_one_of(kind, kinds))
        || (*st && !naering_one_of(st, states)))
        return naering_err_make(p, 400, "kind or event_status unknown");
    f->kind = *kind ? kind : NULL;
    f->event_status = *st ? st : "planned";
    f->place = naering_trim(p, f->place);
    naering_check_len(errors, "place", f->place, NAERING_MAX_TITLE);
    f->starts = naering_form_when(p, form, "starts", errors);
    f->ends = naering_form_when(p, form, "ends", errors);
    f->due = naering_form_when(p, form, "planlagt", errors);
    if (f->ends && f->starts && f->ends < f->starts)
        naering_form_error(errors, "ends", "ends-before");
    return NULL;
}

/* sprak=nb|nn|en, or "standard" for the site's language; absent (an older
 * form, a script) leaves it as it is: f->lang NULL. */
static naering_err *naering_form_lang(apr_pool_t *p, const char *form,
                                      naering_page_fields *f)
{
    const char *lang = naering_form_text(p, form, "sprak");

    if (!lang)
        return naering_err_make(p, 400, "form field is not valid UTF-8");
    if (!*lang) {
        f->lang = NULL;
        return NULL;
    }
    if (strcmp(lang, "standard") == 0) {
        f->lang = "";
        return NULL;
    }
    if (naering_lang_index(lang) < 0)
        return naering_err_make(p, 400, "sprak is not nb, nn, en or "
                                "standard");
    f->lang = lang;
    return NULL;
}

naering_err *naering_form_page(apr_pool_t *p, const char *form,
                               const char *images, naering_page_fields *f,
                               apr_array_header_t *errors)
{
    const char *body = naering_form_text(p, form, "body"), *status, *menu;
    naering_err *e;

    f->title = naering_form_text(p, form, "title");
    f->summary = naering_form_text(p, form, "summary");
    f->contact_name = naering_form_text(p, form, "contact_name");
    f->contact_email = naering_form_text(p, form, "contact_email");
    f->contact_phone = naering_form_text(p, form, "contact_phone");
    f->comment = naering_form_text(p, form, "comment");
    status = naering_form_text(p, form, "status");
    menu = naering_form_text(p, form, "meny");
    if (!body || !f->title || !f->summary || !f->contact_name
        || !f->contact_email || !f->contact_phone || !f->comment || !status
        || !menu)
        return naering_err_make(p, 400, "form field is not valid UTF-8");
    if (*status && strcmp(status, "utkast") && strcmp(status, "publisert"))
        return naering_err_make(p, 400, "status is neither utkast nor "
                                "publisert");
    if (*menu && strcmp(menu, "vis") && strcmp(menu, "skjul"))
        return naering_err_make(p, 400, "meny is neither vis nor skjul");
    if ((e = naering_form_lang(p, form, f)))
        return e;
    f->draft = strcmp(status, "utkast") == 0;
    /* No choice sent (an older form, a script): the place stays. */
    f->menu = !*menu ? NAERING_MENU_KEEP : strcmp(menu, "vis") == 0
              ? NAERING_MENU_SHOW : NAERING_MENU_HIDE;
    f->title = naering_trim(p, f->title);
    if (!*f->title)
        naering_form_error(errors, "title", "required");
    naering_check_len(errors, "title", f->title, NAERING_MAX_TITLE);
    naering_check_len(errors, "summary", f->summary, NAERING_MAX_SUMMARY);
    naering_check_len(errors, "comment", f->comment, NAERING_MAX_COMMENT);
    naering_check_lines(f, errors);
    naering_check_contact(f, errors);
    if (strlen(body) > NAERING_MAX_BODY) {
        naering_form_error(errors, "body", "too-long");
        f->body = body;
        return NULL;
    }
    if ((e = naering_sanitize_site(p, body, strlen(body), images, &f->body)))
        return e;
    naering_check_images(p, f->body, errors);
    return naering_form_time(p, form, f, errors);
}

/* Lines of text: no control characters but the newlines between them. */
static int naering_lines_ok(const char *s, int max_lines)
{
    int lines = 1;

    for (; *s; s++) {
        if (*s == '\n')
            lines++;
        else if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    }
    return lines <= max_lines;
}

/* Where the footer's statement link may go: a path of this site
 * ("/tilgjengelighet") or a web address (uustatus.no), nothing else -- no
 * "javascript:", no "//host" that leaves the site while looking local. */
static int naering_link_ok(const char *s)
{
    size_t i;

    if (s[0] == '/' ? s[1] == '/'
        : strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
        return 0;
    for (i = 0; s[i]; i++)
        if ((unsigned char)s[i] <= 0x20 || strchr("\"'<>\\`", s[i]))
            return 0;
    return s[0] == '/' || strlen(s) > 8;
}

static void naering_check_site(const naering_site_fields *f,
                               apr_array_header_t *errors)
{
    const char *names[] = { "organisation", "phone", "email", "statement" };
    const char *vals[] = { f->organisation, f->phone, f->email,
                           f->statement };
    int i;

    for (i = 0; i < 4; i++)
        if (!naering_one_line(vals[i]))
            naering_form_error(errors, names[i], "one-line");
    if (!naering_lines_ok(f->about, 1))
        naering_form_error(errors, "about", "one-line");
    if (!naering_lines_ok(f->address, NAERING_MAX_ADDRESS_LINES))
        naering_form_error(errors, "address", "too-many-lines");
    naering_check_len(errors, "organisation", f->organisation,
                      NAERING_MAX_TITLE);
    naering_check_len(errors, "about", f->about, NAERING_MAX_ABOUT);
    naering_check_len(errors, "address", f->address, NAERING_MAX_ADDRESS);
    naering_check_len(errors, "phone", f->phone, NAERING_MAX_PHONE);
    naering_check_len(errors, "email", f->email, NAERING_MAX_CONTACT);
    naering_check_len(errors, "statement", f->statement, NAERING_MAX_LINK);
    if (*f->email && !naering_email_ok(f->email))
        naering_form_error(errors, "email", "bad-email");
    if (*f->phone && !naering_phone_ok(f->phone))
        naering_form_error(errors, "phone", "bad-phone");
    if (*f->statement && !naering_link_ok(f->statement))
        naering_form_error(errors, "statement", "bad-link");
}

naering_err *naering_form_site(apr_pool_t *p, const char *form,
                               naering_site_fields *f,
                               apr_array_header_t *errors)
{
    const char **fields[] = { &f->organisation, &f->about, &f->address,
                              &f->phone, &f->email, &f->statement };
    const char *names[] = { "organisation", "about", "address", "phone",
                            "email", "statement" };
    int i;

    for (i = 0; i < 6; i++) {
        const char *v = naering_form_text(p, form, names[i]);
        if (!v)
            return naering_err_make(p, 400, "form field is not valid UTF-8");
        *fields[i] = naering_trim(p, v);
    }
    naering_check_site(f, errors);
    return NULL;
}

/* ---- an image's words ---------------------------------------------------- */

void naering_form_image(apr_pool_t *p, naering_image_fields *f,
                        apr_array_header_t *errors)
{
    f->alt = f->decorative ? "" : naering_trim(p, f->alt ? f->alt : "");
    f->caption = naering_trim(p, f->caption ? f->caption : "");
    if (!f->decorative && !*f->alt)
        naering_form_error(errors, "alt", "required-alt");
    if (!naering_one_line(f->alt))
        naering_form_error(errors, "alt", "one-line");
    naering_check_len(errors, "alt", f->alt, NAERING_MAX_ALT);
    if (!naering_one_line(f->caption))
        naering_form_error(errors, "caption", "one-line");
    naering_check_len(errors, "caption", f->caption, NAERING_MAX_CAPTION);
}

const char *naering_figure_html(apr_pool_t *p, const char *src,
                                const naering_image_fields *f)
{
    const char *alt = apr_pescape_entity(p, f->alt, 0);
    const char *cap = apr_pescape_entity(p, f->caption, 0);

    /* Not toasc: that would write each byte of "ø" as an entity. */
    return apr_pstrcat(p, "<figure><img src=\"", apr_pescape_entity(p, src,
                       0), "\" alt=\"", alt, "\"",
                       f->decorative ? " role=\"presentation\"" : "", "/>",
                       *cap ? "<figcaption>" : "", cap,
                       *cap ? "</figcaption>" : "", "</figure>", NULL);
}
