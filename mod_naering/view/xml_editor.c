/*
 * The editor's part of the XML document: the form with its values and
 * errors, a preview, history, a diff, a conflict, the trash, recent
 * changes, the pages a page can move under, and the site's details with
 * their history.  Pure, like xml.c, and
 * built from nodes.c's builders alone.
 */
#include <string.h>
#include <apr_strings.h>
#include "view/view.h"

/* <error field key/> for each problem with a field. */
static void naering_xml_errors(xmlNodePtr form, const naering_editor_view *ed)
{
    int i;

    for (i = 0; ed->errors && i < ed->errors->nelts; i++) {
        naering_field_err *fe = &APR_ARRAY_IDX(ed->errors, i,
                                               naering_field_err);
        xmlNodePtr e = naering_xml_child(form, "error");
        naering_xml_attr(e, "field", fe->field);
        naering_xml_attr(e, "key", fe->key);
    }
}

/* The site's details, as fields under parent. */
static void naering_xml_site_fields(xmlNodePtr parent,
                                    const naering_site_fields *f)
{
    naering_xml_el(parent, "organisation", f->organisation);
    naering_xml_el(parent, "about", f->about);
    naering_xml_el(parent, "address", f->address);
    naering_xml_el(parent, "phone", f->phone);
    naering_xml_el(parent, "email", f->email);
    naering_xml_el(parent, "statement", f->statement);
}

/* The site's details as the form shows them, and every earlier version
 * (newest first) with who saved it. */
static void naering_xml_site_form(apr_pool_t *p, xmlNodePtr root,
                                  const naering_editor_view *ed)
{
    xmlNodePtr form = naering_xml_child(root, "form"), h;
    int i;

    naering_xml_attr(form, "revision", naering_xml_id(p, ed->form_revision));
    naering_xml_site_fields(form, ed->site_form);
    naering_xml_errors(form, ed);
    if (!ed->site_history)
        return;
    h = naering_xml_child(root, "site-history");
    for (i = 0; i < ed->site_history->nelts; i++) {
        naering_site_details *d = &APR_ARRAY_IDX(ed->site_history, i,
                                                 naering_site_details);
        xmlNodePtr el = naering_xml_child(h, "details");
        naering_xml_attr(el, "id", naering_xml_id(p, d->id));
        naering_xml_attr(el, "created", naering_xml_time(p, d->created));
        naering_xml_attr(el, "by", d->author);
        if (i == 0)
            naering_xml_attr(el, "current", "true");
        naering_xml_site_fields(el, &d->f);
    }
}

static void naering_xml_form(apr_pool_t *p, xmlNodePtr root,
                             const naering_editor_view *ed)
{
    const naering_page_fields *f = ed->form;
    xmlNodePtr form = naering_xml_child(root, "form");

    naering_xml_attr(form, "revision", naering_xml_id(p, ed->form_revision));
    naering_xml_attr(form, "slug", ed->slug ? ed->slug : "");
    if (ed->replaces)
        naering_xml_attr(form, "replaces", naering_xml_id(p, ed->replaces));
    naering_xml_el(form, "title", f->title);
    naering_xml_el(form, "summary", f->summary);
    naering_xml_el(form, "body", f->body);
    naering_xml_el(form, "contact-name", f->contact_name);
    naering_xml_el(form, "contact-email", f->contact_email);
    naering_xml_el(form, "contact-phone", f->contact_phone);
    naering_xml_el(form, "comment", f->comment ? f->comment : "");
    naering_xml_el(form, "status", f->draft ? "utkast" : "publisert");
    naering_xml_el(form, "menu", f->menu == NAERING_MENU_HIDE ? "skjul"
                                                             : "vis");
    naering_xml_el(form, "lang", f->lang ? f->lang : "");
    /* An item's time, as <input type="datetime-local"> takes it. */
    naering_xml_el(form, "starts", f->starts ? naering_oslo_input(p, f->starts)
                                             : "");
    naering_xml_el(form, "ends", f->ends ? naering_oslo_input(p, f->ends)
                                         : "");
    naering_xml_el(form, "place", f->place ? f->place : "");
    naering_xml_el(form, "event-status", f->event_status ? f->event_status
                                                         : "planned");
    naering_xml_el(form, "planlagt", f->due ? naering_oslo_input(p, f->due)
                                            : "");
    naering_xml_errors(form, ed);
}

