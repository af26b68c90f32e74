-- What each rendered response is built from (issue 18).  A response
-- depends on a few keys: 'all' (anything, bumped by a write the store
-- cannot place), 'site' (the site's details in the footer), 'menu' (the
-- titles, order, places and visibility of pages: menus, breadcrumbs,
-- paths), 'list' (the feed, search and sitemap) and 'p<id>' (one page's
-- text, documents and images).  dep.gen is the generation of the write
-- that last changed the key: a response's tag is the largest gen of its
-- keys (store/db.c), so it changes exactly when one of its keys does.
--
-- The triggers bump keys in the write's own transaction, with the
-- generation that naering_finish is about to commit (value + 1); a write
-- that bumps no key is taken as touching everything (naering_finish).
-- So every write of what pages show must go through naering_begin and
-- naering_finish: a trigger fired outside them would stamp a generation
-- not yet committed.  (During an import the generation row may be
-- missing for a moment: 0 then, and the import moves 'all' past all.)
CREATE TABLE dep (
    key TEXT PRIMARY KEY,
    gen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX dep_gen ON dep(gen);

INSERT INTO dep (key, gen)
    SELECT 'all', value FROM setting WHERE key = 'generation';

-- A page added or removed: the menus, the lists and the page.
CREATE TRIGGER dep_page_insert AFTER INSERT ON page BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'menu' AS k UNION ALL
        SELECT 'list' UNION ALL SELECT 'p' || NEW.id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_page_delete AFTER DELETE ON page BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'menu' AS k UNION ALL
        SELECT 'list' UNION ALL SELECT 'p' || OLD.id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- Moved, renamed, reordered, hidden, shown, trashed, restored.
CREATE TRIGGER dep_page_place AFTER UPDATE OF parent_id, slug, path,
    position, status, in_menu, hidden, deleted_at ON page
    WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.slug IS NOT NEW.slug
      OR OLD.path IS NOT NEW.path OR OLD.position IS NOT NEW.position
      OR OLD.status IS NOT NEW.status OR OLD.in_menu IS NOT NEW.in_menu
      OR OLD.hidden IS NOT NEW.hidden OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'menu' AS k UNION ALL
        SELECT 'list' UNION ALL SELECT 'p' || NEW.id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- A new revision: the page and the lists; the menus too when its title
-- changed (menus and breadcrumbs show titles).
CREATE TRIGGER dep_page_text AFTER UPDATE OF revision_id ON page
    WHEN OLD.revision_id IS NOT NEW.revision_id
BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION ALL
        SELECT 'p' || NEW.id UNION ALL SELECT 'menu'
         WHERE (SELECT title FROM revision WHERE id = OLD.revision_id)
               IS NOT (SELECT title FROM revision WHERE id = NEW.revision_id))
        WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- A revision changed in place (an owner's name): its page, the lists and
-- the menus.
CREATE TRIGGER dep_revision_update AFTER UPDATE ON revision BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'menu' AS k UNION ALL
        SELECT 'list' UNION ALL SELECT 'p' || NEW.page_id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- Documents: their page and the lists (search finds documents).
CREATE TRIGGER dep_document_insert AFTER INSERT ON document BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION ALL
        SELECT 'p' || NEW.page_id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_document_update AFTER UPDATE ON document BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION ALL
        SELECT 'p' || NEW.page_id UNION SELECT 'p' || OLD.page_id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_document_delete AFTER DELETE ON document BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION ALL
        SELECT 'p' || OLD.page_id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- A document's text and checks (the public list says what a screen
-- reader cannot use): every page showing those bytes.
CREATE TRIGGER dep_document_text_insert AFTER INSERT ON document_text BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION
        SELECT 'p' || d.page_id FROM document d
          JOIN document_version v ON v.id = d.version_id
         WHERE v.sha256 = NEW.sha256) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_document_text_update AFTER UPDATE ON document_text BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1 FROM setting
        WHERE key = 'generation'), 0) FROM (SELECT 'list' AS k UNION
        SELECT 'p' || d.page_id FROM document d
          JOIN document_version v ON v.id = d.version_id
         WHERE v.sha256 = NEW.sha256) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- Images: the pages whose text shows them (a new version, alt text,
-- trash); and a page that starts or stops showing one.  'i<id>' is the
-- image's own key: no page depends on it, but a write to the library
-- alone (an upload not yet placed) then bumps a key and is not taken for
-- a change of everything.
CREATE TRIGGER dep_image_insert AFTER INSERT ON image BEGIN
    INSERT INTO dep (key, gen) VALUES ('i' || NEW.id, coalesce((SELECT
        value + 1 FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_image_update AFTER UPDATE ON image BEGIN
    INSERT INTO dep (key, gen) SELECT k, coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0) FROM (SELECT 'i' || NEW.id
        AS k UNION SELECT 'p' || page_id FROM page_image
        WHERE image_id = NEW.id) WHERE true
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_page_image_insert AFTER INSERT ON page_image BEGIN
    INSERT INTO dep (key, gen) VALUES ('p' || NEW.page_id, coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_page_image_delete AFTER DELETE ON page_image BEGIN
    INSERT INTO dep (key, gen) VALUES ('p' || OLD.page_id, coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- The site's details (the footer of every page).
CREATE TRIGGER dep_site_insert AFTER INSERT ON site_revision BEGIN
    INSERT INTO dep (key, gen) VALUES ('site', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- Any other setting may change anything (not the editor's CSRF secret,
-- which no page shows and which is written outside a write transaction).
CREATE TRIGGER dep_setting_insert AFTER INSERT ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_setting_update AFTER UPDATE ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
