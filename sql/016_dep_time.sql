-- mod_naering schema, migration 16: when each dependency key last
-- changed.  A response's Last-Modified is the time of the write that gave
-- it its tag (the newest of its keys), no longer the site's last change:
-- a client that revalidates with If-Modified-Since alone keeps its 304
-- for a page that an edit elsewhere did not touch, as an If-None-Match
-- with the ETag does.  naering_finish stamps the keys of the generation
-- it commits (store/db.c); keys of before this migration have none and
-- fall back to the site's last change.
ALTER TABLE dep ADD COLUMN at INTEGER;
