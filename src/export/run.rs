//! The library's export entry points: each checks the output folder, reads
//! one snapshot of the database and hands it to `markdown` or `html`.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::error::{Error, Result};
use crate::export::{self, ExportProgress, ExportReport, HtmlExportOptions, MarkdownExportOptions};
use crate::library::Library;
use crate::post::{ListFilter, PostId, PostSummary};
use crate::store::{self, posts};

/// The setting that holds `Library::export_id`.
const EXPORT_ID: &str = "export_id";

impl Library {
    /// Writes the library's posts into `out` for a site generator (see
    /// `export::markdown`). Drafts and scheduled posts only when asked for.
    /// Reads one snapshot of the database, so saves meanwhile are not mixed in.
    pub fn export_markdown(
        &self,
        out: &Path,
        options: &MarkdownExportOptions,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        self.check_export_root(out)?;
        let export_id = self.export_id()?;
        let site = self.site();
        let filter = ListFilter {
            tag: options.tag.clone(),
            status: None,
            category: None,
            kind: None,
        };
        self.with_export_snapshot(&filter, options.include_drafts, |posts, text_of| {
            export::markdown::export(
                export::Origin {
                    folder: &self.folder,
                    export_id: &export_id,
                    site: &site,
                },
                posts,
                text_of,
                out,
                options,
                progress,
                cancel,
            )
        })
    }

    /// Runs `export` over one snapshot of the database, read on a connection
    /// of its own (saves meanwhile are not mixed in): the posts `filter` and
    /// `include_drafts` let through, and a way to read each one's text.
    fn with_export_snapshot<T>(
        &self,
        filter: &ListFilter,
        include_drafts: bool,
        export: impl FnOnce(&[PostSummary], &mut dyn FnMut(&PostSummary) -> Result<String>) -> Result<T>,
    ) -> Result<T> {
        let mut reader = store::open_reader(&self.db_path)?;
        let snapshot = reader.transaction()?;
        // An empty new post has nothing to export, and no file.
        let unwritten: std::collections::HashSet<PostId> =
            posts::unwritten(&snapshot)?.into_iter().collect();
        let posts: Vec<PostSummary> = posts::list(&snapshot, filter, None)?
            .into_iter()
            .filter(|p| export::markdown::exported(p.status, include_drafts))
            .filter(|p| !unwritten.contains(&p.id))
            .collect();
        let mut text_of = |post: &PostSummary| -> Result<String> {
            posts::get(&snapshot, post.id)?
                .map(|(_, text, _)| text)
                .ok_or_else(|| Error::Bug("a listed post vanished from the snapshot".into()))
        };
        let exported = export(&posts, &mut text_of)?;
        drop(snapshot);
        // Their names are out in the world now: they no longer follow titles.
        let ids: Vec<PostId> = posts.iter().map(|p| p.id).collect();
        self.settle_names(&ids)?;
        Ok(exported)
    }

