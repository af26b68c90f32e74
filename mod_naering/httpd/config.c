/*
 * Directives.  Every per-directory field starts UNSET and merges with
 * NAERING_MERGE, so an inner <Location> can override what an outer one set
 * (including turning an On back to Off).  tests/check-config-fields makes
 * sure no field is missing from create or merge.
 */
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "httpd/server.h"

#define NAERING_MERGE(field, unset) \
    c->field = (add->field != (unset)) ? add->field : base->field

void *naering_create_dir_config(apr_pool_t *p, char *dir)
{
    naering_dir_cfg *c = apr_pcalloc(p, sizeof(*c));

    c->site = NULL;
    c->base = NULL;
    c->templates = NULL;
    c->site_name = NULL;
    c->xml_output = NAERING_UNSET;
    c->max_upload = NAERING_UNSET;
    c->purge = NULL;
    c->display_name = NULL;
    c->health = NAERING_UNSET;
    c->image_helper = NULL;
    c->image_seconds = NAERING_UNSET;
    c->public_doc_checks = NAERING_UNSET;
    c->language = NULL;
    c->statement_url = NULL;
    return c;
}

void *naering_merge_dir_config(apr_pool_t *p, void *basev, void *addv)
{
    naering_dir_cfg *c = apr_pcalloc(p, sizeof(*c));
    naering_dir_cfg *base = basev, *add = addv;

    NAERING_MERGE(site, NULL);
    NAERING_MERGE(base, NULL);
    NAERING_MERGE(templates, NULL);
    NAERING_MERGE(site_name, NULL);
    NAERING_MERGE(xml_output, NAERING_UNSET);
    NAERING_MERGE(max_upload, NAERING_UNSET);
    NAERING_MERGE(purge, NULL);
    NAERING_MERGE(display_name, NULL);
    NAERING_MERGE(health, NAERING_UNSET);
    NAERING_MERGE(image_helper, NULL);
    NAERING_MERGE(image_seconds, NAERING_UNSET);
    NAERING_MERGE(public_doc_checks, NAERING_UNSET);
    NAERING_MERGE(language, NULL);
    NAERING_MERGE(statement_url, NULL);
    return c;
}

