-- mod_naering schema, migration 16: when each dependency key last
-- changed.  A response's Last-Modified is the time of the write that gave
-- it its tag (the newest of its keys), no longer the site's last change:
-- a client that revalidates with If-Modified-Since alone keeps its 304
-- for a page that an edit elsewhere did not touch, as an If-None-Match
-- with the ETag does.  naering_finish stamps the keys of the generation
-- it commits (store/db.c); keys of before this migration have none and
-- fall back to the site's last change.
ALTER TABLE dep ADD COLUMN at INTEGER;

-- The site's random id (made by the first connection that may write,
-- store/db.c) is no setting a page shows: making it changes no key.
DROP TRIGGER dep_setting_insert;
DROP TRIGGER dep_setting_update;
CREATE TRIGGER dep_setting_insert AFTER INSERT ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret', 'tick_at',
                         'site_id')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
CREATE TRIGGER dep_setting_update AFTER UPDATE ON setting
    WHEN NEW.key NOT IN ('generation', 'changed_at', 'csrf_secret', 'tick_at',
                         'site_id')
BEGIN
    INSERT INTO dep (key, gen) VALUES ('all', coalesce((SELECT value + 1
        FROM setting WHERE key = 'generation'), 0))
        ON CONFLICT (key) DO UPDATE SET gen = excluded.gen;
END;
