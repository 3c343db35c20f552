//! Queries over posts, tags, revisions and the full-text index. Each takes a
//! connection or transaction; callers group writes with `with_tx`.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::post::{ListFilter, PostId, PostSummary, Revision, RevisionSource, Status, TagCount};
use crate::site::Kind;

/// `scheduled` depends on today's date, so it is computed when read.
const STATUS_SQL: &str = "CASE WHEN p.status = 'draft' THEN 'draft' \
     WHEN p.date IS NOT NULL AND p.date > date('now', 'localtime') THEN 'scheduled' ELSE 'published' END";

/// Tag display names joined by the unit separator, in the post's own order.
const TAGS_SQL: &str = "(SELECT group_concat(t.display, char(31) ORDER BY pt.position) \
     FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id)";

/// Columns after the summary's start here.
const AFTER_SUMMARY: usize = 11;

/// Category display names, as TAGS_SQL.
const CATEGORIES_SQL: &str = "(SELECT group_concat(pc.display, char(31) ORDER BY pc.position) \
     FROM post_categories pc WHERE pc.post_id = p.id)";

fn summary_columns() -> String {
    format!(
        "p.id, p.slug, p.title, p.path, {STATUS_SQL}, p.date, p.updated_at, {TAGS_SQL}, p.problem, {CATEGORIES_SQL}, p.kind"
    )
}

