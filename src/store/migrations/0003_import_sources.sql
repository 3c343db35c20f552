-- Which source file each imported post came from, and the hash of the source
-- text last imported: re-running an import changes and duplicates nothing.
CREATE TABLE import_sources (
    source   TEXT PRIMARY KEY,  -- absolute path of the source file
    post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    hash     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX import_sources_by_post ON import_sources (post_id);
