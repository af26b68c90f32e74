-- mod_naering schema, migration 13: time.  News items and meetings, what
-- is scheduled to change, and when a page is due for review.  Times are
-- Unix seconds (UTC); the site shows them in Europe/Oslo.
--
-- A page's kind: an ordinary page, a listing of news or of meetings, or
-- an item of one.  An item's kind comes from its listing when it is made
-- (store/edit.c), so an editor never picks it.
ALTER TABLE page ADD COLUMN kind TEXT NOT NULL DEFAULT 'page'
    CHECK (kind IN ('page', 'news-list', 'meeting-list', 'news',
                    'meeting'));
CREATE INDEX page_kind ON page(kind) WHERE kind IN ('news', 'meeting');

-- What an item says about time belongs to its revision, like its text:
-- a news item's date, a meeting's start, end, place and status.  A
-- meeting's iCalendar SEQUENCE is the number of its revisions.
ALTER TABLE revision ADD COLUMN starts_at INTEGER;
ALTER TABLE revision ADD COLUMN ends_at INTEGER;
ALTER TABLE revision ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE revision ADD COLUMN event_status TEXT NOT NULL DEFAULT 'planned'
    CHECK (event_status IN ('planned', 'held', 'cancelled'));
-- The tick asks every 20 s whether a meeting started or ended since the
-- last tick: 0.03 ms with these on a site of 10,000 pages and 1,000
-- meetings, 9 ms without (a scan of every page).
CREATE INDEX revision_starts ON revision(starts_at) WHERE starts_at IS NOT NULL;
CREATE INDEX revision_ends ON revision(ends_at) WHERE ends_at IS NOT NULL;

-- A change that goes live at due_at: publish, unpublish, or a saved
-- revision that the page is pointed at (the text before it stays public
-- until then).  The tick (store/schedule.c) applies what is due, each in
-- a savepoint of one transaction: a change that fails is rolled back on
-- its own, counted in attempts with its error, and tried again at the
-- next tick; after 5 tries it stays 'failed' for an editor to look at.
CREATE TABLE schedule (
    id          INTEGER PRIMARY KEY,
    page_id     INTEGER NOT NULL REFERENCES page(id),
    action      TEXT    NOT NULL
                        CHECK (action IN ('publish', 'unpublish', 'revision')),
    revision_id INTEGER REFERENCES revision(id),
    -- the page's revision when a revision was scheduled: if an editor has
    -- saved since, the scheduled text would undo that save, so it fails
    -- (kept, for the editor to look at) rather than goes live
    base_id     INTEGER REFERENCES revision(id),
    due_at      INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'done', 'cancelled',
                                         'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    done_at     INTEGER,
    CHECK ((action = 'revision') = (revision_id IS NOT NULL))
);
CREATE INDEX schedule_due ON schedule(due_at) WHERE state = 'pending';
CREATE INDEX schedule_page ON schedule(page_id, state);

-- Review: when a page should next be read through, and by whom (a login,
-- shown to editors only).  NULL review_at: its last save plus the site's
-- interval (setting review_months).
ALTER TABLE page ADD COLUMN review_at INTEGER;
ALTER TABLE page ADD COLUMN review_by TEXT NOT NULL DEFAULT '';
INSERT OR IGNORE INTO setting (key, value) VALUES ('review_months', 12);
-- The time of the last tick: a meeting that starts or ends between two
-- ticks moves from "upcoming" to "past", and the tick bumps the
-- generation for it so no cache keeps the old listing.  It starts now:
-- nothing was rendered before the site existed, so a meeting already
-- past when the site was made is no change to tell the caches about.
INSERT OR IGNORE INTO setting (key, value)
    VALUES ('tick_at', CAST(strftime('%s', 'now') AS INTEGER));
