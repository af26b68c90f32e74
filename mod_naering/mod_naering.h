/*
 * The top of the module: the visitor views (public.c) and the front door
 * (handler.c), which the hooks (mod_naering.c) call.  Nothing below this
 * folder's own files includes it; mod_naering/README.md draws the layers.
 */
#ifndef MOD_NAERING_H
#define MOD_NAERING_H

#include "httpd/server.h"

/* public.c: what visitors see */
int naering_page_view(naering_req *q, const char *path);
int naering_document_get(naering_req *q, const naering_route *rt);
/* <base>/bilder/<id>: the image at a middle width (what a page's text
 * and the editor point at); <base>/bilder/<id>/<sha256>.<ext>: one
 * variant, for ever (it is content-addressed). */
int naering_image_get(naering_req *q, const naering_route *rt);
int naering_search_page(naering_req *q);
int naering_feed_view(naering_req *q, naering_view_kind kind);
int naering_asset(naering_req *q, const char *name);
/* <base>/.helse: 200 when the database reads and could be written. */
int naering_health(naering_req *q);

/* handler.c: the handler hook's one call */
int naering_handler(request_rec *r);

#endif /* MOD_NAERING_H */