static void naering_xml_history(apr_pool_t *p, xmlNodePtr root,
                                const naering_view *v)
{
    xmlNodePtr h = naering_xml_child(root, "history");
    int i;

    for (i = 0; i < v->editor->revisions->nelts; i++) {
        naering_revision *r = &APR_ARRAY_IDX(v->editor->revisions, i,
                                             naering_revision);
        xmlNodePtr el = naering_xml_child(h, "revision");
        naering_xml_attr(el, "id", naering_xml_id(p, r->id));
        naering_xml_attr(el, "created", naering_xml_time(p, r->created));
        naering_xml_attr(el, "by", r->author);
        if (v->page && r->id == v->page->revision)
            naering_xml_attr(el, "current", "true");
        if (r->scheduled && *r->scheduled)
            naering_xml_attr(el, "scheduled", r->scheduled);
        naering_xml_el(el, "title", r->title);
        naering_xml_el(el, "comment", r->comment);
    }
}

/* from -> to, word by word, for the title and the body's text. */
static void naering_xml_diff(apr_pool_t *p, xmlNodePtr root,
                             const naering_editor_view *ed)
{
    xmlNodePtr d = naering_xml_child(root, "diff");
    xmlNodePtr t = naering_xml_child(d, "title");
    xmlNodePtr b = naering_xml_child(d, "body");
    int n;

    naering_xml_attr(d, "from", naering_xml_id(p, ed->from->revision));
    naering_xml_attr(d, "to", naering_xml_id(p, ed->to->revision));
    naering_xml_attr(d, "from-by", ed->from->author);
    naering_xml_attr(d, "to-by", ed->to->author);
    naering_xml_attr(d, "from-time", naering_xml_time(p, ed->from->updated));
    naering_xml_attr(d, "to-time", naering_xml_time(p, ed->to->updated));
    n = naering_diff_words(p, ed->from->title, ed->to->title, t);
    n += naering_diff_words(p, naering_xhtml_text(p, ed->from->body),
                            naering_xhtml_text(p, ed->to->body), b);
    naering_xml_attr(d, "changes", apr_itoa(p, n));
}

static void naering_xml_changes(apr_pool_t *p, xmlNodePtr root,
                                const naering_view *v)
{
    xmlNodePtr cs = naering_xml_child(root, "changes");
    int i;

    for (i = 0; i < v->editor->changes->nelts; i++) {
        naering_change *c = &APR_ARRAY_IDX(v->editor->changes, i,
                                           naering_change);
        xmlNodePtr el = naering_xml_child(cs, "change");
        naering_xml_attr(el, "revision", naering_xml_id(p, c->revision));
        naering_xml_attr(el, "edit-url", naering_url_edit(p, v->base,
                                                          c->path));
        naering_xml_attr(el, "path", c->path);
        naering_xml_attr(el, "created", naering_xml_time(p, c->created));
        naering_xml_attr(el, "by", c->author);
        naering_xml_attr(el, "draft", c->draft ? "true" : "false");
        naering_xml_attr(el, "deleted", c->deleted ? "true" : "false");
        if (c->scheduled && *c->scheduled)
            naering_xml_attr(el, "scheduled", c->scheduled);
        naering_xml_el(el, "title", c->title);
        naering_xml_el(el, "comment", c->comment);
    }
}

