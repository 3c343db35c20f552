//! A damaged database is set aside, never deleted, and a message names
//! both files; the caller makes a new one and fills it from the folder.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Moves a damaged database (and its journal files) aside as
/// `<name>.damaged-<time>`, returning where it went.
fn set_aside(db_path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = db_path.with_file_name(format!("{name}.damaged-{stamp}"));
    std::fs::rename(db_path, &aside).map_err(|e| Error::io("move aside", db_path, e))?;
    for suffix in ["-wal", "-shm"] {
        let journal = db_path.with_file_name(format!("{name}{suffix}"));
        if journal.exists() {
            let _ = std::fs::rename(
                &journal,
                aside.with_file_name(format!("{name}.damaged-{stamp}{suffix}")),
            );
        }
    }
    Ok(aside)
}

/// Sets a damaged database aside and says so, naming both files.
pub(crate) fn recover(db_path: &Path, damage: super::Damage) -> Result<String> {
    let aside = set_aside(db_path)?;
    let versions = match damage.revisions {
        Some(1) => "its 1 earlier version".to_string(),
        Some(n) => format!("its {n} earlier versions"),
        None => "earlier versions".to_string(),
    };
    let message = format!(
        "the library database {} was damaged ({}); it was moved to {} and a new one is made from the folder. \
         Every post in the folder is there; {versions} and the trash stay in the damaged file.",
        db_path.display(),
        damage.reason,
        aside.display()
    );
    tracing::warn!("{message}");
    Ok(message)
}
