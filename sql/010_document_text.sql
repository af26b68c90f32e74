-- mod_naering schema, migration 10: what documents say, for search.
--
-- The text of a document's bytes, read by the helper (naering-admin
-- extract: PDF, OpenDocument, Office Open XML, text) outside Apache, keyed
-- by the bytes' content address, so a version restored or uploaded again
-- is not read twice.  state: 'text'; 'none' (no text layer, or a type
-- without text); 'failed' (broken, encrypted, or the helper failed: the
-- document is served all the same, and "naering-admin reindex" tries
-- again).  A document without a row here has not been read yet.
-- checks: what a PDF lacks for assistive technology (naering-admin
-- pdfcheck), keys separated by spaces: untagged, no-language, no-title,
-- title-not-shown, encrypted-blocks, no-text (a scan), broken.  Warnings
-- for editors, never refusals.
CREATE TABLE document_text (
    sha256 TEXT PRIMARY KEY,
    state  TEXT NOT NULL CHECK (state IN ('text', 'none', 'failed')),
    text   TEXT NOT NULL DEFAULT '',
    checks TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- One row per live document of a live, published page (rowid =
-- document.id), kept with the pages' search rows: its title and file
-- name, and its text.
CREATE VIRTUAL TABLE doc_search USING fts5(
    title, text,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- A site upgraded finds its documents by title at once; their text comes
-- with "naering-admin reindex DB" (README: Upgrading).
INSERT INTO doc_search (rowid, title, text)
SELECT d.id, d.title || ' ' || d.filename, ''
  FROM document d JOIN page p ON p.id = d.page_id
 WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL AND p.hidden = 0;
