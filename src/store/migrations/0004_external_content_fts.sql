-- The full-text index keeps no second copy of every post: it reads titles,
-- bodies and tags from this view (external content), which shows exactly the
-- posts that are searchable: those not in the trash. Every change to a post's
-- title, text, tags or trash state is bracketed in Rust by `unindex` (before,
-- while the view still shows what was indexed) and `reindex` (after).
-- Run after `body_start` has been filled in for every post (see mod.rs).
DROP TABLE posts_fts;
-- A file that appears with the text a post's file last had is that post moved.
CREATE INDEX posts_by_synced_hash ON posts (synced_hash) WHERE path IS NOT NULL;
CREATE VIEW posts_fts_source AS
    SELECT p.id AS id,
           p.title AS title,
           -- The body: the text after the front matter (a byte offset);
           -- substr of an empty blob is NULL, hence ifnull.
           ifnull(CAST(substr(CAST(p.raw AS BLOB), p.body_start + 1) AS TEXT), '') AS body,
           (SELECT group_concat(display, ' ') FROM
               (SELECT t.display FROM post_tags pt JOIN tags t ON t.id = pt.tag_id
                WHERE pt.post_id = p.id ORDER BY pt.position)) AS tags
    FROM posts p
    WHERE p.trashed_at IS NULL;
CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title, body, tags,
    content = 'posts_fts_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- A match in the title counts most, then tags, then the body.
INSERT INTO posts_fts (posts_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 4.0)');
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
