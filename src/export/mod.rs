//! Export for publishing: the library's posts written into a folder a site
//! generator (or any web host) takes as it is. This module owns the output
//! folder: it refuses a folder Quire did not write, replaces one it did, and
//! never leaves a torn copy of an earlier export's file.

pub(crate) mod fields;
pub(crate) mod html;
pub(crate) mod markdown;
mod run;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::import::Warning;

pub use html::{tag_slug, HtmlExportOptions};
pub use markdown::{Flavor, MarkdownExportOptions};

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

/// Where an export is, for a progress bar: `done` of `total` items of the
/// current phase.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub phase: ExportPhase,
    pub done: usize,
    pub total: usize,
    /// What is being written: a post's path in the library, or a page's
    /// path in the output folder.
    pub current: String,
}

/// The parts of an export, in the order they run. A Markdown export has
/// only posts; an HTML site then writes its index pages and tag pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ExportPhase {
    Posts,
    Pages,
    Tags,
}

/// The library an export reads: its folder, and the export id its output
/// folder's marker must carry (`Library::export_id`).
pub(crate) struct Origin<'a> {
    pub folder: &'a Path,
    pub export_id: &'a str,
    /// The library's site: its static folders serve root-absolute addresses.
    pub site: &'a crate::site::Site,
}

/// Marks a folder as Quire's export and lists what it wrote there, so the
/// next export replaces exactly those files and nothing the writer added.
const MARKER: &str = ".quire-export";

/// The marker's content. It proves nothing by itself (anyone can write one):
/// a folder is taken as this library's export only when `library` is this
/// library's export id, and a listed file is replaced or removed only while
/// its content still has the hash recorded when Quire wrote it.
#[derive(Serialize, Deserialize, Default)]
struct Marker {
    /// The exporting library's id (`Library::export_id`).
    #[serde(default)]
    library: String,
    /// Each file written (relative, `/` separators) and its BLAKE3 hash.
    files: BTreeMap<String, String>,
}

/// The folder an export writes into.
pub(crate) struct OutFolder {
    root: PathBuf,
    /// The filesystem `root` is on: an export never crosses into another.
    device: u64,
    library: String,
    staging: PathBuf,
    /// Files this export wrote (relative, `/` separators), with where each
    /// copied file came from, to tell a shared image from a clash.
    written: HashMap<String, Option<PathBuf>>,
    /// Their hashes, in the order written.
    order: Vec<(String, String)>,
    /// The previous export's files and hashes, from the marker.
    previous: BTreeMap<String, String>,
    /// Folders below `root` already known to be real folders on its filesystem.
    checked_dirs: HashSet<PathBuf>,
    warnings: Vec<Warning>,
    bytes: u64,
    /// Set once the marker is written for good; an export dropped before
    /// (an error or a cancel in any phase) writes it as `abandon` does.
    closed: bool,
}

/// What a finished export wrote.
pub(crate) struct Finished {
    pub files: usize,
    pub bytes: u64,
    /// Files left alone because the writer changed or added them.
    pub warnings: Vec<Warning>,
}

fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn hash_file(path: &Path) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path).ok()?).ok()?;
    Some(hasher.finalize().to_hex().to_string())
}

#[cfg(unix)]
fn device_of(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::dev(meta)
}

