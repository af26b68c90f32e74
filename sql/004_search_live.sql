-- mod_naering schema, migration 4: the search index holds only what a
-- visitor can find (live, published pages), so a search ranks and counts
-- its matches without reading the page table for each of them.  From now
-- on the store keeps it so: a save re-indexes its page, trash and restore
-- their subtree (a trigger cannot: SQLite refuses virtual tables in
-- triggers of an untrusted schema).

DELETE FROM search WHERE rowid IN
    (SELECT id FROM page WHERE deleted_at IS NOT NULL OR status != 'published');