/* Trash entries and move targets share the shape. */
static void naering_xml_entries_as(apr_pool_t *p, xmlNodePtr root,
                                   const char *name,
                                   apr_array_header_t *list)
{
    xmlNodePtr el = naering_xml_child(root, name);
    int i;

    for (i = 0; i < list->nelts; i++) {
        naering_entry *e = &APR_ARRAY_IDX(list, i, naering_entry);
        xmlNodePtr it = naering_xml_child(el, "entry");
        naering_xml_attr(it, "id", naering_xml_id(p, e->id));
        naering_xml_attr(it, "path", e->path);
        naering_xml_attr(it, "time", naering_xml_time(p, e->updated));
        naering_xml_attr(it, "by", e->author);
        naering_xml_el(it, "title", e->title);
        if (e->draft)
            naering_xml_attr(it, "draft", "true");
    }
}

/* Every document of the page, trashed ones too, each with its versions
 * (newest first) and where to download them. */
static void naering_xml_doc_list(apr_pool_t *p, xmlNodePtr root,
                                 const naering_view *v)
{
    const naering_editor_view *ed = v->editor;
    xmlNodePtr list = naering_xml_child(root, "doc-list");
    const char *edit = naering_url_edit(p, v->base, v->page->path);
    int i, j;

    for (i = 0; i < ed->all_documents->nelts; i++) {
        naering_document *d = &APR_ARRAY_IDX(ed->all_documents, i,
                                             naering_document);
        xmlNodePtr el = naering_xml_document(p, list, "doc", v, d);
        if (d->trashed)
            naering_xml_attr(el, "trashed", "true");
        for (j = 0; ed->doc_versions && j < ed->doc_versions->nelts; j++) {
            naering_doc_version *dv = &APR_ARRAY_IDX(ed->doc_versions, j,
                                                     naering_doc_version);
            xmlNodePtr ve;
            if (dv->document != d->id)
                continue;
            ve = naering_xml_child(el, "version");
            naering_xml_attr(ve, "id", naering_xml_id(p, dv->id));
            naering_xml_attr(ve, "size", apr_off_t_toa(p, dv->size));
            naering_xml_attr(ve, "mime", dv->mime);
            naering_xml_attr(ve, "created", naering_xml_time(p, dv->created));
            naering_xml_attr(ve, "by", dv->author);
            naering_xml_attr(ve, "url", apr_psprintf(p, "%s?" NAERING_Q_VIEW
                             "=dokumentversjon&" NAERING_Q_VERSION "=%"
                             APR_INT64_T_FMT, edit, (apr_int64_t)dv->id));
            if (dv->current)
                naering_xml_attr(ve, "current", "true");
        }
    }
}

/* <NAME><event action created by><title/><detail/></event>...</NAME> */
static void naering_xml_events(apr_pool_t *p, xmlNodePtr root,
                               const char *name, apr_array_header_t *events)
{
    xmlNodePtr list = naering_xml_child(root, name);
    int i;

    for (i = 0; i < events->nelts; i++) {
        naering_doc_event *ev = &APR_ARRAY_IDX(events, i, naering_doc_event);
        xmlNodePtr el = naering_xml_child(list, "event");
        naering_xml_attr(el, "action", ev->action);
        naering_xml_attr(el, "created", naering_xml_time(p, ev->created));
        naering_xml_attr(el, "by", ev->author);
        naering_xml_el(el, "title", ev->title);
        naering_xml_el(el, "detail", ev->detail);
    }
}

/* <image-form alt caption [decorative]><error/></image-form>: what was
 * typed for an image that was refused. */
static void naering_xml_image_form(xmlNodePtr root,
                                   const naering_editor_view *ed)
{
    xmlNodePtr f = naering_xml_child(root, "image-form");

    naering_xml_attr(f, "alt", ed->image_form->alt ? ed->image_form->alt
                                                     : "");
    naering_xml_attr(f, "caption", ed->image_form->caption
                                   ? ed->image_form->caption : "");
    if (ed->image_form->decorative)
        naering_xml_attr(f, "decorative", "true");
    naering_xml_errors(f, ed);
}

