//! Which library the app opens: the one asked for, else the last one, else
//! on first run a sample library, so a new writer sees a real editor at once.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::sample::write_sample_library;

const LAST_LIBRARY_FILE: &str = "last-library";

/// The folder to open: `explicit` (from `--library` or `QUIRE_LIBRARY`), else
/// the last library opened, else a new sample library in `default_folder`.
/// Remembers the choice for next time.
pub fn choose_library_folder(
    explicit: Option<&Path>,
    data_dir: &Path,
    default_folder: &Path,
) -> Result<PathBuf> {
    let remembered = std::fs::read_to_string(data_dir.join(LAST_LIBRARY_FILE))
        .ok()
        .map(|s| PathBuf::from(s.trim_end_matches('\n')))
        .filter(|p| p.is_dir());
    let folder = match (explicit, remembered) {
        (Some(folder), _) => folder.to_path_buf(),
        (None, Some(folder)) => folder,
        (None, None) => {
            let is_new = !default_folder.exists()
                || std::fs::read_dir(default_folder)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if is_new {
                write_sample_library(default_folder)?;
            }
            default_folder.to_path_buf()
        }
    };
    std::fs::create_dir_all(data_dir)
        .map_err(|e| Error::io("create the data folder", data_dir, e))?;
    let _ = std::fs::write(
        data_dir.join(LAST_LIBRARY_FILE),
        folder.to_string_lossy().as_bytes(),
    );
    Ok(folder)
}

/// Where the sample library goes on first run: `~/Documents/Quire`, else the data dir.
pub fn default_library_folder(data_dir: &Path) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| d.document_dir().map(|p| p.join("Quire")))
        .unwrap_or_else(|| data_dir.join("Library"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_writes_the_sample_then_remembers_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let sample = dir.path().join("Quire");
        let chosen = choose_library_folder(None, &data, &sample).unwrap();
        assert_eq!(chosen, sample);
        let posts = std::fs::read_dir(&sample).unwrap().count();
        assert_eq!(posts, 12, "a dozen sample posts");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert_eq!(
            choose_library_folder(Some(&other), &data, &sample).unwrap(),
            other
        );
        assert_eq!(
            choose_library_folder(None, &data, &sample).unwrap(),
            other,
            "the last one is reopened"
        );
    }
}
