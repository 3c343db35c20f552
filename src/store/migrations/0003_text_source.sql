-- Where a post's current text came from: 'app' (typed in Quire) or 'external'
-- (read from its file). The app's next save keeps an external text as a revision.
ALTER TABLE posts ADD COLUMN text_source TEXT NOT NULL DEFAULT 'app' CHECK (text_source IN ('app', 'external'));
