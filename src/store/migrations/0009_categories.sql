-- Categories, where the dialect has them (Hugo's default taxonomy, Jekyll's
-- `categories` or `category`, Zola's `[taxonomies] categories`), listed and
-- filtered beside tags. `name` is lowercased (a category matches whatever
-- its case); `display` is as the post writes it. Filled from each post's
-- front matter by the migration step that runs this.
CREATE TABLE post_categories (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    display   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (post_id, name)
) WITHOUT ROWID;
CREATE INDEX post_categories_by_name ON post_categories (name);
