/*
 * The editor's entries, in one place: every view a GET can ask for with
 * ?vis=, every action a POST can ask for with handling=, and what each
 * needs (editor.h: the URL's page, a multipart body) or means (it writes).
 * A word that is not here is refused by the gate; nothing falls through
 * to a default.  The words are the forms' own (xslt/editor.xsl).
 */
#include <string.h>
#include "editor/editor.h"

#define PAGE NAERING_EDIT_PAGE
#define WRITES NAERING_EDIT_WRITES
#define MULTIPART NAERING_EDIT_MULTIPART

const naering_edit_entry naering_edit_views[] = {
    { "",                naering_view_edit,    PAGE },
    { "historikk",       naering_view_history, PAGE },
    { "diff",            naering_view_diff,    PAGE },
    { "ny",              naering_view_new,     PAGE },
    { "dokumenter",      naering_docs_view,    PAGE },
    { "dokumentversjon", naering_docs_version, PAGE },
    { "papirkurv",       naering_view_trash,   0 },
    { "endringer",       naering_view_changes, 0 },
    { "nettsted",        naering_site_view,    0 },
    { "dokumentsjekk",   naering_docs_checks_view, 0 },
    { "brutte-lenker",   naering_links_broken_view, 0 },
    { "tilgjengelighet", naering_a11y_view,    0 },
    { "bilder",          naering_images_view,  PAGE },
    { "bilde",           naering_image_view,   PAGE },
    { "planlagt",        naering_schedule_view, 0 },
    { "planlagt-tekst",  naering_schedule_text_view, PAGE },
    { "gjennomgang",     naering_review_view,  0 },
    { "logg-ut",         naering_view_logout,  0 },
    { NULL, NULL, 0 }
};

const naering_edit_entry naering_edit_actions[] = {
    { "lagre",          naering_act_save,      PAGE | WRITES },
    { "forhandsvis",    naering_act_preview,   PAGE },
    { "opprett",        naering_act_create,    PAGE | WRITES },
    { "flytt",          naering_act_move,      PAGE | WRITES },
    { "slett",          naering_act_trash,     PAGE | WRITES },
    { "gjenopprett",    naering_act_restore,   PAGE | WRITES },
    { "angre-sletting", naering_act_untrash,   WRITES },
    { "opp",            naering_act_up,        PAGE | WRITES },
    { "ned",            naering_act_down,      PAGE | WRITES },
    { "last-opp",       naering_docs_upload,   PAGE | WRITES | MULTIPART },
    { "erstatt",        naering_docs_replace,  PAGE | WRITES | MULTIPART },
    { "dok-tittel",     naering_docs_rename,   PAGE | WRITES },
    { "dok-opp",        naering_docs_up,       PAGE | WRITES },
    { "dok-ned",        naering_docs_down,     PAGE | WRITES },
    { "dok-slett",      naering_docs_trash,    PAGE | WRITES },
    { "dok-tilbake",    naering_docs_untrash,  PAGE | WRITES },
    { "dok-versjon",    naering_docs_restore,  PAGE | WRITES },
    { "lagre-nettsted", naering_site_save,     WRITES },
    { "nettsted-tilbake", naering_site_restore, WRITES },
    { "last-opp-bilde", naering_images_upload, PAGE | WRITES | MULTIPART },
    { "sett-inn-bilde", naering_images_insert, PAGE | WRITES },
    { "erstatt-bilde",  naering_images_replace, PAGE | WRITES | MULTIPART },
    { "slett-bilde",    naering_images_trash,  PAGE | WRITES },
    { "bilde-tilbake",  naering_images_untrash, PAGE | WRITES },
    { "koble-oversettelse", naering_langs_link, PAGE | WRITES },
    { "fjern-oversettelse", naering_langs_unlink, PAGE | WRITES },
    { "planlegg",       naering_schedule_add,  PAGE | WRITES },
    { "planlagt-endre", naering_schedule_edit, PAGE | WRITES },
    { "planlagt-avbryt", naering_schedule_cancel, PAGE | WRITES },
    { "gjennomgatt",    naering_review_done,   PAGE | WRITES },
    { "gjennomgang-lagre", naering_review_save, PAGE | WRITES },
    { NULL, NULL, 0 }
};

const naering_edit_entry *naering_edit_find(const naering_edit_entry *table,
                                            const char *word)
{
    for (; word && table->word; table++)
        if (strcmp(table->word, word) == 0)
            return table;
    return NULL;
}