fn split_names(joined: Option<String>) -> Vec<String> {
    joined
        .map(|t| t.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

fn summary_from_row(row: &Row) -> rusqlite::Result<PostSummary> {
    let tags: Option<String> = row.get(7)?;
    let status: String = row.get(4)?;
    Ok(PostSummary {
        id: row.get(0)?,
        slug: row.get(1)?,
        title: row.get(2)?,
        path: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        status: Status::parse(&status).unwrap_or(Status::Draft),
        date: row.get(5)?,
        updated_at: row.get(6)?,
        tags: split_names(tags),
        categories: split_names(row.get(9)?),
        kind: Kind::parse(&row.get::<_, String>(10)?).unwrap_or(Kind::Post),
        snippet: None,
        problem: row.get(8)?,
    })
}

/// The post list: status ?1, tag ?2, at most ?3 rows (-1: all). Its order
/// is the index posts_listed's, so a first page reads only that many rows.
fn list_sql() -> String {
    format!(
        "SELECT {} FROM posts p
         WHERE p.trashed_at IS NULL
           AND (?1 IS NULL OR {STATUS_SQL} = ?1)
           AND (?2 IS NULL OR p.id IN (SELECT pt.post_id FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?2))
           AND (?4 IS NULL OR p.id IN (SELECT pc.post_id FROM post_categories pc WHERE pc.name = ?4))
           AND (?5 IS NULL OR p.kind = ?5)
         ORDER BY p.date IS NULL, p.date DESC, p.updated_at DESC, p.id DESC
         LIMIT ?3",
        summary_columns()
    )
}

pub(crate) fn list(
    conn: &Connection,
    filter: &ListFilter,
    limit: Option<usize>,
) -> Result<Vec<PostSummary>> {
    let mut stmt = conn.prepare_cached(&list_sql())?;
    let status = filter.status.map(Status::as_str);
    let tag = filter.tag.as_deref().map(str::to_lowercase);
    // LIMIT -1 is no limit.
    let limit = limit.map_or(-1, |n| n.min(i64::MAX as usize) as i64);
    let category = filter.category.as_deref().map(str::to_lowercase);
    let kind = filter.kind.map(Kind::as_str);
    let rows = stmt.query_map(
        params![status, tag, limit, category, kind],
        summary_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM posts WHERE trashed_at IS NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(n as usize)
}

pub(crate) fn list_trash(conn: &Connection) -> Result<Vec<PostSummary>> {
    let sql = format!(
        "SELECT {} FROM posts p WHERE p.trashed_at IS NOT NULL ORDER BY p.trashed_at DESC",
        summary_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A post's summary and raw text, trashed or not.
pub(crate) fn get(conn: &Connection, id: PostId) -> Result<Option<(PostSummary, String, bool)>> {
    let sql = format!(
        "SELECT {}, p.raw, p.trashed_at IS NOT NULL FROM posts p WHERE p.id = ?1",
        summary_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row([id], |row| {
            Ok((
                summary_from_row(row)?,
                row.get(AFTER_SUMMARY)?,
                row.get(AFTER_SUMMARY + 1)?,
            ))
        })
        .optional()?)
}

pub(crate) fn id_by_slug(conn: &Connection, slug: &str) -> Result<Option<PostId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM posts WHERE slug = ?1")?
        .query_row([slug], |r| r.get(0))
        .optional()?)
}

/// Id, last synced hash and whether it is trashed, for the post at `path`.
pub(crate) fn by_path(conn: &Connection, path: &str) -> Result<Option<(PostId, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT id, synced_hash FROM posts WHERE path = ?1")?
        .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Id, path and last synced hash of every post not in the trash whose path
/// is `prefix` or lies under the folder `prefix` (all posts for `""`).
pub(crate) fn live_under(
    conn: &Connection,
    prefix: &str,
) -> Result<Vec<(PostId, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path, synced_hash FROM posts
         WHERE path IS NOT NULL AND unwritten = 0 AND (?1 = '' OR path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/')",
    )?;
    let rows = stmt.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Posts moved to the trash at or after `since` (RFC 3339), with the path
/// they had and their last synced hash: a file that reappears elsewhere with
/// the same text moments later was moved, not deleted.
pub(crate) fn trashed_since(
    conn: &Connection,
    since: &str,
) -> Result<Vec<(PostId, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, trashed_from, synced_hash FROM posts
         WHERE trashed_at IS NOT NULL AND trashed_at >= ?1 AND trashed_from IS NOT NULL",
    )?;
    let rows = stmt.query_map([since], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Posts not in the trash whose file last held text with this hash.
pub(crate) fn live_by_synced_hash(conn: &Connection, hash: &str) -> Result<Vec<(PostId, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, path FROM posts WHERE synced_hash = ?1 AND path IS NOT NULL")?;
    let rows = stmt.query_map([hash], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that the post's file now holds text with this hash.
pub(crate) fn set_synced_hash(conn: &Connection, id: PostId, hash: &str) -> Result<()> {
    conn.prepare_cached("UPDATE posts SET synced_hash = ?2 WHERE id = ?1")?
        .execute(params![id, hash])?;
    Ok(())
}

/// The post's stored text hash and the hash its file last had.
pub(crate) fn hashes(conn: &Connection, id: PostId) -> Result<(String, Option<String>)> {
    Ok(conn
        .prepare_cached("SELECT content_hash, synced_hash FROM posts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Path, first bytes, and whether tags sit under Zola's `[taxonomies]`, for
/// the most recently changed posts, newest first.
pub(crate) fn recent_layouts(
    conn: &Connection,
    limit: usize,
) -> Result<Vec<(String, String, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT path, substr(raw, 1, 8), instr(raw, '[taxonomies]') > 0 FROM posts
         WHERE path IS NOT NULL AND kind = 'post' ORDER BY updated_at DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn slug_taken(conn: &Connection, slug: &str, except: Option<PostId>) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM posts WHERE slug = ?1 AND id IS NOT ?2")?
        .exists(params![slug, except])?)
}

/// The post holding `slug`, with its raw text, when one does (trashed too).
pub(crate) fn slug_holder(conn: &Connection, slug: &str) -> Result<Option<(PostId, String)>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT id, raw FROM posts WHERE slug = ?1")?
        .query_row([slug], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn set_slug(conn: &Connection, id: PostId, slug: &str) -> Result<()> {
    conn.prepare_cached("UPDATE posts SET slug = ?2 WHERE id = ?1")?
        .execute(params![id, slug])?;
    Ok(())
}

pub(crate) fn path_taken(conn: &Connection, path: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            // Two indexed lookups: an OR across the columns would scan the table.
            "SELECT 1 FROM posts WHERE path = ?1 UNION ALL SELECT 1 FROM posts WHERE trashed_from = ?1",
        )?
        .exists([path])?)
}

/// What is stored of a post's text; derived by the library from the raw text.
pub(crate) struct PostRecord<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub raw: &'a str,
    pub body: &'a str,
    pub draft: bool,
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    pub categories: &'a [String],
    pub hash: &'a str,
    pub path: &'a str,
    pub now: &'a str,
    /// The text was read from the file rather than typed in Quire.
    pub external: bool,
    /// Why the front matter could not be read, if so.
    pub problem: Option<&'a str>,
}

/// Inserts a post and returns its id, leaving its full-text entry for the
/// caller to write with the rest of its batch (`index_new`). FTS5 flushes its
/// pending entries at every statement savepoint (each insert into `posts`
/// opens one), so entries written one by one between inserts cost a flush and
/// a merge each.
pub(crate) fn insert_deferring_index(conn: &Connection, post: &PostRecord) -> Result<PostId> {
    insert_row(conn, post)
}

/// Writes the full-text entries of newly inserted posts, one after another.
pub(crate) fn index_new(conn: &Connection, ids: &[PostId]) -> Result<()> {
    for id in ids {
        reindex(conn, *id)?;
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, post: &PostRecord) -> Result<PostId> {
    let id = insert_row(conn, post)?;
    reindex(conn, id)?;
    Ok(id)
}

/// The row and its tags, without the full-text entry.
fn insert_row(conn: &Connection, post: &PostRecord) -> Result<PostId> {
    conn.prepare_cached(
        "INSERT INTO posts (slug, title, raw, status, date, created_at, updated_at, content_hash, path, synced_hash, text_source, problem, body_start)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?7, ?9, ?10, ?11)",
    )?
    .execute(params![
            post.slug,
            post.title,
            post.raw,
            if post.draft { "draft" } else { "published" },
            post.date,
            post.now,
            post.hash,
            post.path,
            text_source(post),
            post.problem,
            body_start(post)
        ],
    )?;
    let id = conn.last_insert_rowid();
    // A new post has no old tags or index entry to remove; skipping those
    // deletes matters in bulk, as each one makes FTS5 flush its pending data.
    set_tags(conn, id, post.tags, false)?;
    set_categories(conn, id, post.categories, false)?;
    Ok(id)
}

pub(crate) fn update(conn: &Connection, id: PostId, post: &PostRecord) -> Result<()> {
    unindex(conn, id)?;
    conn.prepare_cached(
        "UPDATE posts SET slug = ?2, title = ?3, raw = ?4, status = ?5, date = ?6, updated_at = ?7,
                content_hash = ?8, synced_hash = ?8, path = ?9, text_source = ?10, problem = ?11,
                body_start = ?12,
                -- A text read from a file: the post has one now.
                unwritten = CASE WHEN ?10 = 'external' THEN 0 ELSE unwritten END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        post.slug,
        post.title,
        post.raw,
        if post.draft { "draft" } else { "published" },
        post.date,
        post.now,
        post.hash,
        post.path,
        text_source(post),
        post.problem,
        body_start(post)
    ])?;
    set_tags(conn, id, post.tags, true)?;
    set_categories(conn, id, post.categories, true)?;
    reindex(conn, id)?;
    Ok(())
}

/// Byte offset of the body in the raw text.
fn body_start(post: &PostRecord) -> i64 {
    (post.raw.len() - post.body.len()) as i64
}

fn text_source(post: &PostRecord) -> &'static str {
    if post.external {
        "external"
    } else {
        "app"
    }
}

/// The hash last written to or read from the post's file, and whether its
/// current text came from the file.
pub(crate) fn sync_state(conn: &Connection, id: PostId) -> Result<(Option<String>, bool)> {
    Ok(conn
        .prepare_cached("SELECT synced_hash, text_source = 'external' FROM posts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Removes a post's full-text entry. The index keeps no copy of the text
/// (see migration 0004), so this must run before the post's title, text,
/// tags or trash state change: the view still shows what was indexed then.
/// A post the view does not show (in the trash) has no entry: nothing to do.
fn unindex(conn: &Connection, id: PostId) -> Result<()> {
    if let Some((title, body, tags)) = indexed_text(conn, id)? {
        conn.prepare_cached(
            "INSERT INTO posts_fts (posts_fts, rowid, title, body, tags) VALUES ('delete', ?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, title, body, tags])?;
    }
    Ok(())
}

/// Writes a post's full-text entry from what the view shows now; a post in
/// the trash gets none.
fn reindex(conn: &Connection, id: PostId) -> Result<()> {
    if let Some((title, body, tags)) = indexed_text(conn, id)? {
        conn.prepare_cached(
            "INSERT INTO posts_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, title, body, tags])?;
    }
    Ok(())
}

/// What the index holds of a post, read from the view. Read first and then
/// written with VALUES: an `INSERT ... SELECT` would open a statement
/// savepoint, and FTS5 flushes its pending entries at each one, which made
/// bulk indexing twice as slow (measured).
fn indexed_text(conn: &Connection, id: PostId) -> Result<Option<(String, String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT title, body, tags FROM posts_fts_source WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

fn set_tags(conn: &Connection, id: PostId, tags: &[String], replace: bool) -> Result<()> {
    if replace {
        conn.prepare_cached("DELETE FROM post_tags WHERE post_id = ?1")?
            .execute([id])?;
    }
    // Most tags exist already: a lookup first, as an upsert would rewrite the row.
    let mut find = conn.prepare_cached("SELECT id FROM tags WHERE name = ?1")?;
    let mut add = conn.prepare_cached("INSERT INTO tags (name, display) VALUES (?1, ?2)")?;
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO post_tags (post_id, tag_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, tag) in tags.iter().enumerate() {
        let name = tag.to_lowercase();
        let tag_id: i64 = match find.query_row([&name], |r| r.get(0)).optional()? {
            Some(tag_id) => tag_id,
            None => {
                add.execute(params![name, tag])?;
                conn.last_insert_rowid()
            }
        };
        link.execute(params![id, tag_id, position as i64])?;
    }
    if replace {
        // Tags no post uses any more; only a replaced tag list can leave one.
        conn.prepare_cached(
            "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM post_tags WHERE tag_id = tags.id)",
        )?
        .execute([])?;
    }
    Ok(())
}

pub(crate) fn set_categories(
    conn: &Connection,
    id: PostId,
    categories: &[String],
    replace: bool,
) -> Result<()> {
    if replace {
        conn.prepare_cached("DELETE FROM post_categories WHERE post_id = ?1")?
            .execute([id])?;
    }
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO post_categories (post_id, name, display, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, category) in categories.iter().enumerate() {
        link.execute(params![
            id,
            category.to_lowercase(),
            category,
            position as i64
        ])?;
    }
    Ok(())
}

/// Spells a tag as the writer asked, wherever it is shown (after a rename).
pub(crate) fn set_tag_display(conn: &Connection, display: &str) -> Result<()> {
    // The search index reads tags as displayed: bracket the change.
    let ids = ids_with_tag(conn, display)?;
    for &id in &ids {
        unindex(conn, id)?;
    }
    conn.execute(
        "UPDATE tags SET display = ?1 WHERE name = ?2",
        params![display, display.to_lowercase()],
    )?;
    for &id in &ids {
        reindex(conn, id)?;
    }
    Ok(())
}

/// Moves a post to the trash; `missing` when it goes because its file went
/// missing outside Quire (its return restores it), not by the writer's hand.
pub(crate) fn move_to_trash(conn: &Connection, id: PostId, now: &str, missing: bool) -> Result<()> {
    unindex(conn, id)?;
    conn.execute(
        "UPDATE posts SET trashed_at = ?2, trashed_from = path, path = NULL, trashed_missing = ?3
         WHERE id = ?1",
        params![id, now, missing],
    )?;
    Ok(())
}

/// The post trashed because its file went missing that a new file at `path`
/// with text of `hash` (and an explicit slug `slug`, if any) brings back:
/// one that was at the same path first, then one with the same text, then
/// one with that slug; the most recently trashed of each.
pub(crate) fn missing_returning(
    conn: &Connection,
    path: &str,
    hash: &str,
    slug: Option<&str>,
) -> Result<Option<(PostId, String)>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT id, trashed_from FROM posts
             WHERE trashed_missing = 1 AND trashed_at IS NOT NULL
               AND (trashed_from = ?1 OR synced_hash = ?2 OR (?3 IS NOT NULL AND slug = ?3))
             ORDER BY trashed_from = ?1 DESC, synced_hash = ?2 DESC, trashed_at DESC
             LIMIT 1",
        )?
        .query_row(params![path, hash, slug], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn trashed_from(conn: &Connection, id: PostId) -> Result<Option<String>> {
    Ok(
        conn.query_row("SELECT trashed_from FROM posts WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

pub(crate) fn untrash(conn: &Connection, id: PostId) -> Result<()> {
    conn.execute(
        "UPDATE posts SET trashed_at = NULL, trashed_from = NULL, trashed_missing = 0
         WHERE id = ?1 AND trashed_at IS NOT NULL",
        [id],
    )?;
    if conn.changes() > 0 {
        reindex(conn, id)?;
    }
    Ok(())
}

pub(crate) fn add_revision(
    conn: &Connection,
    id: PostId,
    source: RevisionSource,
    text: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO revisions (post_id, at, source, text) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, at, source.as_str(), text])?;
    Ok(())
}

/// The newest revision of post `id`, if it has one.
pub(crate) fn last_revision_id(conn: &Connection, id: PostId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT max(id) FROM revisions WHERE post_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// The text of one of a post's revisions.
pub(crate) fn revision_text(
    conn: &Connection,
    id: PostId,
    revision: i64,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT text FROM revisions WHERE post_id = ?1 AND id = ?2")?
        .query_row([id, revision], |r| r.get(0))
        .optional()?)
}

pub(crate) fn revisions(conn: &Connection, id: PostId) -> Result<Vec<Revision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, source, text, label FROM revisions WHERE post_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Revision {
            id: r.get(0)?,
            at: r.get(1)?,
            source: RevisionSource::parse(&r.get::<_, String>(2)?),
            text: r.get(3)?,
            label: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Names revision `revision` of post `id` (`None` removes the name); false
/// when the post has no such revision.
pub(crate) fn set_revision_label(
    conn: &Connection,
    id: PostId,
    revision: i64,
    label: Option<&str>,
) -> Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE revisions SET label = ?3 WHERE id = ?2 AND post_id = ?1")?
        .execute(params![id, revision, label])?;
    Ok(changed == 1)
}

/// The live posts come from the list's index (posts_listed), not from their
/// rows, which hold each post's whole text.
const TAG_COUNTS_SQL: &str = "SELECT t.display, count(*) FROM tags t
     JOIN post_tags pt ON pt.tag_id = t.id
     WHERE pt.post_id IN (SELECT id FROM posts WHERE trashed_at IS NULL)
     GROUP BY t.id ORDER BY t.name";

pub(crate) fn tag_counts(conn: &Connection) -> Result<Vec<TagCount>> {
    name_counts(conn, TAG_COUNTS_SQL)
}

/// Each category of the live posts with how many carry it, by name; a
/// category spelt two ways shows in the spelling that sorts first.
pub(crate) fn category_counts(conn: &Connection) -> Result<Vec<TagCount>> {
    name_counts(
        conn,
        "SELECT min(pc.display), count(*) FROM post_categories pc
         WHERE pc.post_id IN (SELECT id FROM posts WHERE trashed_at IS NULL)
         GROUP BY pc.name ORDER BY pc.name",
    )
}

/// Rows of (name, count) from `sql`.
fn name_counts(conn: &Connection, sql: &str) -> Result<Vec<TagCount>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(TagCount {
            name: r.get(0)?,
            count: r.get::<_, i64>(1)? as usize,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn ids_with_tag(conn: &Connection, tag: &str) -> Result<Vec<PostId>> {
    let mut stmt = conn.prepare(
        "SELECT pt.post_id FROM post_tags pt JOIN tags t ON t.id = pt.tag_id
         JOIN posts p ON p.id = pt.post_id AND p.trashed_at IS NULL WHERE t.name = ?1",
    )?;
    let rows = stmt.query_map([tag.to_lowercase()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many of the most recently added posts a search looks at to judge
/// whether its words pick posts out at all (see `search`).
pub(crate) const RECENT_POSTS: i64 = 500;

/// Full-text search, with each post's body (for its snippet); `fts_query`
/// is already in FTS5 syntax.
///
/// Best first (bm25: a title match counts most, then tags, then the body),
/// except when the words are in more than half of the `RECENT_POSTS` most
/// recently added posts: then the most recently added matches come first.
/// bm25 gives a word in most posts almost no weight (FTS5 floors its IDF), so
/// ranking such a search says little, yet costs a score for every post that
/// matches: 30 ms over 10,000 posts, 250 ms over 100,000, where reading the
/// newest matches costs a few.
pub(crate) fn search(
    conn: &Connection,
    fts_query: &str,
    limit: usize,
) -> Result<Vec<(PostSummary, String)>> {
    let order = if matches_most_recent(conn, fts_query)? {
        "posts_fts.rowid DESC"
    } else {
        "rank"
    };
    let sql = format!(
        "SELECT {}, ifnull(CAST(substr(CAST(p.raw AS BLOB), p.body_start + 1) AS TEXT), '')
         FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid
         WHERE posts_fts MATCH ?1 AND p.trashed_at IS NULL
         ORDER BY {order} LIMIT ?2",
        summary_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![fts_query, limit as i64], |row| {
        Ok((summary_from_row(row)?, row.get(AFTER_SUMMARY)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `fts_query` matches more than half of the `RECENT_POSTS` most
/// recently added posts; false in a library smaller than that.
fn matches_most_recent(conn: &Connection, fts_query: &str) -> Result<bool> {
    // The window's lowest id; trashed posts count as places in it.
    let floor: Option<i64> = conn
        .prepare_cached("SELECT id FROM posts ORDER BY id DESC LIMIT 1 OFFSET ?1")?
        .query_row([RECENT_POSTS - 1], |r| r.get(0))
        .optional()?;
    let Some(floor) = floor else {
        return Ok(false);
    };
    let matching: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?1 AND posts_fts.rowid >= ?2",
        )?
        .query_row(params![fts_query, floor], |r| r.get(0))?;
    Ok(matching * 2 > RECENT_POSTS)
}

/// The post imported from `source` and the hash of the source text then.
pub(crate) fn import_source(conn: &Connection, source: &str) -> Result<Option<(PostId, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT post_id, hash FROM import_sources WHERE source = ?1")?;
    Ok(stmt
        .query_row([source], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn set_import_source(
    conn: &Connection,
    source: &str,
    id: PostId,
    hash: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_sources (source, post_id, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (source) DO UPDATE SET post_id = ?2, hash = ?3",
    )?
    .execute(params![source, id, hash])?;
    Ok(())
}

/// When post `id`'s newest version was kept, or, with none yet, when the
/// post was made.
pub(crate) fn last_kept_at(conn: &Connection, id: PostId) -> Result<String> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE((SELECT max(at) FROM revisions WHERE post_id = ?1), created_at)
             FROM posts WHERE id = ?1",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Keeps `text` as the post's pending version, replacing an earlier one.
pub(crate) fn keep_pending(conn: &Connection, id: PostId, text: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pending_texts (post_id, text, kept_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (post_id) DO UPDATE SET text = ?2, kept_at = ?3",
    )?
    .execute(params![id, text, now])?;
    Ok(())
}

pub(crate) fn clear_pending(conn: &Connection, id: PostId) -> Result<()> {
    conn.prepare_cached("DELETE FROM pending_texts WHERE post_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Every pending version, oldest first: (post, text, when kept).
pub(crate) fn all_pending(conn: &Connection) -> Result<Vec<(PostId, String, String)>> {
    let mut stmt =
        conn.prepare("SELECT post_id, text, kept_at FROM pending_texts ORDER BY kept_at")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How a post's name is chosen now: whether its slug and file name follow
/// its title, and whether it is still an empty new post with no file.
pub(crate) fn naming(conn: &Connection, id: PostId) -> Result<(bool, bool)> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT named_by_title, unwritten FROM posts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| crate::error::Error::NotFound(format!("there is no post with id {id}")))
}

pub(crate) fn set_naming(
    conn: &Connection,
    id: PostId,
    named_by_title: bool,
    unwritten: bool,
) -> Result<()> {
    conn.prepare_cached("UPDATE posts SET named_by_title = ?2, unwritten = ?3 WHERE id = ?1")?
        .execute(params![id, named_by_title, unwritten])?;
    Ok(())
}

/// Exported posts keep the names they went out with. Only the few posts
/// still named by their title (an index finds them) are looked up among
/// `ids`, so an export of 100,000 posts does not update each one.
pub(crate) fn settle_names(conn: &Connection, ids: &[PostId]) -> Result<()> {
    let following: Vec<PostId> = {
        let mut stmt = conn.prepare_cached("SELECT id FROM posts WHERE named_by_title = 1")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if following.is_empty() {
        return Ok(());
    }
    let exported: std::collections::HashSet<PostId> = ids.iter().copied().collect();
    let mut settle = conn.prepare_cached("UPDATE posts SET named_by_title = 0 WHERE id = ?1")?;
    for id in following.into_iter().filter(|id| exported.contains(id)) {
        settle.execute([id])?;
    }
    Ok(())
}

/// The empty new posts, which have no file.
pub(crate) fn unwritten(conn: &Connection) -> Result<Vec<PostId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM posts WHERE unwritten = 1")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a post and everything kept of it: only ever an empty new post,
/// which nobody wrote anything into.
pub(crate) fn delete_unwritten(conn: &Connection, id: PostId) -> Result<bool> {
    let (_, unwritten) = naming(conn, id)?;
    if !unwritten {
        return Ok(false);
    }
    unindex(conn, id)?;
    conn.prepare_cached("DELETE FROM posts WHERE id = ?1 AND unwritten = 1")?
        .execute([id])?;
    Ok(true)
}

/// Every live post's id, path and kind, for working out kinds again.
pub(crate) fn kinds(
    conn: &Connection,
    only: Option<PostId>,
) -> Result<Vec<(PostId, String, Kind)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path, kind FROM posts
         WHERE trashed_at IS NULL AND path IS NOT NULL AND (?1 IS NULL OR id = ?1)",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            Kind::parse(&r.get::<_, String>(2)?).unwrap_or(Kind::Post),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn set_kind(conn: &Connection, id: PostId, kind: Kind) -> Result<()> {
    conn.prepare_cached("UPDATE posts SET kind = ?2 WHERE id = ?1")?
        .execute(params![id, kind.as_str()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql`, one line per step.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap());
        rows.collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn the_list_and_the_tag_counts_read_the_list_index_not_every_post() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("db.sqlite3")).unwrap();
        let list = plan(
            &conn,
            &list_sql()
                .replace("?1", "NULL")
                .replace("?2", "NULL")
                .replace("?3", "200")
                .replace("?4", "NULL")
                .replace("?5", "'page'"),
        );
        assert!(
            list.contains("SCAN p USING COVERING INDEX posts_listed")
                || list.contains("SCAN p USING INDEX posts_listed"),
            "{list}"
        );
        assert!(!list.contains("TEMP B-TREE FOR ORDER BY"), "{list}");
        // An export finds the posts still named by their titles by index,
        // not by reading every post (the flag sits after each one's text).
        let following = plan(&conn, "SELECT id FROM posts WHERE named_by_title = 1");
        assert!(following.contains("posts_named_by_title"), "{following}");
        let counts = plan(&conn, TAG_COUNTS_SQL);
        assert!(
            counts.contains("SCAN posts USING INDEX posts_listed"),
            "{counts}"
        );
    }
}
