-- mod_naering schema, migration 1: pages with revisions, documents with
-- versions, site settings.  Nothing is ever overwritten: a page points at its
-- current revision, a document at its current version; deletion only sets
-- deleted_at (the trash).  Times are Unix seconds (UTC).

CREATE TABLE page (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES page(id),
    slug        TEXT    NOT NULL,
    -- the page's URL path below the site ("/" or "/a/b"): the lookup key of
    -- every page view, kept in step with slug and parent by the store
    path        TEXT    NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    status      TEXT    NOT NULL DEFAULT 'published'
                        CHECK (status IN ('published', 'draft')),
    revision_id INTEGER REFERENCES revision(id),
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER,
    CHECK ((parent_id IS NULL) = (slug = ''))
);
CREATE UNIQUE INDEX page_live_path ON page(path) WHERE deleted_at IS NULL;
CREATE INDEX page_parent ON page(parent_id, position);

CREATE TABLE revision (
    id            INTEGER PRIMARY KEY,
    page_id       INTEGER NOT NULL REFERENCES page(id),
    created_at    INTEGER NOT NULL,
    author        TEXT    NOT NULL,
    comment       TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL DEFAULT '',
    body          TEXT    NOT NULL DEFAULT '',   -- sanitized XHTML fragment
    contact_name  TEXT    NOT NULL DEFAULT '',
    contact_email TEXT    NOT NULL DEFAULT '',
    contact_phone TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX revision_page ON revision(page_id, id);

CREATE TABLE document (
    id         INTEGER PRIMARY KEY,
    page_id    INTEGER NOT NULL REFERENCES page(id),
    filename   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    version_id INTEGER REFERENCES document_version(id),
    deleted_at INTEGER
);
CREATE UNIQUE INDEX document_live_name ON document(page_id, filename)
    WHERE deleted_at IS NULL;

CREATE TABLE document_version (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id),
    sha256      TEXT    NOT NULL CHECK (length(sha256) = 64),
    size        INTEGER NOT NULL CHECK (size >= 0),
    mime        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL
);
CREATE INDEX document_version_doc ON document_version(document_id, id);

-- generation: bumped by every write, in the same transaction (validators,
-- caches); other keys belong to later migrations.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value ANY  NOT NULL
) WITHOUT ROWID;
INSERT INTO setting (key, value) VALUES ('generation', 1);

-- Every site has a front page; it cannot be moved or deleted.
INSERT INTO page (id, parent_id, slug, path, position, created_at)
    VALUES (1, NULL, '', '/', 0, CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, title, body)
    VALUES (1, 1, CAST(strftime('%s', 'now') AS INTEGER), 'naering',
            'Forside', '<p>Velkommen. Logg inn for å skrive den første siden.</p>');
UPDATE page SET revision_id = 1 WHERE id = 1;
