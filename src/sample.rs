//! The sample library a writer sees on first run: a dozen posts the project
//! wrote, so the editor opens on something real.

use std::path::Path;

use crate::error::Result;
use crate::fsutil;

const SAMPLE_POSTS: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/sample_posts.rs"));

/// Writes the sample posts into `folder`, leaving any file already there alone.
pub fn write_sample_library(folder: &Path) -> Result<usize> {
    let mut written = 0;
    for (name, text) in SAMPLE_POSTS {
        let path = folder.join(name);
        if !path.exists() {
            fsutil::write_atomic(&path, text.as_bytes())?;
            written += 1;
        }
    }
    Ok(written)
}
