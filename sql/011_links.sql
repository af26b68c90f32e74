-- mod_naering schema, migration 11: what links where.
--
-- Every link of every live page's current text (naering_xhtml_links:
-- percent-decoded, no fragment or query, no trailing slash), kept by
-- every write of a page's text with its search rows and image uses.  It
-- answers "who links here?" before a page or document goes to the trash,
-- the editor's "Brutte lenker", and naering-admin links.  A site upgraded
-- fills it with "naering-admin reindex DB".
CREATE TABLE page_link (
    page_id INTEGER NOT NULL REFERENCES page(id),
    href    TEXT    NOT NULL,
    PRIMARY KEY (page_id, href)
) WITHOUT ROWID;
CREATE INDEX page_link_href ON page_link(href);