/* "<Location /site/>" -> "/site"; "<Location />" -> "". */
static const char *naering_strip_slash(apr_pool_t *p, const char *path)
{
    char *s = apr_pstrdup(p, path);
    size_t n = strlen(s);

    while (n > 0 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

/* The mount point is the <Location> that names the database, unless
 * NaeringBase says otherwise (needed in <Directory>, whose path is not a
 * URL). */
static const char *naering_location_of(cmd_parms *cmd)
{
    const ap_directive_t *sec = cmd->directive ? cmd->directive->parent
                                               : NULL;

    if (sec && strcasecmp(sec->directive, "<Location") == 0 && cmd->path)
        return naering_strip_slash(cmd->pool, cmd->path);
    return "";
}

static const char *naering_set_database(cmd_parms *cmd, void *dv,
                                        const char *arg)
{
    naering_dir_cfg *c = dv;
    const char *path = ap_server_root_relative(cmd->pool, arg);

    if (!path)
        return apr_pstrcat(cmd->pool, "NaeringDatabase: bad path ", arg,
                           NULL);
    c->site = naering_site_register(cmd->pool, path);
    if (!c->base)
        c->base = naering_location_of(cmd);
    if (!c->site->base)
        c->site->base = c->base;
    return NULL;
}

static const char *naering_set_base(cmd_parms *cmd, void *dv,
                                    const char *arg)
{
    naering_dir_cfg *c = dv;

    if (arg[0] != '/')
        return "NaeringBase must be a URL path starting with /";
    c->base = naering_strip_slash(cmd->pool, arg);
    if (c->site)
        c->site->base = c->base;
    return NULL;
}

static const char *naering_set_templates(cmd_parms *cmd, void *dv,
                                         const char *arg)
{
    naering_dir_cfg *c = dv;
    const char *dir = ap_server_root_relative(cmd->pool, arg);

    if (!dir)
        return apr_pstrcat(cmd->pool, "NaeringTemplates: bad path ", arg,
                           NULL);
    c->templates = naering_templates_register(cmd->pool,
                                              naering_strip_slash(cmd->pool,
                                                                  dir));
    return NULL;
}

static const char *naering_set_site_name(cmd_parms *cmd, void *dv,
                                         const char *arg)
{
    ((naering_dir_cfg *)dv)->site_name = arg;
    return NULL;
}

static const char *naering_set_xml_output(cmd_parms *cmd, void *dv, int on)
{
    ((naering_dir_cfg *)dv)->xml_output = on;
    return NULL;
}

static const char *naering_set_health(cmd_parms *cmd, void *dv, int on)
{
    ((naering_dir_cfg *)dv)->health = on;
    return NULL;
}

/* "50M", "500K", "1G" or bytes. */
static const char *naering_set_max_upload(cmd_parms *cmd, void *dv,
                                          const char *arg)
{
    char *end = NULL;
    apr_int64_t n = apr_strtoi64(arg, &end, 10);
    int shift = 0;

    if (end && (*end == 'K' || *end == 'k'))
        shift = 10;
    else if (end && (*end == 'M' || *end == 'm'))
        shift = 20;
    else if (end && (*end == 'G' || *end == 'g'))
        shift = 30;
    if (n <= 0 || !end || (shift ? end[1] != '\0' : *end != '\0')
        || n > ((apr_int64_t)1 << 40) >> shift)
        return "NaeringMaxUpload takes a size such as 50M, 500K or 1G";
    ((naering_dir_cfg *)dv)->max_upload = (apr_off_t)(n << shift);
    return NULL;
}

/* A request variable: letters, digits and underscore (AUTHENTICATE_CN). */
static const char *naering_set_display_name(cmd_parms *cmd, void *dv,
                                            const char *arg)
{
    const char *s;

    for (s = arg; *s; s++)
        if (!apr_isalnum(*s) && *s != '_')
            return "NaeringDisplayName takes the name of a request variable, "
                   "such as AUTHENTICATE_CN";
    if (!*arg)
        return "NaeringDisplayName takes the name of a request variable";
    ((naering_dir_cfg *)dv)->display_name = arg;
    return NULL;
}

static const char *naering_set_image_helper(cmd_parms *cmd, void *dv,
                                            const char *arg)
{
    if (arg[0] != '/')
        return "NaeringImageHelper takes the absolute path of naering-admin";
    ((naering_dir_cfg *)dv)->image_helper = arg;
    return NULL;
}

static const char *naering_set_public_doc_checks(cmd_parms *cmd, void *dv,
                                                 int on)
{
    ((naering_dir_cfg *)dv)->public_doc_checks = on;
    return NULL;
}

static const char *naering_set_language(cmd_parms *cmd, void *dv,
                                        const char *arg)
{
    if (naering_lang_index(arg) < 0)
        return "NaeringLanguage takes nb (bokmål), nn (nynorsk) or en";
    ((naering_dir_cfg *)dv)->language = arg;
    return NULL;
}

/* The statement made in Digdir's uustatus solution lives there, not here:
 * an absolute https URL, nothing a visitor's browser would not open. */
static const char *naering_set_statement_url(cmd_parms *cmd, void *dv,
                                             const char *arg)
{
    size_t i;

    if (strncmp(arg, "https://", 8) != 0 || !arg[8])
        return "NaeringStatementURL takes an https:// URL (the "
               "accessibility statement in uustatus)";
    for (i = 0; arg[i]; i++)
        if ((unsigned char)arg[i] <= ' ' || arg[i] == '"' || arg[i] == '<'
            || arg[i] == '>' || (unsigned char)arg[i] == 0x7f)
            return "NaeringStatementURL: the URL has a space or a "
                   "character a URL may not hold";
    ((naering_dir_cfg *)dv)->statement_url = arg;
    return NULL;
}

static const char *naering_set_image_seconds(cmd_parms *cmd, void *dv,
                                             const char *arg)
{
    char *end;
    long n = strtol(arg, &end, 10);

    if (*end || n < 1 || n > 3600)
        return "NaeringImageTimeout takes seconds, 1 to 3600";
    ((naering_dir_cfg *)dv)->image_seconds = (int)n;
    return NULL;
}

int naering_cfg_image_seconds(const naering_dir_cfg *c)
{
    return c->image_seconds > 0 ? c->image_seconds
                                : NAERING_DEFAULT_IMAGE_SECONDS;
}

const char *naering_cfg_image_helper(const naering_dir_cfg *c)
{
    return c->image_helper ? c->image_helper : NAERING_BINDIR "/naering-admin";
}

/* Server-wide, for tests only: "now" is read from a file (see tick.c). */
static const char *naering_set_test_clock(cmd_parms *cmd, void *dv,
                                          const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    return err ? err : naering_tick_set_clock(cmd->pool, arg);
}

static const char *naering_add_purge(cmd_parms *cmd, void *dv,
                                     const char *arg)
{
    naering_dir_cfg *c = dv;

    if (strncmp(arg, "http://", 7) != 0)
        return "NaeringPurge takes http://host:port of a cache in front";
    if (!c->purge)
        c->purge = apr_array_make(cmd->pool, 2, sizeof(const char *));
    *(const char **)apr_array_push(c->purge) = arg;
    return NULL;
}

apr_off_t naering_cfg_max_upload(const naering_dir_cfg *c)
{
    return c->max_upload > 0 ? c->max_upload : NAERING_DEFAULT_MAX_UPLOAD;
}

const command_rec naering_cmds[] = {
    /* <Location>, <Directory>, server: the site's SQLite file (made by
     * naering-admin init, migrated when older, never created here); its
     * directory must be writable by Apache. */
    AP_INIT_TAKE1("NaeringDatabase", naering_set_database, NULL,
                  RSRC_CONF | ACCESS_CONF, "path of the site's SQLite file"),
    /* <Location>, <Directory>, server: URL path the site is mounted at;
     * default: the <Location> of NaeringDatabase. */
    AP_INIT_TAKE1("NaeringBase", naering_set_base, NULL,
                  RSRC_CONF | ACCESS_CONF, "URL path of the site's root"),
    /* <Location>, <Directory>, server: directory with site.xsl, nb.xml and
     * ressurser/; default: the installed templates. */
    AP_INIT_TAKE1("NaeringTemplates", naering_set_templates, NULL,
                  RSRC_CONF | ACCESS_CONF, "directory of the XSLT templates"),
    /* <Location>, <Directory>, server: the name in the header and title. */
    AP_INIT_TAKE1("NaeringSiteName", naering_set_site_name, NULL,
                  RSRC_CONF | ACCESS_CONF, "the site's name"),
    /* <Location>, <Directory>, server: whether ?format=xml shows the XML
     * the templates see; default On. */
    AP_INIT_FLAG("NaeringXmlOutput", naering_set_xml_output, NULL,
                 RSRC_CONF | ACCESS_CONF, "On|Off: allow ?format=xml"),
    /* <Location>, <Directory>, server: the largest upload, checked while
     * it streams (413 past it); default 50M. */
    AP_INIT_TAKE1("NaeringMaxUpload", naering_set_max_upload, NULL,
                  RSRC_CONF | ACCESS_CONF, "largest upload: 50M, 500K, 1G"),
    /* server (global) only, for tests: "now" is the Unix time written in
     * FILE, read at every use; the tick runs every second.  Never set it
     * on a live site. */
    AP_INIT_TAKE1("NaeringTestClock", naering_set_test_clock, NULL,
                  RSRC_CONF, "file holding the test's Unix time"),
    /* server (main config only): the shared second level of the render
     * cache, "provider:args" of httpd's socache; default
     * shmcb:naering-cache(67108864); "none": per process only. */
    AP_INIT_TAKE1("NaeringCache", naering_shared_directive, NULL, RSRC_CONF,
                  "socache provider:args for rendered pages, or none"),
    /* <Location>, <Directory>, server: caches in front (Varnish) that get
     * "BAN <base>/" after every change; one or more http://host:port. */
    AP_INIT_ITERATE("NaeringPurge", naering_add_purge, NULL,
                    RSRC_CONF | ACCESS_CONF, "http://host:port of caches"),
    /* <Location>, <Directory>, server: whether <base>/.helse answers a
     * load balancer (200 when the database reads and could be written,
     * else 503); default Off. */
    AP_INIT_FLAG("NaeringHealth", naering_set_health, NULL,
                 RSRC_CONF | ACCESS_CONF, "On|Off: answer <base>/.helse"),
    /* <Location>, <Directory>, server: the request variable that holds an
     * editor's name as the public may see it (mod_authnz_ldap sets
     * AUTHENTICATE_<attribute>); without it, feeds and pages name the
     * site, never a login. */
    AP_INIT_TAKE1("NaeringDisplayName", naering_set_display_name, NULL,
                  RSRC_CONF | ACCESS_CONF, "variable with an editor's "
                  "public name"),
    /* <Location>, <Directory>, server: the naering-admin that decodes
     * uploaded images outside Apache (run as "naering-admin image");
     * default: the installed one. */
    AP_INIT_TAKE1("NaeringImageHelper", naering_set_image_helper, NULL,
                  RSRC_CONF | ACCESS_CONF, "path of naering-admin"),
    /* <Location>, <Directory>, server: the wall-clock seconds the image
     * helper has for one upload before it is killed; default 60. */
    AP_INIT_TAKE1("NaeringImageTimeout", naering_set_image_seconds, NULL,
                  RSRC_CONF | ACCESS_CONF, "seconds for one image"),
    /* <Location>, <Directory>, server: whether a page's public list of
     * documents says which PDFs are not accessible to screen readers
     * ("ikke tilgjengelig for skjermleser"); default Off: editors only. */
    AP_INIT_FLAG("NaeringPublicDocumentChecks", naering_set_public_doc_checks,
                 NULL, RSRC_CONF | ACCESS_CONF,
                 "On|Off: show PDFs' accessibility to visitors"),
    /* <Location>, <Directory>, server: the language of pages that do not
     * name their own, and of the editor's interface; default nb. */
    AP_INIT_TAKE1("NaeringLanguage", naering_set_language, NULL,
                  RSRC_CONF | ACCESS_CONF, "nb, nn or en"),
    /* <Location>, <Directory>, server: the site's accessibility statement
     * in uustatus; every footer links it instead of the site's own page
     * (the site's details name that one, for when this is not set). */
    AP_INIT_TAKE1("NaeringStatementURL", naering_set_statement_url, NULL,
                  RSRC_CONF | ACCESS_CONF, "https:// URL of the statement"),
    { NULL }
};

/* ---- what a request uses ------------------------------------------------ */

static naering_templates *naering_default_templates;

void naering_set_default_templates(naering_templates *t)
{
    naering_default_templates = t;
}

const naering_templates *naering_cfg_templates(const naering_dir_cfg *c)
{
    return c->templates ? c->templates : naering_default_templates;
}

const char *naering_cfg_site_name(const naering_dir_cfg *c)
{
    return c->site_name ? c->site_name : "Nettstedet";
}
