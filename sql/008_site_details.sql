-- mod_naering schema, migration 8: the site's own details.
--
-- What every page's footer says about the site: the organisation (empty:
-- the site's name), a line about it, its address, phone and e-mail, and
-- where its accessibility statement is (a path below the site such as
-- '/tilgjengelighet', a full https:// address, or '' for none).  Editors
-- of the front page change them in the editor (?vis=nettsted), not admins
-- in the templates.  Nothing is overwritten: each save is a new row, the
-- newest counts, and any earlier one can be brought back.
CREATE TABLE site_revision (
    id           INTEGER PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    author       TEXT    NOT NULL,
    author_name  TEXT    NOT NULL DEFAULT '',
    organisation TEXT    NOT NULL DEFAULT '',
    about        TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    statement    TEXT    NOT NULL DEFAULT ''
);

-- A site upgraded keeps what the templates said before this table, until
-- an editor changes it.  A new one (nothing but migration 1's front page)
-- starts with none: "naering-admin init" seeds its own (sql/seed.sql),
-- and a bare site's footer shows the site's name and no dead link.
INSERT INTO site_revision (created_at, author, about, statement)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'naering',
       'Et samarbeid mellom kommunene i regionen.', '/tilgjengelighet'
 WHERE EXISTS (SELECT 1 FROM revision WHERE id > 1);
