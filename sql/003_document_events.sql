-- mod_naering schema, migration 3: what happened to a page's documents,
-- for the page's history (uploads, replacements, renames, moves in the
-- list, trash and restore): who, when, what.
CREATE TABLE document_event (
    id          INTEGER PRIMARY KEY,
    page_id     INTEGER NOT NULL REFERENCES page(id),
    document_id INTEGER NOT NULL REFERENCES document(id),
    created_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('upload', 'replace',
                    'rename', 'reorder', 'trash', 'untrash', 'restore')),
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX document_event_page ON document_event(page_id, id);
