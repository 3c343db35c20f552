//! What the integration tests share: a temp library with its own data dir
//! and a folder beside it to import from, and writing files into either.

#![allow(dead_code)] // each test crate uses its own part

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use quire::{ImportOptions, ImportReport, Library, OpenOptions};

/// Opens the library in `folder` with its database in `data`.
pub fn open_library(folder: &Path, data: &Path) -> Library {
    Library::open(
        folder,
        OpenOptions {
            data_dir: Some(data.to_path_buf()),
        },
    )
    .unwrap()
}

/// Writes `bytes` at `rel` under `root`, creating folders on the way.
pub fn write_file(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The titles of the posts the library lists, in its order.
pub fn titles(lib: &Library) -> Vec<String> {
    lib.list(&quire::ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect()
}

/// Moves the listed post titled `title` to the trash.
pub fn trash_titled(lib: &Library, title: &str) {
    let post = lib
        .list(&quire::ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no post titled {title:?}"));
    lib.trash(post.id).unwrap();
}

/// A temp dir holding a library folder (`My Blog`), the data dir Quire keeps
/// its database in, and a folder outside the library to import from.
pub struct Fixture {
    _dir: tempfile::TempDir,
    pub folder: PathBuf,
    pub data: PathBuf,
    pub src: PathBuf,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let fx = Fixture {
            folder: dir.path().join("My Blog"),
            data: dir.path().join("data"),
            src: dir.path().join("old-site"),
            _dir: dir,
        };
        std::fs::create_dir_all(&fx.folder).unwrap();
        std::fs::create_dir_all(&fx.src).unwrap();
        fx
    }

    /// The temp dir holding it all, for a folder beside the library.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    pub fn open(&self) -> Library {
        open_library(&self.folder, &self.data)
    }

    /// Writes a file into the library folder.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write_file(&self.folder, rel, bytes);
    }

    /// Writes a file into the folder to import from.
    pub fn write_source(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write_file(&self.src, rel, bytes);
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.folder.join(rel)).unwrap()
    }

    /// Imports the source folder into `lib`.
    pub fn import(&self, lib: &Library, dry_run: bool) -> ImportReport {
        lib.import(
            &self.src,
            ImportOptions { dry_run },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
    }
}

/// Every `href="…"` and `src="…"` in an HTML page, entities undone.
pub fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            rest = &rest[start + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            links.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    links
}

pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every internal link and image of the HTML pages under `out` that leads to
/// nothing, as "page -> link"; and how many were checked.
pub fn dead_links(out: &Path) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut dead = Vec::new();
    for file in files_under(out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&file).unwrap();
        for link in links_in(&html) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            let path = path.replace("%20", " ");
            let target = file.parent().unwrap().join(&path);
            if !target.exists() {
                dead.push(format!(
                    "{} -> {link}",
                    file.strip_prefix(out).unwrap_or(&file).display()
                ));
            }
            checked += 1;
        }
    }
    (checked, dead)
}
