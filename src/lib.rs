//! Quire's core: a library of Markdown posts with tags, drafts, revisions and
//! full-text search kept in SQLite. Nothing here knows about Tauri or windows,
//! so the desktop app, the `quire` command line and the tests drive the same API.

mod error;
mod export;
mod frontmatter;
mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
mod history;
mod import;
mod library;
mod links;
mod local_files;
mod markdown;
mod memory;
mod naming;
mod parallel;
mod pending;
mod post;
mod post_file;
mod sample;
mod search;
mod shortcodes;
mod site;
mod startup;
mod store;
mod sync;
mod tags;

pub use error::{Error, ErrorKind, Result};
pub use export::{
    tag_slug, ExportPhase, ExportProgress, ExportReport, Flavor, HtmlExportOptions,
    MarkdownExportOptions,
};
pub use frontmatter::{FrontMatter, FrontMatterKind, Meta, PostFields};
pub use import::{ImportOptions, ImportProgress, ImportReport, ImportedPost, Skipped, Warning};
pub use library::{default_data_dir, Library, OpenOptions};
pub use local_files::{
    image_content_type, link_local_images, render_preview, ImageAnswer, ImagePart,
};
pub use markdown::{external_link, external_link_allowed, render, render_body, Rendered};
pub use memory::limit_allocator_arenas;
pub use post::{
    slugify, ListFilter, Post, PostId, PostSummary, Revision, RevisionSource, Status, TagCount,
    MAX_FIELD_CHARS,
};
pub use post_file::MAX_POST_BYTES;
pub use sample::write_sample_library;
pub use search::{SearchQuery, MAX_QUERY_CHARS};
pub use site::{Generator, Kind, Site, SiteConfig};
pub use startup::{choose_library_folder, default_library_folder};
pub use sync::{merge3, merge_texts, Change, ChangeKind, FolderWatcher, ScanReport};
