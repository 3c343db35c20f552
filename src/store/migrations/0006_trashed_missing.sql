-- Why a post is in the trash: 1 when its file went missing outside Quire (a
-- git branch switch, a sync client, an editor's rename away and back). When a
-- file comes back at that path, or with that text or an explicit `slug:`, the
-- post is restored with its id, slug, tags and history instead of a new post
-- taking a `-2` slug. A post the writer trashed in Quire is 0.
ALTER TABLE posts ADD COLUMN trashed_missing INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_trashed_missing ON posts (trashed_from) WHERE trashed_missing = 1;