#[cfg(not(unix))]
fn device_of(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Whether `root` holds an export by the library whose export id is
/// `library` (its marker says so): only such a folder is opened for the
/// writer after an export.
pub(crate) fn exported_by(root: &Path, library: &str) -> bool {
    let marker_path = root.join(MARKER);
    std::fs::symlink_metadata(&marker_path).is_ok_and(|m| m.is_file())
        && std::fs::read_to_string(&marker_path)
            .ok()
            .and_then(|text| serde_json::from_str::<Marker>(&text).ok())
            .is_some_and(|marker| marker.library == library)
}

impl OutFolder {
    /// Opens `root` for an export by the library whose export id is
    /// `library`, creating the folder when missing. A folder with anything in
    /// it that this library did not export is refused: an export never
    /// deletes or overwrites what someone else put there.
    pub(crate) fn open(root: &Path, library: &str) -> Result<OutFolder> {
        std::fs::create_dir_all(root).map_err(|e| Error::io("create the folder", root, e))?;
        let root = root
            .canonicalize()
            .map_err(|e| Error::io("open the folder", root, e))?;
        let device = std::fs::metadata(&root)
            .map(|m| device_of(&m))
            .map_err(|e| Error::io("open the folder", &root, e))?;
        let marker_path = root.join(MARKER);
        let previous = match std::fs::symlink_metadata(&marker_path) {
            Ok(meta) => {
                let marker = meta
                    .is_file()
                    .then(|| std::fs::read_to_string(&marker_path).ok())
                    .flatten()
                    .and_then(|text| serde_json::from_str::<Marker>(&text).ok());
                match marker {
                    Some(marker) if marker.library == library => marker.files,
                    _ => {
                        return Err(Error::Invalid(format!(
                            "{} holds an export that is not this library's (or was made by an earlier Quire);                              choose an empty folder, or empty this one first",
                            root.display()
                        )))
                    }
                }
            }
            Err(_) => {
                let mut entries =
                    std::fs::read_dir(&root).map_err(|e| Error::io("read the folder", &root, e))?;
                if entries.next().is_some() {
                    return Err(Error::Invalid(format!(
                        "{} is not empty and Quire did not export into it; choose an empty folder (or one Quire exported to before)",
                        root.display()
                    )));
                }
                // Claimed at once: an export cut short can be run again into it.
                let claim = serde_json::to_vec(&Marker {
                    library: library.to_string(),
                    files: BTreeMap::new(),
                })
                .map_err(|e| Error::Bug(e.to_string()))?;
                fsutil::write_atomic(&marker_path, &claim)?;
                BTreeMap::new()
            }
        };
        let staging = root.join(".quire-staging");
        if std::fs::symlink_metadata(&staging).is_ok_and(|m| !m.is_dir()) {
            return Err(Error::Invalid(format!(
                "{} is not a folder; Quire writes its temporary files there and does not follow links",
                staging.display()
            )));
        }
        std::fs::create_dir_all(&staging)
            .map_err(|e| Error::io("create the folder", &staging, e))?;
        Ok(OutFolder {
            root,
            device,
            library: library.to_string(),
            staging,
            written: HashMap::new(),
            order: Vec::new(),
            previous,
            checked_dirs: HashSet::new(),
            warnings: Vec::new(),
            bytes: 0,
            closed: false,
        })
    }

    /// The path of `rel`, once every folder on the way that exists is a real
    /// folder (not a symbolic link) on the output folder's filesystem; `None`
    /// when one is not, so nothing is written or removed through it.
    fn contained(&mut self, rel: &str) -> Result<Option<PathBuf>> {
        let path = fsutil::resolve(&self.root, rel)?;
        let mut dirs: Vec<&Path> = path
            .ancestors()
            .skip(1)
            .take_while(|dir| *dir != self.root)
            .collect();
        dirs.reverse();
        for dir in dirs {
            if self.checked_dirs.contains(dir) {
                continue;
            }
            match std::fs::symlink_metadata(dir) {
                Ok(meta) if meta.is_dir() && device_of(&meta) == self.device => {
                    self.checked_dirs.insert(dir.to_path_buf());
                }
                // Not there yet: the write creates it, a real folder.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                _ => return Ok(None),
            }
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() || device_of(&meta) != self.device => {
                Ok(None)
            }
            _ => Ok(Some(path)),
        }
    }

    /// Whether the file at `path` (which exists) is the one the previous
    /// export wrote at `rel`, unchanged since.
    fn owns(&self, rel: &str, path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
            && self
                .previous
                .get(rel)
                .is_some_and(|hash| hash_file(path).as_deref() == Some(hash.as_str()))
    }

    /// Where `rel` may be written, or `None` with a warning noted: a path
    /// through a link or onto another filesystem, or a file this library's
    /// exports did not write there (or that changed since) is left alone.
    fn destination(&mut self, rel: &str) -> Result<Option<PathBuf>> {
        let Some(path) = self.contained(rel)? else {
            self.warn(format!(
                "not written: {rel} would be written through a symbolic link or onto another disk"
            ));
            return Ok(None);
        };
        Ok(Some(path))
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Warning {
            path: String::new(),
            message,
        });
    }

    /// Writes a file at a path relative to the folder.
    pub(crate) fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let Some(path) = self.destination(rel)? else {
            return Ok(());
        };
        // A new path is written in place: there is no earlier file to keep
        // whole, and a rename per file is a tenth of a big export's time. A
        // file already there (an earlier export's) is replaced atomically,
        // so a site served from this folder never shows half a page.
        if !fsutil::write_new_unsynced(&path, bytes)? {
            if !self.owns(rel, &path) {
                self.warn(format!(
                    "not written: {rel} is there already and Quire did not write it (or it changed since)"
                ));
                return Ok(());
            }
            fsutil::write_staged_unsynced(&self.staging, &path, bytes)?;
        }
        self.record(rel, None, hash_bytes(bytes), bytes.len() as u64);
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
        let Some(dest) = self.destination(rel)? else {
            return Ok(None);
        };
        if std::fs::symlink_metadata(&dest).is_ok() && !self.owns(rel, &dest) {
            return Ok(Some(format!(
                "not copied: {rel} is there already and Quire did not write it (or it changed since)"
            )));
        }
        fsutil::copy_atomic_unsynced(from, &dest)?;
        let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        let hash = hash_file(&dest).unwrap_or_default();
        self.record(rel, Some(from.to_path_buf()), hash, size);
        Ok(None)
    }

    fn record(&mut self, rel: &str, source: Option<PathBuf>, hash: String, size: u64) {
        if self.written.insert(rel.to_string(), source).is_none() {
            self.order.push((rel.to_string(), hash));
        }
        self.bytes += size;
    }

    /// Ends the export: files of the previous export that this one did not
    /// write are removed (those the writer changed since are kept, with a
    /// warning), everything reaches the disk, and the marker lists the new
    /// files.
    pub(crate) fn finish(mut self) -> Result<Finished> {
        let stale: Vec<String> = self
            .previous
            .keys()
            .filter(|rel| !self.written.contains_key(*rel))
            .cloned()
            .collect();
        for rel in stale {
            let Ok(Some(path)) = self.contained(&rel) else {
                continue;
            };
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            if self.owns(&rel, &path) {
                let _ = std::fs::remove_file(&path);
                remove_empty_parents(&self.root, &path);
            } else {
                self.warn(format!(
                    "kept {rel}: an earlier export wrote it, but it changed since, so it is no longer Quire's to remove"
                ));
            }
        }
        let files: BTreeMap<String, String> = self.order.iter().cloned().collect();
        self.close(files)?;
        Ok(Finished {
            files: self.order.len(),
            bytes: self.bytes,
            warnings: std::mem::take(&mut self.warnings),
        })
    }

    /// Ends an export cut short: what it wrote reaches the disk, and the
    /// marker lists both exports' files so the next run replaces them all.
    pub(crate) fn abandon(mut self) -> Result<()> {
        self.close_abandoned()
    }

    fn close_abandoned(&mut self) -> Result<()> {
        let mut files = self.previous.clone();
        files.extend(self.order.iter().cloned());
        self.close(files)
    }

    /// An export is made again from the library at will, so its files are
    /// left to the system to flush, like a site generator's (a flush of the
    /// whole filesystem took a tenth of a big export); the marker, which
    /// keeps the writer's own files safe from the next export, is durable.
    fn close(&mut self, files: BTreeMap<String, String>) -> Result<()> {
        self.closed = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        let marker = serde_json::to_vec(&Marker {
            library: self.library.clone(),
            files,
        })
        .map_err(|e| Error::Bug(e.to_string()))?;
        fsutil::write_atomic(&self.root.join(MARKER), &marker)
    }
}

impl Drop for OutFolder {
    /// An export that ended in an error or a cancel in any phase still
    /// leaves a marker that lists what it wrote.
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.close_abandoned();
        }
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
