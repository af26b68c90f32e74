-- mod_naering schema, migration 9: images.
--
-- A site has one image library.  An image keeps its id (and so its URL,
-- <base>/bilder/<id>, which is what a page's text holds) for life; its
-- bytes are versions, like a document's, and replacing it makes a new
-- version that every page using it shows at once.  Each version keeps
-- the uploaded original (for editors only) and the variants made from it
-- by the image helper (naering-admin image): a few widths, WebP and the
-- original's format, upright and without metadata.  All bytes are
-- content-addressed files beside the documents'.
CREATE TABLE image (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,            -- the file name it came with
    alt         TEXT    NOT NULL DEFAULT '', -- last alt text it was given
    version_id  INTEGER REFERENCES image_version(id),
    created_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    deleted_at  INTEGER                      -- in the trash since
);

CREATE TABLE image_version (
    id          INTEGER PRIMARY KEY,
    image_id    INTEGER NOT NULL REFERENCES image(id),
    sha256      TEXT    NOT NULL,            -- the original's bytes
    size        INTEGER NOT NULL,
    mime        TEXT    NOT NULL,
    width       INTEGER NOT NULL,            -- upright
    height      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL
);
CREATE INDEX image_version_image ON image_version(image_id, id);

CREATE TABLE image_variant (
    version_id  INTEGER NOT NULL REFERENCES image_version(id),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    mime        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (version_id, width, mime)
) WITHOUT ROWID;
CREATE INDEX image_variant_sha ON image_variant(sha256);

-- What happened to an image: upload, replace, restore, trash, untrash.
CREATE TABLE image_event (
    id          INTEGER PRIMARY KEY,
    image_id    INTEGER NOT NULL REFERENCES image(id),
    created_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX image_event_image ON image_event(image_id, id);

-- Which live pages' current text shows which image, kept by every write
-- of a page's text: where an image is used, what a replacement touches.
CREATE TABLE page_image (
    page_id     INTEGER NOT NULL REFERENCES page(id),
    image_id    INTEGER NOT NULL REFERENCES image(id),
    PRIMARY KEY (page_id, image_id)
) WITHOUT ROWID;
CREATE INDEX page_image_image ON page_image(image_id);