/* <library [match]><image/>...</library> */
static void naering_xml_library(apr_pool_t *p, xmlNodePtr root,
                                const naering_view *v)
{
    const naering_editor_view *ed = v->editor;
    xmlNodePtr lib = naering_xml_child(root, "library");
    int i;

    if (ed->library_match)
        naering_xml_attr(lib, "match", ed->library_match);
    for (i = 0; i < ed->library->nelts; i++)
        naering_xml_image(p, lib, v, &APR_ARRAY_IDX(ed->library, i,
                                                    naering_image));
}

/* <image-detail [warn]><image/><uses><page url title/></uses>
 * <image-events><event/></image-events></image-detail> */
static void naering_xml_image_detail(apr_pool_t *p, xmlNodePtr root,
                                     const naering_view *v)
{
    const naering_editor_view *ed = v->editor;
    xmlNodePtr d = naering_xml_child(root, "image-detail"), uses;
    int i;

    if (ed->image_warn)
        naering_xml_attr(d, "warn", "true");
    naering_xml_image(p, d, v, ed->image);
    uses = naering_xml_child(d, "uses");
    for (i = 0; ed->image_uses && i < ed->image_uses->nelts; i++) {
        naering_entry *en = &APR_ARRAY_IDX(ed->image_uses, i, naering_entry);
        xmlNodePtr pg = naering_xml_el(uses, "page", en->title);
        naering_xml_attr(pg, "url", naering_url_page(p, v->base, en->path));
        naering_xml_attr(pg, "edit", naering_url_edit(p, v->base, en->path));
        naering_xml_attr(pg, "path", en->path);
    }
    if (ed->image_events)
        naering_xml_events(p, d, "doc-events", ed->image_events);
}

/* <broken-links><link href page-url edit-url><title/></link>... */
static void naering_xml_broken_links(apr_pool_t *p, xmlNodePtr root,
                                     const naering_view *v)
{
    xmlNodePtr list = naering_xml_child(root, "broken-links");
    int i;

    for (i = 0; i < v->editor->broken_links->nelts; i++) {
        naering_link *l = &APR_ARRAY_IDX(v->editor->broken_links, i,
                                         naering_link);
        xmlNodePtr el = naering_xml_el(list, "link", l->title);
        naering_xml_attr(el, "href", l->href);
        naering_xml_attr(el, "page-url", naering_url_page(p, v->base,
                                                          l->path));
        naering_xml_attr(el, "edit-url", naering_url_edit(p, v->base,
                                                          l->path));
    }
}

/* <incoming action [dok]><page url edit>title</page>...</incoming>: who
 * links to what is about to go to the trash. */
static void naering_xml_incoming(apr_pool_t *p, xmlNodePtr root,
                                 const naering_view *v)
{
    const naering_editor_view *ed = v->editor;
    xmlNodePtr list = naering_xml_child(root, "incoming");
    int i;

    naering_xml_attr(list, "action", ed->incoming_action);
    if (ed->incoming_doc)
        naering_xml_attr(list, "dok", naering_xml_id(p, ed->incoming_doc));
    for (i = 0; i < ed->incoming->nelts; i++) {
        naering_entry *en = &APR_ARRAY_IDX(ed->incoming, i, naering_entry);
        xmlNodePtr el = naering_xml_el(list, "page", en->title);
        naering_xml_attr(el, "url", naering_url_page(p, v->base, en->path));
        naering_xml_attr(el, "edit", naering_url_edit(p, v->base, en->path));
    }
}

/* What is scheduled: <scheduled><change id action state attempts by
 * page-url edit-url><due …/><title/><error/></change></scheduled>. */
