/*
 * News items and meetings in the document.  Times go out on Oslo's clock
 * as parts, not as text: the words (weekdays, months, "kl.") are the
 * templates' (nb.xml), and JSON-LD takes the ISO form.
 */
#include <string.h>
#include <apr_strings.h>
#include "view/view.h"

xmlNodePtr naering_xml_when(apr_pool_t *p, xmlNodePtr parent,
                            const char *name, apr_int64_t secs)
{
    xmlNodePtr el = naering_xml_child(parent, name);
    naering_local l;

    naering_oslo(secs, &l);
    naering_xml_attr(el, "datetime", naering_oslo_iso(p, secs));
    naering_xml_attr(el, "year", apr_itoa(p, l.year));
    naering_xml_attr(el, "month", apr_itoa(p, l.month));
    naering_xml_attr(el, "day", apr_itoa(p, l.day));
    naering_xml_attr(el, "weekday", apr_itoa(p, l.weekday));
    naering_xml_attr(el, "hour", apr_psprintf(p, "%02d", l.hour));
    naering_xml_attr(el, "minute", apr_psprintf(p, "%02d", l.minute));
    return el;
}

static void naering_xml_times(apr_pool_t *p, xmlNodePtr parent,
                              apr_int64_t starts, apr_int64_t ends)
{
    xmlNodePtr when;

    if (!starts)
        return;
    when = naering_xml_child(parent, "when");
    naering_xml_when(p, when, "starts", starts);
    if (ends)
        naering_xml_when(p, when, "ends", ends);
}

void naering_xml_item_of_page(apr_pool_t *p, xmlNodePtr page,
                              const naering_page *pg)
{
    int meeting = pg->kind && strcmp(pg->kind, "meeting") == 0;

    naering_xml_attr(page, "kind", pg->kind && *pg->kind ? pg->kind
                                                         : "page");
    if (!meeting && !(pg->kind && strcmp(pg->kind, "news") == 0))
        return;
    naering_xml_times(p, page, pg->starts, meeting ? pg->ends : 0);
    if (meeting) {
        naering_xml_attr(page, "status", pg->event_status);
        naering_xml_attr(page, "sequence", apr_itoa(p, pg->sequence));
        if (*pg->place)
            naering_xml_el(page, "place", pg->place);
    }
}

static void naering_xml_item(apr_pool_t *p, xmlNodePtr parent,
                             const naering_view *v, const naering_item *it)
{
    xmlNodePtr el = naering_xml_child(parent, "item");
    int meeting = strcmp(it->kind, "meeting") == 0;

    naering_xml_attr(el, "url", naering_url_page(p, v->base, it->path));
    naering_xml_attr(el, "kind", it->kind);
    if (meeting) {
        naering_xml_attr(el, "status", it->event_status);
        naering_xml_attr(el, "upcoming", it->upcoming ? "true" : "false");
    }
    naering_xml_el(el, "title", it->title);
    if (*it->summary)
        naering_xml_el(el, "summary", it->summary);
    naering_xml_times(p, el, it->starts, meeting ? it->ends : 0);
    if (meeting && *it->place)
        naering_xml_el(el, "place", it->place);
}

static void naering_xml_list(apr_pool_t *p, xmlNodePtr parent,
                             const char *name, const naering_view *v,
                             const apr_array_header_t *items)
{
    xmlNodePtr el = naering_xml_child(parent, name);
    int i;

    for (i = 0; i < items->nelts; i++)
        naering_xml_item(p, el, v, &APR_ARRAY_IDX(items, i, naering_item));
}

void naering_xml_items(apr_pool_t *p, xmlNodePtr root, const naering_view *v)
{
    if (v->items) {
        xmlNodePtr el;
        int per = v->items_per_page > 0 ? v->items_per_page : 1;
        naering_xml_list(p, root, "items", v, v->items);
        el = root->last;
        naering_xml_attr(el, "total", apr_itoa(p, v->items_total));
        naering_xml_attr(el, "page", apr_itoa(p, v->items_page));
        naering_xml_attr(el, "pages",
                         apr_itoa(p, (v->items_total + per - 1) / per));
    }
    if (v->latest_news || v->next_meeting) {
        xmlNodePtr latest = naering_xml_child(root, "latest");
        if (v->latest_news)
            naering_xml_list(p, latest, "news", v, v->latest_news);
        if (v->next_meeting)
            naering_xml_list(p, latest, "next-meeting", v, v->next_meeting);
    }
}
