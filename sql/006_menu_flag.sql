-- mod_naering schema, migration 6: whether a page is listed in the menus.
-- A page left out (the accessibility statement, a landing page for a
-- campaign) is still published: reachable by its address, from links and
-- from search.  A property of the page, like its status, not of a revision.
ALTER TABLE page ADD COLUMN in_menu INTEGER NOT NULL DEFAULT 1
    CHECK (in_menu IN (0, 1));
