-- mod_naering schema, migration 17: the search indexes merge a little
-- with every write instead of a whole level at once.  FTS5's automatic
-- merging rewrites a level of the index in the one transaction that
-- happens to fill it: on the 10,421-page site of the long-tail benchmark
-- one page's save wrote 11 MB to the WAL, which is why the WAL reached
-- 14.5 MB there (issue 18's bound is 16 MB).  With automerge off, the
-- store asks for a bounded merge ('merge', 64 pages) after each write to
-- an index, and for one segment ('optimize') after it has indexed every
-- page again (naering_reindex, store/db.c).  The benchmark's WAL then
-- stayed at 4.7 MB; 5,000 saves on that site's index alone wrote at most
-- 1.1 MB each instead of 3.7 MB, with as many segments as before.
INSERT INTO search (search, rank) VALUES ('automerge', 0);
INSERT INTO doc_search (doc_search, rank) VALUES ('automerge', 0);
-- Each index as one segment to start from, as after a full re-index.
INSERT INTO search (search) VALUES ('optimize');
INSERT INTO doc_search (doc_search) VALUES ('optimize');
