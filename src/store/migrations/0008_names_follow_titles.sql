-- A new post's slug and file name follow its title (Ctrl+N, then a title:
-- `why-i-switched.md`, not `untitled.md`) until it is first published or
-- exported, or its front matter names a slug: 1 while they do.
ALTER TABLE posts ADD COLUMN named_by_title INTEGER NOT NULL DEFAULT 0;
-- 1 while a new post is still empty (the default title, no tags, no text):
-- it has no file yet, and the app drops it when the writer leaves it. Its
-- path is reserved all the same, so nothing else takes it meanwhile.
ALTER TABLE posts ADD COLUMN unwritten INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_unwritten ON posts (id) WHERE unwritten = 1;
