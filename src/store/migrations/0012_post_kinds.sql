-- A post is in the site's blog section; a page is any other Markdown file of
-- the site. The next scan works each one out from its path and the site.
ALTER TABLE posts ADD COLUMN kind TEXT NOT NULL DEFAULT 'post';
-- The list shows each row's kind and filters by it: the list's index carries
-- it, since the column itself sits after each post's whole text.
DROP INDEX posts_listed;
CREATE INDEX posts_listed ON posts (
    date IS NULL, date DESC, updated_at DESC, id DESC,
    slug, title, path, status, problem, kind
) WHERE trashed_at IS NULL;
