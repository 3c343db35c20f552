//! The SQLite store: one function sets up every connection, embedded
//! migrations run on open, and `with_tx` owns commit and rollback.

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub(crate) mod posts;
pub(crate) mod recovery;
pub(crate) mod settings;

/// One schema step: SQL, or Rust for what SQL cannot derive.
pub(crate) enum Migration {
    Sql(&'static str),
    Rust(fn(&Transaction) -> Result<()>),
}

/// Embedded migrations, in order; `PRAGMA user_version` counts those applied.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration::Sql(include_str!("migrations/0001_init.sql")),
    Migration::Sql(include_str!("migrations/0002_settings.sql")),
    Migration::Sql(include_str!("migrations/0003_import_sources.sql")),
    Migration::Rust(external_content_fts),
    Migration::Sql(include_str!("migrations/0005_post_list_index.sql")),
    Migration::Sql(include_str!("migrations/0006_trashed_missing.sql")),
    Migration::Sql(include_str!("migrations/0007_pending_texts.sql")),
    Migration::Sql(include_str!("migrations/0008_names_follow_titles.sql")),
    Migration::Rust(categories),
    Migration::Sql(include_str!("migrations/0010_revision_labels.sql")),
    Migration::Sql(include_str!("migrations/0011_named_by_title_index.sql")),
    Migration::Sql(include_str!("migrations/0012_post_kinds.sql")),
];

/// 0004: posts learn where their body starts (after the front matter, which
/// only Rust can find), then the full-text index reads from the posts.
fn external_content_fts(tx: &Transaction) -> Result<()> {
    tx.execute_batch("ALTER TABLE posts ADD COLUMN body_start INTEGER NOT NULL DEFAULT 0")?;
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, raw FROM posts")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut set = tx.prepare("UPDATE posts SET body_start = ?2 WHERE id = ?1")?;
    for (id, raw) in rows {
        let body = crate::frontmatter::FrontMatter::split(&raw).body;
        set.execute(rusqlite::params![id, (raw.len() - body.len()) as i64])?;
    }
    tx.execute_batch(include_str!("migrations/0004_external_content_fts.sql"))?;
    Ok(())
}

/// 0009: categories, read from every post's front matter once.
fn categories(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/0009_categories.sql"))?;
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, raw FROM posts")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, raw) in rows {
        let categories = crate::frontmatter::Meta::from_text(&raw).categories;
        if !categories.is_empty() {
            posts::set_categories(tx, id, &categories, false)?;
        }
    }
    Ok(())
}

fn apply(tx: &Transaction, migration: &Migration) -> Result<()> {
    match migration {
        Migration::Sql(sql) => tx.execute_batch(sql)?,
        Migration::Rust(step) => step(tx)?,
    }
    Ok(())
}

/// What `damage` found wrong with a database file.
pub(crate) struct Damage {
    /// SQLite's own words ("database disk image is malformed", or the first
    /// problem `quick_check` reports).
    pub reason: String,
    /// The earlier versions the file held, when they can still be counted:
    /// they stay in the file set aside, not in the new database.
    pub revisions: Option<u64>,
}

/// Whether the file at `path` is damaged past SQLite's reading: not a
/// database at all, or one whose schema cannot be read. Cheap enough for
/// every open. A file that is merely locked or unreadable is not damaged.
pub(crate) fn unreadable(path: &Path) -> Option<Damage> {
    if !path.exists() {
        return None;
    }
    let conn =
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Err(err) if is_damage(&err) => Some(Damage {
            reason: err.to_string(),
            revisions: None,
        }),
        _ => None,
    }
}

/// Whether SQLite's `quick_check` finds any page of the database at `path`
/// malformed (it reads every page but does not check index contents).
pub(crate) fn damage(path: &Path) -> Option<Damage> {
    let conn =
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let reason = match conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0)) {
        Ok(verdict) if verdict == "ok" => return None,
        Ok(verdict) => verdict,
        Err(err) if is_damage(&err) => err.to_string(),
        Err(_) => return None,
    };
    let revisions = conn
        .query_row("SELECT count(*) FROM revisions", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n.max(0) as u64);
    Some(Damage { reason, revisions })
}

fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Opens (creating if needed) a library database and brings its schema up to date.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// A read-only connection for long reads (export): its transaction is a
/// snapshot that the app's saves meanwhile do not change.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The pragmas every connection gets.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Room for every statement the store uses, so none is parsed twice.
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Safe with WAL: a power cut may lose the last commit, never corrupts.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // 32 MB of page cache: bulk work (import, a first scan) stays in memory
    // instead of spilling half-built transactions to the WAL.
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(())
}

pub(crate) fn schema_version(conn: &Connection) -> Result<usize> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(version as usize)
}

