//! Finds the Markdown files in a folder: hidden folders and `node_modules`
//! are left out, no symlink is followed (so nothing outside the folder is
//! read and no loop is possible), and what is passed over is said with a reason.

use std::path::Path;

use crate::fsutil;

/// Folders whose contents are never posts.
pub(crate) const IGNORED_DIRS: &[&str] = &["node_modules", "_site"];

/// What a walk found: Markdown files, other files (candidate assets), and
/// files it passed over with the reason, all relative to the root with `/`.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub markdown: Vec<String>,
    pub skipped: Vec<(String, String)>,
}

/// Walks `root`, leaving alone the folders `skip` names (relative to `root`):
/// a site's themes, templates, static and generated folders.
pub(crate) fn walk(root: &Path, skip: &dyn Fn(&str) -> bool) -> Walk {
    let mut found = Walk::default();
    visit(root, root, &mut found, 0, skip);
    found.markdown.sort();
    found.skipped.sort();
    found
}

/// Deeper than this is not a blog's layout; it bounds the walk on odd trees.
const MAX_DEPTH: usize = 64;

fn visit(root: &Path, dir: &Path, found: &mut Walk, depth: usize, skip: &dyn Fn(&str) -> bool) {
    let rel_dir = fsutil::relative(root, dir).unwrap_or_default();
    if depth > MAX_DEPTH {
        found.skipped.push((
            rel_dir,
            "folders nested more than 64 deep are not read".into(),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found
                .skipped
                .push((rel_dir, format!("this folder cannot be read: {e}")));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(rel) = fsutil::relative(root, &path) else {
            found.skipped.push((
                path.display().to_string(),
                "the name is not valid Unicode".into(),
            ));
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        if name.starts_with('.') {
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let markdown = is_markdown(&name);
        if file_type.is_symlink() {
            if markdown || std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                found
                    .skipped
                    .push((rel, "a symbolic link: links are not followed".into()));
            }
        } else if file_type.is_dir() {
            if !IGNORED_DIRS.contains(&name.as_str()) && !skip(&rel) {
                visit(root, &path, found, depth + 1, skip);
            }
        } else if file_type.is_file() {
            if markdown {
                found.markdown.push(rel);
            } else if name.ends_with(".mdx") {
                found
                    .skipped
                    .push((rel, "MDX files are not supported".into()));
            }
        }
    }
}

pub(crate) fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}
