/*
 * The Apache-facing half of the module's API: the per-directory config,
 * the module record and the handlers.  Files that include httpd headers
 * include this one; the pure parts include only naering.h.
 */
#ifndef MOD_NAERING_H
#define MOD_NAERING_H

#include "httpd.h"
#include "http_config.h"
#include "naering.h"

#define NAERING_UNSET (-1)
#define NAERING_HANDLER "naering"

typedef struct {
    naering_site *site;           /* NaeringDatabase */
    const char *base;             /* mount point: "" or "/site" */
    naering_templates *templates; /* NaeringTemplates */
    const char *site_name;        /* NaeringSiteName */
    int xml_output;               /* NaeringXmlOutput */
} naering_dir_cfg;

extern module AP_MODULE_DECLARE_DATA naering_module;
extern const command_rec naering_cmds[];

void *naering_create_dir_config(apr_pool_t *p, char *dir);
void *naering_merge_dir_config(apr_pool_t *p, void *basev, void *addv);

/* The templates a request uses: its own, or the installed default. */
const naering_templates *naering_cfg_templates(const naering_dir_cfg *c);
void naering_set_default_templates(naering_templates *t);
const char *naering_cfg_site_name(const naering_dir_cfg *c);

int naering_handler(request_rec *r);

/* http.c */
void naering_http_headers(request_rec *r, int public_cache);
int naering_http_send(request_rec *r, const char *ctype, const char *body,
                      apr_size_t len);
int naering_http_send_file(request_rec *r, const char *path,
                           const char *ctype, const char *filename);

#endif
