//! Export for publishing: the library's posts written into a folder a site
//! generator (or any web host) takes as it is. This module owns the output
//! folder: it refuses a folder Quire did not write, replaces one it did, and
//! never leaves a torn copy of an earlier export's file.

pub(crate) mod fields;
pub(crate) mod html;
pub(crate) mod markdown;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::import::Warning;

pub use html::{tag_slug, HtmlExportOptions};
pub use markdown::{Flavor, MarkdownExportOptions};

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    /// Posts written.
    pub posts: usize,
    /// Files written: posts, their linked files, and the site's own files.
    pub files: usize,
    pub bytes: u64,
    pub seconds: f64,
    /// Files that could not be copied, posts carried unchanged, and the like.
    pub warnings: Vec<Warning>,
}

/// Where an export is, for a progress bar.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub done: usize,
    pub total: usize,
    /// The post being written: its path in the library.
    pub current: String,
}

/// Marks a folder as Quire's export and lists what it wrote there, so the
/// next export replaces exactly those files and nothing the writer added.
const MARKER: &str = ".quire-export";

#[derive(Serialize, Deserialize, Default)]
struct Marker {
    files: Vec<String>,
}

/// The folder an export writes into.
pub(crate) struct OutFolder {
    root: PathBuf,
    staging: PathBuf,
    /// Files this export wrote (relative, `/` separators), with where each
    /// copied file came from, to tell a shared image from a clash.
    written: HashMap<String, Option<PathBuf>>,
    order: Vec<String>,
    previous: Vec<String>,
    bytes: u64,
}

impl OutFolder {
    /// Opens `root` for an export, creating it when missing. A folder with
    /// anything in it that Quire did not export is refused: an export never
    /// deletes or overwrites what someone else put there.
    pub(crate) fn open(root: &Path) -> Result<OutFolder> {
        std::fs::create_dir_all(root).map_err(|e| Error::io("create the folder", root, e))?;
        let root = root
            .canonicalize()
            .map_err(|e| Error::io("open the folder", root, e))?;
        let marker_path = root.join(MARKER);
        let previous = if marker_path.exists() {
            let text = std::fs::read_to_string(&marker_path)
                .map_err(|e| Error::io("read", &marker_path, e))?;
            serde_json::from_str::<Marker>(&text)
                .map(|m| m.files)
                .unwrap_or_default()
        } else {
            let mut entries =
                std::fs::read_dir(&root).map_err(|e| Error::io("read the folder", &root, e))?;
            if entries.next().is_some() {
                return Err(Error::Invalid(format!(
                    "{} is not empty and Quire did not export into it; choose an empty folder (or one Quire exported to before)",
                    root.display()
                )));
            }
            // Claimed at once: an export cut short can be run again into it.
            fsutil::write_atomic(&marker_path, b"{\"files\":[]}\n")?;
            Vec::new()
        };
        let staging = root.join(".quire-staging");
        std::fs::create_dir_all(&staging)
            .map_err(|e| Error::io("create the folder", &staging, e))?;
        Ok(OutFolder {
            root,
            staging,
            written: HashMap::new(),
            order: Vec::new(),
            previous,
            bytes: 0,
        })
    }

    /// Writes a file at a path relative to the folder.
    pub(crate) fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = fsutil::resolve(&self.root, rel)?;
        // A new path is written in place: there is no earlier file to keep
        // whole, and a rename per file is a tenth of a big export's time. A
        // file already there (an earlier export's) is replaced atomically,
        // so a site served from this folder never shows half a page.
        if !fsutil::write_new_unsynced(&path, bytes)? {
            fsutil::write_staged_unsynced(&self.staging, &path, bytes)?;
        }
        self.record(rel, None, bytes.len() as u64);
        Ok(())
    }

    /// Copies `from` to a path relative to the folder. A path this export has
    /// written already is left alone when it holds the same file, and is a
    /// warning (returned) when another post's different file is there.
    pub(crate) fn copy(&mut self, rel: &str, from: &Path) -> Result<Option<String>> {
        if let Some(earlier) = self.written.get(rel) {
            let same = match earlier {
                Some(source) if source == from => true,
                _ => match (
                    std::fs::read(from),
                    std::fs::read(fsutil::resolve(&self.root, rel)?),
                ) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                },
            };
            return Ok((!same).then(|| {
                format!("not copied: another post's different file is already at {rel}")
            }));
        }
        let dest = fsutil::resolve(&self.root, rel)?;
        fsutil::copy_atomic_unsynced(from, &dest)?;
        let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        self.record(rel, Some(from.to_path_buf()), size);
        Ok(None)
    }

    fn record(&mut self, rel: &str, source: Option<PathBuf>, size: u64) {
        if self.written.insert(rel.to_string(), source).is_none() {
            self.order.push(rel.to_string());
        }
        self.bytes += size;
    }

    /// Ends the export: files of the previous export that this one did not
    /// write are removed, everything reaches the disk, and the marker lists
    /// the new files. Returns (files, bytes).
    pub(crate) fn finish(self) -> Result<(usize, u64)> {
        for rel in &self.previous {
            if self.written.contains_key(rel) {
                continue;
            }
            if let Ok(path) = fsutil::resolve(&self.root, rel) {
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                    let _ = std::fs::remove_file(&path);
                    remove_empty_parents(&self.root, &path);
                }
            }
        }
        self.close(&self.order)?;
        Ok((self.order.len(), self.bytes))
    }

    /// Ends an export cut short: what it wrote reaches the disk, and the
    /// marker lists both exports' files so the next run replaces them all.
    pub(crate) fn abandon(self) -> Result<()> {
        let mut files = self.previous.clone();
        files.extend(
            self.order
                .iter()
                .filter(|f| !self.previous.contains(f))
                .cloned(),
        );
        self.close(&files)
    }

    /// An export is made again from the library at will, so its files are
    /// left to the system to flush, like a site generator's (a flush of the
    /// whole filesystem took a tenth of a big export); the marker, which
    /// keeps the writer's own files safe from the next export, is durable.
    fn close(&self, files: &[String]) -> Result<()> {
        let _ = std::fs::remove_dir_all(&self.staging);
        let marker = serde_json::to_vec(&Marker {
            files: files.to_vec(),
        })
        .map_err(|e| Error::Bug(e.to_string()))?;
        fsutil::write_atomic(&self.root.join(MARKER), &marker)
    }
}

/// Removes the folders `path` leaves empty, up to (not including) `root`.
fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
