-- mod_naering schema, migration 12: languages.  A page's text is written
-- in a language (nb, nn or en; '' is the site's own, NaeringLanguage), so
-- the language is part of each revision: it has a history, a restore
-- brings it back, and it changes with the text it belongs to.
ALTER TABLE revision ADD COLUMN lang TEXT NOT NULL DEFAULT ''
    CHECK (lang IN ('', 'nb', 'nn', 'en'));

-- Pages that are translations of each other share a group: the id of the
-- page that started it.  A page is in one group at most; a group of one
-- is removed by the store.  A property of the pages, like in_menu.
CREATE TABLE translation (
    page_id INTEGER PRIMARY KEY REFERENCES page(id),
    grp     INTEGER NOT NULL
);
CREATE INDEX translation_grp ON translation(grp);