/// Applies each missing migration in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current = schema_version(conn)?;
    if current > MIGRATIONS.len() {
        return Err(Error::Invalid(format!(
            "this library's database was written by a newer Quire (schema {current}); update Quire to open it"
        )));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        apply(&tx, migration)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
/// It takes the write lock at once, so a concurrent writer (the CLI beside the
/// app) waits for `busy_timeout` instead of failing on a stale snapshot.
pub(crate) fn with_tx<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

/// The checkpoint a `DeferCheckpoints` left running on a thread of its own;
/// the library waits for it before its database is closed or moved, so no
/// connection outlives the library and the WAL is copied in before exit.
pub(crate) type Checkpointer = std::sync::Mutex<Option<std::thread::JoinHandle<()>>>;

/// Waits for the checkpoint running on `slot`, if any.
pub(crate) fn wait_for_checkpoint(slot: &Checkpointer) {
    let running = slot.lock().ok().and_then(|mut s| s.take());
    if let Some(running) = running {
        let _ = running.join();
    }
}

/// Turns the connection's automatic WAL checkpoints off for bulk work (an
/// import's batches, a first scan), and on again when dropped, when one
/// checkpoint copies the WAL into the database on a thread of its own: the
/// writer does not wait for those tens of megabytes to reach the disk.
pub(crate) struct DeferCheckpoints<'a> {
    conn: &'a std::sync::Mutex<Connection>,
    db_path: &'a Path,
    checkpointer: &'a Checkpointer,
}

impl<'a> DeferCheckpoints<'a> {
    pub(crate) fn new(
        conn: &'a std::sync::Mutex<Connection>,
        db_path: &'a Path,
        checkpointer: &'a Checkpointer,
    ) -> Result<Self> {
        let guard = conn
            .lock()
            .map_err(|_| Error::Bug("the database lock was poisoned".into()))?;
        guard.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(DeferCheckpoints {
            conn,
            db_path,
            checkpointer,
        })
    }
}

impl Drop for DeferCheckpoints<'_> {
    fn drop(&mut self) {
        if let Ok(conn) = self.conn.lock() {
            let _ = conn.pragma_update(None, "wal_autocheckpoint", 1000);
        }
        // One at a time: an earlier one has long finished or soon will.
        wait_for_checkpoint(self.checkpointer);
        let db_path = self.db_path.to_path_buf();
        // PASSIVE never waits for a reader or blocks a writer; what it cannot
        // copy now, the next automatic checkpoint (or the last close) does.
        let running = std::thread::spawn(move || {
            if let Ok(conn) = Connection::open(&db_path) {
                let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        });
        if let Ok(mut slot) = self.checkpointer.lock() {
            *slot = Some(running);
        }
    }
}

/// Checks the database file and that the full-text index matches the posts.
pub(crate) fn check_search_index(conn: &Connection) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(Error::Database(format!("integrity check: {verdict}")));
    }
    conn.execute(
        "INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .map_err(|e| Error::Database(format!("the search index does not match the posts: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'posts_fts_%' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn migrates_from_empty_and_from_every_earlier_version() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = open(&dir.path().join("fresh.sqlite3")).unwrap();
        assert_eq!(schema_version(&fresh).unwrap(), MIGRATIONS.len());
        let expected = tables(&fresh);
        assert!(
            expected.contains(&"posts".to_string()) && expected.contains(&"settings".to_string())
        );

        for applied in 0..MIGRATIONS.len() {
            let path = dir.path().join(format!("v{applied}.sqlite3"));
            {
                let mut conn = Connection::open(&path).unwrap();
                for (i, migration) in MIGRATIONS.iter().take(applied).enumerate() {
                    let tx = conn.transaction().unwrap();
                    apply(&tx, migration).unwrap();
                    tx.commit().unwrap();
                    conn.pragma_update(None, "user_version", (i + 1) as i64)
                        .unwrap();
                }
                if applied >= 1 {
                    // Data written at an earlier version survives the upgrade,
                    // and stays searchable.
                    conn.execute(
                        "INSERT INTO posts (slug, title, raw, status, created_at, updated_at, content_hash, path)
                         VALUES ('old', 'Old', '---\ntitle: Old\n---\nQuiet mornings', 'draft', 'now', 'now', 'h', 'old.md')",
                        [],
                    )
                    .unwrap();
                    if applied >= 4 {
                        // From 0004 the index reads the body from the post, after its front matter.
                        conn.execute("UPDATE posts SET body_start = 19 WHERE slug = 'old'", [])
                            .unwrap();
                    }
                    conn.execute(
                        "INSERT INTO posts_fts (rowid, title, body, tags) VALUES ((SELECT id FROM posts WHERE slug = 'old'), 'Old', 'Quiet mornings', NULL)",
                        [],
                    )
                    .unwrap();
                }
                let _ = &mut conn;
            }
            let conn = open(&path).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), MIGRATIONS.len());
            assert_eq!(tables(&conn), expected, "upgrade from version {applied}");
            if applied >= 1 {
                let title: String = conn
                    .query_row("SELECT title FROM posts WHERE slug = 'old'", [], |r| {
                        r.get(0)
                    })
                    .unwrap();
                assert_eq!(title, "Old");
                let found = posts::search(&conn, "mornings", 10).unwrap();
                assert_eq!(found.len(), 1, "upgrade from version {applied}");
                assert!(found[0].1.contains("Quiet"), "{:?}", found[0].1);
                check_search_index(&conn).unwrap();
            }
        }
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = open(&path).unwrap_err();
        assert!(err.to_string().contains("newer Quire"));
    }

    #[test]
    fn connections_use_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("db.sqlite3")).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", 1));
    }
}
