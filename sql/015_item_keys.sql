-- mod_naering schema, migration 15: what listings of news and meetings
-- (and the front page, with the latest news and the next meeting) are
-- built from.  They show other pages' items, so they depend on a key of
-- their own, 'items', which a write to a news item or a meeting bumps
-- (store/db.c reads it for them): an edit to an ordinary page leaves
-- them, and the front page, cached.

CREATE TRIGGER dep_item_insert AFTER INSERT ON page
    WHEN NEW.kind IN ('news', 'meeting')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('items', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_item_delete AFTER DELETE ON page
    WHEN OLD.kind IN ('news', 'meeting')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('items', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
-- Its text (title, date, place, status are in the revision), place,
-- order, visibility, trash.
CREATE TRIGGER dep_item_update AFTER UPDATE OF revision_id, parent_id, slug,
    path, position, status, hidden, deleted_at, kind ON page
    WHEN NEW.kind IN ('news', 'meeting') OR OLD.kind IN ('news', 'meeting')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('items', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_item_revision AFTER UPDATE ON revision
    WHEN (SELECT kind FROM page WHERE id = NEW.page_id) IN ('news', 'meeting')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('items', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;

-- The tick's own clock is no setting a page shows: writing it changes
-- nothing a visitor sees (what the tick applies bumps its own keys).
DROP TRIGGER dep_setting_insert;
DROP TRIGGER dep_setting_update;
CREATE TRIGGER dep_setting_insert AFTER INSERT ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret', 'tick_at')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_setting_update AFTER UPDATE ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret', 'tick_at')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