    /// Writes the library as a static HTML site into `out` (see `export::html`).
    /// The base URL and title fall back to the library's `site_url` and
    /// `site_title` settings, then the folder's name for the title.
    pub fn export_html(
        &self,
        out: &Path,
        options: &HtmlExportOptions,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        self.check_export_root(out)?;
        let export_id = self.export_id()?;
        let mut options = options.clone();
        if options.base_url.is_none() {
            options.base_url = self.setting("site_url")?;
        }
        // The site's own config gives the defaults the library's settings do not.
        let site = self.site();
        let config = site.config.as_ref();
        if options.base_url.is_none() {
            options.base_url = config.and_then(|c| c.base_url.clone());
        }
        let default_title = match self.setting("site_title")? {
            Some(title) => title,
            None => match config.and_then(|c| c.title.clone()) {
                Some(title) => title,
                None => self
                    .folder
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "My blog".into()),
            },
        };
        self.with_export_snapshot(
            &ListFilter::default(),
            options.include_drafts,
            |posts, text_of| {
                export::html::export(
                    export::html::HtmlSource {
                        library_folder: &self.folder,
                        export_id: &export_id,
                        posts,
                        text_of,
                        default_title,
                        site: &site,
                    },
                    out,
                    &options,
                    progress,
                    cancel,
                )
            },
        )
    }

    /// One post as a self-contained HTML page at `out_file`, the files it
    /// links to copied beside it.
    pub fn export_post_html(&self, id: PostId, out_file: &Path) -> Result<ExportReport> {
        // Only ever an .html page, into a folder that is already there: a
        // name like `authorized_keys` or a new folder is never written.
        let is_html = out_file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if !is_html {
            return Err(Error::Invalid(format!(
                "{} is not an .html file name",
                out_file.display()
            )));
        }
        let parent = out_file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(Error::NotFound(format!(
                "there is no folder {}",
                parent.display()
            )));
        }
        if out_file.is_dir() {
            return Err(Error::Invalid(format!(
                "{} is a folder",
                out_file.display()
            )));
        }
        self.check_export_folder(parent)?;
        let (summary, text, _) = posts::get(&*self.conn()?, id)?
            .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
        let report = export::html::single_page(&self.folder, &summary, &text, out_file)?;
        self.settle_names(&[id])?;
        Ok(report)
    }

    /// A post's body as sanitized HTML, as exported (for "Copy as HTML").
    pub fn post_html(&self, id: PostId) -> Result<String> {
        Ok(export::html::body_html(&self.get(id)?.text))
    }

    /// An export folder inside the library would be read back as posts.
    fn check_export_folder(&self, out: &Path) -> Result<()> {
        let absolute = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io("find the current folder", out, e))?
                .join(out)
        };
        // The nearest existing ancestor tells where a new folder would land.
        let existing = absolute
            .ancestors()
            .find_map(|a| a.canonicalize().ok())
            .unwrap_or(absolute);
        if existing.starts_with(&self.folder) {
            return Err(Error::Invalid(format!(
                "{} is inside the library folder; export to a folder outside it",
                out.display()
            )));
        }
        Ok(())
    }

    /// A whole export's folder: outside the library, and not holding it either
    /// (a site folder whose `content/` is the library would have the export
    /// prune and overwrite the library's own files). A single page written
    /// into a folder (`export_post_html`) prunes nothing, so it may go anywhere
    /// outside the library.
    fn check_export_root(&self, out: &Path) -> Result<()> {
        self.check_export_folder(out)?;
        // A folder that does not exist yet holds nothing.
        if out
            .canonicalize()
            .is_ok_and(|real| self.folder.starts_with(real))
        {
            return Err(Error::Invalid(format!(
                "{} holds the library folder {}; export to a folder outside it",
                out.display(),
                self.folder.display()
            )));
        }
        Ok(())
    }

    /// This library's export id, made on first use: an export folder's
    /// marker carries it, so an export replaces and prunes only folders this
    /// library exported to, never one whose marker someone else wrote.
    pub(crate) fn export_id(&self) -> Result<String> {
        if let Some(id) = self.setting(EXPORT_ID)? {
            return Ok(id);
        }
        let id: String = self
            .conn()?
            .query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
        self.set_setting(EXPORT_ID, &id)?;
        Ok(id)
    }

    /// What to show the writer after an export into `out`: the folder, or
    /// with `site` its `index.html` (an HTML export). Only a folder this
    /// library exported to is named: nothing else is ever opened this way.
    pub fn exported_place(&self, out: &Path, site: bool) -> Result<std::path::PathBuf> {
        let root = out
            .canonicalize()
            .map_err(|e| Error::io("open the folder", out, e))?;
        if !export::exported_by(&root, &self.export_id()?) {
            return Err(Error::Invalid(format!(
                "{} is not a folder this library exported to",
                root.display()
            )));
        }
        if !site {
            return Ok(root);
        }
        let index = root.join("index.html");
        if !std::fs::symlink_metadata(&index).is_ok_and(|m| m.is_file()) {
            return Err(Error::NotFound(format!(
                "{} has no index.html: it is not an HTML export",
                root.display()
            )));
        }
        Ok(index)
    }
}
