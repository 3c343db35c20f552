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