static void naering_xml_scheduled(apr_pool_t *p, xmlNodePtr root,
                                  const naering_view *v)
{
    xmlNodePtr list = naering_xml_child(root, "scheduled");
    int i;

    for (i = 0; i < v->editor->scheduled->nelts; i++) {
        const naering_scheduled *s = &APR_ARRAY_IDX(v->editor->scheduled, i,
                                                    naering_scheduled);
        xmlNodePtr el = naering_xml_child(list, "change");
        naering_xml_attr(el, "id", naering_xml_id(p, s->id));
        naering_xml_attr(el, "action", s->action);
        naering_xml_attr(el, "state", s->state);
        naering_xml_attr(el, "attempts", apr_itoa(p, s->attempts));
        naering_xml_attr(el, "by", s->author);
        naering_xml_attr(el, "page-url", naering_url_page(p, v->base,
                                                          s->path));
        naering_xml_attr(el, "edit-url", naering_url_edit(p, v->base,
                                                          s->path));
        naering_xml_attr(el, "input", naering_oslo_input(p, s->due));
        naering_xml_when(p, el, "due", s->due);
        naering_xml_el(el, "title", s->title);
        if (*s->error)
            naering_xml_el(el, "error", s->error);
    }
}

/* Due for review: <reviews><page url edit-url by author overdue>
 * <due …/><changed …/><title/></page></reviews>, the oldest first. */
static void naering_xml_reviews(apr_pool_t *p, xmlNodePtr root,
                                const naering_view *v)
{
    xmlNodePtr list = naering_xml_child(root, "reviews");
    int i;

    for (i = 0; i < v->editor->reviews->nelts; i++) {
        const naering_review *r = &APR_ARRAY_IDX(v->editor->reviews, i,
                                                 naering_review);
        xmlNodePtr el = naering_xml_child(list, "page");
        naering_xml_attr(el, "url", naering_url_page(p, v->base, r->path));
        naering_xml_attr(el, "edit-url", naering_url_edit(p, v->base,
                                                          r->path));
        naering_xml_attr(el, "by", r->by);
        naering_xml_attr(el, "author", r->author);
        naering_xml_attr(el, "overdue", r->due <= v->editor->now ? "true"
                                                                : "false");
        naering_xml_when(p, el, "due", r->due);
        naering_xml_when(p, el, "changed", r->changed);
        naering_xml_el(el, "title", r->title);
    }
}

/* The edited page's next review and responsible editor (editors only). */
static void naering_xml_review_of(apr_pool_t *p, xmlNodePtr root,
                                  const naering_page *pg)
{
    xmlNodePtr el = naering_xml_child(root, "review");

    naering_xml_attr(el, "by", pg->review_by ? pg->review_by : "");
    if (pg->review_at) {
        naering_xml_attr(el, "date", apr_pstrndup(p, naering_oslo_input(
                                         p, pg->review_at), 10));
        naering_xml_when(p, el, "due", pg->review_at);
    }
}

/* <a11y><warning kind criterion>excerpt</warning></a11y> */
static void naering_xml_a11y(xmlNodePtr parent, const char *name,
                             const apr_array_header_t *warnings)
{
    xmlNodePtr list = naering_xml_child(parent, name);
    int i;

    naering_xml_attr(list, "count", apr_itoa(warnings->pool,
                                             warnings->nelts));
    for (i = 0; i < warnings->nelts; i++) {
        const naering_a11y_warning *w = &APR_ARRAY_IDX(warnings, i,
                                                       naering_a11y_warning);
        xmlNodePtr el = naering_xml_el(list, "warning", w->excerpt);
        naering_xml_attr(el, "kind", w->kind);
        naering_xml_attr(el, "criterion", w->criterion);
    }
}

/* <a11y-report><page path url edit [draft]><title/><a11y>…</a11y></page>:
 * the site's pages with warnings. */
