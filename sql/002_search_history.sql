-- mod_naering schema, migration 2: full-text search, the paths pages had
-- before they moved, and the time of the last change (Last-Modified).

-- One row per page (rowid = page.id), kept by the store in the same
-- transaction as every write.  remove_diacritics 0: æ, ø and å are letters
-- of their own in Norwegian, not a, o and a with marks.
CREATE VIRTUAL TABLE search USING fts5(
    title, summary, body, documents,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- A page that moved or was renamed answers 301 at each of its old paths.
CREATE TABLE path_history (
    path     TEXT    PRIMARY KEY,
    page_id  INTEGER NOT NULL REFERENCES page(id),
    moved_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO setting (key, value)
    VALUES ('changed_at', CAST(strftime('%s', 'now') AS INTEGER));
