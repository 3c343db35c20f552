-- What the writer typed while saving to the post's file was paused (a
-- conflict waiting for their choice): kept here within a second, so a crash
-- loses nothing. Cleared by the next save of the post; found at the next
-- start, it becomes a conflict revision.
CREATE TABLE pending_texts (
    post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kept_at TEXT NOT NULL
);
