/* naering-admin's own helpers (admin.c, admin_files.c). */
#ifndef NAERING_ADMIN_H
#define NAERING_ADMIN_H

#include "store/store.h"

naering_err *naering_admin_copy_files(apr_pool_t *p, const char *from,
                                      const char *to,
                                      apr_array_header_t *shas);
void naering_admin_missing(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas,
                           apr_array_header_t *problems);
void naering_admin_orphans(apr_pool_t *p, const char *dir,
                           apr_array_header_t *shas, int fix,
                           apr_array_header_t *orphans);

/* The content addresses of every file below from. */
void naering_admin_list_files(apr_pool_t *p, const char *from,
                              apr_array_header_t *shas);

#endif
