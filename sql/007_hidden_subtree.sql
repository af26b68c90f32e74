-- mod_naering schema, migration 7.
--
-- A draft hides its whole subtree from the public.  page.hidden is 1 when
-- the page or any page above it is a draft; every public query (page
-- views, menus, search, feed, sitemap, documents, old paths) reads it, and
-- the store keeps it so whenever a status changes or a page moves.
ALTER TABLE page ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0
    CHECK (hidden IN (0, 1));
WITH RECURSIVE t(id, hidden) AS (
    SELECT id, status = 'draft' FROM page WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.hidden OR c.status = 'draft'
      FROM page c JOIN t ON c.parent_id = t.id
)
UPDATE page SET hidden = (SELECT t.hidden FROM t WHERE t.id = page.id)
 WHERE id IN (SELECT id FROM t);
DELETE FROM search WHERE rowid IN (SELECT id FROM page WHERE hidden = 1);

-- The name the public sees for a revision's author (a display name the
-- admin's NaeringDisplayName points at, say LDAP's cn); '' shows the
-- site's name.  author stays the login, for the editors' history.
ALTER TABLE revision ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
