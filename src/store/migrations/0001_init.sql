-- Posts, tags, revisions and the full-text index. Never edit once merged: add a migration.
CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    -- 'draft' or not; 'scheduled' vs 'published' also depends on today's date, so queries recompute it.
    status        TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    date          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    -- Relative to the library folder with '/' separators; NULL while in the trash.
    path          TEXT UNIQUE,
    -- Hash of the text last written to or read from the file: tells our writes from others'.
    synced_hash   TEXT,
    trashed_at    TEXT,
    trashed_from  TEXT,
    -- Where the current text came from: 'app' (typed in Quire) or 'external'
    -- (read from its file); the app's next save keeps an external text as a revision.
    text_source   TEXT NOT NULL DEFAULT 'app' CHECK (text_source IN ('app', 'external')),
    -- Why the front matter could not be read (shown to the writer), if so.
    problem       TEXT,
    -- The file's whole text, front matter included: the truth every other
    -- column derives from. Last, so reading the columns before it never
    -- walks a long post's overflow pages.
    raw           TEXT NOT NULL
);
CREATE INDEX posts_by_date ON posts (date DESC, updated_at DESC);
CREATE INDEX posts_by_trashed_from ON posts (trashed_from) WHERE trashed_from IS NOT NULL;

CREATE TABLE tags (
    id       INTEGER PRIMARY KEY,
    -- Lowercased: tags are unique whatever their case.
    name     TEXT NOT NULL UNIQUE,
    display  TEXT NOT NULL
);

CREATE TABLE post_tags (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX post_tags_by_tag ON post_tags (tag_id);

CREATE TABLE revisions (
    id       INTEGER PRIMARY KEY,
    post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    source   TEXT NOT NULL CHECK (source IN ('app', 'external', 'import', 'conflict', 'restore')),
    text     TEXT NOT NULL
);
CREATE INDEX revisions_by_post ON revisions (post_id, id DESC);

-- rowid = posts.id; kept in step with posts inside the same transactions.
CREATE VIRTUAL TABLE posts_fts USING fts5 (title, body, tags, tokenize = 'unicode61 remove_diacritics 2');
-- A match in the title counts most, then tags, then the body.
INSERT INTO posts_fts (posts_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 4.0)');