static void naering_xml_a11y_report(apr_pool_t *p, xmlNodePtr root,
                                    const naering_view *v)
{
    xmlNodePtr list = naering_xml_child(root, "a11y-report");
    int i;

    for (i = 0; i < v->editor->a11y_pages->nelts; i++) {
        const naering_a11y_page *pg = &APR_ARRAY_IDX(v->editor->a11y_pages, i,
                                                     naering_a11y_page);
        xmlNodePtr el = naering_xml_child(list, "page");
        naering_xml_attr(el, "path", pg->path);
        naering_xml_attr(el, "url", naering_url_page(p, v->base, pg->path));
        naering_xml_attr(el, "edit", naering_url_edit(p, v->base, pg->path));
        if (pg->draft)
            naering_xml_attr(el, "draft", "true");
        naering_xml_el(el, "title", pg->title);
        naering_xml_a11y(el, "a11y", pg->warnings);
    }
}

/* <docs-to-fix><doc page edit checks ...>: the site-wide list. */
static void naering_xml_docs_to_fix(apr_pool_t *p, xmlNodePtr root,
                                    const naering_view *v)
{
    xmlNodePtr list = naering_xml_child(root, "docs-to-fix");
    int i;

    for (i = 0; i < v->editor->docs_to_fix->nelts; i++)
        naering_xml_document(p, list, "doc", v, &APR_ARRAY_IDX(
                             v->editor->docs_to_fix, i, naering_document));
}

void naering_xml_editor(apr_pool_t *p, xmlNodePtr root, xmlNodePtr info,
                        const naering_view *v)
{
    const naering_editor_view *ed = v->editor;

    naering_xml_attr(info, "user", ed->user);
    naering_xml_attr(info, "csrf", ed->csrf);
    naering_xml_attr(info, "home", naering_url_edit(p, v->base, "/"));
    /* The upload limit, for the forms' texts and the script's check. */
    if (ed->max_upload > 0)
        naering_xml_attr(info, "max-upload", apr_off_t_toa(p,
                                                           ed->max_upload));
    if (ed->notice)
        naering_xml_attr(info, "notice", ed->notice);
    if (ed->form)
        naering_xml_form(p, root, ed);
    if (ed->site_form)
        naering_xml_site_form(p, root, ed);
    if (ed->preview)
        naering_xml_add_fragment(naering_xml_child(root, "preview"), ed->preview);
    if (ed->revisions)
        naering_xml_history(p, root, v);
    if (ed->from && ed->to)
        naering_xml_diff(p, root, ed);
    if (ed->changes)
        naering_xml_changes(p, root, v);
    if (ed->trash)
        naering_xml_entries_as(p, root, "trash", ed->trash);
    if (ed->pages) {
        naering_xml_entries_as(p, root, "targets", ed->pages);
        naering_xml_attr(root->last, "query", ed->parent_query
                                              ? ed->parent_query : "");
    }
    if (ed->a11y)
        naering_xml_a11y(root, "a11y", ed->a11y);
    if (ed->a11y_pages)
        naering_xml_a11y_report(p, root, v);
    if (ed->all_documents && v->page)
        naering_xml_doc_list(p, root, v);
    if (ed->doc_events)
        naering_xml_events(p, root, "doc-events", ed->doc_events);
    /* History: what happened to the images the page shows. */
    if (ed->image_events && !ed->image)
        naering_xml_events(p, root, "image-events", ed->image_events);
    if (ed->docs_to_fix)
        naering_xml_docs_to_fix(p, root, v);
    if (ed->broken_links)
        naering_xml_broken_links(p, root, v);
    if (ed->incoming)
        naering_xml_incoming(p, root, v);
    if (ed->image_form)
        naering_xml_image_form(root, ed);
    if (ed->library)
        naering_xml_library(p, root, v);
    if (ed->image)
        naering_xml_image_detail(p, root, v);
    if (ed->scheduled)
        naering_xml_scheduled(p, root, v);
    if (ed->reviews)
        naering_xml_reviews(p, root, v);
    if (v->page && v->kind == NAERING_VIEW_EDIT)
        naering_xml_review_of(p, root, v->page);
    if (ed->refused) {
        xmlNodePtr r = naering_xml_child(root, "refused");
        naering_xml_attr(r, "key", ed->refused);
        naering_xml_attr(r, "file", ed->refused_file ? ed->refused_file : "");
    }
}
