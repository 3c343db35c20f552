//! What the integration tests share: opening a library on a temp data dir,
//! and writing files into a temp folder.

#![allow(dead_code)] // each test crate uses its own part

use std::path::Path;

use quire::{Library, OpenOptions};

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
